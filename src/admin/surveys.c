/*
 * Survey design (DOMAIN.md section 3): the list of surveys, creating and
 * editing one, its hub page (settings, questions, status actions, links
 * to invitations, results, offline answers and the preview), the status
 * changes draft -> pilot -> active -> closed, and copying a survey.
 * GET /admin/surveys, GET/POST /admin/surveys/new, GET /admin/surveys/<id>,
 * GET/POST /admin/surveys/<id>/edit, POST /admin/surveys/<id>/status,
 * POST /admin/surveys/<id>/copy, GET /admin/surveys/<id>/preview.
 * The questions' pages are in survey_questions.c.
 *
 * Every change is one transaction that locks the survey row, bumps
 * survey.version (the public program caches definitions by version) and
 * writes an audit row.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/app.h"
#include "core/auth.h"
#include "core/crm.h"
#include "core/db.h"
#include "core/survey.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"
#include "surveys.h"

#define SV_PER_PAGE	20
#define SV_INTRO_MAX	2000	/* characters of an introduction/thanks */

/* The list: search (set?, slug, zh title, en title) and status. */
#define LIST_COND \
	" WHERE (? IS NULL OR s.slug LIKE ? ESCAPE '!' " \
	"OR s.title_zh LIKE ? ESCAPE '!' OR s.title_en LIKE ? ESCAPE '!') " \
	"AND (? IS NULL OR s.status = ?)"
#define LIST_SELECT(order) \
	"SELECT s.id, s.slug, s.status, s.title_zh, s.title_en, " \
	"DATE_FORMAT(s.opens_on, '%Y-%m-%d'), " \
	"DATE_FORMAT(s.closes_on, '%Y-%m-%d'), u.display_name, " \
	"(SELECT COUNT(*) FROM survey_question q WHERE q.survey_id = s.id), " \
	"(SELECT COUNT(*) FROM survey_response p WHERE p.survey_id = s.id " \
	"AND p.pilot = 0), " \
	"DATE_FORMAT(s.updated_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i') " \
	"FROM survey s LEFT JOIN `user` u ON u.id = s.owner_id" LIST_COND \
	order " LIMIT ? OFFSET ?"
enum { L_ID, L_SLUG, L_STATUS, L_TITLE_ZH, L_TITLE_EN, L_OPENS, L_CLOSES,
	L_OWNER, L_QUESTIONS, L_RESPONSES, L_UPDATED };

/* One survey with everything the hub and the edit form show. */
enum { G_ID, G_SLUG, G_STATUS, G_VERSION, G_TITLE_ZH, G_TITLE_EN,
	G_INTRO_ZH, G_INTRO_EN, G_THANKS_ZH, G_THANKS_EN, G_GOAL,
	G_TARGET_KIND, G_TARGET_VALUE, G_OPENS, G_CLOSES, G_OWNER_ID,
	G_OWNER, G_MIN_SECONDS, G_COPIED_FROM, G_COPIED_SLUG, G_CREATOR,
	G_CREATED, G_UPDATED, G_ACTIVATED, G_CLOSED };

/* The questions in order. */
enum { Q_ID, Q_POSITION, Q_KIND, Q_REQUIRED, Q_DIMENSION, Q_DIM_ZH,
	Q_DIM_EN, Q_TEXT_ZH, Q_TEXT_EN, Q_HELP_ZH, Q_HELP_EN, Q_OPTIONS };

enum stmt {
	STMT_LIST_COUNT,
	STMT_LIST_BY_UPDATED,
	STMT_LIST_BY_TITLE,
	STMT_LIST_BY_OPENS,
	STMT_LIST_BY_STATUS,
	STMT_GET,
	STMT_HEAD,
	STMT_LOCK,
	STMT_BUMP,
	STMT_QUESTIONS,
	STMT_COUNTS,
	STMT_WARN,
	STMT_OWNERS,
	STMT_OWNER_CHECK,
	STMT_TIERS,
	STMT_TAG_EXISTS,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_OLD,
	STMT_QCOUNT,
	STMT_STATUS,
	STMT_COPY,
	STMT_COPY_QUESTIONS,
	STMT_COPY_QUESTION,
	STMT_COPY_OPTIONS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST_COUNT */
	"SELECT COUNT(*) FROM survey s" LIST_COND,
	/* STMT_LIST_BY_UPDATED */
	LIST_SELECT(" ORDER BY s.updated_at DESC, s.id DESC"),
	/* STMT_LIST_BY_TITLE */
	LIST_SELECT(" ORDER BY s.title_zh, s.id"),
	/* STMT_LIST_BY_OPENS */
	LIST_SELECT(" ORDER BY s.opens_on IS NULL, s.opens_on DESC, s.id DESC"),
	/* STMT_LIST_BY_STATUS: the order of the life cycle. */
	LIST_SELECT(" ORDER BY s.status, s.updated_at DESC, s.id DESC"),
	/* STMT_GET */
	"SELECT s.id, s.slug, s.status, s.version, s.title_zh, s.title_en, "
	"s.intro_zh, s.intro_en, s.thanks_zh, s.thanks_en, s.goal, "
	"s.target_kind, s.target_value, DATE_FORMAT(s.opens_on, '%Y-%m-%d'), "
	"DATE_FORMAT(s.closes_on, '%Y-%m-%d'), s.owner_id, u.display_name, "
	"s.min_seconds, s.copied_from, c.slug, cb.display_name, "
	"DATE_FORMAT(s.created_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(s.updated_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(s.activated_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(s.closed_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i') "
	"FROM survey s LEFT JOIN `user` u ON u.id = s.owner_id "
	"LEFT JOIN survey c ON c.id = s.copied_from "
	"LEFT JOIN `user` cb ON cb.id = s.created_by WHERE s.id = ?",
	/* STMT_HEAD */
	"SELECT id, slug, status, version, title_zh, title_en, target_kind, "
	"target_value FROM survey WHERE id = ?",
	/* STMT_LOCK: the row every change starts from. */
	"SELECT status FROM survey WHERE id = ? FOR UPDATE",
	/* STMT_BUMP */
	"UPDATE survey SET version = version + 1 WHERE id = ?",
	/* STMT_QUESTIONS */
	"SELECT q.id, q.position, q.kind, q.required, q.dimension, d.name_zh, "
	"d.name_en, q.text_zh, q.text_en, q.help_zh, q.help_en, "
	"(SELECT COUNT(*) FROM survey_option o WHERE o.question_id = q.id) "
	"FROM survey_question q LEFT JOIN survey_dimension d "
	"ON d.code = q.dimension WHERE q.survey_id = ? "
	"ORDER BY q.position, q.id",
	/* STMT_COUNTS: responses (not pilot), pilot responses, invitations,
	 * valid responses. */
	"SELECT (SELECT COUNT(*) FROM survey_response WHERE survey_id = ? "
	"AND pilot = 0), (SELECT COUNT(*) FROM survey_response "
	"WHERE survey_id = ? AND pilot = 1), (SELECT COUNT(*) "
	"FROM survey_invitation WHERE survey_id = ?), (SELECT COUNT(*) "
	"FROM survey_response WHERE survey_id = ? AND pilot = 0 AND "
	"(invalid_reason IS NULL OR overturned_at IS NOT NULL))",
	/* STMT_WARN */
	"SELECT value FROM setting WHERE name = 'survey.warn_questions'",
	/* STMT_OWNERS: who can own a survey. */
	"SELECT id, display_name, login FROM `user` WHERE active = 1 "
	"ORDER BY display_name, login",
	/* STMT_OWNER_CHECK: kept active until the transaction ends. */
	"SELECT 1 FROM `user` WHERE id = ? AND active = 1 LOCK IN SHARE MODE",
	/* STMT_TIERS */
	"SELECT code FROM tier ORDER BY sort, code",
	/* STMT_TAG_EXISTS */
	"SELECT 1 FROM customer_tag WHERE tag = ? LIMIT 1",
	/* STMT_INSERT */
	"INSERT INTO survey (slug, title_zh, title_en, intro_zh, intro_en, "
	"thanks_zh, thanks_en, goal, target_kind, target_value, opens_on, "
	"closes_on, owner_id, min_seconds, created_by) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_UPDATE */
	"UPDATE survey SET slug = ?, title_zh = ?, title_en = ?, "
	"intro_zh = ?, intro_en = ?, thanks_zh = ?, thanks_en = ?, goal = ?, "
	"target_kind = ?, target_value = ?, opens_on = ?, closes_on = ?, "
	"owner_id = ?, min_seconds = ?, version = version + 1 WHERE id = ?",
	/* STMT_OLD: the stored values, for the audit trail. */
	"SELECT slug, title_zh, title_en, intro_zh, intro_en, thanks_zh, "
	"thanks_en, goal, target_kind, target_value, "
	"DATE_FORMAT(opens_on, '%Y-%m-%d'), DATE_FORMAT(closes_on, '%Y-%m-%d'), "
	"owner_id, min_seconds FROM survey WHERE id = ?",
	/* STMT_QCOUNT */
	"SELECT COUNT(*) FROM survey_question WHERE survey_id = ?",
	/* STMT_STATUS */
	"UPDATE survey SET status = ?, version = version + 1, "
	"activated_at = IF(? = 'active', UTC_TIMESTAMP(), activated_at), "
	"closed_at = IF(? = 'closed', UTC_TIMESTAMP(), closed_at) "
	"WHERE id = ?",
	/* STMT_COPY: a new draft from a survey, its slug and titles given. */
	"INSERT INTO survey (slug, title_zh, title_en, intro_zh, intro_en, "
	"thanks_zh, thanks_en, goal, target_kind, target_value, opens_on, "
	"closes_on, owner_id, min_seconds, copied_from, created_by) "
	"SELECT ?, ?, ?, intro_zh, intro_en, thanks_zh, thanks_en, goal, "
	"target_kind, target_value, opens_on, closes_on, owner_id, "
	"min_seconds, id, ? FROM survey WHERE id = ?",
	/* STMT_COPY_QUESTIONS */
	"SELECT id FROM survey_question WHERE survey_id = ? "
	"ORDER BY position, id",
	/* STMT_COPY_QUESTION: renumbered 1, 2, ... */
	"INSERT INTO survey_question (survey_id, position, kind, required, "
	"dimension, text_zh, text_en, help_zh, help_en) SELECT ?, ?, kind, "
	"required, dimension, text_zh, text_en, help_zh, help_en "
	"FROM survey_question WHERE id = ?",
	/* STMT_COPY_OPTIONS */
	"INSERT INTO survey_option (question_id, position, label_zh, label_en) "
	"SELECT ?, position, label_zh, label_en FROM survey_option "
	"WHERE question_id = ?",
};

