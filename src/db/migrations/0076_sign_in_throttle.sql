-- Identity: the sign-in and registration throttles (issue 15 items 7 and 10).
-- One row per key (a hash of an account e-mail, a client address, or both together): the
-- current fixed window's count and the previous window's, from which a sliding window is
-- estimated, and when the last counted attempt was, for the progressive delay. Rows are locked
-- while an attempt is decided, so the limits hold exactly across every node.
CREATE TABLE throttle_counters (
  throttle_key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,      -- unix ms, a multiple of the window length
  attempts INTEGER NOT NULL,
  previous INTEGER NOT NULL,         -- attempts in the window before window_start
  last_attempt_at BIGINT NOT NULL    -- unix ms
);
CREATE INDEX throttle_counters_window ON throttle_counters (window_start);

-- Addresses an account has signed in from (both hashed): while strangers spray an account
-- from many addresses, its owner's usual addresses still get in.
CREATE TABLE sign_in_known_addresses (
  account_key TEXT NOT NULL,
  address_key TEXT NOT NULL,
  last_success_at BIGINT NOT NULL,   -- unix ms
  PRIMARY KEY (account_key, address_key)
);
CREATE INDEX sign_in_known_addresses_age ON sign_in_known_addresses (last_success_at);

-- The fixed-window counters these replace.
DROP TABLE login_failures;
