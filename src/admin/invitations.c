/*
 * Survey invitations (issue 5, "Reaching customers"): GET
 * /surveys/<id>/invitations shows what was sent and answered per
 * channel (pilot invitations apart), the invitations made (filtered,
 * paged) and the form; POST makes one-time links for the survey's target
 * group or a chosen list of customer codes, in one transaction, and
 * answers with the CSV of links: the only time a link exists, since only
 * the SHA-256 of its token is stored (core/invite.c).
 *
 * Rules: invitations only in pilot or active status; in pilot status
 * they are pilot invitations, for a chosen list only, and the pilot
 * reaches at most PILOT_MAX customers (fewer than PILOT_MIN: allowed,
 * with a warning).  A viewer limited to a department invites that
 * department's customers only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/invite.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define PER_PAGE	50
#define PILOT_MIN	5
#define PILOT_MAX	10
#define CODES_MAX	10000
/* Customer ids of the target group looked at per statement. */
#define TARGET_WINDOW	2000

enum stmt {
	STMT_SURVEY_LOCK,
	STMT_CHANNELS,
	STMT_COUNTS,
	STMT_PILOT_COUNT,
	STMT_LIST_COUNT,
	STMT_LIST,
	STMT_TARGET,
	STMT_TARGET_SKIP,
	STMT_LAST_CUSTOMER,
	STMT_CONTACTS,
	STMT_CODE,
	STMT__MAX
};

/* The customer columns of STMT_CODE, and of the rows built from
 * STMT_TARGET and STMT_CONTACTS. */
enum ccol { C_ID, C_CODE, C_NAME, C_CONTACT_ID, C_CONTACT, C_MOBILE,
	C_EMAIL, C_INVITED, C__MAX };

#define CUSTOMER_COLS \
	"c.id, c.code, c.name, k.id, k.name, k.mobile, k.email, " \
	"EXISTS (SELECT 1 FROM survey_invitation i WHERE i.survey_id = ? " \
	"AND i.customer_id = c.id AND i.pilot = ?) "
/* The customer's main contact: the primary one, else the first. */
#define CUSTOMER_FROM \
	"FROM customer c LEFT JOIN customer_contact k ON k.id = " \
	"(SELECT k2.id FROM customer_contact k2 WHERE k2.customer_id = c.id " \
	"ORDER BY k2.is_primary DESC, k2.id LIMIT 1) "

/* The target group (kind, value), in the viewer's scope. */
#define TARGET_WHERE \
	"(? = 'all' " \
	"OR (? = 'tier' AND c.tier = ?) " \
	"OR (? = 'value_tag' AND c.value_tag = ?) " \
	"OR (? = 'stage' AND c.stage = ?) " \
	"OR (? = 'tag' AND EXISTS (SELECT 1 FROM customer_tag t " \
	"WHERE t.customer_id = c.id AND t.tag = ?))) " \
	"AND (? IS NULL OR c.department_id = ?) "

