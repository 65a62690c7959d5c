/*
 * Satisfaction interviews (DOMAIN.md section 3, issue 5): the monthly
 * sample drawn by manyi-ctl interview-sample and its progress.
 * GET /admin/interviews (month, "mine", status filter, paging),
 * POST /admin/interviews/<id>/unreachable (with a note, audited).
 * The answers of an interview are entered through the offline form
 * (offline.c), which sets the interview done in the same transaction.
 *
 * A viewer without scope.all_departments sees only the interviews of
 * customers of their own department.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define IV_PER_PAGE	50
#define IV_MONTHS	36	/* months offered in the selector */

#define IV_CSV_MAX	100000

/*
 * The list's filters, shared by the count, the page and the export:
 * month, assignee ("mine"), status, search (code or name), department.
 */
#define IV_WHERE \
	" WHERE i.month = ? AND (? IS NULL OR i.assignee_id = ?) " \
	"AND (? IS NULL OR i.status = ?) " \
	"AND (? IS NULL OR c.code LIKE ? ESCAPE '!' " \
	"OR c.name LIKE ? ESCAPE '!') " \
	"AND (? IS NULL OR c.department_id = ?)"
#define IV_FMT		"ssssssssss"
#define IV_ARGS(f)	(f)->month, (f)->mine, (f)->mine, (f)->status, \
	(f)->status, (f)->pat, (f)->pat, (f)->pat, (f)->scope, (f)->scope

enum stmt {
	STMT_MONTHS,
	STMT_SAMPLE,
	STMT_PROGRESS,
	STMT_COUNT,
	STMT_LIST,
	STMT_CSV,
	STMT_GET,
	STMT_LOCK,
	STMT_UNREACHABLE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_MONTHS: the latest first. */
	"SELECT month FROM survey_interview_sample ORDER BY month DESC "
	"LIMIT ?",
	/* STMT_SAMPLE */
	"SELECT s.survey_id, v.title_zh, v.title_en, s.pct, s.served, "
	"s.drawn, DATE_FORMAT(s.drawn_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i') "
	"FROM survey_interview_sample s JOIN survey v ON v.id = s.survey_id "
	"WHERE s.month = ?",
	/* STMT_PROGRESS: what the viewer sees of the month ("mine" too). */
	"SELECT COUNT(*), COALESCE(SUM(i.status = 'done'), 0), "
	"COALESCE(SUM(i.status = 'unreachable'), 0) FROM survey_interview i "
	"JOIN customer c ON c.id = i.customer_id "
	"WHERE i.month = ? AND (? IS NULL OR i.assignee_id = ?) "
	"AND (? IS NULL OR c.department_id = ?)",
	/* STMT_COUNT */
	"SELECT COUNT(*) FROM survey_interview i "
	"JOIN customer c ON c.id = i.customer_id" IV_WHERE,
	/* STMT_LIST: open work first. */
	"SELECT i.id, i.survey_id, c.id, c.code, c.name, "
	"COALESCE(u.display_name, ''), i.status, i.response_id, i.note, "
	"DATE_FORMAT(i.done_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d') "
	"FROM survey_interview i JOIN customer c ON c.id = i.customer_id "
	"LEFT JOIN `user` u ON u.id = i.assignee_id" IV_WHERE
	" ORDER BY FIELD(i.status, 'pending', 'unreachable', 'done'), c.code "
	"LIMIT ? OFFSET ?",
	/* STMT_CSV: with the primary contact, for the callers. */
	"SELECT c.code, c.name, k.name, k.mobile, "
	"COALESCE(u.display_name, ''), i.status, "
	"DATE_FORMAT(i.done_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d'), i.note "
	"FROM survey_interview i JOIN customer c ON c.id = i.customer_id "
	"LEFT JOIN `user` u ON u.id = i.assignee_id "
	"LEFT JOIN customer_contact k ON k.id = (SELECT k2.id "
	"FROM customer_contact k2 WHERE k2.customer_id = c.id "
	"ORDER BY k2.is_primary DESC, k2.id LIMIT 1)" IV_WHERE
	" ORDER BY FIELD(i.status, 'pending', 'unreachable', 'done'), c.code "
	"LIMIT ?",
	/* STMT_GET: the month of an interview in the viewer's scope. */
	"SELECT i.month FROM survey_interview i "
	"JOIN customer c ON c.id = i.customer_id WHERE i.id = ? "
	"AND (? IS NULL OR c.department_id = ?)",
	/* STMT_LOCK: an interview in the viewer's scope. */
	"SELECT i.status, i.month, i.note FROM survey_interview i "
	"JOIN customer c ON c.id = i.customer_id WHERE i.id = ? "
	"AND (? IS NULL OR c.department_id = ?) FOR UPDATE",
	/* STMT_UNREACHABLE */
	"UPDATE survey_interview SET status = 'unreachable', note = ?, "
	"updated_by = ?, updated_at = UTC_TIMESTAMP() "
	"WHERE id = ? AND status = 'pending'",
};

