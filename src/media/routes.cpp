#include "media/routes.hpp"

#include <fstream>
#include <iterator>

#include "common/errors.hpp"
#include "media/sniff.hpp"
#include "media/uploads.hpp"

namespace wolfix::media {

void register_routes(http::Router& router, const BlobStore& store) {
  router.add(
      http::Method::get, "/media/{*path}", http::Access::anyone(), [store](http::Request& req) {
        const std::string& rel = req.param("path");
        // Identity documents are served only to who may see them (seller module's route).
        if (rel.rfind(std::string(kPrivateDocumentsFolder) + "/", 0) == 0)
          throw not_found("No such file");
        auto file = store.resolve(rel);
        auto mime = mime_for_extension(rel.substr(rel.rfind('.') + 1));
        if (!file || !mime) throw not_found("No such file");
        std::ifstream in(*file, std::ios::binary);
        if (!in) throw not_found("No such file");
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto res = http::Response::text(std::move(bytes), std::string(*mime));
        res.with_header("Cache-Control", "public, max-age=31536000, immutable");
        res.with_header("X-Content-Type-Options", "nosniff");
        // Uploaded PDFs open in the browser without running scripts against our origin.
        res.with_header("Content-Security-Policy", "default-src 'none'; sandbox");
        return res;
      });
}

}  // namespace wolfix::media
