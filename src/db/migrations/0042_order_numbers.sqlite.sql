-- Order numbers: SQLite has one writer, so a one-row counter updated in the order's
-- transaction is as good as a sequence.
CREATE TABLE order_number_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_value BIGINT NOT NULL
);
INSERT INTO order_number_seq (id, last_value) VALUES (1, 100000);
