-- Settings as rows, not code: thresholds, shares and texts that
-- administrators change without a release.
CREATE TABLE setting (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  value VARCHAR(2000) NOT NULL,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO setting (name, value) VALUES
  ('timezone', 'Asia/Shanghai'),
  ('high_value_annual_spend', '50000');
