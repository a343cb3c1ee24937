#include "seller/service.hpp"

#include "catalog/seller_products.hpp"
#include "common/errors.hpp"
#include "identity/roles.hpp"
#include "seller/lookup.hpp"

namespace wolfix::seller {
namespace {

ApiError seller_not_found(const std::string& id) {
  return not_found("Seller with id: " + id + " not found", "seller_not_found");
}

}  // namespace

SellerService::SellerService(db::Database& db, const Clock& clock)
    : db_(db),
      clock_(clock),
      personal_data_(db, {"sellers", "deleted_at IS NULL"}, seller_not_found) {}

SellerRecord SellerService::profile(const std::string& seller_id) {
  auto s = db_.read([&](db::Session& s) { return find_seller(s, seller_id); });
  if (!s) throw seller_not_found(seller_id);
  return *s;
}

std::vector<SellerCategory> SellerService::categories(const std::string& seller_id) {
  return db_.read([&](db::Session& s) {
    if (!find_seller(s, seller_id)) throw seller_not_found(seller_id);
    return categories_of(s, seller_id);
  });
}

SellerPage SellerService::page(int64_t page, int64_t page_size) {
  return db_.read([&](db::Session& s) {
    SellerPage p;
    p.page = page;
    p.total_items = count_active_sellers(s);
    p.total_pages = total_pages(p.total_items, page_size);
    if (p.total_items == 0) return p;
    auto w = page_window(page, page_size);
    p.items = active_sellers(s, w.offset, w.limit);
    std::vector<std::string> ids;
    for (const auto& r : p.items) ids.push_back(r.id);
    p.category_names = category_names_of(s, ids);
    return p;
  });
}

void SellerService::remove(const std::string& seller_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto account_id = mark_seller_deleted(s, seller_id, now);
    if (!account_id) throw seller_not_found(seller_id);
    identity::revoke_role(s, *account_id, Role::seller);
    // Through the catalog, so category totals, the discount count and attribute values follow.
    catalog::remove_seller_products(s, seller_id, now);
  });
  if (on_products_removed_) on_products_removed_();
}

bool SellerService::is_active(const std::string& seller_id) {
  return db_.read([&](db::Session& s) { return is_active_seller(s, seller_id); });
}

}  // namespace wolfix::seller
