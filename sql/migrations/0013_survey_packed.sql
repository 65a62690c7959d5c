-- Survey results at a year's scale (helper F, issue 5): the cleaning
-- run, which sees every response once within a day, also stores the
-- response's numeric answers packed as "question_id:num,..." (ratings,
-- NPS, CES, chosen option or option bit mask).  The results page then
-- reads one short column per cleaned response instead of joining every
-- answer row (about 11 rows per response), and joins the answers only
-- of the few responses not cleaned yet.  It is a cache of survey_answer:
-- answers are written once with their response and never change.
ALTER TABLE survey_response ADD COLUMN packed VARCHAR(4000) NULL;

-- Responses cleaned before this column existed.
UPDATE survey_response r SET r.packed = COALESCE((SELECT
  GROUP_CONCAT(CONCAT(a.question_id, ':', a.num) ORDER BY a.question_id
  SEPARATOR ',') FROM survey_answer a WHERE a.response_id = r.id AND
  a.num IS NOT NULL), '')
WHERE r.cleaned_at IS NOT NULL;
