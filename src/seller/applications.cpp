#include "seller/applications.hpp"

#include <fstream>
#include <iterator>

#include "catalog/category_lookup.hpp"
#include "common/errors.hpp"
#include "common/role.hpp"
#include "common/uuid.hpp"
#include "identity/roles.hpp"
#include "media/sniff.hpp"
#include "media/uploads.hpp"

namespace wolfix::seller {
namespace {

ApiError application_not_found(const std::string& id) {
  return not_found("Seller application with id: " + id + " not found", "application_not_found");
}

ApiError already_decided() {
  return conflict("application_decided", "Application is already approved or rejected");
}

ApiError already_seller() {
  return conflict("already_seller", "User already has seller role");
}

// The application's state decides between 404 and 409 once a conditional update changed nothing.
[[noreturn]] void explain_undecidable(db::Session& s, const std::string& id) {
  if (!find_application(s, id)) throw application_not_found(id);
  throw already_decided();
}

}  // namespace

std::string ApplicationService::apply(const std::string& account_id, const ApplicationInput& in,
                                      const UploadedFile& document) {
  int64_t now = clock_.now_ms();
  media::PendingBlobs written(store_);
  // A photo of a passport is as private as a PDF: both go to the private folder.
  auto stored = media::store_upload_in(store_, media::kPrivateDocumentsFolder, document, "document",
                                       {media::Kind::document, media::Kind::photo});
  written.add(stored.path);
  std::string id = new_uuid_v7();
  db_.write([&](db::Session& s) {
    if (identity::profile_id_for(s, account_id, Role::seller)) throw already_seller();
    auto category = catalog::find_category(s, in.category_id);
    if (!category)
      throw not_found("Category with id: " + in.category_id + " not found", "category_not_found");
    if (!category->is_child())
      throw ApiError(400, "category_not_child",
                     "Category with id: " + in.category_id + " is not a child category",
                     {{"categoryId", {"must be a child category"}}});
    if (category->name != in.category_name)
      throw ApiError(400, "category_name_mismatch",
                     "Category name does not match the category with id: " + in.category_id,
                     {{"categoryName", {"must be the name of the category"}}});
    try {
      insert_application(s, id, account_id, in.category_id, in.category_name, stored.path,
                         stored.url, in.data, now);
    } catch (const db::UniqueViolation&) {
      throw conflict("application_pending", "You already have a pending seller application");
    }
  });
  written.keep();
  return id;
}

std::vector<ApplicationRecord> ApplicationService::pending() {
  return db_.read([](db::Session& s) { return pending_applications(s); });
}

void ApplicationService::approve(const std::string& application_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    auto app = find_application(s, application_id);
    if (!app) throw application_not_found(application_id);
    if (!can_decide(app->status)) throw already_decided();
    auto existing = seller_of_account(s, app->account_id);
    if (existing && !existing->deleted) throw already_seller();
    std::string seller_id = existing ? existing->id : new_uuid_v7();
    // First, so that a concurrent approval of the same application waits here and then finds
    // it no longer pending.
    if (!decide_application(s, application_id, ApplicationStatus::approved, seller_id, now))
      explain_undecidable(s, application_id);
    auto category = catalog::find_category(s, app->category_id);
    if (!category)
      throw conflict("category_gone", "The category of this application no longer exists");
    try {
      if (existing)
        reactivate_seller(s, seller_id, app->data);
      else
        insert_seller(s, seller_id, app->account_id, app->data, now);
    } catch (const db::UniqueViolation&) {
      throw already_seller();
    }
    add_seller_category(s, seller_id, category->id, app->category_name, now);
    if (!identity::grant_role(s, app->account_id, Role::seller, seller_id, now))
      throw already_seller();
  });
}

void ApplicationService::reject(const std::string& application_id) {
  int64_t now = clock_.now_ms();
  db_.write([&](db::Session& s) {
    if (!decide_application(s, application_id, ApplicationStatus::rejected, std::nullopt, now))
      explain_undecidable(s, application_id);
  });
}

ApplicationService::Document ApplicationService::document(const Caller& who,
                                                          const std::string& file) {
  std::string path = std::string(media::kPrivateDocumentsFolder) + "/" + file;
  auto resolved = store_.resolve(path);
  auto dot = file.rfind('.');
  auto mime =
      dot == std::string::npos ? std::nullopt : media::mime_for_extension(file.substr(dot + 1));
  if (!resolved || !mime) throw not_found("No such file");
  auto applicant = db_.read([&](db::Session& s) { return applicant_of_document(s, path); });
  if (!applicant) throw not_found("No such file");
  bool admin = !who.no_role && is_admin(who.role);
  if (!admin && who.account_id != *applicant)
    throw forbidden("Only admins and the applicant may see this document");
  std::ifstream in(*resolved, std::ios::binary);
  if (!in) throw not_found("No such file");
  return {std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
          std::string(*mime)};
}

}  // namespace wolfix::seller