static const char *const statuses[] = {
	"draft", "pilot", "active", "closed", NULL };
static const char *const list_sorts[] = {
	"updated", "title", "opens", "status", NULL };
static const char *const list_sort_names[] = {
	"UPDATED", "TITLE", "OPENS", "STATUS" };
static const enum stmt list_stmts[] = {
	STMT_LIST_BY_UPDATED, STMT_LIST_BY_TITLE, STMT_LIST_BY_OPENS,
	STMT_LIST_BY_STATUS };
/* The customer's value tags and stages (the enums of the customer
 * table, migration 0003); tiers are rows (table tier). */
static const char *const value_tags[] = {
	"high", "normal", "potential", NULL };
static const char *const stages[] = {
	"prospect", "signed", "long_term", NULL };

/* ------------------------------------------------------------ shared */

const char *
sv_text(const struct http_req *r, const char *zh, const char *en)
{
	if (r->lang == LANG_EN && en != NULL && *en != '\0')
		return en;
	return zh == NULL ? "" : zh;
}

const char *
sv_status_label(struct http_req *r, const char *s)
{
	return msg(r, arena_printf(r->a, "sv.design.status.%s", s));
}

/* The Bootstrap badge of a status. */
static const char *
status_badge(const char *s)
{
	if (strcmp(s, "active") == 0)
		return "text-bg-success";
	if (strcmp(s, "pilot") == 0)
		return "text-bg-info";
	if (strcmp(s, "closed") == 0)
		return "text-bg-dark";
	return "text-bg-secondary";
}

const char *
sv_kind_label(struct http_req *r, const char *k)
{
	return msg(r, arena_printf(r->a, "sv.design.kind.%s", k));
}

int
admin_survey_head(struct http_req *r, const char *arg, struct survey_head *s)
{
	struct db_rows	 rows;
	enum db_err	 e;

	memset(s, 0, sizeof(*s));
	if ((s->id = app_path_id(arg)) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_HEAD], "i", s->id))
	    != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	s->slug = rows.v[0][1];
	s->status = rows.v[0][2];
	s->version = db_int(rows.v[0][3]);
	s->title = sv_text(r, rows.v[0][4], rows.v[0][5]);
	s->target_kind = rows.v[0][6];
	s->target_value = rows.v[0][7];
	return 0;
}

int
sv_get(struct http_req *r, const char *arg, struct sv *s)
{
	struct survey_head	 h;
	int			 st;

	memset(s, 0, sizeof(*s));
	if ((st = admin_survey_head(r, arg, &h)) != 0)
		return st;
	s->id = h.id;
	s->slug = h.slug;
	s->status = h.status;
	s->version = h.version;
	s->title = h.title;
	return 0;
}

enum db_err
sv_lock(struct db *db, struct arena *a, long long id, const char **status)
{
	struct db_rows	 rows;
	enum db_err	 e;

	*status = NULL;
	if ((e = db_query(db, a, &rows, stmts[STMT_LOCK], "i", id)) != DB_OK)
		return e;
	if (rows.n > 0)
		*status = rows.v[0][0];
	return DB_OK;
}

enum db_err
sv_bump(struct db *db, long long id)
{
	return db_exec(db, NULL, NULL, stmts[STMT_BUMP], "i", id);
}

int
sv_frozen(struct http_req *r, const struct sv *s)
{
	struct tmpl_dict	*d;

	d = page_new(r, "sv.design.frozen.title");
	tmpl_set(d, "URL", app_url(r, arena_printf(r->a, "/surveys/%lld",
	    s->id)));
	tmpl_set(d, "SURVEY_TITLE", s->title);
	tmpl_set(d, "STATUS", sv_status_label(r, s->status));
	if (strcmp(s->status, "closed") == 0)
		tmpl_show(d, "CLOSED");
	else
		tmpl_show(d, "FROZEN");
	return page_render(r, d, "admin/survey_frozen.tpl", 409);
}

/* ------------------------------------------------------------ the list */

enum list_field { LIST_Q, LIST_STATUS, LIST_SORT, LIST_PAGE, LIST__MAX };