static const char *const stmts[STMT__MAX] = {
	/* STMT_SURVEY_LOCK: the status cannot change under a batch, and
	 * two batches of one pilot count each other. */
	"SELECT status FROM survey WHERE id = ? FOR UPDATE",
	/* STMT_CHANNELS */
	"SELECT code, name_zh, name_en FROM survey_channel WHERE invite = 1 "
	"ORDER BY sort, code",
	/* STMT_COUNTS */
	"SELECT channel, pilot, COUNT(*), SUM(used_at IS NOT NULL) "
	"FROM survey_invitation WHERE survey_id = ? GROUP BY channel, pilot",
	/* STMT_PILOT_COUNT */
	"SELECT COUNT(*) FROM survey_invitation WHERE survey_id = ? "
	"AND pilot = 1",
	/* STMT_LIST_COUNT */
	"SELECT COUNT(*) FROM survey_invitation i "
	"LEFT JOIN customer c ON c.id = i.customer_id WHERE i.survey_id = ? "
	"AND (? = '' OR i.channel = ?) "
	"AND (? = '' OR (i.used_at IS NOT NULL) = (? = '1')) "
	"AND (? = '' OR i.pilot = (? = 'pilot')) "
	"AND (? IS NULL OR c.department_id = ?)",
	/* STMT_LIST */
	"SELECT i.id, c.id, c.code, c.name, i.channel, i.pilot, "
	"DATE_FORMAT(i.created_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(i.used_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i') "
	"FROM survey_invitation i "
	"LEFT JOIN customer c ON c.id = i.customer_id WHERE i.survey_id = ? "
	"AND (? = '' OR i.channel = ?) "
	"AND (? = '' OR (i.used_at IS NOT NULL) = (? = '1')) "
	"AND (? = '' OR i.pilot = (? = 'pilot')) "
	"AND (? IS NULL OR c.department_id = ?) "
	"ORDER BY i.created_at DESC, i.id DESC LIMIT ? OFFSET ?",
	/* STMT_TARGET: the target group's customers in a window of ids,
	 * in the viewer's scope.  Windows bound each statement's work
	 * whatever the group (a LIMIT would not: a group of few or no
	 * customers left would be searched to the end in one statement).
	 * Contacts come from STMT_CONTACTS: one range read per window is
	 * faster than a subquery per customer. */
	"SELECT c.id, c.code, c.name FROM customer c "
	"WHERE c.id > ? AND c.id <= ? AND " TARGET_WHERE
	"ORDER BY c.id",
	/* STMT_TARGET_SKIP: the same without those already invited (as
	 * pilot or not, like this batch), as an anti-join on each
	 * customer's own invitations (NOT EXISTS is answered by reading
	 * every invitation of every survey once per statement). */
	"SELECT c.id, c.code, c.name FROM customer c "
	"LEFT JOIN survey_invitation i ON i.customer_id = c.id "
	"AND i.survey_id = ? AND i.pilot = ? "
	"WHERE c.id > ? AND c.id <= ? AND i.id IS NULL AND " TARGET_WHERE
	"ORDER BY c.id",
	/* STMT_LAST_CUSTOMER */
	"SELECT COALESCE(MAX(id), 0) FROM customer",
	/* STMT_CONTACTS: the contacts of a range of customers, each
	 * customer's main one first. */
	"SELECT customer_id, id, name, mobile, email FROM customer_contact "
	"WHERE customer_id BETWEEN ? AND ? "
	"ORDER BY customer_id, is_primary DESC, id",
	/* STMT_CODE: one customer of a chosen list, in the viewer's scope. */
	"SELECT " CUSTOMER_COLS CUSTOMER_FROM
	"WHERE c.code = ? AND (? IS NULL OR c.department_id = ?)",
};

enum fld {
	F_MODE,
	F_CHANNEL,
	F_SKIP,
	F_CODES,
	F__MAX
};

static const char *const modes[] = { "target", "list", NULL };
static const char *const yes[] = { "1", NULL };

static const struct field fields[F__MAX] = {
	/* F_MODE */
	{ "mode", valid_enum, 1, 0, 0, modes },
	/* F_CHANNEL */
	{ "channel", valid_text, 1, 1, 20, NULL },
	/* F_SKIP */
	{ "skip", valid_enum, 0, 0, 0, yes },
	/* F_CODES */
	{ "codes", valid_text, 0, 0, 300000, NULL },
};

/* The survey of the page. */
static const char *
pick(const struct http_req *r, const char *zh, const char *en)
{
	return r->lang == LANG_EN && en != NULL && *en != '\0' ? en : zh;
}

static int
is_open(const char *status)
{
	return strcmp(status, "pilot") == 0 || strcmp(status, "active") == 0;
}

/* "all customers", "tier Core high-value", ... */
static const char *
target_text(struct http_req *r, const struct survey_head *s)
{
	const char	*v = s->target_value;

	if (strcmp(s->target_kind, "tier") == 0)
		v = msg(r, arena_printf(r->a, "cust.tier.%s", v));
	else if (strcmp(s->target_kind, "value_tag") == 0)
		v = msg(r, arena_printf(r->a, "cust.value.%s", v));
	else if (strcmp(s->target_kind, "stage") == 0)
		v = msg(r, arena_printf(r->a, "cust.stage.%s", v));
	return msgf(r, arena_printf(r->a, "sv.invite.target.%s",
	    s->target_kind), v);
}

static const char *
rate(struct http_req *r, long long sent, long long answered)
{
	if (sent == 0)
		return "—";
	return arena_printf(r->a, "%.1f%%", 100.0 * (double)answered /
	    (double)sent);
}

/*
 * The page: counts, form (with the user's input and messages when vals
 * is not NULL), list.  Returns the status to answer with.
 */
/* A database error while filling the page: its dictionary goes too. */
static int
page_fail(struct tmpl_dict *d, enum db_err e)
{
	tmpl_dict_free(tmpl_root(d));
	return db_status(e);
}

