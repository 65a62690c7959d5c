/*
 * Survey results (DOMAIN.md section 3, issue 5 "Cleaning and results"):
 *
 *   GET  /admin/surveys/<id>/results            scores, charts, comments
 *   GET  /admin/surveys/<id>/responses          the responses and marks
 *   GET  /admin/surveys/<id>/responses.csv      one row per response
 *   GET  /admin/surveys/<id>/responses/<rid>    one response
 *   POST /admin/surveys/<id>/responses/<rid>/overturn   lift a mark
 *   POST /admin/surveys/<id>/clean              run the cleaning now
 *
 * and the survey responses on a customer's page (survey_timeline).
 *
 * Every score comes from survey_score.c's formulas applied to
 * distributions that one aggregate query returns (answers counted by
 * question and value); no page reads a row per response except the
 * paged lists.  Results count the responses with pilot = 0 and no mark
 * or an overturned one.  The filters (customer tier, value tag, channel,
 * period of Beijing dates on the submission time; invitations by their
 * creation time) apply to every figure of the page.  Response rate =
 * non-pilot responses that came through an invitation (marked or not) /
 * non-pilot invitations.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/survey_clean.h"
#include "core/survey_score.h"
#include "core/svg.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define TEXTS_PER_PAGE	20
#define LIST_PER_PAGE	50
#define CSV_BATCH	2000	/* responses per batch: STMT_CSV_RESPONSES LIMIT */
#define MAXQ		200	/* questions of one survey shown */
#define MAXOPT		32	/* options of a choice question (bit mask) */

/*
 * The filters: channel, tier, value tag, from, to (Beijing dates).  The
 * aggregates come in two shapes: with the customer (tier or value tag
 * chosen), and without it, where the customer's placeholders are only
 * checked to be NULL, so neither shape joins a table it does not need
 * and both bind the same values.
 */
#define CJOIN	" LEFT JOIN customer c ON c.id = r.customer_id"
#define CF \
	" AND (? IS NULL OR c.tier = ?) AND (? IS NULL OR c.value_tag = ?)"
#define NOCF	" AND ? IS NULL AND ? IS NULL AND ? IS NULL AND ? IS NULL"
#define FILTERC(t, C) \
	" AND (? IS NULL OR r.channel = ?)" C \
	" AND (? IS NULL OR " t " >= CAST(? AS DATETIME) - INTERVAL @manyi_tz SECOND)" \
	" AND (? IS NULL OR " t " < CAST(? AS DATETIME) + INTERVAL 16 HOUR)"
#define FILTER(t)	FILTERC(t, CF)
#define COUNTED \
	" AND r.pilot = 0 AND (r.invalid_reason IS NULL OR " \
	"r.overturned_at IS NOT NULL)"
/* The responses list's state: all, valid, marked, pilot. */
#define STATE \
	" AND (? = 'all' OR (? = 'valid'" COUNTED ") OR (? = 'marked' AND " \
	"r.pilot = 0 AND r.invalid_reason IS NOT NULL) OR (? = 'pilot' AND " \
	"r.pilot = 1))"
#define BJ(x)	"DATE_FORMAT(" x " + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i')"

/* The aggregates' two shapes: J the customer join, C its filter. */
#define SQL_INVITED(J, C) \
	"SELECT COUNT(*) FROM survey_invitation r" J " WHERE r.survey_id = ? " \
	"AND r.pilot = 0" FILTERC("r.created_at", C)
#define SQL_COUNTS(J, C) \
	"SELECT COUNT(*), COALESCE(SUM(r.pilot = 0 AND (r.invalid_reason IS " \
	"NULL OR r.overturned_at IS NOT NULL)), 0), COALESCE(SUM(r.pilot = 0 " \
	"AND r.invalid_reason IS NOT NULL AND r.overturned_at IS NULL), 0), " \
	"COALESCE(SUM(r.pilot = 1), 0), COALESCE(SUM(r.pilot = 0 AND " \
	"r.invitation_id IS NOT NULL), 0) FROM survey_response r" J \
	" WHERE r.survey_id = ?" FILTERC("r.submitted_at", C)
#define SQL_DIST(J, C) \
	"SELECT a.question_id, a.num, COUNT(*) FROM survey_response r" J \
	" JOIN survey_answer a ON a.response_id = r.id " \
	"WHERE r.survey_id = ?" COUNTED FILTERC("r.submitted_at", C) \
	" AND r.packed IS NULL AND a.num IS NOT NULL " \
	"GROUP BY a.question_id, a.num"
#define SQL_PACKED(J, C) \
	"SELECT r.packed FROM survey_response r" J \
	" WHERE r.survey_id = ?" COUNTED FILTERC("r.submitted_at", C) \
	" AND r.packed IS NOT NULL AND r.packed <> ''"
#define SQL_TEXTS(J, C) \
	"SELECT STRAIGHT_JOIN r.id, " BJ("r.submitted_at") ", q.position, " \
	"a.text FROM survey_response r FORCE INDEX (k_response_survey)" J \
	" JOIN survey_answer a ON a.response_id = r.id " \
	"JOIN survey_question q ON q.id = a.question_id " \
	"WHERE r.survey_id = ?" COUNTED FILTERC("r.submitted_at", C) \
	" AND q.kind IN ('short', 'long') AND a.num IS NULL AND " \
	"a.text IS NOT NULL AND a.text <> '' AND (? IS NULL OR a.text LIKE ? " \
	"ESCAPE '!') ORDER BY r.submitted_at DESC, r.id DESC LIMIT ? OFFSET ?"
#define SQL_TEXT_COUNT(J, C) \
	"SELECT COUNT(*) " \
	"FROM survey_question q STRAIGHT_JOIN survey_answer a ON " \
	"a.question_id = q.id STRAIGHT_JOIN survey_response r ON r.id = " \
	"a.response_id" J " WHERE q.survey_id = ? AND q.kind IN ('short', " \
	"'long')" COUNTED FILTERC("r.submitted_at", C) " AND a.num IS NULL " \
	"AND a.text IS NOT NULL AND a.text <> '' AND (? IS NULL OR a.text " \
	"LIKE ? ESCAPE '!')"

