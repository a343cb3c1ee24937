#include "sandbox/recent_intents.hpp"

namespace wolfix::sandbox {

void RecentIntents::put(const IntentRow& row) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = rows_.insert_or_assign(row.id, row);
  if (fresh) order_.push_back(row.id);
  // Entries taken since still have their place in order_: it is bounded by capacity too.
  while (rows_.size() > capacity_ || order_.size() > 2 * capacity_) {
    rows_.erase(order_.front());
    order_.pop_front();
  }
}

std::optional<IntentRow> RecentIntents::take(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  IntentRow row = std::move(it->second);
  rows_.erase(it);
  return row;
}

}  // namespace wolfix::sandbox
