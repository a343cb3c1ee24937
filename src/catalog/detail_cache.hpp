#pragma once
// Rendered product details (GET /api/products/product/{id}), reused until something that shows
// on the page changes. Writes made through this node drop what they change at once: one product
// (its price, stock, media, discount, title) or everything (a review, a seller's removal, a
// category rename). Writes made by other nodes are seen within the TTL, as with category pages
// (page_cache.hpp). An entry never outlives its product's discount. Entries are kept per request
// origin, since answers carry absolute media URLs.
//
// Seeing other nodes' writes within the TTL does not mean recomputing every detail each TTL
// (several statements per product, thousands a second for a shop's hot products): each entry
// keeps the stamp it was computed with (queries::kDetailStamp: the product's revision, stock and
// seller, the catalog's revision), and an entry due for renewal is checked against the
// database's stamp: one indexed read, batched for every entry due at about the same time. An
// unchanged entry is renewed from the instant the check began; a changed one is recomputed.
// Writes made outside Wolfix (by hand, in SQL) bump no revision: an entry is recomputed anyway
// once it is `max_age` old.
//
// Stock changed by an order is signalled from inside its transaction, before the commit: a read
// racing with that commit could render the old count after the signal. So a product changed that
// way is not cached again for a quarantine (the TTL), nor renewed by a check that began before
// it ended: readers in that window go to the database.
//
// As with cached pages (refresh_ahead.hpp), an entry is due before it expires: the first caller
// that finds an entry due while no check runs is handed the check (`refresh`) and runs it on the
// worker pool after answering: take_due(), one read of the stamps, renew() or put() each,
// check_finished(). Every caller is answered from the entry meanwhile, so a product read all the
// time is never missing from the cache. Unlike a page, a detail is due at half its TTL: a check
// waits for the database like any other reader (at a million products on a busy PostgreSQL a
// check took up to 400 ms, and entries that became due meanwhile expired before the next check
// when they were due at four fifths). Only entries read since their last check are checked: the
// others expire. So a full cache (`capacity` products) keeps what is read and takes new products
// as the others expire, instead of starting again.
//
// A check collects every entry due, or due within a sixteenth of the TTL (so one read serves
// many, and the next check comes that much later), and hands them out kPerCheck at a time, most
// urgent first: one short statement per hand-out, and the next hand-out only from a later get().
// On a server sharing its core with PostgreSQL, a check of thousands of entries read back to back
// kept the core's io thread waiting behind the database for up to 11 ms; in pieces, the io thread
// runs between two of them. The window stays well under the half TTL between two checks of an
// entry, so a hot entry is checked about twice a TTL, not every time a neighbour is due.
//
// Category pages are kept the same way (CategoryPageCache: keyed by the page itself, with its
// category's stamp: revision and product count).
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/model.hpp"
#include "catalog/page_cache.hpp"
#include "catalog/refresh_ahead.hpp"

namespace wolfix::catalog {

template <class Key, class Hash = std::hash<Key>>
class StampedCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = Clock::time_point (*)();
  explicit StampedCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                        std::size_t capacity = 8192, Now now = &Clock::now,
                        std::chrono::milliseconds max_age = std::chrono::seconds(30))
      : ttl_(ttl), capacity_(capacity), now_(now), max_age_(max_age) {}

  // What to hand back to put() or renew(): read it before the query.
  struct Ticket {
    uint64_t generation;
    Clock::time_point started;
  };
  Ticket ticket() const;
  // The answer while it can be served. `refresh`: this caller was handed the check of the due
  // entries, or of the next of those a check found (see above); a check not finished within a
  // TTL is handed out again.
  struct Hit {
    SharedJson json;
    bool refresh = false;
  };
  std::optional<Hit> get(const Key& key, std::string_view origin, int64_t app_now_ms);

  // What one hand-out of a check looks at (see above): at most kPerCheck entries due (or due
  // within a sixteenth of the TTL) and read since their last check, most urgent first; the rest
  // of those found wait for the next hand-outs. `recompute` when it is max_age old (renewing it
  // is not enough), for at most kOldPerCheck entries per hand-out.
  static constexpr std::size_t kPerCheck = 128;
  static constexpr std::size_t kOldPerCheck = 8;
  struct Due {
    Key key;
    std::string origin;
    uint64_t stamp;
    bool recompute;
  };
  std::vector<Due> take_due();
  // The entry's product was found unchanged by a read that began at ticket.started.
  void renew(const Due& due, const Ticket& ticket);
  // The check handed out by get() is over (whatever its outcome).
  void check_finished();
  // Calls check_finished() when the check's scope ends, however it ends (a database error too).
  class CheckScope {
   public:
    explicit CheckScope(StampedCache& cache) : cache_(cache) {}
    ~CheckScope() { cache_.check_finished(); }
    CheckScope(const CheckScope&) = delete;
    CheckScope& operator=(const CheckScope&) = delete;

   private:
    StampedCache& cache_;
  };

  // app_valid_until_ms: the first application-clock instant the answer may be wrong; stamp:
  // what the answer was computed from (queries::kDetailStamp). Its life starts at the ticket.
  void put(const Key& key, std::string_view origin, std::string json, uint64_t stamp,
           const Ticket& ticket, int64_t app_valid_until_ms);
  // Every product (after writes that show on many pages).
  void invalidate();
  // One product, after its write committed; with `quarantine`, also refuses answers computed in
  // that window (the write may not have committed yet).
  void invalidate(const Key& key,
                  std::chrono::milliseconds quarantine = std::chrono::milliseconds(0));

 private:
  struct Entry {
    std::string origin;
    SharedJson json;
    Freshness fresh;
    uint64_t stamp = 0;
    Clock::time_point computed;  // when the read it was computed from began (max_age)
    bool read = false;           // served since it was stored or last checked
  };
  struct Slot {
    std::vector<Entry> entries;  // one per origin (almost always one)
    // Answers computed before this instant are refused (the key's product or page changed then).
    Clock::time_point fresh_after{};
  };
  // An entry's life from the read it was computed or checked by: due at half its TTL (unlike
  // pages, see above).
  Freshness life(Clock::time_point start, int64_t app_valid_until_ms) const;
  void prune_locked(Clock::time_point now);
  // Whether a new product fits (pruning first, at most every quarter of the TTL).
  bool room_locked(Clock::time_point now);

  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  Now now_;
  std::chrono::milliseconds max_age_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  Clock::time_point check_until_{};  // a check handed out runs until then at the latest
  // Found due by a check and not handed out yet, most urgent first.
  struct Waiting {
    Due due;
    Clock::time_point computed;
  };
  std::deque<Waiting> waiting_;
  Clock::time_point next_walk_{};  // the next look for due entries, once waiting_ is empty
  Clock::time_point next_prune_{};
  std::unordered_map<Key, Slot, Hash> slots_;
};

// Product details, keyed by product id.
using DetailCache = StampedCache<std::string>;
extern template class StampedCache<std::string>;
// Category pages.
using CategoryPageCache = StampedCache<CategoryPage, CategoryPageHash>;
extern template class StampedCache<CategoryPage, CategoryPageHash>;

}  // namespace wolfix::catalog
