#pragma once
// Password hashing (Argon2id through libsodium) and the password policy Wolfix.Server inherited
// from ASP.NET Core Identity's defaults. Hashing is deliberately slow: call it off the io threads.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wolfix {

// Longest password accepted, in bytes. See password.cpp for why there is a limit at all.
inline constexpr std::size_t kMaxPasswordBytes = 128;

struct PasswordHashCost {
  unsigned long long opslimit;  // Argon2 passes (t)
  std::size_t memlimit;         // bytes of memory (m)
};

// OWASP's Argon2id baseline: m = 19 MiB, t = 2, p = 1.
PasswordHashCost default_password_cost();
// libsodium's minimum Argon2id cost: only for tests, where speed matters and security doesn't.
PasswordHashCost test_password_cost();

// A self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string with a fresh random salt.
// Throws std::invalid_argument for a password longer than kMaxPasswordBytes and
// std::runtime_error if libsodium fails (out of memory).
std::string hash_password(std::string_view password, PasswordHashCost cost);

// True if `password` matches `stored_hash`. False for a malformed hash or a password longer than
// kMaxPasswordBytes (no stored hash can match one, so it is not worth hashing).
bool verify_password(std::string_view password, std::string_view stored_hash);

// True if `stored_hash` was made with a different cost (or is unreadable), so that a successful
// login can store a fresh hash.
bool password_needs_rehash(std::string_view stored_hash, PasswordHashCost cost);

// ASP.NET Core Identity's default PasswordValidator (length >= 6, a digit, a lowercase and an
// uppercase ASCII letter, a non-alphanumeric character, RequiredUniqueChars = 1) with its English
// messages in its order, plus Wolfix's kMaxPasswordBytes limit, and, once those are met, the
// common-password rule (identity/common_passwords.hpp). Empty when the password is fine.
std::vector<std::string> password_policy_errors(std::string_view password);

}  // namespace wolfix
