/*
 * manyi-ctl clean-responses [--survey ID]: the daily cleaning of survey
 * responses (DOMAIN.md section 3).  Marks every response not cleaned
 * yet, of one survey or of all, in one transaction with one audit row
 * (when something was cleaned); the rules are survey_score.c's, the run
 * survey_clean.c's (the results page's "clean now" runs the same).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/db.h"
#include "core/http.h"
#include "core/survey_clean.h"
#include "ctl.h"

int
ctl_clean_responses(struct ctl *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "survey", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_req	 r;
	struct clean_run	 t;
	char		*end;
	int		 ch, rc = 0;

	memset(&t, 0, sizeof(t));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:", opts, NULL)) != -1) {
		if (ch != 's') {
			fprintf(stderr, "usage: manyi-ctl clean-responses "
			    "[--survey ID]\n");
			return 2;
		}
		t.survey = strtoll(optarg, &end, 10);
		if (*end != '\0' || t.survey <= 0) {
			fprintf(stderr, "manyi-ctl: clean-responses: bad "
			    "survey id %s\n", optarg);
			return 2;
		}
	}
	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	r.remote_addr = "console";
	t.r = &r;
	t.login = "manyi-ctl";
	if (db_tx(c->db, survey_clean_tx, &t) != DB_OK) {
		fprintf(stderr, "manyi-ctl: clean-responses: %s\n",
		    db_error(c->db));
		rc = 1;
	} else
		printf("clean-responses: %lld checked, %lld valid, "
		    "%lld duplicate, %lld fast, %lld straight-lined\n",
		    t.st.checked, t.st.marked[CLEAN_VALID],
		    t.st.marked[CLEAN_DUPLICATE], t.st.marked[CLEAN_FAST],
		    t.st.marked[CLEAN_STRAIGHT]);
	arena_free(r.a);
	return rc;
}
