#pragma once
// Request counters and a latency histogram per route, rendered as Prometheus text.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace wolfix::http {

class Metrics {
 public:
  void record(const std::string& method, const std::string& route, int status, double seconds);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> requests_;  // key: label set
  std::map<std::string, Histogram> latency_;  // key: label set
};

}  // namespace wolfix::http
