/*
 * Offline answers (DOMAIN.md section 3, issue 5): staff type in what a
 * customer answered on a visit, on the phone or at an event, through the
 * customer's own question form (src/core/survey.c, templates/survey/
 * form.tpl): the same validation, the same store.
 * GET|POST /admin/surveys/<id>/offline[?interview=<id>][&customer=<code>]
 * [&q=<search>][&saved=<response id>].
 *
 * Each response records its channel (survey_channel rows with offline =
 * 1), the customer, the day it was answered (not in the future) and the
 * staff member who typed it (entered_by).  Coming from an interview
 * (interviews.c), the interview is set done with the response's id in
 * the same transaction.
 *
 * Which surveys: active ones, and pilot ones too: a pilot is tried on a
 * few typical customers, and a phone call or a visit is a fair way to
 * reach them.  Pilot answers are stored with pilot = 1, kept apart from
 * the results like every pilot answer.  Draft and closed surveys get a
 * page that says why (409).
 *
 * A viewer without scope.all_departments may only pick customers of
 * their own department (and only their interviews).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/survey.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define MATCH_MAX	20	/* customers listed by a search */

enum stmt {
	STMT_CHANNELS,
	STMT_CUSTOMER_CODE,
	STMT_CUSTOMER_SEARCH,
	STMT_INTERVIEW,
	STMT_SURVEY_LOCK,
	STMT_CUSTOMER_LOCK,
	STMT_INTERVIEW_DONE,
	STMT_SUBMITTED,
	STMT_SAVED,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CHANNELS: the channels staff type answers in from. */
	"SELECT code, name_zh, name_en FROM survey_channel WHERE offline = 1 "
	"ORDER BY sort, code",
	/* STMT_CUSTOMER_CODE: a customer in the viewer's scope. */
	"SELECT id, code, name FROM customer WHERE code = ? "
	"AND (? IS NULL OR department_id = ?)",
	/* STMT_CUSTOMER_SEARCH: code or name containing the text. */
	"SELECT id, code, name FROM customer "
	"WHERE (code LIKE ? ESCAPE '!' OR name LIKE ? ESCAPE '!') "
	"AND (? IS NULL OR department_id = ?) ORDER BY code LIMIT ?",
	/* STMT_INTERVIEW: an interview of this survey in the viewer's scope. */
	"SELECT i.id, i.status, i.month, c.id, c.code, c.name "
	"FROM survey_interview i JOIN customer c ON c.id = i.customer_id "
	"WHERE i.id = ? AND i.survey_id = ? "
	"AND (? IS NULL OR c.department_id = ?)",
	/* STMT_SURVEY_LOCK: the status stays as checked until we commit. */
	"SELECT status FROM survey WHERE id = ? LOCK IN SHARE MODE",
	/* STMT_CUSTOMER_LOCK */
	"SELECT id FROM customer WHERE id = ? "
	"AND (? IS NULL OR department_id = ?) LOCK IN SHARE MODE",
	/* STMT_INTERVIEW_DONE: 0 rows if it was done meanwhile. */
	"UPDATE survey_interview SET status = 'done', response_id = ?, "
	"done_at = UTC_TIMESTAMP(), updated_by = ?, "
	"updated_at = UTC_TIMESTAMP() WHERE id = ? AND survey_id = ? "
	"AND customer_id = ? AND status <> 'done'",
	/* STMT_SUBMITTED: an earlier day: noon in Beijing (04:00 UTC). */
	"UPDATE survey_response SET submitted_at = TIMESTAMP(?, '04:00:00') "
	"WHERE id = ?",
	/* STMT_SAVED: what the page after a save names. */
	"SELECT c.code, c.name, r.channel, r.survey_id, "
	"(SELECT month FROM survey_interview WHERE response_id = r.id) "
	"FROM survey_response r JOIN customer c ON c.id = r.customer_id "
	"WHERE r.id = ? AND r.survey_id = ? AND r.entered_by IS NOT NULL "
	"AND (? IS NULL OR c.department_id = ?)",
};

