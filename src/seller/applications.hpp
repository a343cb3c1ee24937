#pragma once
// Seller applications: a customer asks to become a seller (profile data, a child category and a
// document), an admin approves (the account gains the Seller role and a seller profile with that
// category) or rejects. Each step is one transaction; decisions are conditional on the
// application still being pending, so a double click or two admins cannot approve twice.
#include <string>
#include <vector>

#include "common/caller.hpp"
#include "common/clock.hpp"
#include "common/upload.hpp"
#include "db/db.hpp"
#include "media/blob_store.hpp"
#include "seller/store.hpp"

namespace wolfix::seller {

struct ApplicationInput {
  ProfileData data;
  std::string category_id;
  std::string category_name;
};

class ApplicationService {
 public:
  ApplicationService(db::Database& db, const Clock& clock, const media::BlobStore& store)
      : db_(db), clock_(clock), store_(store) {}

  // The document must be a PDF or a photo (415 otherwise, 413 when too large). 409 when the
  // account is already a seller or has a pending application; 404 unknown category; 400 when the
  // category is not a child category or its name is not `category_name`.
  std::string apply(const std::string& account_id, const ApplicationInput& in,
                    const UploadedFile& document);
  std::vector<ApplicationRecord> pending();
  // 404 unknown; 409 when no longer pending, when the account already is a seller, or when the
  // category has been deleted since.
  void approve(const std::string& application_id);
  void reject(const std::string& application_id);

  struct Document {
    std::string bytes;
    std::string mime;
  };
  // GET /media/documents/{file}: an application's identity document, for admins and the
  // applicant only (403 for anyone else, 404 when no application holds it).
  Document document(const Caller& who, const std::string& file);

 private:
  db::Database& db_;
  const Clock& clock_;
  const media::BlobStore& store_;
};

}  // namespace wolfix::seller
