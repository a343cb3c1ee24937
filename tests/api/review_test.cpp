// Product reviews: listing (cursor pages, oldest first), writing, editing, deleting, the rating
// aggregate on every product read, built-in moderation and the moderators' queue.
#include <atomic>
#include <thread>

#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "common/uuid.hpp"
#include "fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class ReviewsTest : public ShopSuite<ReviewsTest, true> {
 public:
  static void prepare(TestServer& s) {
    ShopSuite<ReviewsTest, true>::prepare(s);
    admin = std::make_unique<Actor>(make_actor(s, "Admin"));
  }
  static void finish() {
    admin.reset();
    ShopSuite<ReviewsTest, true>::finish();
  }

 protected:
  static inline std::unique_ptr<Actor> admin;

  // A product its category page lists (make_product writes rows only; the page reads the
  // category's live-product count).
  static TestProduct listed_product() {
    auto p = make_product(*server, *seller);
    probe().count_one_more_product(p.category_id);
    return p;
  }
  static std::string reviews_path(const std::string& product_id) {
    return "/api/products/" + product_id + "/reviews";
  }
  static json::object body(const Actor& c, int64_t rating, const std::string& text,
                           std::optional<std::string> title = std::string("Title")) {
    json::object b{{"text", text}, {"rating", rating}, {"customerId", c.profile_id}};
    if (title) b["title"] = *title;
    return b;
  }
  static Reply post(const Actor& c, const std::string& product_id, const json::object& b) {
    return server->post(reviews_path(product_id), b, c.token);
  }
  static Reply post(const Actor& c, const std::string& product_id, int64_t rating,
                    const std::string& text = "Works as described, arrived quickly.") {
    return post(c, product_id, body(c, rating, text));
  }
  static json::object list(const std::string& product_id, const std::string& query = "") {
    auto r = server->get(reviews_path(product_id) + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static json::value product(const std::string& id) {
    auto r = server->get("/api/products/product/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static json::value short_in_category(const TestProduct& p, const std::string& query = "") {
    auto r = server->get("/api/products/category/" + p.category_id + "/page/1?pageSize=50" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    auto page = r.json();
    for (const auto& item : page.at("items").as_array())
      if (item.at("id") == p.id) return item;
    ADD_FAILURE() << "product not on its category page: " << r.body;
    return {};
  }
  // The review ids of a customer's own list, with their status.
  static json::array own(const Actor& c) {
    auto r = server->get("/api/customers/" + c.profile_id + "/reviews", c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array();
  }
  static std::string own_review_id(const Actor& c, const std::string& product_id) {
    auto mine = own(c);
    for (const auto& v : mine)
      if (v.at("productId") == product_id) return std::string(v.at("id").as_string());
    ADD_FAILURE() << "no review of " << product_id;
    return "";
  }
  static std::vector<std::string> pending_ids() {
    auto r = server->get("/api/reviews/pending?pageSize=100", admin->token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    auto page = r.json();
    for (const auto& v : page.at("items").as_array()) ids.emplace_back(v.at("id").as_string());
    return ids;
  }
  static std::string reason(const Reply& r) {
    if (!r.json().is_object() || !r.json().as_object().contains("reason")) return "";
    return std::string(r.json().at("reason").as_string());
  }
};

TEST_F(ReviewsTest, PostedReviewsAreListedOldestFirstWithAuthorAndTheAverageOnEveryRead) {
  auto p = listed_product();
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  auto c = make_actor(*server, "Customer");
  // Warm the category page cache first: the reviews must show through it.
  EXPECT_TRUE(short_in_category(p).at("averageRating").is_null());
  EXPECT_EQ(num(short_in_category(p).at("reviewsCount")), 0);

  ASSERT_EQ(post(a, p.id, 5).status, 204);
  ASSERT_EQ(post(b, p.id, body(b, 4, "Good, but the box was dented.", std::nullopt)).status, 204);
  ASSERT_EQ(post(c, p.id, 4).status, 204);

  auto page = list(p.id);
  const auto& items = page.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(page.at("nextCursor").is_null());
  EXPECT_EQ(num(items[0].at("rating")), 5);
  EXPECT_EQ(items[0].at("title"), "Title");
  EXPECT_EQ(items[0].at("productId"), p.id);
  EXPECT_EQ(items[0].at("authorName"), "Olena K.");
  EXPECT_EQ(items[0].at("verifiedPurchase"), false);
  EXPECT_FALSE(items[0].at("createdAt").as_string().empty());
  EXPECT_TRUE(items[1].at("title").is_null());
  EXPECT_EQ(items[1].at("text"), "Good, but the box was dented.");
  EXPECT_FALSE(items[0].as_object().contains("customerId"));  // not public

  // (5 + 4 + 4) / 3 = 4.33: every review counts (S13), one decimal.
  auto full = product(p.id);
  EXPECT_DOUBLE_EQ(num(full.at("averageRating")), 4.3);
  EXPECT_EQ(num(full.at("reviewsCount")), 3);
  auto card = short_in_category(p);
  EXPECT_DOUBLE_EQ(num(card.at("averageRating")), 4.3);
  EXPECT_EQ(num(card.at("reviewsCount")), 3);
}

TEST_F(ReviewsTest, AverageRoundsHalfUpToOneDecimalOnFavoritesAndCart) {
  auto p = make_product(*server, *seller);
  std::vector<Actor> cs;
  for (int rating : {5, 5, 4}) {
    cs.push_back(make_actor(*server, "Customer"));
    ASSERT_EQ(post(cs.back(), p.id, rating).status, 204);
  }
  auto buyer = cs.front();
  ASSERT_EQ(
      server
          ->post("/api/customers/favorites",
                 json::object{{"customerId", buyer.profile_id}, {"productId", p.id}}, buyer.token)
          .status,
      204);
  add_cart_line(*server, buyer, p.id);
  auto favorites = server->get("/api/customers/favorites/" + buyer.profile_id, buyer.token);
  ASSERT_EQ(favorites.status, 200) << favorites.body;
  EXPECT_DOUBLE_EQ(num(favorites.json().at(0).at("averageRating")), 4.7);  // 4.67
  EXPECT_EQ(num(favorites.json().at(0).at("reviewsCount")), 3);
  auto cart = server->get("/api/customers/cart-items/" + buyer.profile_id, buyer.token);
  ASSERT_EQ(cart.status, 200) << cart.body;
  EXPECT_DOUBLE_EQ(num(cart.json().at("items").at(0).at("averageRating")), 4.7);
  EXPECT_EQ(num(cart.json().at("items").at(0).at("reviewsCount")), 3);

  // 5, 5, 4, 1 = 3.75 -> 3.8 (half up).
  auto d = make_actor(*server, "Customer");
  ASSERT_EQ(post(d, p.id, 1).status, 204);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 3.8);
}

TEST_F(ReviewsTest, CursorPagesFollowTheOriginalOrder) {
  auto p = make_product(*server, *seller);
  std::vector<std::string> texts;
  for (int i = 0; i < 5; ++i) {
    auto c = make_actor(*server, "Customer");
    texts.push_back("Review number " + std::to_string(i) + " of this product");
    ASSERT_EQ(post(c, p.id, body(c, 1 + i % 5, texts.back())).status, 204);
  }
  std::vector<std::string> seen;
  std::string query = "?pageSize=2";
  for (int pages = 0; pages < 5; ++pages) {
    auto page = list(p.id, query);
    for (const auto& item : page.at("items").as_array())
      seen.emplace_back(item.at("text").as_string());
    if (page.at("nextCursor").is_null()) break;
    EXPECT_EQ(page.at("items").as_array().size(), 2u);
    EXPECT_EQ(page.at("nextCursor"), page.at("items").as_array().back().at("id"));
    query = "?pageSize=2&lastId=" + std::string(page.at("nextCursor").as_string());
  }
  EXPECT_EQ(seen, texts);

  EXPECT_EQ(server->get(reviews_path(p.id) + "?lastId=nope").status, 400);
  EXPECT_EQ(server->get(reviews_path(p.id) + "?pageSize=0").status, 400);
  EXPECT_EQ(server->get(reviews_path(p.id) + "?pageSize=101").status, 400);
  EXPECT_EQ(list(p.id, "?pageSize=2&lastId=" + new_uuid_v7()).at("items").as_array().size(), 0u);
}

TEST_F(ReviewsTest, TitleMayBeNullMissingOrEmpty) {
  auto p = make_product(*server, *seller);
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  auto c = make_actor(*server, "Customer");
  auto with_null = body(a, 5, "Nice");
  with_null["title"] = nullptr;
  EXPECT_EQ(post(a, p.id, with_null).status, 204);
  EXPECT_EQ(post(b, p.id, body(b, 5, "Nice", std::nullopt)).status, 204);
  EXPECT_EQ(post(c, p.id, body(c, 5, "Nice", std::string("  "))).status, 204);
  auto page = list(p.id);
  ASSERT_EQ(page.at("items").as_array().size(), 3u);
  for (const auto& item : page.at("items").as_array()) EXPECT_TRUE(item.at("title").is_null());
}

TEST_F(ReviewsTest, InvalidReviewsNameTheirFields) {
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  auto field_error = [&](json::object b, const char* field) {
    auto r = post(c, p.id, b);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_TRUE(r.json().at("errors").as_object().contains(field)) << r.body;
  };
  field_error(body(c, 5, "   "), "text");
  field_error(body(c, 0, "Fine"), "rating");
  field_error(body(c, 6, "Fine"), "rating");
  field_error(body(c, 5, std::string(4001, 'x')), "text");
  field_error(body(c, 5, "Fine", std::string(201, 't')), "title");
  auto no_rating = body(c, 5, "Fine");
  no_rating.erase("rating");
  field_error(no_rating, "rating");
  auto no_customer = body(c, 5, "Fine");
  no_customer.erase("customerId");
  field_error(no_customer, "customerId");
  auto bad_customer = body(c, 5, "Fine");
  bad_customer["customerId"] = "not-a-guid";
  field_error(bad_customer, "customerId");
  EXPECT_EQ(server->request("POST", reviews_path(p.id), "{not json", c.token).status, 400);
  EXPECT_EQ(server->get(reviews_path("not-a-guid")).status, 400);
  // Nothing was stored.
  EXPECT_EQ(list(p.id).at("items").as_array().size(), 0u);
}

TEST_F(ReviewsTest, OnlyTheCustomerThemselvesMayWrite) {
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine")).status, 401);
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine"), "garbage").status, 401);
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine"), seller->token).status, 403);
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine"), admin->token).status, 403);
  auto support = make_actor(*server, "Support");
  auto super = make_actor(*server, "SuperAdmin");
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine"), support.token).status, 403);
  EXPECT_EQ(server->post(reviews_path(p.id), body(c, 5, "Fine"), super.token).status, 403);
  EXPECT_EQ(server->get("/api/reviews/pending", support.token).status, 403);
  EXPECT_EQ(server->get("/api/reviews/pending", super.token).status, 200);
  auto forged = post(other, p.id, body(c, 1, "Terrible"));  // someone else's customerId
  EXPECT_EQ(forged.status, 403) << forged.body;
  EXPECT_EQ(list(p.id).at("items").as_array().size(), 0u);
}

// A seller shops through a customer profile of the same account; reviewing what they sell
// themselves is refused, another seller's product is not.
TEST_F(ReviewsTest, ASellerMayNotReviewTheirOwnProduct) {
  auto own = make_product(*server, *seller);
  auto other_seller = make_actor(*server, "Seller");
  auto others = make_product(*server, other_seller);
  Actor as_customer = *seller;
  as_customer.role = "Customer";
  as_customer.profile_id = new_uuid_v7();
  probe().add_customer_role(seller->account_id, as_customer.profile_id, "Taras", "Shevchenko",
                            server->clock().now_ms());
  as_customer.token = token_for(*server, *seller, "Customer", as_customer.profile_id);

  auto r = post(as_customer, own.id, 5, "Best product in the shop, buy it!");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json().at("code"), "own_product") << r.body;
  EXPECT_EQ(list(own.id).at("items").as_array().size(), 0u);
  EXPECT_TRUE(product(own.id).at("averageRating").is_null());

  EXPECT_EQ(post(as_customer, others.id, 4).status, 204);
}

TEST_F(ReviewsTest, UnknownAndRemovedProductsAre404) {
  auto c = make_actor(*server, "Customer");
  auto unknown = new_uuid_v7();
  EXPECT_EQ(server->get(reviews_path(unknown)).status, 404);
  EXPECT_EQ(post(c, unknown, 5).status, 404);
  auto p = make_product(*server, *seller);
  auto before = make_actor(*server, "Customer");
  ASSERT_EQ(post(before, p.id, 4).status, 204);
  auto id = own_review_id(before, p.id);
  mark_product_deleted(*server, p.id);
  EXPECT_EQ(server->get(reviews_path(p.id)).status, 404);
  auto r = post(c, p.id, 5);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "product_not_found");
  EXPECT_EQ(
      server->patch(reviews_path(p.id) + "/" + id, body(before, 5, "Edited"), before.token).status,
      404);
  // The author may still take their review down.
  EXPECT_EQ(server->del(reviews_path(p.id) + "/" + id, before.token).status, 204);
}

TEST_F(ReviewsTest, OneReviewPerCustomerAndProductEvenOnADoubleClick) {
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(post(c, p.id, 5).status, 204);
  auto again = post(c, p.id, 1);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "review_exists");

  auto q = make_product(*server, *seller);
  constexpr int kClicks = 6;
  std::vector<Reply> replies(kClicks);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClicks; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = post(c, q.id, 4);
    });
  go = true;
  for (auto& t : threads) t.join();
  int created = 0, conflicts = 0;
  for (const auto& r : replies) {
    if (r.status == 204) ++created;
    if (r.status == 409) ++conflicts;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, kClicks - 1);
  EXPECT_EQ(num(product(q.id).at("reviewsCount")), 1);
  EXPECT_DOUBLE_EQ(num(product(q.id).at("averageRating")), 4);
}