static int
page(struct http_req *r, const struct survey_head *s, struct tmpl_dict *d,
    const struct fieldval *v, int status)
{
	struct db_rows		 ch, cnt, rows;
	struct tmpl_dict	*row, *sec, *f;
	const char		*fchan, *fused, *fkind, *scope, *qs, *sel;
	long long		 page_no, total, pages, pilot_n = 0;
	long long		 sent, ans, tsent, tans;
	size_t			 i, k;
	int			 kind;
	enum db_err		 e;

	scope = auth_scope_dept(r);
	if ((e = db_query(r->db, r->a, &ch, stmts[STMT_CHANNELS], "")) !=
	    DB_OK || (e = db_query(r->db, r->a, &cnt, stmts[STMT_COUNTS], "i",
	    s->id)) != DB_OK)
		return page_fail(d, e);

	tmpl_set(d, "SURVEYS_URL", app_url(r, "/surveys"));
	tmpl_set(d, "SURVEY_URL", app_url(r, arena_printf(r->a,
	    "/surveys/%lld", s->id)));
	tmpl_set(d, "SURVEY_TITLE", s->title);
	tmpl_set(d, "STATUS_LABEL", msg(r, arena_printf(r->a,
	    "sv.invite.status.%s", s->status)));

	/* Counts per channel: real invitations, then pilot ones. */
	for (kind = 0; kind < 2; kind++) {
		sec = tmpl_row(d, "COUNTS");
		tmpl_set(sec, "KIND", kind ? "pilot" : "real");
		tmpl_set(sec, "HEADING", msg(r, kind ? "sv.invite.counts.pilot" :
		    "sv.invite.counts.real"));
		tsent = tans = 0;
		for (i = 0; i < ch.n; i++) {
			sent = ans = 0;
			for (k = 0; k < cnt.n; k++)
				if (strcmp(cnt.v[k][0], ch.v[i][0]) == 0 &&
				    db_int(cnt.v[k][1]) == kind) {
					sent = db_int(cnt.v[k][2]);
					ans = db_int(cnt.v[k][3]);
				}
			tsent += sent;
			tans += ans;
			row = tmpl_row(sec, "ROW");
			tmpl_set(row, "CODE", ch.v[i][0]);
			tmpl_set(row, "NAME", pick(r, ch.v[i][1], ch.v[i][2]));
			tmpl_set_int(row, "SENT", sent);
			tmpl_set_int(row, "ANSWERED", ans);
			tmpl_set(row, "RATE", rate(r, sent, ans));
		}
		tmpl_set_int(sec, "SENT", tsent);
		tmpl_set_int(sec, "ANSWERED", tans);
		tmpl_set(sec, "RATE", rate(r, tsent, tans));
		if (kind)
			pilot_n = tsent;
	}

	if (!is_open(s->status)) {
		row = tmpl_row(d, "NOT_OPEN");
		tmpl_set(row, "MESSAGE", msgf(r, "sv.invite.not_open",
		    msg(r, arena_printf(r->a, "sv.invite.status.%s",
		    s->status))));
	} else {
		if (strcmp(s->status, "pilot") == 0) {
			row = tmpl_row(d, "PILOT");
			tmpl_set(row, "MESSAGE", msgf(r, "sv.invite.pilot.info",
			    arena_printf(r->a, "%lld", pilot_n)));
			if (pilot_n < PILOT_MIN)
				tmpl_show(d, "PILOT_FEW");
			else if (pilot_n >= PILOT_MAX)
				tmpl_show(d, "PILOT_FULL");
		}
		f = tmpl_row(d, "FORM");
		tmpl_set(f, "ACTION", app_url(r, arena_printf(r->a,
		    "/surveys/%lld/invitations", s->id)));
		sel = v != NULL && v[F_CHANNEL].raw != NULL ?
		    v[F_CHANNEL].raw : "email";
		for (i = 0; i < ch.n; i++) {
			row = tmpl_row(f, "CHANNEL_OPTION");
			tmpl_set(row, "CODE", ch.v[i][0]);
			tmpl_set(row, "NAME", pick(r, ch.v[i][1], ch.v[i][2]));
			if (strcmp(sel, ch.v[i][0]) == 0)
				tmpl_show(row, "SELECTED");
		}
		if (strcmp(s->status, "pilot") == 0) {
			tmpl_show(f, "PILOT_ONLY_LIST");
			tmpl_show(f, "LIST_CHECKED");
		} else {
			row = tmpl_row(f, "TARGET_MODE");
			tmpl_set(row, "LABEL", msgf(r,
			    "sv.invite.gen.mode.target", target_text(r, s)));
			if (v == NULL || v[F_MODE].raw == NULL ||
			    strcmp(v[F_MODE].raw, "list") != 0)
				tmpl_show(row, "CHECKED");
			else
				tmpl_show(f, "LIST_CHECKED");
			if (v == NULL || (v[F_SKIP].raw != NULL &&
			    strcmp(v[F_SKIP].raw, "1") == 0))
				tmpl_show(row, "SKIP_CHECKED");
		}
		if (v != NULL)
			page_fields(r, f, fields, F__MAX, v);
	}

	/* The list, filtered and paged. */
	fchan = http_arg(r, "channel");
	fused = http_arg(r, "used");
	fkind = http_arg(r, "kind");
	if (r->method == HTTP_POST)
		fchan = fused = fkind = NULL;
	if (fchan == NULL || strlen(fchan) > 20)
		fchan = "";
	if (fused == NULL || (strcmp(fused, "0") != 0 &&
	    strcmp(fused, "1") != 0))
		fused = "";
	if (fkind == NULL || (strcmp(fkind, "real") != 0 &&
	    strcmp(fkind, "pilot") != 0))
		fkind = "";
	tmpl_set(d, "LIST_URL", app_url(r, arena_printf(r->a,
	    "/surveys/%lld/invitations", s->id)));
	for (i = 0; i < ch.n; i++) {
		row = tmpl_row(d, "FILTER_CHANNEL");
		tmpl_set(row, "CODE", ch.v[i][0]);
		tmpl_set(row, "NAME", pick(r, ch.v[i][1], ch.v[i][2]));
		if (strcmp(fchan, ch.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	if (*fused != '\0')
		tmpl_show(d, *fused == '1' ? "USED_YES" : "USED_NO");
	if (*fkind != '\0')
		tmpl_show(d, *fkind == 'p' ? "KIND_PILOT" : "KIND_REAL");
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST_COUNT],
	    "issssssss", s->id, fchan, fchan, fused, fused, fkind, fkind,
	    scope, scope)) != DB_OK)
		return page_fail(d, e);
	total = db_int(rows.v[0][0]);
	pages = total == 0 ? 1 : (total + PER_PAGE - 1) / PER_PAGE;
	page_no = r->method == HTTP_GET ? atoll(http_arg(r, "page") ?
	    http_arg(r, "page") : "1") : 1;
	if (page_no < 1 || page_no > pages)
		page_no = page_no < 1 ? 1 : pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST],
	    "issssssssii", s->id, fchan, fchan, fused, fused, fkind, fkind,
	    scope, scope, (long long)PER_PAGE, (page_no - 1) * PER_PAGE)) !=
	    DB_OK)
		return page_fail(d, e);
	tmpl_set(d, "TOTAL", msgf(r, "sv.invite.list.total",
	    arena_printf(r->a, "%lld", total)));
	if (rows.n == 0)
		tmpl_show(d, "EMPTY");
	else
		tmpl_show(d, "LIST");
	for (i = 0; i < rows.n; i++) {
		char	**c = rows.v[i];

		row = tmpl_row(d, "INVITATION");
		tmpl_set(row, "ID", c[0]);
		if (c[1] != NULL) {
			tmpl_show(row, "HAS_CUSTOMER");
			tmpl_set(row, "CUSTOMER_URL", app_url(r,
			    arena_printf(r->a, "/customers/%s", c[1])));
			tmpl_set(row, "CODE", c[2]);
			tmpl_set(row, "NAME", c[3]);
		} else
			tmpl_show(row, "NO_CUSTOMER");
		for (k = 0; k < ch.n; k++)
			if (strcmp(ch.v[k][0], c[4]) == 0)
				break;
		tmpl_set(row, "CHANNEL", k < ch.n ?
		    pick(r, ch.v[k][1], ch.v[k][2]) : c[4]);
		tmpl_show(row, strcmp(c[5], "1") == 0 ? "IS_PILOT" : "IS_REAL");
		tmpl_set(row, "CREATED", c[6]);
		if (c[7] != NULL) {
			tmpl_show(row, "USED");
			tmpl_set(row, "USED_AT", c[7]);
		} else
			tmpl_show(row, "UNUSED");
	}
	qs = "";
	qs = app_qs_add(r, qs, "channel", fchan);
	qs = app_qs_add(r, qs, "used", fused);
	qs = app_qs_add(r, qs, "kind", fkind);
	page_pager(r, d, page_no, pages, app_url(r, arena_printf(r->a,
	    "/surveys/%lld/invitations", s->id)), qs);
	return page_render(r, d, "admin/invitations.tpl", status);
}

