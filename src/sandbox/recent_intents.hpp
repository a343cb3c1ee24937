#pragma once
// The intents this node's sandbox wrote last (created or confirmed), as they were committed.
// A confirmation of one of them is tried in one round trip whose update expects the row to be
// exactly so (Service::confirm_intent); any other change since (another node, a refund, a
// cancellation) fails that expectation and the usual locked read decides. So an entry is never
// trusted, only tried: a stale or missing one costs a round trip, never a wrong answer.
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "sandbox/store.hpp"

namespace wolfix::sandbox {

class RecentIntents {
 public:
  // ~1 KB each: enough for the intents of the last seconds of a busy shop's checkouts.
  explicit RecentIntents(std::size_t capacity = 2048) : capacity_(capacity) {}

  void put(const IntentRow& row);
  // Removes and returns the intent's entry: one request at a time tries it.
  std::optional<IntentRow> take(const std::string& id);

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, IntentRow> rows_;
  std::deque<std::string> order_;  // oldest first; may name entries taken since
};

}  // namespace wolfix::sandbox
