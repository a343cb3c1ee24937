#include "http/metrics.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace wolfix::http {

static std::string escape_label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::size_t Metrics::KeyHash::operator()(const Key& k) const noexcept {
  std::hash<std::string_view> h;
  return h(k.route) * 31 + h(k.method);
}

void Metrics::record(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  auto it = series_.find(Key{method, route});
  if (it == series_.end()) {
    auto s = std::make_unique<Series>();
    s->method = method;
    s->route = route;
    Key key{s->method, s->route};
    it = series_.emplace(key, std::move(s)).first;
  }
  Series& s = *it->second;
  auto st = std::find_if(s.by_status.begin(), s.by_status.end(),
                         [&](const auto& p) { return p.first == status; });
  if (st == s.by_status.end()) st = s.by_status.insert(st, {status, 0});
  ++st->second;
  Histogram& h = s.latency;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render() const {
  // Label sets in the order of their text, as Prometheus clients and our tests read them.
  std::map<std::string, uint64_t> requests;
  std::map<std::string, Histogram> latency;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, s] : series_) {
      std::string labels =
          "method=\"" + escape_label(s->method) + "\",route=\"" + escape_label(s->route) + "\"";
      for (const auto& [status, n] : s->by_status)
        requests[labels + ",status=\"" + std::to_string(status) + "\""] = n;
      latency[labels] = s->latency;
    }
  }
  std::ostringstream out;
  out << "# HELP wolfix_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE wolfix_http_requests_total counter\n";
  for (const auto& [labels, n] : requests)
    out << "wolfix_http_requests_total{" << labels << "} " << n << "\n";
  out << "# HELP wolfix_http_request_duration_seconds Time from parsed request to response.\n"
      << "# TYPE wolfix_http_request_duration_seconds histogram\n";
  for (const auto& [labels, h] : latency) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "wolfix_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
          << "\"} " << h.buckets[i] << "\n";
    out << "wolfix_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count
        << "\n";
    out << "wolfix_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
    out << "wolfix_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace wolfix::http
