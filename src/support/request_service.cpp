#include "support/request_service.hpp"

#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "media/uploads.hpp"
#include "notify/outbox.hpp"

namespace wolfix::support {
namespace {

ApiError request_not_found(const std::string& id) {
  return not_found("Support request with id: " + id + " not found", "support_request_not_found");
}

// The customer's order with that number, through the order module's service. An order that is
// someone else's is "not found", so the check reveals nothing about other customers' orders.
void check_customer_order(order::OrderService& orders, db::Session& s, const NewRequest& in) {
  auto view = orders.payment_view(s, *in.order_id);
  if (!view || view->customer_id != in.customer_id)
    throw not_found("Order with id: " + *in.order_id + " not found", "order_not_found");
  if (view->number != *in.order_number)
    throw ApiError(400, "order_number_mismatch", "Order number does not match the order",
                   {{"orderNumber", {"does not match the order"}}});
}

std::string excerpt(const std::string& text) {
  constexpr std::size_t kMax = 200;
  if (text.size() <= kMax) return text;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return text.substr(0, cut) + "...";
}

}  // namespace

Created SupportRequestService::create(const NewRequest& in, const std::string& account_id,
                                      const UploadedFile* photo,
                                      const std::optional<idempotency::Claim>& claim) {
  int64_t now = clock_.now_ms();
  media::PendingBlobs written(blobs_);
  std::optional<std::string> photo_url = in.photo_url;
  if (photo) {
    auto stored = media::store_upload(blobs_, *photo, "photo", {media::Kind::photo});
    written.add(stored.path);
    photo_url = stored.url;
  }
  RequestRecord r;
  r.id = new_uuid_v7();
  r.customer_id = in.customer_id;
  r.customer_account_id = account_id;
  r.category = in.category;
  r.content = in.content;
  r.first_name = in.first_name;
  r.last_name = in.last_name;
  r.middle_name = in.middle_name;
  r.phone_number = in.phone_number;
  r.birth_date = in.birth_date;
  r.order_id = in.order_id;
  r.order_number = in.order_number;
  r.photo_url = photo_url;
  r.created_at = now;
  Created out = db_.write([&](db::Session& s) -> Created {
    if (claim) {
      auto outcome = idempotency::claim(s, *claim, now);
      if (outcome.result == idempotency::ClaimResult::replay)
        return Created{outcome.answer.body, true};
      if (outcome.result == idempotency::ClaimResult::in_progress)
        throw ApiError(409, "idempotency_key_in_progress",
                       "A request with this Idempotency-Key is still being processed");
    }
    if (in.category == Category::order_issue) check_customer_order(orders_, s, in);
    insert_request(s, r);
    if (claim) idempotency::complete(s, *claim, {204, "", r.id, {}});
    return Created{r.id, false};
  });
  // A replay keeps the first request's photo, not this one's.
  if (!out.replayed) written.keep();
  return out;
}

std::vector<SupportRequest> SupportRequestService::pending(std::optional<Category> category) {
  return db_.read([&](db::Session& s) { return pending_requests(s, category); });
}

std::vector<SupportRequest> SupportRequestService::of_customer(const std::string& customer_id,
                                                               std::optional<Category> category) {
  return db_.read([&](db::Session& s) { return customer_requests(s, customer_id, category); });
}

SupportRequest SupportRequestService::one_of_customer(const std::string& customer_id,
                                                      const std::string& request_id) {
  auto r = db_.read([&](db::Session& s) { return find_request(s, request_id); });
  if (!r || r->customer_id != customer_id) throw request_not_found(request_id);
  return *r;
}

void SupportRequestService::respond(const std::string& request_id, const std::string& support_id,
                                    const std::string& content) {
  process(request_id, support_id, Status::processed, content);
}

void SupportRequestService::cancel(const std::string& request_id, const std::string& support_id) {
  process(request_id, support_id, Status::canceled, std::nullopt);
}

void SupportRequestService::process(const std::string& request_id, const std::string& support_id,
                                    Status to, const std::optional<std::string>& content) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    if (!mark_processed(s, request_id, to, support_id, content, now)) {
      auto r = find_request(s, request_id);
      if (!r) throw request_not_found(request_id);
      throw conflict("already_processed", "Support request with id: " + request_id +
                                              " is already " + std::string(status_name(r->status)));
    }
    auto r = find_request(s, request_id);
    auto account = accounts_.find_by_id(s, r->customer_account_id);
    if (!account) return;  // the customer's account is gone: nobody to tell
    std::string subject = to == Status::processed ? "Wolfix support answered your request"
                                                  : "Wolfix support closed your request";
    std::string body =
        "Your request: " + excerpt(r->content) + "\n\n" +
        (to == Status::processed ? "Our answer: " + *content
                                 : std::string("We closed this request without an answer. If you "
                                               "still need help, please write to us again."));
    notify::enqueue(s, to == Status::processed ? "support_answered" : "support_canceled",
                    {account->email, subject, body}, "support_request:" + request_id, now);
  });
}

}  // namespace wolfix::support
