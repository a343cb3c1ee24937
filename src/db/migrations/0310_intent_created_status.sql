-- The status the provider gave a card order's intent when it was created. A row that has it is
-- its order's "intent created" payment history entry: the entry's other facts (when, amount,
-- intent) are the row's own, so checkout no longer stores the entry in payment_events (issue 12:
-- one insert and two index entries fewer per card order). Rows written before keep it NULL and
-- their stored entry.
ALTER TABLE order_payments ADD COLUMN intent_created_status TEXT;
