// Seller applications: a customer applies (multipart with a document), admins list pending ones
// and approve (Seller role + seller profile + category, in one transaction) or reject.
#include <atomic>
#include <thread>

#include "catalog_fixtures.hpp"
#include "common/uuid.hpp"
#include "fixtures.hpp"
#include "multipart_builder.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

const std::string kBoundary = "----wolfix-seller-test-boundary";
const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

struct Part {
  std::string name;
  std::string value;
  std::optional<std::string> filename;
  std::string content_type = "application/pdf";
};

std::string multipart_body(const std::vector<Part>& parts) {
  std::string b;
  for (const auto& p : parts) {
    b += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (p.filename) b += "; filename=\"" + *p.filename + "\"\r\nContent-Type: " + p.content_type;
    b += "\r\n\r\n" + p.value + "\r\n";
  }
  return b + "--" + kBoundary + "--\r\n";
}

class SellerApplicationTest : public ServerSuite<SellerApplicationTest> {
 public:
  static void prepare(TestServer& s) { admin = new Actor(make_actor(s, "Admin")); }
  static void finish() { delete admin; }

 protected:
  static inline Actor* admin = nullptr;

  // A complete, valid form for a category; tests change or drop fields.
  static std::vector<Part> form(const TestCategory& c) {
    return {{"FirstName", "Ivan"},
            {"LastName", "Franko"},
            {"MiddleName", "Yakovych"},
            {"PhoneNumber", "+380501112233"},
            {"City", "Lviv"},
            {"Street", "Rynok"},
            {"HouseNumber", "10"},
            {"ApartmentNumber", "3"},
            {"BirthDate", "1985-08-27"},
            {"CategoryId", c.id},
            {"CategoryName", c.name},
            {"Document", kPdf, "passport.pdf"}};
  }
  static std::vector<Part> without(std::vector<Part> parts, const std::string& name) {
    std::erase_if(parts, [&](const Part& p) { return p.name == name; });
    return parts;
  }
  static std::vector<Part> with(std::vector<Part> parts, const std::string& name,
                                const std::string& value) {
    for (auto& p : parts)
      if (p.name == name) p.value = value;
    return parts;
  }
  static Reply apply(const Actor& who, const std::vector<Part>& parts,
                     const std::string& account_id = "") {
    return server->request(
        "POST", "/api/seller-applications/" + (account_id.empty() ? who.account_id : account_id),
        multipart_body(parts), who.token,
        {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  }
  static json::array pending() {
    auto r = server->get("/api/seller-applications", admin->token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_array();
  }
  // The pending application of an account, or an empty string.
  static std::string application_of(const Actor& who) {
    for (const auto& a : pending())
      if (a.at("accountId") == who.account_id.c_str()) return std::string(a.at("id").as_string());
    return "";
  }
  static Reply decide(const std::string& id, const std::string& what,
                      const std::string& token = "") {
    return server->request("PATCH", "/api/seller-applications/" + id + "/" + what, "",
                           token.empty() ? admin->token : token);
  }
  static std::optional<std::string> seller_role_profile(const Actor& who) {
    return probe().role_profile(who.account_id, "Seller");
  }
  static int64_t sellers_of(const Actor& who) { return probe().seller_profiles_of(who.account_id); }
};

TEST_F(SellerApplicationTest, ApplyListApprove) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto r = apply(c, form(cat));
  ASSERT_EQ(r.status, 204) << r.body;

  json::value app;
  for (const auto& a : pending())
    if (a.at("accountId") == c.account_id.c_str()) app = a;
  ASSERT_TRUE(app.is_object());
  EXPECT_EQ(app.at("categoryName"), cat.name.c_str());
  EXPECT_EQ(app.at("categoryId"), cat.id.c_str());
  EXPECT_EQ(app.at("status"), 0);
  const auto& data = app.at("sellerProfileData");
  EXPECT_EQ(data.at("fullName").at("firstName"), "Ivan");
  EXPECT_EQ(data.at("fullName").at("middleName"), "Yakovych");
  EXPECT_EQ(data.at("phoneNumber").at("value"), "+380501112233");
  EXPECT_EQ(data.at("address").at("city"), "Lviv");
  EXPECT_EQ(data.at("address").at("houseNumber"), 10);
  EXPECT_EQ(data.at("address").at("apartmentNumber"), 3);
  EXPECT_EQ(data.at("birthDate").at("value"), "1985-08-27");
  // The document was stored and is served at its URL, to admins and the applicant only
  // (issue 15 #16: it was served to anyone with the URL, cached as public).
  std::string url(app.at("documentUrl").as_string());
  ASSERT_EQ(url.rfind("/media/documents/", 0), 0u) << url;
  auto doc = server->get(url, admin->token);
  EXPECT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body, kPdf);
  EXPECT_EQ(doc.headers["cache-control"], "private, no-store");
  auto own = server->get(url, c.token);
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body, kPdf);
  EXPECT_EQ(own.headers["cache-control"], "private, no-store");
  EXPECT_NE(own.headers["content-security-policy"].find("sandbox"), std::string::npos);
  EXPECT_EQ(server->get(url).status, 401);
  auto other = make_actor(*server, "Customer");
  auto stranger = server->get(url, other.token);
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(stranger.body.find("%PDF"), std::string::npos);