static const struct field list_fields[LIST__MAX] = {
	/* LIST_Q */
	{ "q", valid_text, 0, 0, 100, NULL },
	/* LIST_STATUS */
	{ "status", valid_enum, 0, 0, 0, statuses },
	/* LIST_SORT */
	{ "sort", valid_enum, 0, 0, 0, list_sorts },
	/* LIST_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

int
admin_surveys(struct http_req *r)
{
	struct fieldval		 v[LIST__MAX];
	struct tmpl_dict	*d, *row;
	struct db_rows		 cnt, rows;
	const char		*q, *pat, *st, *qs, *base;
	long long		 total, page, pages;
	size_t			 i;
	int			 si;
	enum db_err		 e;

	/* A filter that is not valid is no filter (a bookmark stays good). */
	(void)valid_form(&r->query, list_fields, LIST__MAX, v);
	q = v[LIST_Q].str;
	pat = q ? db_like_anywhere(r->a, q) : NULL;
	st = v[LIST_STATUS].str;
	si = v[LIST_SORT].str ? (int)v[LIST_SORT].i : 0;
	page = v[LIST_PAGE].str ? v[LIST_PAGE].i : 1;
	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_LIST_COUNT], "ssssss",
	    q, pat, pat, pat, st, st)) != DB_OK)
		return db_status(e);
	total = cnt.n ? db_int(cnt.v[0][0]) : 0;
	pages = (total + SV_PER_PAGE - 1) / SV_PER_PAGE;
	if (pages > 0 && page > pages)
		page = pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[list_stmts[si]],
	    "ssssssii", q, pat, pat, pat, st, st, (long long)SV_PER_PAGE,
	    (page - 1) * SV_PER_PAGE)) != DB_OK)
		return db_status(e);

	d = page_new(r, "sv.design.list.title");
	tmpl_set(d, "Q", q ? q : "");
	if (auth_can(r, "surveys.design"))
		tmpl_show(d, "CAN_DESIGN");
	for (i = 0; statuses[i] != NULL; i++) {
		row = tmpl_row(d, "STATUS_OPTION");
		tmpl_set(row, "ID", statuses[i]);
		tmpl_set(row, "NAME", sv_status_label(r, statuses[i]));
		if (st != NULL && strcmp(st, statuses[i]) == 0)
			tmpl_show(row, "SELECTED");
	}
	tmpl_show(d, arena_printf(r->a, "SORT_%s", list_sort_names[si]));
	qs = app_qs_add(r, app_qs_add(r, "", "q", q), "status", st);
	base = app_url(r, "/surveys");
	for (i = 0; list_sorts[i] != NULL; i++)
		tmpl_set(d, arena_printf(r->a, "SORT_%s_HREF",
		    list_sort_names[i]), arena_printf(r->a, "%s?sort=%s%s",
		    base, list_sorts[i], qs));
	tmpl_set(d, "TOTAL", msgf(r, "sv.design.list.total",
	    arena_printf(r->a, "%lld", total)));
	if (rows.n == 0)
		tmpl_show(d, q != NULL || st != NULL ? "EMPTY_FILTERED" :
		    "EMPTY");
	else
		tmpl_show(d, "LIST");
	for (i = 0; i < rows.n; i++) {
		char	**c = rows.v[i];

		row = tmpl_row(d, "SURVEY");
		tmpl_set(row, "HREF", app_url(r, arena_printf(r->a,
		    "/surveys/%s", c[L_ID])));
		tmpl_set(row, "SLUG", c[L_SLUG]);
		tmpl_set(row, "TITLE", sv_text(r, c[L_TITLE_ZH],
		    c[L_TITLE_EN]));
		tmpl_set(row, "STATUS", c[L_STATUS]);
		tmpl_set(row, "STATUS_NAME", sv_status_label(r, c[L_STATUS]));
		tmpl_set(row, "BADGE", status_badge(c[L_STATUS]));
		tmpl_set(row, "OPENS", c[L_OPENS] ? c[L_OPENS] : "");
		tmpl_set(row, "CLOSES", c[L_CLOSES] ? c[L_CLOSES] : "");
		tmpl_set(row, "OWNER", c[L_OWNER] ? c[L_OWNER] : "");
		tmpl_set(row, "QUESTIONS", c[L_QUESTIONS]);
		tmpl_set(row, "RESPONSES", c[L_RESPONSES]);
		tmpl_set(row, "UPDATED", c[L_UPDATED]);
	}
	page_pager(r, d, page, pages, base, arena_printf(r->a, "&sort=%s%s",
	    list_sorts[si], qs));
	return page_render(r, d, "admin/surveys.tpl", 200);
}

/* ------------------------------------------------------------ the form */

/*
 * A slug: 3-40 of a-z, 0-9 and '-', starting with a letter or digit, and
 * not a path manyi-survey answers itself (/s/lang, /s/healthz).
 */
static const char *
valid_slug(const struct field *f, const char *in, struct fieldval *v)
{
	static const char *const reserved[] = { "lang", "healthz" };
	size_t	 i, n = strlen(in);

	(void)f;
	if (n < 3 || n > 40 || in[0] == '-' ||
	    strspn(in, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
		return "sv.design.err.slug";
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(in, reserved[i]) == 0)
			return "sv.design.err.slug_reserved";
	v->str = in;
	return NULL;
}

enum sv_field {
	SF_SLUG,
	SF_TITLE_ZH,
	SF_TITLE_EN,
	SF_INTRO_ZH,
	SF_INTRO_EN,
	SF_THANKS_ZH,
	SF_THANKS_EN,
	SF_GOAL,
	SF_TARGET,
	SF_TARGET_TAG,
	SF_OPENS_ON,
	SF_CLOSES_ON,
	SF_OWNER,
	SF_MIN_SECONDS,
	SF__MAX
};

static const struct field sv_fields[SF__MAX] = {
	/* SF_SLUG: blank for a generated one */
	{ "slug", valid_slug, 0, 0, 0, NULL },
	/* SF_TITLE_ZH */
	{ "title_zh", valid_text, 1, 1, 200, NULL },
	/* SF_TITLE_EN */
	{ "title_en", valid_text, 0, 0, 200, NULL },
	/* SF_INTRO_ZH */
	{ "intro_zh", valid_text, 0, 0, SV_INTRO_MAX, NULL },
	/* SF_INTRO_EN */
	{ "intro_en", valid_text, 0, 0, SV_INTRO_MAX, NULL },
	/* SF_THANKS_ZH */
	{ "thanks_zh", valid_text, 0, 0, SV_INTRO_MAX, NULL },
	/* SF_THANKS_EN */
	{ "thanks_en", valid_text, 0, 0, SV_INTRO_MAX, NULL },
	/* SF_GOAL */
	{ "goal", valid_text, 0, 0, 500, NULL },
	/* SF_TARGET: "all", "tier:<code>", "value_tag:<v>", "stage:<v>",
	 * "tag" (with target_tag); checked against the lists */
	{ "target", valid_text, 1, 1, 80, NULL },
	/* SF_TARGET_TAG */
	{ "target_tag", valid_text, 0, 0, 40, NULL },
	/* SF_OPENS_ON */
	{ "opens_on", valid_date, 0, 0, 0, NULL },
	/* SF_CLOSES_ON */
	{ "closes_on", valid_date, 0, 0, 0, NULL },
	/* SF_OWNER */
	{ "owner", valid_int, 1, 1, 4294967295LL, NULL },
	/* SF_MIN_SECONDS */
	{ "min_seconds", valid_int, 0, 0, 3600, NULL },
};

/* The lists the form offers. */
struct lists {
	struct db_rows	 owners;
	struct db_rows	 tiers;
};

static enum db_err
lists_load(struct http_req *r, struct lists *l)
{
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &l->owners, stmts[STMT_OWNERS], ""))
	    != DB_OK)
		return e;
	return db_query(r->db, r->a, &l->tiers, stmts[STMT_TIERS], "");
}

/* One choice of the target group. */
static void
target_option(struct http_req *r, struct tmpl_dict *d, const char *sect,
    const char *id, const char *name, const char *cur)
{
	struct tmpl_dict	*row = tmpl_row(d, sect);

	tmpl_set(row, "ID", id);
	tmpl_set(row, "NAME", name);
	if (cur != NULL && strcmp(cur, id) == 0)
		tmpl_show(row, "SELECTED");
}

/* The survey being edited, for the form's header. */
struct stored {
	long long	 id;
	const char	*slug;
	const char	*status;
	const char	*title;
};

