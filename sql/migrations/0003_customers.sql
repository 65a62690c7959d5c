-- Customer archive, segmentation, maintenance plans, interactions,
-- follow-ups and relationship health (DOMAIN.md sections 1 and 2).

-- Configurable lists are rows; each has a Chinese and an English name.
CREATE TABLE interaction_method (
  code VARCHAR(20) NOT NULL PRIMARY KEY,
  name_zh VARCHAR(40) NOT NULL,
  name_en VARCHAR(40) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO interaction_method (code, name_zh, name_en, sort) VALUES
  ('phone', '电话', 'Phone', 1), ('visit', '拜访', 'Visit', 2),
  ('email', '邮件', 'E-mail', 3), ('wechat', '微信', 'WeChat', 4),
  ('sms', '短信', 'SMS', 5), ('other', '其他', 'Other', 6);

-- The four tiers of seed 004: target share, strategy, contact frequency.
CREATE TABLE tier (
  code VARCHAR(20) NOT NULL PRIMARY KEY,
  sort INT NOT NULL,
  share_pct INT NOT NULL,
  contact_days INT NOT NULL,
  strategy_zh VARCHAR(1000) NOT NULL,
  strategy_en VARCHAR(1000) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO tier (code, sort, share_pct, contact_days, strategy_zh, strategy_en) VALUES
  ('core', 1, 10, 7, '专属客户经理一对一服务，每周沟通，优先响应，定期高层拜访。',
   'A dedicated account manager, weekly contact, priority response, regular executive visits.'),
  ('important', 2, 20, 10, '重点培育，挖掘增购需求，定期回访并推荐适合的产品和服务。',
   'Develop the relationship: find upsell needs, call back regularly, recommend fitting products.'),
  ('basic', 3, 40, 15, '标准化服务，每月两次沟通，通过活动提升活跃度。',
   'Standard service, contact twice a month, raise activity through campaigns.'),
  ('dormant', 4, 30, 30, '唤醒计划：了解流失原因，提供回归优惠，每月联系一次。',
   'Win-back plan: learn why they went quiet, offer a comeback incentive, contact monthly.');

CREATE TABLE customer (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(20) NOT NULL,
  name VARCHAR(200) NOT NULL,
  kind ENUM('company', 'person') NOT NULL DEFAULT 'company',
  industry VARCHAR(60) NOT NULL DEFAULT '',
  products VARCHAR(1000) NOT NULL DEFAULT '',
  owner_id INT UNSIGNED NULL,
  department_id INT UNSIGNED NULL,
  value_tag ENUM('high', 'normal', 'potential') NOT NULL DEFAULT 'normal',
  stage ENUM('prospect', 'signed', 'long_term') NOT NULL DEFAULT 'prospect',
  complaint_type ENUM('vip', 'normal', 'potential') NOT NULL DEFAULT 'normal',
  birthday DATE NULL,
  anniversary DATE NULL,
  notes TEXT NULL,
  -- Maintenance: NULL cycle = the default of the value tag.
  cycle_days INT NULL,
  last_interaction_on DATE NULL,
  next_due_on DATE NULL,
  -- Segmentation inputs (entered, imported, later fed by ERP).
  annual_spend DECIMAL(14,2) NOT NULL DEFAULT 0,
  interactions_per_month DECIMAL(6,2) NOT NULL DEFAULT 0,
  repurchase_count INT NOT NULL DEFAULT 0,
  tier VARCHAR(20) NULL,
  tier_changed_on DATE NULL,
  -- Relationship health 0-100; below 60 a warning due within 24 h.
  health INT NULL,
  health_at DATETIME NULL,
  health_warning_due DATETIME NULL,
  health_acted_at DATETIME NULL,
  reviewed_on DATE NULL,
  reviewed_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uk_customer_code (code),
  KEY k_customer_name (name),
  KEY k_customer_owner (owner_id, next_due_on),
  KEY k_customer_department (department_id),
  KEY k_customer_tier (tier),
  KEY k_customer_stage (stage),
  KEY k_customer_value (value_tag),
  KEY k_customer_industry (industry),
  KEY k_customer_health (health),
  KEY k_customer_reviewed (reviewed_on),
  KEY k_customer_due (next_due_on),
  CONSTRAINT fk_customer_owner FOREIGN KEY (owner_id) REFERENCES `user` (id),
  CONSTRAINT fk_customer_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT fk_customer_tier FOREIGN KEY (tier) REFERENCES tier (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer_contact (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  title VARCHAR(100) NOT NULL DEFAULT '',
  mobile VARCHAR(20) NULL,
  email VARCHAR(254) NULL,
  is_primary TINYINT(1) NOT NULL DEFAULT 0,
  KEY k_contact_customer (customer_id),
  KEY k_contact_name (name),
  KEY k_contact_mobile (mobile),
  CONSTRAINT fk_contact_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer_tag (
  customer_id INT UNSIGNED NOT NULL,
  tag VARCHAR(40) NOT NULL,
  PRIMARY KEY (customer_id, tag),
  KEY k_tag (tag),
  CONSTRAINT fk_tag_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every tier change with its date (manyi-ctl segment).
CREATE TABLE customer_tier_change (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  old_tier VARCHAR(20) NULL,
  new_tier VARCHAR(20) NULL,
  changed_on DATE NOT NULL,
  KEY k_tier_change (changed_on, customer_id),
  KEY k_tier_change_customer (customer_id),
  CONSTRAINT fk_tier_change_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The row of the seed's monitoring table, field by field.
CREATE TABLE interaction (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  contact_id INT UNSIGNED NULL,
  occurred_on DATE NOT NULL,
  method VARCHAR(20) NOT NULL,
  summary VARCHAR(2000) NOT NULL,
  satisfaction TINYINT NULL,
  comments VARCHAR(2000) NOT NULL DEFAULT '',
  score_speed TINYINT NULL,
  score_resolution TINYINT NULL,
  score_professional TINYINT NULL,
  score_proactive TINYINT NULL,
  executor_id INT UNSIGNED NOT NULL,
  remarks VARCHAR(2000) NOT NULL DEFAULT '',
  escalate TINYINT(1) NOT NULL DEFAULT 0,
  created_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY k_interaction_customer (customer_id, occurred_on),
  KEY k_interaction_date (occurred_on),
  KEY k_interaction_executor (executor_id, occurred_on),
  CONSTRAINT fk_interaction_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  CONSTRAINT fk_interaction_method FOREIGN KEY (method) REFERENCES interaction_method (code),
  CONSTRAINT fk_interaction_executor FOREIGN KEY (executor_id) REFERENCES `user` (id),
  CONSTRAINT ck_interaction_scores CHECK (
    (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5) AND
    (score_speed IS NULL OR score_speed BETWEEN 1 AND 5) AND
    (score_resolution IS NULL OR score_resolution BETWEEN 1 AND 5) AND
    (score_professional IS NULL OR score_professional BETWEEN 1 AND 5) AND
    (score_proactive IS NULL OR score_proactive BETWEEN 1 AND 5))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A problem raised in an interaction: respond within 1 working day, fix,
-- then confirm the customer's satisfaction (closed loop).
CREATE TABLE follow_up (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  interaction_id BIGINT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  problem VARCHAR(2000) NOT NULL,
  owner_id INT UNSIGNED NOT NULL,
  raised_at DATETIME NOT NULL,
  respond_by DATETIME NOT NULL,
  responded_at DATETIME NULL,
  resolved_at DATETIME NULL,
  attempts INT NOT NULL DEFAULT 0,
  confirmed_at DATETIME NULL,
  confirmation TINYINT NULL,
  confirmation_note VARCHAR(1000) NOT NULL DEFAULT '',
  status ENUM('open', 'responded', 'resolved', 'confirmed') NOT NULL DEFAULT 'open',
  KEY k_follow_up_owner (owner_id, status),
  KEY k_follow_up_customer (customer_id),
  KEY k_follow_up_raised (raised_at),
  CONSTRAINT fk_follow_up_interaction FOREIGN KEY (interaction_id) REFERENCES interaction (id) ON DELETE CASCADE,
  CONSTRAINT fk_follow_up_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  CONSTRAINT fk_follow_up_owner FOREIGN KEY (owner_id) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Settings of segmentation and health (DOMAIN.md numbers as defaults).
INSERT INTO setting (name, value) VALUES
  ('segment.high_value_spend', '50000'),
  ('health.weight_frequency', '40'),
  ('health.weight_satisfaction', '35'),
  ('health.weight_complaints', '25'),
  ('cycle.high_days', '30'),
  ('cycle.normal_days', '90'),
  ('cycle.potential_days', '60')
ON DUPLICATE KEY UPDATE value = value;

INSERT INTO permission (code, sort) VALUES
  ('customers.view', 100),
  ('customers.manage', 101),
  ('customers.import', 102),
  ('customers.export', 103),
  ('interactions.record', 110),
  ('segments.manage', 120),
  ('kpi.view', 130);

INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'admin' AND p.code IN ('customers.view', 'customers.manage',
    'customers.import', 'customers.export', 'interactions.record',
    'segments.manage', 'kpi.view');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'supervisor' AND p.code IN ('customers.view', 'customers.manage',
    'customers.export', 'interactions.record', 'kpi.view');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'account_manager' AND p.code IN ('customers.view',
    'customers.manage', 'interactions.record', 'kpi.view');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'agent' AND p.code IN ('customers.view', 'interactions.record');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'analyst' AND p.code IN ('customers.view', 'customers.export',
    'kpi.view', 'segments.manage');