int
admin_invitations(struct http_req *r)
{
	struct survey_head	 s;
	int		 st;

	if ((st = admin_survey_head(r, r->args[0], &s)) != 0)
		return st;
	return page(r, &s, page_new(r, "sv.invite.title"), NULL, 200);
}

/* ---- generating ---- */

enum gen_fail {
	GEN_OK = 0,
	GEN_STATE,	/* the status changed: no longer pilot/active */
	GEN_UNKNOWN,	/* codes of the list not found (in scope) */
	GEN_PILOT_LIMIT,/* more than PILOT_MAX pilot invitations */
	GEN_NONE,	/* nobody to invite */
};

struct gen {
	struct http_req	*r;
	const struct survey_head *s;
	const char	*channel;
	int		 pilot;
	int		 target;	/* 1: the target group, 0: the list */
	int		 skip;
	const char	**codes;
	size_t		 ncodes;
	const char	*scope;
	/* out */
	enum gen_fail	 fail;
	const char	**unknown;
	size_t		 nunknown;
	long long	 left;		/* pilot invitations still allowed */
	long long	 count;
};

static const char *const csv_heads[] = {
	"sv.invite.csv.code", "sv.invite.csv.name", "sv.invite.csv.contact",
	"sv.invite.csv.mobile", "sv.invite.csv.email", "sv.invite.csv.channel",
	"sv.invite.csv.link", NULL
};

