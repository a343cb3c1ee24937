-- The payment history entry of a provider event whose dedup row was written with its outcome
-- known (payment/ledger.hpp, remember_webhook_with_entry: the usual payment_intent.succeeded of
-- an order already paid by that intent). The entry's other facts are the row's own (when, the
-- event's type and id, the order), so it is no longer stored in payment_events (issue 12: one
-- insert and one index entry fewer per card order). The id is the one the stored entry would
-- have had. Rows written before keep these NULL and their stored entry.
ALTER TABLE webhook_events ADD COLUMN history_id TEXT;
ALTER TABLE webhook_events ADD COLUMN history_amount BIGINT;
ALTER TABLE webhook_events ADD COLUMN history_code TEXT;
CREATE INDEX webhook_events_history ON webhook_events (order_id) WHERE history_id IS NOT NULL;
