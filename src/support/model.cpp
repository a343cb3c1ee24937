#include "support/model.hpp"

#include <cctype>

#include "common/ascii.hpp"
#include "common/json_fields.hpp"
#include "common/person.hpp"
#include "common/utf8.hpp"
#include "common/uuid.hpp"

namespace wolfix::support {
namespace {

bool blank(const std::optional<std::string>& s) {
  return !s || is_blank(*s);
}

bool safe_link(std::string_view url) {
  auto starts = [&](std::string_view p) {
    return url.size() > p.size() && ascii_iequals(url.substr(0, p.size()), p);
  };
  if (!(starts("https://") || starts("http://") || url.starts_with("/media/"))) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\')
      return false;
  return true;
}

constexpr Category kCategories[] = {Category::general, Category::order_issue,
                                    Category::bug_or_error};
constexpr Status kStatuses[] = {Status::pending, Status::processed, Status::canceled};

}  // namespace

std::string_view category_name(Category c) {
  switch (c) {
    case Category::general:
      return "General";
    case Category::order_issue:
      return "OrderIssue";
    case Category::bug_or_error:
      return "BugOrError";
  }
  return "General";
}

std::string_view status_name(Status s) {
  switch (s) {
    case Status::pending:
      return "Pending";
    case Status::processed:
      return "Processed";
    case Status::canceled:
      return "Canceled";
  }
  return "Pending";
}

std::optional<Category> parse_category(std::string_view name) {
  for (auto c : kCategories)
    if (ascii_iequals(name, category_name(c))) return c;
  return std::nullopt;
}

std::optional<Status> parse_status(std::string_view name) {
  for (auto s : kStatuses)
    if (ascii_iequals(name, status_name(s))) return s;
  return std::nullopt;
}

NewRequest validate_new_request(const RequestForm& f, int64_t now_ms) {
  person::Problems p;
  NewRequest out;

  if (!f.customer_id)
    p.add("customerId", "Customer Id is required");
  else if (auto id = parse_uuid(*f.customer_id))
    out.customer_id = *id;
  else
    p.add("customerId", "customerId must be a GUID");

  // The original's discriminator is `kind`; clients send `category`. Either names the category;
  // both must then agree.
  std::optional<Category> category;
  const std::string field = f.kind ? "kind" : "category";
  const auto& named = f.kind ? f.kind : f.category;
  if (blank(named)) {
    p.add("category", "Category is required");
  } else if (!(category = parse_category(*named))) {
    p.add(field, "Category must be General, OrderIssue or BugOrError");
  } else if (f.kind && f.category && parse_category(*f.category) != category) {
    p.add("category", "category must match kind");
  }
  if (category) out.category = *category;

  if (blank(f.content))
    p.add("content", "RequestContent is required");
  else if (utf8::length(*f.content) > kMaxContentLength)
    p.add("content",
          "content must be at most " + std::to_string(kMaxContentLength) + " characters");
  else
    out.content = *f.content;

  // The person fields: required by the original's value objects in its kind-tagged shape,
  // optional (but checked) in the clients' shape.
  bool tagged = f.kind.has_value();
  if (tagged || f.first_name || f.last_name || f.middle_name)
    person::check_full_name(f.first_name, f.last_name, f.middle_name, p);
  if (tagged || f.phone_number) person::check_phone_number(f.phone_number, p);
  if (f.birth_date) person::check_birth_date(f.birth_date, now_ms, p);
  out.first_name = f.first_name;
  out.last_name = f.last_name;
  out.middle_name = f.middle_name;
  out.phone_number = f.phone_number;
  out.birth_date = f.birth_date;

  if (category == Category::order_issue) {
    if (!f.order_id)
      p.add("orderId", "order id cannot be empty");
    else if (auto id = parse_uuid(*f.order_id))
      out.order_id = *id;
    else
      p.add("orderId", "orderId must be a GUID");
    if (blank(f.order_number))
      p.add("orderNumber", "orderNumber cannot be empty");
    else if (f.order_number->size() > kMaxOrderNumberLength)
      p.add("orderNumber", "orderNumber is too long");
    else
      out.order_number = *f.order_number;
  }

  if (f.photo_url && !is_blank(*f.photo_url)) {
    if (category && category != Category::bug_or_error)
      p.add("photoUrl", "photoUrl belongs to a BugOrError request");
    else if (f.photo_url->size() > kMaxPhotoUrlLength || !safe_link(*f.photo_url))
      p.add("photoUrl", "photoUrl must be an http(s) link");
    else
      out.photo_url = *f.photo_url;
  } else if (tagged && category == Category::bug_or_error && !f.has_photo_upload) {
    p.add("photoUrl", "photoUrl cannot be empty");
  }
  if (f.has_photo_upload && category && category != Category::bug_or_error)
    p.add("photo", "a photo belongs to a BugOrError request");

  p.raise_if_any();
  return out;
}

std::string validate_response(const std::optional<std::string>& content) {
  person::Problems p;
  if (blank(content))
    p.add("content", "Response content is required");
  else if (utf8::length(*content) > kMaxContentLength)
    p.add("content",
          "content must be at most " + std::to_string(kMaxContentLength) + " characters");
  p.raise_if_any();
  return *content;
}

}  // namespace wolfix::support
