-- Indexes for the customer list at 100,000 customers (issue 4): every
-- filter the list offers, with every sort order, answered from an index
-- in the sort's order, so a page (even a deep one) is read from the index
-- alone; the sort orders' own indexes carry health and the review date
-- (after the id, which breaks ties in every order), so "health below 60"
-- and "not reviewed in 30 days" are checked in the index; contact search
-- scans covering indexes.  Indexes only.
--
-- A filter's single-column index is replaced by its composites (each
-- starts with the column, so foreign keys keep their index).

ALTER TABLE customer
  DROP KEY k_customer_tier,
  ADD KEY k_customer_tier_code (tier, code),
  ADD KEY k_customer_tier_name (tier, name),
  ADD KEY k_customer_tier_due (tier, next_due_on),
  ADD KEY k_customer_tier_health (tier, health),
  ADD KEY k_customer_tier_updated (tier, updated_at),
  DROP KEY k_customer_stage,
  ADD KEY k_customer_stage_code (stage, code),
  ADD KEY k_customer_stage_name (stage, name),
  ADD KEY k_customer_stage_due (stage, next_due_on),
  ADD KEY k_customer_stage_health (stage, health),
  ADD KEY k_customer_stage_updated (stage, updated_at),
  DROP KEY k_customer_value,
  ADD KEY k_customer_value_code (value_tag, code),
  ADD KEY k_customer_value_name (value_tag, name),
  ADD KEY k_customer_value_due (value_tag, next_due_on),
  ADD KEY k_customer_value_health (value_tag, health),
  ADD KEY k_customer_value_updated (value_tag, updated_at),
  DROP KEY k_customer_industry,
  ADD KEY k_customer_industry_code (industry, code),
  ADD KEY k_customer_industry_name (industry, name),
  ADD KEY k_customer_industry_due (industry, next_due_on),
  ADD KEY k_customer_industry_health (industry, health),
  ADD KEY k_customer_industry_updated (industry, updated_at),
  DROP KEY k_customer_department,
  ADD KEY k_customer_department_code (department_id, code),
  ADD KEY k_customer_department_name (department_id, name),
  ADD KEY k_customer_department_due (department_id, next_due_on),
  ADD KEY k_customer_department_health (department_id, health),
  ADD KEY k_customer_department_updated (department_id, updated_at),
  DROP KEY k_customer_name,
  ADD KEY k_customer_name (name, id, health, reviewed_on),
  ADD KEY k_customer_code_cover (code, health, reviewed_on),
  DROP KEY k_customer_due,
  ADD KEY k_customer_due (next_due_on, id, health, reviewed_on),
  DROP KEY k_customer_health,
  ADD KEY k_customer_health (health, id, reviewed_on),
  ADD KEY k_customer_updated (updated_at, id, health, reviewed_on);

ALTER TABLE customer_contact
  DROP KEY k_contact_name,
  ADD KEY k_contact_name (name, customer_id),
  DROP KEY k_contact_mobile,
  ADD KEY k_contact_mobile (mobile, customer_id);
