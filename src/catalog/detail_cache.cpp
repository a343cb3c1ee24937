#include "catalog/detail_cache.hpp"

#include <algorithm>

namespace wolfix::catalog {

DetailCache::Ticket DetailCache::ticket() const {
  std::lock_guard lock(mu_);
  return Ticket{generation_, now_()};
}

std::optional<DetailCache::Hit> DetailCache::get(const std::string& product_id,
                                                 std::string_view origin, int64_t app_now_ms) {
  auto now = now_();
  std::lock_guard lock(mu_);
  auto it = products_.find(product_id);
  if (it == products_.end()) return std::nullopt;
  auto& entries = it->second.entries;
  for (auto e = entries.begin(); e != entries.end(); ++e) {
    if (e->origin != origin) continue;
    switch (judge(e->fresh, now, app_now_ms, [&] { return e->refreshing; })) {
      case Verdict::drop:
        entries.erase(e);
        return std::nullopt;
      case Verdict::refresh:
        e->refreshing = true;  // this caller recomputes it
        return Hit{e->json, true};
      case Verdict::serve:
        return Hit{e->json, false};
    }
  }
  return std::nullopt;
}

void DetailCache::refresh_failed(const std::string& product_id, std::string_view origin) {
  std::lock_guard lock(mu_);
  auto it = products_.find(product_id);
  if (it == products_.end()) return;
  for (auto& e : it->second.entries)
    if (e.origin == origin) e.refreshing = false;
}

// Drops entries that can no longer be served and quarantines that have ended.
void DetailCache::prune_locked(Clock::time_point now) {
  for (auto it = products_.begin(); it != products_.end();) {
    auto& entries = it->second.entries;
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const Entry& e) { return e.fresh.over(now); }),
                  entries.end());
    if (entries.empty() && it->second.fresh_after <= now)
      it = products_.erase(it);
    else
      ++it;
  }
}

void DetailCache::put(const std::string& product_id, std::string_view origin, std::string json,
                      const Ticket& ticket, int64_t app_valid_until_ms) {
  auto now = now_();
  std::unordered_map<std::string, Product> dropped;  // freed after the lock is released
  std::lock_guard lock(mu_);
  if (ticket.generation != generation_) return;  // everything changed while this was computed
  auto it = products_.find(product_id);
  if (it != products_.end() && ticket.started < it->second.fresh_after) return;
  if (it == products_.end() && products_.size() >= capacity_) {
    prune_locked(now);
    if (products_.size() >= capacity_) {
      // Still full of live entries: start again (it refills within a TTL), but keep the
      // quarantines, which protect against answers from before a commit.
      for (auto p = products_.begin(); p != products_.end();) {
        if (p->second.fresh_after > now) {
          p->second.entries.clear();
          ++p;
        } else {
          dropped.insert(products_.extract(p++));
        }
      }
    }
    it = products_.end();
  }
  auto& product = it != products_.end() ? it->second : products_[product_id];
  for (auto& e : product.entries)
    if (e.origin == origin) {
      e = Entry{std::string(origin), std::make_shared<const std::string>(std::move(json)),
                Freshness::starting(now, ttl_, app_valid_until_ms)};
      return;
    }
  product.entries.push_back(Entry{std::string(origin),
                                  std::make_shared<const std::string>(std::move(json)),
                                  Freshness::starting(now, ttl_, app_valid_until_ms)});
}

void DetailCache::invalidate() {
  std::unordered_map<std::string, Product> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  auto now = now_();
  for (auto p = products_.begin(); p != products_.end();) {
    if (p->second.fresh_after > now) {
      p->second.entries.clear();
      ++p;
    } else {
      dropped.insert(products_.extract(p++));
    }
  }
}

void DetailCache::invalidate(const std::string& product_id, std::chrono::milliseconds quarantine) {
  std::vector<Entry> dropped;
  std::lock_guard lock(mu_);
  auto now = now_();
  if (products_.size() >= capacity_) prune_locked(now);  // orders alone never call put()
  auto& product = products_[product_id];
  dropped.swap(product.entries);
  product.fresh_after = std::max(product.fresh_after, now + quarantine);
}

}  // namespace wolfix::catalog
