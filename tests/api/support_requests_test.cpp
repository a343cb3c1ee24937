// Support requests over HTTP: customers file them (both body shapes, both paths, an order issue
// checked against their own orders, a photo link or upload) and read only their own; support
// staff list the pending ones and answer or cancel each exactly once, as themselves; the customer
// is notified through the outbox.
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "multipart_builder.hpp"
#include "notify/outbox.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

namespace json = boost::json;

class SupportRequestsTest : public ShopSuite<SupportRequestsTest, true> {
 protected:
  static std::string file(const Actor& c, const json::object& extra = {},
                          const std::string& path = "/api/support-requests") {
    json::object b{{"customerId", c.profile_id}, {"category", "General"}, {"content", "Help me"}};
    for (const auto& [k, v] : extra) b[k] = v;
    auto r = server->post(path, b, c.token);
    EXPECT_EQ(r.status, 204) << r.body;
    return r.headers["x-support-request-id"];
  }
  static json::value detail(const Actor& c, const std::string& id) {
    auto r = server->get("/api/support-requests/" + c.profile_id + "/" + id, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static json::array list(const Actor& c, const std::string& query = "") {
    auto r = server->get("/api/support-requests/" + c.profile_id + query, c.token);
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = r.json();
    return v.is_array() ? v.as_array() : json::array{};
  }
  static json::array pending(const Actor& support, const std::string& query = "") {
    auto r = server->get("/api/support-requests" + query, support.token);
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = r.json();
    return v.is_array() ? v.as_array() : json::array{};
  }
  static bool has(const json::array& items, const std::string& id) {
    for (const auto& it : items)
      if (it.at("id") == id.c_str()) return true;
    return false;
  }
  static std::string act(const std::string& id, const Actor& support, const std::string& what) {
    return "/api/support-requests/" + id + "/supports/" + support.profile_id + "/" + what;
  }
  static Reply respond(const std::string& id, const Actor& support,
                       const std::string& content = "Here is how") {
    return server->patch(act(id, support, "respond"), json::object{{"content", content}},
                         support.token);
  }
  static Reply cancel(const std::string& id, const Actor& support) {
    return server->request("PATCH", act(id, support, "cancel"), "", support.token);
  }
  static std::vector<Probe::Mail> mails_for(const std::string& request_id) {
    return probe().mails_with_key("support_request:" + request_id);
  }
  static std::pair<std::string, std::string> order_of(const Actor& customer) {
    auto p = make_product(*server, *seller);
    auto r = place(*server, customer, buy_body(customer, p));
    EXPECT_EQ(r.status, 204) << r.body;
    return {r.headers["x-order-id"], r.headers["x-order-number"]};
  }
};

TEST_F(SupportRequestsTest, ACustomerFilesAGeneralRequestAndReadsIt) {
  auto c = make_actor(*server, "Customer");
  auto id = file(c, {{"content", "Where is my parcel?"}});
  ASSERT_FALSE(id.empty());
  auto items = list(c);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id"), id.c_str());
  EXPECT_EQ(items[0].at("category"), "General");
  EXPECT_EQ(items[0].at("requestContent"), "Where is my parcel?");
  EXPECT_EQ(items[0].at("status"), "Pending");
  EXPECT_TRUE(items[0].at("createdAt").is_string());
  auto d = detail(c, id);
  EXPECT_EQ(d.at("status"), "Pending");
  EXPECT_EQ(d.at("responseContent"), "");
  EXPECT_TRUE(d.at("processedAt").is_null());
  EXPECT_TRUE(d.at("additionalProperties").as_array().empty());
  EXPECT_TRUE(mails_for(id).empty());
}

TEST_F(SupportRequestsTest, TheOriginalsKindTaggedBodyOnItsDoubledPath) {
  auto c = make_actor(*server, "Customer");
  json::object b{{"kind", "BugOrError"},
                 {"firstName", "Olena"},
                 {"lastName", "Kovalenko"},
                 {"middleName", nullptr},
                 {"phoneNumber", "+380501234567"},
                 {"birthDate", "1990-01-02"},
                 {"customerId", c.profile_id},
                 {"content", "The cart button does nothing"},
                 {"photoUrl", "https://img.example.com/bug.png"},
                 {"somethingElse", 5}};
  auto r = server->post("/api/support-requests/api/support-requests", b, c.token);
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = detail(c, r.headers["x-support-request-id"]);
  EXPECT_EQ(d.at("category"), "BugOrError");
  auto props = d.at("additionalProperties").as_array();
  ASSERT_EQ(props.size(), 1u);
  EXPECT_EQ(props[0].at("name"), "PhotoUrl");
  EXPECT_EQ(props[0].at("value"), "https://img.example.com/bug.png");
  EXPECT_EQ(props[0].at("type"), "String");

  // In that shape the person fields and the photo link are required, as its value objects were.
  json::object bad{{"kind", "BugOrError"}, {"customerId", c.profile_id}, {"content", "x"}};
  auto e = server->post("/api/support-requests/api/support-requests", bad, c.token);
  ASSERT_EQ(e.status, 400) << e.body;
  auto errors = e.json().at("errors").as_object();
  for (const char* f : {"firstName", "lastName", "phoneNumber", "photoUrl"})
    EXPECT_TRUE(errors.contains(f)) << f;
  // kind and category must agree when both are sent.
  json::object both{
      {"kind", "General"}, {"category", "BugOrError"},       {"firstName", "O"},
      {"lastName", "K"},   {"phoneNumber", "+380501234567"}, {"customerId", c.profile_id},
      {"content", "x"}};
  auto mismatch = server->post("/api/support-requests", both, c.token);
  ASSERT_EQ(mismatch.status, 400);
  EXPECT_TRUE(mismatch.json().at("errors").as_object().contains("category"));
}

TEST_F(SupportRequestsTest, ValidationNamesEveryBadField) {
  auto c = make_actor(*server, "Customer");
  auto post = [&](const json::object& b) {
    return server->post("/api/support-requests", b, c.token);
  };
  auto fields = [](const Reply& r) {
    std::set<std::string> out;
    if (r.status != 400) return out;
    auto body = r.json();
    for (const auto& [k, v] : body.at("errors").as_object()) out.insert(std::string(k));
    return out;
  };
  EXPECT_EQ(fields(post(json::object{})),
            (std::set<std::string>{"customerId", "category", "content"}));
  EXPECT_EQ(fields(post({{"customerId", c.profile_id}, {"category", "Refund"}, {"content", " "}})),
            (std::set<std::string>{"category", "content"}));
  EXPECT_EQ(fields(post({{"customerId", "nope"}, {"category", "General"}, {"content", "x"}})),
            std::set<std::string>{"customerId"});
  EXPECT_EQ(fields(post({{"customerId", c.profile_id},
                         {"category", "General"},
                         {"content", std::string(4001, 'a')}})),
            std::set<std::string>{"content"});
  EXPECT_EQ(
      fields(post({{"customerId", c.profile_id}, {"category", "OrderIssue"}, {"content", "x"}})),
      (std::set<std::string>{"orderId", "orderNumber"}));
  EXPECT_EQ(fields(post({{"customerId", c.profile_id},
                         {"category", "OrderIssue"},
                         {"content", "x"},
                         {"orderId", "12"},
                         {"orderNumber", ""}})),
            (std::set<std::string>{"orderId", "orderNumber"}));
  EXPECT_EQ(fields(post({{"customerId", c.profile_id},
                         {"category", "BugOrError"},
                         {"content", "x"},
                         {"photoUrl", "javascript:alert(1)"}})),
            std::set<std::string>{"photoUrl"});
  EXPECT_EQ(fields(post({{"customerId", c.profile_id},
                         {"category", "General"},
                         {"content", "x"},
                         {"photoUrl", "https://img.example.com/a.png"}})),
            std::set<std::string>{"photoUrl"});
  EXPECT_EQ(fields(post({{"customerId", c.profile_id},
                         {"category", "General"},
                         {"content", "x"},
                         {"phoneNumber", "12345"},
                         {"birthDate", "2999-01-01"}})),
            (std::set<std::string>{"phoneNumber", "birthDate"}));
  EXPECT_EQ(fields(post({{"customerId", c.profile_id}, {"category", 1}, {"content", "x"}})),
            std::set<std::string>{"category"});
  EXPECT_EQ(server->request("POST", "/api/support-requests", "{", c.token).status, 400);
  EXPECT_TRUE(list(c).empty());
}

TEST_F(SupportRequestsTest, AnOrderIssueIsCheckedAgainstTheCustomersOwnOrders) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto [order_id, number] = order_of(c);
  auto [others_id, others_number] = order_of(other);
  auto id = file(c, {{"category", "OrderIssue"}, {"orderId", order_id}, {"orderNumber", number}});
  auto d = detail(c, id);
  auto props = d.at("additionalProperties").as_array();
  ASSERT_EQ(props.size(), 2u);
  EXPECT_EQ(props[0].at("name"), "OrderId");
  EXPECT_EQ(props[0].at("value"), order_id.c_str());
  EXPECT_EQ(props[1].at("name"), "OrderNumber");
  EXPECT_EQ(props[1].at("value"), number.c_str());

  auto post = [&](const std::string& oid, const std::string& num) {
    return server->post("/api/support-requests",
                        json::object{{"customerId", c.profile_id},
                                     {"category", "OrderIssue"},
                                     {"content", "Broken"},
                                     {"orderId", oid},
                                     {"orderNumber", num}},
                        c.token);
  };
  auto wrong = post(order_id, number + "9");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_TRUE(wrong.json().at("errors").as_object().contains("orderNumber"));
  EXPECT_EQ(post(others_id, others_number).status, 404);  // someone else's order
  EXPECT_EQ(post("0190a000-0000-7000-8000-000000000000", "1").status, 404);
  EXPECT_EQ(list(c).size(), 1u);
}

TEST_F(SupportRequestsTest, ABugReportMayCarryAnUploadedPhoto) {
  auto c = make_actor(*server, "Customer");
  MultipartBuilder form;
  form.field("customerId", c.profile_id)
      .field("category", "BugOrError")
      .field("content", "See the screenshot")
      .file("photo", "shot.png", "image/png", test_png(64));
  auto r = form.send(*server, "POST", "/api/support-requests", c.token);
  ASSERT_EQ(r.status, 204) << r.body;
  auto d = detail(c, r.headers["x-support-request-id"]);
  auto props = d.at("additionalProperties").as_array();
  ASSERT_EQ(props.size(), 1u);
  std::string url(props[0].at("value").as_string());
  EXPECT_TRUE(url.starts_with("/media/photos/")) << url;
  EXPECT_EQ(server->get(url).status, 200);

  MultipartBuilder pdf;
  pdf.field("customerId", c.profile_id)
      .field("category", "BugOrError")
      .field("content", "x")
      .file("photo", "a.pdf", "application/pdf", test_pdf());
  EXPECT_EQ(pdf.send(*server, "POST", "/api/support-requests", c.token).status, 415);
  MultipartBuilder general;
  general.field("customerId", c.profile_id)
      .field("category", "General")
      .field("content", "x")
      .file("photo", "shot.png", "image/png", test_png(64));
  EXPECT_EQ(general.send(*server, "POST", "/api/support-requests", c.token).status, 400);
  EXPECT_EQ(list(c).size(), 1u);
}

TEST_F(SupportRequestsTest, ARetryWithTheSameIdempotencyKeyFilesOneRequest) {
  auto c = make_actor(*server, "Customer");
  json::object b{{"customerId", c.profile_id}, {"category", "General"}, {"content", "Once"}};
  auto send = [&] {
    return server->request("POST", "/api/support-requests", json::serialize(b), c.token,
                           {{"Idempotency-Key", "help-1"}});
  };
  auto first = send();
  auto second = send();
  ASSERT_EQ(first.status, 204) << first.body;
  ASSERT_EQ(second.status, 204) << second.body;
  EXPECT_EQ(second.headers["idempotent-replayed"], "true");
  EXPECT_EQ(first.headers["x-support-request-id"], second.headers["x-support-request-id"]);
  EXPECT_EQ(list(c).size(), 1u);
}

TEST_F(SupportRequestsTest, ACustomerSeesOnlyTheirOwnRequests) {
  auto c = make_actor(*server, "Customer");
  auto other = make_actor(*server, "Customer");
  auto mine = file(c);
  auto theirs = file(other);
  // Filing for someone else.
  auto r = server->post(
      "/api/support-requests",
      json::object{{"customerId", other.profile_id}, {"category", "General"}, {"content", "x"}},
      c.token);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(server->get("/api/support-requests/" + other.profile_id, c.token).status, 403);
  EXPECT_EQ(server->get("/api/support-requests/" + other.profile_id + "/" + theirs, c.token).status,
            403);
  // Another's request under one's own id is simply not there.
  EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id + "/" + theirs, c.token).status,
            404);
  EXPECT_EQ(
      server
          ->get("/api/support-requests/" + c.profile_id + "/0190a000-0000-7000-8000-000000000000",
                c.token)
          .status,
      404);
  EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id + "/nope", c.token).status, 400);
  auto items = list(c);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id"), mine.c_str());
}

