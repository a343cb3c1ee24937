#pragma once
// Seller profile use cases (the seller's own) and SuperAdmin's seller list and removal.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/person_profile.hpp"
#include "db/db.hpp"
#include "seller/store.hpp"

namespace wolfix::seller {

struct SellerPage {
  int64_t page = 1;
  int64_t total_pages = 0;
  int64_t total_items = 0;
  std::vector<SellerRecord> items;
  std::map<std::string, std::vector<std::string>> category_names;  // by seller id
};

class SellerService {
 public:
  SellerService(db::Database& db, const Clock& clock);

  // 404 for unknown or removed sellers.
  SellerRecord profile(const std::string& seller_id);
  // Name, phone number, address and birth date changes (404 for unknown or removed sellers).
  person::ProfileEditor& personal_data() { return personal_data_; }
  std::vector<SellerCategory> categories(const std::string& seller_id);

  SellerPage page(int64_t page, int64_t page_size);
  // In one transaction: the seller is marked removed, loses the Seller role, and their products
  // leave the catalog (orders keep their lines). 404 for unknown or already removed sellers.
  void remove(const std::string& seller_id);
  // Called after a removal commits, so pages the catalog cached on this node drop at once.
  void on_products_removed(std::function<void()> f) { on_products_removed_ = std::move(f); }
  // Called after a seller's name changed (product pages show it).
  void on_name_changed(std::function<void()> f) { personal_data_.on_name_changed(std::move(f)); }
  // False for unknown and removed sellers (their tokens still verify until they expire).
  bool is_active(const std::string& seller_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  person::ProfileEditor personal_data_;
  std::function<void()> on_products_removed_;
};

}  // namespace wolfix::seller
