/*
 * The customer-maintenance KPIs of a period against their goals
 * (DOMAIN.md sections 2 and 6), and a trend by month over the last
 * twelve months drawn as inline SVG by the server.  GET /admin/kpi
 * (?from=YYYY-MM-DD&to=YYYY-MM-DD, default this month in Beijing).
 *
 * Every number is one aggregate query; none reads a row per customer,
 * and the interaction figures read the per-day tables kept by triggers
 * (kpi_day, kpi_link: migration 0008), not the interactions; "due and
 * not contacted" reads one index of kpi_due and segmentation the tier
 * counters (migration 0016).
 * Definitions (written once, here):
 *  - maintenance coverage = customers contacted in the period /
 *    (customers contacted in the period + customers due in the period
 *    and not contacted in it).  A contact moves next_due_on past the
 *    period, so "due in the period" can only be seen for those still
 *    waiting; every customer contacted counts as covered.  Goal 100%.
 *  - service scores: the mean of each dimension over the period's
 *    interactions that have it; professionalism goal >= 4.5.
 *  - follow-ups answered in time: of the follow-ups raised in the
 *    period whose deadline has passed or that were answered, the share
 *    answered by respond_by.  Goal 100%.
 *  - first-time resolution: of the follow-ups resolved in the period,
 *    the share resolved at the first attempt.  Goal >= 90%.
 *  - segmentation coverage: customers with a tier / all, now.  >= 95%.
 * Dates are Beijing dates; stored times are UTC, so a day starts at
 * 16:00 UTC the day before.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/db.h"
#include "core/kpi.h"
#include "core/svg.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define MONTHS	12

enum stmt {
	STMT_MONTH,
	STMT_CONTACTED,
	STMT_MISSED,
	STMT_FOLLOWUPS,
	STMT_FIRST_TIME,
	STMT_SEGMENTED,
	STMT_SNAPSHOTS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_MONTH: this month's first and last day in Beijing. */
	"SELECT DATE_FORMAT(d, '%Y-%m-01'), DATE_FORMAT(LAST_DAY(d), '%Y-%m-%d') "
	"FROM (SELECT DATE(UTC_TIMESTAMP() + INTERVAL ? SECOND) AS d) x",
	/*
	 * STMT_CONTACTED: customers contacted in a period (each one's
	 * first contact day in it: the previous contact is before the
	 * period) and the mean scores of its interactions (the day sums;
	 * the same DECIMAL division AVG does), from the per-day tables of
	 * migration 0008: a few rows per day, not the interactions.
	 */
	"SELECT (SELECT COALESCE(SUM(n), 0) FROM kpi_link "
	"WHERE day BETWEEN ? AND ? AND prev < ?), "
	"SUM(sat_sum) / NULLIF(SUM(sat_n), 0), "
	"SUM(speed_sum) / NULLIF(SUM(speed_n), 0), "
	"SUM(res_sum) / NULLIF(SUM(res_n), 0), "
	"SUM(prof_sum) / NULLIF(SUM(prof_n), 0), "
	"SUM(pro_sum) / NULLIF(SUM(pro_n), 0) FROM kpi_day "
	"WHERE day BETWEEN ? AND ?",
	/*
	 * STMT_MISSED: due in the period and not contacted in it, from
	 * kpi_due (migration 0016: each customer's next_due_on and latest
	 * interaction, kept by triggers from the interactions themselves,
	 * not from last_interaction_on, which not every writer keeps).  A
	 * latest contact before the period (or none) is a miss, one in it
	 * a contact; only one after it is asked of the interactions.
	 * (from, to, from, to, from, to)
	 */
	"SELECT COUNT(*) FROM kpi_due d WHERE d.due BETWEEN ? AND ? "
	"AND (d.last IS NULL OR d.last < ? OR (d.last > ? AND NOT EXISTS "
	"(SELECT 1 FROM interaction i WHERE i.customer_id = d.customer_id "
	"AND i.occurred_on BETWEEN ? AND ?)))",
	/*
	 * STMT_FOLLOWUPS: raised in the period (UTC bounds); counted once
	 * answered or past the deadline, answered in time.
	 */
	"SELECT COUNT(*), COALESCE(SUM(responded_at IS NOT NULL AND "
	"responded_at <= respond_by), 0) FROM follow_up "
	"WHERE raised_at >= ? - INTERVAL ? SECOND "
	"AND raised_at < ? + INTERVAL 1 DAY - INTERVAL ? SECOND "
	"AND (responded_at IS NOT NULL OR respond_by < UTC_TIMESTAMP())",
	/* STMT_FIRST_TIME: resolved in the period, at the first attempt. */
	"SELECT COUNT(*), COALESCE(SUM(attempts = 1), 0) FROM follow_up "
	"WHERE resolved_at >= ? - INTERVAL ? SECOND "
	"AND resolved_at < ? + INTERVAL 1 DAY - INTERVAL ? SECOND",
	/* STMT_SEGMENTED: from the tier counters (migration 0016). */
	"SELECT COALESCE(SUM(n), 0), COALESCE(SUM(IF(tier <> '', n, 0)), 0) "
	"FROM tier_count",
	/* STMT_SNAPSHOTS: closed months stored by manyi-ctl kpi-snapshot. */
	"SELECT month, contacted, missed, professional FROM kpi_month "
	"WHERE month BETWEEN ? AND ? ORDER BY month",
};