enum stmt {
	STMT_QUESTIONS,
	STMT_OPTIONS,
	STMT_DIMENSIONS,
	STMT_CHANNELS,
	STMT_INVITED,		/* each aggregate, then its _NC shape */
	STMT_INVITED_NC,
	STMT_COUNTS,
	STMT_COUNTS_NC,
	STMT_DIST,
	STMT_DIST_NC,
	STMT_PACKED,
	STMT_PACKED_NC,
	STMT_TEXTS,
	STMT_TEXTS_NC,
	STMT_TEXT_COUNT,
	STMT_TEXT_COUNT_NC,
	STMT_LIST,
	STMT_LIST_COUNT,
	STMT_RESPONSE,
	STMT_ANSWERS,
	STMT_MARK_GET,
	STMT_OVERTURN,
	STMT_CSV_RESPONSES,
	STMT_CSV_ANSWERS,
	STMT_TIMELINE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_QUESTIONS */
	"SELECT id, position, kind, dimension, text_zh, text_en "
	"FROM survey_question WHERE survey_id = ? ORDER BY position, id",
	/* STMT_OPTIONS */
	"SELECT o.question_id, o.position, o.label_zh, o.label_en "
	"FROM survey_option o JOIN survey_question q ON q.id = o.question_id "
	"WHERE q.survey_id = ? ORDER BY o.question_id, o.position",
	/* STMT_DIMENSIONS */
	"SELECT code, name_zh, name_en FROM survey_dimension ORDER BY sort, "
	"code",
	/* STMT_CHANNELS */
	"SELECT code, name_zh, name_en FROM survey_channel ORDER BY sort",
	/* STMT_INVITED: non-pilot invitations, filtered by creation time. */
	SQL_INVITED(CJOIN, CF),
	/* STMT_INVITED_NC */
	SQL_INVITED("", NOCF),
	/* STMT_COUNTS: counted, marked, pilot, through an invitation. */
	SQL_COUNTS(CJOIN, CF),
	/* STMT_COUNTS_NC */
	SQL_COUNTS("", NOCF),
	/*
	 * STMT_DIST: counted answers by question and value, of the
	 * responses whose answers are not packed yet (not cleaned).
	 */
	SQL_DIST(CJOIN, CF),
	/* STMT_DIST_NC */
	SQL_DIST("", NOCF),
	/* STMT_PACKED: the packed answers of the other counted ones. */
	SQL_PACKED(CJOIN, CF),
	/* STMT_PACKED_NC */
	SQL_PACKED("", NOCF),
	/*
	 * STMT_TEXTS: counted text answers, newest first, searched.  The
	 * responses are walked backwards along (survey_id, submitted_at),
	 * so a page stops after its rows: no sort of every text answer.
	 */
	SQL_TEXTS(CJOIN, CF),
	/* STMT_TEXTS_NC */
	SQL_TEXTS("", NOCF),
	/* STMT_TEXT_COUNT */
	SQL_TEXT_COUNT(CJOIN, CF),
	/* STMT_TEXT_COUNT_NC */
	SQL_TEXT_COUNT("", NOCF),
	/*
	 * STMT_LIST: one page of responses with their marks and scores;
	 * the page's ids first, so the scores are computed for them only.
	 */
	"SELECT r.id, " BJ("r.submitted_at") ", r.channel, ch.name_zh, "
	"ch.name_en, c.id, c.code, c.name, r.duration_s, r.pilot, "
	"r.invalid_reason, " BJ("r.overturned_at") ", u.display_name, "
	"(SELECT AVG(a.num) FROM survey_answer a JOIN survey_question q ON "
	"q.id = a.question_id WHERE a.response_id = r.id AND q.kind = "
	"'rating'), (SELECT MIN(a.num) FROM survey_answer a JOIN "
	"survey_question q ON q.id = a.question_id WHERE a.response_id = r.id "
	"AND q.kind = 'nps'), (? IS NULL OR c.department_id = ?) "
	"FROM (SELECT r.id FROM survey_response r LEFT JOIN customer c ON "
	"c.id = r.customer_id WHERE r.survey_id = ?" STATE
	FILTER("r.submitted_at") " ORDER BY r.submitted_at DESC, r.id DESC "
	"LIMIT ? OFFSET ?) p JOIN survey_response r ON r.id = p.id "
	"LEFT JOIN customer c ON c.id = r.customer_id "
	"JOIN survey_channel ch ON ch.code = r.channel "
	"LEFT JOIN `user` u ON u.id = r.overturned_by "
	"ORDER BY r.submitted_at DESC, r.id DESC",
	/* STMT_LIST_COUNT */
	"SELECT COUNT(*) FROM survey_response r "
	"LEFT JOIN customer c ON c.id = r.customer_id "
	"WHERE r.survey_id = ?" STATE FILTER("r.submitted_at"),
	/* STMT_RESPONSE */
	"SELECT r.id, " BJ("r.submitted_at") ", r.channel, ch.name_zh, "
	"ch.name_en, c.id, c.code, c.name, r.duration_s, r.pilot, "
	"r.invalid_reason, " BJ("r.cleaned_at") ", " BJ("r.overturned_at")
	", u.display_name, r.lang, e.display_name, r.invitation_id, "
	"(? IS NULL OR c.department_id = ?) "
	"FROM survey_response r LEFT JOIN customer c ON c.id = r.customer_id "
	"JOIN survey_channel ch ON ch.code = r.channel "
	"LEFT JOIN `user` u ON u.id = r.overturned_by "
	"LEFT JOIN `user` e ON e.id = r.entered_by "
	"WHERE r.id = ? AND r.survey_id = ?",
	/* STMT_ANSWERS: every question with this response's answer. */
	"SELECT q.id, q.position, q.kind, q.text_zh, q.text_en, a.num, a.text "
	"FROM survey_question q LEFT JOIN survey_answer a ON a.question_id = "
	"q.id AND a.response_id = ? WHERE q.survey_id = ? "
	"ORDER BY q.position, q.id",
	/* STMT_MARK_GET */
	"SELECT invalid_reason, overturned_at FROM survey_response "
	"WHERE id = ? AND survey_id = ? FOR UPDATE",
	/* STMT_OVERTURN */
	"UPDATE survey_response SET overturned_by = ?, overturned_at = "
	"UTC_TIMESTAMP() WHERE id = ? AND invalid_reason IS NOT NULL AND "
	"overturned_at IS NULL",
	/* STMT_CSV_RESPONSES: a batch in id order. */
	"SELECT r.id, " BJ("r.submitted_at") ", r.channel, CASE WHEN ? IS NULL "
	"OR c.department_id = ? THEN c.code END, r.pilot, "
	"r.invalid_reason, r.overturned_at IS NOT NULL "
	"FROM survey_response r LEFT JOIN customer c ON c.id = r.customer_id "
	"WHERE r.survey_id = ? AND r.id > ?" STATE FILTER("r.submitted_at")
	" ORDER BY r.id LIMIT 2000",
	/* STMT_CSV_ANSWERS */
	"SELECT response_id, question_id, num, text FROM survey_answer "
	"WHERE response_id BETWEEN ? AND ? ORDER BY response_id",
	/* STMT_TIMELINE: a customer's responses, newest first. */
	"SELECT r.id, r.survey_id, " BJ("r.submitted_at") ", s.title_zh, "
	"s.title_en, r.pilot, r.invalid_reason, r.overturned_at IS NOT NULL, "
	"(SELECT AVG(a.num) FROM survey_answer a JOIN survey_question q ON "
	"q.id = a.question_id WHERE a.response_id = r.id AND q.kind = "
	"'rating'), (SELECT MIN(a.num) FROM survey_answer a JOIN "
	"survey_question q ON q.id = a.question_id WHERE a.response_id = r.id "
	"AND q.kind = 'nps'), (SELECT AVG(a.num) FROM survey_answer a JOIN "
	"survey_question q ON q.id = a.question_id WHERE a.response_id = r.id "
	"AND q.kind = 'ces') "
	"FROM survey_response r JOIN survey s ON s.id = r.survey_id "
	"WHERE r.customer_id = ? ORDER BY r.submitted_at DESC, r.id DESC "
	"LIMIT 50",
};

/* ------------------------------------------------------------ filters */

static const char *const tiers[] = {
	"core", "important", "basic", "dormant", NULL,
};
static const char *const value_tags[] = {
	"high", "normal", "potential", NULL,
};
static const char *const states[] = {
	"all", "valid", "marked", "pilot", NULL,
};

enum ffield {
	FF_TIER,
	FF_VALUE,
	FF_CHANNEL,
	FF_FROM,
	FF_TO,
	FF_Q,
	FF_STATE,
	FF_PAGE,
	FF__MAX
};

