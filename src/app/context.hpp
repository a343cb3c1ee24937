#pragma once
// What every module's service is built from. Owned by App; modules keep references.
#include "app/config.hpp"
#include "common/clock.hpp"
#include "db/db.hpp"
#include "identity/tokens.hpp"

namespace wolfix {

struct Context {
  const Config& config;
  Clock& clock;
  db::Database& db;
  identity::TokenService& tokens;
};

}  // namespace wolfix