TEST_F(SupportRequestsTest, CategoriesFilterBothListsCaseInsensitively) {
  auto c = make_actor(*server, "Customer");
  auto support = make_actor(*server, "Support");
  auto general = file(c);
  auto bug = file(c, {{"category", "BugOrError"}});
  auto mine = list(c, "?category=bugorerror");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("id"), bug.c_str());
  EXPECT_EQ(list(c, "?category=General").size(), 1u);
  EXPECT_EQ(list(c).size(), 2u);
  EXPECT_EQ(list(c).at(0).at("id"), bug.c_str());  // newest first
  EXPECT_EQ(
      server->get("/api/support-requests/" + c.profile_id + "?category=Refund", c.token).status,
      400);

  auto bugs = pending(support, "?category=BUGORERROR");
  EXPECT_TRUE(has(bugs, bug));
  EXPECT_FALSE(has(bugs, general));
  for (const auto& it : bugs) EXPECT_EQ(it.at("category"), "BugOrError");
  auto all = pending(support);
  EXPECT_TRUE(has(all, bug));
  EXPECT_TRUE(has(all, general));
  EXPECT_EQ(server->get("/api/support-requests?category=Refund", support.token).status, 400);
}

TEST_F(SupportRequestsTest, ASupportMemberAnswersOnceAndTheCustomerIsNotified) {
  auto c = make_actor(*server, "Customer");
  auto support = make_actor(*server, "Support");
  auto id = file(c, {{"content", "How do I pay by card?"}});
  auto before = pending(support);
  ASSERT_TRUE(has(before, id));
  for (const auto& it : before)
    if (it.at("id") == id.c_str()) {
      EXPECT_EQ(it.at("requestContent"), "How do I pay by card?");
      EXPECT_EQ(it.at("customerId"), c.profile_id.c_str());
      EXPECT_EQ(it.at("status"), "Pending");
    }

  auto r = respond(id, support, "Choose Card at checkout.");
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_FALSE(has(pending(support), id));
  auto d = detail(c, id);
  EXPECT_EQ(d.at("status"), "Processed");
  EXPECT_EQ(d.at("responseContent"), "Choose Card at checkout.");
  EXPECT_TRUE(d.at("processedAt").is_string());
  EXPECT_EQ(list(c).at(0).at("responseContent"), "Choose Card at checkout.");

  auto mails = mails_for(id);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].kind, "support_answered");
  EXPECT_EQ(mails[0].recipient, c.email);
  EXPECT_NE(mails[0].body.find("Choose Card at checkout."), std::string::npos);
  EXPECT_NE(mails[0].body.find("How do I pay by card?"), std::string::npos);
  EXPECT_GE(server->app().outbox().deliver_due(), 1);

  // Exactly once: neither another answer nor a cancellation changes it.
  auto again = respond(id, support, "Something else");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.code(), "already_processed");
  EXPECT_EQ(cancel(id, support).status, 409);
  EXPECT_EQ(detail(c, id).at("responseContent"), "Choose Card at checkout.");
  EXPECT_EQ(mails_for(id).size(), 1u);
}

