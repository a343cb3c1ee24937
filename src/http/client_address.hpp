#pragma once
// Who the client is when proxies stand in front: X-Forwarded-For is believed only as far as
// it was written by proxies we trust (by address, or by a fixed count of hops in front of us),
// read from the right, and only where it holds a valid IP address. Anything a client writes
// into the header itself sits to the left of what our proxies appended, so it is never reached.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix::http {

class ProxyTrust {
 public:
  ProxyTrust() = default;
  // `networks`: addresses or CIDR blocks ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8");
  // `hops`: how many proxies stand in front whatever their address (0 = trust by address only).
  // Throws std::invalid_argument naming the first entry that is not an address or block.
  ProxyTrust(const std::vector<std::string>& networks, int hops);

  bool enabled() const { return hops_ > 0 || !blocks_.empty(); }
  // Whether `address` is one of the trusted proxies' (an address that does not parse is not).
  bool trusted(std::string_view address) const;
  // Whether a request from `peer` carries forwarded headers (X-Forwarded-*) we believe.
  bool forwards(std::string_view peer) const { return enabled() && trusted_at(peer, 0); }
  // The client's address: `peer` (the TCP peer) unless a trusted proxy forwarded the request,
  // then the right-most X-Forwarded-For hop not written by a trusted proxy. A hop that is not
  // a valid IP address ends the walk at the last address that was. Addresses come back in
  // canonical text ("::ffff:10.0.0.1" as "10.0.0.1").
  std::string client_address(std::string_view peer, std::string_view forwarded_for) const;

  // A valid IPv4/IPv6 address in canonical text, or nullopt ("10.0.0.1:443" and names are not).
  static std::optional<std::string> canonical_address(std::string_view text);

 private:
  struct Block {
    std::vector<unsigned char> bytes;  // 4 or 16
    int prefix = 0;
  };
  bool trusted_at(std::string_view address, std::size_t hop) const;
  std::vector<Block> blocks_;
  int hops_ = 0;
};

}  // namespace wolfix::http
