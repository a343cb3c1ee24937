#pragma once
// The one place the API tests touch the database (issue 14 point 8): named reads of state the
// API does not answer exactly (counters of history rows, notifications, provider-side records),
// and named writes of states the API cannot reach (fixture rows, time travel, corrupted or
// legacy rows for the recovery paths). Only probe*.cpp know table and column names;
// scripts/check-test-sql.sh (run by `make test`) fails on SQL anywhere else in tests/api.
// Everything here is a test's instrument, not a model: read the API first.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/db.hpp"

namespace wolfix::test {

class Probe {
 public:
  // Looks through a running server's own database handle.
  explicit Probe(db::Database& db) : db_(&db) {}
  // Opens its own connection (suites whose server is a child process, or that have none).
  static Probe open(const std::string& database_url, int pool_size = 2);
  // A new, empty database of the driver under test (the harness's database selection).
  static void create_postgres_database(const std::string& admin_url, const std::string& name);

  db::Database& database() { return *db_; }

  // ---- accounts and profiles (fixtures.cpp's actors) --------------------------------------
  // An account with `role` and that role's profile (believable valid data; Admin: Basic,
  // SuperAdmin: Super), in one transaction.
  void add_actor(const std::string& role, const std::string& account_id,
                 const std::string& profile_id, const std::string& email,
                 const std::string& password_hash, int64_t now);
  void grant_role(const std::string& account_id, const std::string& role,
                  const std::string& profile_id, int64_t now);
  // The Customer role for an existing account, its profile with only these names (nullopt:
  // NULL) and no phone, in one transaction.
  void add_customer_role(const std::string& account_id, const std::string& profile_id,
                         const std::optional<std::string>& first_name,
                         const std::optional<std::string>& last_name, int64_t now);
  int64_t accounts_with_email(const std::string& email);   // by the normalized address
  int64_t customers_with_email(const std::string& email);  // customer profiles of that account
  int64_t role_grants(const std::string& account_id, const std::string& role,
                      const std::string& profile_id);
  // The profile id `account_id` holds `role` with, if any.
  std::optional<std::string> role_profile(const std::string& account_id, const std::string& role);
  // The customers row of the account ("" if none).
  std::string customer_profile_of(const std::string& account_id);
  int64_t seller_profiles_of(const std::string& account_id);
  void revoke_all_roles(const std::string& account_id);
  // As a password change or a sign-out everywhere would: every token issued before is stale.
  void bump_token_version(const std::string& account_id);
  struct AccountRow {
    std::string auth_provider;
    std::optional<std::string> password_hash, google_subject;
  };
  std::optional<AccountRow> account(const std::string& account_id);
  struct CustomerNames {
    std::string first_name, last_name, photo_url;
  };
  std::optional<CustomerNames> customer_names(const std::string& profile_id,
                                              const std::string& account_id);
  void set_customer_bonuses(const std::string& profile_id, int64_t minor);
  // As an account made by Google sign-in, before the customer filled anything in.
  void clear_customer_contacts(const std::string& profile_id);
  void block_customer(const std::string& profile_id);

  // ---- notifications ------------------------------------------------------------------------
  int64_t notifications_with_key(const std::string& dedup_key);
  int64_t notifications_to(const std::string& recipient, const std::string& kind);
  struct Mail {
    std::string kind, recipient, subject, body;
  };
  std::vector<Mail> mails_with_key(const std::string& dedup_key);
  std::string notification_status(const std::string& dedup_key);
  // order_refunded notifications of the refunds of `order_id`.
  int64_t refund_notifications(const std::string& order_id);

