-- The 3-D Secure token is set only while an intent requires action: an intent without one needs
-- no entry in its unique index (issue 12: two index entries fewer per card payment). SQLite's
-- UNIQUE column constraint cannot be dropped without rebuilding the table, and costs it little.
ALTER TABLE sandbox_payment_intents DROP CONSTRAINT sandbox_payment_intents_action_token_key;
CREATE UNIQUE INDEX sandbox_payment_intents_action_token ON sandbox_payment_intents (action_token)
  WHERE action_token IS NOT NULL;
