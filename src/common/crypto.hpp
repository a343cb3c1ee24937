#pragma once
// Small wrappers over OpenSSL so the rest of the code handles bytes as std::string and never
// touches OpenSSL types. Every function that needs randomness throws std::runtime_error if the
// system RNG fails, because carrying on with weak randomness is worse than failing the request.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wolfix {

// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);

// Lowercase hexadecimal, two characters per byte.
std::string to_hex(std::string_view bytes);

// RFC 4648 §5 base64url without padding (the JWT alphabet).
std::string base64url_encode(std::string_view bytes);

// Strict inverse of base64url_encode: rejects padding, characters outside the alphabet, a length
// of 4n+1, and non-zero unused trailing bits, so every byte string has exactly one encoding.
std::optional<std::string> base64url_decode(std::string_view text);

// Compares in time that depends only on the lengths; a length mismatch is simply false (lengths
// of MACs and tokens are not secret).
bool constant_time_equals(std::string_view a, std::string_view b);

// `n` bytes from the OpenSSL CSPRNG.
std::string random_bytes(std::size_t n);

// `n` characters drawn uniformly from [0-9A-Za-z] with the OpenSSL CSPRNG.
std::string random_alnum(std::size_t n);

}  // namespace wolfix