  // ---- catalog ------------------------------------------------------------------------------
  void add_category(const std::string& id, const std::optional<std::string>& parent_id,
                    const std::string& name, const std::string& name_lower, int64_t now);
  struct ProductRow {
    std::string id, seller_id, category_id, title, description;
    int64_t price_minor = 0;
    std::string status;
    int64_t stock = 0;
    std::optional<int> discount_percent;
    std::optional<int64_t> discount_expires_at;
    int64_t bonuses_minor = 0;
    std::optional<std::string> main_photo_url;
    int64_t created_at = 0;
  };
  // In one transaction. The writes below bump the product's revision and its category's as the
  // catalog's writes do (nodes' cached details and pages are checked by them), except set_stock,
  // which as an order bumps only the category's, and only when the stock runs out or comes back.
  void add_products(const std::vector<ProductRow>& rows);
  void set_stock(const std::string& product_id, int64_t stock);
  // -1 when there is no such product.
  int64_t stock(const std::string& product_id);
  void set_price(const std::string& product_id, int64_t price_minor);
  // In one transaction: (product id, price).
  void set_prices(const std::vector<std::pair<std::string, int64_t>>& prices);
  void set_product_status(const std::string& product_id, const std::string& status);
  void mark_product_deleted(const std::string& product_id, int64_t now);
  bool product_deleted(const std::string& product_id);
  // As another node sharing the database writes a product (its title and updated_at; `removed`
  // also sets deleted_at), behind this node's caches and search index.
  void write_product_elsewhere(const std::string& product_id, const std::string& title, int64_t now,
                               bool removed = false);
  void set_discount_expiry(const std::string& product_id, int64_t expires_at);
  void set_main_photo_url(const std::string& product_id, const std::string& url);
  void set_media_urls(const std::string& product_id, const std::string& url);
  std::string media_url(const std::string& product_id);  // its (first) media row's stored URL
  // A category's live-product count, as the catalog's writes keep it (rows made here do not).
  void set_products_count(const std::string& category_id, int64_t count);
  void count_one_more_product(const std::string& category_id);
  // -1 when there is no such category (migration 0260).
  int64_t category_revision(const std::string& category_id);
  void mark_category_deleted(const std::string& category_id, int64_t now);
  // A category's live products in the order its pages list them (final price, then id).
  std::vector<std::string> products_by_price(const std::string& category_id);
  // The seller may sell in the category (as an accepted application grants); `name` empty:
  // the category's own name; an existing grant is left as it is.
  void allow_category(const std::string& row_id, const std::string& seller_id,
                      const std::string& category_id, int64_t now, const std::string& name = "");
  int64_t seller_categories(const std::string& seller_id);
  int64_t delivery_cities(const std::string& method_id);
  // The demo delivery methods; returns how many the seed added.
  int seed_delivery(int64_t now);
  // The seller's products removed as the removed-seller rule does; returns how many.
  int remove_seller_products(const std::string& seller_id, int64_t now);
  // The plan of `sql` as text lines; PostgreSQL is kept from scans and (when `ordered`) sorts
  // that a small table would otherwise get (see catalog_query_plan_test.cpp).
  std::vector<std::string> plan(const std::string& sql, const db::Params& params, bool ordered);
  void analyze();

  // ---- carts and orders ---------------------------------------------------------------------
  void add_cart_line(const std::string& id, const std::string& customer_id,
                     const std::string& product_id, int quantity, int64_t now);
  bool cart_line_exists(const std::string& cart_item_id);
  bool order_exists(const std::string& order_id);
  int64_t orders_total();
  struct OrderSummary {
    std::string id;
    int64_t payment_option = 0, payment_status = 0, delivery_status = 0;
  };
  std::vector<OrderSummary> all_orders();
  int64_t payment_status(const std::string& order_id);
  int64_t delivery_status(const std::string& order_id);
  // Stored history rows of the order that record `what` (placed, paymentIntent, ...).
  int64_t history_rows(const std::string& order_id, const std::string& what);
  // The order's paymentIntent history entry stored as builds before migration 0311 wrote it (an
  // order_history row, the first of its millisecond, and no payment_intent_at).
  void store_payment_intent_entry_as_before(const std::string& order_id);
  // History entries moving the order's payment status to `to`.
  int64_t payment_transitions(const std::string& order_id, int64_t to);
  // Orders whose payment status became `to` more than once.
  int64_t orders_with_repeated_transition(int64_t to);
  // Refunded orders with a line not given back in full.
  int64_t refunded_orders_not_restocked();
  int64_t units_ordered(const std::string& product_id);
  // Order lines and history entries whose order is gone (none ever: PostgreSQL has no foreign
  // keys from them since migration 0280, the order module keeps them with their order).
  int64_t order_children_without_order();
  // Units of the product that orders not cancelled still hold (ordered minus restocked).
  int64_t units_held(const std::string& product_id);
  // The same over every line of every order, cancelled ones included.
  int64_t units_held_by_all_orders();
  // A card order that was refunded, without the card flow (payment option Card, Refunded).
  void mark_card_refunded(const std::string& order_id);
  void set_refunded_quantity(const std::string& order_id, int64_t quantity);
  // Every order of the customer Delivered and Paid.
  void mark_delivered_and_paid(const std::string& customer_id);
  // A write that takes the order's row lock (and nothing else).
  void touch_order(const std::string& order_id);
  // A stored idempotency key with another request fingerprint (as an older build wrote it).
  void set_idempotency_fingerprint(const std::string& key, const std::string& fingerprint);

