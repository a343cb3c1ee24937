#include "review/service.hpp"

#include <map>
#include <set>

#include "catalog/ratings.hpp"
#include "common/errors.hpp"
#include "common/uuid.hpp"
#include "customer/public_names.hpp"
#include "identity/roles.hpp"
#include "order/purchases.hpp"
#include "review/store.hpp"

namespace wolfix::review {
namespace {

ApiError rejected(const std::string& reason, const std::string& message) {
  ApiError e(422, "review_rejected", message);
  e.with("reason", reason);
  return e;
}

ApiError product_not_found(const std::string& id) {
  return not_found("Product with id: " + id + " not found", "product_not_found");
}

ApiError review_not_found(const std::string& id) {
  return not_found("Review with id: " + id + " not found", "review_not_found");
}

void check_draft(Draft& d) {
  auto errors = draft_errors(d);
  if (!errors.empty()) throw validation_failed(std::move(errors));
  d.title = normalized_title(d.title);
}

// The rating a review adds to its product's aggregate: nothing unless published.
struct Contribution {
  int64_t sum = 0;
  int64_t count = 0;
};
Contribution contribution(const store::ReviewRow& r) {
  if (r.status != Status::published) return {};
  return {r.rating, 1};
}

// Moves the product's aggregate from `before` to `after`; true when it changed.
bool move_rating(db::Session& s, const std::string& product_id, Contribution before,
                 Contribution after) {
  int64_t sum = after.sum - before.sum, count = after.count - before.count;
  if (sum == 0 && count == 0) return false;
  catalog::add_to_rating(s, product_id, sum, count, false);
  return true;
}

// Rows with the author's public name and the verified-purchase mark.
std::vector<ReviewView> views(db::Session& s, const std::vector<store::ReviewRow>& rows) {
  std::vector<std::string> customers;
  std::map<std::string, std::vector<std::string>> by_product;
  for (const auto& r : rows) {
    customers.push_back(r.customer_id);
    by_product[r.product_id].push_back(r.customer_id);
  }
  auto names = customer::public_names(s, customers);
  std::map<std::string, std::set<std::string>> bought;
  for (const auto& [product, ids] : by_product)
    bought[product] = order::customers_who_bought(s, product, ids);
  std::vector<ReviewView> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    ReviewView v;
    v.id = r.id;
    v.product_id = r.product_id;
    v.customer_id = r.customer_id;
    v.title = r.title;
    v.text = r.text;
    v.rating = r.rating;
    v.status = r.status;
    v.hold_reason = r.hold_reason;
    v.created_at = r.created_at;
    v.updated_at = r.updated_at;
    auto n = names.find(r.customer_id);
    v.author_name = n == names.end() ? display_name(std::nullopt, std::nullopt)
                                     : display_name(n->second.first_name, n->second.last_name);
    v.verified_purchase = bought[r.product_id].count(r.customer_id) > 0;
    out.push_back(std::move(v));
  }
  return out;
}

ReviewPage page_of(db::Session& s, std::vector<store::ReviewRow> rows, int64_t page_size) {
  ReviewPage page;
  // One row more than asked says whether another page follows.
  bool more = static_cast<int64_t>(rows.size()) > page_size;
  if (more) rows.resize(static_cast<std::size_t>(page_size));
  page.items = views(s, rows);
  if (more) page.next_cursor = rows.back().id;
  return page;
}

}  // namespace

Moderation ReviewService::screen(const Draft& d) {
  std::string title = d.title.value_or("");
  auto m = moderate(title, d.text);
  if (m.verdict == Verdict::reject) throw rejected(m.reason, m.message);
  if (!external_) return m;
  switch (external_->check(title.empty() ? d.text : title + "\n" + d.text)) {
    case ToxicityAnswer::toxic:
      throw rejected("toxic", "The review was refused by moderation");
    case ToxicityAnswer::unavailable:
      // Never published unchecked, never lost: a moderator sees it in the queue.
      if (m.verdict == Verdict::publish)
        m = {Verdict::hold, "moderation_unavailable",
             "The review will appear once a moderator has checked it"};
      break;
    case ToxicityAnswer::clean:
      break;
  }
  return m;
}

ReviewPage ReviewService::product_reviews(const std::string& product_id, int64_t page_size,
                                          const std::optional<std::string>& last_id) {
  return db_.read([&](db::Session& s) {
    if (!catalog::is_live_product(s, product_id)) throw product_not_found(product_id);
    return page_of(s, store::published_page(s, product_id, last_id, page_size + 1), page_size);
  });
}

