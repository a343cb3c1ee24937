// Where a client reached the server, and media references made absolute on it.
#include <gtest/gtest.h>

#include "http/origin.hpp"
#include "media/public_url.hpp"

namespace wolfix::http {
namespace {

Request with(std::map<std::string, std::string> headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

TEST(HttpOrigin, HostsThatAreHostsOnly) {
  for (const char* ok : {"shop.example", "shop.example:8443", "127.0.0.1:8080", "[::1]:8080",
                         "[2001:db8::1]", "localhost", "xn--80ak6aa92e.com"})
    EXPECT_TRUE(valid_host(ok)) << ok;
  for (const char* bad :
       {"", "evil.example/<script>", "a b", "shop.example:", "shop.example:99999x",
        "user@shop.example", "[::1", "-shop.example", "shop.example\"", "shop.example/path"})
    EXPECT_FALSE(valid_host(bad)) << bad;
}

TEST(HttpOrigin, ConfiguredBaseThenHostThenTrustedProxy) {
  OriginOptions o;
  EXPECT_EQ(request_origin(with({{"host", "shop.example:81"}}), o), "http://shop.example:81");
  EXPECT_EQ(request_origin(with({}), o), "");
  EXPECT_EQ(request_origin(with({{"host", "bad/host"}}), o), "");
  // Forwarded headers are the client's own words unless a trusted proxy sets them.
  auto fwd = with({{"host", "10.0.0.5"},
                   {"x-forwarded-proto", "https"},
                   {"x-forwarded-host", "shop.example, inner"}});
  EXPECT_EQ(request_origin(fwd, o), "http://10.0.0.5");
  o.trust_forwarded = true;
  // Trusting proxies is not enough: this request must have come through one of them.
  EXPECT_EQ(request_origin(fwd, o), "http://10.0.0.5");
  fwd.from_trusted_proxy = true;
  EXPECT_EQ(request_origin(fwd, o), "https://shop.example");
  o.https = true;  // TLS here: https unless the proxy says otherwise
  EXPECT_EQ(request_origin(with({{"host", "shop.example"}}), o), "https://shop.example");
  o.public_base_url = "https://cdn.example";
  EXPECT_EQ(request_origin(fwd, o), "https://cdn.example");
}

TEST(MediaPublicUrl, RootRelativeGetsTheOriginAnythingElseStays) {
  EXPECT_EQ(media::public_url("https://shop.example", "/media/photos/a.png"),
            "https://shop.example/media/photos/a.png");
  EXPECT_EQ(media::public_url("", "/media/photos/a.png"), "/media/photos/a.png");
  EXPECT_EQ(media::public_url("https://shop.example", "https://old.example/media/a.png"),
            "https://old.example/media/a.png");
  EXPECT_EQ(media::public_url("https://shop.example", "//cdn.example/a.png"),
            "//cdn.example/a.png");
  EXPECT_EQ(media::public_url("https://shop.example", "URL"), "URL");
  EXPECT_FALSE(media::optional_public_url("https://shop.example", std::nullopt));
}

}  // namespace
}  // namespace wolfix::http
