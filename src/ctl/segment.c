/*
 * manyi-ctl segment and manyi-ctl health: the nightly recomputation of
 * every customer's tier and relationship health (DOMAIN.md section 1).
 * The rules themselves are the pure functions of core/crm.c; this file
 * only reads their inputs and writes their results, fast enough for
 * 100,000 customers: customers are read in id order a page at a time,
 * the interaction means come from one aggregate query per page, and
 * results are written in batched transactions.
 *
 * Dates are business dates in the company's zone ([site] time_zone,
 * default Asia/Shanghai): a run at 02:00 in Beijing belongs to that day,
 * not to the UTC day before.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/arena.h"
#include "core/crm.h"
#include "core/db.h"
#include "ctl.h"

#define PAGE		5000	/* customers read per query */
#define BATCH		500	/* changes written per transaction */
#define HEALTH_ROWS	25	/* rows per multi-row insert (2 values each) */
#define COVERAGE_GOAL	95	/* % of customers segmented (DOMAIN.md) */

#define T2	"(?, ?), "
#define T10	T2 T2 T2 T2 T2 T2 T2 T2 T2 T2

enum stmt {
	STMT_SETTING,
	STMT_TIERS,
	STMT_TODAY,
	STMT_SINCE,
	STMT_SEG_INPUTS,
	STMT_SEG_SET,
	STMT_SEG_CHANGE,
	STMT_HEALTH_INPUTS,
	STMT_HEALTH_MEANS,
	STMT_HEALTH_TMP,
	STMT_HEALTH_TMP_DROP,
	STMT_HEALTH_PUT,
	STMT_HEALTH_PUT1,
	STMT_HEALTH_ACTED,
	STMT_HEALTH_APPLY,
	STMT_HEALTH_COUNTS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SETTING */
	"SELECT value FROM setting WHERE name = ?",
	/* STMT_TIERS: in enum tier order (core, important, basic, dormant). */
	"SELECT code, share_pct FROM tier ORDER BY sort",
	/* STMT_TODAY: the business date and time (Beijing). */
	"SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL ? SECOND, '%Y-%m-%d')",
	/* STMT_SINCE: a date some days before another. */
	"SELECT DATE_FORMAT(? - INTERVAL ? DAY, '%Y-%m-%d')",
	/* STMT_SEG_INPUTS: one page of customers after an id. */
	"SELECT id, annual_spend, interactions_per_month, repurchase_count, "
	"tier FROM customer WHERE id > ? ORDER BY id LIMIT ?",
	/* STMT_SEG_SET */
	"UPDATE customer SET tier = ?, tier_changed_on = ? WHERE id = ?",
	/* STMT_SEG_CHANGE */
	"INSERT INTO customer_tier_change (customer_id, old_tier, new_tier, "
	"changed_on) VALUES (?, ?, ?, ?)",
	/*
	 * STMT_HEALTH_INPUTS: one page of customers after an id: the
	 * cycle (own, else the value tag's default), days since the last
	 * contact (NULL: never).
	 */
	"SELECT id, COALESCE(cycle_days, CASE value_tag WHEN 'high' THEN ? "
	"WHEN 'potential' THEN ? ELSE ? END), DATEDIFF(?, last_interaction_on) "
	"FROM customer WHERE id > ? ORDER BY id LIMIT ?",
	/*
	 * STMT_HEALTH_MEANS: for the customers of a page (an id range),
	 * the mean satisfaction and the mean of every service score given
	 * in interactions since a date, grouped by customer; the index
	 * (customer_id, occurred_on) answers it.
	 */
	"SELECT customer_id, AVG(satisfaction), "
	"(COALESCE(SUM(score_speed), 0) + COALESCE(SUM(score_resolution), 0) + "
	"COALESCE(SUM(score_professional), 0) + COALESCE(SUM(score_proactive), 0)) / "
	"NULLIF(COUNT(score_speed) + COUNT(score_resolution) + "
	"COUNT(score_professional) + COUNT(score_proactive), 0) "
	"FROM interaction WHERE customer_id BETWEEN ? AND ? AND occurred_on >= ? "
	"GROUP BY customer_id ORDER BY customer_id",
	/* STMT_HEALTH_TMP: this run's scores, then applied in one UPDATE. */
	"CREATE TEMPORARY TABLE health_new (id INT UNSIGNED NOT NULL PRIMARY KEY, "
	"health INT NOT NULL) ENGINE=InnoDB",
	/* STMT_HEALTH_TMP_DROP */
	"DROP TEMPORARY TABLE IF EXISTS health_new",
	/* STMT_HEALTH_PUT: HEALTH_ROWS rows. */
	"INSERT INTO health_new (id, health) VALUES " T10 T10 T2 T2 T2 T2 "(?, ?)",
	/* STMT_HEALTH_PUT1 */
	"INSERT INTO health_new (id, health) VALUES (?, ?)",
	/*
	 * STMT_HEALTH_ACTED: a new warning (none open) starts unanswered;
	 * a separate statement because a multi-table UPDATE gives no order
	 * to its assignments.
	 */
	"UPDATE customer c JOIN health_new h ON h.id = c.id "
	"SET c.health_acted_at = NULL "
	"WHERE h.health < ? AND c.health_warning_due IS NULL",
	/*
	 * STMT_HEALTH_APPLY: store the score; below the line a warning due
	 * 24 hours from now unless one is open; at or above it, none.
	 */
	"UPDATE customer c JOIN health_new h ON h.id = c.id "
	"SET c.health = h.health, c.health_at = UTC_TIMESTAMP(), "
	"c.health_warning_due = IF(h.health < ?, COALESCE(c.health_warning_due, "
	"UTC_TIMESTAMP() + INTERVAL 24 HOUR), NULL)",
	/* STMT_HEALTH_COUNTS */
	"SELECT COUNT(*), COALESCE(SUM(health < ?), 0), "
	"COALESCE(SUM(health_warning_due IS NOT NULL), 0), "
	"COALESCE(ROUND(AVG(health), 1), 0) FROM customer",
};

