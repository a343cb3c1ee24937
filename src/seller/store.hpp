#pragma once
// SQL for the seller module's tables: sellers, seller_categories, seller_applications.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/person.hpp"
#include "db/db.hpp"
#include "seller/model.hpp"

namespace wolfix::seller {

// The personal data a seller profile and an application both carry.
struct ProfileData {
  person::FullName full_name;
  std::string phone_number;
  person::Address address;
  std::string birth_date;  // yyyy-MM-dd
};

struct SellerRecord {
  std::string id;
  std::string account_id;
  ProfileData data;
  std::optional<std::string> photo_url;
};

struct SellerCategory {
  std::string id;
  std::string category_id;
  std::string name;
};

struct ApplicationRecord {
  std::string id;
  std::string account_id;
  std::string category_id;
  std::string category_name;
  std::string document_url;
  ProfileData data;
  ApplicationStatus status = ApplicationStatus::pending;
  int64_t created_at = 0;
};

// Active (not deleted) sellers only.
std::optional<SellerRecord> find_seller(db::Session& s, const std::string& id);

std::vector<SellerCategory> categories_of(db::Session& s, const std::string& seller_id);
// Category names per seller, for a page of sellers.
std::map<std::string, std::vector<std::string>> category_names_of(
    db::Session& s, const std::vector<std::string>& seller_ids);

int64_t count_active_sellers(db::Session& s);
// Up to `limit` active seller ids, in no particular order.
std::vector<std::string> some_active_seller_ids(db::Session& s, int64_t limit);
std::vector<SellerRecord> active_sellers(db::Session& s, int64_t offset, int64_t limit);

// Sets deleted_at on an active seller; returns its account id, or nullopt if there was none.
std::optional<std::string> mark_seller_deleted(db::Session& s, const std::string& id,
                                               int64_t now_ms);

struct SellerOfAccount {
  std::string id;
  bool deleted = false;
};
std::optional<SellerOfAccount> seller_of_account(db::Session& s, const std::string& account_id);
void insert_seller(db::Session& s, const std::string& id, const std::string& account_id,
                   const ProfileData& d, int64_t now_ms);
// Brings a removed seller back with new profile data and no categories.
void reactivate_seller(db::Session& s, const std::string& id, const ProfileData& d);
void add_seller_category(db::Session& s, const std::string& seller_id,
                         const std::string& category_id, const std::string& name, int64_t now_ms);

// Throws db::UniqueViolation when the account already has a pending application.
void insert_application(db::Session& s, const std::string& id, const std::string& account_id,
                        const std::string& category_id, const std::string& category_name,
                        const std::string& document_path, const std::string& document_url,
                        const ProfileData& d, int64_t now_ms);
std::vector<ApplicationRecord> pending_applications(db::Session& s);
std::optional<ApplicationRecord> find_application(db::Session& s, const std::string& id);
// The account that applied with the document stored at `path` ("documents/<uuid>.pdf").
std::optional<std::string> applicant_of_document(db::Session& s, const std::string& path);
// Moves a pending application to `to`; false when it is not pending (or does not exist), so
// concurrent decisions on one application cannot both succeed.
bool decide_application(db::Session& s, const std::string& id, ApplicationStatus to,
                        const std::optional<std::string>& seller_id, int64_t now_ms);

}  // namespace wolfix::seller
