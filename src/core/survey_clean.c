/*
 * The survey cleaning run (survey_clean.h).  Pending responses are read
 * in batches of CLEAN_BATCH by id with, per response, the facts the
 * rules need (computed by the database: the nearest earlier response
 * from the same address uses the (survey_id, addr_hash, submitted_at)
 * index); the rules themselves are survey_score.c's.  The same pass
 * stores each response's numeric answers packed ("question_id:num,...",
 * migration 0013), which the results page reads instead of the answer
 * rows; a response whose answers do not fit keeps NULL and is joined.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "survey_clean.h"
#include "survey_score.h"

#define CLEAN_BATCH	1000	/* responses per batch: STMT_PENDING LIMIT */
#define CLEAN_MAXQ	200	/* rating answers kept per response */
#define CLEAN_PACKMAX	4000	/* survey_response.packed */

enum stmt {
	STMT_SETTINGS,
	STMT_PENDING,
	STMT_NUMS,
	STMT_MARK,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SETTINGS */
	"SELECT name, value FROM setting WHERE name IN "
	"('survey.duplicate_window_hours', 'survey.straight_min_questions')",
	/*
	 * STMT_PENDING: (after id, survey or 0, survey): id, duration or
	 * -1, typed in by staff, the survey's min_seconds, an earlier
	 * response with its invitation, seconds since the nearest earlier
	 * response of the same survey and pilot flag from its address.
	 */
	"SELECT r.id, COALESCE(r.duration_s, -1), r.entered_by IS NOT NULL, "
	"s.min_seconds, "
	"(r.invitation_id IS NOT NULL AND EXISTS (SELECT 1 FROM "
	"survey_response p WHERE p.invitation_id = r.invitation_id "
	"AND p.id <> r.id AND (p.submitted_at < r.submitted_at OR "
	"(p.submitted_at = r.submitted_at AND p.id < r.id)))), "
	"COALESCE((SELECT TIMESTAMPDIFF(SECOND, p.submitted_at, "
	"r.submitted_at) FROM survey_response p WHERE p.survey_id = "
	"r.survey_id AND p.addr_hash = r.addr_hash AND p.pilot = r.pilot "
	"AND p.id <> r.id AND p.submitted_at <= r.submitted_at AND "
	"(p.submitted_at < r.submitted_at OR p.id < r.id) "
	"ORDER BY p.submitted_at DESC LIMIT 1), -1) "
	"FROM survey_response r JOIN survey s ON s.id = r.survey_id "
	"WHERE r.cleaned_at IS NULL AND r.id > ? AND (? = 0 OR "
	"r.survey_id = ?) ORDER BY r.id LIMIT 1000",
	/*
	 * STMT_NUMS: numeric answers of responses in an id range, and
	 * whether each is a 1-5 rating.
	 */
	"SELECT a.response_id, a.question_id, a.num, q.kind = 'rating' AND "
	"a.num BETWEEN 1 AND 5 FROM survey_answer a "
	"JOIN survey_question q ON q.id = a.question_id "
	"WHERE a.response_id BETWEEN ? AND ? AND a.num IS NOT NULL "
	"ORDER BY a.response_id, a.question_id",
	/* STMT_MARK: the mark, and the answers packed (migration 0013). */
	"UPDATE survey_response SET invalid_reason = ?, packed = ?, "
	"cleaned_at = UTC_TIMESTAMP() WHERE id = ? AND cleaned_at IS NULL",
};

static enum db_err
settings(struct db *db, struct arena *a, long long *window_h,
    long long *straight_min)
{
	struct db_rows	 rows;
	size_t		 i;
	enum db_err	 e;

	*window_h = 24;
	*straight_min = 8;
	if ((e = db_query(db, a, &rows, stmts[STMT_SETTINGS], "")) != DB_OK)
		return e;
	for (i = 0; i < rows.n; i++) {
		if (rows.v[i][1] == NULL)
			continue;
		if (strcmp(rows.v[i][0], "survey.duplicate_window_hours") == 0)
			*window_h = db_int(rows.v[i][1]);
		else
			*straight_min = db_int(rows.v[i][1]);
	}
	return DB_OK;
}