TEST_F(ReviewsTest, ConcurrentReviewsKeepTheAverageExact) {
  auto p = make_product(*server, *seller);
  constexpr int kCustomers = 24;
  std::vector<Actor> customers;
  int64_t sum = 0;
  for (int i = 0; i < kCustomers; ++i) {
    customers.push_back(make_actor(*server, "Customer"));
    sum += 1 + i % 5;
  }
  std::vector<Reply> replies(kCustomers);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCustomers; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      replies[i] = post(customers[i], p.id, 1 + i % 5);
    });
  go = true;
  for (auto& t : threads) t.join();
  for (const auto& r : replies) EXPECT_EQ(r.status, 204) << r.body;
  auto full = product(p.id);
  EXPECT_EQ(num(full.at("reviewsCount")), kCustomers);
  // 72 / 24 = 3.0
  EXPECT_DOUBLE_EQ(num(full.at("averageRating")),
                   std::round(10.0 * static_cast<double>(sum) / kCustomers) / 10.0);
  EXPECT_EQ(list(p.id, "?pageSize=100").at("items").as_array().size(),
            static_cast<std::size_t>(kCustomers));
}

TEST_F(ReviewsTest, TheAuthorEditsAndDeletesAndTheAverageFollows) {
  auto p = listed_product();
  auto a = make_actor(*server, "Customer");
  auto b = make_actor(*server, "Customer");
  ASSERT_EQ(post(a, p.id, 5).status, 204);
  ASSERT_EQ(post(b, p.id, 3).status, 204);
  short_in_category(p);  // cached
  auto id = own_review_id(a, p.id);
  auto path = reviews_path(p.id) + "/" + id;

  json::object edit{{"title", nullptr}, {"text", "After a month: it broke."}, {"rating", 1}};
  EXPECT_EQ(server->patch(path, edit, b.token).status, 403);  // not the author
  EXPECT_EQ(server->patch(path, edit, seller->token).status, 403);
  EXPECT_EQ(server->patch(path, edit).status, 401);
  edit["customerId"] = b.profile_id;
  EXPECT_EQ(server->patch(path, edit, a.token).status, 403);  // someone else's id in the body
  edit.erase("customerId");
  EXPECT_EQ(server->patch(reviews_path(new_uuid_v7()) + "/" + id, edit, a.token).status, 404);
  EXPECT_EQ(server->patch(reviews_path(p.id) + "/" + new_uuid_v7(), edit, a.token).status, 404);
  auto bad = edit;
  bad["rating"] = 9;
  EXPECT_EQ(server->patch(path, bad, a.token).status, 400);
  auto ok = server->patch(path, edit, a.token);
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 2);  // (1 + 3) / 2
  EXPECT_DOUBLE_EQ(num(short_in_category(p).at("averageRating")), 2);
  auto first = list(p.id).at("items").at(0);
  EXPECT_EQ(first.at("text"), "After a month: it broke.");
  EXPECT_TRUE(first.at("title").is_null());

  // Deleting: not someone else's, not as a seller; the author's own goes.
  EXPECT_EQ(server->del(path, b.token).status, 403);
  EXPECT_EQ(server->del(path, seller->token).status, 403);
  EXPECT_EQ(server->del(path, make_actor(*server, "Support").token).status, 403);
  EXPECT_EQ(server->del(path).status, 401);
  EXPECT_EQ(server->del(reviews_path(p.id) + "/" + new_uuid_v7(), a.token).status, 404);
  ASSERT_EQ(server->del(path, a.token).status, 204);
  EXPECT_EQ(server->del(path, a.token).status, 404);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 3);
  EXPECT_EQ(num(short_in_category(p).at("reviewsCount")), 1);
  // A moderator deletes any review.
  auto b_id = own_review_id(b, p.id);
  ASSERT_EQ(server->del(reviews_path(p.id) + "/" + b_id, admin->token).status, 204);
  EXPECT_TRUE(product(p.id).at("averageRating").is_null());
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 0);
  // Having deleted it, the customer may write again.
  EXPECT_EQ(post(a, p.id, 4).status, 204);
}