/* A numeric setting, or the default if absent or not a number. */
static long long
setting_int(struct ctl *c, struct arena *a, const char *name, long long dflt)
{
	struct db_rows	 rows;
	char		*end;
	long long	 v;

	if (db_query(c->db, a, &rows, stmts[STMT_SETTING], "s", name) != DB_OK ||
	    rows.n == 0 || rows.v[0][0] == NULL)
		return dflt;
	v = strtoll(rows.v[0][0], &end, 10);
	return end != rows.v[0][0] && *end == '\0' ? v : dflt;
}

static const char *
today(struct ctl *c, struct arena *a)
{
	struct db_rows	 rows;

	if (db_query(c->db, a, &rows, stmts[STMT_TODAY], "i",
	    (long long)site_tz_s) != DB_OK || rows.n != 1)
		return NULL;
	return rows.v[0][0];
}

static void
db_fail(struct ctl *c, const char *what)
{
	fprintf(stderr, "manyi-ctl: %s: %s\n", what, db_error(c->db));
}

/* ---- segment ---- */

struct seg_run {
	size_t		 n, cap;
	long long	*id;
	struct seg_input *in;
	signed char	*old;		/* stored tier index, TIER_NONE */
	int		*out;
	const char	*day;
	size_t		 next;		/* next customer to look at */
	size_t		 changes;
	const char	*codes[TIER__MAX];
};

static int
tier_index(const struct seg_run *s, const char *code)
{
	int	 t;

	if (code == NULL)
		return TIER_NONE;
	for (t = 0; t < TIER__MAX; t++)
		if (strcmp(s->codes[t], code) == 0)
			return t;
	return TIER_NONE;
}

