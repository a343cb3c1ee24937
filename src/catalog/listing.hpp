#pragma once
// Product lists as JSON, written straight from result rows (no intermediate objects): the
// ProductShort shape {id,title,averageRating,reviewsCount,price,finalPrice,bonuses,mainPhoto} plus Wolfix's
// `status` (the shown status: NotAvailable when not for sale or out of tracked stock), and
// Wolfix.Server's page {currentPage,totalPages,totalItems,items}.
#include <cstdint>
#include <string>

#include "common/json_writer.hpp"
#include "db/db.hpp"

namespace wolfix::catalog {

// The select list a ProductShort is written from, for a products table aliased "p".
inline constexpr const char* kShortColumns =
    "p.id, p.title, p.reviews_count, p.average_rating, p.price_minor, p.discount_percent, "
    "p.discount_expires_at, p.bonuses_minor, p.main_photo_url, p.status, p.track_stock, p.stock";

// Whether a row selected with kShortColumns can be bought now (for putting those first).
bool short_row_buyable(const db::Row& row);

// One ProductShort from a row selected with kShortColumns; finalPrice uses the pricing rule
// at now_ms, so an expired discount is never shown; mainPhoto is made absolute on `origin`
// (media/public_url.hpp).
void write_product_short(JsonWriter& w, const db::Row& row, int64_t now_ms,
                         std::string_view origin);
std::string product_short_array(const db::Rows& rows, int64_t now_ms, std::string_view origin);
std::string product_page(int64_t page, int64_t page_size, int64_t total_items, const db::Rows& rows,
                         int64_t now_ms, std::string_view origin);

// averageRating: null without reviews (Wolfix.Server's double?), else the rating.
void write_rating(JsonWriter& w, int64_t reviews_count, double average);

}  // namespace wolfix::catalog