static const struct field ffields[FF__MAX] = {
	/* FF_TIER */
	{ "tier", valid_enum, 0, 0, 0, tiers },
	/* FF_VALUE */
	{ "value_tag", valid_enum, 0, 0, 0, value_tags },
	/* FF_CHANNEL: checked against survey_channel below. */
	{ "channel", valid_text, 0, 1, 20, NULL },
	/* FF_FROM */
	{ "from", valid_date, 0, 0, 0, NULL },
	/* FF_TO */
	{ "to", valid_date, 0, 0, 0, NULL },
	/* FF_Q: search in the text answers */
	{ "q", valid_text, 0, 0, 100, NULL },
	/* FF_STATE */
	{ "state", valid_enum, 0, 0, 0, states },
	/* FF_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

/* The filters as statement parameters (NULL: not filtered). */
struct filt {
	struct fieldval	 v[FF__MAX];
	const char	*channel, *tier, *value, *from, *to, *q, *like;
	const char	*state;
	long long	 page;
	const char	*qs;		/* "&tier=..." for links */
	int		 bad;		/* a field was invalid: 422 */
	struct db_rows	 channels;
};

/* An aggregate's statement: without the customer if not filtered by it. */
static const char *
sq(const struct filt *f, enum stmt k)
{
	return stmts[f->tier == NULL && f->value == NULL ? k + 1 : k];
}

/* Read and check the filters; a database error as it is. */
static enum db_err
filt_read(struct http_req *r, struct filt *f)
{
	size_t		 i;
	enum db_err	 e;

	memset(f, 0, sizeof(*f));
	if ((e = db_query(r->db, r->a, &f->channels, stmts[STMT_CHANNELS],
	    "")) != DB_OK)
		return e;
	f->bad = valid_form(&r->query, ffields, FF__MAX, f->v) > 0;
	if (f->v[FF_CHANNEL].str != NULL) {
		for (i = 0; i < f->channels.n; i++)
			if (strcmp(f->channels.v[i][0],
			    f->v[FF_CHANNEL].str) == 0)
				break;
		if (i == f->channels.n) {
			f->v[FF_CHANNEL].err = "sv.results.err.channel";
			f->v[FF_CHANNEL].str = NULL;
			f->bad = 1;
		}
	}
	if (f->v[FF_FROM].str != NULL && f->v[FF_TO].str != NULL &&
	    f->v[FF_TO].i < f->v[FF_FROM].i) {
		f->v[FF_TO].err = "sv.results.err.range";
		f->bad = 1;
	}
	f->state = "all";
	f->page = 1;
	f->qs = "";
	if (f->bad)
		return DB_OK;	/* shown unfiltered, with the messages */
	f->channel = f->v[FF_CHANNEL].str;
	f->tier = f->v[FF_TIER].str;
	f->value = f->v[FF_VALUE].str;
	f->from = f->v[FF_FROM].str;
	f->to = f->v[FF_TO].str;
	if (f->v[FF_Q].str != NULL && *f->v[FF_Q].str != '\0') {
		f->q = f->v[FF_Q].str;
		f->like = db_like_anywhere(r->a, f->q);
	}
	if (f->v[FF_STATE].str != NULL)
		f->state = f->v[FF_STATE].str;
	if (f->v[FF_PAGE].str != NULL)
		f->page = f->v[FF_PAGE].i;
	f->qs = app_qs_add(r, f->qs, "tier", f->tier);
	f->qs = app_qs_add(r, f->qs, "value_tag", f->value);
	f->qs = app_qs_add(r, f->qs, "channel", f->channel);
	f->qs = app_qs_add(r, f->qs, "from", f->from);
	f->qs = app_qs_add(r, f->qs, "to", f->to);
	return DB_OK;
}

/* The filter form's values, options and messages. */
static void
filt_show(struct http_req *r, struct tmpl_dict *d, struct filt *f)
{
	struct tmpl_dict	*row;
	size_t			 i;

	page_fields(r, d, ffields, FF__MAX, f->v);
	if (f->bad)
		tmpl_show(d, "FILTER_BAD");
	for (i = 0; tiers[i] != NULL; i++) {
		row = tmpl_row(d, "TIER_OPTION");
		tmpl_set(row, "ID", tiers[i]);
		tmpl_set(row, "NAME", msg(r, arena_printf(r->a, "tier.%s",
		    tiers[i])));
		if (f->tier != NULL && strcmp(f->tier, tiers[i]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; value_tags[i] != NULL; i++) {
		row = tmpl_row(d, "VALUE_OPTION");
		tmpl_set(row, "ID", value_tags[i]);
		tmpl_set(row, "NAME", msg(r, arena_printf(r->a,
		    "cust.value.%s", value_tags[i])));
		if (f->value != NULL && strcmp(f->value, value_tags[i]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < f->channels.n; i++) {
		char	**c = f->channels.v[i];

		row = tmpl_row(d, "CHANNEL_OPTION");
		tmpl_set(row, "ID", c[0]);
		tmpl_set(row, "NAME", r->lang == LANG_ZH ? c[1] : c[2]);
		if (f->channel != NULL && strcmp(f->channel, c[0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	if (f->from != NULL || f->to != NULL || f->tier != NULL ||
	    f->value != NULL || f->channel != NULL)
		tmpl_show(d, "FILTERED");
}

/* ------------------------------------------------------------- helpers */

struct survey {
	long long	 id;
	const char	*slug, *status, *title;
	const char	*url;	/* /admin/surveys/<id> */
};

/* The survey of the path's first id: 0, or the status (404, 503). */
static int
survey_load(struct http_req *r, struct survey *s)
{
	struct survey_head	 h;
	int			 st;

	memset(s, 0, sizeof(*s));
	if ((st = admin_survey_head(r, r->args[0], &h)) != 0)
		return st;
	s->id = h.id;
	s->slug = h.slug;
	s->status = h.status;
	s->title = h.title;
	s->url = app_url(r, arena_printf(r->a, "/surveys/%lld", s->id));
	return 0;
}

static void
survey_show(struct http_req *r, struct tmpl_dict *d, const struct survey *s)
{
	tmpl_set(d, "SURVEY_ID", arena_printf(r->a, "%lld", s->id));
	tmpl_set(d, "SURVEY_TITLE", s->title);
	tmpl_set(d, "SURVEY_SLUG", s->slug);
	tmpl_set(d, "SURVEY_URL", s->url);
	tmpl_set(d, "SURVEY_STATUS", msg(r, arena_printf(r->a,
	    "sv.results.status.%s", s->status)));
	if (auth_can(r, "surveys.clean"))
		tmpl_show(d, "CAN_CLEAN");
}

/* Text of a question / option in the viewer's language. */
static const char *
in_lang(const struct http_req *r, const char *zh, const char *en)
{
	return r->lang != LANG_ZH && en != NULL && *en != '\0' ? en : zh;
}

/* A number with prec decimals and a unit, or a dash without one. */
static const char *
fmt(struct http_req *r, int prec, const char *unit, double v)
{
	return isnan(v) ? "—" : arena_printf(r->a, "%.*f%s", prec, v, unit);
}

/* "已标记：直线作答" / overturned / pilot / valid. */
static const char *
mark_text(struct http_req *r, const char *pilot, const char *reason,
    int overturned)
{
	const char	*m;

	if (reason == NULL)
		return msg(r, pilot != NULL && db_int(pilot) ?
		    "sv.results.state.pilot" : "sv.results.state.valid");
	m = msgf(r, overturned ? "sv.results.state.overturned" :
	    "sv.results.state.marked", msg(r, arena_printf(r->a,
	    "sv.results.reason.%s", reason)));
	/* A pilot response never counts; its mark is shown beside. */
	if (pilot != NULL && db_int(pilot))
		m = arena_printf(r->a, "%s · %s", msg(r,
		    "sv.results.state.pilot"), m);
	return m;
}

/* Options of one question from STMT_OPTIONS rows. */
static size_t
options_of(const struct db_rows *o, const char *qid, const char **labels,
    const struct http_req *r)
{
	size_t	 i, n = 0;
	long long pos;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->v[i][0], qid) != 0)
			continue;
		pos = db_int(o->v[i][1]);
		if (pos >= 1 && pos <= MAXOPT) {
			labels[pos - 1] = in_lang(r, o->v[i][2], o->v[i][3]);
			if ((size_t)pos > n)
				n = (size_t)pos;
		}
	}
	return n;
}

/* An answer as text: value, option label(s) or the text itself. */
static const char *
answer_text(struct http_req *r, const char *kind, const char *num,
    const char *text, const char **labels, size_t nopt)
{
	struct buf	 b;
	const char	*out;
	long long	 v;
	size_t		 k;

	if (text != NULL)
		return text;
	if (num == NULL)
		return NULL;
	v = db_int(num);
	if (strcmp(kind, "single") == 0)
		return v >= 1 && (size_t)v <= nopt && labels[v - 1] != NULL ?
		    labels[v - 1] : num;
	if (strcmp(kind, "multiple") != 0)
		return num;
	memset(&b, 0, sizeof(b));
	for (k = 0; k < nopt && k < MAXOPT; k++)
		if ((v >> k) & 1) {
			if (b.len > 0)
				buf_puts(&b, "; ");
			buf_puts(&b, labels[k] ? labels[k] : "?");
		}
	out = b.len ? arena_strndup(r->a, b.p, b.len) : "";
	buf_free(&b);
	return out;
}

/* ------------------------------------------------------------- results */

struct qstat {
	char		**q;			/* STMT_QUESTIONS row */
	long long	 id;
	long long	 cnt[SCORE_NV];		/* scales */
	long long	 opt[MAXOPT + 1];	/* choices: [pos] */
	long long	 n;
};

/* The index of question id in qs (nq if none); hint: the last one. */
static size_t
qindex(const struct qstat *qs, size_t nq, long long id, size_t *hint)
{
	size_t	 i;

	/* Answers come in question id order, mostly the questions' too. */
	if (*hint + 1 < nq && qs[*hint + 1].id == id)
		return ++*hint;
	for (i = 0; i < nq; i++)
		if (qs[i].id == id)
			return *hint = i;
	return nq;
}

/* Count n answers with value v to question i; choices by option. */
static void
tally(struct qstat *qs, size_t nq, size_t i, long long v, long long n)
{
	int	 k;

	if (i >= nq)
		return;
	if (strcmp(qs[i].q[2], "single") == 0) {
		if (v >= 1 && v <= MAXOPT)
			qs[i].opt[v] += n;
		qs[i].n += n;
	} else if (strcmp(qs[i].q[2], "multiple") == 0) {
		for (k = 0; k < MAXOPT; k++)
			if ((v >> k) & 1)
				qs[i].opt[k + 1] += n;
		qs[i].n += n;
	} else if (v >= 0 && v <= SCORE_VMAX)
		qs[i].cnt[v] += n;
}

/*
 * The packed answers ("question_id:num,...", survey_clean.c) of the
 * counted, cleaned responses, read in an arena of their own.
 */
static enum db_err
packed_tally(struct http_req *r, const struct survey *s,
    const struct filt *f, struct qstat *qs, size_t nq)
{
	struct arena	*a = arena_new();
	struct db_rows	 rows;
	const char	*p;
	char		*end;
	long long	 id, v;
	size_t		 i, hint = 0;
	enum db_err	 e;

	e = db_query(r->db, a, &rows, sq(f, STMT_PACKED), "issssssssss",
	    s->id, f->channel, f->channel, f->tier, f->tier, f->value,
	    f->value, f->from, f->from, f->to, f->to);
	for (i = 0; e == DB_OK && i < rows.n; i++)
		for (p = rows.v[i][0]; *p != '\0'; p = end) {
			id = strtoll(p, &end, 10);
			if (*end != ':')
				break;
			v = strtoll(end + 1, &end, 10);
			tally(qs, nq, qindex(qs, nq, id, &hint), v, 1);
			if (*end == ',')
				end++;
		}
	arena_free(a);
	return e;
}

/* A bar chart of shares in percent into b. */
static void
share_chart(struct http_req *r, struct buf *b, const char *id,
    const char *title, size_t n, const char *const *labels,
    const long long *cnt,
    long long total)
{
	struct svg_chart	 c;
	struct svg_series	 s;
	double			*v = arena_calloc(r->a, n + 1, sizeof(double));
	size_t			 i;

	for (i = 0; i < n; i++)
		v[i] = total > 0 ? round(1000.0 * cnt[i] / total) / 10 : NAN;
	memset(&c, 0, sizeof(c));
	s.label = msg(r, "sv.results.chart.share");
	s.v = v;
	c.kind = SVG_BARS;
	c.title = title;
	c.id = id;
	c.n = n;
	c.xlabels = labels;
	c.ymin = 0;
	c.ymax = 100;
	c.unit = "%";
	c.series = &s;
	c.nseries = 1;
	svg_chart(b, &c);
}

/* The scale of a kind: lowest and highest value; 0 for choices/text. */
static int
scale_of(const char *kind, int *lo, int *hi)
{
	if (strcmp(kind, "rating") == 0)
		*lo = 1, *hi = 5;
	else if (strcmp(kind, "nps") == 0)
		*lo = 0, *hi = 10;
	else if (strcmp(kind, "ces") == 0)
		*lo = 1, *hi = 7;
	else
		return 0;
	return 1;
}

static const char *const scale_labels[SCORE_NV] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
};

/* The per-dimension table and its two charts. */
static void
dimensions_show(struct http_req *r, struct tmpl_dict *d,
    const struct db_rows *dims, const struct qstat *qs, size_t nq,
    double overall)
{
	struct tmpl_dict	*row;
	struct svg_chart	 c;
	struct svg_series	 s[5];
	struct buf		 b;
	const char		**names;
	double			*mean, *share[5];
	long long		 cnt[SCORE_NV], nd;
	size_t			 i, j, k, n = 0;
	int			 v;

	names = arena_calloc(r->a, dims->n + 1, sizeof(char *));
	mean = arena_calloc(r->a, dims->n + 1, sizeof(double));
	for (v = 0; v < 5; v++)
		share[v] = arena_calloc(r->a, dims->n + 1, sizeof(double));
	for (i = 0; i < dims->n; i++) {
		memset(cnt, 0, sizeof(cnt));
		for (j = nd = 0; j < nq; j++)
			if (qs[j].q[3] != NULL && strcmp(qs[j].q[3],
			    dims->v[i][0]) == 0 && strcmp(qs[j].q[2],
			    "rating") == 0) {
				score_add(cnt, qs[j].cnt);
				nd++;
			}
		if (nd == 0)
			continue;	/* no rating question on it */
		k = n++;
		names[k] = in_lang(r, dims->v[i][1], dims->v[i][2]);
		mean[k] = score_mean(cnt, 1, 5);
		if (!isnan(mean[k]))
			mean[k] = round(100 * mean[k]) / 100;
		for (v = 0; v < 5; v++)
			share[v][k] = score_count(cnt, 1, 5) > 0 ?
			    round(1000.0 * score_share(cnt, v + 1, v + 1, 1, 5)) /
			    1000 : NAN;
		row = tmpl_row(d, "DIM");
		tmpl_set(row, "CODE", dims->v[i][0]);
		tmpl_set(row, "NAME", names[k]);
		tmpl_set(row, "QUESTIONS", arena_printf(r->a, "%lld", nd));
		tmpl_set(row, "N", arena_printf(r->a, "%lld",
		    score_count(cnt, 1, 5)));
		tmpl_set(row, "MEAN", fmt(r, 2, "", score_mean(cnt, 1, 5)));
		tmpl_set(row, "SCORE", fmt(r, 1, "", score_satisfaction(cnt)));
		tmpl_set(row, "CSAT", fmt(r, 1, "%", score_csat(cnt)));
		/* Compared unrounded: the flag is the formula's. */
		if (score_below(score_mean(cnt, 1, 5), overall))
			tmpl_show(row, "BELOW");
	}
	if (n == 0)
		return;
	tmpl_show(d, "HAS_DIMS");
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	s[0].label = msg(r, "sv.results.chart.mean");
	s[0].v = mean;
	c.kind = SVG_BARS;
	c.title = msg(r, "sv.results.chart.dims");
	c.id = "chart-dims";
	c.n = n;
	c.xlabels = names;
	c.ymin = 0;
	c.ymax = 5;
	c.has_goal = !isnan(overall);
	c.goal = overall;
	c.goal_label = msg(r, "sv.results.chart.overall");
	c.series = s;
	c.nseries = 1;
	svg_chart(&b, &c);
	tmpl_set(d, "DIM_CHART", arena_strndup(r->a, b.p, b.len));
	b.len = 0;
	for (v = 0; v < 5; v++) {
		s[v].label = scale_labels[v + 1];
		s[v].v = share[v];
	}
	c.title = msg(r, "sv.results.chart.dims_dist");
	c.id = "chart-dims-dist";
	c.ymax = 100;
	c.unit = "%";
	c.has_goal = 0;
	c.nseries = 5;
	svg_chart(&b, &c);
	tmpl_set(d, "DIM_DIST_CHART", arena_strndup(r->a, b.p, b.len));
	buf_free(&b);
}

/* One card per question: its score, answers and distribution chart. */
static void
questions_show(struct http_req *r, struct tmpl_dict *d,
    const struct db_rows *opts, struct qstat *qs, size_t nq)
{
	struct tmpl_dict	*row;
	struct buf		 b;
	const char		*labels[MAXOPT], **xl;
	long long		 cnt[MAXOPT];
	size_t			 i, k, nopt;
	int			 lo, hi;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < nq; i++) {
		char		**q = qs[i].q;
		const char	*text = in_lang(r, q[4], q[5]);
		const char	*id = arena_printf(r->a, "chart-q%s", q[1]);

		row = tmpl_row(d, "QUESTION");
		tmpl_set(row, "POS", q[1]);
		tmpl_set(row, "TEXT", text);
		tmpl_set(row, "KIND", msg(r, arena_printf(r->a,
		    "sv.results.kind.%s", q[2])));
		b.len = 0;
		if (scale_of(q[2], &lo, &hi)) {
			qs[i].n = score_count(qs[i].cnt, lo, hi);
			if (strcmp(q[2], "rating") == 0) {
				tmpl_set(row, "SCORE", msgf(r,
				    "sv.results.q.rating", arena_printf(r->a,
				    "%s · %s · %s",
				    fmt(r, 2, "", score_mean(qs[i].cnt, 1, 5)),
				    fmt(r, 1, "", score_satisfaction(qs[i].cnt)),
				    fmt(r, 1, "%", score_csat(qs[i].cnt)))));
			} else if (strcmp(q[2], "nps") == 0)
				tmpl_set(row, "SCORE", msgf(r, "sv.results.q.nps",
				    fmt(r, 1, "", score_nps(qs[i].cnt))));
			else
				tmpl_set(row, "SCORE", msgf(r, "sv.results.q.ces",
				    fmt(r, 2, "", score_ces(qs[i].cnt))));
			share_chart(r, &b, id, text, (size_t)(hi - lo + 1),
			    &scale_labels[lo], &qs[i].cnt[lo],
			    qs[i].n);
		} else if (strcmp(q[2], "single") == 0 ||
		    strcmp(q[2], "multiple") == 0) {
			memset(labels, 0, sizeof(labels));
			nopt = options_of(opts, q[0], labels, r);
			xl = arena_calloc(r->a, nopt + 1, sizeof(char *));
			for (k = 0; k < nopt; k++) {
				xl[k] = labels[k] ? labels[k] : "?";
				cnt[k] = qs[i].opt[k + 1];
			}
			tmpl_set(row, "SCORE", "");
			/* Shares of the respondents (multiple: sum > 100%). */
			share_chart(r, &b, id, text, nopt, xl, cnt, qs[i].n);
		} else {
			tmpl_show(row, "TEXT_KIND");
			continue;
		}
		tmpl_show(row, "SCORED");
		tmpl_set(row, "N", arena_printf(r->a, "%lld", qs[i].n));
		/* svg.c escapes every text it writes. */
		tmpl_set(row, "CHART", arena_strndup(r->a, b.p, b.len));
	}
	buf_free(&b);
}

/* The searchable, paged open-text answers. */
static enum db_err
texts_show(struct http_req *r, struct tmpl_dict *d, const struct survey *s,
    struct filt *f, const struct qstat *qs, size_t nq)
{
	struct db_rows		 rows, cnt;
	struct tmpl_dict	*row;
	long long		 total, pages, page = f->page;
	size_t			 i, j;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &cnt, sq(f, STMT_TEXT_COUNT),
	    "issssssssssss", s->id, f->channel, f->channel, f->tier, f->tier,
	    f->value, f->value, f->from, f->from, f->to, f->to, f->like,
	    f->like)) != DB_OK)
		return e;
	total = db_int(cnt.v[0][0]);
	pages = total > 0 ? (total + TEXTS_PER_PAGE - 1) / TEXTS_PER_PAGE : 1;
	if (page > pages)
		page = pages;
	if ((e = db_query(r->db, r->a, &rows, sq(f, STMT_TEXTS),
	    "issssssssssssii", s->id, f->channel, f->channel, f->tier,
	    f->tier, f->value, f->value, f->from, f->from, f->to, f->to,
	    f->like, f->like, (long long)TEXTS_PER_PAGE,
	    (page - 1) * TEXTS_PER_PAGE)) != DB_OK)
		return e;
	tmpl_set(d, "TEXT_TOTAL", arena_printf(r->a, "%lld", total));
	tmpl_show(d, rows.n ? "HAS_TEXTS" : "NO_TEXTS");
	for (i = 0; i < rows.n; i++) {
		row = tmpl_row(d, "COMMENT");
		tmpl_set(row, "RID", rows.v[i][0]);
		tmpl_set(row, "HREF", arena_printf(r->a, "%s/responses/%s",
		    s->url, rows.v[i][0]));
		tmpl_set(row, "DATE", rows.v[i][1]);
		for (j = 0; j < nq; j++)
			if (strcmp(qs[j].q[1], rows.v[i][2]) == 0)
				tmpl_set(row, "QUESTION", in_lang(r,
				    qs[j].q[4], qs[j].q[5]));
		/* Customer input: auto-escaped like every value. */
		tmpl_set(row, "TEXT", rows.v[i][3]);
	}
	page_pager(r, d, page, pages, arena_printf(r->a, "%s/results",
	    s->url), app_qs_add(r, f->qs, "q", f->q));
	return DB_OK;
}

int
admin_survey_results(struct http_req *r)
{
	struct survey		 s;
	struct filt		 f;
	struct db_rows		 qrows, opts, dims, inv, cnt, dist;
	struct qstat		*qs;
	struct tmpl_dict	*d;
	long long		 rating[SCORE_NV], nps[SCORE_NV], ces[SCORE_NV];
	long long		 invited, via;
	double			 overall;
	size_t			 i, j, nq, hint = 0;
	int			 st;
	enum db_err		 e;

	if ((st = survey_load(r, &s)) != 0)
		return st;
	if ((e = filt_read(r, &f)) != DB_OK ||
	    (e = db_query(r->db, r->a, &qrows, stmts[STMT_QUESTIONS], "i",
	    s.id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &opts, stmts[STMT_OPTIONS], "i",
	    s.id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &dims, stmts[STMT_DIMENSIONS], "")) !=
	    DB_OK ||
	    (e = db_query(r->db, r->a, &inv, sq(&f, STMT_INVITED),
	    "issssssssss", s.id, f.channel, f.channel, f.tier, f.tier,
	    f.value, f.value, f.from, f.from, f.to, f.to)) != DB_OK ||
	    (e = db_query(r->db, r->a, &cnt, sq(&f, STMT_COUNTS),
	    "issssssssss", s.id, f.channel, f.channel, f.tier, f.tier,
	    f.value, f.value, f.from, f.from, f.to, f.to)) != DB_OK ||
	    (e = db_query(r->db, r->a, &dist, sq(&f, STMT_DIST),
	    "issssssssss", s.id, f.channel, f.channel, f.tier, f.tier,
	    f.value, f.value, f.from, f.from, f.to, f.to)) != DB_OK)
		return db_status(e);
	nq = qrows.n < MAXQ ? qrows.n : MAXQ;
	qs = arena_calloc(r->a, nq + 1, sizeof(*qs));
	for (i = 0; i < nq; i++) {
		qs[i].q = qrows.v[i];
		qs[i].id = db_int(qrows.v[i][0]);
	}
	/* Distributions by question: unpacked answers, then packed. */
	for (j = 0; j < dist.n; j++)
		tally(qs, nq, qindex(qs, nq, db_int(dist.v[j][0]), &hint),
		    db_int(dist.v[j][1]), db_int(dist.v[j][2]));
	if ((e = packed_tally(r, &s, &f, qs, nq)) != DB_OK)
		return db_status(e);
	memset(rating, 0, sizeof(rating));
	memset(nps, 0, sizeof(nps));
	memset(ces, 0, sizeof(ces));
	for (i = 0; i < nq; i++) {
		if (strcmp(qs[i].q[2], "rating") == 0)
			score_add(rating, qs[i].cnt);
		else if (strcmp(qs[i].q[2], "nps") == 0)
			score_add(nps, qs[i].cnt);
		else if (strcmp(qs[i].q[2], "ces") == 0)
			score_add(ces, qs[i].cnt);
	}
	overall = score_mean(rating, 1, 5);

	d = page_new(r, "sv.results.title");
	survey_show(r, d, &s);
	filt_show(r, d, &f);
	invited = db_int(inv.v[0][0]);
	via = db_int(cnt.v[0][4]);
	tmpl_set(d, "INVITED", inv.v[0][0]);
	tmpl_set(d, "VALID", cnt.v[0][1]);
	tmpl_set(d, "MARKED", cnt.v[0][2]);
	tmpl_set(d, "PILOT", cnt.v[0][3]);
	tmpl_set(d, "VIA_INVITATION", arena_printf(r->a, "%lld", via));
	tmpl_set(d, "RATE", invited > 0 ? arena_printf(r->a, "%.1f%%",
	    100.0 * via / invited) : "—");
	tmpl_set(d, "CSAT", fmt(r, 1, "%", score_csat(rating)));
	tmpl_set(d, "SCORE", fmt(r, 1, "", score_satisfaction(rating)));
	tmpl_set(d, "MEAN", fmt(r, 2, "", overall));
	tmpl_set(d, "NPS", fmt(r, 1, "", score_nps(nps)));
	tmpl_set(d, "NPS_PROMOTERS", fmt(r, 1, "%", score_share(nps, 9, 10,
	    0, 10)));
	tmpl_set(d, "NPS_DETRACTORS", fmt(r, 1, "%", score_share(nps, 0, 6,
	    0, 10)));
	tmpl_set(d, "CES", fmt(r, 2, "", score_ces(ces)));
	tmpl_set(d, "RATINGS_N", arena_printf(r->a, "%lld",
	    score_count(rating, 1, 5)));
	tmpl_set(d, "NPS_N", arena_printf(r->a, "%lld",
	    score_count(nps, 0, 10)));
	tmpl_set(d, "CES_N", arena_printf(r->a, "%lld",
	    score_count(ces, 1, 7)));
	tmpl_set(d, "CSV_HREF", arena_printf(r->a, "%s/responses.csv?state="
	    "valid%s", s.url, f.qs));
	tmpl_set(d, "LIST_HREF", arena_printf(r->a, "%s/responses?state="
	    "valid%s", s.url, f.qs));
	if (f.bad) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "sv.results.err.filter"));
	}
	dimensions_show(r, d, &dims, qs, nq, overall);
	questions_show(r, d, &opts, qs, nq);
	if ((e = texts_show(r, d, &s, &f, qs, nq)) != DB_OK)
		return db_status(e);
	return page_render(r, d, "admin/survey_results.tpl",
	    f.bad ? 422 : 200);
}