static struct tmpl_dict *
form_page(struct http_req *r, const struct stored *s,
    const struct fieldval *v, const struct lists *l)
{
	struct tmpl_dict	*d, *row;
	const char		*cur, *id;
	long long		 owner;
	size_t			 i;

	d = page_new(r, s == NULL ? "sv.design.new.title" :
	    "sv.design.edit.title");
	if (s == NULL) {
		tmpl_show(d, "IS_NEW");
		tmpl_set(d, "ACTION", app_url(r, "/surveys/new"));
	} else {
		tmpl_show(d, "IS_EDIT");
		tmpl_set(d, "SURVEY_URL", app_url(r, arena_printf(r->a,
		    "/surveys/%lld", s->id)));
		tmpl_set(d, "ACTION", app_url(r, arena_printf(r->a,
		    "/surveys/%lld/edit", s->id)));
		tmpl_set(d, "STORED_TITLE", s->title);
		tmpl_set(d, "STORED_SLUG", s->slug);
		tmpl_set(d, "STATUS_NAME", sv_status_label(r, s->status));
	}
	page_fields(r, d, sv_fields, SF__MAX, v);
	/* The slug is the public address: fixed once out of draft. */
	if (s != NULL && strcmp(s->status, "draft") != 0) {
		tmpl_show(d, "SLUG_LOCKED");
		tmpl_set(d, "SLUG", s->slug);
	} else
		tmpl_show(d, "SLUG_OPEN");
	cur = v[SF_TARGET].raw ? v[SF_TARGET].raw : "all";
	target_option(r, d, "TARGET_ALL", "all", msg(r,
	    "sv.design.target.all"), cur);
	target_option(r, d, "TARGET_TAG_OPTION", "tag", msg(r,
	    "sv.design.target.tag"), cur);
	for (i = 0; i < l->tiers.n; i++) {
		id = arena_printf(r->a, "tier:%s", l->tiers.v[i][0]);
		target_option(r, d, "TARGET_TIER", id, msg(r, arena_printf(r->a,
		    "cust.tier.%s", l->tiers.v[i][0])), cur);
	}
	for (i = 0; value_tags[i] != NULL; i++) {
		id = arena_printf(r->a, "value_tag:%s", value_tags[i]);
		target_option(r, d, "TARGET_VALUE", id, msg(r, arena_printf(r->a,
		    "cust.value.%s", value_tags[i])), cur);
	}
	for (i = 0; stages[i] != NULL; i++) {
		id = arena_printf(r->a, "stage:%s", stages[i]);
		target_option(r, d, "TARGET_STAGE", id, msg(r, arena_printf(r->a,
		    "cust.stage.%s", stages[i])), cur);
	}
	owner = v[SF_OWNER].raw ? atoll(v[SF_OWNER].raw) : 0;
	if (owner == 0)
		tmpl_show(d, "NO_OWNER");
	for (i = 0; i < l->owners.n; i++) {
		row = tmpl_row(d, "OWNER_OPTION");
		tmpl_set(row, "ID", l->owners.v[i][0]);
		tmpl_set(row, "NAME", arena_printf(r->a, "%s (%s)",
		    l->owners.v[i][1], l->owners.v[i][2]));
		if (db_int(l->owners.v[i][0]) == owner)
			tmpl_show(row, "SELECTED");
	}
	return d;
}

/* A validated survey, ready to store. */
struct sv_in {
	long long	 id;		/* 0: create */
	const char	*slug;		/* NULL: generate / keep */
	const char	*title_zh;
	const char	*title_en;
	const char	*intro_zh;
	const char	*intro_en;
	const char	*thanks_zh;
	const char	*thanks_en;
	const char	*goal;
	const char	*target_kind;
	const char	*target_value;
	const char	*opens_on;
	const char	*closes_on;
	long long	 owner;
	long long	 min_seconds;
};

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

static const char *
target_kinds_ok(const char *k)
{
	static const char *const kinds[] = {
		"tier", "value_tag", "stage", NULL };
	size_t	 i;

	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(kinds[i], k) == 0)
			return kinds[i];
	return NULL;
}

/*
 * The target group of the form against the real lists: 0, or -1 with a
 * message on the field.  Sets kind and value in c.
 */
static int
target_check(struct http_req *r, struct fieldval *v, const struct lists *l,
    struct sv_in *c, const char **fname, const char **fkey)
{
	const char	*t = v[SF_TARGET].str, *colon, *kind, *val;
	struct db_rows	 rows;
	size_t		 i;
	int		 found = 0;

	if (t == NULL)
		return 0;	/* already marked */
	if (strcmp(t, "all") == 0) {
		c->target_kind = "all";
		c->target_value = "";
		return 0;
	}
	if (strcmp(t, "tag") == 0) {
		if (v[SF_TARGET_TAG].str == NULL) {
			*fname = "target_tag";
			*fkey = v[SF_TARGET_TAG].err ? v[SF_TARGET_TAG].err :
			    "sv.design.err.target_tag";
			return -1;
		}
		if (db_query(r->db, r->a, &rows, stmts[STMT_TAG_EXISTS], "s",
		    v[SF_TARGET_TAG].str) != DB_OK || rows.n == 0) {
			*fname = "target_tag";
			*fkey = "sv.design.err.tag_unknown";
			return -1;
		}
		c->target_kind = "tag";
		c->target_value = v[SF_TARGET_TAG].str;
		return 0;
	}
	if ((colon = strchr(t, ':')) == NULL ||
	    (kind = target_kinds_ok(arena_strndup(r->a, t,
	    (size_t)(colon - t)))) == NULL) {
		*fname = "target";
		*fkey = "err.enum";
		return -1;
	}
	val = colon + 1;
	if (strcmp(kind, "tier") == 0) {
		for (i = 0; i < l->tiers.n; i++)
			if (strcmp(l->tiers.v[i][0], val) == 0)
				found = 1;
	} else {
		const char *const *list = strcmp(kind, "stage") == 0 ? stages :
		    value_tags;

		for (i = 0; list[i] != NULL; i++)
			if (strcmp(list[i], val) == 0)
				found = 1;
	}
	if (!found) {
		*fname = "target";
		*fkey = "err.enum";
		return -1;
	}
	c->target_kind = kind;
	c->target_value = val;
	return 0;
}

static struct json *
sv_json(struct arena *a, const struct sv_in *c)
{
	struct json	*j = json_new(a);

	json_str(j, "slug", c->slug);
	json_str(j, "title_zh", c->title_zh);
	json_str(j, "title_en", c->title_en);
	json_str(j, "intro_zh", c->intro_zh);
	json_str(j, "intro_en", c->intro_en);
	json_str(j, "thanks_zh", c->thanks_zh);
	json_str(j, "thanks_en", c->thanks_en);
	json_str(j, "goal", c->goal);
	json_str(j, "target_kind", c->target_kind);
	json_str(j, "target_value", c->target_value);
	json_str(j, "opens_on", c->opens_on);
	json_str(j, "closes_on", c->closes_on);
	json_int(j, "owner_id", c->owner);
	json_int(j, "min_seconds", c->min_seconds);
	return j;
}

struct form_tx {
	struct http_req	*r;
	struct sv_in	 c;
	int		 generated;	/* the slug was made up here */
	int		 fail;		/* enum sv_fail */
};

