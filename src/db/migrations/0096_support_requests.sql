-- Support requests (Wolfix.Server kept them in MongoDB): one row per request, answered or
-- cancelled once by a support member. customer_account_id is whom to notify; the e-mail is
-- read from the account when the answer is sent.
CREATE TABLE support_requests (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  customer_account_id TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('General', 'OrderIssue', 'BugOrError')),
  content TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Processed', 'Canceled')),
  first_name TEXT,
  last_name TEXT,
  middle_name TEXT,
  phone_number TEXT,
  birth_date TEXT,
  order_id TEXT,
  order_number TEXT,
  photo_url TEXT,
  support_id TEXT,                 -- who answered or cancelled it
  response_content TEXT,
  processed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX support_requests_by_status ON support_requests (status, created_at);
CREATE INDEX support_requests_by_status_category ON support_requests (status, category, created_at);
CREATE INDEX support_requests_by_customer ON support_requests (customer_id, created_at);
