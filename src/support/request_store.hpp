#pragma once
// SQL for the support_requests table.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "support/model.hpp"

namespace wolfix::support {

struct RequestRecord {
  std::string id;
  std::string customer_id;
  std::string customer_account_id;
  Category category = Category::general;
  std::string content;
  Status status = Status::pending;
  std::optional<std::string> first_name, last_name, middle_name, phone_number, birth_date;
  std::optional<std::string> order_id, order_number, photo_url;
  std::optional<std::string> support_id;
  std::optional<std::string> response_content;
  std::optional<int64_t> processed_at;
  int64_t created_at = 0;
};

void insert_request(db::Session& s, const RequestRecord& r);
std::optional<RequestRecord> find_request(db::Session& s, const std::string& id);
// Pending requests, newest first; every category when `category` is empty.
std::vector<RequestRecord> pending_requests(db::Session& s, std::optional<Category> category);
// The customer's requests, newest first.
std::vector<RequestRecord> customer_requests(db::Session& s, const std::string& customer_id,
                                             std::optional<Category> category);
// Compare-and-set from Pending: false when the request is not (or no longer) pending, so of two
// support members answering at once exactly one succeeds.
bool mark_processed(db::Session& s, const std::string& id, Status to, const std::string& support_id,
                    const std::optional<std::string>& response, int64_t now_ms);

}  // namespace wolfix::support
