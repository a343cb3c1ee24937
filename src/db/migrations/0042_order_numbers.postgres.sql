-- Order numbers: a sequence never blocks concurrent orders (no hot counter row).
CREATE SEQUENCE order_number_seq START WITH 100001;
