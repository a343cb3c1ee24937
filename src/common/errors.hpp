#pragma once
// Errors that cross module boundaries. Services throw ApiError; the HTTP edge turns it into a
// JSON answer {"message","code","errors"} with the status it carries, so domain code never
// needs to know about HTTP beyond picking the right kind of failure.
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wolfix {

using FieldErrors = std::map<std::string, std::vector<std::string>>;

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

  // Extra members of the error body, each an already-serialized JSON value
  // (e.g. {"declineCode", "\"insufficient_funds\""}).
  ApiError& with(std::string key, std::string json_value) {
    extra_.emplace_back(std::move(key), std::move(json_value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& extra() const { return extra_; }

 private:
  int status_;
  std::string code_;
  FieldErrors errors_;
  std::vector<std::pair<std::string, std::string>> extra_;
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
