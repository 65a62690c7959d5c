-- Speed at 100,000 customers and 1,000,000 interactions (issue 4): a
-- narrow search table for the customer list's text search, per-day
-- aggregates for the KPI page, and an index for "due and not contacted".
--
-- Both structures are kept in step by triggers, so every writer (the
-- customer form, imports, manyi-ctl generate, a future ERP feed) stays
-- consistent without calling anything.  A bulk loader may set the
-- session variable @manyi_bulk = 1 to skip the triggers and then CALL
-- customer_search_rebuild() and kpi_day_rebuild() (set-based, a few
-- seconds) before it finishes; manyi-ctl generate does.
--
-- Statements inside a body end with ";/**/" because manyi-ctl migrate
-- ends a statement at a ';' that closes a line.

-- customer_search: one row per customer.  txt is the lower-cased code,
-- name and contact names joined by U+001F (a character no form can
-- carry, so a search never matches across two fields); mob the contacts'
-- mobiles joined by ','.  The search compares in utf8mb4_unicode_ci (the
-- customers' collation, so exactly as a LIKE on each field did) and
-- scans this narrow table instead of customers and contacts.
CREATE TABLE customer_search (
  customer_id INT UNSIGNED NOT NULL PRIMARY KEY,
  txt MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  mob MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  CONSTRAINT fk_customer_search FOREIGN KEY (customer_id)
    REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE FUNCTION customer_search_txt(cid INT UNSIGNED, ccode VARCHAR(20),
    cname VARCHAR(200)) RETURNS MEDIUMTEXT CHARACTER SET utf8mb4
  READS SQL DATA
  RETURN LOWER(CONCAT_WS(CHAR(31 USING utf8mb4), ccode, cname,
    (SELECT GROUP_CONCAT(k.name ORDER BY k.id SEPARATOR 0x1F)
     FROM customer_contact k WHERE k.customer_id = cid)));

CREATE FUNCTION customer_search_mob(cid INT UNSIGNED)
    RETURNS MEDIUMTEXT CHARACTER SET utf8mb4
  READS SQL DATA
  RETURN COALESCE((SELECT GROUP_CONCAT(k.mobile ORDER BY k.id SEPARATOR ',')
    FROM customer_contact k WHERE k.customer_id = cid), '');

CREATE PROCEDURE customer_search_sync(IN cid INT UNSIGNED)
  MODIFIES SQL DATA
  INSERT INTO customer_search (customer_id, txt, mob)
    SELECT c.id, customer_search_txt(c.id, c.code, c.name),
      customer_search_mob(c.id) FROM customer c WHERE c.id = cid
  ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);

CREATE PROCEDURE customer_search_rebuild()
  MODIFIES SQL DATA
  INSERT INTO customer_search (customer_id, txt, mob)
    SELECT c.id, customer_search_txt(c.id, c.code, c.name),
      customer_search_mob(c.id) FROM customer c
  ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);

CREATE TRIGGER customer_search_ai AFTER INSERT ON customer FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    INSERT INTO customer_search (customer_id, txt, mob)
      VALUES (NEW.id, customer_search_txt(NEW.id, NEW.code, NEW.name),
        customer_search_mob(NEW.id))
    ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);/**/
  END IF;

CREATE TRIGGER customer_search_au AFTER UPDATE ON customer FOR EACH ROW
  IF @manyi_bulk IS NULL AND NOT (BINARY NEW.code <=> BINARY OLD.code
      AND BINARY NEW.name <=> BINARY OLD.name AND NEW.id = OLD.id) THEN
    INSERT INTO customer_search (customer_id, txt, mob)
      VALUES (NEW.id, customer_search_txt(NEW.id, NEW.code, NEW.name),
        customer_search_mob(NEW.id))
    ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob);/**/
  END IF;

CREATE TRIGGER customer_search_contact_ai AFTER INSERT ON customer_contact
    FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL customer_search_sync(NEW.customer_id);/**/
  END IF;

CREATE TRIGGER customer_search_contact_au AFTER UPDATE ON customer_contact
    FOR EACH ROW
BEGIN
  IF @manyi_bulk IS NULL THEN
    CALL customer_search_sync(NEW.customer_id);/**/
    IF OLD.customer_id <> NEW.customer_id THEN
      CALL customer_search_sync(OLD.customer_id);/**/
    END IF;/**/
  END IF;/**/
