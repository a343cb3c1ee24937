// Staff rules: what making an admin or a support member needs before any account work, page
// arithmetic, and the role liveness checks that retire removed staff's tokens.
#include <gtest/gtest.h>

#include <set>

#include "common/errors.hpp"
#include "identity/role_checks.hpp"
#include "staff/model.hpp"

namespace wolfix::staff {
namespace {

StaffForm valid() {
  StaffForm f;
  f.email = "new.admin@example.com";
  f.password = "anything";
  f.first_name = "Oksana";
  f.last_name = "Tkachenko";
  f.phone_number = "+380931234567";
  return f;
}

std::set<std::string> bad_fields(const StaffForm& f, bool with_phone) {
  try {
    validate_new_staff(f, with_phone);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    std::set<std::string> out;
    for (const auto& [k, v] : e.errors()) out.insert(k);
    return out;
  }
  return {};
}

TEST(StaffModel, AValidFormKeepsEveryField) {
  auto n = validate_new_staff(valid(), true);
  EXPECT_EQ(n.email, "new.admin@example.com");
  EXPECT_EQ(n.name.first_name, "Oksana");
  EXPECT_FALSE(n.name.middle_name);
  EXPECT_EQ(n.phone_number, "+380931234567");
  // Support members have no phone: it is neither required nor kept.
  auto s = validate_new_staff(valid(), false);
  EXPECT_FALSE(s.phone_number);
  auto f = valid();
  f.phone_number.reset();
  EXPECT_TRUE(bad_fields(f, false).empty());
}

TEST(StaffModel, OneAnswerNamesEveryBadField) {
  EXPECT_EQ(bad_fields(StaffForm{}, true),
            (std::set<std::string>{"email", "password", "firstName", "lastName", "phoneNumber"}));
  EXPECT_EQ(bad_fields(StaffForm{}, false),
            (std::set<std::string>{"email", "password", "firstName", "lastName"}));
  auto f = valid();
  f.email = "no-at-sign";
  f.phone_number = "+38093123456";
  f.middle_name = " ";
  EXPECT_EQ(bad_fields(f, true), (std::set<std::string>{"email", "phoneNumber", "middleName"}));
  f = valid();
  f.password = "";
  f.last_name = std::string(101, 'a');
  EXPECT_EQ(bad_fields(f, true), (std::set<std::string>{"password", "lastName"}));
}

TEST(StaffModel, PageArithmetic) {
  EXPECT_EQ(page_window(1, 50).offset, 0);
  EXPECT_EQ(page_window(3, 10).offset, 20);
  EXPECT_EQ(page_window(3, 10).limit, 10);
  EXPECT_EQ(total_pages(0, 10), 0);
  EXPECT_EQ(total_pages(10, 10), 1);
  EXPECT_EQ(total_pages(11, 10), 2);
}

TEST(RoleChecks, OnlyTheRolesOwnCheckRunsAndADeadProfileLosesTheRole) {
  identity::RoleChecks checks;
  int admin_calls = 0, support_calls = 0;
  checks.add(Role::admin, [&](const std::string& id) {
    ++admin_calls;
    return id == "alive";
  });
  checks.add(Role::support, [&](const std::string&) {
    ++support_calls;
    return false;
  });
  Caller customer{"acc", "c@example.com", Role::customer, "gone"};
  checks.apply(customer);
  EXPECT_EQ(customer.role, Role::customer);
  EXPECT_FALSE(customer.no_role);
  EXPECT_EQ(admin_calls + support_calls, 0);

  Caller admin{"acc", "a@example.com", Role::admin, "alive"};
  checks.apply(admin);
  EXPECT_FALSE(admin.no_role);
  admin.profile_id = "removed";
  checks.apply(admin);
  EXPECT_TRUE(admin.no_role);
  EXPECT_EQ(admin_calls, 2);
  EXPECT_EQ(support_calls, 0);

  Caller support{"acc", "s@example.com", Role::support, "x"};
  checks.apply(support);
  EXPECT_TRUE(support.no_role);
  EXPECT_EQ(support_calls, 1);
}

}  // namespace
}  // namespace wolfix::staff
