-- The customer list with several filters at 100,000 customers (issue 4):
-- indexes only.
--
-- Every column a list filter reads (tier, value tag, stage, owner,
-- department, health, review date, industry) is carried by
--   * the five sort orders' indexes, so a page of any combination of
--     filters is read along its sort's index without touching a row
--     (the list reads a page past the middle from the end, so at most
--     half the index);
--   * one "filter" index per equality filter, led by it, so the count of
--     any combination is one covered range of the most selective of them
--     (health below 60: the health index's range).
-- The owner gets the composites per sort order the other filters have
-- had since migration 0004 (it had only the due date's).

ALTER TABLE customer
  DROP KEY k_customer_code_cover,
  ADD KEY k_customer_code_cover (code, tier, value_tag, stage, owner_id,
    department_id, health, reviewed_on, industry),
  DROP KEY k_customer_name,
  ADD KEY k_customer_name (name, id, tier, value_tag, stage, owner_id,
    department_id, health, reviewed_on, industry),
  DROP KEY k_customer_due,
  ADD KEY k_customer_due (next_due_on, id, tier, value_tag, stage, owner_id,
    department_id, health, reviewed_on, industry),
  DROP KEY k_customer_health,
  ADD KEY k_customer_health (health, id, tier, value_tag, stage, owner_id,
    department_id, reviewed_on, industry),
  DROP KEY k_customer_updated,
  ADD KEY k_customer_updated (updated_at, id, tier, value_tag, stage,
    owner_id, department_id, health, reviewed_on, industry),
  ADD KEY k_customer_f_tier (tier, stage, value_tag, owner_id,
    department_id, health, reviewed_on, industry),
  ADD KEY k_customer_f_stage (stage, value_tag, owner_id, department_id,
    health, reviewed_on, tier, industry),
  ADD KEY k_customer_f_value (value_tag, owner_id, department_id, health,
    reviewed_on, tier, stage, industry),
  ADD KEY k_customer_f_owner (owner_id, department_id, health, reviewed_on,
    tier, stage, value_tag, industry),
  ADD KEY k_customer_f_dept (department_id, health, reviewed_on, tier,
    stage, value_tag, owner_id, industry),
  ADD KEY k_customer_f_industry (industry, health, reviewed_on, tier, stage,
    value_tag, owner_id, department_id),
  ADD KEY k_customer_owner_code (owner_id, code),
  ADD KEY k_customer_owner_name (owner_id, name),
  ADD KEY k_customer_owner_health (owner_id, health),
  ADD KEY k_customer_owner_updated (owner_id, updated_at);
