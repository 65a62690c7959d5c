/*
 * The questions of a survey (DOMAIN.md section 3): add, edit, reorder and
 * remove, only while the survey is a draft (outside draft they are
 * frozen: copy the survey to change them).
 * GET/POST /admin/surveys/<id>/questions/new,
 * GET/POST /admin/surveys/<id>/questions/<qid>,
 * POST /admin/surveys/<id>/questions/<qid>/move,
 * POST /admin/surveys/<id>/questions/<qid>/delete.
 *
 * Each change is one transaction: the survey row locked (its status
 * checked again under the lock), the change, survey.version bumped and
 * an audit row.
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
#include "surveys.h"

#define OPT_MIN		2
#define OPT_MAX		20
#define OPT_LEN		200	/* characters of one option */
#define OPT_READ	100	/* lines read before counting */

enum { QQ_ID, QQ_POSITION, QQ_KIND, QQ_REQUIRED, QQ_DIMENSION, QQ_TEXT_ZH,
	QQ_TEXT_EN, QQ_HELP_ZH, QQ_HELP_EN };

enum stmt {
	STMT_Q_GET,
	STMT_Q_LOCK,
	STMT_OPTIONS,
	STMT_DIMENSIONS,
	STMT_NEXT_POS,
	STMT_Q_INSERT,
	STMT_Q_UPDATE,
	STMT_OPT_DEL,
	STMT_OPT_ADD,
	STMT_ANSWERED,
	STMT_ABOVE,
	STMT_BELOW,
	STMT_SET_POS,
	STMT_Q_DELETE,
	STMT_RENUMBER,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_Q_GET */
	"SELECT id, position, kind, required, dimension, text_zh, text_en, "
	"help_zh, help_en FROM survey_question WHERE id = ? AND survey_id = ?",
	/* STMT_Q_LOCK */
	"SELECT id, position, kind, required, dimension, text_zh, text_en, "
	"help_zh, help_en FROM survey_question WHERE id = ? AND survey_id = ? "
	"FOR UPDATE",
	/* STMT_OPTIONS */
	"SELECT label_zh, label_en FROM survey_option WHERE question_id = ? "
	"ORDER BY position",
	/* STMT_DIMENSIONS: the configurable list. */
	"SELECT code, name_zh, name_en FROM survey_dimension WHERE active = 1 "
	"ORDER BY sort, code",
	/* STMT_NEXT_POS: under the survey's lock. */
	"SELECT COALESCE(MAX(position), 0) + 1 FROM survey_question "
	"WHERE survey_id = ?",
	/* STMT_Q_INSERT */
	"INSERT INTO survey_question (survey_id, position, kind, required, "
	"dimension, text_zh, text_en, help_zh, help_en) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_Q_UPDATE */
	"UPDATE survey_question SET kind = ?, required = ?, dimension = ?, "
	"text_zh = ?, text_en = ?, help_zh = ?, help_en = ? WHERE id = ?",
	/* STMT_OPT_DEL */
	"DELETE FROM survey_option WHERE question_id = ?",
	/* STMT_OPT_ADD */
	"INSERT INTO survey_option (question_id, position, label_zh, label_en) "
	"VALUES (?, ?, ?, ?)",
	/* STMT_ANSWERED: pilot answers count too. */
	"SELECT 1 FROM survey_answer WHERE question_id = ? LIMIT 1",
	/* STMT_ABOVE: the question before this position. */
	"SELECT id, position FROM survey_question WHERE survey_id = ? "
	"AND position < ? ORDER BY position DESC, id DESC LIMIT 1",
	/* STMT_BELOW */
	"SELECT id, position FROM survey_question WHERE survey_id = ? "
	"AND position > ? ORDER BY position, id LIMIT 1",
	/* STMT_SET_POS */
	"UPDATE survey_question SET position = ? WHERE id = ?",
	/* STMT_Q_DELETE */
	"DELETE FROM survey_question WHERE id = ?",
	/* STMT_RENUMBER: close the gap a removed question leaves. */
	"UPDATE survey_question SET position = position - 1 "
	"WHERE survey_id = ? AND position > ?",
};

static const char *const kinds[] = {
	"rating", "nps", "ces", "single", "multiple", "short", "long", NULL };
static const char *const yes[] = { "1", NULL };