enum ofield { OF_CUSTOMER, OF_CHANNEL, OF_DATE, OF_INTERVIEW, OF__MAX };

static const struct field ofields[OF__MAX] = {
	/* OF_CUSTOMER: a customer code. */
	{ "customer", valid_text, 1, 1, 20, NULL },
	/* OF_CHANNEL */
	{ "channel", valid_text, 1, 1, 20, NULL },
	/* OF_DATE: the day the customer answered. */
	{ "date", valid_date, 1, 0, 0, NULL },
	/* OF_INTERVIEW */
	{ "interview", valid_int, 0, 1, 4294967295LL, NULL },
};

/* The GET parameters. */
enum gfield { GF_INTERVIEW, GF_CUSTOMER, GF_Q, GF_SAVED, GF__MAX };

static const struct field gfields[GF__MAX] = {
	/* GF_INTERVIEW */
	{ "interview", valid_int, 0, 1, 4294967295LL, NULL },
	/* GF_CUSTOMER: a code to preselect. */
	{ "customer", valid_text, 0, 1, 20, NULL },
	/* GF_Q: a search for customers. */
	{ "q", valid_text, 0, 1, 100, NULL },
	/* GF_SAVED: the response just saved. */
	{ "saved", valid_int, 0, 1, 4294967295LL, NULL },
};

/* The page's state, shared by GET and POST. */
struct offline {
	struct http_req			*r;
	const struct survey_def		*def;
	const char			*scope;
	struct db_rows			 channels;
	/* The interview being entered, or iv_id == 0. */
	long long			 iv_id;
	const char			*iv_month;
	long long			 cust_id;	/* 0: not chosen */
	const char			*cust_code;
	const char			*cust_name;
	/* What the transaction found (see offline_also). */
	long long			 date;		/* days since 1970 */
	long long			 today;
	int				 bad_state;	/* survey not open */
	int				 gone;		/* customer out of scope */
	int				 iv_done;	/* done meanwhile */
};

/* The survey's hub page (helper C's), for links back. */
static const char *
survey_url(struct offline *o)
{
	return app_url(o->r, arena_printf(o->r->a, "/surveys/%lld",
	    o->def->id));
}

static const char *
offline_url(struct offline *o)
{
	return app_url(o->r, arena_printf(o->r->a, "/surveys/%lld/offline",
	    o->def->id));
}

/* The 409 page of a survey that takes no offline answers now. */
static int
state_page(struct offline *o, const char *key)
{
	struct tmpl_dict	*d;

	d = page_new(o->r, "sv.offline.title");
	tmpl_set(d, "SURVEY_TITLE", survey_text(o->def->title, o->r->lang));
	tmpl_set(d, "SURVEY_URL", survey_url(o));
	tmpl_set(d, "MESSAGE", msg(o->r, key));
	tmpl_set(d, "INTERVIEWS_URL", app_url(o->r, "/interviews"));
	return page_render(o->r, d, "admin/survey_offline_state.tpl", 409);
}

/*
 * Load the survey of the path and, if given, the interview: 0, or the
 * status to answer with (the caller releases o->def if it is set).
 */
static int
offline_load(struct http_req *r, struct offline *o, const char *iv)
{
	struct db_rows	 rows;
	long long	 id;
	enum db_err	 e;

	memset(o, 0, sizeof(*o));
	o->r = r;
	o->scope = auth_scope_dept(r);
	o->today = admin_today();
	if ((id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = survey_get_id(r->db, id, &o->def)) != DB_OK)
		return db_status(e);
	if (o->def == NULL)
		return 404;
	if (o->def->status == SURVEY_DRAFT)
		return state_page(o, "sv.offline.err.draft");
	if (o->def->status == SURVEY_CLOSED)
		return state_page(o, "sv.offline.err.closed");
	if ((e = db_query(r->db, r->a, &o->channels, stmts[STMT_CHANNELS],
	    "")) != DB_OK)
		return db_status(e);
	if (iv == NULL)
		return 0;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_INTERVIEW], "iiss",
	    db_int(iv), o->def->id, o->scope, o->scope)) != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	if (strcmp(rows.v[0][1], "done") == 0)
		return state_page(o, "sv.offline.err.interview_done");
	o->iv_id = db_int(rows.v[0][0]);
	o->iv_month = rows.v[0][2];
	o->cust_id = db_int(rows.v[0][3]);
	o->cust_code = rows.v[0][4];
	o->cust_name = rows.v[0][5];
	return 0;
}

