-- Demo data for a private test stack: tools/stack.sh start --demo
-- (tools/run.sh passes --demo).  Applied as MariaDB root to the manyi
-- database after "manyi-ctl migrate" and sql/grants.sql, on every
-- start, so every statement must be idempotent: INSERT ... ON DUPLICATE
-- KEY UPDATE or INSERT IGNORE, keyed on a natural or fixed primary key.
-- Never load this into a production database.
--
-- Later features add their demo rows here (surveys, questions,
-- complaints, staff accounts, ...), after the tables they need exist in
-- sql/migrations/.

-- Settings (table from 0001_foundation.sql).
INSERT INTO setting (name, value) VALUES
  ('site_name', 'Manyi 演示 / Manyi demo'),
  ('demo_data', 'Loaded by tools/stack.sh --demo; not a production database')
ON DUPLICATE KEY UPDATE value = VALUES(value);