enum kpi_field {
	KF_FROM,
	KF_TO,
	KF__MAX
};

static const struct field kpi_fields[KF__MAX] = {
	/* KF_FROM */
	{ "from", valid_date, 0, 0, 0, NULL },
	/* KF_TO */
	{ "to", valid_date, 0, 0, 0, NULL },
};

/* The KPIs of the table, in order, with their goals. */
enum kpi {
	KPI_COVERAGE,
	KPI_SATISFACTION,
	KPI_SPEED,
	KPI_RESOLUTION,
	KPI_PROFESSIONAL,
	KPI_PROACTIVE,
	KPI_FOLLOWUP,
	KPI_FIRST_TIME,
	KPI_SEGMENTED,
	KPI__MAX
};

struct kpi_def {
	const char	*key;	/* catalog key and element id suffix */
	int		 pct;	/* a percentage (else a 1-5 mean) */
	int		 has_goal;
	double		 goal;	/* at least */
};

static const struct kpi_def kpis[KPI__MAX] = {
	/* KPI_COVERAGE */	{ "coverage", 1, 1, 100 },
	/* KPI_SATISFACTION */	{ "satisfaction", 0, 0, 0 },
	/* KPI_SPEED */		{ "speed", 0, 0, 0 },
	/* KPI_RESOLUTION */	{ "resolution", 0, 0, 0 },
	/* KPI_PROFESSIONAL */	{ "professional", 0, 1, 4.5 },
	/* KPI_PROACTIVE */	{ "proactive", 0, 0, 0 },
	/* KPI_FOLLOWUP */	{ "followup", 1, 1, 100 },
	/* KPI_FIRST_TIME */	{ "first_time", 1, 1, 90 },
	/* KPI_SEGMENTED */	{ "segmented", 1, 1, 95 },
};

/* A share in percent with one decimal, NAN without a denominator. */
static double
pct(long long num, long long den)
{
	return den > 0 ? round(1000.0 * num / den) / 10 : NAN;
}

static double
mean(const char *s)
{
	return s == NULL ? NAN : round(100.0 * strtod(s, NULL)) / 100;
}

