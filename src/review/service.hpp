#pragma once
// Product reviews: the public listing, a customer's review (write, edit, delete), moderation
// (built-in rules, then the optional external service) and the moderators' queue. Every change
// to a published review moves the product's rating aggregate in the same transaction
// (catalog/ratings.hpp).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "review/model.hpp"
#include "review/toxicity.hpp"

namespace wolfix::review {

struct ReviewView {
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
  std::string author_name;
  bool verified_purchase = false;
};

struct ReviewPage {
  std::vector<ReviewView> items;
  std::optional<std::string> next_cursor;  // the last item's id when more follow
};

// What became of a written review.
struct Written {
  std::string id;
  Status status = Status::published;
  std::string hold_reason;  // when held: link, shouting, moderation_unavailable
  std::string message;
};

class ReviewService {
 public:
  // `external`: the optional moderation service (nullptr = built-in rules only).
  ReviewService(db::Database& db, Clock& clock, ToxicityCheck* external)
      : db_(db), clock_(clock), external_(external) {}

  // Called after a commit that changed some product's rating (to drop cached catalog pages).
  void on_ratings_changed(std::function<void()> f) { ratings_changed_ = std::move(f); }

  // Published reviews of a live product, oldest first (Wolfix.Server's order), after last_id.
  ReviewPage product_reviews(const std::string& product_id, int64_t page_size,
                             const std::optional<std::string>& last_id);
  // 404 unknown/removed product or unknown customer, 403 own_product (the author's account sells
  // it), 409 review_exists, 422 review_rejected.
  Written post(const std::string& customer_id, const std::string& product_id, Draft draft);
  // The author changes their review; moderated again. 404 unknown, 403 not the author.
  Written edit(const std::string& customer_id, const std::string& product_id,
               const std::string& review_id, Draft draft);
  // A moderator (Admin, SuperAdmin) removes any review; anyone else only their own (the
  // customer whose profile id is actor.id; 403 otherwise). `product_id`: the review must be of
  // that product (404 otherwise), when given.
  void remove(const Actor& actor, const std::string& review_id,
              const std::optional<std::string>& product_id);
  // A moderator publishes a held review; approving a published one changes nothing.
  void approve(const std::string& review_id);
  // Held reviews, oldest first.
  ReviewPage pending(int64_t page_size, const std::optional<std::string>& last_id);
  // The background job: reviews held because the moderation service did not answer are asked
  // again (up to `limit`, oldest first). Clean ones are published; toxic ones stay held for a
  // moderator with reason "toxic" (never deleted unseen). Stops at the first unanswered call.
  // Safe on many nodes at once: each change applies only to the review as it was read.
  // Returns how many reviews were resolved.
  int recheck_held(int limit = 20);
  // A customer's own reviews (any status), newest first.
  std::vector<ReviewView> of_customer(const std::string& customer_id);

 private:
  // Built-in rules, then the external service: throws 422 on refusal. Never inside a transaction.
  Moderation screen(const Draft& draft);
  void ratings_changed() {
    if (ratings_changed_) ratings_changed_();
  }

  db::Database& db_;
  Clock& clock_;
  ToxicityCheck* external_;
  std::function<void()> ratings_changed_;
};

}  // namespace wolfix::review
