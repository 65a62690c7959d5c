-- The customer search's text, kept by the intranet in memory (issue 4):
-- manyi-admin holds every customer's search text (customer_search) in
-- its own memory and finds a search's matches there in a few
-- milliseconds, where a LIKE over 100,000 rows takes 40-60 ms and the
-- broad searches the grams cannot narrow took 100-340 ms.  The database
-- stays the only truth: every change of a search row is numbered here,
-- and a request first reads the number, so the copy is exactly the
-- committed table of that number.  The trigram index of migrations
-- 0015 and 0018 has no reader left and goes (imports and every write of
-- a name or contact are the faster for it).
--
-- customer_search_version holds the last number.  Every writer of a
-- search row bumps it in its own transaction and holds the row's lock
-- until it commits, so numbers commit in order: a statement sees all of
-- them up to some number, never a later one without an earlier one.
-- customer_search_log keeps, per number, the customer whose search row
-- changed (the last 20,000): a process that is behind reads the rows of
-- the customers changed since its number (customer_search, current
-- ones); one that is further behind reads the table again.  Numbers go
-- up by one, so each new one removes exactly the one 20,000 before it,
-- by its key: a range from the start would walk over every row deleted
-- earlier in the same transaction (an import's 100,000), not purged yet.
--
-- A deleted customer's search row goes by cascade, which fires no
-- trigger: its number is taken before (customer_search_log_bd).
-- Statements inside a body end with ";/**/" (see 0008).

CREATE TABLE customer_search_version (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  v BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT INTO customer_search_version (id, v) VALUES (1, 0);

CREATE TABLE customer_search_log (
  v BIGINT NOT NULL PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL
) ENGINE=InnoDB;

CREATE PROCEDURE customer_search_logged(IN cid INT UNSIGNED)
  MODIFIES SQL DATA
BEGIN
  DECLARE nv BIGINT;/**/
  UPDATE customer_search_version SET v = v + 1 WHERE id = 1;/**/
  SELECT v INTO nv FROM customer_search_version WHERE id = 1;/**/
  INSERT INTO customer_search_log (v, customer_id) VALUES (nv, cid);/**/
  DELETE FROM customer_search_log WHERE v = nv - 20000;/**/
END;

CREATE TRIGGER customer_search_log_ai AFTER INSERT ON customer_search
    FOR EACH ROW
  CALL customer_search_logged(NEW.customer_id);

-- BINARY: utf8mb4_bin pads with spaces, and a change of trailing spaces
-- only is a change too (a term may end in U+3000, a space to LIKE).
CREATE TRIGGER customer_search_log_au AFTER UPDATE ON customer_search
    FOR EACH ROW
  IF NOT (NEW.customer_id = OLD.customer_id
      AND BINARY NEW.txt <=> BINARY OLD.txt
      AND BINARY NEW.mob <=> BINARY OLD.mob) THEN
    CALL customer_search_logged(NEW.customer_id);/**/
    IF NEW.customer_id <> OLD.customer_id THEN
      CALL customer_search_logged(OLD.customer_id);/**/
    END IF;/**/
  END IF;

CREATE TRIGGER customer_search_log_ad AFTER DELETE ON customer_search
    FOR EACH ROW
  CALL customer_search_logged(OLD.customer_id);

CREATE TRIGGER customer_search_log_bd BEFORE DELETE ON customer
    FOR EACH ROW
  CALL customer_search_logged(OLD.id);

-- customer_search_fold: the characters of the BMP that the search's LIKE
-- (utf8mb4_unicode_ci) holds equal to a lower one, and the lowest: the
-- copy in memory folds texts and terms with it, so a byte search finds
-- what the LIKE finds.  Characters of one weight are equal to LIKE
-- unless one has no weight of its own (CJK ideographs: LIKE compares
-- those by code point), so each pair of one weight is asked; the
-- pattern escapes LIKE's own characters.  The collation is frozen
-- (UCA 4.0.0), so the table is computed once, here, by the server.
CREATE TABLE customer_search_fold (
  cp SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  rep SMALLINT UNSIGNED NOT NULL
) ENGINE=InnoDB;

INSERT INTO customer_search_fold (cp, rep)
WITH h AS (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2
    UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
    UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8
    UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11
    UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14
    UNION ALL SELECT 15),
  c AS (SELECT n, CONVERT(CHAR(n USING utf32) USING utf8mb4)
      COLLATE utf8mb4_unicode_ci ch
    FROM (SELECT a.d * 4096 + b.d * 256 + c.d * 16 + e.d n
      FROM h a, h b, h c, h e) s
    WHERE n < 55296 OR n > 57343),
  w AS (SELECT n, ch, WEIGHT_STRING(ch) w FROM c),
  m AS (SELECT n, ch, w FROM (SELECT n, ch, w,
      COUNT(*) OVER (PARTITION BY w) k FROM w) x WHERE k > 1)
SELECT a.n, MIN(b.n) FROM m a JOIN m b ON b.w = a.w AND b.n < a.n
  AND b.ch LIKE IF(a.n IN (33, 37, 95), CONCAT('!', a.ch), a.ch) ESCAPE '!'
GROUP BY a.n;

-- The trigram index goes (0015, 0018), and the rebuild is 0008's again.
DROP TRIGGER customer_gram_ai;
DROP TRIGGER customer_gram_au;
DROP TRIGGER customer_gram_bd;
DROP PROCEDURE customer_gram_import_drop;
DROP PROCEDURE customer_gram_import_put;
DROP PROCEDURE customer_gram_rebuild;
DROP PROCEDURE customer_gram_put;
DROP PROCEDURE customer_gram_drop;
DROP FUNCTION customer_gram_h;
DROP FUNCTION customer_gram_h2;
DROP TABLE customer_gram;
DROP PROCEDURE customer_search_rebuild;

CREATE PROCEDURE customer_search_rebuild()
  MODIFIES SQL DATA
  INSERT INTO customer_search (customer_id, txt, mob)
    SELECT c.id, customer_search_txt(c.id, c.code, c.name),
      customer_search_mob(c.id) FROM customer c
  ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);
