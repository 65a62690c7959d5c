-- The customer list's text search without reading every search row
-- (issue 4): an index of the trigrams of customer_search (migration
-- 0008).  A search of three or more characters reads the postings of
-- its trigrams, the rarest first, and checks the few candidates with
-- the very LIKE the scan uses, so it finds exactly what the scan finds.
--
-- customer_gram: for each customer, each run of three characters of its
-- txt and of its mob, as h, the CRC32 of the run's weight string in
-- utf8mb4_unicode_ci, the collation the search's LIKE compares in.
-- That LIKE takes two characters as equal when their weights are equal,
-- so a run of the text a search matches has the same h as the search's
-- own run: a lookup misses no customer the LIKE would match.  Two runs
-- may share an h; that costs a check, never a wrong answer.  So does a
-- row of a customer that no longer has the run.  (4 + 4 bytes a row:
-- the 100,000 customers' 4 million rows stay small.)
--
-- Kept in step by triggers on customer_search (which migration 0008's
-- triggers keep): every writer is covered.  Bulk writers set
-- @manyi_bulk = 1, which skips them too; they then CALL
-- customer_search_rebuild(), which now rebuilds the grams as well, or,
-- for an import's customers, customer_gram_import_drop() and _put().
--
-- Statements inside a body end with ";/**/" (see 0008).  No statement
-- here UNIONs the texts: that would need an on-disk temporary table.

CREATE TABLE customer_gram (
  h INT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (h, customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The h of the run of three characters of s at k (the search's side
-- computes the same from its text: customers.c).  The statements below
-- spell it out: a stored function call per row would triple their cost.
CREATE FUNCTION customer_gram_h(s MEDIUMTEXT CHARACTER SET utf8mb4,
    k INT UNSIGNED) RETURNS INT UNSIGNED
  DETERMINISTIC NO SQL
  RETURN CRC32(WEIGHT_STRING(SUBSTRING(s, k, 3) COLLATE utf8mb4_unicode_ci));

-- The grams of one customer's txt and mob.
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
END;

-- And away.
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
END;

-- All grams from customer_search, set-based.
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
END;

-- The import (customer_import.c) writes with the triggers paused: the
-- grams of the customers of a batch's rows lo..hi, away while their
-- search rows still hold the old text, then from the new.
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
END;

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
END;

DROP PROCEDURE customer_search_rebuild;

-- As in 0008, and the grams after (the bulk writers call it).
CREATE PROCEDURE customer_search_rebuild()
  MODIFIES SQL DATA
BEGIN
  INSERT INTO customer_search (customer_id, txt, mob)
    SELECT c.id, customer_search_txt(c.id, c.code, c.name),
      customer_search_mob(c.id) FROM customer c
  ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);/**/
  CALL customer_gram_rebuild();/**/
END;

CREATE TRIGGER customer_gram_ai AFTER INSERT ON customer_search
    FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL customer_gram_put(NEW.customer_id, NEW.txt, NEW.mob);/**/
  END IF;

CREATE TRIGGER customer_gram_au AFTER UPDATE ON customer_search
    FOR EACH ROW
  IF @manyi_bulk IS NULL AND NOT (NEW.customer_id = OLD.customer_id
      AND NEW.txt <=> OLD.txt AND NEW.mob <=> OLD.mob) THEN
    CALL customer_gram_drop(OLD.customer_id, OLD.txt, OLD.mob);/**/
    CALL customer_gram_put(NEW.customer_id, NEW.txt, NEW.mob);/**/
  END IF;

-- A deleted customer's search row goes by cascade, which fires no
-- trigger: its grams go before (after 0008's customer_kpi_bd).
CREATE TRIGGER customer_gram_bd BEFORE DELETE ON customer FOR EACH ROW
    FOLLOWS customer_kpi_bd
  CALL customer_gram_drop(OLD.id,
    (SELECT txt FROM customer_search WHERE customer_id = OLD.id),
    (SELECT mob FROM customer_search WHERE customer_id = OLD.id));

CALL customer_gram_rebuild();
