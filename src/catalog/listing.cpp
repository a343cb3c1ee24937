#include "catalog/listing.hpp"

#include <cmath>
#include <cstdio>

#include "catalog/model.hpp"
#include "catalog/pricing.hpp"
#include "catalog/store.hpp"
#include "media/public_url.hpp"

namespace wolfix::catalog {

void write_rating(JsonWriter& w, int64_t reviews_count, double average) {
  if (reviews_count <= 0 || !std::isfinite(average)) {
    w.null();
    return;
  }
  char buf[32];
  // Stored with one decimal (catalog/ratings.hpp); printed so, never as 4.2999999.
  std::snprintf(buf, sizeof buf, "%.1f", average);
  std::string text(buf);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  w.raw(text);
}

void write_product_short(JsonWriter& w, const db::Row& row, int64_t now_ms,
                         std::string_view origin) {
  int64_t price = row.i64(4);
  auto discount = store::discount_in(row, 5);
  w.begin_object();
  w.field("id", row.str(0));
  w.field("title", row.str(1));
  w.key("averageRating");
  write_rating(w, row.i64(2), row.f64(3));
  w.field("reviewsCount", row.i64(2));
  w.money_field("price", price);
  w.money_field("finalPrice", final_price(price, discount, now_ms));
  w.field("bonuses", row.i64(7) / kShopCurrency.minor_per_unit());
  w.key("mainPhoto");
  if (row.is_null(8))
    w.null();
  else
    w.string(media::public_url(origin, row.str(8)));
  w.field("status", shown_status(row.str(9), row.i64(10) != 0, row.i64(11)));
  w.end_object();
}

bool short_row_buyable(const db::Row& row) {
  return shown_status(row.str(9), row.i64(10) != 0, row.i64(11)) ==
         status_name(ProductStatus::in_stock);
}

std::string product_short_array(const db::Rows& rows, int64_t now_ms, std::string_view origin) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : rows) write_product_short(w, r, now_ms, origin);
  w.end_array();
  return w.take();
}

std::string product_page(int64_t page, int64_t page_size, int64_t total_items, const db::Rows& rows,
                         int64_t now_ms, std::string_view origin) {
  JsonWriter w;
  w.begin_page(page, total_pages(total_items, page_size), total_items);
  for (const auto& r : rows) write_product_short(w, r, now_ms, origin);
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace wolfix::catalog
