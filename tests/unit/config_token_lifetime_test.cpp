// Issue 11 item 10: the token lifetime in Wolfix.Server's unit (days) as well as in minutes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <stdexcept>

#include "app/config.hpp"

namespace wolfix {
namespace {

// Sets the variables for one test and removes them afterwards.
struct Env {
  explicit Env(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (auto& [k, v] : vars) {
      ::setenv(k, v, 1);
      names.push_back(k);
    }
  }
  ~Env() {
    for (auto* k : names) ::unsetenv(k);
  }
  std::vector<const char*> names;
};

TEST(ConfigTokenLifetime, DefaultsToAWeek) {
  EXPECT_EQ(Config{}.jwt_lifetime_minutes, 7 * 24 * 60);
  EXPECT_EQ(Config::from_env().jwt_lifetime_minutes, 7 * 24 * 60);
}

TEST(ConfigTokenLifetime, DaysAsTheOriginalsTokenLifetime) {
  Env env{{"WOLFIX_TOKEN_LIFETIME_DAYS", "3"}};
  EXPECT_EQ(Config::from_env().jwt_lifetime_minutes, 3 * 24 * 60);
}

TEST(ConfigTokenLifetime, MinutesStillWork) {
  Env env{{"WOLFIX_JWT_LIFETIME_MINUTES", "90"}};
  EXPECT_EQ(Config::from_env().jwt_lifetime_minutes, 90);
}

TEST(ConfigTokenLifetime, BothAtOnceIsAnError) {
  Env env{{"WOLFIX_JWT_LIFETIME_MINUTES", "90"}, {"WOLFIX_TOKEN_LIFETIME_DAYS", "3"}};
  EXPECT_THROW(Config::from_env(), std::invalid_argument);
}

TEST(ConfigTokenLifetime, ALongLifetimeNeedsNoOtherSetting) {
  // A deployment of the original with TOKEN_LIFETIME=90 moves over with the days setting alone.
  Config c;
  c.jwt_lifetime_minutes = 90 * 24 * 60;
  EXPECT_TRUE(c.problems().empty());
  c.token_max_session_days = 0;
  EXPECT_FALSE(c.problems().empty());
}

}  // namespace
}  // namespace wolfix