Written ReviewService::post(const std::string& customer_id, const std::string& product_id,
                            Draft d) {
  check_draft(d);
  // The cheap refusals first, so a doomed request never waits for the moderation service.
  db_.read([&](db::Session& s) {
    auto account = customer::account_of(s, customer_id);
    if (!account)
      throw not_found("Customer with id: " + customer_id + " not found", "customer_not_found");
    auto seller = catalog::live_product_seller(s, product_id);
    if (!seller) throw product_not_found(product_id);
    // A seller shops through the customer profile of the same account: their own stars would
    // be a vote for themselves (Wolfix.Server does not check it).
    if (identity::profile_id_for(s, *account, Role::seller) == *seller)
      throw forbidden("Sellers cannot review their own products", "own_product");
    if (store::find_by_author(s, product_id, customer_id))
      throw conflict("review_exists",
                     "You have already reviewed this product: edit or delete that review");
  });
  auto m = screen(d);

  int64_t now = clock_.now_ms();
  store::ReviewRow r;
  r.id = new_uuid_v7();
  r.product_id = product_id;
  r.customer_id = customer_id;
  r.title = d.title;
  r.text = d.text;
  r.rating = d.rating;
  r.status = m.verdict == Verdict::publish ? Status::published : Status::pending;
  if (r.status == Status::pending) r.hold_reason = m.reason;
  r.created_at = now;
  r.updated_at = now;
  try {
    db_.write([&](db::Session& s) {
      store::insert(s, r);
      // The product may have been removed since the read above: the live-only update decides.
      if (r.status == Status::published) {
        if (!catalog::add_to_rating(s, product_id, r.rating, 1, true))
          throw product_not_found(product_id);
      } else if (!catalog::is_live_product(s, product_id)) {
        throw product_not_found(product_id);
      }
    });
  } catch (const db::UniqueViolation&) {
    // The same customer's other request (a double click) got there first.
    throw conflict("review_exists",
                   "You have already reviewed this product: edit or delete that review");
  }
  if (r.status == Status::published) ratings_changed();
  return {r.id, r.status, r.hold_reason.value_or(""), m.message};
}

Written ReviewService::edit(const std::string& customer_id, const std::string& product_id,
                            const std::string& review_id, Draft d) {
  check_draft(d);
  auto check_access = [&](db::Session& s, const std::optional<store::ReviewRow>& r) {
    if (!r || r->product_id != product_id) throw review_not_found(review_id);
    if (r->customer_id != customer_id)
      throw forbidden("You can only change your own review", "not_your_review");
    if (!catalog::is_live_product(s, product_id)) throw product_not_found(product_id);
  };
  db_.read([&](db::Session& s) { check_access(s, store::find(s, review_id)); });
  auto m = screen(d);

  int64_t now = clock_.now_ms();
  Status status = m.verdict == Verdict::publish ? Status::published : Status::pending;
  bool moved = db_.write([&](db::Session& s) {
    auto r = store::find(s, review_id, true);
    check_access(s, r);
    auto before = contribution(*r);
    r->title = d.title;
    r->text = d.text;
    r->rating = d.rating;
    r->status = status;
    r->hold_reason = status == Status::pending ? std::optional(m.reason) : std::nullopt;
    r->updated_at = now;
    store::update(s, *r);
    return move_rating(s, product_id, before, contribution(*r));
  });
  if (moved) ratings_changed();
  return {review_id, status, status == Status::pending ? m.reason : "", m.message};
}

void ReviewService::remove(const Actor& actor, const std::string& review_id,
                           const std::optional<std::string>& product_id) {
  bool moved = db_.write([&](db::Session& s) {
    auto r = store::find(s, review_id, true);
    if (!r || (product_id && r->product_id != *product_id)) throw review_not_found(review_id);
    if (!actor.is_admin() && !(actor.is(Role::customer) && r->customer_id == actor.id))
      throw forbidden("You can only delete your own review", "not_your_review");
    store::remove(s, review_id);
    return move_rating(s, r->product_id, contribution(*r), {});
  });
  if (moved) ratings_changed();
}

void ReviewService::approve(const std::string& review_id) {
  int64_t now = clock_.now_ms();
  bool moved = db_.write([&](db::Session& s) {
    auto r = store::find(s, review_id, true);
    if (!r) throw review_not_found(review_id);
    if (r->status == Status::published) return false;
    auto before = contribution(*r);
    r->status = Status::published;
    r->hold_reason.reset();
    r->updated_at = now;
    store::update(s, *r);
    return move_rating(s, r->product_id, before, contribution(*r));
  });
  if (moved) ratings_changed();
}

ReviewPage ReviewService::pending(int64_t page_size, const std::optional<std::string>& last_id) {
  return db_.read([&](db::Session& s) {
    return page_of(s, store::pending_page(s, last_id, page_size + 1), page_size);
  });
}

int ReviewService::recheck_held(int limit) {
  if (!external_) return 0;
  const std::string unavailable = "moderation_unavailable";
  auto held = db_.read([&](db::Session& s) { return store::held_for(s, unavailable, limit); });
  int resolved = 0;
  bool moved_any = false;
  for (const auto& r : held) {
    // The built-in rules passed it when it was written (they hold or refuse before the service
    // is asked), so only the service's answer is missing.
    std::string title = r.title.value_or("");
    auto answer = external_->check(title.empty() ? r.text : title + "\n" + r.text);
    if (answer == ToxicityAnswer::unavailable) break;  // still down: the next pass retries
    bool publish = answer == ToxicityAnswer::clean;
    int64_t now = clock_.now_ms();
    bool changed = db_.write([&](db::Session& s) {
      if (!store::resolve_hold(s, r, publish ? Status::published : Status::pending,
                               publish ? std::nullopt : std::optional<std::string>("toxic"), now))
        return false;  // edited, approved or deleted meanwhile, or another node got there first
      if (publish) catalog::add_to_rating(s, r.product_id, r.rating, 1, false);
      return true;
    });
    if (!changed) continue;
    ++resolved;
    moved_any = moved_any || publish;
  }
  if (moved_any) ratings_changed();
  return resolved;
}

std::vector<ReviewView> ReviewService::of_customer(const std::string& customer_id) {
  return db_.read([&](db::Session& s) { return views(s, store::of_customer(s, customer_id)); });
}

}  // namespace wolfix::review
