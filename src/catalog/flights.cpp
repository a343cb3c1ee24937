#include "catalog/flights.hpp"

namespace wolfix::catalog {

Flights::Claim Flights::claim(const std::string& key) {
  std::lock_guard lock(mu_);
  auto [it, fresh] = flights_.try_emplace(key);
  if (!fresh) return Claim(nullptr, {}, it->second);
  it->second = std::make_shared<Flight>();
  return Claim(this, key, it->second);
}

void Flights::Claim::wait() {
  if (mine() || !flight_) return;
  std::unique_lock lock(flight_->mu);
  flight_->cv.wait(lock, [this] { return flight_->done; });
}

Flights::Claim::~Claim() {
  if (!owner_) return;
  {
    std::lock_guard lock(owner_->mu_);
    owner_->flights_.erase(key_);
  }
  {
    std::lock_guard lock(flight_->mu);
    flight_->done = true;
  }
  flight_->cv.notify_all();
}

}  // namespace wolfix::catalog