static const char *const iv_statuses[] = {
	"pending", "done", "unreachable", NULL };

/* YYYY-MM with a month 1-12. */
static const char *
valid_month(const struct field *f, const char *in, struct fieldval *v)
{
	int	 i;

	if (strlen(in) != 7 || in[4] != '-')
		return "interview.err.month";
	for (i = 0; i < 7; i++)
		if (i != 4 && (in[i] < '0' || in[i] > '9'))
			return "interview.err.month";
	i = (in[5] - '0') * 10 + (in[6] - '0');
	if (i < 1 || i > 12)
		return "interview.err.month";
	v->str = in;
	return NULL;
}

enum lfield { LF_MONTH, LF_MINE, LF_STATUS, LF_Q, LF_PAGE, LF__MAX };

static const char *const mine_values[] = { "1", NULL };

static const struct field lfields[LF__MAX] = {
	/* LF_MONTH */
	{ "month", valid_month, 0, 0, 0, NULL },
	/* LF_MINE */
	{ "mine", valid_enum, 0, 0, 0, mine_values },
	/* LF_STATUS */
	{ "status", valid_enum, 0, 0, 0, iv_statuses },
	/* LF_Q: customer code or name */
	{ "q", valid_text, 0, 1, 100, NULL },
	/* LF_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

/* The filters as statement parameters (NULL: no filter). */
struct ivfilter {
	const char	*month;		/* NULL: no sample at all */
	const char	*mine;
	const char	*status;
	const char	*q;
	const char	*pat;		/* LIKE pattern of q */
	const char	*scope;
	long long	 page;
	struct db_rows	 months;	/* the months drawn, latest first */
};

/*
 * Read the query's filters; month_in (after a failed POST) wins.  The
 * month defaults to the latest drawn.
 */
static enum db_err
ivfilter_read(struct http_req *r, const char *month_in, struct fieldval *v,
    struct ivfilter *f)
{
	enum db_err	 e;

	memset(f, 0, sizeof(*f));
	(void)valid_form(&r->query, lfields, LF__MAX, v);
	f->page = v[LF_PAGE].str ? v[LF_PAGE].i : 1;
	f->mine = v[LF_MINE].str ? arena_printf(r->a, "%lld",
	    r->sess->user_id) : NULL;
	f->status = v[LF_STATUS].str;
	f->q = v[LF_Q].str;
	f->pat = f->q ? db_like_anywhere(r->a, f->q) : NULL;
	f->scope = auth_scope_dept(r);
	if ((e = db_query(r->db, r->a, &f->months, stmts[STMT_MONTHS], "i",
	    (long long)IV_MONTHS)) != DB_OK)
		return e;
	f->month = month_in ? month_in : v[LF_MONTH].str;
	if (f->month == NULL && f->months.n > 0)
		f->month = f->months.v[0][0];
	return DB_OK;
}

enum ufield { UF_NOTE, UF__MAX };

static const struct field ufields[UF__MAX] = {
	/* UF_NOTE */
	{ "note", valid_text, 1, 1, 500, NULL },
};

/* A failed "unreachable": which row, and what the user typed. */
struct ufail {
	long long	 id;
	const char	*note;
	const char	*err;
};

/*
 * The page.  The filters come from the query string; after a failed
 * POST the month comes from the interview and uf marks its row.
 */
static int
interviews_page(struct http_req *r, const char *month_in,
    const struct ufail *uf, int status)
{
	struct fieldval		 v[LF__MAX];
	struct ivfilter		 f;
	struct tmpl_dict	*d, *row;
	struct db_rows		 sample, prog, cnt, rows;
	const char		*scope, *month, *mine, *st, *qs;
	long long		 total, done, unreach, page, pages, pct;
	size_t			 i;
	enum db_err		 e;
	int			 found;

	if ((e = ivfilter_read(r, month_in, v, &f)) != DB_OK)
		return db_status(e);
	scope = f.scope;
	month = f.month;
	mine = f.mine;
	st = f.status;
	page = f.page;
	d = page_new(r, "interview.title");
	tmpl_set(d, "ACTION", app_url(r, "/interviews"));
	if (v[LF_MONTH].err != NULL) {
		tmpl_show(d, "MONTH_BAD");
		tmpl_set(d, "MONTH_ERR", msg(r, v[LF_MONTH].err));
	}
	if (mine != NULL)
		tmpl_show(d, "MINE_CHECKED");
	tmpl_set(d, "MONTH", month ? month : "");
	found = 0;
	tmpl_set(d, "Q", f.q ? f.q : "");
	for (i = 0; i < f.months.n; i++) {
		row = tmpl_row(d, "MONTH_OPTION");
		tmpl_set(row, "M", f.months.v[i][0]);
		if (month != NULL && strcmp(month, f.months.v[i][0]) == 0) {
			tmpl_show(row, "SELECTED");
			found = 1;
		}
	}
	if (month != NULL && !found) {
		/* A month without a sample stays selected, to say so. */
		row = tmpl_row(d, "MONTH_OPTION");
		tmpl_set(row, "M", month);
		tmpl_show(row, "SELECTED");
	}
	for (i = 0; iv_statuses[i] != NULL; i++) {
		row = tmpl_row(d, "STATUS_OPTION");
		tmpl_set(row, "CODE", iv_statuses[i]);
		tmpl_set(row, "NAME", msg(r, arena_printf(r->a,
		    "interview.status.%s", iv_statuses[i])));
		if (st != NULL && strcmp(st, iv_statuses[i]) == 0)
			tmpl_show(row, "SELECTED");
	}
	if (uf != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, uf->err));
	}
	if (month == NULL) {
		tmpl_show(d, "NO_SAMPLE");
		return page_render(r, d, "admin/interviews.tpl", status);
	}
	if ((e = db_query(r->db, r->a, &sample, stmts[STMT_SAMPLE], "s",
	    month)) != DB_OK)
		return db_status(e);
	if (sample.n == 0) {
		tmpl_show(d, "NO_SAMPLE");
		tmpl_set(d, "NO_SAMPLE_MONTH", month);
		return page_render(r, d, "admin/interviews.tpl", status);
	}
	tmpl_show(d, "SAMPLE");
	tmpl_set(d, "SAMPLE_SURVEY", r->lang == LANG_EN &&
	    *sample.v[0][2] != '\0' ? sample.v[0][2] : sample.v[0][1]);
	tmpl_set(d, "SAMPLE_SURVEY_URL", app_url(r, arena_printf(r->a,
	    "/surveys/%s", sample.v[0][0])));
	tmpl_set(d, "SAMPLE_PCT", sample.v[0][3]);
	tmpl_set(d, "SAMPLE_SERVED", sample.v[0][4]);
	tmpl_set(d, "SAMPLE_DRAWN", sample.v[0][5]);
	tmpl_set(d, "SAMPLE_AT", sample.v[0][6]);
	if ((e = db_query(r->db, r->a, &prog, stmts[STMT_PROGRESS], "sssss",
	    month, mine, mine, scope, scope)) != DB_OK)
		return db_status(e);
	total = db_int(prog.v[0][0]);
	done = db_int(prog.v[0][1]);
	unreach = db_int(prog.v[0][2]);
	pct = total ? done * 100 / total : 0;
	tmpl_set_int(d, "DONE", done);
	tmpl_set_int(d, "TOTAL", total);
	tmpl_set_int(d, "PCT", pct);
	tmpl_set_int(d, "UNREACHABLE", unreach);
	tmpl_set_int(d, "PENDING", total - done - unreach);

	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_COUNT], IV_FMT,
	    IV_ARGS(&f))) != DB_OK)
		return db_status(e);
	total = db_int(cnt.v[0][0]);
	pages = (total + IV_PER_PAGE - 1) / IV_PER_PAGE;
	if (pages > 0 && page > pages)
		page = pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST], IV_FMT "ii",
	    IV_ARGS(&f), (long long)IV_PER_PAGE,
	    (page - 1) * IV_PER_PAGE)) != DB_OK)
		return db_status(e);
	tmpl_show(d, rows.n ? "LIST" : "EMPTY");
	for (i = 0; i < rows.n; i++) {
		char	**m = rows.v[i];

		row = tmpl_row(d, "INTERVIEW");
		tmpl_set(row, "ID", m[0]);
		tmpl_set(row, "CUSTOMER_URL", app_url(r, arena_printf(r->a,
		    "/customers/%s", m[2])));
		tmpl_set(row, "CODE", m[3]);
		tmpl_set(row, "NAME", m[4]);
		if (*m[5] != '\0')
			tmpl_set(row, "ASSIGNEE", m[5]);
		else
			tmpl_set(row, "ASSIGNEE", msg(r,
			    "interview.unassigned"));
		tmpl_set(row, "STATUS_CODE", m[6]);
		tmpl_set(row, "STATUS", msg(r, arena_printf(r->a,
		    "interview.status.%s", m[6])));
		tmpl_set(row, "NOTE", m[8]);
		if (strcmp(m[6], "done") == 0) {
			tmpl_show(row, "IS_DONE");
			tmpl_set(row, "DONE_ON", m[9] ? m[9] : "");
			if (m[7] != NULL)
				tmpl_set(tmpl_row(row, "RESPONSE"), "URL",
				    app_url(r, arena_printf(r->a,
				    "/surveys/%s/responses/%s", m[1], m[7])));
			continue;
		}
		tmpl_set(row, "ENTER_URL", app_url(r, arena_printf(r->a,
		    "/surveys/%s/offline?interview=%s", m[1], m[0])));
		tmpl_show(row, "CAN_ENTER");
		if (strcmp(m[6], "pending") == 0) {
			struct tmpl_dict	*u = tmpl_row(row, "CAN_UNREACH");

			tmpl_set(u, "URL", app_url(r, arena_printf(r->a,
			    "/interviews/%s/unreachable", m[0])));
			if (uf != NULL && uf->id == db_int(m[0])) {
				tmpl_set(u, "NOTE_VALUE", uf->note ?
				    uf->note : "");
				tmpl_show(u, "NOTE_BAD");
				tmpl_set(u, "NOTE_ERR", msg(r, uf->err));
			}
		}
	}
	qs = app_qs_add(r, "", "month", month);
	qs = app_qs_add(r, qs, "mine", mine ? "1" : "");
	qs = app_qs_add(r, qs, "status", st ? st : "");
	qs = app_qs_add(r, qs, "q", f.q ? f.q : "");
	tmpl_set(d, "CSV_URL", arena_printf(r->a, "%s?%s",
	    app_url(r, "/interviews.csv"), qs + 1));
	page_pager(r, d, page, pages, app_url(r, "/interviews"), qs);
	return page_render(r, d, "admin/interviews.tpl", status);
}

