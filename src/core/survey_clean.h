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
/* One cleaning run with its audit row, for db_tx and survey_clean_tx. */
struct clean_run {
	const struct http_req	*r;		/* on whose behalf */
	const char		*login;		/* audit_write's; NULL: r's */
	long long		 survey;	/* 0: every survey */
	int			 always;	/* audit even if none cleaned */
	struct clean_stats	 st;		/* out */
};
/*
 * db_tx(db, survey_clean_tx, &run): survey_clean, then in the same
 * transaction its audit row ("survey", "clean": checked and the count
 * per reason), always or only when something was cleaned.  Shared by
 * the results page's "clean now" and manyi-ctl clean-responses.
 */
enum db_err	 survey_clean_tx(struct db *, void *);

#endif
