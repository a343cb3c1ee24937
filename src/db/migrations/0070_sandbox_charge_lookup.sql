-- GET /v1/charges/{id} finds the sandbox's charge through its intent's latest charge (webhooks
-- about charges are checked against it).
CREATE INDEX sandbox_payment_intents_latest_charge ON sandbox_payment_intents (latest_charge);
