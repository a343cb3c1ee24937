#pragma once
// Request counters and a latency histogram per route, rendered as Prometheus text.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wolfix::http {

class Metrics {
 public:
  // Called for every request: it allocates only the first time a method and route are seen.
  void record(std::string_view method, std::string_view route, int status, double seconds);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Series {
    std::string method, route;
    std::vector<std::pair<int, uint64_t>> by_status;
    Histogram latency;
  };
  // Views into the Series it maps to (or, for a lookup, into the caller's strings).
  struct Key {
    std::string_view method, route;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept;
  };
  mutable std::mutex mu_;
  std::unordered_map<Key, std::unique_ptr<Series>, KeyHash> series_;
};

}  // namespace wolfix::http
