#include "identity/token_versions.hpp"

#include "identity/store.hpp"

namespace wolfix::identity {
namespace {

// Versions only grow, so an answer read before a change that was recorded meanwhile must not
// replace that change. Missing accounts are not kept: a reader may not see an account that was
// just made (SQLite's group commit shows it to writers first), and such tokens are rare.
template <class Map>
void keep(Map& cache, const std::string& account_id, std::optional<int64_t> version, int64_t now,
          std::size_t max_entries) {
  auto it = cache.find(account_id);
  if (!version) {
    if (it != cache.end()) cache.erase(it);
    return;
  }
  if (it != cache.end()) {
    if (it->second.version && *it->second.version > *version) version = it->second.version;
  } else if (cache.size() >= max_entries) {
    cache.clear();
  }
  cache[account_id] = {version, now};
}

}  // namespace

std::optional<int64_t> TokenVersions::current(const std::string& account_id) {
  const int64_t now = clock_.now_ms();
  if (cache_ms_ > 0) {
    std::lock_guard lock(mu_);
    auto it = cache_.find(account_id);
    if (it != cache_.end() && now - it->second.read_at_ms < cache_ms_ &&
        now >= it->second.read_at_ms)
      return it->second.version;
  }
  auto version = db_.read([&](db::Session& s) { return store::token_version(s, account_id); });
  if (cache_ms_ > 0) {
    std::lock_guard lock(mu_);
    keep(cache_, account_id, version, now, kMaxEntries);
  }
  return version;
}

void TokenVersions::remember(const std::string& account_id, int64_t version) {
  std::lock_guard lock(mu_);
  keep(cache_, account_id, version, clock_.now_ms(), kMaxEntries);
}

}  // namespace wolfix::identity