enum q_field {
	QF_KIND,
	QF_REQUIRED,
	QF_DIMENSION,
	QF_TEXT_ZH,
	QF_TEXT_EN,
	QF_HELP_ZH,
	QF_HELP_EN,
	QF_OPTIONS_ZH,
	QF_OPTIONS_EN,
	QF__MAX
};

static const struct field q_fields[QF__MAX] = {
	/* QF_KIND */
	{ "kind", valid_enum, 1, 0, 0, kinds },
	/* QF_REQUIRED: a checkbox */
	{ "required", valid_enum, 0, 0, 0, yes },
	/* QF_DIMENSION: checked against the active dimensions */
	{ "dimension", valid_text, 0, 0, 30, NULL },
	/* QF_TEXT_ZH */
	{ "text_zh", valid_text, 1, 1, 500, NULL },
	/* QF_TEXT_EN */
	{ "text_en", valid_text, 0, 0, 500, NULL },
	/* QF_HELP_ZH */
	{ "help_zh", valid_text, 0, 0, 500, NULL },
	/* QF_HELP_EN */
	{ "help_en", valid_text, 0, 0, 500, NULL },
	/* QF_OPTIONS_ZH: one per line */
	{ "options_zh", valid_text, 0, 0, 6000, NULL },
	/* QF_OPTIONS_EN */
	{ "options_en", valid_text, 0, 0, 6000, NULL },
};

static int
is_choice(const char *k)
{
	return strcmp(k, "single") == 0 || strcmp(k, "multiple") == 0;
}

/* Rated kinds may carry a dimension (rating must). */
static int
is_rated(const char *k)
{
	return strcmp(k, "rating") == 0 || strcmp(k, "nps") == 0 ||
	    strcmp(k, "ces") == 0;
}

/*
 * The options of a textarea: one per line, blank lines skipped, each
 * trimmed.  Returns 0, or -1 if a line is longer than OPT_LEN
 * characters; at most max lines are kept, *n counts them all.
 */
static int
opts_split(struct arena *a, const char *s, const char **out, size_t max,
    size_t *n)
{
	const char	*p = s, *e, *t;
	size_t		 len;
	int		 rc = 0;

	*n = 0;
	while (s != NULL && *p != '\0') {
		e = p + strcspn(p, "\n");
		for (t = p; t < e && (*t == ' ' || *t == '\t' || *t == '\r');
		    t++)
			;
		for (len = (size_t)(e - t); len > 0 && (t[len - 1] == ' ' ||
		    t[len - 1] == '\t' || t[len - 1] == '\r'); len--)
			;
		if (len > 0) {
			if (*n < max)
				out[*n] = arena_strndup(a, t, len);
			if (*n < max && utf8_len(out[*n]) > OPT_LEN)
				rc = -1;
			(*n)++;
		}
		p = *e == '\0' ? e : e + 1;
	}
	return rc;
}

/* A validated question. */
struct q_in {
	long long	 survey;
	long long	 id;		/* 0: create */
	const char	*kind;
	int		 required;
	const char	*dimension;
	const char	*text_zh;
	const char	*text_en;
	const char	*help_zh;
	const char	*help_en;
	const char	*opt_zh[OPT_MAX];
	const char	*opt_en[OPT_MAX];
	size_t		 nopt;
	size_t		 nopt_en;
	long long	 position;
};

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static const char *
joined(struct arena *a, const char *const *v, size_t n)
{
	const char	*s = "";
	size_t		 i;

	for (i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? "\n" : "", v[i]);
	return s;
}

static struct json *
q_json(struct arena *a, const struct q_in *q)
{
	struct json	*j = json_new(a);

	json_int(j, "survey_id", q->survey);
	json_int(j, "position", q->position);
	json_str(j, "kind", q->kind);
	json_int(j, "required", q->required);
	json_str(j, "dimension", q->dimension);
	json_str(j, "text_zh", q->text_zh);
	json_str(j, "text_en", q->text_en);
	json_str(j, "help_zh", q->help_zh);
	json_str(j, "help_en", q->help_en);
	json_str(j, "options_zh", joined(a, q->opt_zh, q->nopt));
	json_str(j, "options_en", joined(a, q->opt_en, q->nopt_en));
	return j;
}

