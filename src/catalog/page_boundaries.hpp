#pragma once
// Deep category pages without large OFFSETs. For a category's price order (final price, id) it
// keeps the sort key of every kStride-th product, found as far as pages were asked for (one
// short index walk per stride, once); page N then starts with an index seek just past the
// nearest kept key at or before its offset and skips fewer than kStride rows, so page 500 costs
// what page 1 does. Keys are dropped by writes through this node that can move a product in
// that order (create, delete, price, discount, category, a seller's removal, the discount sweep)
// and kept at most a TTL, as cached pages are, so writes of other nodes show within it (until
// then a deep page may be shifted by the products they added or removed). Keys are also kept
// with the category's stamp (its revision and count: model.hpp, category_page_stamp) read in the
// transaction that walked them, and used only by a page computed under the same stamp: a page
// computed after another node's write, which is then cached and revalidated by that stamp, never
// starts from keys older than it. In the last fifth of the TTL one caller walks again while the
// others still seek with the old keys, so under load no deep page ever waits for a walk
// (concurrent first walks wait for one).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/refresh_ahead.hpp"

namespace wolfix::catalog {

struct SortKey {
  int64_t final_price_minor = 0;
  std::string id;
};

class PageBoundaries {
 public:
  static constexpr int64_t kStride = 64;
  // keys[j] is the key of the product at offset (j + 1) * kStride - 1.
  using Keys = std::vector<SortKey>;

  explicit PageBoundaries(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000))
      : ttl_(ttl) {}

  // Where a page at `offset` starts: past `after`, skipping `skip` (< kStride) rows.
  struct Start {
    SortKey after;
    int64_t skip = 0;
  };

  // nullopt when the offset is inside the first stride (a plain OFFSET is as cheap). `step`
  // reads the key kStride rows past a key (from the start for nullptr); nullopt past the end.
  // `stamp`: the category's, read before `step` is called. Concurrent misses wait for one walk
  // instead of each walking.
  template <class Step>
  std::optional<Start> start(const std::string& category_id, uint64_t stamp, int64_t offset,
                             Step&& step) {
    int64_t strides = offset / kStride;
    if (strides == 0) return std::nullopt;
    auto [keys, due] = fresh(category_id, stamp);
    auto enough = [&] { return keys && static_cast<int64_t>(keys->size()) >= strides; };
    if (enough() && due) {
      // In the last fifth of its life: one caller walks again while the others still seek with
      // these.
      std::unique_lock build(build_mu_, std::try_to_lock);
      if (build.owns_lock())
        keys = walk(category_id, stamp, nullptr, static_cast<int64_t>(keys->size()), step);
    } else if (!enough()) {
      std::lock_guard build(build_mu_);
      keys = fresh(category_id, stamp).keys;
      if (!enough()) keys = walk(category_id, stamp, keys, strides, step);
    }
    if (keys->empty()) return std::nullopt;
    int64_t j = std::min<int64_t>(strides, static_cast<int64_t>(keys->size()));
    return Start{(*keys)[static_cast<std::size_t>(j - 1)], offset - j * kStride};
  }
  void invalidate();

 private:
  struct Entry {
    std::shared_ptr<const Keys> keys;
    uint64_t generation;
    uint64_t stamp;
    Freshness fresh;  // no application-clock limit: the discount sweep's write drops the keys
  };
  struct Fresh {
    std::shared_ptr<const Keys> keys;
    bool due = false;  // past refresh_at
  };
  // Keys walked under `stamp` (others are dropped).
  Fresh fresh(const std::string& category_id, uint64_t stamp);
  uint64_t current_generation();
  // renewed: walked from the start, so its TTL starts again (else the first walk's counts).
  void store(const std::string& category_id, std::shared_ptr<const Keys> keys, uint64_t generation,
             uint64_t stamp, bool renewed);

  // Extends `from` (nullptr: from the start) to `strides` keys or the category's end; the
  // caller holds build_mu_.
  template <class Step>
  std::shared_ptr<const Keys> walk(const std::string& category_id, uint64_t stamp,
                                   const std::shared_ptr<const Keys>& from, int64_t strides,
                                   Step& step) {
    uint64_t generation = current_generation();
    auto more = std::make_shared<Keys>(from ? *from : Keys{});
    while (static_cast<int64_t>(more->size()) < strides) {
      auto next = step(more->empty() ? nullptr : &more->back());
      if (!next) break;  // the category ends before the offset
      more->push_back(std::move(*next));
    }
    store(category_id, more, generation, stamp, !from);
    return more;
  }

  std::chrono::milliseconds ttl_;
  std::mutex mu_;
  std::mutex build_mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace wolfix::catalog
