#include "identity/hashing.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <utility>

#include "common/errors.hpp"

namespace wolfix::identity {
namespace {

std::counting_semaphore<kConcurrentHashes>& hash_slots() {
  static std::counting_semaphore<kConcurrentHashes> slots(kConcurrentHashes);
  return slots;
}

// Holds one hashing slot for its lifetime.
class Slot {
 public:
  Slot() {
    using namespace std::chrono_literals;
    if (!hash_slots().try_acquire_for(5s))
      throw ApiError(503, "server_busy", "The server is busy; please try again in a moment");
  }
  ~Slot() { hash_slots().release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
};

// One dummy hash per cost, made on first use.
const std::string& dummy_hash(PasswordHashCost cost) {
  static std::mutex mu;
  static std::map<std::pair<unsigned long long, std::size_t>, std::string> hashes;
  std::lock_guard lock(mu);
  auto& h = hashes[{cost.opslimit, cost.memlimit}];
  if (h.empty()) h = hash_password("wolfix-dummy-password-for-timing", cost);
  return h;
}

}  // namespace

PasswordHashCost password_cost_named(std::string_view name) {
  if (name == "default") return default_password_cost();
  if (name == "test") return test_password_cost();
  throw std::invalid_argument("password cost must be default or test");
}

std::string hash_password_bounded(std::string_view password, PasswordHashCost cost) {
  Slot slot;
  return hash_password(password, cost);
}

bool verify_password_bounded(std::string_view password, std::string_view stored_hash,
                             PasswordHashCost cost) {
  if (stored_hash.empty()) {
    const std::string& dummy = dummy_hash(cost);
    Slot slot;
    (void)verify_password(password, dummy);
    return false;
  }
  Slot slot;
  return verify_password(password, stored_hash);
}

}  // namespace wolfix::identity
