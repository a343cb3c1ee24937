#pragma once
// Support request rules (Wolfix.Server's Support.Domain): categories, statuses, what a customer
// must send in either body shape, and which requests may still be answered. Pure: no SQL, no HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix::support {

enum class Category { general, order_issue, bug_or_error };
enum class Status { pending, processed, canceled };

std::string_view category_name(Category c);  // "General", "OrderIssue", "BugOrError"
std::string_view status_name(Status s);      // "Pending", "Processed", "Canceled"
// Case-insensitive, as the support staff's list filter of the original.
std::optional<Category> parse_category(std::string_view name);
std::optional<Status> parse_status(std::string_view name);

inline constexpr std::size_t kMaxContentLength = 4000;  // characters (UTF-8 code points)
inline constexpr std::size_t kMaxOrderNumberLength = 64;
inline constexpr std::size_t kMaxPhotoUrlLength = 2048;

// A create body as sent (absent or null = nullopt). Two shapes are accepted:
// - what clients send: {customerId, category, content} (+ orderId/orderNumber, photoUrl);
// - Wolfix.Server's kind-tagged CreateSupportRequestDto: {kind, firstName, lastName, middleName,
//   phoneNumber, birthDate?, customerId, content} (+ the same extras), where the person fields
//   are required as its value objects require them.
struct RequestForm {
  std::optional<std::string> kind;
  std::optional<std::string> category;
  std::optional<std::string> customer_id;  // checked as a GUID by the route
  std::optional<std::string> content;
  std::optional<std::string> first_name, last_name, middle_name, phone_number, birth_date;
  std::optional<std::string> order_id;  // checked as a GUID by the route
  std::optional<std::string> order_number;
  std::optional<std::string> photo_url;
  bool has_photo_upload = false;  // a multipart body carried a photo file
};

struct NewRequest {
  std::string customer_id;
  Category category = Category::general;
  std::string content;
  std::optional<std::string> first_name, last_name, middle_name, phone_number, birth_date;
  std::optional<std::string> order_id, order_number;
  std::optional<std::string>
      photo_url;  // a link the customer gave (an upload's URL is added later)
};

// One 400 naming every bad field: customerId, category/kind, content, the person fields (required
// in the kind-tagged shape, checked when present otherwise), orderId/orderNumber for OrderIssue,
// photoUrl (http(s) or /media/ only, so staff pages never follow a javascript: link).
NewRequest validate_new_request(const RequestForm& form, int64_t now_ms);

// The answer a support member writes: not blank, not too long. Throws 400 on `content`.
std::string validate_response(const std::optional<std::string>& content);

// Only a pending request may be answered or cancelled, once.
inline bool can_process(Status s) {
  return s == Status::pending;
}

}  // namespace wolfix::support
