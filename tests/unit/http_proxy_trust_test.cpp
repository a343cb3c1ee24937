// Issue 15 item 6: X-Forwarded-For is believed only as far as trusted proxies wrote it, read
// from the right, and only where it holds an IP address.
#include <gtest/gtest.h>

#include "http/client_address.hpp"

namespace wolfix::http {
namespace {

TEST(ProxyTrust, WithoutTrustedProxiesThePeerIsTheClient) {
  ProxyTrust none;
  EXPECT_FALSE(none.enabled());
  EXPECT_EQ(none.client_address("198.51.100.9", "1.2.3.4"), "198.51.100.9");
}

TEST(ProxyTrust, HeadersFromAnUntrustedPeerAreIgnored) {
  ProxyTrust t({"10.0.0.0/8"}, 0);
  EXPECT_EQ(t.client_address("198.51.100.9", "1.2.3.4"), "198.51.100.9");
  EXPECT_FALSE(t.forwards("198.51.100.9"));
  EXPECT_TRUE(t.forwards("10.20.30.40"));
}

TEST(ProxyTrust, TheRightMostUntrustedHopIsTheClient) {
  ProxyTrust t({"127.0.0.1", "10.0.0.0/8"}, 0);
  // The client wrote "6.6.6.6" itself; our proxy appended the address it saw.
  EXPECT_EQ(t.client_address("127.0.0.1", "6.6.6.6, 203.0.113.7"), "203.0.113.7");
  // Two proxies of ours in a row.
  EXPECT_EQ(t.client_address("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.1.2.3"), "203.0.113.7");
  // Repeated headers are joined in order.
  EXPECT_EQ(t.client_address("127.0.0.1", "6.6.6.6,203.0.113.7 ,  10.1.2.3"), "203.0.113.7");
  // Nothing forwarded: the proxy itself.
  EXPECT_EQ(t.client_address("127.0.0.1", ""), "127.0.0.1");
}

TEST(ProxyTrust, OnlyValidAddressesAreTaken) {
  ProxyTrust t({"127.0.0.1"}, 0);
  EXPECT_EQ(t.client_address("127.0.0.1", "evil-host"), "127.0.0.1");
  EXPECT_EQ(t.client_address("127.0.0.1", "203.0.113.7:8080"), "127.0.0.1");
  EXPECT_EQ(t.client_address("127.0.0.1", "unknown, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(t.client_address("127.0.0.1", "2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(t.client_address("127.0.0.1", "::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(t.client_address("::ffff:127.0.0.1", "203.0.113.8"), "203.0.113.8");
}

TEST(ProxyTrust, AHopCountTrustsThatManyProxiesWhateverTheirAddress) {
  ProxyTrust one({}, 1);
  EXPECT_EQ(one.client_address("192.0.2.1", "6.6.6.6, 203.0.113.7"), "203.0.113.7");
  ProxyTrust two({}, 2);
  EXPECT_EQ(two.client_address("192.0.2.1", "6.6.6.6, 203.0.113.7, 192.0.2.2"), "203.0.113.7");
  EXPECT_EQ(two.client_address("192.0.2.1", "203.0.113.7"), "203.0.113.7");
}

TEST(ProxyTrust, BlocksMatchByPrefix) {
  ProxyTrust t({"10.0.0.0/8", "192.168.1.128/25", "fd00::/8", "2001:db8::5"}, 0);
  EXPECT_TRUE(t.trusted("10.255.0.1"));
  EXPECT_FALSE(t.trusted("11.0.0.1"));
  EXPECT_TRUE(t.trusted("192.168.1.200"));
  EXPECT_FALSE(t.trusted("192.168.1.100"));
  EXPECT_TRUE(t.trusted("fd12::1"));
  EXPECT_FALSE(t.trusted("fe80::1"));
  EXPECT_TRUE(t.trusted("2001:db8::5"));
  EXPECT_FALSE(t.trusted("2001:db8::6"));
  EXPECT_TRUE(t.trusted("::ffff:10.0.0.1"));
  EXPECT_FALSE(t.trusted("not-an-address"));
}

TEST(ProxyTrust, BadEntriesAreRefused) {
  for (const char* bad : {"10.0.0.0/33", "proxy.local", "10.0.0.0/", "10.0.0.0/8x", "::/129"})
    EXPECT_THROW(ProxyTrust({bad}, 0), std::invalid_argument) << bad;
  EXPECT_THROW(ProxyTrust({}, -1), std::invalid_argument);
}

}  // namespace
}  // namespace wolfix::http