/* Write up to BATCH changed tiers from s->next on, in one transaction. */
static enum db_err
seg_write(struct db *db, void *arg)
{
	struct seg_run	*s = arg;
	size_t		 i, k = 0;
	enum db_err	 e;
	const char	*o, *nw;

	for (i = s->next; i < s->n && k < BATCH; i++) {
		if (s->out[i] == s->old[i])
			continue;
		o = s->old[i] == TIER_NONE ? NULL : s->codes[(int)s->old[i]];
		nw = s->out[i] == TIER_NONE ? NULL : s->codes[s->out[i]];
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_SEG_SET], "ssi", nw,
		    s->day, s->id[i])) != DB_OK ||
		    (e = db_exec(db, NULL, NULL, stmts[STMT_SEG_CHANGE], "isss",
		    s->id[i], o, nw, s->day)) != DB_OK)
			return e;
		k++;
	}
	return DB_OK;
}

/* After a committed batch: move on past the customers it covered. */
static void
seg_advance(struct seg_run *s)
{
	size_t	 k = 0;

	for (; s->next < s->n && k < BATCH; s->next++)
		if (s->out[s->next] != s->old[s->next]) {
			k++;
			s->changes++;
		}
}

static void
seg_grow(struct seg_run *s)
{
	s->cap = s->cap ? s->cap * 2 : 8192;
	if ((s->id = realloc(s->id, s->cap * sizeof(*s->id))) == NULL ||
	    (s->in = realloc(s->in, s->cap * sizeof(*s->in))) == NULL ||
	    (s->old = realloc(s->old, s->cap * sizeof(*s->old))) == NULL)
		arena_oom();
}

int
ctl_segment(struct ctl *c, int argc, char *argv[])
{
	struct arena	*a = arena_new();
	struct db_rows	 rows;
	struct seg_run	 s;
	int		 shares[TIER__MAX], counts[TIER__MAX], t, sum = 0, rc = 1;
	long long	 after = 0;
	double		 high;
	size_t		 i, segmented = 0;
	enum db_err	 e;

	if (argc != 1) {
		fprintf(stderr, "usage: manyi-ctl segment\n");
		arena_free(a);
		return 2;
	}
	memset(&s, 0, sizeof(s));
	high = (double)setting_int(c, a, "segment.high_value_spend", 50000);
	if (db_query(c->db, a, &rows, stmts[STMT_TIERS], "") != DB_OK) {
		db_fail(c, "tiers");
		goto out;
	}
	if (rows.n != TIER__MAX) {
		fprintf(stderr, "manyi-ctl: expected %d tiers, found %zu\n",
		    TIER__MAX, rows.n);
		goto out;
	}
	for (t = 0; t < TIER__MAX; t++) {
		/* Order by sort must give the codes of enum tier. */
		if (strcmp(rows.v[t][0], tier_codes[t]) != 0) {
			fprintf(stderr, "manyi-ctl: tier %d is %s, expected "
			    "%s\n", t, rows.v[t][0], tier_codes[t]);
			goto out;
		}
		s.codes[t] = tier_codes[t];
		shares[t] = (int)db_int(rows.v[t][1]);
		sum += shares[t];
	}
	if (sum != 100)
		fprintf(stderr, "manyi-ctl: warning: tier shares add up to "
		    "%d%%, not 100%%\n", sum);
	if ((s.day = today(c, a)) == NULL) {
		db_fail(c, "date");
		goto out;
	}
	s.day = strdup(s.day);
	/* Read every customer's inputs, a page at a time, in id order. */
	for (;;) {
		arena_reset(a);
		if ((e = db_query(c->db, a, &rows, stmts[STMT_SEG_INPUTS], "ii",
		    after, (long long)PAGE)) != DB_OK) {
			db_fail(c, "customers");
			goto out;
		}
		for (i = 0; i < rows.n; i++) {
			if (s.n == s.cap)
				seg_grow(&s);
			s.id[s.n] = db_int(rows.v[i][0]);
			s.in[s.n].spend = strtod(rows.v[i][1], NULL);
			s.in[s.n].per_month = strtod(rows.v[i][2], NULL);
			s.in[s.n].repurchases = (int)db_int(rows.v[i][3]);
			s.old[s.n] = (signed char)tier_index(&s, rows.v[i][4]);
			s.n++;
		}
		if (rows.n < PAGE)
			break;
		after = s.id[s.n - 1];
	}
	if ((s.out = calloc(s.n ? s.n : 1, sizeof(*s.out))) == NULL)
		arena_oom();
	segment_assign(s.in, s.n, shares, high, s.out);
	while (s.next < s.n) {
		if ((e = db_tx(c->db, seg_write, &s)) != DB_OK) {
			db_fail(c, "writing tiers");
			fprintf(stderr, "manyi-ctl: %zu changes written before "
			    "the error\n", s.changes);
			goto out;
		}
		seg_advance(&s);
	}
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < s.n; i++)
		if (s.out[i] != TIER_NONE) {
			counts[s.out[i]]++;
			segmented++;
		}
	printf("customers\t%zu\n", s.n);
	for (t = 0; t < TIER__MAX; t++)
		printf("%s\t%d\t%.1f%%\t(target %d%%)\n", tier_codes[t],
		    counts[t], s.n ? 100.0 * counts[t] / s.n : 0.0, shares[t]);
	printf("none\t%zu\n", s.n - segmented);
	printf("changed\t%zu\n", s.changes);
	printf("coverage\t%.1f%%\t(goal >= %d%%)%s\n",
	    s.n ? 100.0 * segmented / s.n : 0.0, COVERAGE_GOAL,
	    s.n && 100 * segmented < (size_t)COVERAGE_GOAL * s.n ?
	    "\tBELOW GOAL" : "");
	rc = 0;