int
admin_interviews(struct http_req *r)
{
	return interviews_page(r, NULL, NULL, 200);
}

struct ivexport {
	struct http_req		*r;
	const struct ivfilter	*f;
	long long		 rows;
};

static enum db_err
export_audit(struct db *db, void *arg)
{
	struct ivexport	*t = arg;
	struct json	*j = json_new(t->r->a);

	json_str(j, "month", t->f->month);
	json_str(j, "status", t->f->status);
	json_str(j, "q", t->f->q);
	json_int(j, "mine", t->f->mine != NULL);
	json_int(j, "rows", t->rows);
	return audit_write(db, t->r, NULL, "interview", 0, "export", NULL,
	    json_end(j));
}

static const char *const csv_heads[] = {
	"interview.csv.code", "interview.csv.name", "interview.csv.contact",
	"interview.csv.mobile", "interview.col.assignee",
	"interview.col.status", "interview.csv.done_on", "interview.col.note",
	NULL,
};

/* GET /interviews.csv: the month's list as the page filters it. */
int
admin_interviews_csv(struct http_req *r)
{
	struct fieldval		 v[LF__MAX];
	struct ivfilter		 f;
	struct ivexport		 t;
	struct db_rows		 rows;
	struct buf		*b = r->out;
	size_t			 i;
	enum db_err		 e;

	if ((e = ivfilter_read(r, NULL, v, &f)) != DB_OK)
		return db_status(e);
	/* No sample drawn yet: the header alone. */
	rows.n = 0;
	if (f.month != NULL && (e = db_query(r->db, r->a, &rows,
	    stmts[STMT_CSV], IV_FMT "i", IV_ARGS(&f), (long long)IV_CSV_MAX))
	    != DB_OK)
		return db_status(e);
	t.r = r;
	t.f = &f;
	t.rows = (long long)rows.n;
	if ((e = db_tx(r->db, export_audit, &t)) != DB_OK)
		return db_status(e);
	page_csv_attach(r, arena_printf(r->a, "interviews-%s.csv",
	    f.month ? f.month : "none"));
	page_csv_heads(r, csv_heads);
	for (i = 0; i < rows.n; i++) {
		char	**m = rows.v[i];

		page_csv_cell(b, m[0], 0);
		page_csv_cell(b, m[1], 0);
		page_csv_cell(b, m[2], 0);
		page_csv_cell(b, m[3] ? auth_phone(r, m[3]) : NULL, 0);
		page_csv_cell(b, m[4], 0);
		page_csv_cell(b, msg(r, arena_printf(r->a,
		    "interview.status.%s", m[5])), 0);
		page_csv_cell(b, m[6], 0);
		page_csv_cell(b, m[7], 1);
	}
	return 200;
}