TEST_F(SupportRequestsTest, ACancelledRequestIsClosedAndTheCustomerIsTold) {
  auto c = make_actor(*server, "Customer");
  auto support = make_actor(*server, "Support");
  auto id = file(c);
  ASSERT_EQ(cancel(id, support).status, 204);
  auto d = detail(c, id);
  EXPECT_EQ(d.at("status"), "Canceled");
  EXPECT_EQ(d.at("responseContent"), "");
  EXPECT_TRUE(d.at("processedAt").is_string());
  EXPECT_FALSE(has(pending(support), id));
  auto mails = mails_for(id);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].kind, "support_canceled");
  EXPECT_EQ(respond(id, support).status, 409);
  EXPECT_EQ(cancel(id, support).status, 409);
}

TEST_F(SupportRequestsTest, SupportActsOnlyAsThemselvesOnRealRequests) {
  auto c = make_actor(*server, "Customer");
  auto support = make_actor(*server, "Support");
  auto colleague = make_actor(*server, "Support");
  auto id = file(c);
  // Another support member's id in the path.
  auto r =
      server->patch(act(id, colleague, "respond"), json::object{{"content", "x"}}, support.token);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(server->request("PATCH", act(id, colleague, "cancel"), "", support.token).status, 403);
  auto blank = respond(id, support, "  ");
  ASSERT_EQ(blank.status, 400);
  EXPECT_TRUE(blank.json().at("errors").as_object().contains("content"));
  EXPECT_EQ(server->patch(act(id, support, "respond"), json::object{}, support.token).status, 400);
  EXPECT_EQ(respond("0190a000-0000-7000-8000-000000000000", support).status, 404);
  EXPECT_EQ(cancel("0190a000-0000-7000-8000-000000000000", support).status, 404);
  EXPECT_EQ(respond("nope", support).status, 400);
  EXPECT_TRUE(has(pending(support), id));
  EXPECT_EQ(detail(c, id).at("status"), "Pending");
}

