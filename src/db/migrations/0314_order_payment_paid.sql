-- When and how the provider's payment of a card order was applied (payment/ledger.hpp,
-- record_paid). A row that has it is its order's "paid" payment history entry: the entry's
-- other facts are the row's own (its intent), so the payment no longer stores the entry in
-- payment_events (issue 12: one insert and two index entries fewer per card order). The id is
-- the one the stored entry would have had, so the history keeps its order within a
-- millisecond. Orders paid before keep these NULL and their stored entry.
ALTER TABLE order_payments ADD COLUMN paid_event_id TEXT;
ALTER TABLE order_payments ADD COLUMN paid_at BIGINT;
ALTER TABLE order_payments ADD COLUMN paid_amount BIGINT;
ALTER TABLE order_payments ADD COLUMN paid_source TEXT;