/* Customers whose code or name contains q, in the viewer's scope. */
static enum db_err
customer_search(struct offline *o, const char *q, struct db_rows *rows)
{
	const char	*pat = db_like_anywhere(o->r->a, q);

	return db_query(o->r->db, o->r->a, rows, stmts[STMT_CUSTOMER_SEARCH],
	    "ssssi", pat, pat, o->scope, o->scope, (long long)MATCH_MAX);
}

/* The customer of a code in the viewer's scope; 0 if there is none. */
static enum db_err
customer_by_code(struct offline *o, const char *code)
{
	struct db_rows	 rows;
	enum db_err	 e;

	if ((e = db_query(o->r->db, o->r->a, &rows, stmts[STMT_CUSTOMER_CODE],
	    "sss", code, o->scope, o->scope)) != DB_OK)
		return e;
	if (rows.n == 1) {
		o->cust_id = db_int(rows.v[0][0]);
		o->cust_code = rows.v[0][1];
		o->cust_name = rows.v[0][2];
	}
	return DB_OK;
}

/* Rows of customers (id, code, name) as links that choose one. */
static void
match_rows(struct offline *o, struct tmpl_dict *d, const char *section,
    const struct db_rows *rows)
{
	struct tmpl_dict	*row;
	size_t			 i;

	for (i = 0; i < rows->n; i++) {
		row = tmpl_row(d, section);
		tmpl_set(row, "CODE", rows->v[i][1]);
		tmpl_set(row, "NAME", rows->v[i][2]);
		tmpl_set(row, "URL", arena_printf(o->r->a, "%s?customer=%s",
		    offline_url(o), url_escape(o->r->a, rows->v[i][1])));
	}
}

/*
 * The page: the survey's form with the staff fields above the
 * questions.  v and ans are NULL for a new form.  Returns the content
 * dictionary and, in *xp, the staff fields' one.
 */