/* ----------------------------------------------------------- responses */

int
admin_survey_responses(struct http_req *r)
{
	struct survey		 s;
	struct filt		 f;
	struct db_rows		 cnt, rows;
	struct tmpl_dict	*d, *row;
	const char		*scope = auth_scope_dept(r);
	long long		 total, pages, page;
	size_t			 i, k;
	int			 st;
	enum db_err		 e;

	if ((st = survey_load(r, &s)) != 0)
		return st;
	if ((e = filt_read(r, &f)) != DB_OK)
		return db_status(e);
	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_LIST_COUNT],
	    "issssssssssssss", s.id, f.state, f.state, f.state, f.state,
	    f.channel, f.channel, f.tier, f.tier, f.value, f.value, f.from,
	    f.from, f.to, f.to)) != DB_OK)
		return db_status(e);
	total = db_int(cnt.v[0][0]);
	pages = total > 0 ? (total + LIST_PER_PAGE - 1) / LIST_PER_PAGE : 1;
	page = f.page > pages ? pages : f.page;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST],
	    "ssissssssssssssssii", scope, scope, s.id, f.state, f.state,
	    f.state, f.state, f.channel, f.channel, f.tier, f.tier, f.value,
	    f.value, f.from, f.from, f.to, f.to, (long long)LIST_PER_PAGE,
	    (page - 1) * LIST_PER_PAGE)) != DB_OK)
		return db_status(e);
	d = page_new(r, "sv.results.responses.title");
	survey_show(r, d, &s);
	filt_show(r, d, &f);
	if (f.bad) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "sv.results.err.filter"));
	}
	for (k = 0; states[k] != NULL; k++) {
		row = tmpl_row(d, "STATE_TAB");
		tmpl_set(row, "ID", states[k]);
		tmpl_set(row, "NAME", msg(r, arena_printf(r->a,
		    "sv.results.tab.%s", states[k])));
		tmpl_set(row, "HREF", arena_printf(r->a, "%s/responses?state="
		    "%s%s", s.url, states[k], f.qs));
		if (strcmp(states[k], f.state) == 0)
			tmpl_show(row, "ACTIVE");
	}
	tmpl_set(d, "TOTAL", arena_printf(r->a, "%lld", total));
	tmpl_set(d, "CSV_HREF", arena_printf(r->a, "%s/responses.csv?state=%s"
	    "%s", s.url, f.state, f.qs));
	tmpl_show(d, rows.n ? "HAS_ROWS" : "NO_ROWS");
	for (i = 0; i < rows.n; i++) {
		char	**v = rows.v[i];

		row = tmpl_row(d, "RESPONSE");
		tmpl_set(row, "ID", v[0]);
		tmpl_set(row, "HREF", arena_printf(r->a, "%s/responses/%s",
		    s.url, v[0]));
		tmpl_set(row, "DATE", v[1]);
		tmpl_set(row, "CHANNEL", r->lang == LANG_ZH ? v[3] : v[4]);
		/* Customers outside the viewer's department stay unnamed. */
		if (v[5] != NULL && db_int(v[15])) {
			tmpl_set(row, "CUSTOMER", arena_printf(r->a, "%s %s",
			    v[6], v[7]));
			tmpl_set(row, "CUSTOMER_HREF", app_url(r,
			    arena_printf(r->a, "/customers/%s", v[5])));
			tmpl_show(row, "HAS_CUSTOMER");
		}
		tmpl_set(row, "DURATION", v[8] ? v[8] : "");
		tmpl_set(row, "MEAN", v[13] ? fmt(r, 2, "", strtod(v[13],
		    NULL)) : "");
		tmpl_set(row, "NPS", v[14] ? v[14] : "");
		tmpl_set(row, "STATE", mark_text(r, v[9], v[10], v[11] != NULL));
		tmpl_show(row, db_int(v[9]) ? "IS_PILOT" : v[10] == NULL ?
		    "IS_VALID" : v[11] != NULL ? "IS_OVERTURNED" : "IS_MARKED");
		if (v[11] != NULL)
			tmpl_set(row, "OVERTURNED", arena_printf(r->a, "%s %s",
			    v[12] ? v[12] : "", v[11]));
	}
	page_pager(r, d, page, pages, arena_printf(r->a, "%s/responses",
	    s.url), arena_printf(r->a, "&state=%s%s", f.state, f.qs));
	return page_render(r, d, "admin/survey_responses.tpl",
	    f.bad ? 422 : 200);
}