TEST_F(ReviewsTest, OffensiveLanguageLinksAndSpamAreRefusedWith422) {
  auto p = make_product(*server, *seller);
  auto c = make_actor(*server, "Customer");
  auto refused = [&](const std::string& text, const char* why) {
    auto r = post(c, p.id, 2, text);
    EXPECT_EQ(r.status, 422) << text << " " << r.body;
    EXPECT_EQ(r.code(), "review_rejected") << r.body;
    EXPECT_EQ(reason(r), why) << r.body;
  };
  refused("This is a fucking scam", "profanity");
  refused("Якась хуйня, а не товар", "profanity");
  refused("Полная пизда, не покупайте", "profanity");
  refused("Продавец - сука", "profanity");
  refused("Buy cheaper at http://cheap.example.com and www.cheap.ru", "links");
  refused("Great!!!!!!!!!!!!!!!!", "spam");
  refused("buy buy buy buy buy buy buy buy", "spam");
  auto in_title = post(c, p.id, body(c, 2, "Fine text", std::string("shit")));
  EXPECT_EQ(in_title.status, 422);
  EXPECT_EQ(list(p.id).at("items").as_array().size(), 0u);
  // Ordinary words that contain a listed root are fine ("сукня" is a dress).
  EXPECT_EQ(post(c, p.id, 5, "Гарна сукня, якісна тканина. Рекомендую!").status, 204);
}

