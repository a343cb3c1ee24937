#pragma once
// SQL for the supports table (the support staff's profiles).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"

namespace wolfix::support {

struct SupportRecord {
  std::string id;
  std::string account_id;
  person::FullName name;
};

int64_t count_supports(db::Session& s);
std::vector<SupportRecord> supports_page(db::Session& s, int64_t offset, int64_t limit);
bool support_exists(db::Session& s, const std::string& id);
// Wolfix.Server refuses a second support with the same full name (a null middle name counts as
// empty, so "A B" and "A B null" are the same person).
bool full_name_taken(db::Session& s, const person::FullName& name);
// Throws db::UniqueViolation when the account or the full name has a profile already.
void insert_support(db::Session& s, const SupportRecord& r, int64_t now_ms);
// Deletes the profile; its account id, or nullopt when there was none.
std::optional<std::string> delete_support(db::Session& s, const std::string& id);

}  // namespace wolfix::support
