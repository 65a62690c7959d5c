-- Two-character searches through the index too (issue 4): the grams of
-- migration 0015 gain every run of two characters of the search text
-- (txt; a mobile is searched from three digits on), so a search of two
-- characters (a given name, 海燕) reads its postings instead of scanning
-- all 100,000 search rows.  A two-character run's h is the CRC32 of its
-- weight string, as for three (customer_gram_h2); the two kinds share
-- the table: an h that both give costs a check, never a wrong answer,
-- since every candidate is checked with the scan's own LIKE.
--
-- The procedures of 0015 are the same with one more statement each, for
-- the runs of two; the rows of the existing customers are added here.
-- Statements inside a body end with ";/**/" (see 0008).

CREATE FUNCTION customer_gram_h2(s MEDIUMTEXT CHARACTER SET utf8mb4,
    k INT UNSIGNED) RETURNS INT UNSIGNED
  DETERMINISTIC NO SQL
  RETURN CRC32(WEIGHT_STRING(SUBSTRING(s, k, 2) COLLATE utf8mb4_unicode_ci));

DROP PROCEDURE customer_gram_put;

CREATE PROCEDURE customer_gram_put(IN cid INT UNSIGNED,
    IN t MEDIUMTEXT CHARACTER SET utf8mb4,
    IN m MEDIUMTEXT CHARACTER SET utf8mb4)
  MODIFIES SQL DATA
BEGIN
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(t, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), cid
    FROM seq_1_to_16777215 k WHERE k.seq <= CAST(CHAR_LENGTH(t) AS SIGNED) - 2;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(m, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), cid
    FROM seq_1_to_16777215 k WHERE k.seq <= CAST(CHAR_LENGTH(m) AS SIGNED) - 2;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(t, k.seq, 2)
      COLLATE utf8mb4_unicode_ci)), cid
    FROM seq_1_to_16777215 k WHERE k.seq <= CAST(CHAR_LENGTH(t) AS SIGNED) - 1;/**/
END;

DROP PROCEDURE customer_gram_drop;

CREATE PROCEDURE customer_gram_drop(IN cid INT UNSIGNED,
    IN t MEDIUMTEXT CHARACTER SET utf8mb4,
    IN m MEDIUMTEXT CHARACTER SET utf8mb4)
  MODIFIES SQL DATA
BEGIN
  DELETE g FROM seq_1_to_16777215 k JOIN customer_gram g
    ON g.h = CRC32(WEIGHT_STRING(SUBSTRING(t, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)) AND g.customer_id = cid
    WHERE k.seq <= CAST(CHAR_LENGTH(t) AS SIGNED) - 2;/**/
  DELETE g FROM seq_1_to_16777215 k JOIN customer_gram g
    ON g.h = CRC32(WEIGHT_STRING(SUBSTRING(m, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)) AND g.customer_id = cid
    WHERE k.seq <= CAST(CHAR_LENGTH(m) AS SIGNED) - 2;/**/
  DELETE g FROM seq_1_to_16777215 k JOIN customer_gram g
    ON g.h = CRC32(WEIGHT_STRING(SUBSTRING(t, k.seq, 2)
      COLLATE utf8mb4_unicode_ci)) AND g.customer_id = cid
    WHERE k.seq <= CAST(CHAR_LENGTH(t) AS SIGNED) - 1;/**/
END;

DROP PROCEDURE customer_gram_rebuild;

CREATE PROCEDURE customer_gram_rebuild()
  MODIFIES SQL DATA
BEGIN
  DELETE FROM customer_gram;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(s.txt, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), s.customer_id
    FROM customer_search s
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(s.txt) AS SIGNED) - 2;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(s.mob, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), s.customer_id
    FROM customer_search s
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(s.mob) AS SIGNED) - 2;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(s.txt, k.seq, 2)
      COLLATE utf8mb4_unicode_ci)), s.customer_id
    FROM customer_search s
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(s.txt) AS SIGNED) - 1;/**/
END;

DROP PROCEDURE customer_gram_import_drop;

CREATE PROCEDURE customer_gram_import_drop(IN bid BIGINT UNSIGNED,
    IN lo BIGINT, IN hi BIGINT)
  MODIFIES SQL DATA
