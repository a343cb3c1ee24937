// SuperAdmin's staff management, the same rules for admins (/api/admins) and the support staff
// (/api/supports): pages, creation (new account, or an existing customer's with its password),
// validation before any account exists, conflicts, removal of the role or the whole account, and
// a removed member's token losing its role at once.
#include <algorithm>
#include <atomic>
#include <thread>

#include "identity/model.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

struct StaffKind {
  const char* name;
  const char* base;       // "/api/admins"
  const char* role;       // "Admin"
  bool with_phone;        // admins have a phone number
  const char* id_header;  // the new profile's id, an addition to the original's 204
  // A route only this role may use (the token works at once, and no longer after removal).
  const char* own_route;
};

void PrintTo(const StaffKind& k, std::ostream* os) {
  *os << k.name;
}

const StaffKind kAdmins{"Admins", "/api/admins", "Admin",
                        true,     "x-admin-id",  "/api/seller-applications"};
const StaffKind kSupports{"Supports", "/api/supports", "Support",
                          false,      "x-support-id",  "/api/support-requests"};

std::string str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

class StaffAccountsTest : public ServerSuite<StaffAccountsTest>,
                          public ::testing::WithParamInterface<StaffKind> {
 public:
  static void prepare(TestServer& s) {
    super = std::make_unique<Actor>(make_actor(s, "SuperAdmin"));
  }
  static void finish() { super.reset(); }

 protected:
  static inline std::unique_ptr<Actor> super;
  const StaffKind& kind() const { return GetParam(); }

  // A valid body with a unique e-mail and name.
  json::object body(const std::string& email = "") {
    static std::atomic<int> n{0};
    json::object b{{"email", email.empty() ? unique_email("staff") : email},
                   {"password", "Staff-pass1!"},
                   {"firstName", "Ivan"},
                   {"lastName", "Petrenko" + std::to_string(++n)},
                   {"middleName", "Ivanovych"}};
    if (kind().with_phone) b["phoneNumber"] = "+380931112233";
    return b;
  }
  Reply create(const json::object& b, const std::string& token = "") {
    return server->post(kind().base, b, token.empty() ? super->token : token);
  }
  // Creates one and answers its profile id.
  std::string created(const json::object& b) {
    auto r = create(b);
    EXPECT_EQ(r.status, 204) << r.body;
    return r.headers[kind().id_header];
  }
  json::value page(int page = 1, int size = 100) {
    auto r = server->get(std::string(kind().base) + "/page/" + std::to_string(page) +
                             "?pageSize=" + std::to_string(size),
                         super->token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::optional<json::object> listed(const std::string& id) {
    auto p = page();
    for (const auto& it : p.at("items").as_array())
      if (it.at("id") == id.c_str()) return it.as_object();
    return std::nullopt;
  }
  Reply token(const std::string& email, const std::string& password, const std::string& role) {
    return server->post("/api/account/token",
                        json::object{{"email", email}, {"password", password}, {"role", role}});
  }
  int64_t accounts_with(const std::string& email) { return probe().accounts_with_email(email); }
  std::vector<std::string> roles_of(const std::string& email, const std::string& password) {
    auto r =
        server->post("/api/account/roles", json::object{{"email", email}, {"password", password}});
    std::vector<std::string> out;
    if (r.status != 200) return out;
    auto body = r.json();
    for (const auto& v : body.at("roles").as_array()) out.emplace_back(v.as_string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_P(StaffAccountsTest, CreateMakesAnAccountWithTheRoleListedOnThePage) {
  auto b = body();
  auto id = created(b);
  ASSERT_FALSE(id.empty());
  auto item = listed(id);
  ASSERT_TRUE(item) << "listed";
  EXPECT_EQ(item->at("firstName"), "Ivan");
  EXPECT_EQ(item->at("lastName"), b.at("lastName"));
  EXPECT_EQ(item->at("middleName"), "Ivanovych");
  if (kind().with_phone)
    EXPECT_EQ(item->at("phoneNumber"), "+380931112233");
  else
    EXPECT_FALSE(item->contains("phoneNumber"));
  EXPECT_EQ(roles_of(str(b.at("email")), "Staff-pass1!"), std::vector<std::string>{kind().role});

  // The token for the new role names the new profile and works on the role's routes at once.
  auto t = token(str(b.at("email")), "Staff-pass1!", kind().role);
  ASSERT_EQ(t.status, 200) << t.body;
  auto me = server->get("/api/account/me", str(t.json()));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json().at("profileId"), id.c_str());
  EXPECT_EQ(server->get(kind().own_route, str(t.json())).status, 200);
}

TEST_P(StaffAccountsTest, MiddleNameMayBeNullOrAbsent) {
  auto b = body();
  b["middleName"] = nullptr;
  auto id = created(b);
  auto item = listed(id);
  ASSERT_TRUE(item);
  EXPECT_TRUE(item->at("middleName").is_null());
  auto c = body();
  c.erase("middleName");
  EXPECT_EQ(create(c).status, 204);
  // A blank optional string is absent (as everywhere in Wolfix's JSON).
  auto d = body();
  d["middleName"] = "  ";
  auto blank = listed(created(d));
  ASSERT_TRUE(blank);
  EXPECT_TRUE(blank->at("middleName").is_null());
}

TEST_P(StaffAccountsTest, PagesHaveWolfixShapeAndCheckTheirBounds) {
  for (int i = 0; i < 3; ++i) created(body());
  auto all = page(1, 100);
  int64_t total = all.at("totalItems").as_int64();
  ASSERT_GE(total, 3);
  auto p = page(2, 2);
  EXPECT_EQ(p.at("currentPage"), 2);
  EXPECT_EQ(p.at("totalItems"), total);
  EXPECT_EQ(p.at("totalPages"), (total + 1) / 2);
  EXPECT_LE(p.at("items").as_array().size(), 2u);
  // The second page starts where the first ends (creation order).
  auto first_page = page(1, 2);
  const auto& first = first_page.at("items").as_array();
  EXPECT_EQ(first.at(0).at("id"), all.at("items").at(0).at("id"));
  EXPECT_EQ(p.at("items").at(0).at("id"), all.at("items").at(2).at("id"));
  auto beyond = page(1000, 10);
  EXPECT_TRUE(beyond.at("items").as_array().empty());
  EXPECT_EQ(beyond.at("totalItems"), total);
  std::string base = kind().base;
  EXPECT_EQ(server->get(base + "/page/0", super->token).status, 400);
  EXPECT_EQ(server->get(base + "/page/-1", super->token).status, 400);
  EXPECT_EQ(server->get(base + "/page/x", super->token).status, 400);
  EXPECT_EQ(server->get(base + "/page/1?pageSize=0", super->token).status, 400);
  EXPECT_EQ(server->get(base + "/page/1?pageSize=101", super->token).status, 400);
  auto dflt = server->get(base + "/page/1", super->token);
  ASSERT_EQ(dflt.status, 200);
  EXPECT_EQ(dflt.json().at("totalPages"), (total + 49) / 50);
}

TEST_P(StaffAccountsTest, InvalidProfileIsRefusedBeforeAnyAccountExists) {
  auto b = body();
  b["firstName"] = " ";
  b.erase("lastName");
  if (kind().with_phone) b["phoneNumber"] = "0931112233";
  b["email"] = "not-an-email";
  auto r = create(b);
  ASSERT_EQ(r.status, 400) << r.body;
  auto errors = r.json().at("errors").as_object();
  EXPECT_TRUE(errors.contains("firstName"));
  EXPECT_TRUE(errors.contains("lastName"));
  EXPECT_TRUE(errors.contains("email"));
  EXPECT_EQ(errors.contains("phoneNumber"), kind().with_phone);

  // A valid e-mail with a bad profile leaves no account behind.
  auto c = body();
  c["firstName"] = "";
  if (kind().with_phone) c["phoneNumber"] = "+38093";
  ASSERT_EQ(create(c).status, 400);
  EXPECT_EQ(accounts_with(str(c.at("email"))), 0);

  // A new account's password follows identity's policy; nothing is created.
  auto d = body();
  d["password"] = "short";
  auto weak = create(d);
  ASSERT_EQ(weak.status, 400) << weak.body;
  EXPECT_TRUE(weak.json().at("errors").as_object().contains("password"));
  EXPECT_EQ(accounts_with(str(d.at("email"))), 0);

  auto e = body();
  e.erase("password");
  e["firstName"] = 5;
  auto typed = create(e);
  ASSERT_EQ(typed.status, 400) << typed.body;
  EXPECT_TRUE(typed.json().at("errors").as_object().contains("firstName"));
  EXPECT_EQ(server->request("POST", kind().base, "{", super->token).status, 400);
  EXPECT_EQ(server->request("POST", kind().base, "[]", super->token).status, 400);
}

TEST_P(StaffAccountsTest, AnExistingCustomerWithThatPasswordGainsTheRole) {
  auto customer = make_actor(*server, "Customer");
  auto b = body(customer.email);
  b["password"] = customer.password;
  auto id = created(b);
  ASSERT_FALSE(id.empty());
  std::vector<std::string> expected{"Customer", kind().role};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(roles_of(customer.email, customer.password), expected);
  EXPECT_EQ(accounts_with(customer.email), 1);
  // Still a customer: the old token keeps working.
  EXPECT_EQ(server->get("/api/customers/" + customer.profile_id, customer.token).status, 200);

  // A second time is a conflict, not a second profile.
  b["lastName"] = "Another";
  auto again = create(b);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.code(), "already_staff");
}

TEST_P(StaffAccountsTest, ATakenEmailIsAConflict) {
  // Someone else's account (another password).
  auto customer = make_actor(*server, "Customer");
  auto r = create(body(customer.email));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.code(), "email_taken");
  // Not a customer account (a seller-free staff account of the other kind), right password.
  auto other = make_actor(*server, std::string(kind().role) == "Admin" ? "Support" : "Admin");
  auto b = body(other.email);
  b["password"] = other.password;
  auto s = create(b);
  EXPECT_EQ(s.status, 409) << s.body;
  EXPECT_EQ(s.code(), "email_taken");
  // Case does not make an e-mail new.
  auto first = body();
  created(first);
  auto upper = body();
  std::string e = str(first.at("email"));
  std::transform(e.begin(), e.end(), e.begin(), ::toupper);
  upper["email"] = e;
  upper["password"] = "Other-pass1!";
  EXPECT_EQ(create(upper).status, 409);
}

TEST_P(StaffAccountsTest, ADoubleClickCreatesOneMember) {
  auto b = body();
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto r = create(b);
      if (r.status == 204) ++ok;
      if (r.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
  EXPECT_EQ(accounts_with(str(b.at("email"))), 1);
}

TEST_P(StaffAccountsTest, RemovalTakesTheWholeAccountWhenItHadNoOtherRole) {
  auto b = body();
  auto id = created(b);
  auto t = token(str(b.at("email")), "Staff-pass1!", kind().role);
  ASSERT_EQ(t.status, 200);
  std::string tok = str(t.json());
  ASSERT_EQ(server->get(kind().own_route, tok).status, 200);

  ASSERT_EQ(server->del(std::string(kind().base) + "/" + id, super->token).status, 204);
  EXPECT_FALSE(listed(id));
  EXPECT_EQ(accounts_with(str(b.at("email"))), 0);
  // The token still verifies but no longer acts for the role.
  EXPECT_EQ(server->get(kind().own_route, tok).status, 403);
  EXPECT_EQ(server->del(std::string(kind().base) + "/" + id, super->token).status, 404);
  // The e-mail and the name are free again.
  EXPECT_EQ(create(b).status, 204);
}

TEST_P(StaffAccountsTest, RemovalKeepsACustomersAccount) {
  auto customer = make_actor(*server, "Customer");
  auto b = body(customer.email);
  b["password"] = customer.password;
  auto id = created(b);
  auto t = token(customer.email, customer.password, kind().role);
  ASSERT_EQ(t.status, 200);
  ASSERT_EQ(server->del(std::string(kind().base) + "/" + id, super->token).status, 204);
  EXPECT_EQ(roles_of(customer.email, customer.password), std::vector<std::string>{"Customer"});
  EXPECT_EQ(server->get("/api/customers/" + customer.profile_id, customer.token).status, 200);
  EXPECT_EQ(server->get(kind().own_route, str(t.json())).status, 403);
  EXPECT_EQ(token(customer.email, customer.password, kind().role).status, 403);
}

TEST_P(StaffAccountsTest, TheSuperAdminIsNeverMadeListedOrRemovedHere) {
  std::string base = kind().base;
  // The SuperAdmin's own account (not a customer) cannot be given a staff role either.
  auto b = body(super->email);
  b["password"] = super->password;
  auto r = create(b);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(roles_of(super->email, super->password), std::vector<std::string>{"SuperAdmin"});
  EXPECT_EQ(server->del(base + "/0190a000-0000-7000-8000-000000000000", super->token).status, 404);
  EXPECT_EQ(server->del(base + "/" + super->profile_id, super->token).status, 404);
  EXPECT_EQ(server->del(base + "/not-a-guid", super->token).status, 400);
  // The SuperAdmin is never on the admins' page and keeps working.
  auto p = page();
  for (const auto& it : p.at("items").as_array()) EXPECT_NE(it.at("id"), super->profile_id.c_str());
  EXPECT_EQ(server->get(base + "/page/1", super->token).status, 200);
}

TEST_P(StaffAccountsTest, OnlyTheSuperAdminMayManageStaff) {
  std::string base = kind().base;
  auto victim = created(body());
  for (const char* role : {"Customer", "Seller", "Admin", "Support"}) {
    auto a = make_actor(*server, role);
    EXPECT_EQ(server->get(base + "/page/1", a.token).status, 403) << role;
    EXPECT_EQ(server->post(base, body(), a.token).status, 403) << role;
    EXPECT_EQ(server->del(base + "/" + victim, a.token).status, 403) << role;
  }
  EXPECT_EQ(server->get(base + "/page/1").status, 401);
  EXPECT_EQ(server->post(base, body()).status, 401);
  EXPECT_EQ(server->del(base + "/" + victim).status, 401);
  EXPECT_EQ(server->get(base + "/page/1", "not.a.token").status, 401);
  EXPECT_TRUE(listed(victim));
}

INSTANTIATE_TEST_SUITE_P(Staff, StaffAccountsTest, ::testing::Values(kAdmins, kSupports),
                         [](const auto& info) { return std::string(info.param.name); });

// Support only: Wolfix.Server's unique full name.
class SupportStaffNamesTest : public ServerSuite<SupportStaffNamesTest> {};

TEST_F(SupportStaffNamesTest, ASecondSupportWithTheSameFullNameIsAConflict) {
  auto super = make_actor(*server, "SuperAdmin");
  auto make = [&](const json::value& middle) {
    json::object b{{"email", unique_email("support")},
                   {"password", "Staff-pass1!"},
                   {"firstName", "Sofia"},
                   {"lastName", "Same"},
                   {"middleName", middle}};
    return server->post("/api/supports", b, super.token);
  };
  EXPECT_EQ(make("Ivanivna").status, 204);
  auto dup = make("Ivanivna");
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.code(), "full_name_taken");
  EXPECT_EQ(make(nullptr).status, 204);  // another person: no middle name
  EXPECT_EQ(make(nullptr).status, 409);  // absent and null are the same
  // A double click with one name: one support.
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto r = make("Petrivna");
      (r.status == 204 ? ok : conflicts) += 1;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
}

}  // namespace
}  // namespace wolfix::test