/* The stored question qid of survey sid, options too; 0, 404 or error. */
static int
q_load(struct http_req *r, struct db *db, long long sid, long long qid,
    int lock, struct q_in *q)
{
	struct db_rows	 rows, o;
	char		**x;
	size_t		 i;
	enum db_err	 e;

	memset(q, 0, sizeof(*q));
	if (qid == 0)
		return 404;
	if ((e = db_query(db, r->a, &rows, stmts[lock ? STMT_Q_LOCK :
	    STMT_Q_GET], "ii", qid, sid)) != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	if ((e = db_query(db, r->a, &o, stmts[STMT_OPTIONS], "i", qid)) !=
	    DB_OK)
		return db_status(e);
	x = rows.v[0];
	q->survey = sid;
	q->id = qid;
	q->position = db_int(x[QQ_POSITION]);
	q->kind = x[QQ_KIND];
	q->required = (int)db_int(x[QQ_REQUIRED]);
	q->dimension = x[QQ_DIMENSION];
	q->text_zh = x[QQ_TEXT_ZH];
	q->text_en = x[QQ_TEXT_EN];
	q->help_zh = x[QQ_HELP_ZH];
	q->help_en = x[QQ_HELP_EN];
	for (i = 0; i < o.n && i < OPT_MAX; i++) {
		q->opt_zh[i] = o.v[i][0];
		q->opt_en[i] = o.v[i][1];
		if (*o.v[i][1] != '\0')
			q->nopt_en = i + 1;
	}
	q->nopt = i;
	return 0;
}

/* ------------------------------------------------------------ the form */

static struct tmpl_dict *
form_page(struct http_req *r, const struct sv *s, long long qid,
    const struct fieldval *v, const struct db_rows *dims)
{
	struct tmpl_dict	*d, *row;
	const char		*url, *cur;
	size_t			 i;

	url = app_url(r, arena_printf(r->a, "/surveys/%lld", s->id));
	d = page_new(r, qid ? "sv.design.q.edit.title" :
	    "sv.design.q.new.title");
	tmpl_set(d, "SURVEY_URL", url);
	tmpl_set(d, "SURVEY_TITLE", s->title);
	if (qid == 0) {
		tmpl_show(d, "IS_NEW");
		tmpl_set(d, "ACTION", arena_printf(r->a, "%s/questions/new",
		    url));
	} else {
		tmpl_show(d, "IS_EDIT");
		tmpl_set(d, "ACTION", arena_printf(r->a, "%s/questions/%lld",
		    url, qid));
	}
	page_fields(r, d, q_fields, QF__MAX, v);
	if (v[QF_REQUIRED].raw != NULL && strcmp(v[QF_REQUIRED].raw, "1") == 0)
		tmpl_show(d, "REQUIRED_CHECKED");
	cur = v[QF_KIND].raw ? v[QF_KIND].raw : "rating";
	for (i = 0; kinds[i] != NULL; i++) {
		row = tmpl_row(d, "KIND_OPTION");
		tmpl_set(row, "ID", kinds[i]);
		tmpl_set(row, "NAME", sv_kind_label(r, kinds[i]));
		if (strcmp(cur, kinds[i]) == 0)
			tmpl_show(row, "SELECTED");
	}
	cur = v[QF_DIMENSION].raw ? v[QF_DIMENSION].raw : "";
	if (*cur == '\0')
		tmpl_show(d, "NO_DIMENSION");
	for (i = 0; i < dims->n; i++) {
		row = tmpl_row(d, "DIMENSION_OPTION");
		tmpl_set(row, "ID", dims->v[i][0]);
		tmpl_set(row, "NAME", sv_text(r, dims->v[i][1],
		    dims->v[i][2]));
		if (strcmp(cur, dims->v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	return d;
}

struct q_tx {
	struct http_req	*r;
	struct q_in	 q;
	int		 fail;	/* enum sv_fail */
};

/*
 * In a write's transaction: lock the survey sid, which must still be a
 * draft, and read its question qid (0: none) into q.  DB_OK; DB_ERROR
 * with *fail SV_GONE or SV_FROZEN; or the database's error.
 */
static enum db_err
draft_lock(struct db *db, struct http_req *r, long long sid, long long qid,
    struct q_in *q, int *fail)
{
	const char	*status;
	int		 st;
	enum db_err	 e;

	if ((e = sv_lock(db, r->a, sid, &status)) != DB_OK)
		return e;
	if (status == NULL) {
		*fail = SV_GONE;
		return DB_ERROR;
	}
	if (strcmp(status, "draft") != 0) {
		*fail = SV_FROZEN;
		return DB_ERROR;
	}
	if (qid == 0)
		return DB_OK;
	if ((st = q_load(r, db, sid, qid, 1, q)) != 0) {
		if (st != 404)
			return DB_UNAVAILABLE;
		*fail = SV_GONE;
		return DB_ERROR;
	}
	return DB_OK;
}

static enum db_err
q_write(struct db *db, void *arg)
{
	struct q_tx		*t = arg;
	struct http_req		*r = t->r;
	struct q_in		*q = &t->q, old;
	struct db_rows		 rows;
	unsigned long long	 nid;
	size_t			 i;
	int			 update = q->id != 0;
	enum db_err		 e;

	t->fail = SV_OK;
	memset(&old, 0, sizeof(old));
	if ((e = draft_lock(db, r, q->survey, update ? q->id : 0, &old,
	    &t->fail)) != DB_OK)
		return e;
	if (update) {
		q->position = old.position;
		/* Answers (a pilot's) keep their meaning: the kind and the
		 * number of options stay. */
		if (strcmp(old.kind, q->kind) != 0 || old.nopt != q->nopt) {
			if ((e = db_query(db, r->a, &rows,
			    stmts[STMT_ANSWERED], "i", q->id)) != DB_OK)
				return e;
			if (rows.n > 0) {
				t->fail = SV_ANSWERED;
				return DB_ERROR;
			}
		}
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_Q_UPDATE],
		    "sisssssi", q->kind, (long long)q->required, q->dimension,
		    q->text_zh, nz(q->text_en), nz(q->help_zh),
		    nz(q->help_en), q->id)) != DB_OK ||
		    (e = db_exec(db, NULL, NULL, stmts[STMT_OPT_DEL], "i",
		    q->id)) != DB_OK)
			return e;
	} else {
		if ((e = db_query(db, r->a, &rows, stmts[STMT_NEXT_POS], "i",
		    q->survey)) != DB_OK)
			return e;
		q->position = db_int(rows.v[0][0]);
		if ((e = db_exec(db, NULL, &nid, stmts[STMT_Q_INSERT],
		    "iisisssss", q->survey, q->position, q->kind,
		    (long long)q->required, q->dimension, q->text_zh,
		    nz(q->text_en), nz(q->help_zh), nz(q->help_en))) != DB_OK)
			return e;
		q->id = (long long)nid;
	}
	for (i = 0; i < q->nopt; i++)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_OPT_ADD], "iiss",
		    q->id, (long long)(i + 1), q->opt_zh[i],
		    i < q->nopt_en ? q->opt_en[i] : "")) != DB_OK)
			return e;
	if ((e = sv_bump(db, q->survey)) != DB_OK)
		return e;
	return audit_write(db, r, NULL, "survey_question", q->id,
	    update ? "update" : "create", update ? json_end(q_json(r->a,
	    &old)) : NULL, json_end(q_json(r->a, q)));
}

