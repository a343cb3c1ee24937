-- The sandbox's events, in creation order (seq) for Stripe's newest-first lists and paging.
CREATE TABLE sandbox_events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  created BIGINT NOT NULL,              -- unix seconds
  object_id TEXT NOT NULL,
  body TEXT NOT NULL,                   -- the event JSON without pending_webhooks
  webhooks INTEGER NOT NULL DEFAULT 0,  -- deliveries still owed
  delivered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sandbox_events_type ON sandbox_events (type, seq);
CREATE INDEX sandbox_events_created ON sandbox_events (created);
