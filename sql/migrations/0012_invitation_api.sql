-- Machine clients of manyi-feed (issue 5, "Reaching customers"): a CRM
-- creates a survey invitation when it completes a service.  Each client
-- has a key, shown once by "manyi-ctl apikey add NAME"; only its SHA-256
-- (hex) is kept, and a request finds its client by that hash.  scope
-- names what the key may do (space-separated; "invitations" for now).
CREATE TABLE api_client (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(40) NOT NULL,
  key_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  scope VARCHAR(200) NOT NULL DEFAULT 'invitations',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_used_at DATETIME NULL,
  UNIQUE KEY uk_api_client_name (name),
  UNIQUE KEY uk_api_client_key (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Invitations at scale (a target group of 100,000 customers): skipping
-- those already invited probes (survey, customer, kind) directly, and
-- the page's counts per channel are read from the index alone.
ALTER TABLE survey_invitation
  ADD KEY k_invitation_survey_customer (survey_id, customer_id, pilot),
  ADD KEY k_invitation_counts (survey_id, pilot, channel, used_at);