TEST_F(SupportRequestsTest, EveryRouteChecksTheRole) {
  auto c = make_actor(*server, "Customer");
  auto support = make_actor(*server, "Support");
  auto id = file(c);
  json::object b{{"customerId", c.profile_id}, {"category", "General"}, {"content", "x"}};
  for (const char* role : {"Seller", "Admin", "SuperAdmin", "Support"}) {
    auto a = make_actor(*server, role);
    EXPECT_EQ(server->post("/api/support-requests", b, a.token).status, 403) << role;
    EXPECT_EQ(server->post("/api/support-requests/api/support-requests", b, a.token).status, 403)
        << role;
    EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id, a.token).status, 403) << role;
    EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id + "/" + id, a.token).status, 403)
        << role;
  }
  for (const char* role : {"Customer", "Seller", "Admin", "SuperAdmin"}) {
    auto a = make_actor(*server, role);
    EXPECT_EQ(server->get("/api/support-requests", a.token).status, 403) << role;
    EXPECT_EQ(
        server->patch(act(id, support, "respond"), json::object{{"content", "x"}}, a.token).status,
        403)
        << role;
    EXPECT_EQ(server->request("PATCH", act(id, support, "cancel"), "", a.token).status, 403)
        << role;
  }
  EXPECT_EQ(server->post("/api/support-requests", b).status, 401);
  EXPECT_EQ(server->get("/api/support-requests").status, 401);
  EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id).status, 401);
  EXPECT_EQ(server->get("/api/support-requests/" + c.profile_id + "/" + id).status, 401);
  EXPECT_EQ(server->patch(act(id, support, "respond"), json::object{{"content", "x"}}).status, 401);
  EXPECT_EQ(server->request("PATCH", act(id, support, "cancel")).status, 401);
  EXPECT_EQ(detail(c, id).at("status"), "Pending");
}

