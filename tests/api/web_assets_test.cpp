// The storefront is served from the copy embedded in the binary (no files next to it needed),
// byte for byte what web/ holds, with content types, strong ETags and revalidation; a
// directory (WOLFIX_WEB_DIR) overrides it for development.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.hpp"
#include "harness.hpp"
#include "source_dir.hpp"
#include "suite.hpp"
#include "web/static_files.hpp"

namespace wolfix::test {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

class WebAssetsTest : public ServerSuite<WebAssetsTest> {
 protected:
};

TEST_F(WebAssetsTest, EveryFileUnderWebIsEmbeddedByteForByte) {
  ASSERT_TRUE(server->config().web_dir.empty()) << "the suite must test the embedded copy";
  fs::path web = fs::path(source_dir()) / "web";
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(web)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), web).generic_string();
    auto r = server->get("/web/" + rel);
    ASSERT_EQ(r.status, 200) << rel << " is not embedded (rebuild after adding files to web/)";
    EXPECT_EQ(r.body, read_all(e.path())) << rel;
    EXPECT_EQ(r.headers["content-type"], web::content_type_for(rel)) << rel;
    EXPECT_EQ(r.headers["etag"], "\"" + to_hex(sha256(r.body)).substr(0, 32) + "\"") << rel;
    ++files;
  }
  EXPECT_GT(files, 3);
}

TEST_F(WebAssetsTest, RootIsTheIndexPageWithTypesAndCaching) {
  auto r = server->get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(r.body, read_all(fs::path(source_dir()) / "web" / "index.html"));
  EXPECT_EQ(r.headers["cache-control"], "no-cache");
  EXPECT_EQ(server->get("/web/app.css").headers["content-type"], "text/css; charset=utf-8");
  EXPECT_EQ(server->get("/web/app.js").headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(server->get("/web/favicon.svg").headers["content-type"], "image/svg+xml");
}

TEST_F(WebAssetsTest, IfNoneMatchRevalidatesWith304AndNoBody) {
  auto first = server->get("/web/app.js");
  std::string etag = first.headers["etag"];
  ASSERT_FALSE(etag.empty());
  auto again = server->request("GET", "/web/app.js", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.headers["etag"], etag);
  EXPECT_EQ(again.headers["cache-control"], "no-cache");
  // A list holding it, a weak form of it, and "*" match too; another tag does not.
  EXPECT_EQ(
      server->request("GET", "/web/app.js", "", "", {{"If-None-Match", "\"x\", W/" + etag}}).status,
      304);
  EXPECT_EQ(server->request("GET", "/web/app.js", "", "", {{"If-None-Match", "*"}}).status, 304);
  auto other = server->request("GET", "/web/app.js", "", "", {{"If-None-Match", "\"stale\""}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, first.body);
  // Another file's tag is not this one's.
  auto css = server->request("GET", "/web/app.css", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(css.status, 200);
}

TEST_F(WebAssetsTest, UnknownAndEscapingPathsAre404) {
  EXPECT_EQ(server->get("/web/no-such-file.js").status, 404);
  EXPECT_EQ(server->get("/web/../CMakeLists.txt").status, 404);
  EXPECT_EQ(server->get("/web/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(server->get("/web/").status, 404);
}

class WebDirectoryOverride : public PerTestSuite<WebDirectoryOverride> {};

TEST_F(WebDirectoryOverride, ADirectoryIsServedInsteadAndEditsShowWithANewETag) {
  auto dir = fs::temp_directory_path() / "wolfix-tests" / ("web-" + random_alnum(8));
  fs::create_directories(dir);
  { std::ofstream(dir / "index.html") << "<p>development copy</p>"; }
  auto& dev = own_server([&](Config& c) { c.web_dir = dir.string(); });
  auto r = dev.get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<p>development copy</p>");
  std::string etag = r.headers["etag"];
  EXPECT_EQ(dev.request("GET", "/", "", "", {{"If-None-Match", etag}}).status, 304);
  { std::ofstream(dir / "index.html") << "<p>edited</p>"; }
  auto edited = dev.request("GET", "/", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(edited.status, 200);
  EXPECT_EQ(edited.body, "<p>edited</p>");
  EXPECT_NE(edited.headers["etag"], etag);
  // Only what the directory holds: the embedded files are not mixed in.
  EXPECT_EQ(dev.get("/web/app.js").status, 404);
  EXPECT_EQ(dev.get("/web/../../etc/passwd").status, 404);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace wolfix::test
