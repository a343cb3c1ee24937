#pragma once
// Helpers shared by the files of CardPayments (card_*.cpp, refund_settlement.cpp); payment's
// own, never included by another module.
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "db/db.hpp"
#include "order/service.hpp"
#include "payment/gateway.hpp"
#include "payment/ledger.hpp"

namespace wolfix::payment {

// The provider's idempotency key of an order's intent (and, suffixed, of its cancellations).
std::string intent_key(const std::string& order_id);
Actor system_actor();
ApiError provider_unavailable(const ProviderUnavailable& e, const std::string& what);
ApiError provider_refused(const ProviderError& e, const std::string& what);

// Stock and bonuses that follow a refund (refund_settlement.cpp); each runs in the caller's
// transaction, under the order's payment-row lock.
void restock_items(order::OrderService& orders, db::Session& s,
                   const std::vector<ledger::RefundItem>& items);
void release_refund(db::Session& s, const std::string& refund_id, const std::string& order_id,
                    int64_t amount, int64_t now);
void reconcile_bonuses(db::Session& s, const std::string& order_id, const std::string& customer_id,
                       bool full, const std::string& provider_ref, HistorySource source,
                       int64_t now);

}  // namespace wolfix::payment
