-- The KPI page and /admin/segments at 100,000 customers (issue 4): two
-- small structures kept exact by triggers, whoever writes.
--
-- kpi_due: one row per customer, its next_due_on (copied by the
-- customer triggers) and the day of its latest interaction (kept by the
-- interaction triggers from the interactions themselves, not from
-- customer.last_interaction_on, which only some writers maintain).  "Due
-- in [from, to] and not contacted in it" is then a range of one index:
-- last < from (or none) is certainly not contacted, last in [from, to]
-- certainly is, and only a customer whose latest contact is after the
-- period is asked of the interactions (rare: a contact moves the due
-- date past the period).
--
-- tier_count: customers per tier ('' = not segmented) in slots, so two
-- sessions writing customers at once rarely wait on the same counter
-- row (an import of 100,000 customers holds its slot's row until it
-- commits): a session counts in slot CONNECTION_ID() % 64.  A tier's
-- size is the sum over its slots (a slot may go negative when a customer
-- counted by one session is re-tiered by another).
--
-- tier_change_day: the tier changes recorded per day (in slots as
-- above), so "changed this month" is a sum over its days; and an index
-- that lists the newest changes without sorting a month of them.
--
-- The trigger bodies write inline (a procedure call per row costs more
-- than the write itself: an import of 100,000 customers runs them).
--
-- The customer triggers always run (the import pauses only the search
-- triggers with @manyi_bulk); the interaction triggers follow
-- @manyi_bulk like those of migration 0008, and a bulk loader of
-- interactions then does CALL kpi_due_rebuild() (manyi-ctl generate).
--
-- Statements inside a body end with ";/**/" because manyi-ctl migrate
-- ends a statement at a ';' that closes a line.

