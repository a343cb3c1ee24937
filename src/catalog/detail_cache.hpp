#pragma once
// Rendered product details (GET /api/products/product/{id}), reused until something that shows
// on the page changes. Writes made through this node drop what they change at once: one product
// (its price, stock, media, discount, title) or everything (a review, a seller's removal, a
// category rename). Writes made by other nodes are seen within the TTL, as with category pages
// (page_cache.hpp). An entry never outlives its product's discount. Entries are kept per request
// origin, since answers carry absolute media URLs.
//
// Stock changed by an order is signalled from inside its transaction, before the commit: a read
// racing with that commit could render the old count after the signal. So a product changed that
// way is not cached again for a quarantine (the TTL): readers in that window go to the database.
//
// As with cached pages, an entry in the last fifth of its TTL is recomputed by one caller (the
// worker pool's) while the others are still answered from it (refresh_ahead.hpp), so a product
// read all the time is never missing from the cache.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/page_cache.hpp"
#include "catalog/refresh_ahead.hpp"

namespace wolfix::catalog {

class DetailCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = Clock::time_point (*)();
  explicit DetailCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                       std::size_t capacity = 8192, Now now = &Clock::now)
      : ttl_(ttl), capacity_(capacity), now_(now) {}

  // What to hand back to put(): read it before the query.
  struct Ticket {
    uint64_t generation;
    Clock::time_point started;
  };
  Ticket ticket() const;
  // The answer while it can be served. An entry due for recomputation is handed to one caller
  // (`refresh` set), who recomputes it (ticket(), then put()) while every caller, itself
  // included, may still be answered from it; an io thread does that on the worker pool after
  // answering.
  struct Hit {
    SharedJson json;
    bool refresh = false;
  };
  std::optional<Hit> get(const std::string& product_id, std::string_view origin,
                         int64_t app_now_ms);
  // A handed-out recomputation failed: the next caller that finds the entry due tries again.
  void refresh_failed(const std::string& product_id, std::string_view origin);
  // app_valid_until_ms: the first application-clock instant the answer may be wrong.
  void put(const std::string& product_id, std::string_view origin, std::string json,
           const Ticket& ticket, int64_t app_valid_until_ms);
  // Every product (after writes that show on many pages).
  void invalidate();
  // One product, after its write committed; with `quarantine`, also refuses answers computed in
  // that window (the write may not have committed yet).
  void invalidate(const std::string& product_id,
                  std::chrono::milliseconds quarantine = std::chrono::milliseconds(0));

 private:
  struct Entry {
    std::string origin;
    SharedJson json;
    Freshness fresh;
    bool refreshing = false;  // a caller is recomputing it
  };
  struct Product {
    std::vector<Entry> entries;  // one per origin (almost always one)
    // Answers computed before this instant are refused (the product changed then).
    Clock::time_point fresh_after{};
  };
  void prune_locked(Clock::time_point now);

  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  Now now_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Product> products_;
};

}  // namespace wolfix::catalog
