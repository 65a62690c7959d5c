-- Least privilege, one MariaDB account per program.  The accounts
-- themselves (with their passwords) are created by whoever installs
-- Manyi (tools/stack.sh does it for the private stack); this file only
-- grants, and is applied after every migration.
--
-- manyi_ctl: migrations need DDL on the schema.
GRANT ALL PRIVILEGES ON manyi.* TO 'manyi_ctl'@'localhost';
-- manyi_admin: the application account of the intranet.
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.* TO 'manyi_admin'@'localhost';
-- manyi_feed: reads what it publishes.
GRANT SELECT ON manyi.schema_migration TO 'manyi_feed'@'localhost';
GRANT SELECT ON manyi.setting TO 'manyi_feed'@'localhost';
-- The public programs read settings only; staff tables are out of reach.
GRANT SELECT ON manyi.setting TO 'manyi_survey'@'localhost';
GRANT SELECT ON manyi.setting TO 'manyi_complaint'@'localhost';
