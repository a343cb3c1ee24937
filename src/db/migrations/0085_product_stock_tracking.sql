-- A product either tracks its stock (a count that orders take from and refunds give back) or
-- does not (always available while it is InStock), as commerce platforms let sellers choose.
-- Products created without a stock (what Wolfix.Server's forms send: the original has no stock)
-- do not track it. Every product that existed before keeps tracking, as it did.
ALTER TABLE products ADD COLUMN track_stock INTEGER NOT NULL DEFAULT 1;