/* One response: status in *st (200, 404, 503); NULL dict on error. */
static struct tmpl_dict *
response_page(struct http_req *r, struct survey *s, int *st)
{
	struct db_rows		 resp, ans, opts;
	struct tmpl_dict	*d, *row;
	const char		*labels[MAXOPT], *t, *scope = auth_scope_dept(r);
	long long		 rid;
	size_t			 i, nopt;
	enum db_err		 e;
	char			**v;

	if ((*st = survey_load(r, s)) != 0)
		return NULL;
	if ((rid = app_path_id(r->args[1])) == 0) {
		*st = 404;
		return NULL;
	}
	if ((e = db_query(r->db, r->a, &resp, stmts[STMT_RESPONSE], "ssii",
	    scope, scope, rid, s->id)) != DB_OK ||
	    (resp.n > 0 && ((e = db_query(r->db, r->a, &ans,
	    stmts[STMT_ANSWERS], "ii", rid, s->id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &opts, stmts[STMT_OPTIONS], "i",
	    s->id)) != DB_OK))) {
		*st = db_status(e);
		return NULL;
	}
	if (resp.n == 0) {
		*st = 404;
		return NULL;
	}
	v = resp.v[0];
	d = page_new(r, "sv.results.response.title");
	survey_show(r, d, s);
	tmpl_set(d, "ID", v[0]);
	tmpl_set(d, "URL", arena_printf(r->a, "%s/responses/%s", s->url, v[0]));
	tmpl_set(d, "DATE", v[1]);
	tmpl_set(d, "CHANNEL", r->lang == LANG_ZH ? v[3] : v[4]);
	if (v[5] != NULL && db_int(v[17])) {
		row = tmpl_row(d, "CUSTOMER");
		tmpl_set(row, "NAME", arena_printf(r->a, "%s %s", v[6], v[7]));
		tmpl_set(row, "HREF", app_url(r, arena_printf(r->a,
		    "/customers/%s", v[5])));
	}
	tmpl_set(d, "DURATION", v[8] ? msgf(r, "sv.results.seconds", v[8]) :
	    "");
	tmpl_set(d, "LANG", v[14]);
	tmpl_set(d, "ENTERED_BY", v[15] ? v[15] : "");
	tmpl_set(d, "INVITATION", v[16] ? v[16] : "");
	tmpl_set(d, "STATE", mark_text(r, v[9], v[10], v[12] != NULL));
	tmpl_set(d, "CLEANED", v[11] ? v[11] : msg(r,
	    "sv.results.not_cleaned"));
	if (v[12] != NULL) {
		row = tmpl_row(d, "OVERTURNED");
		tmpl_set(row, "BY", v[13] ? v[13] : "");
		tmpl_set(row, "AT", v[12]);
	} else if (v[10] != NULL && !db_int(v[9]) &&
	    auth_can(r, "surveys.clean"))
		tmpl_show(d, "CAN_OVERTURN");
	for (i = 0; i < ans.n; i++) {
		char	**a = ans.v[i];

		memset(labels, 0, sizeof(labels));
		nopt = options_of(&opts, a[0], labels, r);
		row = tmpl_row(d, "ANSWER");
		tmpl_set(row, "POS", a[1]);
		tmpl_set(row, "QUESTION", in_lang(r, a[3], a[4]));
		tmpl_set(row, "KIND", msg(r, arena_printf(r->a,
		    "sv.results.kind.%s", a[2])));
		t = answer_text(r, a[2], a[5], a[6], labels, nopt);
		/* Customer input: auto-escaped, white space kept by CSS. */
		tmpl_set(row, "VALUE", t ? t : "");
		if (t == NULL)
			tmpl_show(row, "UNANSWERED");
	}
	return d;
}

