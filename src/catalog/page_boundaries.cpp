#include "catalog/page_boundaries.hpp"

namespace wolfix::catalog {

std::shared_ptr<const PageBoundaries::Keys> PageBoundaries::fresh(const std::string& category_id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(category_id);
  if (it == entries_.end()) return nullptr;
  if (it->second.generation != generation_ ||
      std::chrono::steady_clock::now() >= it->second.expires) {
    entries_.erase(it);
    return nullptr;
  }
  return it->second.keys;
}

uint64_t PageBoundaries::current_generation() {
  std::lock_guard lock(mu_);
  return generation_;
}

void PageBoundaries::store(const std::string& category_id, std::shared_ptr<const Keys> keys,
                           uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // a write landed while the keys were read
  auto it = entries_.find(category_id);
  // Keys grow as deeper pages are asked for; the TTL counts from the first walk.
  auto expires =
      it != entries_.end() ? it->second.expires : std::chrono::steady_clock::now() + ttl_;
  entries_[category_id] = Entry{std::move(keys), generation, expires};
}

void PageBoundaries::invalidate() {
  std::unordered_map<std::string, Entry> dropped;
  std::lock_guard lock(mu_);
  ++generation_;
  dropped.swap(entries_);
}

}  // namespace wolfix::catalog
