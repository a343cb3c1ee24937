-- Identity: token revocation (issue 15 item 11). Every token carries the account's token
-- version at the time it was issued; a password change increments the version, so every token
-- issued before it stops verifying. Tokens issued before this migration carry none, which reads
-- as 0, the starting version: they keep working until the next password change.
ALTER TABLE accounts ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
