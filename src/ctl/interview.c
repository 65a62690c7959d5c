/*
 * manyi-ctl interview-sample: draw this month's satisfaction interviews
 * (DOMAIN.md section 3: at least 5% of the customers served each month).
 *
 * "Served" in a month: the customer has at least one recorded
 * interaction (table interaction) whose occurred_on, a Beijing calendar
 * day, falls in that month.  The sample is at least pct percent of them,
 * rounded up, and at least one when anyone was served; pct comes from
 * --pct or the setting survey.interview_pct (5).  Customers are drawn at
 * random; each interview goes to the customer's owner, or to the
 * survey's owner when the customer has no (active) owner.
 *
 * The month defaults to the last closed month in Beijing, so a cron job
 * on the 1st draws from a complete month.  One draw per month, in one
 * transaction: a second run for a month draws nothing and prints the
 * sample that exists.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/arena.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/http.h"
#include "ctl.h"

#define PCT_DEFAULT	5

enum stmt {
	STMT_SURVEY,
	STMT_PCT,
	STMT_SAMPLE_CLAIM,
	STMT_SAMPLE_GET,
	STMT_SERVED,
	STMT_DRAW,
	STMT_SAMPLE_SET,
	STMT_LIST,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SURVEY: kept active until the draw commits. */
	"SELECT id, status, owner_id FROM survey WHERE slug = ? "
	"LOCK IN SHARE MODE",
	/* STMT_PCT */
	"SELECT value FROM setting WHERE name = 'survey.interview_pct'",
	/* STMT_SAMPLE_CLAIM: 0 rows affected if the month is drawn. */
	"INSERT IGNORE INTO survey_interview_sample (month, survey_id, pct, "
	"served, drawn) VALUES (?, ?, ?, 0, 0)",
	/* STMT_SAMPLE_GET */
	"SELECT s.survey_id, v.slug, s.pct, s.served, s.drawn, "
	"DATE_FORMAT(s.drawn_at, '%Y-%m-%d %H:%i') "
	"FROM survey_interview_sample s JOIN survey v ON v.id = s.survey_id "
	"WHERE s.month = ?",
	/* STMT_SERVED: the month's first day, twice. */
	"SELECT COUNT(DISTINCT customer_id) FROM interaction "
	"WHERE occurred_on >= DATE(?) "
	"AND occurred_on < DATE(?) + INTERVAL 1 MONTH",
	/* STMT_DRAW: month, survey, survey owner, first day twice, count. */
	"INSERT INTO survey_interview (month, survey_id, customer_id, "
	"assignee_id) SELECT ?, ?, c.id, COALESCE(o.id, ?) FROM "
	"(SELECT DISTINCT customer_id FROM interaction "
	"WHERE occurred_on >= DATE(?) "
	"AND occurred_on < DATE(?) + INTERVAL 1 MONTH) s "
	"JOIN customer c ON c.id = s.customer_id "
	"LEFT JOIN `user` o ON o.id = c.owner_id AND o.active = 1 "
	"ORDER BY RAND() LIMIT ?",
	/* STMT_SAMPLE_SET */
	"UPDATE survey_interview_sample SET served = ?, drawn = ? "
	"WHERE month = ?",
	/* STMT_LIST */
	"SELECT i.id, c.code, c.name, COALESCE(u.login, '-'), i.status "
	"FROM survey_interview i JOIN customer c ON c.id = i.customer_id "
	"LEFT JOIN `user` u ON u.id = i.assignee_id WHERE i.month = ? "
	"ORDER BY i.id",
};

/*
 * The size of the sample: pct percent of served, rounded up, and at
 * least one when anyone was served.
 */
static long long
interview_sample_size(long long served, long long pct)
{
	long long	 n;

	if (served <= 0 || pct <= 0)
		return 0;
	n = (served * pct + 99) / 100;
	return n < 1 ? 1 : n;
}

struct draw {
	struct http_req	*r;
	const char	*month;		/* YYYY-MM */
	const char	*first;		/* YYYY-MM-01 */
	const char	*slug;
	long long	 pct;
	long long	 survey;
	long long	 served;
	long long	 drawn;
	int		 existed;	/* the month was drawn before */
	int		 bad_survey;	/* unknown, or not active */
};

static enum db_err
draw_write(struct db *db, void *arg)
{
	struct draw		*t = arg;
	struct http_req		*r = t->r;
	struct db_rows		 sv, n;
	struct json		*j;
	unsigned long long	 aff;
	const char		*owner;
	enum db_err		 e;

	t->existed = t->bad_survey = 0;
	t->served = t->drawn = 0;
	if ((e = db_query(db, r->a, &sv, stmts[STMT_SURVEY], "s", t->slug))
	    != DB_OK)
		return e;
	if (sv.n == 0 || strcmp(sv.v[0][1], "active") != 0) {
		t->bad_survey = 1;
		return DB_ERROR;
	}
	t->survey = db_int(sv.v[0][0]);
	owner = sv.v[0][2];
	if ((e = db_exec(db, &aff, NULL, stmts[STMT_SAMPLE_CLAIM], "sii",
	    t->month, t->survey, t->pct)) != DB_OK)
		return e;
	if (aff == 0) {
		t->existed = 1;
		return DB_OK;
	}
	if ((e = db_query(db, r->a, &n, stmts[STMT_SERVED], "ss", t->first,
	    t->first)) != DB_OK)
		return e;
	t->served = n.n ? db_int(n.v[0][0]) : 0;
	if ((e = db_exec(db, &aff, NULL, stmts[STMT_DRAW], "sisssi",
	    t->month, t->survey, owner, t->first, t->first,
	    interview_sample_size(t->served, t->pct))) != DB_OK)
		return e;
	t->drawn = (long long)aff;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_SAMPLE_SET], "iis",
	    t->served, t->drawn, t->month)) != DB_OK)
		return e;
	j = json_new(r->a);
	json_str(j, "month", t->month);
	json_int(j, "survey_id", t->survey);
	json_int(j, "pct", t->pct);
	json_int(j, "served", t->served);
	json_int(j, "drawn", t->drawn);
	return audit_write(db, r, "manyi-ctl", "interview_sample", 0,
	    "create", NULL, json_end(j));
}