static enum db_err
form_write(struct db *db, void *arg)
{
	struct form_tx		*t = arg;
	struct http_req		*r = t->r;
	struct sv_in		*c = &t->c, before;
	struct db_rows		 rows;
	unsigned long long	 nid;
	const char		*status;
	char			 hex[9];
	char			**o;
	enum db_err		 e;

	t->fail = SV_OK;
	memset(&before, 0, sizeof(before));
	if (c->id != 0) {
		if ((e = sv_lock(db, r->a, c->id, &status)) != DB_OK)
			return e;
		if (status == NULL) {
			t->fail = SV_GONE;
			return DB_ERROR;
		}
		if (strcmp(status, "closed") == 0) {
			t->fail = SV_CLOSED;
			return DB_ERROR;
		}
		if ((e = db_query(db, r->a, &rows, stmts[STMT_OLD], "i",
		    c->id)) != DB_OK)
			return e;
		o = rows.v[0];
		before.slug = o[0];
		before.title_zh = o[1];
		before.title_en = o[2];
		before.intro_zh = o[3];
		before.intro_en = o[4];
		before.thanks_zh = o[5];
		before.thanks_en = o[6];
		before.goal = o[7];
		before.target_kind = o[8];
		before.target_value = o[9];
		before.opens_on = o[10];
		before.closes_on = o[11];
		before.owner = o[12] ? db_int(o[12]) : 0;
		before.min_seconds = db_int(o[13]);
		/* Out of draft the public address stays. */
		if (c->slug == NULL || strcmp(status, "draft") != 0)
			c->slug = before.slug;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_OWNER_CHECK], "i",
	    c->owner)) != DB_OK)
		return e;
	if (rows.n == 0) {
		t->fail = SV_OWNER;
		return DB_ERROR;
	}
	if (c->id == 0) {
		if (c->slug == NULL) {
			if (http_random_hex(hex, 4) == -1)
				return DB_ERROR;
			c->slug = arena_printf(r->a, "s-%s", hex);
			t->generated = 1;
		}
		if ((e = db_exec(db, NULL, &nid, stmts[STMT_INSERT],
		    "ssssssssssssiii", c->slug, c->title_zh, nz(c->title_en),
		    c->intro_zh, c->intro_en, c->thanks_zh, c->thanks_en,
		    nz(c->goal), c->target_kind, c->target_value, c->opens_on,
		    c->closes_on, c->owner, c->min_seconds,
		    r->sess->user_id)) != DB_OK)
			return e;
		c->id = (long long)nid;
		return audit_write(db, r, NULL, "survey", c->id, "create",
		    NULL, json_end(sv_json(r->a, c)));
	}
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_UPDATE],
	    "ssssssssssssiii", c->slug, c->title_zh, nz(c->title_en),
	    c->intro_zh, c->intro_en, c->thanks_zh, c->thanks_en, nz(c->goal),
	    c->target_kind, c->target_value, c->opens_on, c->closes_on,
	    c->owner, c->min_seconds, c->id)) != DB_OK)
		return e;
	return audit_write(db, r, NULL, "survey", c->id, "update",
	    json_end(sv_json(r->a, &before)), json_end(sv_json(r->a, c)));
}

static enum db_err
form_tx_run(struct db *db, void *arg)
{
	struct form_tx	*t = arg;
	struct sv_in	 saved = t->c;
	enum db_err	 e;

	/* A deadlock runs the transaction again from the form's values. */
	if ((e = form_write(db, t)) != DB_OK) {
		t->c.id = saved.id;
		t->c.slug = saved.slug;
	}
	return e;
}

/* Save the form (s NULL: create); 303, 422 with the form again, or error. */
static int
form_save(struct http_req *r, const struct stored *s)
{
	struct fieldval		 v[SF__MAX];
	struct lists		 l;
	struct tmpl_dict	*d;
	struct form_tx		 t;
	const char		*fname = NULL, *fkey = NULL;
	const char		*pname = NULL, *pkey = NULL;
	const char		*oname = NULL;
	size_t			 bad, i;
	enum db_err		 e;

	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	memset(&t, 0, sizeof(t));
	t.r = r;
	/* Every check runs, so the form shows every message at once. */
	bad = valid_form(&r->form, sv_fields, SF__MAX, v);
	if (target_check(r, v, &l, &t.c, &fname, &fkey) == -1)
		bad++;
	if (v[SF_OPENS_ON].str && v[SF_CLOSES_ON].str &&
	    v[SF_CLOSES_ON].i < v[SF_OPENS_ON].i) {
		pname = "closes_on";
		pkey = "sv.design.err.period_order";
		bad++;
	} else if (s != NULL && strcmp(s->status, "active") == 0 &&
	    v[SF_OPENS_ON].err == NULL && v[SF_CLOSES_ON].err == NULL &&
	    (v[SF_OPENS_ON].str == NULL || v[SF_CLOSES_ON].str == NULL)) {
		/* An active survey keeps a whole period. */
		pname = v[SF_OPENS_ON].str == NULL ? "opens_on" : "closes_on";
		pkey = "sv.design.err.period_active";
		bad++;
	}
	/* The owner among the active staff (checked again when stored). */
	if (v[SF_OWNER].str != NULL) {
		for (i = 0; i < l.owners.n; i++)
			if (db_int(l.owners.v[i][0]) == v[SF_OWNER].i)
				break;
		if (i == l.owners.n) {
			oname = "owner";
			bad++;
		}
	}
	if (bad == 0) {
		t.c.id = s ? s->id : 0;
		t.c.slug = v[SF_SLUG].str;
		t.c.title_zh = v[SF_TITLE_ZH].str;
		t.c.title_en = v[SF_TITLE_EN].str;
		t.c.intro_zh = v[SF_INTRO_ZH].str;
		t.c.intro_en = v[SF_INTRO_EN].str;
		t.c.thanks_zh = v[SF_THANKS_ZH].str;
		t.c.thanks_en = v[SF_THANKS_EN].str;
		t.c.goal = v[SF_GOAL].str;
		t.c.opens_on = v[SF_OPENS_ON].str;
		t.c.closes_on = v[SF_CLOSES_ON].str;
		t.c.owner = v[SF_OWNER].i;
		t.c.min_seconds = v[SF_MIN_SECONDS].str ?
		    v[SF_MIN_SECONDS].i : 30;
		if ((e = db_tx(r->db, form_tx_run, &t)) == DB_OK) {
			flash_set(r, s ? "sv.design.saved" :
			    "sv.design.created");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/surveys/%lld", t.c.id)));
			return 303;
		}
		if (e == DB_DUPLICATE) {
			fname = "slug";
			fkey = "sv.design.err.slug_taken";
		} else if (t.fail == SV_OWNER) {
			fname = "owner";
			fkey = "sv.design.err.owner";
		} else if (t.fail == SV_GONE)
			return 404;
		else if (t.fail == SV_CLOSED) {
			struct sv	 x;
			int		 st;

			if ((st = sv_get(r, r->args[0], &x)) != 0)
				return st;
			return sv_frozen(r, &x);
		} else
			return db_status(e);
	}
	d = form_page(r, s, v, &l);
	if (fname != NULL)
		page_field_error(r, d, fname, fkey);
	if (pname != NULL)
		page_field_error(r, d, pname, pkey);
	if (oname != NULL)
		page_field_error(r, d, oname, "sv.design.err.owner");
	tmpl_show(d, "ERROR");
	return page_render(r, d, "admin/survey_form.tpl", 422);
}

int
admin_survey_new_form(struct http_req *r)
{
	struct fieldval	 v[SF__MAX];
	struct lists	 l;
	enum db_err	 e;

	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	memset(v, 0, sizeof(v));
	v[SF_OWNER].raw = arena_printf(r->a, "%lld", r->sess->user_id);
	v[SF_MIN_SECONDS].raw = "30";
	v[SF_TARGET].raw = "all";
	return page_render(r, form_page(r, NULL, v, &l),
	    "admin/survey_form.tpl", 200);
}

int
admin_survey_new(struct http_req *r)
{
	return form_save(r, NULL);
}

/* The survey of /surveys/<id>/..., all columns: 0, 404 or an error. */
static int
survey_load(struct http_req *r, struct db_rows *rows, long long *id)
{
	enum db_err	 e;

	if ((*id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, rows, stmts[STMT_GET], "i", *id)) !=
	    DB_OK)
		return db_status(e);
	return rows->n == 0 ? 404 : 0;
}

static void
stored_from(struct http_req *r, char **g, struct stored *s)
{
	s->id = db_int(g[G_ID]);
	s->slug = g[G_SLUG];
	s->status = g[G_STATUS];
	s->title = sv_text(r, g[G_TITLE_ZH], g[G_TITLE_EN]);
}

