-- Outbox of customer notifications (e-mail). Written in the same transaction as the change it
-- announces, delivered later by a job, so a notification is never lost or sent for a change
-- that rolled back.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                 -- order_paid, order_refunded, ...
  recipient TEXT NOT NULL,            -- e-mail address
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  dedup_key TEXT UNIQUE,              -- one notification per (event, order), whatever retries happen
  status TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