/* One batch; *more = 0 when no response was pending. */
static enum db_err
clean_batch(struct db *db, struct arena *a, long long survey,
    long long window_h, long long straight_min, long long *after,
    struct clean_stats *st, int *more)
{
	struct db_rows		 pend, rat;
	struct buf		 pk;
	struct clean_in		 in;
	enum clean_reason	 why;
	unsigned long long	 n;
	int			 vals[CLEAN_MAXQ];
	size_t			 i, k = 0, nv;
	long long		 id;
	enum db_err		 e;

	*more = 0;
	if ((e = db_query(db, a, &pend, stmts[STMT_PENDING], "iii", *after,
	    survey, survey)) != DB_OK)
		return e;
	if (pend.n == 0)
		return DB_OK;
	*more = 1;
	memset(&pk, 0, sizeof(pk));
	if ((e = db_query(db, a, &rat, stmts[STMT_NUMS], "ii",
	    db_int(pend.v[0][0]), db_int(pend.v[pend.n - 1][0]))) != DB_OK)
		return e;
	for (i = 0; i < pend.n; i++) {
		char	**p = pend.v[i];

		id = db_int(p[0]);
		/* Both lists are in id order: walk the ratings along. */
		while (k < rat.n && db_int(rat.v[k][0]) < id)
			k++;
		pk.len = 0;
		for (nv = 0; k < rat.n && db_int(rat.v[k][0]) == id; k++) {
			buf_printf(&pk, "%s%s:%s", pk.len ? "," : "",
			    rat.v[k][1], rat.v[k][2]);
			if (db_int(rat.v[k][3]) && nv < CLEAN_MAXQ)
				vals[nv++] = (int)db_int(rat.v[k][2]);
		}
		buf_append(&pk, "", 1);
		memset(&in, 0, sizeof(in));
		in.duration_s = db_int(p[1]);
		in.offline = db_int(p[2]) != 0;
		in.min_seconds = db_int(p[3]);
		in.same_invitation = db_int(p[4]) != 0;
		in.addr_gap_s = db_int(p[5]);
		in.window_h = window_h;
		in.ratings = vals;
		in.nratings = nv;
		in.straight_min = straight_min;
		why = clean_judge(&in);
		/* Too long to pack: results join its answers instead. */
		if ((e = db_exec(db, &n, NULL, stmts[STMT_MARK], "ssi",
		    clean_reason_names[why], pk.len <= CLEAN_PACKMAX ? pk.p :
		    NULL, id)) != DB_OK)
			break;
		if (n > 0) {
			st->checked++;
			st->marked[why]++;
		}
		*after = id;
	}
	buf_free(&pk);
	return e;
}

enum db_err
survey_clean(struct db *db, long long survey, struct clean_stats *st)
{
	struct arena	*a;
	long long	 window_h, straight_min, after = 0;
	int		 more = 1;
	enum db_err	 e;

	memset(st, 0, sizeof(*st));
	a = arena_new();
	e = settings(db, a, &window_h, &straight_min);
	while (e == DB_OK && more) {
		arena_reset(a);
		e = clean_batch(db, a, survey, window_h, straight_min, &after,
		    st, &more);
	}
	arena_free(a);
	return e;
}

enum db_err
survey_clean_tx(struct db *db, void *arg)
{
	struct clean_run	*t = arg;
	struct json		*j;
	enum db_err		 e;
	int			 k;

	if ((e = survey_clean(db, t->survey, &t->st)) != DB_OK)
		return e;
	if (!t->always && t->st.checked == 0)
		return DB_OK;
	j = json_new(t->r->a);
	json_int(j, "checked", t->st.checked);
	for (k = CLEAN_VALID + 1; k < CLEAN__MAX; k++)
		json_int(j, clean_reason_names[k], t->st.marked[k]);
	return audit_write(db, t->r, t->login, "survey", t->survey, "clean",
	    NULL, json_end(j));
}
