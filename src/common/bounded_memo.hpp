#pragma once
// A node's memory of facts it read, by key, shared by its request threads. Bounded: when full it
// is cleared and refilled by the next reads. Whoever acts on a remembered value must have the
// database check it (a stale value costs a retry, never a wrong answer).
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace wolfix {

template <class Value>
class BoundedMemo {
 public:
  explicit BoundedMemo(std::size_t capacity) : capacity_(capacity) {}

  void put(std::string key, Value value) {
    std::lock_guard lock(mu_);
    if (values_.size() >= capacity_ && !values_.contains(key)) values_.clear();
    values_.insert_or_assign(std::move(key), std::move(value));
  }
  std::optional<Value> find(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  void erase(const std::string& key) {
    std::lock_guard lock(mu_);
    values_.erase(key);
  }

 private:
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Value> values_;
};

}  // namespace wolfix
