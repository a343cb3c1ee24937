// Support request rules: categories and statuses, what each body shape must carry, and answers.
#include <gtest/gtest.h>

#include <set>

#include "common/errors.hpp"
#include "support/model.hpp"

namespace wolfix::support {
namespace {

constexpr int64_t kNow = 1767225600000;  // 2026-01-01T00:00:00Z
const char* kCustomer = "0190a000-0000-7000-8000-0000000000aa";

RequestForm plain(const char* category = "General") {
  RequestForm f;
  f.customer_id = kCustomer;
  f.category = category;
  f.content = "Help";
  return f;
}

// The fields a 400 names, or {} when the form is valid.
std::set<std::string> bad_fields(const RequestForm& f) {
  try {
    validate_new_request(f, kNow);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    std::set<std::string> out;
    for (const auto& [k, v] : e.errors()) out.insert(k);
    return out;
  }
  return {};
}

TEST(SupportModel, NamesRoundTripAndParseCaseInsensitively) {
  for (auto c : {Category::general, Category::order_issue, Category::bug_or_error})
    EXPECT_EQ(parse_category(category_name(c)), c);
  for (auto s : {Status::pending, Status::processed, Status::canceled})
    EXPECT_EQ(parse_status(status_name(s)), s);
  EXPECT_EQ(parse_category("orderissue"), Category::order_issue);
  EXPECT_EQ(parse_category("BUGORERROR"), Category::bug_or_error);
  EXPECT_FALSE(parse_category("Order"));
  EXPECT_FALSE(parse_category(""));
  EXPECT_TRUE(can_process(Status::pending));
  EXPECT_FALSE(can_process(Status::processed));
  EXPECT_FALSE(can_process(Status::canceled));
}

TEST(SupportModel, TheClientsShapeNeedsOnlyCustomerCategoryAndContent) {
  auto r = validate_new_request(plain(), kNow);
  EXPECT_EQ(r.customer_id, kCustomer);
  EXPECT_EQ(r.category, Category::general);
  EXPECT_EQ(r.content, "Help");
  EXPECT_FALSE(r.first_name);
  EXPECT_EQ(bad_fields(RequestForm{}),
            (std::set<std::string>{"customerId", "category", "content"}));
  auto f = plain();
  f.customer_id = "42";
  f.content = "   ";
  EXPECT_EQ(bad_fields(f), (std::set<std::string>{"customerId", "content"}));
  f = plain();
  f.content = std::string(kMaxContentLength + 1, 'x');
  EXPECT_EQ(bad_fields(f), std::set<std::string>{"content"});
  // The limit counts characters: 4000 Cyrillic letters (8000 bytes) are fine.
  std::string cyrillic;
  for (std::size_t i = 0; i < kMaxContentLength; ++i) cyrillic += "\xd0\x96";
  f.content = cyrillic;
  EXPECT_TRUE(bad_fields(f).empty());
  // Person fields are optional here but checked when sent.
  f = plain();
  f.phone_number = "0501234567";
  f.birth_date = "2030-01-01";
  EXPECT_EQ(bad_fields(f), (std::set<std::string>{"phoneNumber", "birthDate"}));
}

TEST(SupportModel, TheKindTaggedShapeNeedsThePersonAsTheOriginalDid) {
  RequestForm f;
  f.kind = "General";
  f.customer_id = kCustomer;
  f.content = "Help";
  EXPECT_EQ(bad_fields(f), (std::set<std::string>{"firstName", "lastName", "phoneNumber"}));
  f.first_name = "Olena";
  f.last_name = "Kovalenko";
  f.phone_number = "+380501234567";
  auto r = validate_new_request(f, kNow);
  EXPECT_EQ(r.category, Category::general);
  EXPECT_EQ(r.first_name, "Olena");
  f.kind = "BugOrError";
  EXPECT_EQ(bad_fields(f), std::set<std::string>{"photoUrl"});
  f.has_photo_upload = true;
  EXPECT_TRUE(bad_fields(f).empty());
  f.kind = "Unknown";
  EXPECT_EQ(bad_fields(f), std::set<std::string>{"kind"});
  f.kind = "General";
  f.has_photo_upload = false;
  f.category = "OrderIssue";
  EXPECT_EQ(bad_fields(f), std::set<std::string>{"category"});
  f.category = "general";
  EXPECT_TRUE(bad_fields(f).empty());
}

TEST(SupportModel, AnOrderIssueNamesItsOrder) {
  auto f = plain("OrderIssue");
  EXPECT_EQ(bad_fields(f), (std::set<std::string>{"orderId", "orderNumber"}));
  f.order_id = "not-a-guid";
  f.order_number = " ";
  EXPECT_EQ(bad_fields(f), (std::set<std::string>{"orderId", "orderNumber"}));
  f.order_id = "0190A000-0000-7000-8000-0000000000BB";
  f.order_number = "1001";
  auto r = validate_new_request(f, kNow);
  EXPECT_EQ(r.order_id, "0190a000-0000-7000-8000-0000000000bb");
  EXPECT_EQ(r.order_number, "1001");
  // Other categories ignore order fields.
  auto g = plain();
  g.order_id = "junk";
  EXPECT_FALSE(validate_new_request(g, kNow).order_id);
}

TEST(SupportModel, PhotoLinksAreSafeAndOnlyForBugReports) {
  auto f = plain("BugOrError");
  EXPECT_TRUE(bad_fields(f).empty());  // optional in the clients' shape
  for (const char* ok : {"https://img.example.com/a.png", "HTTP://x.example/b.jpg",
                         "/media/photos/0190a000-0000-7000-8000-000000000001.png"}) {
    f.photo_url = ok;
    EXPECT_TRUE(bad_fields(f).empty()) << ok;
  }
  for (const char* bad :
       {"javascript:alert(1)", "data:image/png;base64,AAAA", "https://", "https://a b",
        "https://x/\"onerror=", "//evil.example/x.png", "ftp://x/y.png"}) {
    f.photo_url = bad;
    EXPECT_EQ(bad_fields(f), std::set<std::string>{"photoUrl"}) << bad;
  }
  auto g = plain();
  g.photo_url = "https://img.example.com/a.png";
  EXPECT_EQ(bad_fields(g), std::set<std::string>{"photoUrl"});
  g.photo_url.reset();
  g.has_photo_upload = true;
  EXPECT_EQ(bad_fields(g), std::set<std::string>{"photo"});
}

TEST(SupportModel, AnAnswerIsNotBlankAndNotTooLong) {
  EXPECT_EQ(validate_response(std::string("Done")), "Done");
  for (auto bad : {std::optional<std::string>{}, std::optional<std::string>{" \n"},
                   std::optional<std::string>{std::string(kMaxContentLength + 1, 'a')}}) {
    try {
      validate_response(bad);
      ADD_FAILURE() << "accepted";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400);
      EXPECT_TRUE(e.errors().count("content"));
    }
  }
}

}  // namespace
}  // namespace wolfix::support