int
admin_survey_response(struct http_req *r)
{
	struct survey		 s;
	struct tmpl_dict	*d;
	int			 st;

	if ((d = response_page(r, &s, &st)) == NULL)
		return st;
	return page_render(r, d, "admin/survey_response.tpl", 200);
}

struct overturn_tx {
	struct http_req	*r;
	long long	 survey, id;
	int		 gone, wrong;
};

static enum db_err
overturn_write(struct db *db, void *arg)
{
	struct overturn_tx	*t = arg;
	struct db_rows		 m;
	struct json		*before, *after;
	unsigned long long	 n;
	enum db_err		 e;

	t->gone = t->wrong = 0;
	if ((e = db_query(db, t->r->a, &m, stmts[STMT_MARK_GET], "ii", t->id,
	    t->survey)) != DB_OK)
		return e;
	if (m.n == 0) {
		t->gone = 1;
		return DB_ERROR;
	}
	if (m.v[0][0] == NULL || m.v[0][1] != NULL) {
		t->wrong = 1;
		return DB_ERROR;
	}
	if ((e = db_exec(db, &n, NULL, stmts[STMT_OVERTURN], "ii",
	    t->r->sess->user_id, t->id)) != DB_OK)
		return e;
	before = json_new(t->r->a);
	json_str(before, "invalid_reason", m.v[0][0]);
	after = json_new(t->r->a);
	json_str(after, "invalid_reason", m.v[0][0]);
	json_int(after, "overturned_by", t->r->sess->user_id);
	return audit_write(db, t->r, NULL, "survey_response", t->id,
	    "overturn", json_end(before), json_end(after));
}

