// parse_target splits plain targets itself and leaves the rest to Boost.URL: both must give
// the same path and query for every target, and refuse the same ones.
#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <random>

#include "http/target.hpp"

namespace wolfix::http {
namespace {

struct Parsed {
  bool ok = false;
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  bool operator==(const Parsed&) const = default;
};

Parsed by_boost(std::string_view target) {
  Parsed out;
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return out;
  out.ok = true;
  out.path = parsed->path();
  for (auto p : parsed->params()) out.query.emplace_back(p.key, p.has_value ? p.value : "");
  return out;
}

Parsed by_us(std::string_view target) {
  Parsed out;
  Request req;
  out.ok = parse_target(target, req);
  if (!out.ok) return out;
  out.path = req.path;
  out.query = req.query;
  return out;
}

TEST(ParseTarget, PlainTargetsSplitInPlace) {
  Request req;
  ASSERT_TRUE(parse_target("/api/products/category/abc/page/3?pageSize=20&x", req));
  EXPECT_EQ(req.path, "/api/products/category/abc/page/3");
  ASSERT_EQ(req.query.size(), 2u);
  EXPECT_EQ(req.query[0], (std::pair<std::string, std::string>{"pageSize", "20"}));
  EXPECT_EQ(req.query[1], (std::pair<std::string, std::string>{"x", ""}));
}

TEST(ParseTarget, SameAnswersAsBoostUrl) {
  const char* cases[] = {
      "/",        "/health",     "/a/b/c",       "/a//b",    "//a",      "/a?",
      "/a?&",     "/a?x=1&&y=2", "/a?=v",        "/a?k=",    "/a?k=v=w", "/a?q=%D0%B2%D0%B5",
      "/a?q=a+b", "/%D0%B2/x",   "/a?x=1?y=2/3", "/a b",     "/a?b c",   "a/b",
      "",         "*",           "/a#frag",      "/a?x=%zz", "/a%2",     "/~user/it's(1)*!$,;:@"};
  for (const char* t : cases) EXPECT_EQ(by_us(t), by_boost(t)) << t;
}

TEST(ParseTarget, SameAnswersAsBoostUrlOnRandomTargets) {
  const std::string alphabet = "/?&=%+#ab09-._~!$'()*,;:@ \"<>[]\\^`{|}\x7f\x01";
  std::mt19937 rng(12345);
  for (int i = 0; i < 20000; ++i) {
    std::string t = "/";
    int n = static_cast<int>(rng() % 16);
    for (int k = 0; k < n; ++k) t += alphabet[rng() % alphabet.size()];
    ASSERT_EQ(by_us(t), by_boost(t)) << t;
  }
}

}  // namespace
}  // namespace wolfix::http
