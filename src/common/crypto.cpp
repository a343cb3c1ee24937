#include "common/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace wolfix {
namespace {

// OpenSSL may treat a null pointer as "no key" even with length 0, and an empty string_view is
// allowed to have a null data(); point at a real (unused) byte instead.
const unsigned char* bytes_of(std::string_view s) {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// SHA-256 fetched from the provider once: EVP_sha256() makes every digest look the algorithm
// up again (a lock and a hash-table search, as much as hashing a 1 KB request body).
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md ? md : EVP_sha256();
}

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  if (key.size() > INT_MAX) throw std::invalid_argument("hmac_sha256: key too long");
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int out_len = 0;
  if (HMAC(sha256_md(), bytes_of(key), static_cast<int>(key.size()), bytes_of(data), data.size(),
           out.data(), &out_len) == nullptr) {
    throw std::runtime_error("hmac_sha256: OpenSSL HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out_len);
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int out_len = 0;
  if (EVP_Digest(bytes_of(data), data.size(), out.data(), &out_len, sha256_md(), nullptr) != 1) {
    throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), out_len);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) |
                       (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint32_t(uint8_t(bytes[i + 2]));
    out.push_back(kBase64UrlAlphabet[(n >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(n >> 12) & 63]);
    out.push_back(kBase64UrlAlphabet[(n >> 6) & 63]);
    out.push_back(kBase64UrlAlphabet[n & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    out.push_back(kBase64UrlAlphabet[(n >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(n >> 12) & 63]);
  } else if (rest == 2) {
    const uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out.push_back(kBase64UrlAlphabet[(n >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(n >> 12) & 63]);
    out.push_back(kBase64UrlAlphabet[(n >> 6) & 63]);
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // A lone leftover character carries only 6 bits, which is less than a byte.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero, otherwise two different texts would decode to the same bytes.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// Small draws (ids, tokens, secrets: a card flow makes about ten) come from a per-thread reserve
// of OpenSSL's CSPRNG output refilled 4 KB at a time, as new_uuid_v7's do: RAND_bytes costs a
// few microseconds a call whatever the length. Each byte is handed out once and wiped; the
// process never forks, so no two threads or processes share a reserve. Large draws go straight
// to RAND_bytes.
constexpr std::size_t kReserveBytes = 4096;
constexpr std::size_t kReservedDrawMax = 64;

void rand_or_throw(unsigned char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    // RAND_bytes takes an int length; fill in chunks so huge requests cannot overflow it.
    const std::size_t chunk = std::min<std::size_t>(n - done, 1 << 20);
    if (RAND_bytes(out + done, static_cast<int>(chunk)) != 1)
      throw std::runtime_error("random_bytes: OpenSSL RAND_bytes failed");
    done += chunk;
  }
}

void random_fill(unsigned char* out, std::size_t n) {
  if (n > kReservedDrawMax) return rand_or_throw(out, n);
  struct Reserve {
    std::array<unsigned char, kReserveBytes> bytes;
    std::size_t used = kReserveBytes;
    ~Reserve() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
  };
  thread_local Reserve reserve;
  if (reserve.used + n > reserve.bytes.size()) {
    rand_or_throw(reserve.bytes.data(), reserve.bytes.size());
    reserve.used = 0;
  }
  std::memcpy(out, reserve.bytes.data() + reserve.used, n);
  OPENSSL_cleanse(reserve.bytes.data() + reserve.used, n);
  reserve.used += n;
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  random_fill(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

std::string random_alnum(std::size_t n) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  // 248 = 4 * 62: bytes at or above it are rejected so that `b % 62` is exactly uniform.
  constexpr unsigned kLimit = 4 * kAlphabet.size();
  std::string out;
  out.reserve(n);
  std::array<unsigned char, kReservedDrawMax> pool;
  while (out.size() < n) {
    const std::size_t take = std::min(pool.size(), n - out.size() + 8);
    random_fill(pool.data(), take);
    for (std::size_t i = 0; i < take && out.size() < n; ++i)
      if (pool[i] < kLimit) out.push_back(kAlphabet[pool[i] % kAlphabet.size()]);
  }
  OPENSSL_cleanse(pool.data(), pool.size());
  return out;
}

}  // namespace wolfix
