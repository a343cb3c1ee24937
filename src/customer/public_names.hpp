#pragma once
// How customers are named in public (a review's author), for other modules: never the full name,
// the phone or the e-mail.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace wolfix::customer {

struct PublicName {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
};

// The account a customer profile belongs to (the same person may also sell); nullopt = unknown.
std::optional<std::string> account_of(db::Session& s, const std::string& customer_id);

// The names of the customers that exist; unknown ids are absent.
std::map<std::string, PublicName> public_names(db::Session& s,
                                               const std::vector<std::string>& customer_ids);

}  // namespace wolfix::customer
