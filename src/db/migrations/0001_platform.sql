-- Platform tables shared by every module.

-- Idempotency keys for POST routes: the first answer is kept and replayed for the same key,
-- caller and request fingerprint (see http idempotency helper).
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  response_headers TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope, idem_key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
