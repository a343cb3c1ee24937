#include "fixtures.hpp"

#include "common/role.hpp"
#include "common/uuid.hpp"
#include "identity/password.hpp"
#include "identity/tokens.hpp"

namespace wolfix::test {

Actor make_actor(TestServer& server, const std::string& role) {
  Actor a;
  a.account_id = new_uuid_v7();
  a.profile_id = new_uuid_v7();
  a.email = unique_email(role);
  a.password = kTestPassword;
  a.role = role;
  int64_t now = server.clock().now_ms();
  std::string hash = hash_password(a.password, test_password_cost());
  server.probe().add_actor(role, a.account_id, a.profile_id, a.email, hash, now);
  a.token =
      server.app().tokens().issue({a.account_id, a.email, parse_role(role).value(), a.profile_id});
  return a;
}

std::string token_for(TestServer& server, const Actor& actor, const std::string& role,
                      const std::string& profile_id) {
  return server.app().tokens().issue(
      {actor.account_id, actor.email, parse_role(role).value(), profile_id});
}

}  // namespace wolfix::test
