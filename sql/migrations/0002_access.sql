-- Staff accounts, roles, permissions (as data), sessions, login
-- throttling and the audit trail.

CREATE TABLE department (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(60) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uk_department_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO department (name) VALUES
  ('客服部'), ('产品部'), ('市场部'), ('技术部'), ('运营部');

-- Role names are shown from the catalogs (role.<code>).
CREATE TABLE role (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(40) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  UNIQUE KEY uk_role_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role (code, sort) VALUES
  ('admin', 1), ('supervisor', 2), ('agent', 3),
  ('account_manager', 4), ('analyst', 5);

-- Every permission a route can ask for (shown as perm.<code>).
CREATE TABLE permission (
  code VARCHAR(60) NOT NULL PRIMARY KEY,
  sort INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO permission (code, sort) VALUES
  ('system.view', 10),
  ('users.view', 20),
  ('users.manage', 21),
  ('roles.manage', 30),
  ('departments.manage', 40),
  ('audit.view', 50),
  ('pii.view', 60),
  ('scope.all_departments', 70);

CREATE TABLE role_permission (
  role_id INT UNSIGNED NOT NULL,
  permission VARCHAR(60) NOT NULL,
  PRIMARY KEY (role_id, permission),
  CONSTRAINT fk_rp_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE,
  CONSTRAINT fk_rp_perm FOREIGN KEY (permission) REFERENCES permission (code) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p WHERE r.code = 'admin';
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'supervisor' AND p.code IN ('system.view', 'users.view', 'pii.view');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code = 'account_manager' AND p.code IN ('system.view', 'pii.view');
INSERT INTO role_permission (role_id, permission)
  SELECT r.id, p.code FROM role r, permission p
  WHERE r.code IN ('agent', 'analyst') AND p.code = 'system.view';

-- "user" is not reserved in MariaDB, but quoted anyway for clarity.
CREATE TABLE `user` (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  email VARCHAR(254) NULL,
  phone VARCHAR(20) NULL,
  department_id INT UNSIGNED NULL,
  password_hash VARCHAR(255) NOT NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  password_changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uk_user_login (login),
  KEY k_user_department (department_id),
  CONSTRAINT fk_user_department FOREIGN KEY (department_id) REFERENCES department (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_role (
  user_id INT UNSIGNED NOT NULL,
  role_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (user_id, role_id),
  CONSTRAINT fk_ur_user FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE,
  CONSTRAINT fk_ur_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only the SHA-256 of the session id is stored; the id is in the cookie.
CREATE TABLE session (
  id_hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  csrf CHAR(64) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  KEY k_session_user (user_id),
  KEY k_session_expires (expires_at),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every login attempt, for throttling (by login name, known or not, and
-- by address).
CREATE TABLE login_attempt (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  at DATETIME NOT NULL,
  success TINYINT(1) NOT NULL,
  KEY k_attempt_login (login, at),
  KEY k_attempt_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written in the same transaction as the change it records.
CREATE TABLE audit (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL,
  user_id INT UNSIGNED NULL,
  login VARCHAR(64) NOT NULL DEFAULT '',
  ip VARCHAR(45) NOT NULL DEFAULT '',
  entity VARCHAR(40) NOT NULL,
  entity_id BIGINT NULL,
  action VARCHAR(40) NOT NULL,
  before_json TEXT NULL,
  after_json TEXT NULL,
  KEY k_audit_at (at),
  KEY k_audit_user (user_id, at),
  KEY k_audit_entity (entity, entity_id),
  KEY k_audit_action (action, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
