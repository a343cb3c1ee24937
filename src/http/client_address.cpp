#include "http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

namespace wolfix::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// IPv4-mapped IPv6 ("::ffff:10.0.0.1", what a dual-stack socket reports) is the IPv4 address.
std::optional<ip::address> parse(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(trim(text)), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  if (a.is_v6() && a.to_v6().scope_id() != 0) return std::nullopt;
  return a;
}

std::vector<unsigned char> bytes_of(const ip::address& a) {
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return {b.begin(), b.end()};
  }
  auto b = a.to_v6().to_bytes();
  return {b.begin(), b.end()};
}

}  // namespace

ProxyTrust::ProxyTrust(const std::vector<std::string>& networks, int hops) : hops_(hops) {
  if (hops < 0) throw std::invalid_argument("the trusted proxy hop count must be 0 or more");
  for (const auto& entry : networks) {
    std::string_view text = trim(entry);
    auto slash = text.find('/');
    auto addr = parse(text.substr(0, slash));
    if (!addr) throw std::invalid_argument("not an IP address or CIDR block: " + entry);
    Block b{bytes_of(*addr), 0};
    int max = static_cast<int>(b.bytes.size() * 8);
    b.prefix = max;
    if (slash != std::string_view::npos) {
      auto digits = text.substr(slash + 1);
      if (digits.empty() || digits.size() > 3 ||
          digits.find_first_not_of("0123456789") != std::string_view::npos)
        throw std::invalid_argument("not an IP address or CIDR block: " + entry);
      b.prefix = std::stoi(std::string(digits));
      // "::ffff:10.0.0.0/104" was normalised to IPv4 above: its prefix counts the mapped bits.
      if (b.bytes.size() == 4 && parse(text.substr(0, slash))->is_v4() &&
          text.substr(0, slash).find(':') != std::string_view::npos)
        b.prefix -= 96;
      if (b.prefix < 0 || b.prefix > max)
        throw std::invalid_argument("not an IP address or CIDR block: " + entry);
    }
    blocks_.push_back(std::move(b));
  }
}

std::optional<std::string> ProxyTrust::canonical_address(std::string_view text) {
  auto a = parse(text);
  if (!a) return std::nullopt;
  return a->to_string();
}

bool ProxyTrust::trusted(std::string_view address) const {
  auto a = parse(address);
  if (!a) return false;
  auto bytes = bytes_of(*a);
  for (const auto& b : blocks_) {
    if (b.bytes.size() != bytes.size()) continue;
    int full = b.prefix / 8, rest = b.prefix % 8;
    bool match = std::equal(b.bytes.begin(), b.bytes.begin() + full, bytes.begin());
    if (match && rest) {
      auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
      match = (b.bytes[full] & mask) == (bytes[full] & mask);
    }
    if (match) return true;
  }
  return false;
}

// Hop 0 is the TCP peer, hop 1 the proxy that peer says it heard from, and so on.
bool ProxyTrust::trusted_at(std::string_view address, std::size_t hop) const {
  return hop < static_cast<std::size_t>(hops_) || trusted(address);
}

std::string ProxyTrust::client_address(std::string_view peer,
                                       std::string_view forwarded_for) const {
  auto canonical = canonical_address(peer);
  std::string client = canonical ? *canonical : std::string(peer);
  if (!enabled()) return client;
  std::vector<std::string_view> hops;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto item = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    hops.push_back(trim(item));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
  }
  for (std::size_t i = 0; i < hops.size() && trusted_at(client, i); ++i) {
    auto next = canonical_address(hops[i]);
    if (!next) break;
    client = *next;
  }
  return client;
}

}  // namespace wolfix::http