  std::string id(app.at("id").as_string());
  ASSERT_EQ(decide(id, "approve").status, 204);
  EXPECT_TRUE(application_of(c).empty());

  auto seller_id = seller_role_profile(c);
  ASSERT_TRUE(seller_id);
  auto token = token_for(*server, c, "Seller", *seller_id);
  auto profile = server->get("/api/sellers/" + *seller_id, token);
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_EQ(profile.json().at("fullName").at("lastName"), "Franko");
  EXPECT_EQ(profile.json().at("phoneNumber"), "+380501112233");
  EXPECT_EQ(profile.json().at("address").at("street"), "Rynok");
  EXPECT_EQ(profile.json().at("birthDate"), "1985-08-27");
  auto cats = server->get("/api/sellers/" + *seller_id + "/categories", token);
  ASSERT_EQ(cats.status, 200);
  ASSERT_EQ(cats.json().as_array().size(), 1u);
  EXPECT_EQ(cats.json().at(0).at("categoryId"), cat.id.c_str());
  EXPECT_EQ(cats.json().at(0).at("name"), cat.name.c_str());

  // Once decided, an application cannot be decided again.
  auto again = decide(id, "approve");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.code(), "application_decided");
  EXPECT_EQ(again.message(), "Application is already approved or rejected");
  EXPECT_EQ(decide(id, "reject").status, 409);
  EXPECT_EQ(sellers_of(c), 1);

  // A seller cannot apply again.
  auto more = apply(c, form(make_category(*server)));
  EXPECT_EQ(more.status, 409);
  EXPECT_EQ(more.code(), "already_seller");
}

// A photo of a passport is as private as a PDF: it goes to the private folder too, never to the
// public photos, and GET /media/... never serves that folder.
TEST_F(SellerApplicationTest, APhotoDocumentIsPrivateToo) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto parts = without(form(cat), "Document");
  auto png = test_png(16);
  parts.push_back({"Document", png, "passport.png", "image/png"});
  ASSERT_EQ(apply(c, parts).status, 204);
  std::string url;
  for (const auto& a : pending())
    if (a.at("accountId") == c.account_id.c_str())
      url = std::string(a.at("documentUrl").as_string());
  ASSERT_EQ(url.rfind("/media/documents/", 0), 0u) << url;
  EXPECT_EQ(server->get(url).status, 401);
  auto own = server->get(url, c.token);
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body, png);
  EXPECT_EQ(own.headers["content-type"], "image/png");
  // Through the public media route with the file's name in another shape: still not served.
  std::string file = url.substr(std::string("/media/documents/").size());
  EXPECT_EQ(server->get("/media/documents//" + file).status / 100, 4);
  EXPECT_EQ(server->get("/media/documents%2F" + file).status / 100, 4);
  EXPECT_EQ(server->get("/media/documents/" + file + "?x=1").status, 401);
}

TEST_F(SellerApplicationTest, RejectThenApplyAgain) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(apply(c, form(cat)).status, 204);
  auto id = application_of(c);
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(decide(id, "reject").status, 204);
  EXPECT_TRUE(application_of(c).empty());
  EXPECT_EQ(decide(id, "reject").status, 409);
  EXPECT_EQ(decide(id, "approve").status, 409);
  EXPECT_FALSE(seller_role_profile(c));
  EXPECT_EQ(sellers_of(c), 0);
  EXPECT_EQ(apply(c, form(cat)).status, 204);
  EXPECT_FALSE(application_of(c).empty());
}

TEST_F(SellerApplicationTest, OnePendingApplicationPerAccount) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(apply(c, form(cat)).status, 204);
  auto r = apply(c, form(cat));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "application_pending");

  auto d = make_actor(*server, "Customer");
  std::atomic<int> created{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      auto res = apply(d, form(cat));
      if (res.status == 204) ++created;
      if (res.status == 409) ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 5);
}

