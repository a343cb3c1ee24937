#pragma once
// A micro-cache for the hottest catalog reads (category pages, the discount page, category
// lists): a rendered JSON answer is reused for up to a second. Writes made through this node
// invalidate it at once (a generation counter); writes made by other nodes are seen within the
// TTL. An entry never outlives the moment a discount may expire, so a shopper is never shown an
// expired price. Orders never read from it: they price from the database. Answers carry
// absolute media URLs built on the request's origin, so callers key entries by origin too (a
// client that reached the shop at one origin is never served another's URLs), and statuses
// follow the stock: ProductService drops its pages when a tracked stock runs out or comes back
// (catalog/stock.hpp, availability_epoch).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace wolfix::catalog {

class PageCache {
 public:
  explicit PageCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                     std::size_t capacity = 4096)
      : ttl_(ttl), capacity_(capacity) {}

  // The generation to store with an answer about to be computed (read it before the query, so
  // a write that lands during the query makes the answer unusable).
  uint64_t generation() const;
  // app_now_ms: the application clock (discount expiry is in its terms).
  std::optional<std::string> get(const std::string& key, int64_t app_now_ms);
  // app_valid_until_ms: the first application-clock instant the answer may be wrong.
  void put(const std::string& key, std::string json, uint64_t generation,
           int64_t app_valid_until_ms);
  // After every catalog write.
  void invalidate();

 private:
  struct Entry {
    std::string json;
    uint64_t generation;
    std::chrono::steady_clock::time_point expires;
    int64_t app_valid_until_ms;
  };
  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace wolfix::catalog
