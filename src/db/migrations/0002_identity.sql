-- Identity: accounts, their roles, and the profile each role points to.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  email_lower TEXT NOT NULL UNIQUE,        -- e-mail uniqueness is case-insensitive
  password_hash TEXT,                      -- Argon2id (libsodium string); NULL for external sign-in
  auth_provider TEXT NOT NULL DEFAULT 'Custom',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One row per role held; profile_id is the role's profile (customers.id, sellers.id, ...).
CREATE TABLE account_roles (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('Customer', 'Seller', 'Admin', 'SuperAdmin', 'Support')),
  profile_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, role)
);
