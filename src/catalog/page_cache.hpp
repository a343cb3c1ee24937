#pragma once
// A micro-cache for the hottest catalog reads (the discount page, category lists, search
// answers; category pages are revalidated by their category's stamp instead, in a DetailCache:
// product_service.hpp): a rendered JSON answer is reused for up to a second. Writes made
// through this node invalidate it at once (a generation counter); writes made by other nodes are
// seen within the TTL. An entry never outlives the moment a discount may expire, so a shopper is
// never shown an expired price. Orders never read from it: they price from the database. Answers
// carry absolute media URLs built on the request's origin, so callers key entries by origin too
// (a client that reached the shop at one origin is never served another's URLs), and statuses
// follow the stock: ProductService drops its pages when a tracked stock runs out or comes back
// (catalog/stock.hpp, availability_epoch).
//
// Under load a hot entry must not fall out of the cache: every request for it between its expiry
// and its recomputation would miss, and each would compute the same answer at once (on
// PostgreSQL a search miss costs milliseconds of the cluster's CPU, so a herd of them buried the
// node). So an answer is computed once however many ask for it together (the others wait for
// its flight), and an entry in the last fifth of its TTL is recomputed by one caller while the
// rest are answered from it (refresh_ahead.hpp): a hot entry is replaced before it expires.
//
// At most `max_refreshes` such recomputations are handed out at a time (one by default): the
// entries read all the time were mostly computed together (the first second of a load) and so
// fall due together, every second. Handed out together, each on a worker, a second's worth of
// them (at a million products ~120 searches of ~0.5 ms each) ran at once beside the io thread,
// which got a seventeenth of its core until they were done: the search p99. One at a time, the
// io thread keeps half of it. A due entry nobody may recompute yet is served as is until a
// slot frees (or it expires, and the pool computes it as a miss).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "catalog/refresh_ahead.hpp"

namespace wolfix::catalog {

// A cached answer as an io thread is given it: the bytes, and, when this caller was handed the
// entry's recomputation, the work to run on the worker pool once it has answered.
// An answer's bytes, shared by the cache and the responses written from it (no copy per hit).
using SharedJson = std::shared_ptr<const std::string>;

struct CachedAnswer {
  SharedJson json;
  std::function<void()> refresh;
};

class PageCache {
 public:
  using Now = std::chrono::steady_clock::time_point (*)();
  explicit PageCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                     std::size_t capacity = 4096, Now now = &std::chrono::steady_clock::now,
                     std::size_t max_refreshes = 1)
      : ttl_(ttl), capacity_(capacity), max_refreshes_(max_refreshes), now_(now) {}

  // For io threads, which never compute: the answer while it can be served, else nullopt
  // (the request then goes to the worker pool, whose get_or_compute computes it). When the
  // answer is due for recomputation and nobody recomputes it yet, `refresh` is set: this caller
  // now owns that and runs refresh() on the worker pool after answering, so the request that
  // finds an entry due is answered from it like every other (stale-while-revalidate).
  // app_now_ms: the application clock (discount expiry is in its terms).
  struct Hit {
    SharedJson json;
    bool refresh = false;
    uint64_t generation = 0;  // for refresh(): read before computing
  };
  std::optional<Hit> get(const std::string& key, int64_t app_now_ms);

  // get() as an io thread's CachedAnswer: when this caller is handed the refresh,
  // make_refresh(generation) gives the work that calls refresh() (owning its arguments).
  template <class MakeRefresh>
  std::optional<CachedAnswer> answer(const std::string& key, int64_t app_now_ms,
                                     MakeRefresh&& make_refresh) {
    auto hit = get(key, app_now_ms);
    if (!hit) return std::nullopt;
    CachedAnswer out{std::move(hit->json), {}};
    if (hit->refresh) out.refresh = make_refresh(hit->generation);
    return out;
  }

  // The recomputation a get() handed out. app_valid_until_ms as for get_or_compute; read it
  // before computing.
  template <class Compute>
  void refresh(const std::string& key, uint64_t generation, int64_t app_valid_until_ms,
               Compute&& compute) {
    std::string json;
    try {
      json = compute();
    } catch (...) {
      store(key, nullptr, generation, 0);
      throw;
    }
    store(key, &json, generation, app_valid_until_ms);
  }

  // The cached answer, or compute() once for all concurrent callers of this key and keep it.
  // app_valid_until_ms: the first application-clock instant the computed answer may be wrong.
  template <class Compute>
  std::string get_or_compute(const std::string& key, int64_t app_now_ms, int64_t app_valid_until_ms,
                             Compute&& compute) {
    for (;;) {
      Claim c = claim(key, app_now_ms);
      if (c.answer) return std::move(*c.answer);
      if (!c.mine) {
        c.flight->wait();  // someone else computes it; then look again
        continue;
      }
      std::string json;
      try {
        json = compute();
      } catch (...) {
        land(key, c.flight, nullptr, c.generation, 0);
        throw;
      }
      land(key, c.flight, &json, c.generation, app_valid_until_ms);
      return json;
    }
  }

  // After every catalog write.
  void invalidate();

 private:
  // One computation of a key, awaited by the callers that asked meanwhile.
  struct Flight {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    void wait();
    void finish();
  };
  struct Entry {
    SharedJson json;
    uint64_t generation;
    Freshness fresh;
    bool refreshing = false;  // a get() caller recomputes it (refresh())
  };
  // What a caller of get_or_compute does: take the answer, or compute (mine), or wait.
  struct Claim {
    std::optional<std::string> answer;
    std::shared_ptr<Flight> flight;
    bool mine = false;
    uint64_t generation = 0;
  };
  Claim claim(const std::string& key, int64_t app_now_ms);
  // Ends a flight; stores the answer unless it failed (nullptr) or a write came meanwhile.
  void land(const std::string& key, const std::shared_ptr<Flight>& flight, std::string* json,
            uint64_t generation, int64_t app_valid_until_ms);
  // Stores the answer unless it failed (nullptr: the entry is left for another refresh) or a
  // write came meanwhile.
  void store(const std::string& key, std::string* json, uint64_t generation,
             int64_t app_valid_until_ms);
  // The caller holds mu_.
  void put_locked(const std::string& key, std::string& json, int64_t app_valid_until_ms,
                  std::unordered_map<std::string, Entry>& dropped);
  // The entry and what to do with it now (serve, or refresh when due and nobody recomputes it
  // yet: neither a get() caller nor a flight); nullptr when absent or voided by a write or its
  // age (then erased). The caller holds mu_.
  Entry* judged(const std::string& key, int64_t app_now_ms,
                std::chrono::steady_clock::time_point now, Verdict& verdict);

  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  std::size_t max_refreshes_;
  Now now_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  // Recomputations handed out and not yet stored (entries with `refreshing` set). One that never
  // reports (its work failed before calling refresh()) stops counting when its entry leaves the
  // cache, or a TTL after the last hand-out at the latest.
  std::size_t refreshes_ = 0;
  std::chrono::steady_clock::time_point last_handed_out_{};
  void refresh_ended();  // the caller holds mu_
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace wolfix::catalog
