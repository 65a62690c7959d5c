/*
 * Customer segmentation (DOMAIN.md section 1, seed 004): the tier sizes
 * against their target shares, the coverage against its goal, each
 * tier's strategy and contact frequency, and the customers whose tier
 * changed this month.  GET /admin/segments, POST /admin/segments.
 *
 * Reading needs kpi.view: account managers, supervisors and analysts
 * all act on a customer's tier, so they all see the strategies.
 * Changing the shares, frequencies and strategies needs
 * segments.manage; the form is shown only to who has it.  The tiers
 * themselves are computed by "manyi-ctl segment" (src/ctl/segment.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/auth.h"
#include "core/crm.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/svg.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define COVERAGE_GOAL	95	/* % of customers segmented */
#define CHANGES_MAX	200	/* tier changes listed */

enum stmt {
	STMT_TIERS,
	STMT_SIZES,
	STMT_MONTH,
	STMT_CHANGES_COUNT,
	STMT_CHANGES,
	STMT_TIERS_LOCK,
	STMT_TIER_UPDATE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_TIERS */
	"SELECT code, share_pct, contact_days, strategy_zh, strategy_en "
	"FROM tier ORDER BY sort",
	/*
	 * STMT_SIZES: NULL is "not segmented".  The counters kept by the
	 * customer triggers (tier_count, migration 0016): a few rows, not
	 * the customers.
	 */
	"SELECT NULLIF(tier, ''), SUM(n) FROM tier_count GROUP BY tier "
	"HAVING SUM(n) <> 0",
	/* STMT_MONTH: the first day of this month in Beijing. */
	"SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL ? SECOND, '%Y-%m-01')",
	/*
	 * STMT_CHANGES_COUNT: the per-day counters kept by the triggers of
	 * customer_tier_change (migration 0016), not a month of changes.
	 */
	"SELECT COALESCE(SUM(n), 0) FROM tier_change_day WHERE day >= ?",
	/*
	 * STMT_CHANGES: the newest first.  The ids are chosen from the
	 * k_tier_change_day index alone (changed_on, then the id: read
	 * backwards, no sort), then joined: after a run that changes every
	 * tier, the month holds a change per customer.
	 */
	"SELECT c.id, c.code, c.name, t.old_tier, t.new_tier, "
	"DATE_FORMAT(t.changed_on, '%Y-%m-%d') FROM (SELECT id "
	"FROM customer_tier_change WHERE changed_on >= ? "
	"ORDER BY changed_on DESC, id DESC LIMIT ?) x "
	"JOIN customer_tier_change t ON t.id = x.id "
	"JOIN customer c ON c.id = t.customer_id "
	"ORDER BY t.changed_on DESC, t.id DESC",
	/* STMT_TIERS_LOCK: two saves at once apply one after the other. */
	"SELECT code, share_pct, contact_days, strategy_zh, strategy_en "
	"FROM tier ORDER BY sort FOR UPDATE",
	/* STMT_TIER_UPDATE */
	"UPDATE tier SET share_pct = ?, contact_days = ?, strategy_zh = ?, "
	"strategy_en = ? WHERE code = ?",
};

/* The form: four fields per tier, in enum tier order. */
enum tier_field {
	TF_SHARE,
	TF_DAYS,
	TF_ZH,
	TF_EN,
	TF__MAX
};

#define SEG_FIELDS	(TIER__MAX * TF__MAX)

static const struct field seg_fields[SEG_FIELDS] = {
	/* core */
	{ "share_core", valid_int, 1, 0, 100, NULL },
	{ "days_core", valid_int, 1, 1, 365, NULL },
	{ "zh_core", valid_text, 1, 1, 1000, NULL },
	{ "en_core", valid_text, 1, 1, 1000, NULL },
	/* important */
	{ "share_important", valid_int, 1, 0, 100, NULL },
	{ "days_important", valid_int, 1, 1, 365, NULL },
	{ "zh_important", valid_text, 1, 1, 1000, NULL },
	{ "en_important", valid_text, 1, 1, 1000, NULL },
	/* basic */
	{ "share_basic", valid_int, 1, 0, 100, NULL },
	{ "days_basic", valid_int, 1, 1, 365, NULL },
	{ "zh_basic", valid_text, 1, 1, 1000, NULL },
	{ "en_basic", valid_text, 1, 1, 1000, NULL },
	/* dormant */
	{ "share_dormant", valid_int, 1, 0, 100, NULL },
	{ "days_dormant", valid_int, 1, 1, 365, NULL },
	{ "zh_dormant", valid_text, 1, 1, 1000, NULL },
	{ "en_dormant", valid_text, 1, 1, 1000, NULL },
};

static const char *const tf_names[TF__MAX] = {
	"SHARE", "DAYS", "ZH", "EN" };