int
admin_survey_overturn(struct http_req *r)
{
	struct overturn_tx	 t;
	struct survey		 s;
	struct tmpl_dict	*d;
	int			 st;
	enum db_err		 e;

	memset(&t, 0, sizeof(t));
	if ((st = survey_load(r, &s)) != 0)
		return st;
	if ((t.id = app_path_id(r->args[1])) == 0)
		return 404;
	t.r = r;
	t.survey = s.id;
	if ((e = db_tx(r->db, overturn_write, &t)) != DB_OK) {
		if (t.gone)
			return 404;
		if (!t.wrong)
			return db_status(e);
		/* Not marked, or lifted already: say so on the page. */
		if ((d = response_page(r, &s, &st)) == NULL)
			return st;
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "sv.results.err.overturn"));
		return page_render(r, d, "admin/survey_response.tpl", 422);
	}
	flash_set(r, "sv.results.overturned");
	http_redirect(r, 303, arena_printf(r->a, "%s/responses/%lld", s.url,
	    t.id));
	return 303;
}

int
admin_survey_clean(struct http_req *r)
{
	struct clean_run	 t;
	struct survey	 s;
	int		 st;
	enum db_err	 e;

	if ((st = survey_load(r, &s)) != 0)
		return st;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.survey = s.id;
	t.always = 1;
	if ((e = db_tx(r->db, survey_clean_tx, &t)) != DB_OK)
		return db_status(e);
	flash_set(r, t.st.checked > 0 ? "sv.results.cleaned" :
	    "sv.results.cleaned_none");
	http_redirect(r, 303, arena_printf(r->a, "%s/results", s.url));
	return 303;
}

