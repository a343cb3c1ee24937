// The profile row reader both the customer and the seller stores use.
#include "common/person_row.hpp"

#include <gtest/gtest.h>

namespace wolfix::person {
namespace {

db::Row row(std::vector<db::Value> v) {
  return db::Row(std::move(v));
}

TEST(PersonRow, SelectListsTheNineColumnsBetweenTheStoresOwn) {
  EXPECT_EQ(profile_select("id", "photo_url", "sellers"),
            "SELECT id, first_name, last_name, middle_name, phone_number, city, street, "
            "house_number, apartment_number, birth_date, photo_url FROM sellers ");
}

TEST(PersonRow, AFullRowReadsEveryPart) {
  auto p = read_profile_columns(
      row({std::string("x"), std::string("Olena"), std::string("Kovalenko"),
           std::string("Ivanivna"), std::string("+380501234567"), std::string("Kyiv"),
           std::string("Khreshchatyk"), int64_t{1}, int64_t{12}, std::string("1990-01-02")}),
      1);
  ASSERT_TRUE(p.full_name && p.address);
  EXPECT_EQ(p.full_name->first_name, "Olena");
  EXPECT_EQ(p.full_name->last_name, "Kovalenko");
  EXPECT_EQ(p.full_name->middle_name, "Ivanivna");
  EXPECT_EQ(p.phone_number, "+380501234567");
  EXPECT_EQ(p.address->city, "Kyiv");
  EXPECT_EQ(p.address->street, "Khreshchatyk");
  EXPECT_EQ(p.address->house_number, 1u);
  EXPECT_EQ(p.address->apartment_number, 12u);
  EXPECT_EQ(p.birth_date, "1990-01-02");
}

TEST(PersonRow, APartWithANullColumnItNeedsIsAbsent) {
  // A new customer: a name without a middle name, no phone, an address without a house number.
  auto p = read_profile_columns(row({std::string("Olena"),
                                     std::string("Kovalenko"),
                                     {},
                                     {},
                                     std::string("Kyiv"),
                                     std::string("Khreshchatyk"),
                                     {},
                                     {},
                                     {}}),
                                0);
  ASSERT_TRUE(p.full_name);
  EXPECT_FALSE(p.full_name->middle_name);
  EXPECT_FALSE(p.phone_number);
  EXPECT_FALSE(p.address);
  EXPECT_FALSE(p.birth_date);
  auto nameless =
      read_profile_columns(row({std::string("Olena"), {}, {}, {}, {}, {}, {}, {}, {}}), 0);
  EXPECT_FALSE(nameless.full_name);
}

}  // namespace
}  // namespace wolfix::person