int
admin_survey_edit_form(struct http_req *r)
{
	struct db_rows	 rows;
	struct fieldval	 v[SF__MAX];
	struct stored	 s;
	struct lists	 l;
	struct sv	 x;
	long long	 id;
	char		**g;
	int		 st;
	enum db_err	 e;

	if ((st = survey_load(r, &rows, &id)) != 0)
		return st;
	g = rows.v[0];
	stored_from(r, g, &s);
	if (strcmp(s.status, "closed") == 0) {
		if ((st = sv_get(r, r->args[0], &x)) != 0)
			return st;
		return sv_frozen(r, &x);
	}
	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	memset(v, 0, sizeof(v));
	v[SF_SLUG].raw = g[G_SLUG];
	v[SF_TITLE_ZH].raw = g[G_TITLE_ZH];
	v[SF_TITLE_EN].raw = g[G_TITLE_EN];
	v[SF_INTRO_ZH].raw = g[G_INTRO_ZH];
	v[SF_INTRO_EN].raw = g[G_INTRO_EN];
	v[SF_THANKS_ZH].raw = g[G_THANKS_ZH];
	v[SF_THANKS_EN].raw = g[G_THANKS_EN];
	v[SF_GOAL].raw = g[G_GOAL];
	if (strcmp(g[G_TARGET_KIND], "all") == 0)
		v[SF_TARGET].raw = "all";
	else if (strcmp(g[G_TARGET_KIND], "tag") == 0) {
		v[SF_TARGET].raw = "tag";
		v[SF_TARGET_TAG].raw = g[G_TARGET_VALUE];
	} else
		v[SF_TARGET].raw = arena_printf(r->a, "%s:%s",
		    g[G_TARGET_KIND], g[G_TARGET_VALUE]);
	v[SF_OPENS_ON].raw = g[G_OPENS];
	v[SF_CLOSES_ON].raw = g[G_CLOSES];
	v[SF_OWNER].raw = g[G_OWNER_ID];
	v[SF_MIN_SECONDS].raw = g[G_MIN_SECONDS];
	return page_render(r, form_page(r, &s, v, &l),
	    "admin/survey_form.tpl", 200);
}

int
admin_survey_edit(struct http_req *r)
{
	struct db_rows	 rows;
	struct stored	 s;
	struct sv	 x;
	long long	 id;
	int		 st;

	if ((st = survey_load(r, &rows, &id)) != 0)
		return st;
	stored_from(r, rows.v[0], &s);
	if (strcmp(s.status, "closed") == 0) {
		if ((st = sv_get(r, r->args[0], &x)) != 0)
			return st;
		return sv_frozen(r, &x);
	}
	return form_save(r, &s);
}

/* ------------------------------------------------------------ the hub */

/* The moves between statuses; confirm: a second step asks first. */
static const struct move {
	const char	*from;
	const char	*to;
	int		 confirm;
	const char	*label;		/* the button */
	const char	*style;		/* Bootstrap button class */
} moves[] = {
	{ "draft", "pilot", 0, "sv.design.move.pilot", "btn-outline-primary" },
	{ "draft", "active", 1, "sv.design.move.activate", "btn-success" },
	{ "pilot", "draft", 0, "sv.design.move.draft", "btn-outline-secondary" },
	{ "pilot", "active", 1, "sv.design.move.activate", "btn-success" },
	{ "active", "closed", 1, "sv.design.move.close", "btn-danger" },
};
#define NMOVES	(sizeof(moves) / sizeof(moves[0]))

static const struct move *
move_find(const char *from, const char *to)
{
	size_t	 i;

	for (i = 0; i < NMOVES; i++)
		if (strcmp(moves[i].from, from) == 0 &&
		    strcmp(moves[i].to, to) == 0)
			return &moves[i];
	return NULL;
}

static const char *
target_text(struct http_req *r, const char *kind, const char *val)
{
	if (strcmp(kind, "all") == 0)
		return msg(r, "sv.design.target.all");
	if (strcmp(kind, "tag") == 0)
		return msgf(r, "sv.design.target.tag_is", val);
	if (strcmp(kind, "tier") == 0)
		return msgf(r, "sv.design.target.tier_is", msg(r,
		    arena_printf(r->a, "cust.tier.%s", val)));
	if (strcmp(kind, "value_tag") == 0)
		return msgf(r, "sv.design.target.value_is", msg(r,
		    arena_printf(r->a, "cust.value.%s", val)));
	return msgf(r, "sv.design.target.stage_is", msg(r,
	    arena_printf(r->a, "cust.stage.%s", val)));
}

/*
 * The hub page of a survey, with an optional message (why a change was
 * refused, already in the viewer's language) and the status to answer
 * with.
 */
