#pragma once
// Stock reservation and the sale facts an order snapshots, for the order module. Reservations
// are conditional updates (stock only ever goes down when enough is left), so concurrent buyers
// can never drive a count below zero, whatever the database's isolation level. A product that
// does not track its stock (track_stock = 0) is always available while it is on sale: reserving
// it takes nothing and giving units back is a no-op, so its count is never written.
#include <cstdint>
#include <map>
#include <memory>
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

// Takes `quantity` units off the product's stock if at least that many are left and the product
// is on sale (not deleted, InStock); false (and nothing changed) otherwise. An untracked product
// on sale is reserved without touching its count.
bool reserve(db::Session& s, const std::string& product_id, int64_t quantity);

// reserve() and the product's sale facts after it, in one statement (an order's common case:
// every line can be bought); nullopt, with nothing changed, when reserve() would refuse (then
// sale_facts() tells why).
std::optional<SaleFacts> reserve_for_sale(db::Session& s, const std::string& product_id,
                                          int64_t quantity, int64_t now_ms);

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

// reserve_for_sale() asked for now and answered by get() (called once): PostgreSQL sends the
// update with the transaction's next statement, so an order whose lines are known from the start
// reserves them in the round trip of its first reads. Forward-declared store type: a caller
// never sees the SQL.
namespace store {
class PendingSaleReservation;
}
class SaleReservation {
 public:
  // memo (may be null): remembers the reserved product's facts there (PostgreSQL).
  SaleReservation(db::Session& s, const std::string& product_id, int64_t quantity, int64_t now_ms,
                  SaleFactsMemo* memo = nullptr);
  SaleReservation(SaleReservation&&) noexcept;
  ~SaleReservation();
  std::optional<SaleFacts> get();

 private:
  db::Session* session_;  // the order's: a sell-out bumps the category in it
  std::string product_id_;
  std::unique_ptr<store::PendingSaleReservation> pending_;  // null: nothing asked (quantity <= 0)
};

// A sale on remembered facts (PostgreSQL's one-round-trip cash order): the facts of the
// product's last reservation remembered in memo, priced at now_ms, if any.
std::optional<SaleFacts> remembered_sale_facts(const SaleFactsMemo& memo,
                                               const std::string& product_id, int64_t now_ms);
// Reserves `quantity` units, sent with the transaction's next statement or COMMIT, and fails the
// transaction (db::ExpectationFailed) unless the product is on sale with exactly the remembered
// facts (price, discount, title, seller, photo, tracking) and keeps units after it (a sell-out
// changes the category's pages: the careful way does that). Call only after
// remembered_sale_facts() answered; on PostgreSQL only.
void reserve_as_remembered(const SaleFactsMemo& memo, db::Session& s, const std::string& product_id,
                           int64_t quantity);

// Counts the times a tracked stock ran out or came back from zero in this process (what a
// shopper sees as the status), so that cached pages showing statuses can be dropped. It may
// move for a transaction that then rolls back: a spurious count only costs a cache miss.
uint64_t availability_epoch();

// Products whose tracked count was changed by reserve, release or take_back in this process, for
// caches that show the count (the product detail). Like the epoch above, a change is counted
// inside its transaction (it may roll back: a spurious change only costs a cache miss).
uint64_t stock_change_seq();
// The products changed after `seen`, which is moved to the latest change; nullopt when more
// changed than are remembered (drop everything).
std::optional<std::vector<std::string>> stock_changes_since(uint64_t& seen);

// Puts units back (a cancelled or expired order), deleted products included; nothing for a
// product that does not track stock.
void release(db::Session& s, const std::string& product_id, int64_t quantity);

// Takes out again up to `quantity` units that were put back (a refund the provider reversed
// after it had restocked them). Never drives stock below zero: when fewer are left, takes what
// is there. Returns how many units it took (all of them for a product that does not track stock:
// there is no count to take them from).
int64_t take_back(db::Session& s, const std::string& product_id, int64_t quantity);

}  // namespace wolfix::catalog
