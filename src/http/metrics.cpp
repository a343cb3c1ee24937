#include "http/metrics.hpp"

#include <sstream>

namespace wolfix::http {

static std::string escape_label(const std::string& s) {
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

void Metrics::record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::string labels = "method=\"" + method + "\",route=\"" + escape_label(route) + "\"";
  std::lock_guard lock(mu_);
  ++requests_[labels + ",status=\"" + std::to_string(status) + "\""];
  auto& h = latency_[labels];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP wolfix_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE wolfix_http_requests_total counter\n";
  for (const auto& [labels, n] : requests_)
    out << "wolfix_http_requests_total{" << labels << "} " << n << "\n";
  out << "# HELP wolfix_http_request_duration_seconds Time from parsed request to response.\n"
      << "# TYPE wolfix_http_request_duration_seconds histogram\n";
  for (const auto& [labels, h] : latency_) {
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
