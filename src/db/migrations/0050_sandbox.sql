-- The payment sandbox's state (src/sandbox): a Stripe-compatible provider kept in the database
-- so it survives restarts and several nodes share it. Card data is never stored beyond brand
-- and last four digits.

CREATE TABLE sandbox_payment_intents (
  id TEXT PRIMARY KEY,
  client_secret TEXT NOT NULL,
  amount BIGINT NOT NULL,
  amount_received BIGINT NOT NULL DEFAULT 0,
  amount_refunded BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  metadata TEXT NOT NULL,               -- JSON object
  description TEXT,
  receipt_email TEXT,
  payment_method_types TEXT NOT NULL,   -- JSON array
  automatic_payment_methods INTEGER NOT NULL DEFAULT 0,
  payment_method TEXT,
  card_brand TEXT,
  card_last4 TEXT,
  last_payment_error TEXT,              -- JSON object or NULL
  latest_charge TEXT,
  charge_created BIGINT,
  action_token TEXT UNIQUE,             -- the 3-D Secure page's token while requires_action
  action_outcome TEXT,                  -- what a passed challenge leads to: succeed | dispute
  action_url TEXT,                      -- the challenge page, as the confirming client saw it
  return_url TEXT,
  cancellation_reason TEXT,
  canceled_at BIGINT,
  disputed INTEGER NOT NULL DEFAULT 0,
  webhook_faults TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL
);
CREATE INDEX sandbox_payment_intents_created ON sandbox_payment_intents (created);

CREATE TABLE sandbox_refunds (
  id TEXT PRIMARY KEY,
  payment_intent TEXT NOT NULL REFERENCES sandbox_payment_intents(id),
  charge TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  failure_reason TEXT,
  metadata TEXT NOT NULL,
  created BIGINT NOT NULL
);
CREATE INDEX sandbox_refunds_intent ON sandbox_refunds (payment_intent);

CREATE TABLE sandbox_disputes (
  id TEXT PRIMARY KEY,
  payment_intent TEXT NOT NULL UNIQUE REFERENCES sandbox_payment_intents(id),
  charge TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  created BIGINT NOT NULL
);

-- Stripe's idempotency: the first answer per (key, Idempotency-Key); status 0 = still running.
CREATE TABLE sandbox_idempotency (
  api_key TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (api_key, idem_key)
);

-- How often a fault knob has fired for one idempotency key (for "fail the first N attempts").
CREATE TABLE sandbox_fault_hits (
  scope TEXT PRIMARY KEY,
  hits INTEGER NOT NULL
);

-- One row per webhook delivery to send. Claimed with a lease so that several nodes sharing the
-- database never send the same attempt twice; the endpoint is the one configured at send time.
CREATE TABLE sandbox_deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL,                 -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,      -- ms, the application clock
  lease_until BIGINT NOT NULL DEFAULT 0,  -- ms, wall clock
  lease_owner TEXT,
  stale_signature INTEGER NOT NULL DEFAULT 0,
  object_id TEXT,
  last_status INTEGER,
  last_error TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX sandbox_deliveries_due ON sandbox_deliveries (status, next_attempt_at);
CREATE INDEX sandbox_deliveries_event ON sandbox_deliveries (event_id);