TEST_F(SellerApplicationTest, ConcurrentApprovalsMakeExactlyOneSeller) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(apply(c, form(cat)).status, 204);
  auto id = application_of(c);
  auto admin2 = make_actor(*server, "Admin");
  std::atomic<int> approved{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto res = decide(id, "approve", i % 2 ? admin2.token : admin->token);
      if (res.status == 204) ++approved;
      if (res.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(approved.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(sellers_of(c), 1);
  auto seller_id = seller_role_profile(c);
  ASSERT_TRUE(seller_id);
  int64_t categories = probe().seller_categories(*seller_id);
  EXPECT_EQ(categories, 1);
}

TEST_F(SellerApplicationTest, InvalidFieldsAre400WithWolfixMessages) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  struct Case {
    std::vector<Part> parts;
    std::string field;
    std::string message;
  };
  std::vector<Case> cases = {
      {without(form(cat), "FirstName"), "firstName", "firstName cannot be null or empty"},
      {with(form(cat), "LastName", "  "), "lastName", "lastName cannot be null or empty"},
      {with(form(cat), "PhoneNumber", "12345"), "phoneNumber", "value is not valid"},
      {without(form(cat), "City"), "city", "city cannot be null or empty"},
      {with(form(cat), "HouseNumber", "ten"), "houseNumber", ""},
      {with(form(cat), "HouseNumber", "-1"), "houseNumber", ""},
      {without(form(cat), "HouseNumber"), "houseNumber", "houseNumber is required"},
      {with(form(cat), "ApartmentNumber", "x"), "apartmentNumber", ""},
      {with(form(cat), "BirthDate", "2999-01-01"), "birthDate", "year cannot be in the future"},
      {with(form(cat), "BirthDate", "27.08.1985"), "birthDate", ""},
      {with(form(cat), "CategoryId", "nope"), "categoryId", ""},
      {with(form(cat), "CategoryName", " "), "categoryName", "categoryName cannot be empty"},
      {without(form(cat), "Document"), "document", "document is required"},
  };
  for (const auto& k : cases) {
    auto r = apply(c, k.parts);
    EXPECT_EQ(r.status, 400) << k.field << ": " << r.body;
    EXPECT_EQ(r.json().at("errors").as_object().count(k.field), 1u) << k.field << ": " << r.body;
    if (!k.message.empty()) EXPECT_EQ(r.message(), k.message) << k.field;
  }
  // Middle name and apartment are optional.
  auto ok = apply(c, without(without(form(cat), "MiddleName"), "ApartmentNumber"));
  EXPECT_EQ(ok.status, 204) << ok.body;
  // Blank ones are absent, as forms send a field the user left empty (issue 11.1).
  auto other = make_actor(*server, "Customer");
  auto blank = apply(other, with(with(form(cat), "MiddleName", "  "), "ApartmentNumber", ""));
  EXPECT_EQ(blank.status, 204) << blank.body;
  for (const auto& a : pending())
    if (a.at("accountId") == other.account_id.c_str()) {
      EXPECT_TRUE(a.at("sellerProfileData").at("fullName").at("middleName").is_null()) << a;
      EXPECT_TRUE(a.at("sellerProfileData").at("address").at("apartmentNumber").is_null()) << a;
    }
  EXPECT_FALSE(application_of(other).empty());
}

TEST_F(SellerApplicationTest, DocumentMustBeAPdfOrPhotoOfBoundedSize) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto parts = form(cat);
  parts.back() = Part{"Document", "<html><script>alert(1)</script></html>", "passport.pdf"};
  auto r = apply(c, parts);
  EXPECT_EQ(r.status, 415) << r.body;
  parts.back() = Part{"Document", "%PDF-" + std::string(11u << 20, 'x'), "big.pdf"};
  r = apply(c, parts);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  r = server->post("/api/seller-applications/" + c.account_id, json::object{{"firstName", "A"}},
                   c.token);
  EXPECT_EQ(r.status, 415);
  EXPECT_TRUE(application_of(c).empty());
}