TEST_F(SupportRequestsTest, TwoSupportMembersAnsweringAtOnceGiveOne204AndOne409) {
  auto c = make_actor(*server, "Customer");
  auto first = make_actor(*server, "Support");
  auto second = make_actor(*server, "Support");
  constexpr int kRequests = 20;
  std::vector<std::string> ids;
  for (int i = 0; i < kRequests; ++i)
    ids.push_back(file(c, {{"content", "race " + std::to_string(i)}}));
  for (int i = 0; i < kRequests; ++i) {
    const auto& id = ids[i];
    std::atomic<int> ok{0}, conflicts{0};
    std::string winner;
    std::mutex m;
    auto go = [&](const Actor& s, bool answer) {
      auto r = answer ? respond(id, s, "answer by " + s.profile_id) : cancel(id, s);
      if (r.status == 204) {
        ++ok;
        std::lock_guard<std::mutex> l(m);
        winner = s.profile_id;
      } else if (r.status == 409) {
        ++conflicts;
      }
    };
    // Half the rounds race two answers, half an answer against a cancellation.
    std::thread a([&] { go(first, true); });
    std::thread b([&] { go(second, i % 2 == 0); });
    a.join();
    b.join();
    EXPECT_EQ(ok.load(), 1) << id;
    EXPECT_EQ(conflicts.load(), 1) << id;
    auto d = detail(c, id);
    EXPECT_NE(d.at("status"), "Pending");
    if (d.at("status") == "Processed")
      EXPECT_EQ(d.at("responseContent"), ("answer by " + winner).c_str());
    EXPECT_EQ(mails_for(id).size(), 1u);
  }
}

}  // namespace
}  // namespace wolfix::test
