#include "catalog/detail_cache.hpp"

#include <algorithm>

namespace wolfix::catalog {

template <class Key, class Hash>
Freshness StampedCache<Key, Hash>::life(Clock::time_point start, int64_t app_valid_until_ms) const {
  return Freshness{start + ttl_ / 2, start + ttl_, app_valid_until_ms};
}

template <class Key, class Hash>
typename StampedCache<Key, Hash>::Ticket StampedCache<Key, Hash>::ticket() const {
  std::lock_guard lock(mu_);
  return Ticket{generation_, now_()};
}

template <class Key, class Hash>
std::optional<typename StampedCache<Key, Hash>::Hit> StampedCache<Key, Hash>::get(
    const Key& key, std::string_view origin, int64_t app_now_ms) {
  auto now = now_();
  std::lock_guard lock(mu_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return std::nullopt;
  auto& entries = it->second.entries;
  for (auto e = entries.begin(); e != entries.end(); ++e) {
    if (e->origin != origin) continue;
    if (e->fresh.over(now, app_now_ms)) {
      entries.erase(e);
      return std::nullopt;
    }
    e->read = true;
    // Asked only when there is something to check: serving a fresh entry while no check waits
    // costs two comparisons.
    bool refresh =
        now >= check_until_ && (!waiting_.empty() || (e->fresh.due(now) && now >= next_walk_));
    if (refresh) check_until_ = now + ttl_;  // this caller checks the due entries
    return Hit{e->json, refresh};
  }
  return std::nullopt;
}

template <class Key, class Hash>
std::vector<typename StampedCache<Key, Hash>::Due> StampedCache<Key, Hash>::take_due() {
  auto now = now_();
  std::lock_guard lock(mu_);
  if (waiting_.empty()) {
    // Entries due soon are taken with the due ones: one read for many, and the next check
    // comes later.
    auto soon = now + ttl_ / 16;
    // Not again before then: entries that fall due in between wait for one read of them all
    // rather than a read each (still within their TTL).
    next_walk_ = soon;
    // Sorted as pointers, copied once in order: the io thread waits for this lock.
    struct Found {
      Clock::time_point due_at;
      const Key* key;
      Entry* entry;
    };
    std::vector<Found> found;
    for (auto& [k, slot] : slots_)
      for (auto& e : slot.entries)
        if (e.read && e.fresh.refresh_at <= soon && !e.fresh.over(now))
          found.push_back({e.fresh.refresh_at, &k, &e});
    std::sort(found.begin(), found.end(),
              [](const Found& a, const Found& b) { return a.due_at < b.due_at; });
    for (const auto& f : found) {
      f.entry->read = false;
      waiting_.push_back(
          Waiting{Due{*f.key, f.entry->origin, f.entry->stamp, false}, f.entry->computed});
    }
  }
  // Entries computed together (a cohort of thousands) reach max_age together: a few per
  // hand-out are recomputed, the others renewed until a later one, so no hand-out takes long.
  std::size_t old = 0;
  std::vector<Due> out;
  while (!waiting_.empty() && out.size() < kPerCheck) {
    auto& w = waiting_.front();
    w.due.recompute = now - w.computed >= max_age_ && old < kOldPerCheck;
    old += w.due.recompute;
    out.push_back(std::move(w.due));
    waiting_.pop_front();
  }
  return out;
}

template <class Key, class Hash>
void StampedCache<Key, Hash>::renew(const Due& due, const Ticket& ticket) {
  std::lock_guard lock(mu_);
  if (ticket.generation != generation_) return;  // everything changed meanwhile
  auto it = slots_.find(due.key);
  if (it == slots_.end() || ticket.started < it->second.fresh_after) return;
  for (auto& e : it->second.entries)
    if (e.origin == due.origin && e.stamp == due.stamp) {
      auto renewed = life(ticket.started, e.fresh.app_valid_until_ms);
      if (renewed.expires > e.fresh.expires) e.fresh = renewed;
    }
}

template <class Key, class Hash>
void StampedCache<Key, Hash>::check_finished() {
  std::lock_guard lock(mu_);
  check_until_ = Clock::time_point{};
}

template <class Key, class Hash>
bool StampedCache<Key, Hash>::room_locked(Clock::time_point now) {
  if (slots_.size() < capacity_) return true;
  if (now >= next_prune_) {  // a walk of every entry: not on every miss of a full cache
    prune_locked(now);
    next_prune_ = now + ttl_ / 4;
  }
  return slots_.size() < capacity_;
}

// Drops entries that can no longer be served and quarantines that have ended.
template <class Key, class Hash>
void StampedCache<Key, Hash>::prune_locked(Clock::time_point now) {
  for (auto it = slots_.begin(); it != slots_.end();) {
    auto& entries = it->second.entries;
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const Entry& e) { return e.fresh.over(now); }),
                  entries.end());
    if (entries.empty() && it->second.fresh_after <= now)
      it = slots_.erase(it);
    else
      ++it;
  }
}

template <class Key, class Hash>
void StampedCache<Key, Hash>::put(const Key& key, std::string_view origin, std::string json,
                                  uint64_t stamp, const Ticket& ticket,
                                  int64_t app_valid_until_ms) {
  auto now = now_();
  std::lock_guard lock(mu_);
  if (ticket.generation != generation_) return;  // everything changed while this was computed
  auto it = slots_.find(key);
  if (it != slots_.end() && ticket.started < it->second.fresh_after) return;
  // Full of live entries: the new one is not kept, rather than dropping the ones being read
  // (those not read since their last check are not renewed, so room comes within a TTL).
  if (it == slots_.end() && !room_locked(now)) return;
  auto& slot = it != slots_.end() ? it->second : slots_[key];
  Entry entry{std::string(origin), std::make_shared<const std::string>(std::move(json)),
              life(ticket.started, app_valid_until_ms), stamp, ticket.started};
  for (auto& e : slot.entries)
    if (e.origin == origin) {
      e = std::move(entry);
      return;
    }
  slot.entries.push_back(std::move(entry));
}

template <class Key, class Hash>
void StampedCache<Key, Hash>::invalidate() {
  std::unordered_map<Key, Slot, Hash> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  waiting_.clear();  // nothing left to renew
  auto now = now_();
  for (auto p = slots_.begin(); p != slots_.end();) {
    if (p->second.fresh_after > now) {
      p->second.entries.clear();
      ++p;
    } else {
      dropped.insert(slots_.extract(p++));
    }
  }
}

template <class Key, class Hash>
void StampedCache<Key, Hash>::invalidate(const Key& key, std::chrono::milliseconds quarantine) {
  std::vector<Entry> dropped;
  std::lock_guard lock(mu_);
  auto now = now_();
  room_locked(now);  // orders alone never call put(); a quarantine is kept even when full
  auto& slot = slots_[key];
  dropped.swap(slot.entries);
  slot.fresh_after = std::max(slot.fresh_after, now + quarantine);
}

template class StampedCache<std::string>;
template class StampedCache<CategoryPage, CategoryPageHash>;

}  // namespace wolfix::catalog