static struct tmpl_dict *
offline_page(struct offline *o, const struct fieldval *v,
    const struct survey_answers *ans, struct tmpl_dict **xp)
{
	struct http_req		*r = o->r;
	struct tmpl_dict	*d, *f, *x, *row;
	const char		*chan, *cust, *date;
	size_t			 i;

	d = page_new(r, "sv.offline.title");
	tmpl_set(d, "SURVEY_TITLE", survey_text(o->def->title, r->lang));
	tmpl_set(d, "SURVEY_URL", survey_url(o));
	tmpl_set(d, "ACTION", offline_url(o));
	tmpl_set(d, "INTERVIEWS_URL", app_url(r, "/interviews"));
	if (o->def->status == SURVEY_PILOT)
		tmpl_show(d, "PILOT");
	if (o->iv_id == 0)
		tmpl_show(d, "SEARCH");

	f = survey_form_render(r, d, "SURVEY_FORM", o->def, ans,
	    offline_url(o));
	x = tmpl_include(f, "FORM_EXTRA");
	tmpl_filename(x, lang_codes[r->lang], "admin/survey_offline_extra.tpl");
	tmpl_set(x, "TODAY", admin_day_str(r->a, o->today));
	if (v != NULL) {
		chan = v[OF_CHANNEL].raw;
		cust = v[OF_CUSTOMER].raw;
		date = v[OF_DATE].raw;
	} else {
		chan = o->iv_id ? "phone" : NULL;
		cust = o->cust_code;
		date = admin_day_str(r->a, o->today);
	}
	if (o->iv_id != 0) {
		tmpl_show(x, "INTERVIEW");
		tmpl_set_int(x, "INTERVIEW_ID", o->iv_id);
		tmpl_set(x, "CUSTOMER_CODE", o->cust_code);
		tmpl_set(x, "CUSTOMER_NAME", o->cust_name);
		tmpl_set(x, "MONTH", o->iv_month);
	} else {
		tmpl_show(x, "PICK");
		tmpl_set(x, "CUSTOMER", cust ? cust : "");
		if (o->cust_id != 0 && v == NULL) {
			tmpl_show(x, "PICKED");
			tmpl_set(x, "CUSTOMER_NAME", o->cust_name);
		}
	}
	tmpl_set(x, "DATE", date ? date : "");
	for (i = 0; i < o->channels.n; i++) {
		row = tmpl_row(x, "CHANNEL_OPTION");
		tmpl_set(row, "CODE", o->channels.v[i][0]);
		tmpl_set(row, "NAME", r->lang == LANG_EN ?
		    o->channels.v[i][2] : o->channels.v[i][1]);
		if (chan != NULL && strcmp(chan, o->channels.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	*xp = x;
	return d;
}

/* What offline_also needs, through survey_store's also_arg. */
struct otx {
	struct offline		*o;
	struct survey_submit	*s;
};

/*
 * Inside survey_store's transaction, after the response and its answers
 * are written: the survey still open, the customer still in scope, the
 * answered day, the interview done, the audit row.  Any failure rolls
 * the response back with everything else.
 */
static enum db_err
offline_also(struct db *db, void *arg)
{
	struct otx		*t = arg;
	struct offline		*o = t->o;
	struct http_req		*r = o->r;
	struct db_rows		 rows;
	struct json		*j;
	unsigned long long	 aff;
	long long		 rid = t->s->response_id;
	enum db_err		 e;

	o->bad_state = o->gone = o->iv_done = 0;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_SURVEY_LOCK], "i",
	    o->def->id)) != DB_OK)
		return e;
	if (rows.n == 0 || (strcmp(rows.v[0][0], "active") != 0 &&
	    strcmp(rows.v[0][0], "pilot") != 0) ||
	    (strcmp(rows.v[0][0], "pilot") == 0) != (t->s->pilot != 0)) {
		o->bad_state = 1;
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CUSTOMER_LOCK], "iss",
	    o->cust_id, o->scope, o->scope)) != DB_OK)
		return e;
	if (rows.n == 0) {
		o->gone = 1;
		return DB_ERROR;
	}
	if (o->date != o->today &&
	    (e = db_exec(db, NULL, NULL, stmts[STMT_SUBMITTED], "si",
	    admin_day_str(r->a, o->date), rid)) != DB_OK)
		return e;
	if (o->iv_id != 0) {
		if ((e = db_exec(db, &aff, NULL, stmts[STMT_INTERVIEW_DONE],
		    "iiiii", rid, r->sess->user_id, o->iv_id, o->def->id,
		    o->cust_id)) != DB_OK)
			return e;
		if (aff != 1) {
			o->iv_done = 1;
			return DB_ERROR;
		}
	}
	/* The audit row last: its buffer is freed by json_end alone. */
	j = json_new(r->a);
	json_int(j, "survey_id", o->def->id);
	json_int(j, "customer_id", o->cust_id);
	json_str(j, "channel", t->s->channel);
	json_str(j, "answered_on", admin_day_str(r->a, o->date));
	json_int(j, "entered_by", r->sess->user_id);
	json_int(j, "pilot", t->s->pilot);
	if (o->iv_id != 0)
		json_int(j, "interview_id", o->iv_id);
	return audit_write(db, r, NULL, "survey_response", rid,
	    "offline_entry", NULL, json_end(j));
}

