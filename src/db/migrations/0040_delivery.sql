-- Delivery methods (Nova Poshta, Ukrposhta, ...) with the cities they serve and the
-- departments and post machines in each city. Owned by the delivery module. Orders keep a copy
-- of the address they were sent to, so deleting a method never changes an order.

CREATE TABLE delivery_methods (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE delivery_cities (
  id TEXT PRIMARY KEY,
  method_id TEXT NOT NULL REFERENCES delivery_methods(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (method_id, name_lower)
);

CREATE TABLE delivery_departments (
  id TEXT PRIMARY KEY,
  city_id TEXT NOT NULL REFERENCES delivery_cities(id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number > 0),
  street TEXT NOT NULL,
  house_number INTEGER NOT NULL CHECK (house_number > 0),
  created_at BIGINT NOT NULL,
  UNIQUE (city_id, number)
);

CREATE TABLE delivery_post_machines (
  id TEXT PRIMARY KEY,
  city_id TEXT NOT NULL REFERENCES delivery_cities(id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number > 0),
  street TEXT NOT NULL,
  house_number INTEGER NOT NULL CHECK (house_number > 0),
  note TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (city_id, number)
);