static enum db_err
q_tx_run(struct db *db, void *arg)
{
	struct q_tx	*t = arg;
	long long	 id = t->q.id;
	enum db_err	 e;

	/* A deadlock runs it again: as a create if it was one. */
	if ((e = q_write(db, t)) != DB_OK)
		t->q.id = id;
	return e;
}

/*
 * Check the question's values beyond the validators; the number of bad
 * fields (each marked in d later through names/keys).
 */
struct q_err {
	const char	*name[4];
	const char	*key[4];
	size_t		 n;
};

static void
q_err_add(struct q_err *qe, const char *name, const char *key)
{
	if (qe->n < 4) {
		qe->name[qe->n] = name;
		qe->key[qe->n] = key;
		qe->n++;
	}
}

static void
q_check(struct http_req *r, const struct fieldval *v,
    const struct db_rows *dims, struct q_in *q, struct q_err *qe)
{
	const char	*kind = v[QF_KIND].str, *dim = v[QF_DIMENSION].str;
	const char	*zh[OPT_READ], *en[OPT_READ];
	size_t		 i, nzh, nen;
	int		 found = 0, rzh, ren;

	rzh = opts_split(r->a, v[QF_OPTIONS_ZH].str, zh, OPT_READ, &nzh);
	ren = opts_split(r->a, v[QF_OPTIONS_EN].str, en, OPT_READ, &nen);
	if (kind == NULL)
		return;	/* marked already */
	if (dim != NULL) {
		for (i = 0; i < dims->n; i++)
			if (strcmp(dims->v[i][0], dim) == 0)
				found = 1;
		if (!is_rated(kind))
			q_err_add(qe, "dimension",
			    "sv.design.err.dimension_forbidden");
		else if (!found)
			q_err_add(qe, "dimension", "err.enum");
	} else if (strcmp(kind, "rating") == 0 && v[QF_DIMENSION].err == NULL)
		q_err_add(qe, "dimension", "sv.design.err.dimension_required");
	if (is_choice(kind)) {
		if (v[QF_OPTIONS_ZH].err != NULL)
			;
		else if (nzh < OPT_MIN || nzh > OPT_MAX)
			q_err_add(qe, "options_zh", "sv.design.err.options_count");
		else if (rzh == -1)
			q_err_add(qe, "options_zh", "sv.design.err.option_long");
		else {
			for (i = 1; i < nzh; i++) {
				size_t	 k;

				for (k = 0; k < i; k++)
					if (strcmp(zh[i], zh[k]) == 0)
						break;
				if (k < i)
					break;
			}
			if (i < nzh)
				q_err_add(qe, "options_zh",
				    "sv.design.err.option_dup");
		}
		if (v[QF_OPTIONS_EN].err != NULL)
			;
		else if (nen > 0 && nen != nzh)
			q_err_add(qe, "options_en",
			    "sv.design.err.options_en_count");
		else if (ren == -1)
			q_err_add(qe, "options_en", "sv.design.err.option_long");
	} else {
		if (nzh > 0)
			q_err_add(qe, "options_zh",
			    "sv.design.err.options_forbidden");
		if (nen > 0)
			q_err_add(qe, "options_en",
			    "sv.design.err.options_forbidden");
	}
	q->kind = kind;
	q->dimension = dim;
	if (is_choice(kind) && nzh <= OPT_MAX) {
		for (i = 0; i < nzh; i++)
			q->opt_zh[i] = zh[i];
		q->nopt = nzh;
		for (i = 0; i < nen && i < OPT_MAX; i++)
			q->opt_en[i] = en[i];
		q->nopt_en = nen <= OPT_MAX ? nen : 0;
	}
}

