// The background passes: unpaid card orders expired, and the reconciler (pending orders asked
// about, unanswered refunds retried, recent refunds checked again).
#include "common/log.hpp"
#include "payment/card_flow.hpp"
#include "payment/card_support.hpp"
#include "payment/ledger.hpp"

namespace wolfix::payment {

using order::OrderPaymentView;
using order::PaymentOption;
using order::PaymentStatus;

int CardPayments::expire_unpaid() {
  int64_t now = clock_.now_ms();
  auto ids = db_.read([&](db::Session& s) {
    return orders_.unpaid_card_orders(s, now - settings_.expire_after_ms, 100);
  });
  int settled = 0;
  for (const auto& id : ids) {
    try {
      auto view = db_.read([&](db::Session& s) { return orders_.payment_view(s, id); });
      if (!view) continue;
      if (view->payment_intent_id) {
        // Cancel at the provider first: once canceled, the intent can never take money, so
        // releasing the stock is safe. If it already succeeded, the order is paid instead.
        try {
          gateway_.cancel_intent(*view->payment_intent_id, "abandoned", intent_key(id) + "-expire");
        } catch (const ProviderError&) {
          // e.g. payment_intent_unexpected_state: decide on its current state below.
        }
        auto pi = gateway_.retrieve_intent(*view->payment_intent_id);
        if (!pi.canceled()) {
          if (settle_from_provider(id, HistorySource::expiry) != Applied::in_progress) ++settled;
          continue;  // not canceled (e.g. succeeded or processing): never expire it
        }
      }
      db_.write([&](db::Session& s) {
        auto fresh = orders_.payment_view(s, id);
        if (!fresh || fresh->payment_status == PaymentStatus::paid ||
            fresh->delivery_status == order::DeliveryStatus::cancelled)
          return;
        orders_.cancel(s, id, system_actor(), std::string("unpaid card order expired"),
                       clock_.now_ms());
        ledger::add_event(s, id,
                          {HistoryKind::expired, std::nullopt, fresh->payment_intent_id,
                           std::nullopt, HistorySource::expiry, std::nullopt},
                          clock_.now_ms());
      });
      ++settled;
    } catch (const std::exception& e) {
      log::warn("expiry_failed", {{"order", id}, {"what", e.what()}});  // next pass retries
    }
  }
  return settled;
}

int CardPayments::reconcile() {
  int64_t now = clock_.now_ms();
  int settled = 0;
  // Pending orders whose webhook has not come: ask the provider.
  auto ids = db_.read([&](db::Session& s) {
    return orders_.unpaid_card_orders(s, now - settings_.reconcile_after_ms, 100);
  });
  for (const auto& id : ids) {
    try {
      auto a = settle_from_provider(id, HistorySource::reconciler);
      if (a != Applied::in_progress && a != Applied::already) ++settled;
    } catch (const std::exception& e) {
      log::warn("reconcile_failed", {{"order", id}, {"what", e.what()}});
    }
  }
  // Refunds whose provider call had no answer: retry with the same key (never twice), and
  // apply the answer through finish_refund() like the route does. Same age as pending orders:
  // younger ones may still be answered by the call that made them.
  auto pending = db_.read([&](db::Session& s) {
    return ledger::pending_refunds(s, now - settings_.reconcile_after_ms, 50);
  });
  for (const auto& r : pending) {
    try {
      auto pay =
          db_.read([&](db::Session& s) { return ledger::find_order_payment(s, r.order_id); });
      if (!pay) continue;
      if (r.provider_refund_id) {
        // Accepted as pending by the provider: see how it ended.
        finish_refund(r.id, r.order_id, r.amount_minor,
                      gateway_.retrieve_refund(*r.provider_refund_id), HistorySource::reconciler);
        continue;
      }
      send_refund(r.id, r.order_id, pay->intent_id, r.amount_minor, HistorySource::reconciler);
      ++settled;
    } catch (const std::exception& e) {
      log::warn("refund_retry_failed", {{"refund", r.id}, {"what", e.what()}});
    }
  }
  settled += recheck_succeeded_refunds(now);
  return settled;
}

// A card refund can go from succeeded to failed days later (a closed or lost card), and only
// an event says so. Refunds of the last refund_recheck_window_ms are asked about again, each at
// most once per refund_recheck_every_ms and a few per pass, so a lost refund.updated is found
// within hours at a small, bounded cost in provider calls; older ones are left to the
// provider's events and the dashboard. A failed answer goes through the webhook's reversal.
int CardPayments::recheck_succeeded_refunds(int64_t now) {
  auto due = db_.read([&](db::Session& s) {
    return ledger::succeeded_refunds_to_recheck(s, now - settings_.refund_recheck_window_ms,
                                                now - settings_.refund_recheck_every_ms, 20);
  });
  int reversed = 0;
  for (const auto& r : due) {
    std::optional<Refund> pr;
    try {
      pr = gateway_.retrieve_refund(*r.provider_refund_id);
    } catch (const std::exception& e) {
      log::warn("refund_recheck_failed", {{"refund", r.id}, {"what", e.what()}});
    }
    try {
      // Counted after the commit: a retried attempt must not count twice.
      bool did_reverse = db_.write([&](db::Session& s) {
        ledger::lock_order_payment(s, r.order_id);
        auto row = ledger::find_refund(s, r.id);
        if (!row || row->status != RefundStatus::succeeded) return false;
        auto at_provider = pr ? parse_refund_status(pr->status) : std::nullopt;
        if (at_provider && did_not_happen(*at_provider)) {
          auto before = ledger::update_refund(s, r.id, *at_provider, pr->id, now);
          if (before && before->status == RefundStatus::succeeded) {
            reverse_refund(s, *before, *pr, HistorySource::reconciler, now);
            return true;
          }
          return false;
        }
        // Still succeeded (or the provider could not say): next look after the interval.
        ledger::mark_refund_checked(s, r.id, now);
        return false;
      });
      if (did_reverse) ++reversed;
    } catch (const std::exception& e) {
      log::warn("refund_recheck_failed", {{"refund", r.id}, {"what", e.what()}});
    }
  }
  return reversed;
}

}  // namespace wolfix::payment