/* Template of the form's fields of one tier: values and messages. */
static void
tier_form_row(struct http_req *r, struct tmpl_dict *row, int t,
    const struct fieldval *v, const char *const *stored)
{
	char	 key[32];
	int	 k;

	for (k = 0; k < TF__MAX; k++) {
		const struct fieldval *f = v != NULL ? &v[t * TF__MAX + k] : NULL;

		tmpl_set(row, tf_names[k], f != NULL ? (f->raw ? f->raw : "") :
		    stored[k]);
		if (f == NULL || f->err == NULL)
			continue;
		snprintf(key, sizeof(key), "%s_BAD", tf_names[k]);
		tmpl_show(row, key);
		snprintf(key, sizeof(key), "%s_ERR", tf_names[k]);
		tmpl_set(row, key, msg(r, f->err));
	}
}

/*
 * The page; with v (a rejected form) its fields show the input and the
 * messages, sum_err marks the shares not adding up to 100.
 */
static int
segments_page(struct http_req *r, const struct fieldval *v, int sum_err,
    int status)
{
	struct db_rows		 tiers, sizes, month, cnt, ch;
	struct tmpl_dict	*d, *row;
	struct svg_chart	 c;
	struct svg_series	 ser[2];
	struct buf		 svg;
	const char		*xl[TIER__MAX], *stored[TF__MAX];
	double			 actual[TIER__MAX], target[TIER__MAX];
	long long		 count[TIER__MAX], total = 0, segmented = 0;
	size_t			 i;
	int			 t, en = r->lang == LANG_EN;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &tiers, stmts[STMT_TIERS], "")) !=
	    DB_OK ||
	    (e = db_query(r->db, r->a, &sizes, stmts[STMT_SIZES], "")) !=
	    DB_OK ||
	    (e = db_query(r->db, r->a, &month, stmts[STMT_MONTH], "i",
	    (long long)site_tz_s)) != DB_OK ||
	    (e = db_query(r->db, r->a, &cnt, stmts[STMT_CHANGES_COUNT], "s",
	    month.v[0][0])) != DB_OK ||
	    (e = db_query(r->db, r->a, &ch, stmts[STMT_CHANGES], "si",
	    month.v[0][0], (long long)CHANGES_MAX)) != DB_OK)
		return db_status(e);
	if (tiers.n != TIER__MAX)
		return 500;
	memset(count, 0, sizeof(count));
	for (i = 0; i < sizes.n; i++) {
		long long n = db_int(sizes.v[i][1]);

		total += n;
		for (t = 0; t < TIER__MAX; t++)
			if (sizes.v[i][0] != NULL &&
			    strcmp(sizes.v[i][0], tier_codes[t]) == 0) {
				count[t] += n;
				segmented += n;
			}
	}
	d = page_new(r, "segments.title");
	if (v != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, sum_err ? "segments.err.sum" :
		    "segments.err.form"));
	}
	if (auth_can(r, "segments.manage"))
		tmpl_show(d, "CAN_EDIT");
	tmpl_set(d, "TOTAL", arena_printf(r->a, "%lld", total));
	tmpl_set(d, "SEGMENTED", arena_printf(r->a, "%lld", segmented));
	tmpl_set(d, "COVERAGE", total ? arena_printf(r->a, "%.1f",
	    100.0 * segmented / total) : "0.0");
	tmpl_set(d, "COVERAGE_GOAL", arena_printf(r->a, "%d", COVERAGE_GOAL));
	tmpl_show(d, total > 0 && segmented * 100 >= COVERAGE_GOAL * total ?
	    "COVERAGE_MET" : "COVERAGE_MISSED");
	for (t = 0; t < TIER__MAX; t++) {
		char **tv = tiers.v[t];
		const char *name = msg(r, arena_printf(r->a, "tier.%s", tv[0]));

		xl[t] = name;
		actual[t] = total ? round(1000.0 * count[t] / total) / 10 : 0;
		target[t] = (double)db_int(tv[1]);
		row = tmpl_row(d, "TIER");
		tmpl_set(row, "CODE", tv[0]);
		tmpl_set(row, "NAME", name);
		tmpl_set(row, "COUNT", arena_printf(r->a, "%lld", count[t]));
		tmpl_set(row, "SHARE_ACTUAL", arena_printf(r->a, "%.1f",
		    actual[t]));
		tmpl_set(row, "SHARE_TARGET", tv[1]);
		tmpl_set(row, "CONTACT_DAYS", tv[2]);
		tmpl_set(row, "STRATEGY", en ? tv[4] : tv[3]);
		stored[TF_SHARE] = tv[1];
		stored[TF_DAYS] = tv[2];
		stored[TF_ZH] = tv[3];
		stored[TF_EN] = tv[4];
		row = tmpl_row(d, "EDIT");
		tmpl_set(row, "CODE", tv[0]);
		tmpl_set(row, "NAME", name);
		tier_form_row(r, row, t, v, stored);
		if (sum_err)
			tmpl_show(row, "SHARE_SUM_BAD");
	}
	tmpl_set(d, "NONE", arena_printf(r->a, "%lld", total - segmented));
	/* The picture: actual share against target share, per tier. */
	memset(&c, 0, sizeof(c));
	memset(&svg, 0, sizeof(svg));
	ser[0].label = msg(r, "segments.chart.actual");
	ser[0].v = actual;
	ser[1].label = msg(r, "segments.chart.target");
	ser[1].v = target;
	c.kind = SVG_BARS;
	c.title = msg(r, "segments.chart.title");
	c.id = "segments-chart";
	c.n = TIER__MAX;
	c.xlabels = xl;
	c.ymin = 0;
	c.ymax = 100;
	c.unit = "%";
	c.series = ser;
	c.nseries = 2;
	svg_chart(&svg, &c);
	tmpl_set(d, "CHART", arena_strndup(r->a, svg.p, svg.len));
	buf_free(&svg);
	tmpl_set(d, "MONTH", month.v[0][0]);
	tmpl_set(d, "CHANGES", cnt.v[0][0]);
	if (ch.n == 0)
		tmpl_show(d, "NO_CHANGES");
	if (db_int(cnt.v[0][0]) > (long long)ch.n)
		tmpl_set(d, "CHANGES_SHOWN", msgf(r, "segments.changes.shown",
		    arena_printf(r->a, "%zu", ch.n)));
	for (i = 0; i < ch.n; i++) {
		char **cv = ch.v[i];

		row = tmpl_row(d, "CHANGE");
		tmpl_set(row, "ID", cv[0]);
		tmpl_set(row, "CODE", cv[1]);
		tmpl_set(row, "NAME", cv[2]);
		tmpl_set(row, "OLD", msg(r, cv[3] ? arena_printf(r->a,
		    "tier.%s", cv[3]) : "tier.none"));
		tmpl_set(row, "NEW", msg(r, cv[4] ? arena_printf(r->a,
		    "tier.%s", cv[4]) : "tier.none"));
		tmpl_set(row, "ON", cv[5]);
	}
	return page_render(r, d, "admin/segments.tpl", status);
}