  // ---- payments -----------------------------------------------------------------------------
  int64_t payment_events(const std::string& order_id, const std::string& kind);
  // The order's intent_created payment history entry stored as builds before migration 0310
  // wrote it (a payment_events row, first of the order's, and no intent_created_status).
  void store_intent_created_as_before(const std::string& order_id);
  // The order's paid entry stored as builds before migration 0314 wrote it (a payment_events
  // row with the same id, and no paid_event_id on the payment row).
  void store_paid_as_before(const std::string& order_id);
  // Its webhook entries likewise (before migration 0315: payment_events rows, no history_id).
  void store_webhook_entries_as_before(const std::string& order_id);
  std::string payment_client_secret(const std::string& order_id);
  int64_t refunds_pending();
  struct RefundRow {
    std::string provider_refund_id, intent_id, currency;
    int64_t amount_minor = 0;
  };
  RefundRow refund(const std::string& refund_id);
  // Per order of the customer, what a payment left behind (-1: no such row).
  struct PaidOutcome {
    int64_t payment_status = -1, paid_transitions = -1, paid_entries = -1, webhook_entries = -1,
            notifications = -1, received = -1, refunded = -1, stock = -1, payment_rows = -1,
            webhook_rows = -1;
    std::string paid_by;
  };
  std::map<std::string, PaidOutcome> paid_outcomes(const std::string& customer_id);
  // Per order of the customer, what refunds and disputes left behind.
  struct RefundOutcome {
    int64_t payment_status = -1, refunded_transitions = -1, succeeded_refunds = -1,
            open_refunds = -1, refunded_entries = -1, refunded_minor = -1, stock = -1,
            refund_notifications = -1, dispute_lost_entries = -1;
  };
  std::map<std::string, RefundOutcome> refund_outcomes(const std::string& customer_id);
  // The next transaction that records this webhook event (or fails this refund) fails its
  // commit once and runs again (Database::fail_commit_once_when); disarm_retry() cancels it.
  void retry_once_when_webhook_recorded(const std::string& event_id);
  void retry_once_when_refund_failed(const std::string& refund_id);
  void disarm_retry();
  int injected_failures();

  // ---- the sandbox provider's own records ---------------------------------------------------
  // The intent open for payment again (as if Wolfix's cancel had never reached it).
  void reopen_intent(const std::string& intent_id);
  int64_t sandbox_refunds_total(const std::string& intent_id);
  bool sandbox_idempotency_key_stored(const std::string& key);
  // Every stored value of the sandbox's intents, events and idempotency records, '|'-joined.
  std::string sandbox_dump();
  struct Delivery {
    int64_t attempts = 0;
    std::optional<int64_t> next_attempt_at, last_status;
    std::string status;
  };
  // The sandbox's delivery of the event about `object_id` (of `event_type`, if given).
  std::optional<Delivery> delivery(const std::string& object_id,
                                   const std::string& event_type = "");

  // A database that is not Wolfix's: one table of its own, no migrations (the backup suite).
  static void make_foreign_database(const std::string& database_url);

  // ---- SQLite files by path (the outage suite) ----------------------------------------------
  // Another process's write transaction on the file (here another connection, which SQLite
  // treats alike), held until this goes away.
  class SqliteWriteLock {
   public:
    explicit SqliteWriteLock(const std::string& path);
    ~SqliteWriteLock();
    SqliteWriteLock(const SqliteWriteLock&) = delete;
    SqliteWriteLock& operator=(const SqliteWriteLock&) = delete;
    bool held() const { return held_; }

   private:
    void* db_ = nullptr;
    bool held_ = false;
  };
  // PRAGMA integrity_check's answer ("ok"), read-only.
  static std::string sqlite_integrity(const std::string& path);
  // Empties the write-ahead log into the file; false if the file could not be opened.
  static bool sqlite_checkpoint(const std::string& path);

  // ---- migrations ---------------------------------------------------------------------------
  int64_t applied_migrations();
  int64_t migrations_without_checksum();
  std::string migration_checksum(const std::string& version);  // "" if none
  void set_migration_checksum(const std::string& version, const std::string& checksum);
  // The database as it was before checksums existed.
  void forget_checksums_feature();
  void forget_migration_checksum(const std::string& version);
  // As a newer build would have left it.
  void record_unknown_migration(const std::string& version, const std::string& checksum);

 private:
  Probe(std::shared_ptr<db::Database> owned) : owned_(std::move(owned)), db_(owned_.get()) {}
  int64_t count(const std::string& sql, const db::Params& params = {});
  void exec(const std::string& sql, const db::Params& params = {});
  // `sql` writes the product; its category's revision is bumped in the same transaction.
  void write_product(const std::string& sql, const db::Params& params,
                     const std::string& product_id);
  std::shared_ptr<db::Database> owned_;
  db::Database* db_;
};

}  // namespace wolfix::test
