#pragma once
// Argon2id with a process-wide bound on how many hashes run at once. Each default-cost hash
// holds 19 MiB while it runs; without a bound a login storm on 16 workers would hold 300 MiB and
// starve the machine. The bound is a property of the process (its memory), which is why it is
// one semaphore per process rather than per service object.
#include <string>
#include <string_view>

#include "identity/password.hpp"

namespace wolfix::identity {

inline constexpr int kConcurrentHashes = 4;

// "default" -> default_password_cost(), "test" -> test_password_cost(); throws
// std::invalid_argument for anything else.
PasswordHashCost password_cost_named(std::string_view name);

// Both wait for a free slot (a few seconds at most, then a 503 "server_busy" ApiError).
std::string hash_password_bounded(std::string_view password, PasswordHashCost cost);
// With an empty `stored_hash` (no account, or an account without a password) the password is
// checked against a dummy hash of the same cost and the answer is false: the caller takes as long
// as for a real account, so timing does not tell which e-mails exist.
bool verify_password_bounded(std::string_view password, std::string_view stored_hash,
                             PasswordHashCost cost);

}  // namespace wolfix::identity