int
admin_segments(struct http_req *r)
{
	return segments_page(r, NULL, 0, 200);
}

struct seg_tx {
	struct http_req		*r;
	const struct fieldval	*v;
	int			 changed;
};

static const char *
tier_json(struct http_req *r, const char *code, const char *share,
    const char *days, const char *zh, const char *en)
{
	struct json	*j = json_new(r->a);

	json_str(j, "code", code);
	json_str(j, "share_pct", share);
	json_str(j, "contact_days", days);
	json_str(j, "strategy_zh", zh);
	json_str(j, "strategy_en", en);
	return json_end(j);
}

/* Store the changed tiers, one audit row each. */
static enum db_err
segments_write(struct db *db, void *arg)
{
	struct seg_tx		*s = arg;
	struct http_req		*r = s->r;
	struct db_rows		 tiers;
	const struct fieldval	*f;
	const char		*share, *days;
	size_t			 t;
	enum db_err		 e;

	s->changed = 0;
	if ((e = db_query(db, r->a, &tiers, stmts[STMT_TIERS_LOCK], "")) !=
	    DB_OK)
		return e;
	for (t = 0; t < tiers.n && t < TIER__MAX; t++) {
		char **tv = tiers.v[t];

		f = s->v + t * TF__MAX;
		share = arena_printf(r->a, "%lld", f[TF_SHARE].i);
		days = arena_printf(r->a, "%lld", f[TF_DAYS].i);
		if (strcmp(tv[1], share) == 0 && strcmp(tv[2], days) == 0 &&
		    strcmp(tv[3], f[TF_ZH].str) == 0 &&
		    strcmp(tv[4], f[TF_EN].str) == 0)
			continue;
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_TIER_UPDATE],
		    "iisss", f[TF_SHARE].i, f[TF_DAYS].i, f[TF_ZH].str,
		    f[TF_EN].str, tv[0])) != DB_OK ||
		    (e = audit_write(db, r, NULL, "tier", (long long)t + 1,
		    "update", tier_json(r, tv[0], tv[1], tv[2], tv[3], tv[4]),
		    tier_json(r, tv[0], share, days, f[TF_ZH].str,
		    f[TF_EN].str))) != DB_OK)
			return e;
		s->changed++;
	}
	return DB_OK;
}

/*
 * The shares must be whole percents adding up to 100, each contact
 * frequency 1 to 365 days, each strategy 1 to 1000 characters.
 */
int
admin_segments_save(struct http_req *r)
{
	struct fieldval	 v[SEG_FIELDS];
	struct seg_tx	 s;
	size_t		 bad;
	long long	 sum = 0;
	int		 t;
	enum db_err	 e;

	bad = valid_form(&r->form, seg_fields, SEG_FIELDS, v);
	if (bad > 0)
		return segments_page(r, v, 0, 422);
	for (t = 0; t < TIER__MAX; t++)
		sum += v[t * TF__MAX + TF_SHARE].i;
	if (sum != 100)
		return segments_page(r, v, 1, 422);
	memset(&s, 0, sizeof(s));
	s.r = r;
	s.v = v;
	if ((e = db_tx(r->db, segments_write, &s)) != DB_OK)
		return db_status(e);
	flash_set(r, s.changed ? "segments.saved" : "segments.unchanged");
	http_redirect(r, 303, app_url(r, "/segments"));
	return 303;
}
