#include "identity/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "identity/common_passwords.hpp"

namespace wolfix {
namespace {

// Why a maximum length: Argon2 pre-hashes the password once, so length alone costs little CPU,
// but every byte of an unbounded password is still copied and hashed on the blocking pool for
// each login attempt, which lets a client turn big request bodies into work for free. 128 bytes
// is far beyond any real passphrase, and NIST SP 800-63B only asks that we accept 64.
static_assert(kMaxPasswordBytes == 128);

constexpr int kRequiredLength = 6;

void ensure_sodium() {
  // A function-local static runs sodium_init() exactly once, even with concurrent first callers.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium initialisation failed");
}

// libsodium is handed a real pointer even for an empty password (an empty string_view may
// carry a null data()).
const char* chars_of(std::string_view s) {
  return s.empty() ? "" : s.data();
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// .NET measures string.Length in UTF-16 code units; for valid UTF-8 that is one per lead byte,
// plus one more for each 4-byte sequence (a surrogate pair).
std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char b : utf8) {
    if ((b & 0xC0) != 0x80) ++n;
    if (b >= 0xF0) ++n;
  }
  return n;
}

}  // namespace

PasswordHashCost default_password_cost() {
  return {2, std::size_t{19} * 1024 * 1024};
}

PasswordHashCost test_password_cost() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

std::string hash_password(std::string_view password, PasswordHashCost cost) {
  if (password.size() > kMaxPasswordBytes) {
    throw std::invalid_argument("hash_password: password longer than kMaxPasswordBytes");
  }
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, chars_of(password), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("hash_password: Argon2id failed (out of memory?)");
  }
  return std::string(out);
}

bool verify_password(std::string_view password, std::string_view stored_hash) {
  if (password.size() > kMaxPasswordBytes) return false;
  // libsodium reads a NUL-terminated string of bounded size.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  ensure_sodium();
  const std::string hash(stored_hash);
  if (hash.find('\0') != std::string::npos) return false;
  return crypto_pwhash_str_verify(hash.c_str(), chars_of(password), password.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash, PasswordHashCost cost) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return true;
  ensure_sodium();
  const std::string hash(stored_hash);
  // The argon2id variant also answers "yes" for a hash of another algorithm (e.g. argon2i).
  return crypto_pwhash_argon2id_str_needs_rehash(hash.c_str(), cost.opslimit, cost.memlimit) != 0;
}

std::vector<std::string> password_policy_errors(std::string_view password) {
  std::vector<std::string> errors;
  bool all_space = true;
  bool has_digit = false, has_lower = false, has_upper = false, has_other = false;
  for (char c : password) {
    all_space = all_space && is_ascii_space(c);
    has_digit = has_digit || is_digit(c);
    has_lower = has_lower || is_lower(c);
    has_upper = has_upper || is_upper(c);
    has_other = has_other || !(is_digit(c) || is_lower(c) || is_upper(c));
  }

  // Same checks, order and texts as ASP.NET Core Identity's PasswordValidator<TUser>.
  if (all_space || utf16_length(password) < kRequiredLength) {
    errors.push_back("Passwords must be at least " + std::to_string(kRequiredLength) +
                     " characters.");
  }
  if (password.size() > kMaxPasswordBytes) {
    errors.push_back("Passwords must be at most " + std::to_string(kMaxPasswordBytes) + " bytes.");
  }
  if (!has_other) errors.push_back("Passwords must have at least one non alphanumeric character.");
  if (!has_digit) errors.push_back("Passwords must have at least one digit ('0'-'9').");
  if (!has_lower) errors.push_back("Passwords must have at least one lowercase ('a'-'z').");
  if (!has_upper) errors.push_back("Passwords must have at least one uppercase ('A'-'Z').");
  // RequiredUniqueChars = 1: only the empty password has fewer distinct characters.
  if (password.empty()) errors.push_back("Passwords must use at least 1 different characters.");
  // Only once the character rules are met, so that the usual messages stay as they were.
  if (errors.empty() && identity::is_common_password(password))
    errors.push_back(identity::kCommonPasswordMessage);
  return errors;
}

}  // namespace wolfix