out:
	free(s.id);
	free(s.in);
	free(s.old);
	free(s.out);
	free((char *)(s.day));
	arena_free(a);
	return rc;
}

/* ---- health ---- */

/*
 * Put one page's scores into health_new: full multi-row inserts, then
 * the rest one by one.
 */
static enum db_err
health_put(struct db *db, const long long *id, const int *score, size_t n)
{
	size_t		 i = 0;
	enum db_err	 e;

	for (; i + HEALTH_ROWS <= n; i += HEALTH_ROWS) {
		const long long *x = id + i;
		const int *h = score + i;

		if ((e = db_exec(db, NULL, NULL, stmts[STMT_HEALTH_PUT],
		    "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii",
		    x[0], (long long)h[0], x[1], (long long)h[1], x[2],
		    (long long)h[2], x[3], (long long)h[3], x[4], (long long)h[4],
		    x[5], (long long)h[5], x[6], (long long)h[6], x[7],
		    (long long)h[7], x[8], (long long)h[8], x[9], (long long)h[9],
		    x[10], (long long)h[10], x[11], (long long)h[11], x[12],
		    (long long)h[12], x[13], (long long)h[13], x[14],
		    (long long)h[14], x[15], (long long)h[15], x[16],
		    (long long)h[16], x[17], (long long)h[17], x[18],
		    (long long)h[18], x[19], (long long)h[19], x[20],
		    (long long)h[20], x[21], (long long)h[21], x[22],
		    (long long)h[22], x[23], (long long)h[23], x[24],
		    (long long)h[24])) != DB_OK)
			return e;
	}
	for (; i < n; i++)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_HEALTH_PUT1], "ii",
		    id[i], (long long)score[i])) != DB_OK)
			return e;
	return DB_OK;
}

static enum db_err
health_apply(struct db *db, void *arg)
{
	enum db_err	 e;

	(void)arg;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_HEALTH_ACTED], "i",
	    (long long)HEALTH_WARNING)) != DB_OK)
		return e;
	return db_exec(db, NULL, NULL, stmts[STMT_HEALTH_APPLY], "i",
	    (long long)HEALTH_WARNING);
}

