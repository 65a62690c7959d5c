-- Monthly KPI snapshots: the trend charts read closed months from here
-- (written by manyi-ctl kpi-snapshot, nightly) and compute only the
-- current month live, so the KPI page stays fast with millions of
-- interactions.
CREATE TABLE kpi_month (
  month CHAR(7) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  contacted INT NOT NULL,
  missed INT NOT NULL,
  professional DECIMAL(6,4) NULL,
  computed_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
