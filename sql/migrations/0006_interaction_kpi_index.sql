-- The KPI page's period figures (customers contacted, mean scores) read
-- only this index, not the interaction rows: about 4x faster with a
-- million interactions.
CREATE INDEX k_interaction_kpi ON interaction (occurred_on, customer_id,
  satisfaction, score_speed, score_resolution, score_professional,
  score_proactive);
