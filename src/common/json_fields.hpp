#pragma once
// Reads fields from a JSON request object the way ASP.NET's web defaults do (names matched
// case-insensitively, numbers also accepted as numeric strings) and collects every problem, so
// one 400 answer names all the fields that are wrong.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/errors.hpp"

namespace wolfix {

class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& obj, std::string prefix = "")
      : obj_(obj), prefix_(std::move(prefix)) {}

  // The value under `name` (case-insensitive), or nullptr when absent or JSON null.
  const boost::json::value* find(std::string_view name) const;

  std::string required_string(std::string_view name, std::size_t max_len = 1000);
  // Like required_string but also rejects blank text.
  std::string required_text(std::string_view name, std::size_t max_len = 1000);
  // Absent, null, "" and blank text are all nullopt.
  std::optional<std::string> optional_string(std::string_view name, std::size_t max_len = 1000);
  std::string required_uuid(std::string_view name);
  std::optional<std::string> optional_uuid(std::string_view name);
  int64_t required_int(std::string_view name, int64_t min, int64_t max);
  std::optional<int64_t> optional_int(std::string_view name, int64_t min, int64_t max);
  bool optional_bool(std::string_view name, bool fallback);
  // A decimal amount as an exact count of minor units (exponent = digits after the point).
  int64_t required_money(std::string_view name, int exponent);
  std::optional<int64_t> optional_money(std::string_view name, int exponent);
  // "yyyy-MM-dd", validated as a real calendar date.
  std::string required_date(std::string_view name);

  void fail(std::string_view name, std::string message);
  bool ok() const { return errors_.empty(); }
  FieldErrors& errors() { return errors_; }
  // Throws a 400 naming every bad field, if any.
  void finish() const;

 private:
  std::string key(std::string_view name) const;
  // The string under `name` as sent (blank included); nullopt when absent or wrong.
  std::optional<std::string> string_value(std::string_view name, std::size_t max_len);

  const boost::json::object& obj_;
  std::string prefix_;
  FieldErrors errors_;
};

bool is_valid_date(std::string_view yyyy_mm_dd);
bool is_blank(std::string_view s);

}  // namespace wolfix
