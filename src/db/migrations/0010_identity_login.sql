-- Identity: Google sign-in binding and the login throttle.

-- Google's stable user id ("sub" of its ID tokens); an account found by it is the same person
-- even after they change their Google e-mail.
ALTER TABLE accounts ADD COLUMN google_subject TEXT;
CREATE UNIQUE INDEX accounts_google_subject ON accounts (google_subject);

-- Sign-in attempts per key (a hash of the account e-mail or of the client address) per fixed
-- window. Kept in the database so that every node behind a load balancer sees the same counts.
CREATE TABLE login_failures (
  throttle_key TEXT NOT NULL,
  window_start BIGINT NOT NULL,      -- unix ms, a multiple of the window length
  failures INTEGER NOT NULL,
  PRIMARY KEY (throttle_key, window_start)
);
CREATE INDEX login_failures_window ON login_failures (window_start);
