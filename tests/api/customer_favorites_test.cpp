// Favorites: add (idempotent), list with current prices, remove; ownership.
#include "catalog_api_helpers.hpp"
#include "catalog_fixtures.hpp"
#include "common/uuid.hpp"
#include "fixtures.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class CustomerFavoritesTest : public ShopSuite<CustomerFavoritesTest> {
 protected:
  Reply add(const Actor& c, const std::string& customer_id, const std::string& product_id) {
    return server->post("/api/customers/favorites",
                        json::object{{"customerId", customer_id}, {"productId", product_id}},
                        c.token);
  }
  json::array list(const Actor& c) {
    auto r = server->get("/api/customers/favorites/" + c.profile_id, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array();
  }
};

TEST_F(CustomerFavoritesTest, AddAndListWithCurrentPrices) {
  auto c = make_actor(*server, "Customer");
  ProductSpec spec;
  spec.price_minor = 20000;
  spec.discount_percent = 15;
  spec.bonuses_minor = 200;
  spec.main_photo_url = "/media/photos/x.jpg";
  auto p = make_product(*server, *seller, spec);
  auto r = add(c, c.profile_id, p.id);
  ASSERT_EQ(r.status, 204) << r.body;

  auto items = list(c);
  ASSERT_EQ(items.size(), 1u);
  const auto& f = items[0];
  EXPECT_FALSE(f.at("id").as_string().empty());
  EXPECT_EQ(f.at("productId"), p.id.c_str());
  EXPECT_EQ(f.at("title"), p.title.c_str());
  // Stored root-relative, answered on the origin the client reached.
  EXPECT_EQ(f.at("photoUrl"), server->base_url() + "/media/photos/x.jpg");
  EXPECT_DOUBLE_EQ(num(f.at("averageRating")), 0);
  EXPECT_DOUBLE_EQ(num(f.at("price")), 200.00);
  EXPECT_DOUBLE_EQ(num(f.at("finalPrice")), 170.00);
  EXPECT_DOUBLE_EQ(num(f.at("bonuses")), 2.00);
  EXPECT_EQ(f.at("customerId"), c.profile_id.c_str());
  EXPECT_EQ(f.at("available"), true);

  set_product_price(*server, p.id, 30000);
  EXPECT_DOUBLE_EQ(num(list(c)[0].at("finalPrice")), 255.00);
}

TEST_F(CustomerFavoritesTest, AddingTwiceKeepsOneFavorite) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  ASSERT_EQ(add(c, c.profile_id, p.id).status, 204);
  auto id = std::string(list(c)[0].at("id").as_string());
  EXPECT_EQ(add(c, c.profile_id, p.id).status, 204);
  auto items = list(c);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id"), id.c_str());
}

TEST_F(CustomerFavoritesTest, UnavailableProductsMayBeFavoritedAndShowAsSuch) {
  auto c = make_actor(*server, "Customer");
  ProductSpec spec;
  spec.status = "NotAvailable";
  auto off = make_product(*server, *seller, spec);
  ASSERT_EQ(add(c, c.profile_id, off.id).status, 204);
  auto kept = make_product(*server, *seller);
  ASSERT_EQ(add(c, c.profile_id, kept.id).status, 204);
  mark_product_deleted(*server, kept.id);
  auto items = list(c);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("available"), false);
  EXPECT_EQ(items[1].at("available"), false);
}

TEST_F(CustomerFavoritesTest, UnknownOrDeletedProductIs404) {
  auto c = make_actor(*server, "Customer");
  auto r = add(c, c.profile_id, new_uuid_v7());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "product_not_found");
  auto gone = make_product(*server, *seller);
  mark_product_deleted(*server, gone.id);
  EXPECT_EQ(add(c, c.profile_id, gone.id).status, 404);
  EXPECT_TRUE(list(c).empty());
}

TEST_F(CustomerFavoritesTest, BadInputIs400) {
  auto c = make_actor(*server, "Customer");
  EXPECT_EQ(add(c, c.profile_id, "nope").status, 400);
  EXPECT_EQ(add(c, "nope", new_uuid_v7()).status, 400);
  EXPECT_EQ(server->post("/api/customers/favorites", json::object{}, c.token).status, 400);
  EXPECT_EQ(server->get("/api/customers/favorites/nope", c.token).status, 400);
}

TEST_F(CustomerFavoritesTest, OnlyTheOwner) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  EXPECT_EQ(add(c, other.profile_id, p.id).status, 403);
  EXPECT_TRUE(list(other).empty());
  EXPECT_EQ(server->get("/api/customers/favorites/" + other.profile_id, c.token).status, 403);
  EXPECT_EQ(server->get("/api/customers/favorites/" + c.profile_id, seller->token).status, 403);
  EXPECT_EQ(server->get("/api/customers/favorites/" + c.profile_id).status, 401);

  ASSERT_EQ(add(other, other.profile_id, p.id).status, 204);
  auto others_item = std::string(list(other)[0].at("id").as_string());
  EXPECT_EQ(server->del("/api/customers/favorites/" + other.profile_id + "/" + others_item, c.token)
                .status,
            403);
  EXPECT_EQ(
      server->del("/api/customers/favorites/" + c.profile_id + "/" + others_item, c.token).status,
      404);
  EXPECT_EQ(list(other).size(), 1u);
}

TEST_F(CustomerFavoritesTest, Remove) {
  auto c = make_actor(*server, "Customer");
  auto p = make_product(*server, *seller);
  ASSERT_EQ(add(c, c.profile_id, p.id).status, 204);
  auto id = std::string(list(c)[0].at("id").as_string());
  std::string path = "/api/customers/favorites/" + c.profile_id + "/" + id;
  EXPECT_EQ(server->del(path, c.token).status, 204);
  EXPECT_TRUE(list(c).empty());
  auto again = server->del(path, c.token);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.code(), "favorite_item_not_found");
  EXPECT_EQ(server->del("/api/customers/favorites/" + c.profile_id + "/bad", c.token).status, 400);
}

TEST_F(CustomerFavoritesTest, UnknownCustomerIs404) {
  auto c = make_actor(*server, "Customer");
  auto ghost_id = new_uuid_v7();
  auto ghost = token_for(*server, c, "Customer", ghost_id);
  EXPECT_EQ(server->get("/api/customers/favorites/" + ghost_id, ghost).status, 404);
  auto p = make_product(*server, *seller);
  auto r = server->post("/api/customers/favorites",
                        json::object{{"customerId", ghost_id}, {"productId", p.id}}, ghost);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "customer_not_found");
}

}  // namespace
}  // namespace wolfix::test