struct utx {
	struct http_req	*r;
	const char	*scope;
	long long	 id;
	const char	*note;
	const char	*month;		/* out */
	int		 gone;
	int		 wrong;		/* not pending */
};

static enum db_err
unreachable_write(struct db *db, void *arg)
{
	struct utx	*t = arg;
	struct db_rows	 f;
	struct json	*before, *after;
	enum db_err	 e;

	if ((e = db_query(db, t->r->a, &f, stmts[STMT_LOCK], "iss", t->id,
	    t->scope, t->scope)) != DB_OK)
		return e;
	if (f.n == 0) {
		t->gone = 1;
		return DB_ERROR;
	}
	t->month = f.v[0][1];
	if (strcmp(f.v[0][0], "pending") != 0) {
		t->wrong = 1;
		return DB_ERROR;
	}
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_UNREACHABLE], "sii",
	    t->note, t->r->sess->user_id, t->id)) != DB_OK)
		return e;
	before = json_new(t->r->a);
	json_str(before, "status", f.v[0][0]);
	after = json_new(t->r->a);
	json_str(after, "status", "unreachable");
	json_str(after, "note", t->note);
	return audit_write(db, t->r, NULL, "interview", t->id, "unreachable",
	    json_end(before), json_end(after));
}

int
admin_interview_unreachable(struct http_req *r)
{
	struct fieldval	 v[UF__MAX];
	struct ufail	 uf;
	struct db_rows	 rows;
	struct utx	 t;
	enum db_err	 e;

	memset(&t, 0, sizeof(t));
	if ((t.id = app_path_id(r->args[0])) == 0)
		return 404;
	t.r = r;
	t.scope = auth_scope_dept(r);
	memset(&uf, 0, sizeof(uf));
	uf.id = t.id;
	if (valid_form(&r->form, ufields, UF__MAX, v) > 0) {
		/* The page of the interview's month, its row marked. */
		if ((e = db_query(r->db, r->a, &rows, stmts[STMT_GET], "iss",
		    t.id, t.scope, t.scope)) != DB_OK)
			return db_status(e);
		if (rows.n == 0)
			return 404;
		uf.note = v[UF_NOTE].raw;
		uf.err = v[UF_NOTE].err;
		return interviews_page(r, rows.v[0][0], &uf, 422);
	}
	t.note = v[UF_NOTE].str;
	if ((e = db_tx(r->db, unreachable_write, &t)) != DB_OK) {
		if (t.gone)
			return 404;
		if (t.wrong) {
			uf.note = v[UF_NOTE].raw;
			uf.err = "interview.err.not_pending";
			return interviews_page(r, t.month, &uf, 409);
		}
		return db_status(e);
	}
	flash_set(r, "interview.unreachable_saved");
	http_redirect(r, 303, app_url(r, arena_printf(r->a,
	    "/interviews?month=%s", t.month)));
	return 303;
}
