#include "seller/model.hpp"

namespace wolfix::seller {

std::string_view status_name(ApplicationStatus s) {
  switch (s) {
    case ApplicationStatus::pending:
      return "Pending";
    case ApplicationStatus::approved:
      return "Approved";
    case ApplicationStatus::rejected:
      return "Rejected";
  }
  return "Pending";
}

std::optional<ApplicationStatus> parse_status(std::string_view name) {
  if (name == "Pending") return ApplicationStatus::pending;
  if (name == "Approved") return ApplicationStatus::approved;
  if (name == "Rejected") return ApplicationStatus::rejected;
  return std::nullopt;
}

PageWindow page_window(int64_t page, int64_t page_size) {
  return {(page - 1) * page_size, page_size};
}

int64_t total_pages(int64_t total_items, int64_t page_size) {
  if (total_items <= 0 || page_size <= 0) return 0;
  return (total_items + page_size - 1) / page_size;
}

}  // namespace wolfix::seller
