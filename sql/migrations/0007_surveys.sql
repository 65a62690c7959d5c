-- Satisfaction surveys (DOMAIN.md section 3): design, invitations,
-- responses and their answers, cleaning marks, the open-link rate limit.

-- Dimensions of rated questions: a configurable list (rows, not code).
CREATE TABLE survey_dimension (
  code VARCHAR(30) NOT NULL PRIMARY KEY,
  name_zh VARCHAR(60) NOT NULL,
  name_en VARCHAR(60) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO survey_dimension (code, name_zh, name_en, sort) VALUES
  ('quality', '产品质量', 'Product quality', 10),
  ('response', '服务响应', 'Service response', 20),
  ('aftersales', '售后支持', 'After-sales support', 30),
  ('value', '性价比', 'Value for money', 40),
  ('attitude', '服务态度', 'Service attitude', 50),
  ('efficiency', '效率', 'Efficiency', 60);

-- How a response reached us.  invite = 1: an invitation may be sent on
-- it; offline = 1: staff type the answers in.  'link' is the public open
-- link.
CREATE TABLE survey_channel (
  code VARCHAR(20) NOT NULL PRIMARY KEY,
  name_zh VARCHAR(60) NOT NULL,
  name_en VARCHAR(60) NOT NULL,
  invite TINYINT(1) NOT NULL DEFAULT 0,
  offline TINYINT(1) NOT NULL DEFAULT 0,
  sort INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO survey_channel (code, name_zh, name_en, invite, offline, sort) VALUES
  ('link', '公开链接', 'Open link', 0, 0, 10),
  ('crm', 'CRM 服务完成后', 'CRM after service', 1, 0, 20),
  ('email', '电子邮件', 'E-mail', 1, 0, 30),
  ('sms', '短信', 'SMS', 1, 0, 40),
  ('app', 'App / 小程序', 'App / mini-program', 1, 0, 50),
  ('social', '社交媒体', 'Social media', 1, 0, 60),
  ('offline', '线下发放', 'Handed out offline', 1, 0, 70),
  ('visit', '上门拜访', 'Visit', 0, 1, 80),
  ('phone', '电话访问', 'Phone call', 0, 1, 90),
  ('event', '线下活动', 'Event', 0, 1, 100);

-- A survey.  version grows with every change of the survey or its
-- questions (status included): the public program caches definitions
-- keyed by (id, version).  Questions are frozen outside 'draft'.
CREATE TABLE survey (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug VARCHAR(40) NOT NULL,
  status ENUM('draft', 'pilot', 'active', 'closed') NOT NULL DEFAULT 'draft',
  version INT UNSIGNED NOT NULL DEFAULT 1,
  title_zh VARCHAR(200) NOT NULL,
  title_en VARCHAR(200) NOT NULL DEFAULT '',
  intro_zh TEXT NULL,
  intro_en TEXT NULL,
  thanks_zh TEXT NULL,
  thanks_en TEXT NULL,
  goal VARCHAR(500) NOT NULL DEFAULT '',
  -- Target group: everyone, or customers with this tier / value tag /
  -- stage / free tag.
  target_kind ENUM('all', 'tier', 'value_tag', 'stage', 'tag') NOT NULL DEFAULT 'all',
  target_value VARCHAR(60) NOT NULL DEFAULT '',
  opens_on DATE NULL,
  closes_on DATE NULL,
  owner_id INT UNSIGNED NULL,
  -- Answers faster than this are marked 'fast' by the cleaning.
  min_seconds INT UNSIGNED NOT NULL DEFAULT 30,
  copied_from INT UNSIGNED NULL,
  created_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  activated_at DATETIME NULL,
  closed_at DATETIME NULL,
  UNIQUE KEY uk_survey_slug (slug),
  KEY k_survey_status (status),
  CONSTRAINT fk_survey_owner FOREIGN KEY (owner_id) REFERENCES `user` (id),
  CONSTRAINT fk_survey_creator FOREIGN KEY (created_by) REFERENCES `user` (id),
  CONSTRAINT fk_survey_copied FOREIGN KEY (copied_from) REFERENCES survey (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Questions in order.  rating 1-5, nps 0-10, ces 1-7 carry a dimension
-- (rating must, nps/ces may); single/multiple have options.
CREATE TABLE survey_question (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  survey_id INT UNSIGNED NOT NULL,
  position INT NOT NULL,
  kind ENUM('rating', 'nps', 'ces', 'single', 'multiple', 'short', 'long') NOT NULL,
  required TINYINT(1) NOT NULL DEFAULT 1,
  dimension VARCHAR(30) NULL,
  text_zh VARCHAR(500) NOT NULL,
  text_en VARCHAR(500) NOT NULL DEFAULT '',
  help_zh VARCHAR(500) NOT NULL DEFAULT '',
  help_en VARCHAR(500) NOT NULL DEFAULT '',
  KEY k_question_survey (survey_id, position),
  CONSTRAINT fk_question_survey FOREIGN KEY (survey_id) REFERENCES survey (id) ON DELETE CASCADE,
  CONSTRAINT fk_question_dimension FOREIGN KEY (dimension) REFERENCES survey_dimension (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Choices of single/multiple questions, numbered from 1 by position.
CREATE TABLE survey_option (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  question_id INT UNSIGNED NOT NULL,
  position INT NOT NULL,
  label_zh VARCHAR(200) NOT NULL,
  label_en VARCHAR(200) NOT NULL DEFAULT '',
  UNIQUE KEY uk_option_position (question_id, position),
  CONSTRAINT fk_option_question FOREIGN KEY (question_id) REFERENCES survey_question (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-time invitations: the link carries a random token (>= 128 bits);
-- only its SHA-256 is kept.  used_at is set in the transaction that
-- stores the response.
CREATE TABLE survey_invitation (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  survey_id INT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NULL,
  contact_id INT UNSIGNED NULL,
  channel VARCHAR(20) NOT NULL,
  token_hash BINARY(32) NOT NULL,
  pilot TINYINT(1) NOT NULL DEFAULT 0,
  created_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  used_at DATETIME NULL,
  UNIQUE KEY uk_invitation_token (token_hash),
  KEY k_invitation_survey (survey_id, created_at),
  KEY k_invitation_customer (customer_id),
  CONSTRAINT fk_invitation_survey FOREIGN KEY (survey_id) REFERENCES survey (id) ON DELETE CASCADE,
  CONSTRAINT fk_invitation_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE SET NULL,
  CONSTRAINT fk_invitation_contact FOREIGN KEY (contact_id) REFERENCES customer_contact (id) ON DELETE SET NULL,
  CONSTRAINT fk_invitation_channel FOREIGN KEY (channel) REFERENCES survey_channel (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A response.  invitation_id is unique: one response per invitation,
-- whatever the race.  invalid_reason is the cleaning's mark (never a
-- deletion); overturned_by/at record a person lifting it.  Results count
-- responses with pilot = 0 AND (invalid_reason IS NULL OR overturned_at
-- IS NOT NULL).
CREATE TABLE survey_response (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  survey_id INT UNSIGNED NOT NULL,
  survey_version INT UNSIGNED NOT NULL,
  invitation_id INT UNSIGNED NULL,
  customer_id INT UNSIGNED NULL,
  channel VARCHAR(20) NOT NULL,
  pilot TINYINT(1) NOT NULL DEFAULT 0,
  lang VARCHAR(8) NOT NULL DEFAULT 'zh-CN',
  started_at DATETIME NULL,
  submitted_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  duration_s INT UNSIGNED NULL,
  -- Keyed hash of the client address (duplicate detection, not the
  -- address itself).
  addr_hash BINARY(16) NULL,
  entered_by INT UNSIGNED NULL,
  invalid_reason ENUM('straight', 'fast', 'duplicate') NULL,
  cleaned_at DATETIME NULL,
  overturned_by INT UNSIGNED NULL,
  overturned_at DATETIME NULL,
  UNIQUE KEY uk_response_invitation (invitation_id),
  KEY k_response_survey (survey_id, submitted_at),
  KEY k_response_customer (customer_id, submitted_at),
  KEY k_response_addr (survey_id, addr_hash, submitted_at),
  KEY k_response_clean (cleaned_at),
  CONSTRAINT fk_response_survey FOREIGN KEY (survey_id) REFERENCES survey (id) ON DELETE CASCADE,
  CONSTRAINT fk_response_invitation FOREIGN KEY (invitation_id) REFERENCES survey_invitation (id) ON DELETE SET NULL,
  CONSTRAINT fk_response_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE SET NULL,
  CONSTRAINT fk_response_channel FOREIGN KEY (channel) REFERENCES survey_channel (code),
  CONSTRAINT fk_response_entered FOREIGN KEY (entered_by) REFERENCES `user` (id),
  CONSTRAINT fk_response_overturned FOREIGN KEY (overturned_by) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per answered question.  num: the rating / NPS / CES value, the
-- chosen option's position (single) or a bit mask of positions, bit
-- (position - 1) (multiple); text: short and long text answers.
CREATE TABLE survey_answer (
  response_id INT UNSIGNED NOT NULL,
  question_id INT UNSIGNED NOT NULL,
  num INT NULL,
  text TEXT NULL,
  PRIMARY KEY (response_id, question_id),
  KEY k_answer_question (question_id, num),
  CONSTRAINT fk_answer_response FOREIGN KEY (response_id) REFERENCES survey_response (id) ON DELETE CASCADE,
  CONSTRAINT fk_answer_question FOREIGN KEY (question_id) REFERENCES survey_question (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Submissions per keyed address hash per minute on open links.
CREATE TABLE survey_rate (
  addr_hash BINARY(16) NOT NULL,
  minute DATETIME NOT NULL,
  n INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (addr_hash, minute)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO setting (name, value) VALUES
  ('survey.rate_per_hour', '20'),
  ('survey.duplicate_window_hours', '24'),
  ('survey.straight_min_questions', '8'),
  ('survey.warn_questions', '15'),
  ('survey.interview_pct', '5')
ON DUPLICATE KEY UPDATE value = value;

INSERT INTO permission (code, sort) VALUES
  ('surveys.view', 200),
  ('surveys.design', 201),
  ('surveys.invite', 202),
  ('surveys.offline', 203),
  ('surveys.results', 204),
  ('surveys.clean', 205);

INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code IN ('admin', 'supervisor') AND p.code LIKE 'surveys.%';
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'analyst' AND p.code IN ('surveys.view', 'surveys.design',
    'surveys.results', 'surveys.clean');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'account_manager' AND p.code IN ('surveys.view',
    'surveys.invite', 'surveys.offline', 'surveys.results');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'agent' AND p.code IN ('surveys.view', 'surveys.offline');