/* The page after a save: who was saved, a link to enter another. */
static void
saved_box(struct offline *o, struct tmpl_dict *d, long long rid)
{
	struct http_req		*r = o->r;
	struct tmpl_dict	*row;
	struct db_rows		 rows;

	if (db_query(r->db, r->a, &rows, stmts[STMT_SAVED], "iiss", rid,
	    o->def->id, o->scope, o->scope) != DB_OK || rows.n == 0)
		return;
	row = tmpl_row(d, "SAVED");
	tmpl_set(row, "SAVED_CODE", rows.v[0][0]);
	tmpl_set(row, "SAVED_NAME", rows.v[0][1]);
	tmpl_set(row, "ANOTHER_URL", offline_url(o));
	tmpl_set(row, "RESPONSE_URL", app_url(r, arena_printf(r->a,
	    "/surveys/%lld/responses/%lld", o->def->id, rid)));
	if (rows.v[0][4] != NULL)
		tmpl_set(tmpl_row(row, "BACK"), "URL", app_url(r,
		    arena_printf(r->a, "/interviews?month=%s", rows.v[0][4])));
}

int
admin_survey_offline_form(struct http_req *r)
{
	struct offline		 o;
	struct fieldval		 g[GF__MAX];
	struct tmpl_dict	*d, *x, *row;
	struct db_rows		 found;
	enum db_err		 e;
	int			 st;

	(void)valid_form(&r->query, gfields, GF__MAX, g);
	if (g[GF_INTERVIEW].raw != NULL && g[GF_INTERVIEW].str == NULL)
		return 404;
	if ((st = offline_load(r, &o, g[GF_INTERVIEW].str)) != 0)
		goto out;
	if (o.iv_id == 0 && g[GF_CUSTOMER].str != NULL &&
	    (e = customer_by_code(&o, g[GF_CUSTOMER].str)) != DB_OK) {
		st = db_status(e);
		goto out;
	}
	d = offline_page(&o, NULL, NULL, &x);
	if (o.iv_id == 0 && g[GF_CUSTOMER].str != NULL && o.cust_id == 0) {
		/* Keep what was asked for, and say it is not a customer. */
		tmpl_set(x, "CUSTOMER", g[GF_CUSTOMER].str);
		page_field_error(r, x, "customer", "sv.offline.err.customer_none");
	}
	if (g[GF_Q].str != NULL && o.iv_id == 0) {
		if ((e = customer_search(&o, g[GF_Q].str, &found)) != DB_OK) {
			st = db_status(e);
			goto out;
		}
		tmpl_set(d, "Q", g[GF_Q].str);
		row = tmpl_row(d, "RESULTS");
		if (found.n == 0)
			tmpl_show(row, "NO_MATCH");
		match_rows(&o, row, "MATCH", &found);
	}
	if (g[GF_SAVED].str != NULL)
		saved_box(&o, d, g[GF_SAVED].i);
	st = page_render(r, d, "admin/survey_offline.tpl", 200);
out:
	if (o.def != NULL)
		survey_put(o.def);
	return st;
}