/* Save the form (qid 0: add); 303, 422 with the form again, or error. */
static int
q_save(struct http_req *r, const struct sv *s, long long qid)
{
	struct fieldval		 v[QF__MAX];
	struct db_rows		 dims;
	struct tmpl_dict	*d;
	struct q_tx		 t;
	struct q_err		 qe;
	size_t			 bad, i;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &dims, stmts[STMT_DIMENSIONS], "")) !=
	    DB_OK)
		return db_status(e);
	memset(&t, 0, sizeof(t));
	memset(&qe, 0, sizeof(qe));
	t.r = r;
	bad = valid_form(&r->form, q_fields, QF__MAX, v);
	q_check(r, v, &dims, &t.q, &qe);
	if (bad == 0 && qe.n == 0) {
		t.q.survey = s->id;
		t.q.id = qid;
		t.q.required = v[QF_REQUIRED].str != NULL;
		t.q.text_zh = v[QF_TEXT_ZH].str;
		t.q.text_en = v[QF_TEXT_EN].str;
		t.q.help_zh = v[QF_HELP_ZH].str;
		t.q.help_en = v[QF_HELP_EN].str;
		if ((e = db_tx(r->db, q_tx_run, &t)) == DB_OK) {
			flash_set(r, qid ? "sv.design.q.saved" :
			    "sv.design.q.created");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/surveys/%lld#q-%lld", s->id, t.q.id)));
			return 303;
		}
		switch (t.fail) {
		case SV_GONE:
			return 404;
		case SV_FROZEN:
			return sv_frozen(r, s);
		case SV_ANSWERED:
			q_err_add(&qe, "kind", "sv.design.err.answered");
			break;
		default:
			return db_status(e);
		}
	}
	d = form_page(r, s, qid, v, &dims);
	for (i = 0; i < qe.n; i++)
		page_field_error(r, d, qe.name[i], qe.key[i]);
	tmpl_show(d, "ERROR");
	return page_render(r, d, "admin/survey_question_form.tpl", 422);
}

/* The survey of the path, in draft: 0, or the status to answer. */
static int
draft_get(struct http_req *r, struct sv *s)
{
	int	 st;

	if ((st = sv_get(r, r->args[0], s)) != 0)
		return st;
	if (strcmp(s->status, "draft") != 0)
		return sv_frozen(r, s);
	return 0;
}

