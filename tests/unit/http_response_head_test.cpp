// The hand-written status line and header block: framing, defaults, and values that could
// split the head.
#include <gtest/gtest.h>

#include "http/response_head.hpp"

namespace wolfix::http {
namespace {

const std::vector<std::pair<std::string, std::string>> kNone;

TEST(ResponseHead, StatusLineTypeAndLength) {
  Response r = Response::raw_json("{\"a\":1}");
  EXPECT_EQ(response_head(r, 11, true, r.body.size(), kNone),
            "HTTP/1.1 200 OK\r\nServer: wolfix\r\nContent-Type: application/json\r\n"
            "Content-Length: 7\r\n\r\n");
}

TEST(ResponseHead, ConnectionFieldFollowsVersionAndKeepAlive) {
  Response r = Response::raw_json("{}", 404);
  auto closing = response_head(r, 11, false, 2, kNone);
  EXPECT_EQ(closing.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u);
  EXPECT_NE(closing.find("Connection: close\r\n"), std::string::npos);
  auto old_kept = response_head(r, 10, true, 2, kNone);
  EXPECT_EQ(old_kept.rfind("HTTP/1.0 404 Not Found\r\n", 0), 0u);
  EXPECT_NE(old_kept.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(response_head(r, 11, true, 2, kNone).find("Connection"), std::string::npos);
  EXPECT_EQ(response_head(r, 10, false, 2, kNone).find("Connection"), std::string::npos);
}

TEST(ResponseHead, NoContentCarriesNoLength) {
  Response r = Response::no_content();
  auto head = response_head(r, 11, true, 0, kNone);
  EXPECT_EQ(head.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  EXPECT_FALSE(status_allows_body(204));
  EXPECT_FALSE(status_allows_body(304));
  EXPECT_FALSE(status_allows_body(101));
  EXPECT_TRUE(status_allows_body(200));
  EXPECT_TRUE(status_allows_body(503));
}

TEST(ResponseHead, DefaultsOnlyWhereTheHandlerSetNone) {
  Response r = Response::raw_json("{}");
  r.with_header("x-frame-options", "SAMEORIGIN").with_header("Set-Cookie", "a=1");
  r.with_header("Set-Cookie", "b=2");
  std::vector<std::pair<std::string, std::string>> defaults{{"X-Frame-Options", "DENY"},
                                                            {"X-Content-Type-Options", "nosniff"},
                                                            {"Content-Type", "text/plain"}};
  auto head = response_head(r, 11, true, 2, defaults);
  EXPECT_NE(head.find("x-frame-options: SAMEORIGIN\r\n"), std::string::npos);
  EXPECT_EQ(head.find("DENY"), std::string::npos);
  EXPECT_NE(head.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_EQ(head.find("text/plain"), std::string::npos);
  EXPECT_NE(head.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"), std::string::npos);
}

TEST(ResponseHead, FramingIsTheServersAndNoValueSplitsTheHead) {
  Response r = Response::raw_json("{}");
  r.with_header("Content-Length", "999").with_header("Connection", "upgrade");
  r.with_header("Transfer-Encoding", "chunked");
  r.with_header("Location", "/a\r\nSet-Cookie: evil=1").with_header("X-Ok", "yes");
  r.with_header("Bad\nName", "v");
  auto head = response_head(r, 11, true, 2, kNone);
  EXPECT_NE(head.find("Content-Length: 2\r\n"), std::string::npos);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_EQ(head.find("upgrade"), std::string::npos);
  EXPECT_EQ(head.find("chunked"), std::string::npos);
  EXPECT_EQ(head.find("evil"), std::string::npos);
  EXPECT_EQ(head.find("Bad"), std::string::npos);
  EXPECT_NE(head.find("X-Ok: yes\r\n"), std::string::npos);
  // Exactly one blank line, at the end.
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);
}

TEST(ResponseHead, FieldNamesCompareWithoutCaseOnly) {
  Response r = Response::raw_json("{}");
  r.with_header("X-FRAME-OPTIONS", "SAMEORIGIN").with_header("X\rFrame-Options", "no");
  std::vector<std::pair<std::string, std::string>> defaults{{"X-Frame-Options", "DENY"},
                                                            {"X_Frame-Options", "kept"}};
  auto head = response_head(r, 11, true, 2, defaults);
  EXPECT_EQ(head.find("DENY"), std::string::npos);  // set by the handler, in another case
  EXPECT_NE(head.find("X_Frame-Options: kept\r\n"), std::string::npos);  // '_' is not '-'
}

}  // namespace
}  // namespace wolfix::http
