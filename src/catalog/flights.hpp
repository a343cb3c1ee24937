#pragma once
// One computation of a cache entry at a time: callers that miss the same entry together wait
// for the first one's answer instead of each asking the database (after a write drops every
// page, a hot page's readers would otherwise compute it once per worker thread).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace wolfix::catalog {

class Flights {
  struct Flight {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
  };

 public:
  // mine(): this caller computes; the flight ends when the claim is destroyed (answer stored
  // or not). Otherwise wait() for the flight under way, then look in the cache again.
  class Claim {
   public:
    Claim(Claim&& other) noexcept
        : owner_(other.owner_), key_(std::move(other.key_)), flight_(std::move(other.flight_)) {
      other.owner_ = nullptr;
    }
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Claim& operator=(Claim&&) = delete;
    ~Claim();
    bool mine() const { return owner_ != nullptr; }
    void wait();

   private:
    friend class Flights;
    Claim(Flights* owner, std::string key, std::shared_ptr<Flight> flight)
        : owner_(owner), key_(std::move(key)), flight_(std::move(flight)) {}
    Flights* owner_;  // set when mine
    std::string key_;
    std::shared_ptr<Flight> flight_;
  };

  Claim claim(const std::string& key);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace wolfix::catalog