/* The last closed month in Beijing, as YYYY-MM. */
static void
last_month(char ym[8])
{
	time_t		 now = time(NULL) + site_tz_s;
	struct tm	 tm;
	int		 y, m;

	gmtime_r(&now, &tm);
	y = tm.tm_year + 1900;
	m = tm.tm_mon;		/* 0-based this month = 1-based last month */
	if (m == 0) {
		m = 12;
		y--;
	}
	/* gmtime_r gives years 1900..9999 here: four digits. */
	snprintf(ym, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

/* 1 if s is YYYY-MM, a year from 1900 and a month 1-12. */
static int
month_valid(const char *s)
{
	int	 i, m;

	if (strlen(s) != 7 || s[4] != '-')
		return 0;
	for (i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && strncmp(s, "1900", 4) >= 0;
}

/* A whole number from lo to hi, else -1. */
static long long
pct_parse(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 100)
		return -1;
	return v;
}

static void
usage(void)
{
	fprintf(stderr, "usage: manyi-ctl interview-sample [--month YYYY-MM] "
	    "[--pct N] --survey SLUG\n");
}

int
ctl_interview_sample(struct ctl *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "pct", required_argument, NULL, 'p' },
		{ "survey", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_req	 r;
	struct draw	 t;
	struct db_rows	 rows;
	char		 ym[8], first[11];
	const char	*month = NULL, *pct = NULL, *slug = NULL;
	enum db_err	 e;
	size_t		 i;
	int		 ch, rc = 1;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			month = optarg;
			break;
		case 'p':
			pct = optarg;
			break;
		case 's':
			slug = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (slug == NULL || optind != argc) {
		usage();
		return 2;
	}
	if (month == NULL) {
		last_month(ym);
		month = ym;
	} else if (!month_valid(month)) {
		fprintf(stderr, "manyi-ctl: interview-sample: --month must be "
		    "YYYY-MM\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	memset(&t, 0, sizeof(t));
	t.r = &r;
	t.month = month;
	snprintf(first, sizeof(first), "%s-01", month);
	t.first = first;
	t.slug = slug;
	if (pct != NULL) {
		if ((t.pct = pct_parse(pct)) == -1) {
			fprintf(stderr, "manyi-ctl: interview-sample: --pct "
			    "must be a whole number from 1 to 100\n");
			rc = 2;
			goto out;
		}
	} else {
		if ((e = db_query(c->db, r.a, &rows, stmts[STMT_PCT], ""))
		    != DB_OK)
			goto dberr;
		t.pct = rows.n ? pct_parse(rows.v[0][0]) : PCT_DEFAULT;
		if (t.pct == -1) {
			fprintf(stderr, "manyi-ctl: interview-sample: setting "
			    "survey.interview_pct is not 1-100; using %d\n",
			    PCT_DEFAULT);
			t.pct = PCT_DEFAULT;
		}
	}
	e = db_tx(c->db, draw_write, &t);
	if (t.bad_survey) {
		fprintf(stderr, "manyi-ctl: interview-sample: no active survey "
		    "\"%s\"\n", slug);
		goto out;
	}
	if (e != DB_OK)
		goto dberr;
	if (t.existed) {
		if ((e = db_query(c->db, r.a, &rows, stmts[STMT_SAMPLE_GET],
		    "s", month)) != DB_OK || rows.n == 0)
			goto dberr;
		printf("interview-sample: %s was drawn on %s (survey %s, "
		    "%s%% of %s served: %s); nothing new drawn\n", month,
		    rows.v[0][5], rows.v[0][1], rows.v[0][2], rows.v[0][3],
		    rows.v[0][4]);
	} else
		printf("interview-sample: %s: %lld customers served, %lld "
		    "drawn (%lld%%, survey %s)\n", month, t.served, t.drawn,
		    t.pct, slug);
	if ((e = db_query(c->db, r.a, &rows, stmts[STMT_LIST], "s", month))
	    != DB_OK)
		goto dberr;
	for (i = 0; i < rows.n; i++)
		printf("%s\t%s\t%s\t%s\t%s\n", rows.v[i][0], rows.v[i][1],
		    rows.v[i][2], rows.v[i][3], rows.v[i][4]);
	rc = 0;
	goto out;
dberr:
	fprintf(stderr, "manyi-ctl: interview-sample: %s\n", db_error(c->db));
out:
	arena_free(r.a);
	return rc;
}
