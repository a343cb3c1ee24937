#include "catalog/page_cache.hpp"

namespace wolfix::catalog {

void PageCache::Flight::wait() {
  std::unique_lock lock(mu);
  cv.wait(lock, [this] { return done; });
}

void PageCache::Flight::finish() {
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
}

// The caller holds mu_.
PageCache::Entry* PageCache::judged(const std::string& key, int64_t app_now_ms,
                                    std::chrono::steady_clock::time_point now, Verdict& verdict) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  verdict = e.generation != generation_ ? Verdict::drop : judge(e.fresh, now, app_now_ms, [&] {
    return e.refreshing || flights_.count(key) != 0;
  });
  if (verdict == Verdict::drop) {
    if (e.refreshing) refresh_ended();
    entries_.erase(it);
    return nullptr;
  }
  return &e;
}

std::optional<PageCache::Hit> PageCache::get(const std::string& key, int64_t app_now_ms) {
  auto now = now_();
  std::lock_guard lock(mu_);
  Verdict v;
  Entry* e = judged(key, app_now_ms, now, v);
  if (!e) return std::nullopt;
  Hit hit{e->json};
  // Recomputations handed out a whole TTL ago and never reported are lost (their entries expired).
  if (refreshes_ >= max_refreshes_ && now - last_handed_out_ >= ttl_) refreshes_ = 0;
  if (v == Verdict::refresh && refreshes_ < max_refreshes_) {
    e->refreshing = true;
    ++refreshes_;
    last_handed_out_ = now;
    hit.refresh = true;
    hit.generation = generation_;
  }
  return hit;
}

PageCache::Claim PageCache::claim(const std::string& key, int64_t app_now_ms) {
  auto now = now_();
  Claim c;
  std::lock_guard lock(mu_);
  Verdict v;
  Entry* e = judged(key, app_now_ms, now, v);
  if (e && v == Verdict::serve) {
    c.answer = *e->json;  // fresh, or being refreshed by another caller
    return c;
  }
  auto flight = flights_.find(key);
  if (flight != flights_.end()) {
    c.flight = flight->second;
    return c;
  }
  c.flight = std::make_shared<Flight>();
  c.mine = true;
  c.generation = generation_;  // read before computing: a write meanwhile voids the answer
  flights_.emplace(key, c.flight);
  return c;
}

// Readers may be io threads, so the lock is held only for lookups and pointer swaps: dropped
// entries (up to `capacity` strings) are freed after it is released.
void PageCache::land(const std::string& key, const std::shared_ptr<Flight>& flight,
                     std::string* json, uint64_t generation, int64_t app_valid_until_ms) {
  std::unordered_map<std::string, Entry> dropped;
  {
    std::lock_guard lock(mu_);
    auto it = flights_.find(key);
    if (it != flights_.end() && it->second == flight) flights_.erase(it);
    if (json && generation == generation_) put_locked(key, *json, app_valid_until_ms, dropped);
  }
  flight->finish();
}

void PageCache::store(const std::string& key, std::string* json, uint64_t generation,
                      int64_t app_valid_until_ms) {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  if (json && generation == generation_) {
    put_locked(key, *json, app_valid_until_ms, dropped);
    return;
  }
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.refreshing) {
    it->second.refreshing = false;  // someone may try again
    refresh_ended();
  }
}

void PageCache::put_locked(const std::string& key, std::string& json, int64_t app_valid_until_ms,
                           std::unordered_map<std::string, Entry>& dropped) {
  if (entries_.size() >= capacity_ && !entries_.count(key)) {
    dropped.swap(entries_);  // simple bound; refills in a second
    refreshes_ = 0;
  }
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.refreshing) refresh_ended();
  entries_[key] = Entry{std::make_shared<const std::string>(json), generation_,
                        Freshness::starting(now_(), ttl_, app_valid_until_ms)};
}

void PageCache::refresh_ended() {
  if (refreshes_ > 0) --refreshes_;
}

void PageCache::invalidate() {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  dropped.swap(entries_);
  refreshes_ = 0;
}

}  // namespace wolfix::catalog