static int
hub_render(struct http_req *r, const char *err, int status)
{
	struct db_rows		 rows, qs, cnt, warn;
	struct tmpl_dict	*d, *row;
	const char		*url;
	long long		 id, limit = 15;
	char			**g;
	size_t			 i;
	int			 st, draft, design;
	enum db_err		 e;

	if ((st = survey_load(r, &rows, &id)) != 0)
		return st;
	if ((e = db_query(r->db, r->a, &qs, stmts[STMT_QUESTIONS], "i", id))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &cnt, stmts[STMT_COUNTS], "iiii", id,
	    id, id, id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &warn, stmts[STMT_WARN], "")) != DB_OK)
		return db_status(e);
	if (warn.n > 0 && warn.v[0][0] != NULL && db_int(warn.v[0][0]) > 0)
		limit = db_int(warn.v[0][0]);
	g = rows.v[0];
	draft = strcmp(g[G_STATUS], "draft") == 0;
	design = auth_can(r, "surveys.design");
	url = app_url(r, arena_printf(r->a, "/surveys/%lld", id));

	d = page_new(r, "sv.design.view.title");
	tmpl_set(d, "URL", url);
	tmpl_set(d, "ID", g[G_ID]);
	tmpl_set(d, "TITLE_ZH", g[G_TITLE_ZH]);
	tmpl_set(d, "TITLE_EN", g[G_TITLE_EN]);
	tmpl_set(d, "SURVEY_TITLE", sv_text(r, g[G_TITLE_ZH], g[G_TITLE_EN]));
	tmpl_set(d, "SLUG", g[G_SLUG]);
	tmpl_set(d, "PUBLIC_URL", arena_printf(r->a, "/s/%s", g[G_SLUG]));
	tmpl_set(d, "STATUS", g[G_STATUS]);
	tmpl_set(d, "STATUS_NAME", sv_status_label(r, g[G_STATUS]));
	tmpl_set(d, "VERSION", g[G_VERSION]);
	tmpl_set(d, "BADGE", status_badge(g[G_STATUS]));
	tmpl_set(d, "INTRO_ZH", nz(g[G_INTRO_ZH]));
	tmpl_set(d, "INTRO_EN", nz(g[G_INTRO_EN]));
	tmpl_set(d, "THANKS_ZH", nz(g[G_THANKS_ZH]));
	tmpl_set(d, "THANKS_EN", nz(g[G_THANKS_EN]));
	tmpl_set(d, "GOAL", g[G_GOAL]);
	tmpl_set(d, "TARGET", target_text(r, g[G_TARGET_KIND],
	    g[G_TARGET_VALUE]));
	tmpl_set(d, "OPENS", nz(g[G_OPENS]));
	tmpl_set(d, "CLOSES", nz(g[G_CLOSES]));
	tmpl_set(d, "OWNER", nz(g[G_OWNER]));
	tmpl_set(d, "MIN_SECONDS", g[G_MIN_SECONDS]);
	tmpl_set(d, "CREATOR", nz(g[G_CREATOR]));
	tmpl_set(d, "CREATED", g[G_CREATED]);
	tmpl_set(d, "UPDATED", g[G_UPDATED]);
	tmpl_set(d, "ACTIVATED", nz(g[G_ACTIVATED]));
	tmpl_set(d, "CLOSED_AT", nz(g[G_CLOSED]));
	if (g[G_COPIED_FROM] != NULL) {
		row = tmpl_row(d, "COPIED");
		tmpl_set(row, "HREF", app_url(r, arena_printf(r->a,
		    "/surveys/%s", g[G_COPIED_FROM])));
		tmpl_set(row, "SLUG", nz(g[G_COPIED_SLUG]));
	}
	tmpl_set(d, "N_QUESTIONS", arena_printf(r->a, "%zu", qs.n));
	tmpl_set(d, "N_RESPONSES", cnt.v[0][0]);
	tmpl_set(d, "N_PILOT", cnt.v[0][1]);
	tmpl_set(d, "N_INVITATIONS", cnt.v[0][2]);
	tmpl_set(d, "N_VALID", cnt.v[0][3]);
	if (err != NULL) {
		row = tmpl_row(d, "ERROR");
		tmpl_set(row, "MESSAGE", err);
	}
	if ((long long)qs.n > limit) {
		row = tmpl_row(d, "WARN_MANY");
		tmpl_set(row, "TEXT", msgf(r, "sv.design.warn_many",
		    arena_printf(r->a, "%lld", limit)));
	}
	if (design) {
		tmpl_show(d, "CAN_DESIGN");
		if (strcmp(g[G_STATUS], "closed") != 0)
			tmpl_show(d, "CAN_EDIT");
		for (i = 0; i < NMOVES; i++) {
			if (strcmp(moves[i].from, g[G_STATUS]) != 0)
				continue;
			row = tmpl_row(d, "MOVE");
			tmpl_set(row, "TO", moves[i].to);
			tmpl_set(row, "LABEL", msg(r, moves[i].label));
			tmpl_set(row, "STYLE", moves[i].style);
		}
		if (draft)
			tmpl_show(d, "CAN_QUESTIONS");
		else
			tmpl_show(d, "FROZEN_NOTE");
	}
	if (auth_can(r, "surveys.invite"))
		tmpl_show(d, "CAN_INVITE");
	if (auth_can(r, "surveys.results"))
		tmpl_show(d, "CAN_RESULTS");
	if (auth_can(r, "surveys.offline"))
		tmpl_show(d, "CAN_OFFLINE");
	tmpl_show(d, qs.n ? "HAS_QUESTIONS" : "NO_QUESTIONS");
	for (i = 0; i < qs.n; i++) {
		char	**q = qs.v[i];

		row = tmpl_row(d, "QUESTION");
		tmpl_set(row, "N", arena_printf(r->a, "%zu", i + 1));
		tmpl_set(row, "ID", q[Q_ID]);
		tmpl_set(row, "HREF", arena_printf(r->a, "%s/questions/%s",
		    url, q[Q_ID]));
		tmpl_set(row, "KIND", q[Q_KIND]);
		tmpl_set(row, "KIND_NAME", sv_kind_label(r, q[Q_KIND]));
		tmpl_set(row, "TEXT", sv_text(r, q[Q_TEXT_ZH], q[Q_TEXT_EN]));
		tmpl_set(row, "TEXT_ZH", q[Q_TEXT_ZH]);
		tmpl_set(row, "TEXT_EN", q[Q_TEXT_EN]);
		tmpl_set(row, "HELP", sv_text(r, q[Q_HELP_ZH], q[Q_HELP_EN]));
		tmpl_set(row, "DIMENSION", q[Q_DIMENSION] ? sv_text(r,
		    q[Q_DIM_ZH], q[Q_DIM_EN]) : "");
		tmpl_set(row, "REQUIRED", msg(r, db_int(q[Q_REQUIRED]) ?
		    "sv.design.required.yes" : "sv.design.required.no"));
		if (db_int(q[Q_OPTIONS]) > 0)
			tmpl_set(tmpl_row(row, "OPTIONS"), "N", q[Q_OPTIONS]);
		if (design && draft) {
			struct tmpl_dict *a = tmpl_row(row, "ACTIONS");

			tmpl_set(a, "HREF", arena_printf(r->a,
			    "%s/questions/%s", url, q[Q_ID]));
			if (i > 0)
				tmpl_show(a, "CAN_UP");
			if (i + 1 < qs.n)
				tmpl_show(a, "CAN_DOWN");
		}
	}
	return page_render(r, d, "admin/survey_view.tpl", status);
}

int
admin_survey_view(struct http_req *r)
{
	return hub_render(r, NULL, 200);
}

/* ------------------------------------------------------------ status */

struct status_tx {
	struct http_req		*r;
	long long		 id;
	const struct move	*m;
	int			 fail;
};

static enum db_err
status_write(struct db *db, void *arg)
{
	struct status_tx	*t = arg;
	struct http_req		*r = t->r;
	struct db_rows		 rows, per;
	struct json		*b, *a;
	const char		*status;
	long long		 today, opens, closes;
	enum db_err		 e;

	t->fail = SV_OK;
	if ((e = sv_lock(db, r->a, t->id, &status)) != DB_OK)
		return e;
	if (status == NULL) {
		t->fail = SV_GONE;
		return DB_ERROR;
	}
	/* Someone else moved it since the page was shown. */
	if (strcmp(status, t->m->from) != 0) {
		t->fail = SV_STATE;
		return DB_ERROR;
	}
	if (strcmp(t->m->to, "pilot") == 0 || strcmp(t->m->to, "active") ==
	    0) {
		if ((e = db_query(db, r->a, &rows, stmts[STMT_QCOUNT], "i",
		    t->id)) != DB_OK)
			return e;
		if (db_int(rows.v[0][0]) == 0) {
			t->fail = SV_NO_QUESTIONS;
			return DB_ERROR;
		}
	}
	if (strcmp(t->m->to, "active") == 0) {
		/* Both dates, close >= open, and not over already. */
		if ((e = db_query(db, r->a, &per, stmts[STMT_OLD], "i", t->id))
		    != DB_OK)
			return e;
		today = ((long long)time(NULL) + site_tz_s) / 86400;
		opens = per.v[0][10] ? valid_days(atoi(per.v[0][10]),
		    atoi(per.v[0][10] + 5), atoi(per.v[0][10] + 8)) :
		    VALID_NODATE;
		closes = per.v[0][11] ? valid_days(atoi(per.v[0][11]),
		    atoi(per.v[0][11] + 5), atoi(per.v[0][11] + 8)) :
		    VALID_NODATE;
		if (opens == VALID_NODATE || closes == VALID_NODATE ||
		    closes < opens || closes < today) {
			t->fail = SV_PERIOD;
			return DB_ERROR;
		}
	}
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_STATUS], "sssi",
	    t->m->to, t->m->to, t->m->to, t->id)) != DB_OK)
		return e;
	b = json_new(r->a);
	json_str(b, "status", t->m->from);
	a = json_new(r->a);
	json_str(a, "status", t->m->to);
	return audit_write(db, r, NULL, "survey", t->id, "status",
	    json_end(b), json_end(a));
}

enum st_field { ST_TO, ST_CONFIRM, ST__MAX };

static const char *const yes[] = { "1", NULL };

static const struct field st_fields[ST__MAX] = {
	/* ST_TO */
	{ "to", valid_enum, 1, 0, 0, statuses },
	/* ST_CONFIRM */
	{ "confirm", valid_enum, 0, 0, 0, yes },
};

