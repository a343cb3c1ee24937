#pragma once
// Seller rules: application statuses and the page arithmetic of Wolfix.Server's PaginationDto.
// Pure: no SQL, no HTTP.
#include <cstdint>
#include <optional>
#include <string_view>

namespace wolfix::seller {

// Wolfix.Server's SellerApplicationStatus, with its JSON numbers.
enum class ApplicationStatus { pending = 0, approved = 1, rejected = 2 };
std::string_view status_name(ApplicationStatus s);  // "Pending", "Approved", "Rejected"
std::optional<ApplicationStatus> parse_status(std::string_view name);

// A decision can only be taken on a pending application.
inline bool can_decide(ApplicationStatus s) {
  return s == ApplicationStatus::pending;
}

inline constexpr int64_t kDefaultPageSize = 50;  // Wolfix.Server's default for this list
inline constexpr int64_t kMaxPageSize = 100;

struct PageWindow {
  int64_t offset = 0;
  int64_t limit = 0;
};
// page is 1-based; callers have checked page >= 1 and 1 <= page_size <= kMaxPageSize.
PageWindow page_window(int64_t page, int64_t page_size);
// ceil(total / page_size); 0 when there is nothing.
int64_t total_pages(int64_t total_items, int64_t page_size);

}  // namespace wolfix::seller