/*
 * Make invitations for n customers (rows of STMT_TARGET / STMT_CODE):
 * tokens, one batched store, and their CSV rows.
 */
static enum db_err
gen_rows(struct db *db, struct gen *g, char ***c, size_t n,
    const char *base)
{
	struct http_req		*r = g->r;
	struct invite_row	*rows;
	char			(*tok)[INVITE_TOKEN_LEN + 1];
	enum db_err		 e;
	size_t			 i;

	if (n == 0)
		return DB_OK;
	rows = arena_calloc(r->a, n, sizeof(*rows));
	tok = arena_calloc(r->a, n, sizeof(*tok));
	for (i = 0; i < n; i++) {
		rows[i].customer_id = db_int(c[i][C_ID]);
		rows[i].contact_id = db_int(c[i][C_CONTACT_ID]);
		invite_token(tok[i], rows[i].hash);
	}
	if ((e = invite_store(db, r->a, g->s->id, g->channel, g->pilot,
	    r->sess->user_id, rows, n, NULL)) != DB_OK)
		return e;
	for (i = 0; i < n; i++) {
		page_csv_cell(r->out, c[i][C_CODE], 0);
		page_csv_cell(r->out, c[i][C_NAME], 0);
		page_csv_cell(r->out, c[i][C_CONTACT], 0);
		page_csv_cell(r->out, auth_phone(r, c[i][C_MOBILE]), 0);
		page_csv_cell(r->out, auth_email(r, c[i][C_EMAIL]), 0);
		page_csv_cell(r->out, g->channel, 0);
		page_csv_cell(r->out, invite_link(r->a, base, g->s->slug,
		    tok[i]), 1);
	}
	g->count += (long long)n;
	return DB_OK;
}

/* TARGET_WHERE's parameters. */
#define TARGET_FMT	"sssssssssss"
#define TK(g)	(g)->s->target_kind
#define TV(g)	(g)->s->target_value
#define TARGET_ARGS(g)	TK(g), TK(g), TV(g), TK(g), TV(g), TK(g), TV(g), \
	TK(g), TV(g), (g)->scope, (g)->scope

