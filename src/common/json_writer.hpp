#pragma once
// A direct JSON writer for responses: appends to one string, no intermediate tree, and writes
// money as exact decimals ("459.98"), which Boost.JSON's double printer cannot ("4.5998E2").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.hpp"

namespace wolfix {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);

  JsonWriter& string(std::string_view s);
  JsonWriter& number(int64_t v);
  JsonWriter& money(int64_t minor, int exponent = kShopCurrency.exponent);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  // Already-serialized JSON (a nested document).
  JsonWriter& raw(std::string_view json);

  // key + value shorthands
  JsonWriter& field(std::string_view k, std::string_view v) { return key(k).string(v); }
  JsonWriter& field(std::string_view k, const char* v) { return key(k).string(v); }
  JsonWriter& field(std::string_view k, const std::string& v) { return key(k).string(v); }
  JsonWriter& field(std::string_view k, int64_t v) { return key(k).number(v); }
  JsonWriter& field(std::string_view k, int v) { return key(k).number(v); }
  JsonWriter& field(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonWriter& money_field(std::string_view k, int64_t minor,
                          int exponent = kShopCurrency.exponent) {
    return key(k).money(minor, exponent);
  }
  // Wolfix.Server's PaginationDto: opens the object, writes its three counts and opens "items";
  // the caller writes the items, then end_array().end_object().
  JsonWriter& begin_page(int64_t current_page, int64_t total_pages, int64_t total_items) {
    return begin_object()
        .field("currentPage", current_page)
        .field("totalPages", total_pages)
        .field("totalItems", total_items)
        .key("items")
        .begin_array();
  }
  // null when empty
  JsonWriter& optional_field(std::string_view k, const std::string* v) {
    return v ? field(k, *v) : key(k).null();
  }
  JsonWriter& optional_field(std::string_view k, const std::optional<std::string>& v) {
    return optional_field(k, v ? &*v : nullptr);
  }

  std::string take() { return std::move(out_); }
  const std::string& str() const { return out_; }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace wolfix
