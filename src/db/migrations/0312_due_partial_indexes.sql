-- The queues' "due" indexes hold only what is still to send (issue 12). The outbox and the
-- sandbox's webhook sender look only at pending rows (status = 'pending' AND next_attempt_at <=
-- ?), and a row that is sent leaves its queue for good: with the status in the key, every sent
-- row kept an entry, each send wrote a new one, and the scans walked the old ones.
DROP INDEX notifications_due;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
DROP INDEX sandbox_deliveries_due;
CREATE INDEX sandbox_deliveries_due ON sandbox_deliveries (next_attempt_at)
  WHERE status = 'pending';
-- A charge is looked up by its id only (GET /v1/charges/{id}, a refund by charge): an intent
-- without one needs no entry.
DROP INDEX sandbox_payment_intents_latest_charge;
CREATE INDEX sandbox_payment_intents_latest_charge ON sandbox_payment_intents (latest_charge)
  WHERE latest_charge IS NOT NULL;
-- Events are listed newest first by seq; a created[...] filter reads along that order (the
-- sandbox keeps the events of its tests and demos), so the created index only cost an entry
-- per event.
DROP INDEX sandbox_events_created;
