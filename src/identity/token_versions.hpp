#pragma once
// Which token version each account is at (issue 15 item 11), read on every authenticated
// request. The database is the truth; a node keeps what it read for a short time so that a
// request does not cost a query, and learns of its own password changes at once. A password
// changed on another node takes effect here when the cached entry is older than `cache_seconds`
// (0 = always read the database).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "db/db.hpp"

namespace wolfix::identity {

class TokenVersions {
 public:
  TokenVersions(db::Database& db, const Clock& clock, int64_t cache_seconds)
      : db_(db), clock_(clock), cache_ms_(cache_seconds * 1000) {}

  // The account's current version; nullopt when there is no such account (any more).
  std::optional<int64_t> current(const std::string& account_id);
  // After this node changed the version (in a committed transaction).
  void remember(const std::string& account_id, int64_t version);

 private:
  struct Entry {
    std::optional<int64_t> version;
    int64_t read_at_ms = 0;
  };
  // Enough for every account active within a few seconds; past it the map starts over rather
  // than grow without bound when many different tokens arrive.
  static constexpr std::size_t kMaxEntries = 100'000;

  db::Database& db_;
  const Clock& clock_;
  const int64_t cache_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> cache_;
};

}  // namespace wolfix::identity