END;

CREATE TRIGGER customer_search_contact_ad AFTER DELETE ON customer_contact
    FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL customer_search_sync(OLD.customer_id);/**/
  END IF;

-- kpi_day: per Beijing day (occurred_on), the interactions and, per
-- score, its sum and how many have it: a period's means read at most a
-- row per day instead of the interactions.
CREATE TABLE kpi_day (
  day DATE NOT NULL PRIMARY KEY,
  n INT NOT NULL DEFAULT 0,
  sat_sum INT NOT NULL DEFAULT 0,
  sat_n INT NOT NULL DEFAULT 0,
  speed_sum INT NOT NULL DEFAULT 0,
  speed_n INT NOT NULL DEFAULT 0,
  res_sum INT NOT NULL DEFAULT 0,
  res_n INT NOT NULL DEFAULT 0,
  prof_sum INT NOT NULL DEFAULT 0,
  prof_n INT NOT NULL DEFAULT 0,
  pro_sum INT NOT NULL DEFAULT 0,
  pro_n INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- kpi_link: the distinct customers contacted in any period.  For each
-- customer and each day it was contacted, "prev" is the day of its
-- contact before (1000-01-01 for none); n counts such (customer, day)
-- pairs.  The customers contacted in [from, to] are exactly the pairs
-- with day in [from, to] and prev < from (each customer's first day in
-- the period), so the count is SUM(n) over a few rows per day.
CREATE TABLE kpi_link (
  day DATE NOT NULL,
  prev DATE NOT NULL,
  n INT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, prev)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Add (k = 1) or take away (k = -1) one interaction's scores.
CREATE PROCEDURE kpi_day_add(IN d DATE, IN k INT, IN sat INT, IN sp INT,
    IN rs INT, IN pf INT, IN pa INT)
  MODIFIES SQL DATA
  INSERT INTO kpi_day (day, n, sat_sum, sat_n, speed_sum, speed_n,
    res_sum, res_n, prof_sum, prof_n, pro_sum, pro_n)
  VALUES (d, k, k * COALESCE(sat, 0), k * (sat IS NOT NULL),
    k * COALESCE(sp, 0), k * (sp IS NOT NULL),
    k * COALESCE(rs, 0), k * (rs IS NOT NULL),
    k * COALESCE(pf, 0), k * (pf IS NOT NULL),
    k * COALESCE(pa, 0), k * (pa IS NOT NULL))
  ON DUPLICATE KEY UPDATE n = n + VALUES(n),
    sat_sum = sat_sum + VALUES(sat_sum), sat_n = sat_n + VALUES(sat_n),
    speed_sum = speed_sum + VALUES(speed_sum),
    speed_n = speed_n + VALUES(speed_n),
    res_sum = res_sum + VALUES(res_sum), res_n = res_n + VALUES(res_n),
    prof_sum = prof_sum + VALUES(prof_sum),
    prof_n = prof_n + VALUES(prof_n),
    pro_sum = pro_sum + VALUES(pro_sum), pro_n = pro_n + VALUES(pro_n);

-- A customer's contact day d appears (k = 1) or goes (k = -1), seen in
-- the interactions without row excl (the row being written): nothing
-- changes while another interaction of the customer falls on d;
-- otherwise the pair (d, prev) comes or goes and the next contact day
-- links to d instead of prev, or back.
CREATE PROCEDURE kpi_link_step(IN cid INT UNSIGNED, IN d DATE,
    IN excl BIGINT UNSIGNED, IN k INT)
  MODIFIES SQL DATA
BEGIN
  DECLARE p DATE;/**/
  DECLARE nx DATE;/**/
  IF NOT EXISTS (SELECT 1 FROM interaction WHERE customer_id = cid
      AND occurred_on = d AND id <> excl) THEN
    SELECT MAX(occurred_on) INTO p FROM interaction
      WHERE customer_id = cid AND occurred_on < d AND id <> excl;/**/
    SELECT MIN(occurred_on) INTO nx FROM interaction
      WHERE customer_id = cid AND occurred_on > d AND id <> excl;/**/
    SET p = COALESCE(p, '1000-01-01');/**/
    INSERT INTO kpi_link (day, prev, n) VALUES (d, p, k)
      ON DUPLICATE KEY UPDATE n = n + k;/**/
    IF nx IS NOT NULL THEN
      INSERT INTO kpi_link (day, prev, n) VALUES (nx, p, -k)
        ON DUPLICATE KEY UPDATE n = n - k;/**/
      INSERT INTO kpi_link (day, prev, n) VALUES (nx, d, k)
        ON DUPLICATE KEY UPDATE n = n + k;/**/
    END IF;/**/
  END IF;/**/
END;

-- Both tables from the interactions, set-based.
CREATE PROCEDURE kpi_day_rebuild()
  MODIFIES SQL DATA
BEGIN
  DELETE FROM kpi_day;/**/
  INSERT INTO kpi_day (day, n, sat_sum, sat_n, speed_sum, speed_n,
    res_sum, res_n, prof_sum, prof_n, pro_sum, pro_n)
  SELECT occurred_on, COUNT(*), COALESCE(SUM(satisfaction), 0),
    COUNT(satisfaction), COALESCE(SUM(score_speed), 0), COUNT(score_speed),
    COALESCE(SUM(score_resolution), 0), COUNT(score_resolution),
    COALESCE(SUM(score_professional), 0), COUNT(score_professional),
    COALESCE(SUM(score_proactive), 0), COUNT(score_proactive)
  FROM interaction GROUP BY occurred_on;/**/
  DELETE FROM kpi_link;/**/
  INSERT INTO kpi_link (day, prev, n)
  SELECT d, COALESCE(p, '1000-01-01'), COUNT(*) FROM (
    SELECT occurred_on AS d, LAG(occurred_on) OVER (PARTITION BY customer_id
      ORDER BY occurred_on) AS p
    FROM (SELECT DISTINCT customer_id, occurred_on FROM interaction) x) y
  GROUP BY d, COALESCE(p, '1000-01-01');/**/
END;

CREATE TRIGGER interaction_kpi_ai AFTER INSERT ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL kpi_day_add(NEW.occurred_on, 1, NEW.satisfaction, NEW.score_speed,
      NEW.score_resolution, NEW.score_professional, NEW.score_proactive);/**/
    CALL kpi_link_step(NEW.customer_id, NEW.occurred_on, NEW.id, 1);/**/
  END IF;

CREATE TRIGGER interaction_kpi_au AFTER UPDATE ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL kpi_day_add(OLD.occurred_on, -1, OLD.satisfaction, OLD.score_speed,
      OLD.score_resolution, OLD.score_professional, OLD.score_proactive);/**/
    CALL kpi_day_add(NEW.occurred_on, 1, NEW.satisfaction, NEW.score_speed,
      NEW.score_resolution, NEW.score_professional, NEW.score_proactive);/**/
    IF OLD.customer_id <> NEW.customer_id
        OR OLD.occurred_on <> NEW.occurred_on THEN
      CALL kpi_link_step(OLD.customer_id, OLD.occurred_on, NEW.id, -1);/**/
      CALL kpi_link_step(NEW.customer_id, NEW.occurred_on, NEW.id, 1);/**/
    END IF;/**/
  END IF;

CREATE TRIGGER interaction_kpi_ad AFTER DELETE ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL kpi_day_add(OLD.occurred_on, -1, OLD.satisfaction, OLD.score_speed,
      OLD.score_resolution, OLD.score_professional, OLD.score_proactive);/**/
    CALL kpi_link_step(OLD.customer_id, OLD.occurred_on, 0, -1);/**/
  END IF;

-- Deleting a customer cascades to its interactions, and cascaded
-- deletes fire no triggers: delete them first, so the aggregates see it.
CREATE TRIGGER customer_kpi_bd BEFORE DELETE ON customer FOR EACH ROW
  DELETE FROM interaction WHERE customer_id = OLD.id;

-- The customers due in a period with their last contact, from the index
-- alone (the KPI page's "due and not contacted" scans it; it still asks
-- the interactions whether each was contacted, as not every writer keeps
-- last_interaction_on).
ALTER TABLE customer
  ADD KEY k_customer_due_last (next_due_on, last_interaction_on);

CALL customer_search_rebuild();

CALL kpi_day_rebuild();
