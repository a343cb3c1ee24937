// Concurrent misses of one cache entry: the first caller computes, the others wait for it and
// then look again; other keys are not held up.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "catalog/flights.hpp"

namespace wolfix::catalog {
namespace {

TEST(CatalogFlights, OneCallerComputesAndTheOthersWaitForIt) {
  Flights flights;
  std::optional<Flights::Claim> first(flights.claim("o c|1|20"));
  ASSERT_TRUE(first->mine());
  EXPECT_TRUE(flights.claim("o c|2|20").mine());  // another page: not held up
  auto second = flights.claim("o c|1|20");
  EXPECT_FALSE(second.mine());
  bool waited = false;
  std::thread waiter([&] {
    second.wait();
    waited = true;
  });
  first.reset();  // computed (or failed): the flight ends
  waiter.join();
  EXPECT_TRUE(waited);
  EXPECT_TRUE(flights.claim("o c|1|20").mine());  // the next miss computes again
}

}  // namespace
}  // namespace wolfix::catalog