TEST_F(SellerApplicationTest, CategoryMustBeAnExistingChildWithThatName) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto unknown = new_uuid_v7();
  auto r = apply(c, with(form(cat), "CategoryId", unknown));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.code(), "category_not_found");
  r = apply(c, with(form(cat), "CategoryId", cat.parent_id));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), "category_not_child");
  r = apply(c, with(form(cat), "CategoryName", cat.name + "x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.code(), "category_name_mismatch");
  EXPECT_TRUE(application_of(c).empty());
}

TEST_F(SellerApplicationTest, OnlyForOnesOwnAccountAsCustomer) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto seller = make_actor(*server, "Seller");
  EXPECT_EQ(apply(c, form(cat), other.account_id).status, 403);
  EXPECT_EQ(apply(c, form(cat), "not-a-guid").status, 400);
  EXPECT_EQ(apply(seller, form(cat)).status, 403);
  EXPECT_EQ(
      server
          ->request("POST", "/api/seller-applications/" + c.account_id, multipart_body(form(cat)),
                    "", {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}})
          .status,
      401);
  EXPECT_TRUE(application_of(other).empty());
  EXPECT_TRUE(application_of(c).empty());
}

TEST_F(SellerApplicationTest, AnAccountThatIsAlreadyASellerCannotApply) {
  auto cat = make_category(*server);
  auto seller = make_actor(*server, "Seller");
  // The same account also holds the Customer role.
  auto customer_id = new_uuid_v7();
  probe().add_customer_role(seller.account_id, customer_id, std::nullopt, std::nullopt, 0);
  Actor as_customer = seller;
  as_customer.token = token_for(*server, seller, "Customer", customer_id);
  auto r = apply(as_customer, form(cat));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.message(), "User already has seller role");
}

TEST_F(SellerApplicationTest, AdminRoutesNeedTheAdminRole) {
  auto c = make_actor(*server, "Customer");
  auto super = make_actor(*server, "SuperAdmin");
  EXPECT_EQ(server->get("/api/seller-applications", c.token).status, 403);
  EXPECT_EQ(server->get("/api/seller-applications", super.token).status, 403);
  EXPECT_EQ(server->get("/api/seller-applications").status, 401);
  auto cat = make_category(*server);
  ASSERT_EQ(apply(c, form(cat)).status, 204);
  auto id = application_of(c);
  EXPECT_EQ(decide(id, "approve", c.token).status, 403);
  EXPECT_EQ(decide(id, "reject", super.token).status, 403);
  EXPECT_FALSE(application_of(c).empty());
  auto unknown = decide(new_uuid_v7(), "approve");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code(), "application_not_found");
  EXPECT_EQ(decide(new_uuid_v7(), "reject").status, 404);
  EXPECT_EQ(decide("nope", "approve").status, 400);
}

TEST_F(SellerApplicationTest, ApprovalFailsCleanlyWhenTheCategoryIsGone) {
  auto cat = make_category(*server);
  auto c = make_actor(*server, "Customer");
  ASSERT_EQ(apply(c, form(cat)).status, 204);
  auto id = application_of(c);
  probe().mark_category_deleted(cat.id, server->clock().now_ms());
  auto r = decide(id, "approve");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.code(), "category_gone");
  // Nothing happened: still pending, no role, no seller.
  EXPECT_EQ(application_of(c), id);
  EXPECT_FALSE(seller_role_profile(c));
  EXPECT_EQ(sellers_of(c), 0);
  EXPECT_EQ(decide(id, "reject").status, 204);
  // Nor can anyone apply for it any more.
  auto late = apply(c, form(cat));
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(late.code(), "category_not_found");
}

TEST_F(SellerApplicationTest, ARemovedSellerMayApplyAndComeBack) {
  auto first = make_category(*server);
  auto second = make_category(*server);
  auto c = make_actor(*server, "Customer");
  auto super = make_actor(*server, "SuperAdmin");
  ASSERT_EQ(apply(c, form(first)).status, 204);
  ASSERT_EQ(decide(application_of(c), "approve").status, 204);
  auto seller_id = *seller_role_profile(c);
  ASSERT_EQ(server->del("/api/sellers/" + seller_id, super.token).status, 204);
  EXPECT_FALSE(seller_role_profile(c));

  ASSERT_EQ(apply(c, with(form(second), "FirstName", "Ivanna")).status, 204);
  ASSERT_EQ(decide(application_of(c), "approve").status, 204);
  EXPECT_EQ(seller_role_profile(c), seller_id);
  EXPECT_EQ(sellers_of(c), 1);
  auto token = token_for(*server, c, "Seller", seller_id);
  auto profile = server->get("/api/sellers/" + seller_id, token);
  ASSERT_EQ(profile.status, 200);
  EXPECT_EQ(profile.json().at("fullName").at("firstName"), "Ivanna");
  auto cats = server->get("/api/sellers/" + seller_id + "/categories", token).json().as_array();
  ASSERT_EQ(cats.size(), 1u);
  EXPECT_EQ(cats[0].at("categoryId"), second.id.c_str());
}

}  // namespace
}  // namespace wolfix::test