int
admin_survey_offline(struct http_req *r)
{
	struct offline		 o;
	struct fieldval		 v[OF__MAX];
	struct survey_answers	 ans;
	struct survey_submit	 s;
	struct otx		 t;
	struct tmpl_dict	*d, *x;
	struct db_rows		 found;
	const char		*fe[OF__MAX][2];
	size_t			 bad, ne = 0, i;
	enum db_err		 e;
	int			 st, matches = 0;

	found.n = 0;
	bad = valid_form(&r->form, ofields, OF__MAX, v);
	if (v[OF_INTERVIEW].raw != NULL && *v[OF_INTERVIEW].raw != '\0' &&
	    v[OF_INTERVIEW].str == NULL)
		return 404;
	if ((st = offline_load(r, &o, v[OF_INTERVIEW].str)) != 0)
		goto out;
	/* An interview names its customer: the field is not on the form. */
	if (o.iv_id != 0 && v[OF_CUSTOMER].err != NULL) {
		v[OF_CUSTOMER].err = NULL;
		bad--;
	}
	(void)survey_form_parse(r->a, o.def, &r->form, &ans);
	/* Checks beyond the validators: the lists, no future day, the
	 * customer's code. */
	if (v[OF_DATE].str != NULL && v[OF_DATE].i > o.today) {
		fe[ne][0] = "date";
		fe[ne++][1] = "sv.offline.err.future";
	} else if (v[OF_DATE].str != NULL &&
	    o.def->opens_on != VALID_NODATE &&
	    v[OF_DATE].i < o.def->opens_on) {
		/* Answered within the survey's period, as the public page. */
		fe[ne][0] = "date";
		fe[ne++][1] = "sv.offline.err.before_open";
	} else if (v[OF_DATE].str != NULL &&
	    o.def->closes_on != VALID_NODATE &&
	    v[OF_DATE].i > o.def->closes_on) {
		fe[ne][0] = "date";
		fe[ne++][1] = "sv.offline.err.after_close";
	}
	if (v[OF_CHANNEL].str != NULL && !db_rows_have(&o.channels,
	    v[OF_CHANNEL].str)) {
		fe[ne][0] = "channel";
		fe[ne++][1] = "sv.offline.err.channel";
	}
	if (o.iv_id == 0 && v[OF_CUSTOMER].str != NULL) {
		if ((e = customer_by_code(&o, v[OF_CUSTOMER].str)) != DB_OK) {
			st = db_status(e);
			goto out;
		}
		if (o.cust_id == 0) {
			if ((e = customer_search(&o, v[OF_CUSTOMER].str,
			    &found)) != DB_OK) {
				st = db_status(e);
				goto out;
			}
			matches = 1;
			fe[ne][0] = "customer";
			fe[ne++][1] = found.n ? "sv.offline.err.customer_pick" :
			    "sv.offline.err.customer_none";
		}
	}
	if (bad == 0 && ne == 0 && ans.nbad == 0) {
		memset(&s, 0, sizeof(s));
		s.def = o.def;
		s.ans = &ans;
		s.channel = v[OF_CHANNEL].str;
		s.customer_id = o.cust_id;
		s.pilot = o.def->status == SURVEY_PILOT;
		s.lang = r->lang;
		s.duration_s = -1;
		s.entered_by = r->sess->user_id;
		s.also = offline_also;
		t.o = &o;
		t.s = &s;
		s.also_arg = &t;
		o.date = v[OF_DATE].i;
		if ((e = survey_store(r->db, &s)) == DB_OK) {
			flash_set(r, o.iv_id ? "sv.offline.saved_interview" :
			    "sv.offline.saved");
			http_redirect(r, 303, arena_printf(r->a,
			    "%s?saved=%lld", offline_url(&o), s.response_id));
			st = 303;
			goto out;
		}
		if (o.bad_state)
			st = state_page(&o, "sv.offline.err.state");
		else if (o.gone)
			st = 404;
		else if (o.iv_done)
			st = state_page(&o, "sv.offline.err.interview_done");
		else
			st = db_status(e);
		goto out;
	}
	d = offline_page(&o, v, &ans, &x);
	if (matches && found.n > 0)
		match_rows(&o, x, "CUSTOMER_MATCH", &found);
	for (i = 0; i < ne; i++)
		page_field_error(r, x, fe[i][0], fe[i][1]);
	/* The validators' own messages on the staff fields. */
	for (i = 0; i < OF__MAX; i++)
		if (v[i].err != NULL)
			page_field_error(r, x, ofields[i].name, v[i].err);
	tmpl_show(d, "ERROR");
	tmpl_set(d, "MESSAGE", msg(r, "sv.offline.err.form"));
	st = page_render(r, d, "admin/survey_offline.tpl", 422);
out:
	if (o.def != NULL)
		survey_put(o.def);
	return st;
}