CREATE TABLE kpi_due (
  customer_id INT UNSIGNED NOT NULL PRIMARY KEY,
  due DATE NULL,
  last DATE NULL,
  KEY k_kpi_due (due, last),
  CONSTRAINT fk_kpi_due FOREIGN KEY (customer_id)
    REFERENCES customer (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tier_count (
  tier VARCHAR(20) NOT NULL,
  slot TINYINT UNSIGNED NOT NULL,
  n INT NOT NULL DEFAULT 0,
  PRIMARY KEY (tier, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tier_change_day (
  day DATE NOT NULL,
  slot TINYINT UNSIGNED NOT NULL,
  n INT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE customer_tier_change ADD KEY k_tier_change_day (changed_on);

-- One customer's latest contact, from its interactions.
CREATE PROCEDURE kpi_due_last(IN cid INT UNSIGNED)
  MODIFIES SQL DATA
  UPDATE kpi_due SET last = (SELECT MAX(occurred_on) FROM interaction
    WHERE customer_id = cid) WHERE customer_id = cid;

-- Both tables from the customers and interactions, set-based.
CREATE PROCEDURE kpi_due_rebuild()
  MODIFIES SQL DATA
BEGIN
  INSERT INTO kpi_due (customer_id, due, last)
    SELECT c.id, c.next_due_on, (SELECT MAX(i.occurred_on) FROM interaction i
      WHERE i.customer_id = c.id) FROM customer c
  ON DUPLICATE KEY UPDATE due = VALUES(due), last = VALUES(last);/**/
  DELETE FROM tier_count;/**/
  INSERT INTO tier_count (tier, slot, n)
    SELECT COALESCE(tier, ''), 0, COUNT(*) FROM customer
    GROUP BY COALESCE(tier, '');/**/
  DELETE FROM tier_change_day;/**/
  INSERT INTO tier_change_day (day, slot, n)
    SELECT changed_on, 0, COUNT(*) FROM customer_tier_change
    GROUP BY changed_on;/**/
END;

CREATE TRIGGER customer_due_ai AFTER INSERT ON customer FOR EACH ROW
BEGIN
  INSERT INTO kpi_due (customer_id, due, last)
    VALUES (NEW.id, NEW.next_due_on, NULL)
  ON DUPLICATE KEY UPDATE due = VALUES(due);/**/
  INSERT INTO tier_count (tier, slot, n)
    VALUES (COALESCE(NEW.tier, ''), CONNECTION_ID() % 64, 1)
  ON DUPLICATE KEY UPDATE n = n + 1;/**/
END;

CREATE TRIGGER customer_due_au AFTER UPDATE ON customer FOR EACH ROW
BEGIN
  IF NOT (NEW.next_due_on <=> OLD.next_due_on) OR NEW.id <> OLD.id THEN
    INSERT INTO kpi_due (customer_id, due, last)
      VALUES (NEW.id, NEW.next_due_on, NULL)
    ON DUPLICATE KEY UPDATE due = VALUES(due);/**/
  END IF;/**/
  IF NOT (BINARY NEW.tier <=> BINARY OLD.tier) THEN
    INSERT INTO tier_count (tier, slot, n)
      VALUES (COALESCE(OLD.tier, ''), CONNECTION_ID() % 64, -1)
    ON DUPLICATE KEY UPDATE n = n - 1;/**/
    INSERT INTO tier_count (tier, slot, n)
      VALUES (COALESCE(NEW.tier, ''), CONNECTION_ID() % 64, 1)
    ON DUPLICATE KEY UPDATE n = n + 1;/**/
  END IF;/**/
END;

CREATE TRIGGER customer_due_ad AFTER DELETE ON customer FOR EACH ROW
  INSERT INTO tier_count (tier, slot, n)
    VALUES (COALESCE(OLD.tier, ''), CONNECTION_ID() % 64, -1)
  ON DUPLICATE KEY UPDATE n = n - 1;

-- Deleting a customer cascades to its tier changes, and cascaded
-- deletes fire no triggers: delete them first, so the counters see it.
CREATE TRIGGER customer_due_bd BEFORE DELETE ON customer FOR EACH ROW
  DELETE FROM customer_tier_change WHERE customer_id = OLD.id;

CREATE TRIGGER tier_change_ai AFTER INSERT ON customer_tier_change
    FOR EACH ROW
  INSERT INTO tier_change_day (day, slot, n)
    VALUES (NEW.changed_on, CONNECTION_ID() % 64, 1)
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER tier_change_au AFTER UPDATE ON customer_tier_change
    FOR EACH ROW
  IF NEW.changed_on <> OLD.changed_on THEN
    INSERT INTO tier_change_day (day, slot, n)
      VALUES (OLD.changed_on, CONNECTION_ID() % 64, -1)
    ON DUPLICATE KEY UPDATE n = n - 1;/**/
    INSERT INTO tier_change_day (day, slot, n)
      VALUES (NEW.changed_on, CONNECTION_ID() % 64, 1)
    ON DUPLICATE KEY UPDATE n = n + 1;/**/
  END IF;

CREATE TRIGGER tier_change_ad AFTER DELETE ON customer_tier_change
    FOR EACH ROW
  INSERT INTO tier_change_day (day, slot, n)
    VALUES (OLD.changed_on, CONNECTION_ID() % 64, -1)
  ON DUPLICATE KEY UPDATE n = n - 1;

CREATE TRIGGER interaction_due_ai AFTER INSERT ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    UPDATE kpi_due SET last = GREATEST(COALESCE(last, NEW.occurred_on),
      NEW.occurred_on) WHERE customer_id = NEW.customer_id;/**/
  END IF;

CREATE TRIGGER interaction_due_au AFTER UPDATE ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL AND (OLD.customer_id <> NEW.customer_id
      OR OLD.occurred_on <> NEW.occurred_on) THEN
    CALL kpi_due_last(OLD.customer_id);/**/
    IF OLD.customer_id <> NEW.customer_id THEN
      CALL kpi_due_last(NEW.customer_id);/**/
    END IF;/**/
  END IF;

CREATE TRIGGER interaction_due_ad AFTER DELETE ON interaction FOR EACH ROW
  IF @manyi_bulk IS NULL THEN
    CALL kpi_due_last(OLD.customer_id);/**/
  END IF;

-- Covering indexes for the rest of the KPI page: the customers first
-- contacted in a period (kpi_link pairs with prev before it: a short
-- range of prev while the history before the period is short; the
-- optimizer takes whichever range is smaller) and the follow-up counts
-- read from an index instead of the rows.
ALTER TABLE kpi_link ADD KEY k_kpi_link_prev (prev, day, n);

ALTER TABLE follow_up
  ADD KEY k_follow_up_raised_kpi (raised_at, responded_at, respond_by),
  ADD KEY k_follow_up_resolved_kpi (resolved_at, attempts);

CALL kpi_due_rebuild();
