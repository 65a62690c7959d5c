/*
 * The survey cleaning run (DOMAIN.md section 3): marks responses not
 * cleaned yet (cleaned_at NULL) with the reason survey_score.h's rules
 * give, never deleting anything, and packs their numeric answers into
 * survey_response.packed for the results page.  Shared by manyi-ctl clean-responses
 * and the results page's "clean now" (POST /admin/surveys/<id>/clean).
 */
#ifndef MANYI_SURVEY_CLEAN_H
#define MANYI_SURVEY_CLEAN_H

#include "db.h"
#include "survey_score.h"

struct clean_stats {
	long long	 checked;		/* responses cleaned by this run */
	long long	 marked[CLEAN__MAX];	/* [CLEAN_VALID]: left valid */
};

/*
 * Clean the responses of one survey (0: of every survey) inside the
 * caller's transaction: each gets cleaned_at and, if a rule applies,
 * invalid_reason.  Responses already cleaned are left alone, so running
 * it again changes nothing.  Statistics are reset first (db_tx may run
 * the transaction again).
 */
enum db_err	 survey_clean(struct db *, long long, struct clean_stats *);

struct http_req;
/*
 * survey_clean, then in the same transaction its audit row ("survey",
 * "clean": checked and the count per reason) on behalf of the request
 * (login as audit_write takes it): always, or with always 0 only when
 * something was cleaned.  Shared by the results page and manyi-ctl.
 */
enum db_err	 survey_clean_audit(struct db *, const struct http_req *,
		    const char *, long long, int, struct clean_stats *);

#endif
