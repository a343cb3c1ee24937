#pragma once
// Errors that cross module boundaries. Services throw ApiError; the HTTP edge turns it into a
// JSON answer {"message","code","errors"} with the status it carries, so domain code never
// needs to know about HTTP beyond picking the right kind of failure.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "common/money.hpp"

namespace wolfix {

using FieldErrors = std::map<std::string, std::vector<std::string>>;

// A detail of an error body (beyond message/code/errors), kept as a typed value and written as
// it was built. Money is its own kind so that it is written as a plain decimal number
// (20807.40), never through a double (2.08074E4).
class ErrorValue {
 public:
  struct Money {
    int64_t minor = 0;
    int exponent = kShopCurrency.exponent;
  };
  struct Member;
  using Array = std::vector<ErrorValue>;
  using Object = std::vector<Member>;

  // The constructors are defined below, once Member is complete: a variant holding a vector of
  // an incomplete type cannot be built or destroyed yet (clang instantiates vector's constexpr
  // destructor at the first inline use; gcc waits).
  ErrorValue();  // null
  ErrorValue(std::nullptr_t);
  ErrorValue(bool b);
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  ErrorValue(T n);
  ErrorValue(std::string s);
  ErrorValue(const char* s);
  ErrorValue(Money m);
  ErrorValue(Array a);
  ErrorValue(Object o);

  static ErrorValue money(int64_t minor, int exponent = kShopCurrency.exponent);

  using Variant = std::variant<std::monostate, bool, int64_t, std::string, Money, Array, Object>;
  const Variant& get() const { return v_; }

 private:
  Variant v_;
};

struct ErrorValue::Member {
  std::string key;
  ErrorValue value;
};

inline ErrorValue::ErrorValue() = default;
inline ErrorValue::ErrorValue(std::nullptr_t) {}
inline ErrorValue::ErrorValue(bool b) : v_(b) {}
template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int>>
inline ErrorValue::ErrorValue(T n) : v_(static_cast<int64_t>(n)) {}
inline ErrorValue::ErrorValue(std::string s) : v_(std::move(s)) {}
inline ErrorValue::ErrorValue(const char* s) : v_(std::string(s)) {}
inline ErrorValue::ErrorValue(Money m) : v_(m) {}
inline ErrorValue::ErrorValue(Array a) : v_(std::move(a)) {}
inline ErrorValue::ErrorValue(Object o) : v_(std::move(o)) {}
inline ErrorValue ErrorValue::money(int64_t minor, int exponent) {
  return Money{minor, exponent};
}

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message, FieldErrors errors = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        errors_(std::move(errors)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const FieldErrors& errors() const { return errors_; }

  // Extra members of the error body (e.g. {"declineCode", "insufficient_funds"}), written after
  // message, code and errors in the order added.
  ApiError& with(std::string key, ErrorValue value) {
    extra_.push_back({std::move(key), std::move(value)});
    return *this;
  }
  const ErrorValue::Object& extra() const { return extra_; }

 private:
  int status_;
  std::string code_;
  FieldErrors errors_;
  ErrorValue::Object extra_;
};

inline ApiError bad_request(std::string message, std::string code = "invalid_request") {
  return ApiError(400, std::move(code), std::move(message));
}
inline ApiError invalid_field(const std::string& field, std::string message) {
  return ApiError(400, "validation_failed", field + ": " + message, {{field, {message}}});
}
inline ApiError validation_failed(FieldErrors errors) {
  std::string message = "Validation failed";
  if (!errors.empty() && !errors.begin()->second.empty())
    message = errors.begin()->first + ": " + errors.begin()->second.front();
  return ApiError(400, "validation_failed", std::move(message), std::move(errors));
}
inline ApiError unauthorized(std::string message = "Authentication required",
                             std::string code = "unauthorized") {
  return ApiError(401, std::move(code), std::move(message));
}
inline ApiError forbidden(std::string message = "You are not allowed to do this",
                          std::string code = "forbidden") {
  return ApiError(403, std::move(code), std::move(message));
}
inline ApiError not_found(std::string message, std::string code = "not_found") {
  return ApiError(404, std::move(code), std::move(message));
}
inline ApiError conflict(std::string code, std::string message) {
  return ApiError(409, std::move(code), std::move(message));
}

}  // namespace wolfix
