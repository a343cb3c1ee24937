// The shared person value objects: Wolfix.Server's rules and messages.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/errors.hpp"
#include "common/person.hpp"
#include "common/person_json.hpp"

namespace wolfix::person {
namespace {

namespace json = boost::json;

// 2024-03-15T12:00:00Z
constexpr int64_t kNow = 1710504000000;

std::vector<std::string> messages(const Problems& p) {
  std::vector<std::string> out;
  for (const auto& [field, message] : p.items()) out.push_back(field + "|" + message);
  return out;
}

TEST(PersonFullName, FirstAndLastRequiredMiddleOptional) {
  Problems ok;
  check_full_name("Olena", "Kovalenko", "Ivanivna", ok);
  check_full_name("Olena", "Kovalenko", std::nullopt, ok);
  EXPECT_TRUE(ok.empty());

  Problems p;
  check_full_name(std::nullopt, "  ", " ", p);
  EXPECT_EQ(messages(p),
            (std::vector<std::string>{"firstName|firstName cannot be null or empty",
                                      "lastName|lastName cannot be null or empty",
                                      "middleName|middleName cannot be null or empty"}));
}

TEST(PersonFullName, LongNamesAreRejected) {
  Problems p;
  check_full_name(std::string(kMaxNameLength + 1, 'a'), std::string(kMaxNameLength, 'b'),
                  std::nullopt, p);
  ASSERT_EQ(p.items().size(), 1u);
  EXPECT_EQ(p.items()[0].first, "firstName");
}

TEST(PersonPhone, UkrainianMobileOnly) {
  EXPECT_TRUE(is_valid_phone_number("+380501234567"));
  for (const char* bad : {"380501234567", "+38050123456", "+3805012345678", "+380 50123456",
                          "+381501234567", "+38050123456a", ""})
    EXPECT_FALSE(is_valid_phone_number(bad)) << bad;

  Problems p;
  check_phone_number(std::nullopt, p);
  check_phone_number("  ", p);
  check_phone_number("0501234567", p);
  EXPECT_EQ(messages(p), (std::vector<std::string>{"phoneNumber|value cannot be null or empty",
                                                   "phoneNumber|value cannot be null or empty",
                                                   "phoneNumber|value is not valid"}));
}

TEST(PersonAddress, CityAndStreetRequired) {
  Problems ok;
  check_address("Kyiv", "Khreshchatyk", ok);
  EXPECT_TRUE(ok.empty());
  Problems p;
  check_address("", std::nullopt, p);
  EXPECT_EQ(messages(p), (std::vector<std::string>{"city|city cannot be null or empty",
                                                   "street|street cannot be null or empty"}));
}

TEST(PersonBirthDate, NotInTheFuture) {
  EXPECT_EQ(utc_date(kNow), "2024-03-15");
  Problems ok;
  check_birth_date("2024-03-15", kNow, ok);  // today
  check_birth_date("1990-12-31", kNow, ok);
  check_birth_date("2024-02-29", kNow, ok);  // leap day
  EXPECT_TRUE(ok.empty());

  Problems p;
  check_birth_date("2025-01-01", kNow, p);
  check_birth_date("2024-04-01", kNow, p);
  check_birth_date("2024-03-16", kNow, p);
  EXPECT_EQ(messages(p), (std::vector<std::string>{"birthDate|year cannot be in the future",
                                                   "birthDate|month cannot be in the future",
                                                   "birthDate|day cannot be in the future"}));
}

TEST(PersonBirthDate, MalformedDates) {
  for (const char* bad : {"2023-02-29", "15.03.1990", "1990-13-01", "1990-1-1", ""}) {
    Problems p;
    check_birth_date(std::string(bad), kNow, p);
    ASSERT_EQ(p.items().size(), 1u) << bad;
    EXPECT_EQ(p.items()[0].second, "birthDate must be a date as yyyy-MM-dd");
  }
  Problems missing;
  check_birth_date(std::nullopt, kNow, missing);
  EXPECT_FALSE(missing.empty());
}

TEST(PersonBirthDate, DayMonthYearDisplay) {
  EXPECT_EQ(day_month_year("1990-03-09"), "09-03-1990");
}

TEST(PersonProblems, RaiseUsesTheFirstMessageAndNamesEveryField) {
  Problems p;
  p.raise_if_any();  // nothing to raise
  check_full_name("", "", std::nullopt, p);
  try {
    p.raise_if_any();
    FAIL() << "expected a 400";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(std::string(e.what()), "firstName cannot be null or empty");
    EXPECT_EQ(e.errors().size(), 2u);
  }
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 200;
}

TEST(PersonJson, ReadsBodiesCaseInsensitively) {
  auto n = read_full_name(json::parse(R"({"FirstName":"A","lastname":"B"})").as_object());
  EXPECT_EQ(n.first_name, "A");
  EXPECT_EQ(n.last_name, "B");
  EXPECT_FALSE(n.middle_name);
  auto a = read_address(
      json::parse(R"({"city":"Lviv","street":"Rynok","houseNumber":"5","apartmentNumber":7})")
          .as_object());
  EXPECT_EQ(a.house_number, 5u);
  EXPECT_EQ(a.apartment_number, 7u);
  EXPECT_EQ(read_phone_number(json::parse(R"({"phoneNumber":"+380671112233"})").as_object()),
            "+380671112233");
  EXPECT_EQ(read_birth_date(json::parse(R"({"birthDate":"2000-01-02"})").as_object(), kNow),
            "2000-01-02");
}

TEST(PersonJson, RejectsWrongTypesAndRanges) {
  EXPECT_EQ(status_of([] {
              read_full_name(json::parse(R"({"firstName":5,"lastName":"B"})").as_object());
            }),
            400);
  EXPECT_EQ(
      status_of([] {
        read_address(json::parse(R"({"city":"a","street":"b","houseNumber":-1})").as_object());
      }),
      400);
  EXPECT_EQ(status_of([] {
              read_address(
                  json::parse(R"({"city":"a","street":"b","houseNumber":2147483648})").as_object());
            }),
            400);
  EXPECT_EQ(
      status_of([] { read_address(json::parse(R"({"city":"a","street":"b"})").as_object()); }),
      400);
}

TEST(PersonJson, WritesWolfixShapes) {
  JsonWriter w;
  write_full_name(w, {"A", "B", std::nullopt});
  EXPECT_EQ(w.take(), R"({"firstName":"A","lastName":"B","middleName":null})");
  JsonWriter a;
  write_address(a, {"Kyiv", "Main", 3, 12});
  EXPECT_EQ(a.take(), R"({"city":"Kyiv","street":"Main","houseNumber":3,"apartmentNumber":12})");
}

}  // namespace
}  // namespace wolfix::person
