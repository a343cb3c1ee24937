#pragma once
// Catalog set-up through the real routes (admin creates categories, seller creates products).
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "multipart_builder.hpp"

// Lets tests compare a JSON value with a std::string (EXPECT_EQ(item.at("id"), id)); found by
// argument-dependent lookup, so it has to live in Boost.JSON's namespace.
namespace boost::json {
inline bool operator==(const value& v, const std::string& s) {
  return v.is_string() && v.get_string() == s;
}
inline bool operator!=(const value& v, const std::string& s) {
  return !(v == s);
}
inline bool operator==(const value& v, const char* s) {
  return v == std::string(s);
}
inline bool operator!=(const value& v, const char* s) {
  return !(v == std::string(s));
}
}  // namespace boost::json

namespace wolfix::test {

// The id of the category called `name` among GET /api/categories/parent or /child/{parent}.
std::string category_id_by_name(TestServer& server, const std::string& name,
                                const std::string& parent_id = "");

struct ApiCategory {
  std::string parent_id;
  std::string id;  // the child
  std::vector<std::string> attribute_ids;
  std::vector<std::string> variant_ids;
};

// A parent and a child with the given attribute and variant keys, created by `admin`.
ApiCategory api_category(TestServer& server, const Actor& admin, const std::string& hint,
                         const std::vector<std::string>& attribute_keys = {"Brand", "Color"},
                         const std::vector<std::string>& variant_keys = {"Size"});

// Approves the seller for a category (the seller module's seller_categories), as an accepted
// seller application would.
void allow_category(TestServer& server, const Actor& seller, const std::string& category_id);

// POST /api/products as the seller (approved for the category first); returns the new id (from
// Location), or "" on failure with the reply in *out.
std::string api_product(TestServer& server, const Actor& seller, const std::string& category_id,
                        const std::string& title, const std::string& price,
                        const std::string& attributes_json = "", int stock = 5,
                        Reply* out = nullptr);

std::string unique_name(const std::string& hint);

// A reply's JSON array, by value (safe in a range-for over a temporary reply).
inline boost::json::array json_array(const Reply& r) {
  auto v = r.json();
  return v.is_array() ? std::move(v.as_array()) : boost::json::array{};
}

// A JSON number (money is written as a decimal number) as a double, for comparisons.
inline double num(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  ADD_FAILURE() << "not a number: " << boost::json::serialize(v);
  return -1;
}

}  // namespace wolfix::test