TEST_F(ReviewsTest, HeldReviewsWaitForAModerator) {
  auto p = listed_product();
  auto keep = make_actor(*server, "Customer");
  ASSERT_EQ(post(keep, p.id, 2).status, 204);
  auto c = make_actor(*server, "Customer");
  auto r = post(c, p.id, 5, "Also sold at shop.example.com, cheaper");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json().at("status"), "Pending");
  EXPECT_EQ(reason(r), "link");
  auto id = std::string(r.json().at("id").as_string());
  // Not shown, not counted.
  EXPECT_EQ(list(p.id).at("items").as_array().size(), 1u);
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 1);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 2);
  // The author sees it with its status.
  auto mine = own(c);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("status"), "Pending");
  EXPECT_EQ(mine[0].at("holdReason"), "link");

  auto ids = pending_ids();
  EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end());
  // Only moderators see and act on the queue.
  EXPECT_EQ(server->get("/api/reviews/pending").status, 401);
  EXPECT_EQ(server->get("/api/reviews/pending", c.token).status, 403);
  EXPECT_EQ(server->get("/api/reviews/pending", seller->token).status, 403);
  EXPECT_EQ(server->get("/api/reviews/pending?lastId=x", admin->token).status, 400);
  EXPECT_EQ(server->patch("/api/reviews/" + id + "/approve", json::object{}, c.token).status, 403);
  EXPECT_EQ(server->patch("/api/reviews/" + id + "/approve", json::object{}).status, 401);
  EXPECT_EQ(server->del("/api/reviews/" + id, c.token).status, 403);
  EXPECT_EQ(
      server->patch("/api/reviews/" + new_uuid_v7() + "/approve", json::object{}, admin->token)
          .status,
      404);

  short_in_category(p);  // cached
  ASSERT_EQ(server->patch("/api/reviews/" + id + "/approve", json::object{}, admin->token).status,
            204);
  // Approving twice changes nothing.
  ASSERT_EQ(server->patch("/api/reviews/" + id + "/approve", json::object{}, admin->token).status,
            204);
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 2);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 3.5);
  EXPECT_DOUBLE_EQ(num(short_in_category(p).at("averageRating")), 3.5);
  EXPECT_EQ(list(p.id).at("items").as_array().size(), 2u);
  ids = pending_ids();
  EXPECT_EQ(std::find(ids.begin(), ids.end(), id), ids.end());

  // Shouting is held too; a moderator deletes it instead.
  auto d = make_actor(*server, "Customer");
  auto loud = post(d, p.id, 1, "THIS IS THE WORST PURCHASE I HAVE EVER MADE");
  ASSERT_EQ(loud.status, 202) << loud.body;
  EXPECT_EQ(reason(loud), "shouting");
  auto loud_id = std::string(loud.json().at("id").as_string());
  ASSERT_EQ(server->del("/api/reviews/" + loud_id, admin->token).status, 204);
  EXPECT_EQ(server->del("/api/reviews/" + loud_id, admin->token).status, 404);
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 2);
  EXPECT_TRUE(own(d).empty());

  // An edit is moderated again: a published review that gains a link leaves the average.
  auto keep_id = own_review_id(keep, p.id);
  auto edited = server->patch(
      reviews_path(p.id) + "/" + keep_id,
      json::object{{"text", "see my blog at blog.example.com"}, {"rating", 2}}, keep.token);
  ASSERT_EQ(edited.status, 202) << edited.body;
  EXPECT_EQ(num(product(p.id).at("reviewsCount")), 1);
  EXPECT_DOUBLE_EQ(num(product(p.id).at("averageRating")), 5);
}