BEGIN
  DELETE g FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.txt) AS SIGNED) - 2
    JOIN customer_gram g ON g.customer_id = cs.customer_id
      AND g.h = CRC32(WEIGHT_STRING(SUBSTRING(cs.txt, k.seq, 3)
      COLLATE utf8mb4_unicode_ci))
    WHERE r.batch_id = bid AND r.act = 'update'
      AND r.seq BETWEEN lo AND hi;/**/
  DELETE g FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.mob) AS SIGNED) - 2
    JOIN customer_gram g ON g.customer_id = cs.customer_id
      AND g.h = CRC32(WEIGHT_STRING(SUBSTRING(cs.mob, k.seq, 3)
      COLLATE utf8mb4_unicode_ci))
    WHERE r.batch_id = bid AND r.act = 'update'
      AND r.seq BETWEEN lo AND hi;/**/
  DELETE g FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.txt) AS SIGNED) - 1
    JOIN customer_gram g ON g.customer_id = cs.customer_id
      AND g.h = CRC32(WEIGHT_STRING(SUBSTRING(cs.txt, k.seq, 2)
      COLLATE utf8mb4_unicode_ci))
    WHERE r.batch_id = bid AND r.act = 'update'
      AND r.seq BETWEEN lo AND hi;/**/
END;

DROP PROCEDURE customer_gram_import_put;

CREATE PROCEDURE customer_gram_import_put(IN bid BIGINT UNSIGNED,
    IN lo BIGINT, IN hi BIGINT)
  MODIFIES SQL DATA
BEGIN
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(cs.txt, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), cs.customer_id
    FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.txt) AS SIGNED) - 2
    WHERE r.batch_id = bid AND r.act IN ('create', 'update')
      AND r.seq BETWEEN lo AND hi;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(cs.mob, k.seq, 3)
      COLLATE utf8mb4_unicode_ci)), cs.customer_id
    FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.mob) AS SIGNED) - 2
    WHERE r.batch_id = bid AND r.act IN ('create', 'update')
      AND r.seq BETWEEN lo AND hi;/**/
  INSERT IGNORE INTO customer_gram (h, customer_id)
    SELECT CRC32(WEIGHT_STRING(SUBSTRING(cs.txt, k.seq, 2)
      COLLATE utf8mb4_unicode_ci)), cs.customer_id
    FROM import_row r JOIN customer c ON c.code = r.code
    JOIN customer_search cs ON cs.customer_id = c.id
    JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(cs.txt) AS SIGNED) - 1
    WHERE r.batch_id = bid AND r.act IN ('create', 'update')
      AND r.seq BETWEEN lo AND hi;/**/
END;

-- The runs of two of the customers there are.
INSERT IGNORE INTO customer_gram (h, customer_id)
  SELECT CRC32(WEIGHT_STRING(SUBSTRING(s.txt, k.seq, 2)
    COLLATE utf8mb4_unicode_ci)), s.customer_id
  FROM customer_search s
  JOIN seq_1_to_16777215 k ON k.seq <= CAST(CHAR_LENGTH(s.txt) AS SIGNED) - 1;

-- And the customer list's indexes (issue 4, after migration 0017): one
-- column filter alone is read like several, along its sort's covered
-- index and counted in its filter index, so the per-filter, per-sort
-- composites of migration 0004 (and the owner's of 0017) go: 29 indexes
-- of 5-9 MB each that the buffer pool no longer has to hold, and that
-- every customer write no longer has to keep.  The foreign keys on tier
-- and department keep the filter indexes led by those columns.
ALTER TABLE customer
  DROP KEY k_customer_tier_code, DROP KEY k_customer_tier_name,
  DROP KEY k_customer_tier_due, DROP KEY k_customer_tier_health,
  DROP KEY k_customer_tier_updated,
  DROP KEY k_customer_stage_code, DROP KEY k_customer_stage_name,
  DROP KEY k_customer_stage_due, DROP KEY k_customer_stage_health,
  DROP KEY k_customer_stage_updated,
  DROP KEY k_customer_value_code, DROP KEY k_customer_value_name,
  DROP KEY k_customer_value_due, DROP KEY k_customer_value_health,
  DROP KEY k_customer_value_updated,
  DROP KEY k_customer_industry_code, DROP KEY k_customer_industry_name,
  DROP KEY k_customer_industry_due, DROP KEY k_customer_industry_health,
  DROP KEY k_customer_industry_updated,
  DROP KEY k_customer_department_code, DROP KEY k_customer_department_name,
  DROP KEY k_customer_department_due, DROP KEY k_customer_department_health,
  DROP KEY k_customer_department_updated,
  DROP KEY k_customer_owner_code, DROP KEY k_customer_owner_name,
  DROP KEY k_customer_owner_health, DROP KEY k_customer_owner_updated;