static enum db_err
gen_tx(struct db *db, void *arg)
{
	struct gen	*g = arg;
	struct http_req	*r = g->r;
	const struct survey_head *s = g->s;
	struct db_rows	 rows, cts;
	struct json	*j;
	const char	*base = invite_base(r);
	char		***list;
	size_t		 i, k, n;
	long long	 pilot_n, lo, last;
	enum db_err	 e;

	g->fail = GEN_OK;
	g->count = 0;
	g->nunknown = 0;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_SURVEY_LOCK], "i",
	    s->id)) != DB_OK)
		return e;
	if (rows.n == 0 || strcmp(rows.v[0][0], s->status) != 0) {
		g->fail = GEN_STATE;
		return DB_ERROR;
	}

	/* The CSV is the answer: it starts again with every attempt. */
	http_body_reset(r);
	buf_puts(r->out, "\xef\xbb\xbf");
	for (i = 0; csv_heads[i] != NULL; i++)
		page_csv_cell(r->out, msg(r, csv_heads[i]),
		    csv_heads[i + 1] == NULL);

	if (g->target) {
		if ((e = db_query(db, r->a, &rows, stmts[STMT_LAST_CUSTOMER],
		    "")) != DB_OK)
			return e;
		last = db_int(rows.v[0][0]);
		for (lo = 0; lo < last; lo += TARGET_WINDOW) {
			if (g->skip)
				e = db_query(db, r->a, &rows,
				    stmts[STMT_TARGET_SKIP], "iiii" TARGET_FMT,
				    s->id, (long long)g->pilot, lo,
				    lo + TARGET_WINDOW, TARGET_ARGS(g));
			else
				e = db_query(db, r->a, &rows,
				    stmts[STMT_TARGET], "ii" TARGET_FMT, lo,
				    lo + TARGET_WINDOW, TARGET_ARGS(g));
			if (e != DB_OK)
				return e;
			if (rows.n == 0)
				continue;
			if ((e = db_query(db, r->a, &cts, stmts[STMT_CONTACTS],
			    "ii", db_int(rows.v[0][C_ID]),
			    db_int(rows.v[rows.n - 1][C_ID]))) != DB_OK)
				return e;
			/* Rows in the shape of STMT_CODE's, contacts merged
			 * in (both lists are in customer order). */
			list = arena_calloc(r->a, rows.n, sizeof(*list));
			for (i = k = 0; i < rows.n; i++) {
				list[i] = arena_calloc(r->a, C__MAX,
				    sizeof(char *));
				memcpy(list[i], rows.v[i], 3 * sizeof(char *));
				while (k < cts.n && db_int(cts.v[k][0]) <
				    db_int(rows.v[i][C_ID]))
					k++;
				if (k < cts.n && db_int(cts.v[k][0]) ==
				    db_int(rows.v[i][C_ID]))
					memcpy(list[i] + C_CONTACT_ID,
					    cts.v[k] + 1, 4 * sizeof(char *));
			}
			if ((e = gen_rows(db, g, list, rows.n, base)) != DB_OK)
				return e;
		}
	} else {
		list = arena_calloc(r->a, g->ncodes, sizeof(*list));
		g->unknown = arena_calloc(r->a, g->ncodes, sizeof(char *));
		for (i = n = 0; i < g->ncodes; i++) {
			if ((e = db_query(db, r->a, &rows, stmts[STMT_CODE],
			    "iisss", s->id, (long long)g->pilot, g->codes[i],
			    g->scope, g->scope)) != DB_OK)
				return e;
			if (rows.n == 0)
				g->unknown[g->nunknown++] = g->codes[i];
			else if (!g->skip ||
			    strcmp(rows.v[0][C_INVITED], "0") == 0)
				list[n++] = rows.v[0];
		}
		if (g->nunknown > 0) {
			g->fail = GEN_UNKNOWN;
			return DB_ERROR;
		}
		if (g->pilot) {
			if ((e = db_query(db, r->a, &rows,
			    stmts[STMT_PILOT_COUNT], "i", s->id)) != DB_OK)
				return e;
			pilot_n = db_int(rows.v[0][0]);
			if (pilot_n + (long long)n > PILOT_MAX) {
				g->left = pilot_n >= PILOT_MAX ? 0 :
				    PILOT_MAX - pilot_n;
				g->fail = GEN_PILOT_LIMIT;
				return DB_ERROR;
			}
		}
		if ((e = gen_rows(db, g, list, n, base)) != DB_OK)
			return e;
	}
	if (g->count == 0) {
		g->fail = GEN_NONE;
		return DB_ERROR;
	}
	/* The batch, never its tokens. */
	j = json_new(r->a);
	json_int(j, "count", g->count);
	json_str(j, "channel", g->channel);
	json_int(j, "pilot", g->pilot);
	json_str(j, "group", g->target ? "target" : "list");
	json_int(j, "skip_invited", g->skip);
	json_int(j, "masked", !auth_can(r, "pii.view"));
	return audit_write(db, r, NULL, "survey", s->id, "invite", NULL,
	    json_end(j));
}

