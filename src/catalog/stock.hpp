#pragma once
// Stock reservation and the sale facts an order snapshots, for the order module. Reservations
// are conditional updates (stock only ever goes down when enough is left), so concurrent buyers
// can never drive a count below zero, whatever the database's isolation level. A product that
// does not track its stock (track_stock = 0) is always available while it is on sale: reserving
// it takes nothing and giving units back is a no-op, so its count is never written.
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/bounded_memo.hpp"
#include "db/db.hpp"

namespace wolfix::catalog {

// What an order line needs to know about a product right now.
struct SaleFacts {
  std::string id;
  std::string seller_id;
  std::string title;
  std::optional<std::string> main_photo_url;
  int64_t price_minor = 0;        // list price
  int64_t final_price_minor = 0;  // after the active discount (pricing.hpp)
  bool available = false;         // status InStock
  bool tracks_stock = true;       // false: always available while InStock; `stock` means nothing
  int64_t stock = 0;
};

// Products by id that exist and are not deleted; unknown or deleted ids are simply absent.
std::map<std::string, SaleFacts> sale_facts(db::Session& s, const std::vector<std::string>& ids,
                                            int64_t now_ms);

// A product's facts as its row holds them (the discount unpriced), for a sale on remembered
// facts (reserve_as_remembered).
struct RawSaleFacts {
  std::string seller_id, title;
  std::optional<std::string> main_photo_url;
  int64_t price_minor = 0;
  std::optional<int64_t> discount_percent, discount_expires_at;
  bool tracks_stock = true;
};
// A node's memory of the products it reserved for sale, by id, as the reservations returned them.
using SaleFactsMemo = BoundedMemo<RawSaleFacts>;

// A reservation of `quantity` units for sale, asked for now and answered by get() (called once):
// the product's sale facts after it, or nullopt, with nothing changed, when the product is not on
// sale (not deleted, InStock) with that many units left (then sale_facts() tells why). An
// untracked product on sale is reserved without touching its count. PostgreSQL sends the
// update with the transaction's next statement, so an order whose lines are known from the start
// reserves them in the round trip of its first reads. Forward-declared store type: a caller
// never sees the SQL.
namespace store {
class PendingSaleReservation;
}
class Stock;
class SaleReservation {
 public:
  // memo (may be null): remembers the reserved product's facts there (PostgreSQL).
  SaleReservation(Stock& stock, db::Session& s, const std::string& product_id, int64_t quantity,
                  int64_t now_ms, SaleFactsMemo* memo = nullptr);
  SaleReservation(SaleReservation&&) noexcept;
  ~SaleReservation();
  std::optional<SaleFacts> get();

 private:
  Stock* stock_;
  db::Session* session_;  // the order's: a sell-out bumps the category in it
  std::string product_id_;
  std::unique_ptr<store::PendingSaleReservation> pending_;  // null: nothing asked (quantity <= 0)
};

// A sale on remembered facts (PostgreSQL's one-round-trip cash order): the facts of the
// product's last reservation remembered in memo, priced at now_ms, if any.
std::optional<SaleFacts> remembered_sale_facts(const SaleFactsMemo& memo,
                                               const std::string& product_id, int64_t now_ms);

// Stock as orders and refunds change it (with SaleReservation), and what those changes mean
// for this node's caches. One per process (the app owns it): the order module writes through
// it and the product reads follow it. Every change runs in the caller's transaction and is
// counted inside it: one that then rolls back only costs a cache miss.
class Stock {
 public:
  Stock() = default;
  Stock(const Stock&) = delete;
  Stock& operator=(const Stock&) = delete;

  // Reserves `quantity` units, sent with the transaction's next statement or COMMIT, and fails
  // the transaction (db::ExpectationFailed) unless the product is on sale with exactly the
  // remembered facts (price, discount, title, seller, photo, tracking) and keeps units after it
  // (a sell-out changes the category's pages: the careful way does that). Call only after
  // remembered_sale_facts() answered; on PostgreSQL only.
  void reserve_as_remembered(const SaleFactsMemo& memo, db::Session& s,
                             const std::string& product_id, int64_t quantity);
  // Puts units back (a cancelled or expired order), deleted products included; nothing for a
  // product that does not track stock.
  void release(db::Session& s, const std::string& product_id, int64_t quantity);
  // Takes out again up to `quantity` units that were put back (a refund the provider reversed
  // after it had restocked them). Never drives stock below zero: when fewer are left, takes
  // what is there. Returns how many units it took (all of them for a product that does not
  // track stock: there is no count to take them from).
  int64_t take_back(db::Session& s, const std::string& product_id, int64_t quantity);

  // Counts the times a tracked stock ran out or came back from zero through this object (what
  // a shopper sees as the status), so that cached pages showing statuses can be dropped.
  uint64_t availability_epoch() const;
  // Products whose tracked count changed through this object, numbered, for caches that show
  // the count (the product detail).
  uint64_t change_seq() const;
  // The products changed after `seen`, which is moved to the latest change; nullopt when more
  // changed than are remembered (drop everything).
  std::optional<std::vector<std::string>> changes_since(uint64_t& seen) const;

 private:
  friend class SaleReservation;
  std::optional<SaleFacts> note_reserved(db::Session& s, const std::string& product_id,
                                         std::optional<SaleFacts> facts);
  void changed(const std::string& product_id);
  // A status shown on the product's category pages changed: this node's cached pages are
  // dropped (the epoch), other nodes' are revalidated by the category's revision.
  void availability_changed(db::Session& s, const std::string& product_id);

  static constexpr std::size_t kRememberedChanges = 4096;
  std::atomic<uint64_t> availability_epoch_{0};
  mutable std::mutex changes_mu_;
  std::deque<std::string> changes_;  // the last ones, changes_.back() is number change_seq_
  std::atomic<uint64_t> change_seq_{0};
};

}  // namespace wolfix::catalog