int
admin_survey_status(struct http_req *r)
{
	struct fieldval		 v[ST__MAX];
	struct db_rows		 rows;
	struct status_tx	 t;
	struct tmpl_dict	*d;
	const struct move	*m;
	long long		 id;
	char			**g;
	int			 st;
	enum db_err		 e;

	if ((st = survey_load(r, &rows, &id)) != 0)
		return st;
	g = rows.v[0];
	if (valid_form(&r->form, st_fields, ST__MAX, v) != 0)
		return hub_render(r, msg(r, "sv.design.err.move_target"),
		    422);
	if ((m = move_find(g[G_STATUS], v[ST_TO].str)) == NULL)
		return hub_render(r, msgf(r, "sv.design.err.move",
		    sv_status_label(r, g[G_STATUS])), 409);
	if (m->confirm && v[ST_CONFIRM].str == NULL) {
		d = page_new(r, "sv.design.confirm.title");
		tmpl_set(d, "URL", app_url(r, arena_printf(r->a,
		    "/surveys/%lld", id)));
		tmpl_set(d, "SURVEY_TITLE", sv_text(r, g[G_TITLE_ZH],
		    g[G_TITLE_EN]));
		tmpl_set(d, "SLUG", g[G_SLUG]);
		tmpl_set(d, "TO", m->to);
		tmpl_set(d, "LABEL", msg(r, m->label));
		tmpl_set(d, "STYLE", m->style);
		tmpl_set(d, "QUESTION", msg(r, arena_printf(r->a,
		    "sv.design.confirm.%s", m->to)));
		tmpl_set(d, "OPENS", nz(g[G_OPENS]));
		tmpl_set(d, "CLOSES", nz(g[G_CLOSES]));
		return page_render(r, d, "admin/survey_status.tpl", 200);
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = id;
	t.m = m;
	if ((e = db_tx(r->db, status_write, &t)) == DB_OK) {
		flash_set(r, arena_printf(r->a, "sv.design.moved.%s", m->to));
		http_redirect(r, 303, app_url(r, arena_printf(r->a,
		    "/surveys/%lld", id)));
		return 303;
	}
	switch (t.fail) {
	case SV_GONE:
		return 404;
	case SV_STATE:
		return hub_render(r, msg(r, "sv.design.err.moved"), 409);
	case SV_NO_QUESTIONS:
		return hub_render(r, msg(r, "sv.design.err.no_questions"),
		    409);
	case SV_PERIOD:
		return hub_render(r, msg(r, "sv.design.err.period"), 409);
	default:
		return db_status(e);
	}
}

/* ------------------------------------------------------------ copy */

struct copy_tx {
	struct http_req	*r;
	long long	 from;
	long long	 id;		/* the copy */
	const char	*slug;
	long long	 nq;
	int		 fail;
};

/* s cut to at most n characters (UTF-8). */
static const char *
cut(struct arena *a, const char *s, size_t n)
{
	const char	*p = s;

	while (*p != '\0' && n > 0) {
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
		n--;
	}
	return arena_strndup(a, s, (size_t)(p - s));
}

static enum db_err
copy_write(struct db *db, void *arg)
{
	struct copy_tx		*t = arg;
	struct http_req		*r = t->r;
	struct db_rows		 rows, qs;
	struct json		*j;
	unsigned long long	 nid, qid;
	const char		*status, *tzh, *ten, *mzh, *men;
	char			 hex[9];
	size_t			 i;
	enum db_err		 e;

	t->fail = SV_OK;
	if ((e = sv_lock(db, r->a, t->from, &status)) != DB_OK)
		return e;
	if (status == NULL) {
		t->fail = SV_GONE;
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_OLD], "i", t->from)) !=
	    DB_OK)
		return e;
	/* The title says it is a copy, in each language, within 200. */
	mzh = i18n_get(LANG_ZH, "sv.design.copy.mark");
	men = i18n_get(LANG_EN, "sv.design.copy.mark");
	tzh = arena_printf(r->a, "%s%s", cut(r->a, rows.v[0][1], 200 -
	    utf8_len(mzh)), mzh);
	ten = rows.v[0][2][0] == '\0' ? "" : arena_printf(r->a, "%s %s",
	    cut(r->a, rows.v[0][2], 199 - utf8_len(men)), men);
	if (http_random_hex(hex, 4) == -1)
		return DB_ERROR;
	t->slug = arena_printf(r->a, "%.31s-%s", rows.v[0][0], hex);
	if ((e = db_exec(db, NULL, &nid, stmts[STMT_COPY], "sssii", t->slug,
	    tzh, ten, r->sess->user_id, t->from)) != DB_OK)
		return e;
	t->id = (long long)nid;
	if ((e = db_query(db, r->a, &qs, stmts[STMT_COPY_QUESTIONS], "i",
	    t->from)) != DB_OK)
		return e;
	for (i = 0; i < qs.n; i++) {
		if ((e = db_exec(db, NULL, &qid, stmts[STMT_COPY_QUESTION],
		    "iis", t->id, (long long)(i + 1), qs.v[i][0])) != DB_OK ||
		    (e = db_exec(db, NULL, NULL, stmts[STMT_COPY_OPTIONS],
		    "is", (long long)qid, qs.v[i][0])) != DB_OK)
			return e;
	}
	t->nq = (long long)qs.n;
	j = json_new(r->a);
	json_int(j, "copied_from", t->from);
	json_str(j, "slug", t->slug);
	json_str(j, "title_zh", tzh);
	json_str(j, "title_en", ten);
	json_int(j, "questions", t->nq);
	return audit_write(db, r, NULL, "survey", t->id, "copy", NULL,
	    json_end(j));
}

int
admin_survey_copy(struct http_req *r)
{
	struct copy_tx	 t;
	struct sv	 s;
	int		 st;
	enum db_err	 e;

	if ((st = sv_get(r, r->args[0], &s)) != 0)
		return st;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.from = s.id;
	if ((e = db_tx(r->db, copy_write, &t)) != DB_OK)
		return t.fail == SV_GONE ? 404 : db_status(e);
	flash_set(r, "sv.design.copied");
	http_redirect(r, 303, app_url(r, arena_printf(r->a, "/surveys/%lld",
	    t.id)));
	return 303;
}

/* ------------------------------------------------------------ preview */

/*
 * The form exactly as the customer sees it, from the public page's own
 * code and partial (src/core/survey.c, templates/survey/form.tpl), in
 * the viewer's language (?lang=en or ?lang=zh-CN switches), with the
 * submit button disabled.  Any status: a draft is what needs it most.
 */
int
admin_survey_preview(struct http_req *r)
{
	const struct survey_def	*def;
	struct tmpl_dict	*d;
	const char		*url, *thanks;
	long long		 id;
	int			 st;
	enum db_err		 e;

	if ((id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = survey_get_id(r->db, id, &def)) != DB_OK)
		return db_status(e);
	if (def == NULL)
		return 404;
	url = app_url(r, arena_printf(r->a, "/surveys/%lld", id));
	d = page_new(r, "sv.design.preview.title");
	tmpl_set(d, "SURVEY_URL", url);
	tmpl_set(d, "PREVIEW_URL", arena_printf(r->a, "%s/preview", url));
	tmpl_set(d, "SURVEY_TITLE", survey_text(def->title, r->lang));
	tmpl_set(d, "STATUS_NAME", sv_status_label(r,
	    survey_status_names[def->status]));
	tmpl_set(d, "VERSION", arena_printf(r->a, "%lld", def->version));
	tmpl_show(d, r->lang == LANG_ZH ? "IN_ZH" : "IN_EN");
	if (r->lang == LANG_EN && def->title[LANG_EN][0] == '\0')
		tmpl_show(d, "NO_ENGLISH");
	if (def->nq == 0)
		tmpl_show(d, "NO_QUESTIONS");
	thanks = survey_text(def->thanks, r->lang);
	if (*thanks != '\0')
		tmpl_set(tmpl_row(d, "THANKS"), "TEXT", thanks);
	(void)survey_form_render(r, d, "SURVEY_FORM", def, NULL, NULL);
	st = page_render(r, d, "admin/survey_preview.tpl", 200);
	survey_put(def);
	return st;
}
