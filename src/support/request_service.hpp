#pragma once
// Support request use cases: a customer files one (an OrderIssue is checked against the
// customer's own orders through the order module's service; a BugOrError may carry a photo) and
// reads their own; support staff list the pending ones and answer or cancel each exactly once,
// and the customer is told through the notification outbox in the same transaction.
// Ownership (the customer's own id, the support member's own id) is the routes' to check.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/idempotency.hpp"
#include "common/upload.hpp"
#include "db/db.hpp"
#include "identity/accounts.hpp"
#include "media/blob_store.hpp"
#include "order/service.hpp"
#include "support/request_store.hpp"

namespace wolfix::support {

using SupportRequest = RequestRecord;

struct Created {
  std::string id;
  bool replayed = false;  // the same Idempotency-Key was answered before
};

class SupportRequestService {
 public:
  SupportRequestService(db::Database& db, const Clock& clock, order::OrderService& orders,
                        const identity::Accounts& accounts, const media::BlobStore& blobs)
      : db_(db), clock_(clock), orders_(orders), accounts_(accounts), blobs_(blobs) {}

  // `in.customer_id` is the caller's (checked by the route); `account_id` is the caller's account,
  // notified of the answer later. `photo`: an uploaded picture for a BugOrError request.
  // 404 order_not_found for an order that is not this customer's; 400 on orderNumber when it
  // does not match the order. With a claim, a retry of the same request creates nothing new.
  Created create(const NewRequest& in, const std::string& account_id, const UploadedFile* photo,
                 const std::optional<idempotency::Claim>& claim);

  std::vector<SupportRequest> pending(std::optional<Category> category);
  std::vector<SupportRequest> of_customer(const std::string& customer_id,
                                          std::optional<Category> category);
  // 404 unless the request is this customer's.
  SupportRequest one_of_customer(const std::string& customer_id, const std::string& request_id);

  // Pending -> Processed (with the answer) or Canceled, by `support_id`, once: 404 unknown
  // request, 409 already_processed when another answer or cancellation got there first.
  void respond(const std::string& request_id, const std::string& support_id,
               const std::string& content);
  void cancel(const std::string& request_id, const std::string& support_id);

 private:
  void process(const std::string& request_id, const std::string& support_id, Status to,
               const std::optional<std::string>& content);

  db::Database& db_;
  const Clock& clock_;
  order::OrderService& orders_;
  const identity::Accounts& accounts_;
  const media::BlobStore& blobs_;
};

}  // namespace wolfix::support
