// GET /media/{path}: stored files are served with their type and long caching; nothing outside
// the store can be reached.
#include "harness.hpp"
#include "media/blob_store.hpp"
#include "multipart_builder.hpp"
#include "suite.hpp"

namespace wolfix::test {
namespace {

class MediaRoutesTest : public ServerSuite<MediaRoutesTest> {
 protected:
  media::BlobStore store() { return media::BlobStore::from_config(server->config()); }
};

TEST_F(MediaRoutesTest, ServesStoredFilesWithTypeAndCaching) {
  auto png = test_png();
  auto rel = store().put("photos", "png", png);
  auto r = server->get(store().url_for(rel));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, png);
  EXPECT_EQ(r.headers["content-type"], "image/png");
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");

  // Identity documents are not public media (issue 15 #16; SellerApplicationTest serves them to
  // who may see them).
  auto pdf = store().put("documents", "pdf", test_pdf());
  auto d = server->get("/media/" + pdf);
  EXPECT_EQ(d.status, 401);
  EXPECT_EQ(d.body.find("%PDF"), std::string::npos);
}

TEST_F(MediaRoutesTest, UnknownAndEscapingPathsAre404) {
  EXPECT_EQ(server->get("/media/photos/0193a5c2-7d1e-7abc-8def-0123456789ab.png").status, 404);
  EXPECT_EQ(server->get("/media/../CMakeLists.txt").status, 404);
  EXPECT_EQ(server->get("/media/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(server->get("/media/photos/..%2f..%2fCMakeLists.txt").status, 404);
  EXPECT_EQ(server->get("/media/").status, 404);
  // A file the store could have written but with an extension it never serves.
  auto rel = store().put("photos", "html", "<script>alert(1)</script>");
  EXPECT_EQ(server->get("/media/" + rel).status, 404);
}

}  // namespace
}  // namespace wolfix::test