TEST_F(ReviewsTest, PendingQueueIsACursorPage) {
  std::vector<std::string> mine;
  auto p = make_product(*server, *seller);
  for (int i = 0; i < 3; ++i) {
    auto c = make_actor(*server, "Customer");
    auto r = post(c, p.id, 4, "Write to me: buyer" + std::to_string(i) + "@example.com");
    ASSERT_EQ(r.status, 202) << r.body;
    mine.emplace_back(r.json().at("id").as_string());
  }
  std::vector<std::string> seen;
  std::string query = "?pageSize=1";
  for (int i = 0; i < 100; ++i) {
    auto r = server->get("/api/reviews/pending" + query, admin->token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = r.json().as_object();
    for (const auto& v : page.at("items").as_array()) {
      seen.emplace_back(v.at("id").as_string());
      EXPECT_EQ(v.at("status"), "Pending");
      EXPECT_FALSE(v.at("customerId").as_string().empty());
    }
    if (page.at("nextCursor").is_null()) break;
    query = "?pageSize=1&lastId=" + std::string(page.at("nextCursor").as_string());
  }
  // Oldest first: ours appear in the order written.
  std::vector<std::string> ours;
  for (const auto& id : seen)
    if (std::find(mine.begin(), mine.end(), id) != mine.end()) ours.push_back(id);
  EXPECT_EQ(ours, mine);
}

TEST_F(ReviewsTest, VerifiedPurchaseMeansAPaidOrDeliveredOrder) {
  auto p = make_product(*server, *seller);
  auto buyer = make_actor(*server, "Customer");
  auto browser = make_actor(*server, "Customer");
  auto placed = place(*server, buyer, buy_body(buyer, p));
  ASSERT_EQ(placed.status, 204) << placed.body;
  ASSERT_EQ(post(buyer, p.id, 5).status, 204);
  ASSERT_EQ(post(browser, p.id, 1).status, 204);
  auto flags = [&] {
    std::map<std::string, bool> out;
    auto page = list(p.id);
    for (const auto& v : page.at("items").as_array())
      out[std::string(v.at("rating") == json::value(5) ? "buyer" : "browser")] =
          v.at("verifiedPurchase").as_bool();
    return out;
  };
  // Placed but neither paid nor delivered: not yet.
  EXPECT_FALSE(flags()["buyer"]);
  probe().mark_delivered_and_paid(buyer.profile_id);
  EXPECT_TRUE(flags()["buyer"]);
  EXPECT_FALSE(flags()["browser"]);
}

TEST_F(ReviewsTest, CustomersListOnlyTheirOwnReviews) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  ASSERT_EQ(post(c, p.id, 3).status, 204);
  auto mine = own(c);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("status"), "Published");
  EXPECT_EQ(server->get("/api/customers/" + c.profile_id + "/reviews", other.token).status, 403);
  EXPECT_EQ(server->get("/api/customers/" + c.profile_id + "/reviews", admin->token).status, 403);
  EXPECT_EQ(server->get("/api/customers/" + c.profile_id + "/reviews").status, 401);
}