int
admin_invitations_generate(struct http_req *r)
{
	struct fieldval		 v[F__MAX];
	struct tmpl_dict	*d, *row, *u;
	struct db_rows		 ch;
	struct survey_head	 s;
	struct gen		 g;
	size_t			 i, bad;
	int			 st;
	enum db_err		 e;

	if ((st = admin_survey_head(r, r->args[0], &s)) != 0)
		return st;
	bad = valid_form(&r->form, fields, F__MAX, v);
	if (!is_open(s.status))
		return page(r, &s, page_new(r, "sv.invite.title"), v, 409);
	if ((e = db_query(r->db, r->a, &ch, stmts[STMT_CHANNELS], "")) !=
	    DB_OK)
		return db_status(e);
	if (v[F_CHANNEL].str != NULL) {
		if (!db_rows_have(&ch, v[F_CHANNEL].str)) {
			v[F_CHANNEL].err = "sv.invite.err.channel";
			bad++;
		}
	} else
		v[F_CHANNEL].err = "sv.invite.err.channel";
	if (v[F_MODE].str == NULL)
		v[F_MODE].err = "sv.invite.err.mode";

	memset(&g, 0, sizeof(g));
	g.r = r;
	g.s = &s;
	g.channel = v[F_CHANNEL].str;
	g.pilot = strcmp(s.status, "pilot") == 0;
	g.target = v[F_MODE].str != NULL && strcmp(v[F_MODE].str,
	    "target") == 0;
	g.skip = v[F_SKIP].str != NULL;
	g.scope = auth_scope_dept(r);
	if (g.pilot && g.target) {
		v[F_MODE].err = "sv.invite.err.pilot_list";
		bad++;
	}
	if (v[F_MODE].str != NULL && !g.target && v[F_CODES].str != NULL) {
		g.ncodes = invite_codes(r->a, v[F_CODES].str, CODES_MAX,
		    &g.codes);
		if (g.ncodes == 0) {
			v[F_CODES].err = "sv.invite.err.codes";
			bad++;
		} else if (g.ncodes > CODES_MAX) {
			v[F_CODES].err = "sv.invite.err.too_many";
			bad++;
		}
	} else if (v[F_MODE].str != NULL && !g.target) {
		if (v[F_CODES].err == NULL)
			v[F_CODES].err = "sv.invite.err.codes";
		bad++;
	}
	if (bad > 0) {
		d = page_new(r, "sv.invite.title");
		row = tmpl_row(d, "ERROR");
		tmpl_set(row, "MESSAGE", msg(r, "sv.invite.err.form"));
		return page(r, &s, d, v, 422);
	}

	e = db_tx(r->db, gen_tx, &g);
	if (g.fail != GEN_OK) {
		d = page_new(r, "sv.invite.title");
		row = tmpl_row(d, "ERROR");
		switch (g.fail) {
		case GEN_STATE:
			tmpl_set(row, "MESSAGE", msg(r, "sv.invite.err.state"));
			if ((st = admin_survey_head(r, r->args[0], &s)) != 0) {
				tmpl_dict_free(tmpl_root(d));
				return st;
			}
			return page(r, &s, d, v, 409);
		case GEN_UNKNOWN:
			tmpl_set(row, "MESSAGE", msg(r,
			    "sv.invite.err.unknown"));
			u = tmpl_row(row, "UNKNOWN");
			for (i = 0; i < g.nunknown; i++)
				tmpl_set(tmpl_row(u, "CODE"), "TEXT",
				    g.unknown[i]);
			v[F_CODES].err = "sv.invite.err.unknown";
			break;
		case GEN_PILOT_LIMIT:
			tmpl_set(row, "MESSAGE", msgf(r,
			    "sv.invite.err.pilot_limit",
			    arena_printf(r->a, "%lld", g.left)));
			break;
		default:
			tmpl_set(row, "MESSAGE", msg(r, "sv.invite.err.none"));
			break;
		}
		return page(r, &s, d, v, 422);
	}
	if (e != DB_OK) {
		http_body_reset(r);
		return db_status(e);
	}
	page_csv_attach(r, arena_printf(r->a, "invitations-%lld.csv", s.id));
	return 200;
}