int
ctl_health(struct ctl *c, int argc, char *argv[])
{
	struct arena		*a = arena_new();
	struct db_rows		 rows, means;
	struct health_weights	 w;
	struct health_input	 h;
	long long		 cyc_high, cyc_normal, cyc_potential, after = 0;
	long long		 ids[PAGE], first, last;
	int			 scores[PAGE], rc = 1;
	char			 day[16], since[16];
	size_t			 i, m, total = 0;
	enum db_err		 e;
	struct db_rows		 cnt;

	if (argc != 1) {
		fprintf(stderr, "usage: manyi-ctl health\n");
		arena_free(a);
		return 2;
	}
	w.frequency = (int)setting_int(c, a, "health.weight_frequency", 40);
	w.satisfaction = (int)setting_int(c, a, "health.weight_satisfaction",
	    35);
	w.complaints = (int)setting_int(c, a, "health.weight_complaints", 25);
	cyc_high = setting_int(c, a, "cycle.high_days", 30);
	cyc_normal = setting_int(c, a, "cycle.normal_days", 90);
	cyc_potential = setting_int(c, a, "cycle.potential_days", 60);
	if (today(c, a) == NULL) {
		db_fail(c, "date");
		goto out;
	}
	snprintf(day, sizeof(day), "%s", today(c, a));
	/* Scores of the last 180 days count. */
	if (db_query(c->db, a, &rows, stmts[STMT_SINCE], "si", day,
	    (long long)180) != DB_OK || rows.n != 1) {
		db_fail(c, "date");
		goto out;
	}
	snprintf(since, sizeof(since), "%s", rows.v[0][0]);
	if (db_simple(c->db, stmts[STMT_HEALTH_TMP_DROP]) != DB_OK ||
	    db_simple(c->db, stmts[STMT_HEALTH_TMP]) != DB_OK) {
		db_fail(c, "temporary table");
		goto out;
	}
	for (;;) {
		arena_reset(a);
		if (db_query(c->db, a, &rows, stmts[STMT_HEALTH_INPUTS],
		    "iiisii", cyc_high, cyc_potential, cyc_normal, day, after,
		    (long long)PAGE) != DB_OK) {
			db_fail(c, "customers");
			goto out;
		}
		if (rows.n == 0)
			break;
		first = db_int(rows.v[0][0]);
		last = db_int(rows.v[rows.n - 1][0]);
		if (db_query(c->db, a, &means, stmts[STMT_HEALTH_MEANS], "iis",
		    first, last, since) != DB_OK) {
			db_fail(c, "interaction means");
			goto out;
		}
		/* Both in id order: merge. */
		for (i = 0, m = 0; i < rows.n; i++) {
			ids[i] = db_int(rows.v[i][0]);
			memset(&h, 0, sizeof(h));
			h.cycle_days = (int)db_int(rows.v[i][1]);
			h.days_since_last = rows.v[i][2] == NULL ? -1 :
			    (int)db_int(rows.v[i][2]);
			if (h.days_since_last < -1)
				h.days_since_last = 0;	/* dated ahead */
			while (m < means.n && db_int(means.v[m][0]) < ids[i])
				m++;
			if (m < means.n && db_int(means.v[m][0]) == ids[i]) {
				if (means.v[m][1] != NULL)
					h.satisfaction = strtod(means.v[m][1],
					    NULL);
				if (means.v[m][2] != NULL)
					h.service = strtod(means.v[m][2], NULL);
			}
			/*
			 * There is no complaint table yet: every customer
			 * counts 0 complaints in the last 90 days.  The
			 * complaint issue adds the table; count them here
			 * then (one grouped query per page, like the means).
			 */
			h.complaints = 0;
			scores[i] = health_score(&h, &w);
		}
		if ((e = health_put(c->db, ids, scores, rows.n)) != DB_OK) {
			db_fail(c, "storing scores");
			goto out;
		}
		total += rows.n;
		if (rows.n < PAGE)
			break;
		after = last;
	}
	if ((e = db_tx(c->db, health_apply, NULL)) != DB_OK) {
		db_fail(c, "applying scores");
		goto out;
	}
	if (db_query(c->db, a, &cnt, stmts[STMT_HEALTH_COUNTS], "i",
	    (long long)HEALTH_WARNING) != DB_OK || cnt.n != 1) {
		db_fail(c, "counts");
		goto out;
	}
	printf("customers\t%zu\n", total);
	printf("below %d\t%s\n", HEALTH_WARNING, cnt.v[0][1]);
	printf("warnings open\t%s\n", cnt.v[0][2]);
	printf("mean health\t%s\n", cnt.v[0][3]);
	rc = 0;
out:
	(void)db_simple(c->db, stmts[STMT_HEALTH_TMP_DROP]);
	arena_free(a);
	return rc;
}
