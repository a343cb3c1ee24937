#pragma once
#include "http/router.hpp"
#include "media/blob_store.hpp"

namespace wolfix::media {

// GET /media/{path}: stored files, read-only, with their type from the extension the store
// chose and long-lived caching (a stored file never changes).
void register_routes(http::Router& router, const BlobStore& store);

}  // namespace wolfix::media
