-- Least privilege, one MariaDB account per program.  The accounts
-- themselves (with their passwords) are created by whoever installs
-- Manyi (tools/stack.sh does it for the private stack); this file only
-- grants, and is applied after every migration (it names tables).
--
-- manyi_ctl: migrations need DDL; it also creates the first users.
GRANT ALL PRIVILEGES ON manyi.* TO 'manyi_ctl'@'localhost';

-- manyi_admin: the intranet.  Table by table, so that the audit trail is
-- append-only even for the application.  Databases set up before these
-- per-table grants had one schema-wide grant: take it away first (the
-- GRANT makes sure there is one to revoke, so this file always applies).
GRANT SELECT ON manyi.* TO 'manyi_admin'@'localhost';
REVOKE ALL PRIVILEGES ON manyi.* FROM 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.schema_migration TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.setting TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.department TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.role TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.permission TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, DELETE ON manyi.role_permission TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE ON manyi.`user` TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, DELETE ON manyi.user_role TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.session TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, DELETE ON manyi.login_attempt TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT ON manyi.audit TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.interaction_method TO 'manyi_admin'@'localhost';
GRANT SELECT, UPDATE ON manyi.tier TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.customer TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.customer_contact TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.customer_tag TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT ON manyi.customer_tier_change TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.interaction TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.follow_up TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.kpi_month TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.survey_dimension TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.survey_channel TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.survey TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.survey_question TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.survey_option TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE ON manyi.survey_invitation TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE ON manyi.survey_response TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT ON manyi.survey_answer TO 'manyi_admin'@'localhost';

-- manyi_feed: reads what it publishes.
GRANT SELECT ON manyi.schema_migration TO 'manyi_feed'@'localhost';
GRANT SELECT ON manyi.setting TO 'manyi_feed'@'localhost';

-- The public programs read settings only: staff tables (user, session,
-- audit, ...) are out of their reach, whatever a bug in them does.
GRANT SELECT ON manyi.setting TO 'manyi_survey'@'localhost';
-- manyi_survey reads published definitions, stores responses, marks
-- invitations used; it cannot read customers or other responses.
GRANT SELECT ON manyi.survey TO 'manyi_survey'@'localhost';
GRANT SELECT ON manyi.survey_question TO 'manyi_survey'@'localhost';
GRANT SELECT ON manyi.survey_option TO 'manyi_survey'@'localhost';
GRANT SELECT ON manyi.survey_dimension TO 'manyi_survey'@'localhost';
GRANT SELECT (id, survey_id, customer_id, channel, token_hash, pilot, used_at),
  UPDATE (used_at) ON manyi.survey_invitation TO 'manyi_survey'@'localhost';
GRANT INSERT ON manyi.survey_response TO 'manyi_survey'@'localhost';
GRANT INSERT ON manyi.survey_answer TO 'manyi_survey'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.survey_rate TO 'manyi_survey'@'localhost';
GRANT SELECT ON manyi.setting TO 'manyi_complaint'@'localhost';

-- Interviews (migration 0014): manyi_admin reads the monthly draws and
-- moves an interview to done / unreachable; manyi-ctl draws them.
GRANT SELECT ON manyi.survey_interview_sample TO 'manyi_admin'@'localhost';
GRANT SELECT, UPDATE ON manyi.survey_interview TO 'manyi_admin'@'localhost';

-- Survey invitations by machine (migration 0012, helper E): manyi_feed
-- finds its API client by the key's hash and notes its last use, reads
-- just enough of surveys, channels and customers to make an invitation,
-- stores it, and writes the audit row (append-only: no SELECT).
GRANT SELECT (id, name, key_hash, scope, active), UPDATE (last_used_at)
  ON manyi.api_client TO 'manyi_feed'@'localhost';
GRANT SELECT (id, slug, status) ON manyi.survey TO 'manyi_feed'@'localhost';
GRANT SELECT ON manyi.survey_channel TO 'manyi_feed'@'localhost';
GRANT SELECT (id, code) ON manyi.customer TO 'manyi_feed'@'localhost';
GRANT SELECT (id, customer_id, is_primary)
  ON manyi.customer_contact TO 'manyi_feed'@'localhost';
GRANT INSERT ON manyi.survey_invitation TO 'manyi_feed'@'localhost';
GRANT INSERT ON manyi.audit TO 'manyi_feed'@'localhost';

-- A: customer import batches (migration 0009): staged by the preview,
-- written by the confirmation, purged when expired.
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.import_batch TO 'manyi_admin'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON manyi.import_row TO 'manyi_admin'@'localhost';

-- B: the customer list's search table and the KPI page's per-day
-- aggregates (migration 0008); triggers write them (as their definer),
-- the intranet only reads them.
GRANT SELECT ON manyi.customer_search TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.kpi_day TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.kpi_link TO 'manyi_admin'@'localhost';
-- The import writes customers with the search triggers paused
-- (@manyi_bulk, migration 0008) and fills their search rows itself.
GRANT INSERT, UPDATE ON manyi.customer_search TO 'manyi_admin'@'localhost';
GRANT EXECUTE ON FUNCTION manyi.customer_search_txt TO 'manyi_admin'@'localhost';
GRANT EXECUTE ON FUNCTION manyi.customer_search_mob TO 'manyi_admin'@'localhost';

-- J: the KPI page's "due and not contacted" and the tier sizes
-- (migration 0016); triggers write them (as their definer), the
-- intranet only reads them.
GRANT SELECT ON manyi.kpi_due TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.tier_count TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.tier_change_day TO 'manyi_admin'@'localhost';

-- The customer search's numbered changes (migration 0019); triggers
-- write them (as their definer), the intranet reads them to keep its
-- copy of the search text in memory.
GRANT SELECT ON manyi.customer_search_version TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.customer_search_log TO 'manyi_admin'@'localhost';
GRANT SELECT ON manyi.customer_search_fold TO 'manyi_admin'@'localhost';