TEST_F(ReviewsTest, ListingsAndSearchSortAndFilterByRating) {
  auto first = listed_product();
  auto in_category = [&](const std::string& title) {
    ProductSpec spec;
    spec.category_id = first.category_id;
    spec.title = title;
    auto p = make_product(*server, *seller, spec);
    probe().count_one_more_product(p.category_id);
    return p;
  };
  auto best = in_category("Zorblax lamp best");
  auto middle = in_category("Zorblax lamp middle");
  auto unrated = in_category("Zorblax lamp unrated");
  for (int rating : {5, 4}) {
    auto c = make_actor(*server, "Customer");
    ASSERT_EQ(post(c, best.id, rating).status, 204);  // 4.5
  }
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(post(c, middle.id, 3).status, 204);
  ASSERT_EQ(post(c, first.id, 1).status, 204);

  auto ids = [](const json::value& items) {
    std::vector<std::string> out;
    for (const auto& v : items.as_array()) out.emplace_back(v.at("id").as_string());
    return out;
  };
  auto page = [&](const std::string& query) {
    auto r =
        server->get("/api/products/category/" + first.category_id + "/page/1?pageSize=10" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  auto sorted = page("&sortBy=rating");
  EXPECT_EQ(ids(sorted.at("items")),
            (std::vector<std::string>{best.id, middle.id, first.id, unrated.id}));
  EXPECT_EQ(num(sorted.at("totalItems")), 4);
  auto good = page("&minRating=3");
  EXPECT_EQ(num(good.at("totalItems")), 2);
  // Same prices: the original order (price, then id).
  EXPECT_EQ(ids(good.at("items")), (std::vector<std::string>{best.id, middle.id}));
  auto top = page("&sortBy=Rating&minRating=4.5");
  EXPECT_EQ(ids(top.at("items")), (std::vector<std::string>{best.id}));
  EXPECT_EQ(num(top.at("totalPages")), 1);
  // The price-ordered page (the original's) is unchanged and cached separately.
  EXPECT_EQ(num(page("").at("totalItems")), 4);
  for (const char* bad :
       {"?sortBy=stars", "?minRating=6", "?minRating=4.55", "?minRating=0", "?minRating=x"}) {
    auto r = server->get("/api/products/category/" + first.category_id + "/page/1" + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }

  auto search = server->get("/api/products/search?searchQuery=zorblax&sortBy=rating");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(ids(search.json()), (std::vector<std::string>{best.id, middle.id, unrated.id}));
  auto rated = server->get("/api/products/search/category/" + first.category_id +
                           "?searchQuery=zorblax&minRating=4");
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(ids(rated.json()), (std::vector<std::string>{best.id}));
  EXPECT_EQ(server->get("/api/products/search?searchQuery=zorblax&minRating=9").status, 400);

  auto filter = [&](json::object extra) {
    json::object b{{"categoryId", first.category_id}, {"filtrationAttribute", json::array{}}};
    for (auto& [k, v] : extra) b[k] = v;
    return server->post("/api/products/filter-by-attributes", b);
  };
  auto f = filter({{"sortBy", "rating"}, {"minRating", 3}});
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(ids(f.json()), (std::vector<std::string>{best.id, middle.id}));
  auto f2 = filter({{"minRating", 4.5}});
  ASSERT_EQ(f2.status, 200) << f2.body;
  EXPECT_EQ(ids(f2.json()), (std::vector<std::string>{best.id}));
  auto bad = filter({{"minRating", 7}, {"sortBy", 1}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("minRating")) << bad.body;
  EXPECT_TRUE(bad.json().at("errors").as_object().contains("sortBy")) << bad.body;
}

}  // namespace
}  // namespace wolfix::test
