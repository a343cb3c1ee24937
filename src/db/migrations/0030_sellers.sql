-- Seller categories and seller applications; indexes for the people modules' listings.
-- Owned by the seller and customer modules.

-- The categories a seller may list products in (Wolfix.Server's SellerCategories). The name is
-- kept as the application named it, as Wolfix.Server does.
CREATE TABLE seller_categories (
  id TEXT PRIMARY KEY,
  seller_id TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (seller_id, category_id)
);
CREATE INDEX seller_categories_category ON seller_categories (category_id);

-- A customer's request to become a seller. category_id has no foreign key: an application is a
-- record of what was asked, and approval checks that the category still exists.
CREATE TABLE seller_applications (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  category_id TEXT NOT NULL,
  category_name TEXT NOT NULL,
  document_path TEXT NOT NULL,             -- blob store relative path
  document_url TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  middle_name TEXT,
  phone_number TEXT NOT NULL,
  city TEXT NOT NULL,
  street TEXT NOT NULL,
  house_number BIGINT NOT NULL,
  apartment_number BIGINT,
  birth_date TEXT NOT NULL,                -- yyyy-MM-dd
  status TEXT NOT NULL DEFAULT 'Pending' CHECK (status IN ('Pending', 'Approved', 'Rejected')),
  seller_id TEXT,                          -- the seller profile an approval made
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);
-- At most one pending application per account, enforced by the database so that two
-- concurrent submissions cannot both get in.
CREATE UNIQUE INDEX seller_applications_one_pending ON seller_applications (account_id)
  WHERE status = 'Pending';
CREATE INDEX seller_applications_pending ON seller_applications (created_at)
  WHERE status = 'Pending';

-- SuperAdmin's seller list: active sellers in creation order.
CREATE INDEX sellers_active ON sellers (created_at, id) WHERE deleted_at IS NULL;

