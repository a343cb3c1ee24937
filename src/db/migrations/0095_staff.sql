-- Staff lists (admins, support) page in creation order; a support member's full name is unique
-- (Wolfix.Server's rule), with a missing middle name counting as empty.
CREATE INDEX admins_by_type ON admins (type, created_at, id);
CREATE INDEX supports_by_created ON supports (created_at, id);
CREATE UNIQUE INDEX supports_full_name ON supports (first_name, last_name, COALESCE(middle_name, ''));