/* The month labels "YYYY-MM" of the twelve months ending with this one. */
static void
trend_months(struct http_req *r, const char *first, const char **ym)
{
	int	 y = atoi(first), m = atoi(first + 5), k;

	for (k = MONTHS - 1; k >= 0; k--) {
		ym[k] = arena_printf(r->a, "%04d-%02d", y, m);
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
}

/*
 * The two trend charts as SVG in *out; a database error as it is.  When
 * only this month is live and the page's period is this month, its
 * missed count (pmissed, of pfrom..pto) is that month's: not asked twice.
 */
static enum db_err
trend_chart(struct http_req *r, const char *first, const char *last,
    const char *pfrom, const char *pto, long long pmissed, const char **out)
{
	struct db_rows		 snap, con, mis;
	struct svg_chart	 c;
	struct svg_series	 s;
	struct buf		 b;
	const char		*ym[MONTHS], *start;
	double			 cov[MONTHS], prof[MONTHS];
	long long		 nc, nm;
	size_t			 i;
	int			 k, live, reuse;
	enum db_err		 e;

	trend_months(r, first, ym);
	/*
	 * Closed months come from the nightly snapshots; from the first
	 * month without one (normally only this month) they are computed
	 * live.
	 */
	if ((e = db_query(r->db, r->a, &snap, stmts[STMT_SNAPSHOTS], "ss",
	    ym[0], ym[MONTHS - 1])) != DB_OK)
		return e;
	for (live = 0; live < MONTHS - 1; live++) {
		for (i = 0; i < snap.n; i++)
			if (strcmp(snap.v[i][0], ym[live]) == 0)
				break;
		if (i == snap.n)
			break;
	}
	start = arena_printf(r->a, "%s-01", ym[live]);
	reuse = live == MONTHS - 1 && strcmp(pfrom, start) == 0 &&
	    strcmp(pto, last) == 0;
	mis.n = 0;
	if ((e = db_query(r->db, r->a, &con, kpi_trend_contacted, "ssss",
	    start, last, start, last)) != DB_OK)
		return e;
	if (!reuse && live == MONTHS - 1) {
		/* One month live: its bounds are constants, faster. */
		if ((e = db_query(r->db, r->a, &mis, stmts[STMT_MISSED],
		    "ssssss", start, last, start, last, start, last)) != DB_OK)
			return e;
		reuse = 1;
		pmissed = mis.n ? db_int(mis.v[0][0]) : 0;
		mis.n = 0;
	} else if (!reuse && (e = db_query(r->db, r->a, &mis,
	    kpi_trend_missed, "ss", start, last)) != DB_OK)
		return e;
	for (k = 0; k < MONTHS; k++) {
		nc = nm = 0;
		prof[k] = NAN;
		for (i = 0; k < live && i < snap.n; i++)
			if (strcmp(snap.v[i][0], ym[k]) == 0) {
				nc = db_int(snap.v[i][1]);
				nm = db_int(snap.v[i][2]);
				prof[k] = mean(snap.v[i][3]);
			}
		for (i = 0; k >= live && i < con.n; i++)
			if (strcmp(con.v[i][0], ym[k]) == 0) {
				nc = db_int(con.v[i][1]);
				prof[k] = mean(con.v[i][2]);
			}
		for (i = 0; k >= live && i < mis.n; i++)
			if (strcmp(mis.v[i][0], ym[k]) == 0)
				nm = db_int(mis.v[i][1]);
		if (reuse && k == live)
			nm = pmissed;
		cov[k] = pct(nc, nc + nm);
		ym[k] = ym[k] + 2;	/* "26-11": short labels */
	}
	memset(&b, 0, sizeof(b));
	buf_puts(&b, "<div class=\"row\"><div class=\"col-lg-6\">");
	memset(&c, 0, sizeof(c));
	s.label = msg(r, "kpi.coverage");
	s.v = cov;
	c.kind = SVG_LINES;
	c.title = msg(r, "kpi.trend.coverage");
	c.id = "kpi-trend-coverage";
	c.n = MONTHS;
	c.xlabels = ym;
	c.ymin = 0;
	c.ymax = 100;
	c.unit = "%";
	c.has_goal = 1;
	c.goal = 100;
	c.goal_label = msg(r, "kpi.goal");
	c.series = &s;
	c.nseries = 1;
	svg_chart(&b, &c);
	buf_puts(&b, "</div><div class=\"col-lg-6\">");
	s.label = msg(r, "kpi.professional");
	s.v = prof;
	c.kind = SVG_BARS;
	c.title = msg(r, "kpi.trend.professional");
	c.id = "kpi-trend-professional";
	c.ymin = 0;
	c.ymax = 5;
	c.unit = NULL;
	c.goal = 4.5;
	svg_chart(&b, &c);
	buf_puts(&b, "</div></div>");
	*out = arena_strndup(r->a, b.p, b.len);
	buf_free(&b);
	return DB_OK;
}

int
admin_kpi(struct http_req *r)
{
	struct fieldval		 v[KF__MAX];
	struct db_rows		 month, con, mis, fu, ft, seg;
	struct tmpl_dict	*d, *row;
	const char		*from, *to, *chart, *err = NULL;
	double			 val[KPI__MAX];
	long long		 contacted, missed;
	int			 k, status = 200;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &month, stmts[STMT_MONTH], "i",
	    (long long)site_tz_s)) != DB_OK)
		return db_status(e);
	from = month.v[0][0];
	to = month.v[0][1];
	if (valid_form(&r->query, kpi_fields, KF__MAX, v) > 0)
		err = "kpi.err.filter";
	else if (v[KF_FROM].str != NULL && v[KF_TO].str != NULL &&
	    v[KF_TO].i < v[KF_FROM].i)
		err = "kpi.err.range";
	if (err != NULL)
		status = 422;
	else {
		if (v[KF_FROM].str != NULL)
			from = v[KF_FROM].str;
		if (v[KF_TO].str != NULL)
			to = v[KF_TO].str;
		if (strcmp(to, from) < 0)
			to = from;
	}
	if ((e = db_query(r->db, r->a, &con, stmts[STMT_CONTACTED], "sssss",
	    from, to, from, from, to)) != DB_OK ||
	    (e = db_query(r->db, r->a, &mis, stmts[STMT_MISSED], "ssssss",
	    from, to, from, to, from, to)) != DB_OK ||
	    (e = db_query(r->db, r->a, &fu, stmts[STMT_FOLLOWUPS], "sisi",
	    from, (long long)site_tz_s, to, (long long)site_tz_s)) != DB_OK ||
	    (e = db_query(r->db, r->a, &ft, stmts[STMT_FIRST_TIME], "sisi",
	    from, (long long)site_tz_s, to, (long long)site_tz_s)) != DB_OK ||
	    (e = db_query(r->db, r->a, &seg, stmts[STMT_SEGMENTED], "")) !=
	    DB_OK)
		return db_status(e);
	contacted = db_int(con.v[0][0]);
	missed = db_int(mis.v[0][0]);
	val[KPI_COVERAGE] = pct(contacted, contacted + missed);
	val[KPI_SATISFACTION] = mean(con.v[0][1]);
	val[KPI_SPEED] = mean(con.v[0][2]);
	val[KPI_RESOLUTION] = mean(con.v[0][3]);
	val[KPI_PROFESSIONAL] = mean(con.v[0][4]);
	val[KPI_PROACTIVE] = mean(con.v[0][5]);
	val[KPI_FOLLOWUP] = pct(db_int(fu.v[0][1]), db_int(fu.v[0][0]));
	val[KPI_FIRST_TIME] = pct(db_int(ft.v[0][1]), db_int(ft.v[0][0]));
	val[KPI_SEGMENTED] = pct(db_int(seg.v[0][1]), db_int(seg.v[0][0]));
	if ((e = trend_chart(r, month.v[0][0], month.v[0][1], from, to, missed,
	    &chart)) != DB_OK)
		return db_status(e);

	d = page_new(r, "kpi.title");
	page_fields(r, d, kpi_fields, KF__MAX, v);
	if (err != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, err));
	}
	tmpl_set(d, "PERIOD_FROM", from);
	tmpl_set(d, "PERIOD_TO", to);
	if (v[KF_FROM].raw == NULL || err != NULL)
		tmpl_set(d, "FROM", from);
	if (v[KF_TO].raw == NULL || err != NULL)
		tmpl_set(d, "TO", to);
	tmpl_set(d, "CONTACTED", arena_printf(r->a, "%lld", contacted));
	tmpl_set(d, "MISSED", arena_printf(r->a, "%lld", missed));
	tmpl_set(d, "FU_TOTAL", fu.v[0][0]);
	tmpl_set(d, "FU_IN_TIME", fu.v[0][1]);
	tmpl_set(d, "FT_TOTAL", ft.v[0][0]);
	tmpl_set(d, "FT_FIRST", ft.v[0][1]);
	for (k = 0; k < KPI__MAX; k++) {
		const struct kpi_def *kd = &kpis[k];

		row = tmpl_row(d, "KPI");
		tmpl_set(row, "KEY", kd->key);
		tmpl_set(row, "NAME", msg(r, arena_printf(r->a, "kpi.%s",
		    kd->key)));
		if (isnan(val[k])) {
			tmpl_set(row, "VALUE", msg(r, "kpi.no_data"));
			tmpl_show(row, "NO_DATA");
		} else
			tmpl_set(row, "VALUE", arena_printf(r->a,
			    kd->pct ? "%.1f%%" : "%.2f", val[k]));
		if (!kd->has_goal) {
			tmpl_set(row, "GOAL", "—");
			continue;
		}
		tmpl_set(row, "GOAL", arena_printf(r->a, kd->pct ? "≥ %g%%" :
		    "≥ %g", kd->goal));
		if (isnan(val[k]))
			continue;
		/* Compared as shown: 4.495 rounds to 4.50 and meets 4.5. */
		tmpl_show(row, val[k] >= kd->goal - 1e-9 ? "MET" : "MISSED");
	}
	/* The charts' markup: svg.c escapes every text it writes. */
	tmpl_set(d, "TREND", chart);
	return page_render(r, d, "admin/kpi.tpl", status);
}
