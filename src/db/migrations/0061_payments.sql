-- The order side of card payments: a per-order payment history, the provider events we have
-- processed (deduplicated by event id), refunds and disputes. Owned by the payment module.

-- Everything that happened to an order's payment, in order: intent created, confirmation
-- checked, failed (with the decline code), paid, refunded, disputed, webhook received.
CREATE TABLE payment_events (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  amount_minor BIGINT,
  provider_ref TEXT,               -- pi_..., re_..., evt_..., dp_...
  code TEXT,                       -- decline code, refund reason, dispute status
  source TEXT NOT NULL,            -- client | webhook | reconciler | expiry | admin | seller | system
  detail TEXT
);
CREATE INDEX payment_events_order ON payment_events (order_id, at);

-- Provider events already applied: the primary key makes a redelivery a no-op, and the insert
-- shares the transaction of the state change it caused.
CREATE TABLE webhook_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  object_id TEXT,
  order_id TEXT,
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL
);

CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  provider_refund_id TEXT UNIQUE,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  reason TEXT,
  status TEXT NOT NULL,            -- pending | succeeded | failed | canceled
  source TEXT NOT NULL,            -- api (Wolfix route) | provider (dashboard / dispute)
  requested_by_role TEXT,
  requested_by_id TEXT,
  restock INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);

CREATE TABLE disputes (
  id TEXT PRIMARY KEY,             -- the provider's dp_...
  order_id TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  reason TEXT,
  status TEXT NOT NULL,            -- needs_response | won | lost | ...
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX disputes_order ON disputes (order_id);

-- The money side of one card order: what the intent is for, what came in, what went back.
-- refunded_minor counts refunds in flight too, so a conditional update on it can never let
-- concurrent refunds exceed what was received.
CREATE TABLE order_payments (
  order_id TEXT PRIMARY KEY,
  intent_id TEXT NOT NULL UNIQUE,
  client_secret TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  received_minor BIGINT NOT NULL DEFAULT 0,
  refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
  restocked INTEGER NOT NULL DEFAULT 0,
  last_error_code TEXT,
  last_decline_code TEXT,
  last_error_message TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (refunded_minor <= amount_minor)
);
