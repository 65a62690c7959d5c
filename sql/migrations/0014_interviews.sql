-- Satisfaction interviews (DOMAIN.md section 3, issue 5 "Interviews"):
-- each month manyi-ctl interview-sample draws at least
-- survey.interview_pct percent of the customers served that month
-- (customers with an interaction whose occurred_on falls in the month),
-- assigns each to the customer's owner (or the survey's owner), and staff
-- enter the answers as an offline response of the survey.

-- One draw per month.  Its primary key serialises two runs for the same
-- month: the second finds the row and draws nothing.
CREATE TABLE survey_interview_sample (
  month CHAR(7) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  survey_id INT UNSIGNED NOT NULL,
  pct INT NOT NULL,
  served INT NOT NULL,
  drawn INT NOT NULL,
  drawn_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_interview_sample_survey FOREIGN KEY (survey_id) REFERENCES survey (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One customer drawn for an interview.  pending -> done (the offline
-- response stored, in the same transaction) or unreachable (with a note;
-- an unreachable customer reached later can still be interviewed).
CREATE TABLE survey_interview (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  month CHAR(7) CHARACTER SET ascii NOT NULL,
  survey_id INT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  assignee_id INT UNSIGNED NULL,
  status ENUM('pending', 'done', 'unreachable') NOT NULL DEFAULT 'pending',
  response_id INT UNSIGNED NULL,
  drawn_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  done_at DATETIME NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  updated_by INT UNSIGNED NULL,
  updated_at DATETIME NULL,
  UNIQUE KEY uk_interview_customer (month, customer_id),
  UNIQUE KEY uk_interview_response (response_id),
  KEY k_interview_assignee (assignee_id, month),
  KEY k_interview_customer (customer_id),
  CONSTRAINT fk_interview_month FOREIGN KEY (month) REFERENCES survey_interview_sample (month),
  CONSTRAINT fk_interview_survey FOREIGN KEY (survey_id) REFERENCES survey (id),
  CONSTRAINT fk_interview_customer FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE,
  CONSTRAINT fk_interview_assignee FOREIGN KEY (assignee_id) REFERENCES `user` (id),
  CONSTRAINT fk_interview_response FOREIGN KEY (response_id) REFERENCES survey_response (id) ON DELETE SET NULL,
  CONSTRAINT fk_interview_updater FOREIGN KEY (updated_by) REFERENCES `user` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