/* The draft survey and its question of the path: 0, or the status. */
static int
draft_q_get(struct http_req *r, struct sv *s, struct q_in *q)
{
	int	 st;

	if ((st = draft_get(r, s)) != 0)
		return st;
	return q_load(r, r->db, s->id, app_path_id(r->args[1]), 0, q);
}

int
admin_question_new_form(struct http_req *r)
{
	struct fieldval	 v[QF__MAX];
	struct db_rows	 dims;
	struct sv	 s;
	int		 st;
	enum db_err	 e;

	if ((st = draft_get(r, &s)) != 0)
		return st;
	if ((e = db_query(r->db, r->a, &dims, stmts[STMT_DIMENSIONS], "")) !=
	    DB_OK)
		return db_status(e);
	memset(v, 0, sizeof(v));
	v[QF_KIND].raw = "rating";
	v[QF_REQUIRED].raw = "1";
	return page_render(r, form_page(r, &s, 0, v, &dims),
	    "admin/survey_question_form.tpl", 200);
}

int
admin_question_new(struct http_req *r)
{
	struct sv	 s;
	int		 st;

	if ((st = draft_get(r, &s)) != 0)
		return st;
	return q_save(r, &s, 0);
}

int
admin_question_edit_form(struct http_req *r)
{
	struct fieldval	 v[QF__MAX];
	struct db_rows	 dims;
	struct q_in	 q;
	struct sv	 s;
	int		 st;
	enum db_err	 e;

	if ((st = draft_q_get(r, &s, &q)) != 0)
		return st;
	if ((e = db_query(r->db, r->a, &dims, stmts[STMT_DIMENSIONS], "")) !=
	    DB_OK)
		return db_status(e);
	memset(v, 0, sizeof(v));
	v[QF_KIND].raw = q.kind;
	v[QF_REQUIRED].raw = q.required ? "1" : NULL;
	v[QF_DIMENSION].raw = q.dimension;
	v[QF_TEXT_ZH].raw = q.text_zh;
	v[QF_TEXT_EN].raw = q.text_en;
	v[QF_HELP_ZH].raw = q.help_zh;
	v[QF_HELP_EN].raw = q.help_en;
	v[QF_OPTIONS_ZH].raw = joined(r->a, q.opt_zh, q.nopt);
	v[QF_OPTIONS_EN].raw = joined(r->a, q.opt_en, q.nopt_en);
	return page_render(r, form_page(r, &s, q.id, v, &dims),
	    "admin/survey_question_form.tpl", 200);
}

int
admin_question_edit(struct http_req *r)
{
	struct q_in	 q;
	struct sv	 s;
	int		 st;

	if ((st = draft_q_get(r, &s, &q)) != 0)
		return st;
	return q_save(r, &s, q.id);
}

/* ------------------------------------------------------------ move */

struct move_tx {
	struct http_req	*r;
	long long	 survey;
	long long	 id;
	int		 up;
	int		 moved;
	int		 fail;
};

static enum db_err
move_write(struct db *db, void *arg)
{
	struct move_tx	*t = arg;
	struct http_req	*r = t->r;
	struct db_rows	 rows;
	struct json	*b, *a;
	struct q_in	 q;
	long long	 other, pos;
	enum db_err	 e;

	t->fail = SV_OK;
	t->moved = 0;
	if ((e = draft_lock(db, r, t->survey, t->id, &q, &t->fail)) != DB_OK)
		return e;
	if ((e = db_query(db, r->a, &rows, stmts[t->up ? STMT_ABOVE :
	    STMT_BELOW], "ii", t->survey, q.position)) != DB_OK)
		return e;
	if (rows.n == 0)
		return DB_OK;	/* first (last) already: nothing changes */
	other = db_int(rows.v[0][0]);
	pos = db_int(rows.v[0][1]);
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_SET_POS], "ii", pos,
	    t->id)) != DB_OK ||
	    (e = db_exec(db, NULL, NULL, stmts[STMT_SET_POS], "ii", q.position,
	    other)) != DB_OK ||
	    (e = sv_bump(db, t->survey)) != DB_OK)
		return e;
	t->moved = 1;
	b = json_new(r->a);
	json_int(b, "survey_id", t->survey);
	json_int(b, "position", q.position);
	a = json_new(r->a);
	json_int(a, "survey_id", t->survey);
	json_int(a, "position", pos);
	return audit_write(db, r, NULL, "survey_question", t->id, "move",
	    json_end(b), json_end(a));
}

