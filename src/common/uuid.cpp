#include "common/uuid.hpp"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace wolfix {
namespace {

constexpr uint64_t kRandAMask = (uint64_t{1} << 12) - 1;
constexpr uint64_t kRandBMask = (uint64_t{1} << 62) - 1;
constexpr uint64_t kTimestampMask = (uint64_t{1} << 48) - 1;

uint64_t load_u64(const std::array<unsigned char, 16>& bytes, std::size_t offset) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | uint8_t(bytes[offset + i]);
  return v;
}

// 16 bytes from OpenSSL's CSPRNG, drawn from a per-thread reserve refilled 4 KB at a time:
// RAND_bytes costs a few microseconds a call whatever the length (an order makes three ids).
std::array<unsigned char, 16> fresh_entropy() {
  struct Reserve {
    std::array<unsigned char, 4096> bytes;
    std::size_t used = 4096;
  };
  thread_local Reserve reserve;
  if (reserve.used == reserve.bytes.size()) {
    if (RAND_bytes(reserve.bytes.data(), static_cast<int>(reserve.bytes.size())) != 1)
      throw std::runtime_error("new_uuid_v7: OpenSSL RAND_bytes failed");
    reserve.used = 0;
  }
  std::array<unsigned char, 16> out;
  std::memcpy(out.data(), reserve.bytes.data() + reserve.used, out.size());
  // Handed out once: the reserve never gives the same bytes to two ids.
  std::memset(reserve.bytes.data() + reserve.used, 0, out.size());
  reserve.used += out.size();
  return out;
}

// RFC 9562 §6.2 method 2 ("monotonic random"): inside one millisecond the 74 random bits
// (rand_a:rand_b) are treated as a counter and bumped by a random step, so ids stay ordered
// without becoming guessable from the previous one.
class V7Generator {
 public:
  std::array<unsigned char, 16> next() {
    const auto entropy = fresh_entropy();
    const int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    const uint64_t now_ms = wall < 0 ? 0 : uint64_t(wall) & kTimestampMask;

    std::lock_guard lock(mutex_);
    if (now_ms > last_ms_) {
      last_ms_ = now_ms;
      rand_a_ = load_u64(entropy, 0) & kRandAMask;
      rand_b_ = load_u64(entropy, 8) & kRandBMask;
    } else {
      // Same millisecond, or the clock went backwards: stay on last_ms_ and count upwards.
      const uint64_t step = (load_u64(entropy, 0) & 0xffffffff) + 1;
      rand_b_ += step;
      if (rand_b_ > kRandBMask) {
        rand_b_ &= kRandBMask;
        if (++rand_a_ > kRandAMask) {
          // Counter exhausted (practically unreachable): borrow the next millisecond.
          last_ms_ = (last_ms_ + 1) & kTimestampMask;
          rand_a_ = load_u64(entropy, 8) & kRandAMask;
        }
      }
    }

    std::array<unsigned char, 16> out{};
    for (int i = 0; i < 6; ++i) out[i] = uint8_t(last_ms_ >> (8 * (5 - i)));
    out[6] = uint8_t(0x70 | (rand_a_ >> 8));
    out[7] = uint8_t(rand_a_);
    out[8] = uint8_t(0x80 | (rand_b_ >> 56));
    for (int i = 9; i < 16; ++i) out[i] = uint8_t(rand_b_ >> (8 * (15 - i)));
    return out;
  }

 private:
  std::mutex mutex_;
  uint64_t last_ms_ = 0;
  uint64_t rand_a_ = 0;
  uint64_t rand_b_ = 0;
};

bool is_dash_position(std::size_t i) {
  return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

std::string new_uuid_v7() {
  static V7Generator generator;
  const auto bytes = generator.next();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return out;
}

std::optional<std::string> parse_uuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    char& c = out[i];
    if (is_dash_position(i)) {
      if (c != '-') return std::nullopt;
    } else if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace wolfix
