-- Customer import from CSV: the preview checks every row and keeps the
-- result here, on the server, until the same user confirms it; the
-- confirmation reads nothing back from the browser but the batch's
-- random token.  A batch is confirmed at most once (status), and expires
-- after a few hours (its rows go with it).
CREATE TABLE import_batch (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token CHAR(32) CHARACTER SET ascii NOT NULL,
  user_id INT UNSIGNED NOT NULL,
  filename VARCHAR(255) NOT NULL DEFAULT '',
  n_rows INT NOT NULL DEFAULT 0,
  n_create INT NOT NULL DEFAULT 0,
  n_update INT NOT NULL DEFAULT 0,
  n_reject INT NOT NULL DEFAULT 0,
  status ENUM('staged', 'done') NOT NULL DEFAULT 'staged',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at DATETIME NOT NULL,
  done_at DATETIME NULL,
  UNIQUE KEY uk_import_token (token),
  KEY k_import_expires (expires_at),
  CONSTRAINT fk_import_user FOREIGN KEY (user_id) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One data row of the file as checked: what it will do (or why it is
-- rejected) and its values, NULL where the file left a cell empty.
CREATE TABLE import_row (
  batch_id INT UNSIGNED NOT NULL,
  seq INT UNSIGNED NOT NULL,
  line INT UNSIGNED NOT NULL,
  act ENUM('create', 'update', 'reject') NOT NULL,
  why VARCHAR(500) NULL,
  code VARCHAR(20) NULL,
  name VARCHAR(200) NULL,
  kind VARCHAR(20) NULL,
  industry VARCHAR(60) NULL,
  owner_id INT UNSIGNED NULL,
  value_tag VARCHAR(20) NULL,
  stage VARCHAR(20) NULL,
  complaint_type VARCHAR(20) NULL,
  tags TEXT NULL,
  annual_spend DECIMAL(14,2) NULL,
  interactions_per_month DECIMAL(6,2) NULL,
  repurchase_count INT NULL,
  contact_name VARCHAR(100) NULL,
  contact_title VARCHAR(100) NULL,
  contact_mobile VARCHAR(20) NULL,
  contact_email VARCHAR(254) NULL,
  PRIMARY KEY (batch_id, seq),
  KEY k_import_row_act (batch_id, act, seq),
  CONSTRAINT fk_import_row_batch FOREIGN KEY (batch_id)
    REFERENCES import_batch (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