int
admin_question_move(struct http_req *r)
{
	static const char *const dirs[] = { "up", "down", NULL };
	static const struct field f = { "dir", valid_enum, 1, 0, 0, dirs };
	struct fieldval	 v;
	struct move_tx	 t;
	struct q_in	 q;
	struct sv	 s;
	int		 st;
	enum db_err	 e;

	if ((st = draft_q_get(r, &s, &q)) != 0)
		return st;
	if (valid_form(&r->form, &f, 1, &v) != 0)
		return page_error(r, 422, "sv.design.err.move_dir");
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.survey = s.id;
	t.id = q.id;
	t.up = v.i == 0;
	if ((e = db_tx(r->db, move_write, &t)) != DB_OK) {
		if (t.fail == SV_GONE)
			return 404;
		if (t.fail == SV_FROZEN)
			return sv_frozen(r, &s);
		return db_status(e);
	}
	flash_set(r, t.moved ? "sv.design.q.moved" : "sv.design.q.not_moved");
	http_redirect(r, 303, app_url(r, arena_printf(r->a,
	    "/surveys/%lld#q-%lld", s.id, q.id)));
	return 303;
}

/* ------------------------------------------------------------ delete */

struct del_tx {
	struct http_req	*r;
	long long	 survey;
	long long	 id;
	int		 fail;
};

static enum db_err
del_write(struct db *db, void *arg)
{
	struct del_tx	*t = arg;
	struct http_req	*r = t->r;
	struct db_rows	 rows;
	struct q_in	 q;
	enum db_err	 e;

	t->fail = SV_OK;
	if ((e = draft_lock(db, r, t->survey, t->id, &q, &t->fail)) != DB_OK)
		return e;
	/* Removing it would remove its (pilot) answers with it. */
	if ((e = db_query(db, r->a, &rows, stmts[STMT_ANSWERED], "i", t->id))
	    != DB_OK)
		return e;
	if (rows.n > 0) {
		t->fail = SV_ANSWERED;
		return DB_ERROR;
	}
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_Q_DELETE], "i", t->id)) !=
	    DB_OK ||
	    (e = db_exec(db, NULL, NULL, stmts[STMT_RENUMBER], "ii",
	    t->survey, q.position)) != DB_OK ||
	    (e = sv_bump(db, t->survey)) != DB_OK)
		return e;
	return audit_write(db, r, NULL, "survey_question", t->id, "delete",
	    json_end(q_json(r->a, &q)), NULL);
}

int
admin_question_delete(struct http_req *r)
{
	static const struct field f = { "confirm", valid_enum, 0, 0, 0, yes };
	struct fieldval		 v;
	struct tmpl_dict	*d;
	struct del_tx		 t;
	struct q_in		 q;
	struct sv		 s;
	const char		*url;
	int			 st;
	enum db_err		 e;

	if ((st = draft_q_get(r, &s, &q)) != 0)
		return st;
	(void)valid_form(&r->form, &f, 1, &v);
	url = app_url(r, arena_printf(r->a, "/surveys/%lld", s.id));
	if (v.str == NULL) {
		/* The first step asks. */
		d = page_new(r, "sv.design.q.delete.title");
		tmpl_set(d, "SURVEY_URL", url);
		tmpl_set(d, "SURVEY_TITLE", s.title);
		tmpl_set(d, "ACTION", arena_printf(r->a,
		    "%s/questions/%lld/delete", url, q.id));
		tmpl_set(d, "N", arena_printf(r->a, "%lld", q.position));
		tmpl_set(d, "KIND_NAME", sv_kind_label(r, q.kind));
		tmpl_set(d, "TEXT", sv_text(r, q.text_zh, q.text_en));
		return page_render(r, d, "admin/survey_question_delete.tpl",
		    200);
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.survey = s.id;
	t.id = q.id;
	if ((e = db_tx(r->db, del_write, &t)) != DB_OK) {
		switch (t.fail) {
		case SV_GONE:
			return 404;
		case SV_FROZEN:
			return sv_frozen(r, &s);
		case SV_ANSWERED:
			return page_error(r, 409, "sv.design.err.answered");
		default:
			return db_status(e);
		}
	}
	flash_set(r, "sv.design.q.deleted");
	http_redirect(r, 303, arena_printf(r->a, "%s#questions", url));
	return 303;
}
