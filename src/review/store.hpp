#pragma once
// The review module's SQL: the product_reviews table only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "review/model.hpp"

namespace wolfix::review::store {

struct ReviewRow {
  std::string id;
  std::string product_id;
  std::string customer_id;
  std::optional<std::string> title;
  std::string text;
  int64_t rating = 0;
  Status status = Status::published;
  std::optional<std::string> hold_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Throws db::UniqueViolation when the customer already reviewed the product.
void insert(db::Session& s, const ReviewRow& r);
// `lock`: on PostgreSQL the row stays locked (FOR UPDATE) until the transaction ends, so
// concurrent edits, approvals and deletions of one review run one after another (SQLite's write
// transactions already do).
std::optional<ReviewRow> find(db::Session& s, const std::string& id, bool lock = false);
std::optional<ReviewRow> find_by_author(db::Session& s, const std::string& product_id,
                                        const std::string& customer_id);
void update(db::Session& s, const ReviewRow& r);
bool remove(db::Session& s, const std::string& id);

// Published reviews of a product in creation order, after `after_id` when given.
std::vector<ReviewRow> published_page(db::Session& s, const std::string& product_id,
                                      const std::optional<std::string>& after_id, int64_t limit);
// Reviews held for a moderator, oldest first.
std::vector<ReviewRow> pending_page(db::Session& s, const std::optional<std::string>& after_id,
                                    int64_t limit);
// Pending reviews held for `reason`, oldest first.
std::vector<ReviewRow> held_for(db::Session& s, const std::string& reason, int64_t limit);
// Moves a held review to `status`/`hold_reason`, only if it is still exactly `as_read` (pending,
// held for the same reason, same text and rating, not edited since); false otherwise.
bool resolve_hold(db::Session& s, const ReviewRow& as_read, Status status,
                  const std::optional<std::string>& hold_reason, int64_t now_ms);
// Every review of one customer, newest first.
std::vector<ReviewRow> of_customer(db::Session& s, const std::string& customer_id);

}  // namespace wolfix::review::store