/* ----------------------------------------------------------------- CSV */

struct export_tx {
	struct http_req	*r;
	long long	 survey;
	const char	*state;
};

static enum db_err
export_audit(struct db *db, void *arg)
{
	struct export_tx	*t = arg;
	struct json		*j = json_new(t->r->a);

	json_str(j, "state", t->state);
	json_str(j, "filters", t->r->query_string ? t->r->query_string : "");
	return audit_write(db, t->r, NULL, "survey", t->survey, "export", NULL,
	    json_end(j));
}

int
admin_survey_responses_csv(struct http_req *r)
{
	struct survey		 s;
	struct filt		 f;
	struct export_tx	 t;
	struct db_rows		 qrows, opts, rows, ans;
	struct arena		*ba;
	struct buf		*b = r->out;
	const char		*scope = auth_scope_dept(r);
	const char		***labels;
	const char		**cells;
	size_t			*nopt, i, j, k, nq;
	long long		 after = 0;
	int			 st;
	enum db_err		 e;

	if ((st = survey_load(r, &s)) != 0)
		return st;
	if ((e = filt_read(r, &f)) != DB_OK)
		return db_status(e);
	if (f.bad)
		return page_error(r, 422, "sv.results.err.filter");
	if ((e = db_query(r->db, r->a, &qrows, stmts[STMT_QUESTIONS], "i",
	    s.id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &opts, stmts[STMT_OPTIONS], "i",
	    s.id)) != DB_OK)
		return db_status(e);
	t.r = r;
	t.survey = s.id;
	t.state = f.state;
	if ((e = db_tx(r->db, export_audit, &t)) != DB_OK)
		return db_status(e);
	nq = qrows.n < MAXQ ? qrows.n : MAXQ;
	labels = arena_calloc(r->a, nq + 1, sizeof(*labels));
	nopt = arena_calloc(r->a, nq + 1, sizeof(*nopt));
	cells = arena_calloc(r->a, nq + 1, sizeof(*cells));
	for (i = 0; i < nq; i++) {
		labels[i] = arena_calloc(r->a, MAXOPT, sizeof(char *));
		nopt[i] = options_of(&opts, qrows.v[i][0], labels[i], r);
	}

	buf_puts(b, "\xEF\xBB\xBF");
	page_csv_cell(b, msg(r, "sv.results.csv.id"), 0);
	page_csv_cell(b, msg(r, "sv.results.csv.submitted"), 0);
	page_csv_cell(b, msg(r, "sv.results.csv.channel"), 0);
	page_csv_cell(b, msg(r, "sv.results.csv.customer"), 0);
	page_csv_cell(b, msg(r, "sv.results.csv.state"), nq == 0);
	for (i = 0; i < nq; i++)
		page_csv_cell(b, arena_printf(r->a, "Q%s %s", qrows.v[i][1],
		    in_lang(r, qrows.v[i][4], qrows.v[i][5])), i + 1 == nq);
	/* Batches in their own arena: a year of responses stays small. */
	ba = arena_new();
	for (;;) {
		arena_reset(ba);
		if ((e = db_query(r->db, ba, &rows, stmts[STMT_CSV_RESPONSES],
		    "ssiissssssssssssss", scope, scope, s.id, after, f.state,
		    f.state, f.state, f.state, f.channel, f.channel, f.tier,
		    f.tier, f.value, f.value, f.from, f.from, f.to, f.to)) != DB_OK)
			break;
		if (rows.n == 0)
			break;
		if ((e = db_query(r->db, ba, &ans, stmts[STMT_CSV_ANSWERS],
		    "ii", db_int(rows.v[0][0]), db_int(rows.v[rows.n - 1][0])))
		    != DB_OK)
			break;
		for (i = k = 0; i < rows.n; i++) {
			char		**v = rows.v[i];
			long long	 id = db_int(v[0]);

			memset(cells, 0, (nq + 1) * sizeof(*cells));
			while (k < ans.n && db_int(ans.v[k][0]) < id)
				k++;
			for (; k < ans.n && db_int(ans.v[k][0]) == id; k++)
				for (j = 0; j < nq; j++)
					if (strcmp(qrows.v[j][0],
					    ans.v[k][1]) == 0)
						cells[j] = answer_text(r,
						    qrows.v[j][2], ans.v[k][2],
						    ans.v[k][3], labels[j],
						    nopt[j]);
			page_csv_cell(b, v[0], 0);
			page_csv_cell(b, v[1], 0);
			page_csv_cell(b, v[2], 0);
			page_csv_cell(b, v[3], 0);
			page_csv_cell(b, db_int(v[4]) ? "pilot" : v[5] == NULL ?
			    "valid" : db_int(v[6]) ? arena_printf(ba,
			    "overturned:%s", v[5]) : arena_printf(ba,
			    "marked:%s", v[5]), nq == 0);
			for (j = 0; j < nq; j++)
				page_csv_cell(b, cells[j], j + 1 == nq);
			after = id;
		}
	}
	arena_free(ba);
	if (e != DB_OK) {
		/* Nothing half-written goes out: the error page instead. */
		b->len = 0;
		return page_error(r, db_status(e), NULL);
	}
	page_csv_attach(r, arena_printf(r->a, "survey-%lld-responses.csv",
	    s.id));
	return 200;
}

/* ---------------------------------------------------- customer timeline */

enum db_err
survey_timeline(struct http_req *r, struct tmpl_dict *d, long long customer)
{
	struct db_rows		 rows;
	struct tmpl_dict	*row;
	const char		*sum;
	int			 can = auth_can(r, "surveys.results");
	size_t			 i;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_TIMELINE], "i",
	    customer)) != DB_OK)
		return e;
	tmpl_show(d, rows.n ? "HAS_SURVEY_RESPONSES" : "NO_SURVEY_RESPONSES");
	for (i = 0; i < rows.n; i++) {
		char	**v = rows.v[i];

		row = tmpl_row(d, "SURVEY_RESPONSE");
		tmpl_set(row, "DATE", v[2]);
		tmpl_set(row, "SURVEY", in_lang(r, v[3], v[4]));
		sum = "";
		if (v[8] != NULL)
			sum = msgf(r, "sv.results.tl.mean", fmt(r, 2, "",
			    strtod(v[8], NULL)));
		if (v[9] != NULL)
			sum = arena_printf(r->a, "%s%s%s", sum, *sum ? " · " :
			    "", msgf(r, "sv.results.tl.nps", v[9]));
		if (v[10] != NULL)
			sum = arena_printf(r->a, "%s%s%s", sum, *sum ? " · " :
			    "", msgf(r, "sv.results.tl.ces", fmt(r, 1, "",
			    strtod(v[10], NULL))));
		tmpl_set(row, "SUMMARY", sum);
		tmpl_set(row, "STATE", mark_text(r, v[5], v[6],
		    db_int(v[7]) != 0));
		if (can) {
			tmpl_set(tmpl_row(row, "LINK"), "HREF", app_url(r,
			    arena_printf(r->a, "/surveys/%s/responses/%s", v[1],
			    v[0])));
		}
	}
	return DB_OK;
}
