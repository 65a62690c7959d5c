/*
 * The survey core: cached definitions, the question form, validation of
 * answers and storing a response.  See survey.h for how the staff pages
 * use it.
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "form.h"
#include "survey.h"
#include "tmpl.h"
#include "valid.h"

/* How old the public page's idea of a survey's version may be. */
#define CHECK_US	1000000LL

const char *const survey_kind_names[SURVEY_KIND__MAX] = {
	"rating", "nps", "ces", "single", "multiple", "short", "long",
};

const char *const survey_status_names[SURVEY_STATUS__MAX] = {
	"draft", "pilot", "active", "closed",
};

enum stmt {
	STMT_VERSION_SLUG,
	STMT_VERSION_ID,
	STMT_SURVEY,
	STMT_QUESTIONS,
	STMT_OPTIONS,
	STMT_INVITATION_USE,
	STMT_RESPONSE_INSERT,
	STMT_INVITATION_FIND,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_VERSION_SLUG */
	"SELECT id, version FROM survey WHERE slug = ?",
	/* STMT_VERSION_ID */
	"SELECT id, version FROM survey WHERE id = ?",
	/* STMT_SURVEY */
	"SELECT id, version, slug, status, title_zh, title_en, "
	"COALESCE(intro_zh, ''), COALESCE(intro_en, ''), "
	"COALESCE(thanks_zh, ''), COALESCE(thanks_en, ''), "
	"opens_on, closes_on, min_seconds FROM survey WHERE id = ?",
	/* STMT_QUESTIONS */
	"SELECT q.id, q.position, q.kind, q.required, q.dimension, "
	"q.text_zh, q.text_en, q.help_zh, q.help_en, "
	"COALESCE(d.name_zh, ''), COALESCE(d.name_en, '') "
	"FROM survey_question q "
	"LEFT JOIN survey_dimension d ON d.code = q.dimension "
	"WHERE q.survey_id = ? ORDER BY q.position, q.id",
	/* STMT_OPTIONS */
	"SELECT o.question_id, o.position, o.label_zh, o.label_en "
	"FROM survey_option o JOIN survey_question q ON q.id = o.question_id "
	"WHERE q.survey_id = ? ORDER BY o.question_id, o.position",
	/* STMT_INVITATION_USE */
	"UPDATE survey_invitation SET used_at = NOW() "
	"WHERE id = ? AND used_at IS NULL",
	/* STMT_RESPONSE_INSERT */
	"INSERT INTO survey_response (survey_id, survey_version, "
	"invitation_id, customer_id, channel, pilot, lang, started_at, "
	"duration_s, addr_hash, entered_by) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UNHEX(?), ?)",
	/* STMT_INVITATION_FIND */
	"SELECT id, survey_id, customer_id, channel, pilot, "
	"used_at IS NOT NULL FROM survey_invitation "
	"WHERE token_hash = UNHEX(?)",
};

/*
 * INSERT INTO survey_answer with 1 to ANSWER_ROWS rows: a fixed set of
 * statement shapes, built once, so that a response's answers go in one
 * statement (the statement cache keys on their addresses).
 */
#define ANSWER_ROWS	16
static char		 answer_sql[ANSWER_ROWS][120 + 14 * ANSWER_ROWS];
static const char	 answer_fmt[] =
    "iissiissiissiissiissiissiissiissiissiissiissiissiissiissiissiiss";
static pthread_once_t	 answer_once = PTHREAD_ONCE_INIT;

static void
answer_shapes(void)
{
	size_t	 n, k, len;

	for (n = 0; n < ANSWER_ROWS; n++) {
		len = (size_t)snprintf(answer_sql[n], sizeof(answer_sql[n]),
		    "INSERT INTO survey_answer (response_id, question_id, "
		    "num, text) VALUES (?, ?, ?, ?)");
		for (k = 0; k < n; k++)
			len += (size_t)snprintf(answer_sql[n] + len,
			    sizeof(answer_sql[n]) - len, ", (?, ?, ?, ?)");
	}
}

/* ---- keys ---- */

static unsigned char	 mac_key[crypto_auth_hmacsha256_KEYBYTES];

void
survey_init(const struct conf *conf, const char *prog)
{
	const char			*s;
	crypto_hash_sha256_state	 st;

	if (sodium_init() < 0)
		abort();
	/*
	 * An explicit secret, else one derived from the program's database
	 * password: both are only in the (mode 600/640) configuration,
	 * and stay the same across restarts and processes (CGI).
	 */
	if ((s = conf_get(conf, "survey", "secret", NULL)) == NULL)
		s = conf_get2(conf, "db", prog, "password", "");
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"manyi-survey:",
	    13);
	crypto_hash_sha256_update(&st, (const unsigned char *)s, strlen(s));
	crypto_hash_sha256_final(&st, mac_key);
}

static void
hex(const unsigned char *in, size_t n, char *out)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void
survey_mac(const char *m, char out[65])
{
	unsigned char	 h[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(h, (const unsigned char *)m, strlen(m),
	    mac_key);
	hex(h, sizeof(h), out);
}

void
survey_token_hash(const char *tok, char out[65])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)tok, strlen(tok));
	hex(h, sizeof(h), out);
}

/* ---- definitions and their cache ---- */

struct cache_ent {
	struct survey_def	*def;
	long long		 checked_us;	/* last version check */
	long long		 used_us;	/* for eviction */
};

static pthread_mutex_t	 cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache_ent	 cache[SURVEY_CACHE_MAX];
static size_t		 ncache;

static long long
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
def_free(struct survey_def *d)
{
	int	 l;

	if (d == NULL)
		return;
	for (l = 0; l < LANG__MAX; l++)
		free(d->html[l]);
	arena_free(d->mem);
}

static struct cache_ent *
find_id(long long id)
{
	size_t	 i;

	for (i = 0; i < ncache; i++)
		if (cache[i].def->id == id)
			return &cache[i];
	return NULL;
}

static struct cache_ent *
find_slug(const char *slug)
{
	size_t	 i;

	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].def->slug, slug) == 0)
			return &cache[i];
	return NULL;
}

/*
 * Take an entry out of the cache (lock held).  Returns the definition
 * to free after unlocking, or NULL if someone still uses it (the last
 * survey_put frees it).
 */
static struct survey_def *
drop(struct cache_ent *e)
{
	struct survey_def	*d = e->def;

	*e = cache[--ncache];
	d->cached = 0;
	return d->refs == 0 ? d : NULL;
}

/* Count a use of the entry's definition and hand it out (lock held). */
static const struct survey_def *
take(struct cache_ent *e, long long now)
{
	e->used_us = now;
	e->def->refs++;
	return e->def;
}

/*
 * Put a freshly loaded definition in the cache, replacing an older
 * version (a newer one already there wins).  Returns it counted as in
 * use; *gone is what the caller frees after unlocking.
 */
static const struct survey_def *
install(struct survey_def *d, long long now, struct survey_def **gone)
{
	struct cache_ent	*e;
	size_t			 i, lru;

	*gone = NULL;
	if ((e = find_id(d->id)) != NULL) {
		if (e->def->version >= d->version) {
			*gone = d;
			e->checked_us = now;
			return take(e, now);
		}
		e->def->cached = 0;
		if (e->def->refs == 0)
			*gone = e->def;
	} else {
		if (ncache == SURVEY_CACHE_MAX) {
			for (i = 1, lru = 0; i < ncache; i++)
				if (cache[i].used_us < cache[lru].used_us)
					lru = i;
			*gone = drop(&cache[lru]);
		}
		e = &cache[ncache++];
	}
	d->cached = 1;
	e->def = d;
	e->checked_us = now;
	return take(e, now);
}

static long long
parse_day(const char *s)
{
	int	 y, m, d;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return VALID_NODATE;
	return valid_days(y, m, d);
}

static enum survey_kind
kind_of(const char *s)
{
	int	 k;

	for (k = 0; k < SURVEY_KIND__MAX; k++)
		if (strcmp(survey_kind_names[k], s) == 0)
			return (enum survey_kind)k;
	return SURVEY_SHORT;
}

struct load {
	long long		 id;
	struct survey_def	*d;
};

/* Read one survey in one snapshot (a read-only transaction). */
static enum db_err
load_tx(struct db *db, void *arg)
{
	struct load		*l = arg;
	struct survey_def	*d = l->d;
	struct db_rows		 s, q, o;
	enum db_err		 e;
	size_t			 i, j, k;
	int			 st;

	if ((e = db_query(db, d->mem, &s, stmts[STMT_SURVEY], "i", l->id))
	    != DB_OK)
		return e;
	if (s.n == 0) {
		d->id = 0;
		return DB_OK;
	}
	if ((e = db_query(db, d->mem, &q, stmts[STMT_QUESTIONS], "i",
	    l->id)) != DB_OK ||
	    (e = db_query(db, d->mem, &o, stmts[STMT_OPTIONS], "i", l->id))
	    != DB_OK)
		return e;
	d->id = db_int(s.v[0][0]);
	d->version = db_int(s.v[0][1]);
	d->slug = s.v[0][2];
	d->status = SURVEY_DRAFT;
	for (st = 0; st < SURVEY_STATUS__MAX; st++)
		if (strcmp(survey_status_names[st], s.v[0][3]) == 0)
			d->status = (enum survey_status)st;
	d->title[LANG_ZH] = s.v[0][4];
	d->title[LANG_EN] = s.v[0][5];
	d->intro[LANG_ZH] = s.v[0][6];
	d->intro[LANG_EN] = s.v[0][7];
	d->thanks[LANG_ZH] = s.v[0][8];
	d->thanks[LANG_EN] = s.v[0][9];
	d->opens_on = parse_day(s.v[0][10]);
	d->closes_on = parse_day(s.v[0][11]);
	d->min_seconds = db_int(s.v[0][12]);
	d->nq = q.n;
	d->q = arena_calloc(d->mem, q.n ? q.n : 1, sizeof(*d->q));
	for (i = 0, k = 0; i < q.n; i++) {
		struct survey_question	*x = &d->q[i];
		char			**v = q.v[i];

		x->id = db_int(v[0]);
		x->position = (int)db_int(v[1]);
		x->kind = kind_of(v[2]);
		x->required = db_int(v[3]) != 0;
		x->dimension = v[4];
		x->text[LANG_ZH] = v[5];
		x->text[LANG_EN] = v[6];
		x->help[LANG_ZH] = v[7];
		x->help[LANG_EN] = v[8];
		x->dim_name[LANG_ZH] = v[9];
		x->dim_name[LANG_EN] = v[10];
		switch (x->kind) {
		case SURVEY_RATING:
			x->min = 1, x->max = 5;
			break;
		case SURVEY_NPS:
			x->min = 0, x->max = 10;
			break;
		case SURVEY_CES:
			x->min = 1, x->max = 7;
			break;
		default:
			break;
		}
		/* Options come sorted by question id, then position. */
		x->opts = arena_calloc(d->mem, o.n ? o.n : 1,
		    sizeof(*x->opts));
		for (k = 0; k < o.n; k++) {
			if (db_int(o.v[k][0]) != x->id)
				continue;
			if (x->nopts == SURVEY_OPTIONS_MAX)
				break;
			j = x->nopts++;
			x->opts[j].position = (int)db_int(o.v[k][1]);
			x->opts[j].label[LANG_ZH] = o.v[k][2];
			x->opts[j].label[LANG_EN] = o.v[k][3];
		}
	}
	return DB_OK;
}

/* Load a survey from the database and cache it; *out NULL if none. */
static enum db_err
load(struct db *db, long long id, long long now,
    const struct survey_def **out)
{
	struct load		 l;
	struct survey_def	*gone;
	enum db_err		 e;

	l.id = id;
	l.d = calloc(1, sizeof(*l.d));
	if (l.d == NULL)
		arena_oom();
	/* The definition's memory is its own arena, freed in one call. */
	l.d->mem = arena_new();
	if ((e = db_tx(db, load_tx, &l)) != DB_OK || l.d->id == 0) {
		arena_free(l.d->mem);
		free(l.d);
		*out = NULL;
		return e;
	}
	/* Keep the struct itself in its arena too: one free. */
	{
		struct survey_def *d = arena_alloc(l.d->mem, sizeof(*d));

		*d = *l.d;
		free(l.d);
		l.d = d;
	}
	pthread_mutex_lock(&cache_lock);
	*out = install(l.d, now, &gone);
	pthread_mutex_unlock(&cache_lock);
	def_free(gone);
	return DB_OK;
}

/*
 * The current (id, version) of a survey by slug or id, then the cached
 * definition if it has that version, else a fresh load.
 */
static enum db_err
get(struct db *db, const char *slug, long long id,
    const struct survey_def **out)
{
	struct cache_ent	*e;
	struct survey_def	*gone = NULL;
	struct db_rows		 rows;
	struct arena		*a;
	enum db_err		 err;
	long long		 now = mono_us(), version;

	*out = NULL;
	if (slug != NULL) {
		pthread_mutex_lock(&cache_lock);
		if ((e = find_slug(slug)) != NULL &&
		    now - e->checked_us < CHECK_US) {
			*out = take(e, now);
			pthread_mutex_unlock(&cache_lock);
			return DB_OK;
		}
		pthread_mutex_unlock(&cache_lock);
	}
	a = arena_new();
	if (slug != NULL)
		err = db_query(db, a, &rows, stmts[STMT_VERSION_SLUG], "s",
		    slug);
	else
		err = db_query(db, a, &rows, stmts[STMT_VERSION_ID], "i", id);
	if (err != DB_OK) {
		arena_free(a);
		return err;
	}
	if (rows.n == 0) {
		/* Gone (or renamed): forget what we had under that name. */
		pthread_mutex_lock(&cache_lock);
		e = slug != NULL ? find_slug(slug) : find_id(id);
		if (e != NULL)
			gone = drop(e);
		pthread_mutex_unlock(&cache_lock);
		def_free(gone);
		arena_free(a);
		return DB_OK;
	}
	id = db_int(rows.v[0][0]);
	version = db_int(rows.v[0][1]);
	arena_free(a);
	pthread_mutex_lock(&cache_lock);
	/* The slug now names another survey: forget the old one. */
	if (slug != NULL && (e = find_slug(slug)) != NULL &&
	    e->def->id != id)
		gone = drop(e);
	if ((e = find_id(id)) != NULL && e->def->version == version &&
	    (slug == NULL || strcmp(e->def->slug, slug) == 0)) {
		e->checked_us = now;
		*out = take(e, now);
		pthread_mutex_unlock(&cache_lock);
		def_free(gone);
		return DB_OK;
	}
	pthread_mutex_unlock(&cache_lock);
	def_free(gone);
	return load(db, id, now, out);
}

enum db_err
survey_get_slug(struct db *db, const char *slug, const struct survey_def **out)
{
	size_t	 n = strlen(slug);

	*out = NULL;
	/* Nothing that could not be a slug reaches the database. */
	if (n == 0 || n > 40 || !utf8_valid(slug, n))
		return DB_OK;
	return get(db, slug, 0, out);
}

enum db_err
survey_get_id(struct db *db, long long id, const struct survey_def **out)
{
	*out = NULL;
	if (id <= 0)
		return DB_OK;
	return get(db, NULL, id, out);
}

void
survey_put(const struct survey_def *cd)
{
	struct survey_def	*d = (struct survey_def *)cd, *gone = NULL;

	if (d == NULL)
		return;
	pthread_mutex_lock(&cache_lock);
	if (--d->refs == 0 && !d->cached)
		gone = d;
	pthread_mutex_unlock(&cache_lock);
	def_free(gone);
}

const char *
survey_text(const char *const t[LANG__MAX], enum lang l)
{
	if (t[l] != NULL && t[l][0] != '\0')
		return t[l];
	return t[LANG_ZH] != NULL ? t[LANG_ZH] : "";
}

/* ---- the form ---- */

void
survey_paragraphs(struct tmpl_dict *d, const char *section, const char *text)
{
	struct tmpl_dict	*row;
	const char		*p, *end;
	char			 line[4096];
	size_t			 n;

	/* One row per line that is not blank (CR LF or LF). */
	for (p = text; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		row = tmpl_row(d, section);
		tmpl_set(row, "TEXT", line);
	}
}

static void
render_scale(struct http_req *r, struct tmpl_dict *row,
    const struct survey_question *q, const struct survey_answer *a)
{
	struct tmpl_dict	*s, *o;
	char			 key[32];
	int			 v;

	if (q->kind == SURVEY_RATING) {
		s = tmpl_row(row, "RATING");
		for (v = q->min; v <= q->max; v++) {
			o = tmpl_row(s, "OPT");
			tmpl_set_int(o, "VAL", v);
			snprintf(key, sizeof(key), "sv.form.rating.%d", v);
			tmpl_set(o, "LABEL", msg(r, key));
			if (a != NULL && a->given && a->num == v)
				tmpl_show(o, "CHECKED");
		}
		return;
	}
	s = tmpl_row(row, "SCALE");
	tmpl_set(s, "LOW", msg(r, q->kind == SURVEY_NPS ? "sv.form.nps.low" :
	    "sv.form.ces.low"));
	tmpl_set(s, "HIGH", msg(r, q->kind == SURVEY_NPS ?
	    "sv.form.nps.high" : "sv.form.ces.high"));
	tmpl_set_int(s, "MIN", q->min);
	tmpl_set_int(s, "MAX", q->max);
	for (v = q->min; v <= q->max; v++) {
		o = tmpl_row(s, "OPT");
		tmpl_set_int(o, "VAL", v);
		if (a != NULL && a->given && a->num == v)
			tmpl_show(o, "CHECKED");
	}
}

static void
render_choice(struct http_req *r, struct tmpl_dict *row,
    const struct survey_question *q, const struct survey_answer *a)
{
	struct tmpl_dict	*s, *o;
	size_t			 i;
	long long		 bit;

	s = tmpl_row(row, q->kind == SURVEY_SINGLE ? "SINGLE" : "MULTIPLE");
	for (i = 0; i < q->nopts; i++) {
		o = tmpl_row(s, "OPT");
		tmpl_set_int(o, "VAL", q->opts[i].position);
		tmpl_set(o, "LABEL", survey_text(q->opts[i].label, r->lang));
		if (a == NULL)
			continue;
		if (q->kind == SURVEY_SINGLE) {
			if (a->given && a->num == q->opts[i].position)
				tmpl_show(o, "CHECKED");
			continue;
		}
		bit = q->opts[i].position >= 1 && q->opts[i].position <=
		    SURVEY_OPTIONS_MAX ? 1LL << (q->opts[i].position - 1) : 0;
		/* num keeps the valid boxes even when another was bad. */
		if (a->num & bit)
			tmpl_show(o, "CHECKED");
	}
}

/* The question rows (survey/questions.tpl) into d. */
static void
render_questions(struct http_req *r, struct tmpl_dict *d,
    const struct survey_def *def, const struct survey_answers *ans)
{
	struct tmpl_dict		*row, *s;
	const struct survey_question	*q;
	const struct survey_answer	*a;
	size_t				 i;

	for (i = 0; i < def->nq; i++) {
		q = &def->q[i];
		a = ans != NULL && i < ans->n ? &ans->a[i] : NULL;
		row = tmpl_row(d, "Q");
		tmpl_set_int(row, "QID", q->id);
		tmpl_set_int(row, "NUM", (long long)i + 1);
		tmpl_set(row, "TEXT", survey_text(q->text, r->lang));
		tmpl_set(row, "KIND", survey_kind_names[q->kind]);
		if (q->required)
			tmpl_show(row, "REQ");
		if (*survey_text(q->help, r->lang) != '\0') {
			s = tmpl_row(row, "HELP");
			tmpl_set(s, "HELP_TEXT", survey_text(q->help, r->lang));
		}
		if (a != NULL && a->err != NULL) {
			s = tmpl_row(row, "BAD");
			tmpl_set(s, "ERR", msg(r, a->err));
			tmpl_show(row, "INVALID");
		}
		switch (q->kind) {
		case SURVEY_RATING:
		case SURVEY_NPS:
		case SURVEY_CES:
			render_scale(r, row, q, a);
			break;
		case SURVEY_SINGLE:
		case SURVEY_MULTIPLE:
			render_choice(r, row, q, a);
			break;
		case SURVEY_SHORT:
		case SURVEY_LONG:
			s = tmpl_row(row, q->kind == SURVEY_SHORT ? "SHORT" :
			    "LONG");
			tmpl_set(s, "VALUE", a != NULL && a->raw != NULL ?
			    a->raw : "");
			tmpl_set_int(s, "MAXLEN", q->kind == SURVEY_SHORT ?
			    SURVEY_SHORT_MAX : SURVEY_LONG_MAX);
			break;
		default:
			break;
		}
	}
}

/*
 * The questions of an unanswered form depend only on the definition and
 * the language: rendered once per (definition, language) by the same
 * template and kept with the definition (freed with it).  NULL if the
 * template failed.
 */
static const char *
questions_html(struct http_req *r, const struct survey_def *cd)
{
	struct survey_def	*d = (struct survey_def *)cd;
	struct tmpl_dict	*t;
	struct buf		 b = { NULL, 0, 0 };
	char			*html;

	pthread_mutex_lock(&cache_lock);
	html = d->html[r->lang];
	pthread_mutex_unlock(&cache_lock);
	if (html != NULL)
		return html;
	t = tmpl_dict_new();
	render_questions(r, t, d, NULL);
	if (tmpl_render(lang_codes[r->lang], "survey/questions.tpl", t, &b)
	    == -1) {
		tmpl_dict_free(t);
		buf_free(&b);
		return NULL;
	}
	tmpl_dict_free(t);
	buf_append(&b, "", 1);
	pthread_mutex_lock(&cache_lock);
	if (d->html[r->lang] == NULL) {
		d->html[r->lang] = b.p;
		b.p = NULL;
	}
	html = d->html[r->lang];
	pthread_mutex_unlock(&cache_lock);
	buf_free(&b);
	return html;
}

struct tmpl_dict *
survey_form_render(struct http_req *r, struct tmpl_dict *parent,
    const char *marker, const struct survey_def *d,
    const struct survey_answers *ans, const char *action)
{
	struct tmpl_dict	*f, *s;
	const char		*html = NULL;

	f = tmpl_include(parent, marker);
	tmpl_filename(f, lang_codes[r->lang], "survey/form.tpl");
	tmpl_set(f, "SV_TITLE", survey_text(d->title, r->lang));
	survey_paragraphs(f, "INTRO", survey_text(d->intro, r->lang));
	if (action != NULL) {
		tmpl_show(f, "LIVE");
		tmpl_set(f, "ACTION", action);
	} else
		tmpl_show(f, "PREVIEW");
	if (ans != NULL && ans->nbad > 0) {
		s = tmpl_row(f, "ERRORS");
		tmpl_set(s, "TEXT", msgf(r, "sv.form.errors",
		    arena_printf(r->a, "%zu", ans->nbad)));
	}
	if (ans == NULL && (html = questions_html(r, d)) != NULL)
		tmpl_set(f, "QUESTIONS_HTML", html);
	else {
		s = tmpl_include(f, "QUESTIONS");
		tmpl_filename(s, lang_codes[r->lang], "survey/questions.tpl");
		render_questions(r, s, d, ans);
	}
	return f;
}

/* ---- parsing the answers ---- */

/* A small whole number: digits only, no sign, no blanks; else -1. */
static long long
small_int(const char *s)
{
	long long	 n = 0;
	size_t		 i;

	if (s == NULL || s[0] == '\0')
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) || i >= 4)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n;
}

static int
is_blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static const char *
trim_copy(struct arena *ar, const char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(ar, s, n);
}

static int
has_option(const struct survey_question *q, long long pos)
{
	size_t	 i;

	for (i = 0; i < q->nopts; i++)
		if (q->opts[i].position == pos)
			return 1;
	return 0;
}

static void
parse_one(struct arena *ar, const struct survey_question *q,
    const struct kvlist *form, const char *name, struct survey_answer *a)
{
	size_t		 i, nvals = 0;
	long long	 v;
	const char	*first = NULL;
	int		 bad = 0;

	for (i = 0; i < form->n; i++) {
		if (strcmp(form->v[i].key, name) != 0)
			continue;
		if (first == NULL)
			first = form->v[i].val;
		nvals++;
		if (q->kind != SURVEY_MULTIPLE)
			continue;
		if (is_blank(form->v[i].val))
			continue;
		v = small_int(form->v[i].val);
		if (v < 1 || v > SURVEY_OPTIONS_MAX || !has_option(q, v))
			bad = 1;
		else
			a->num |= 1LL << (v - 1);
	}
	a->raw = first;
	switch (q->kind) {
	case SURVEY_MULTIPLE:
		if (bad)
			a->err = "sv.form.option";
		else if (a->num != 0)
			a->given = 1;
		else if (q->required)
			a->err = "sv.form.required";
		return;
	case SURVEY_SHORT:
	case SURVEY_LONG:
		if (nvals > 1) {
			a->err = "sv.form.one";
			return;
		}
		if (is_blank(first)) {
			if (q->required)
				a->err = "sv.form.required";
			return;
		}
		a->text = trim_copy(ar, first);
		if (utf8_len(a->text) > (q->kind == SURVEY_SHORT ?
		    SURVEY_SHORT_MAX : SURVEY_LONG_MAX)) {
			a->err = "sv.form.too_long";
			a->text = NULL;
			return;
		}
		a->given = 1;
		return;
	default:
		break;
	}
	/* Rated kinds and single choice: one whole number. */
	if (is_blank(first)) {
		if (q->required)
			a->err = "sv.form.required";
		return;
	}
	if (nvals > 1) {
		a->err = "sv.form.one";
		return;
	}
	v = small_int(first);
	if (q->kind == SURVEY_SINGLE) {
		if (v < 1 || !has_option(q, v)) {
			a->err = "sv.form.option";
			return;
		}
	} else if (v < q->min || v > q->max) {
		a->err = "sv.form.range";
		return;
	}
	a->num = v;
	a->given = 1;
}

size_t
survey_form_parse(struct arena *ar, const struct survey_def *d,
    const struct kvlist *form, struct survey_answers *out)
{
	char	 name[32];
	size_t	 i;

	out->n = d->nq;
	out->nbad = 0;
	out->a = arena_calloc(ar, d->nq ? d->nq : 1, sizeof(*out->a));
	for (i = 0; i < d->nq; i++) {
		snprintf(name, sizeof(name), "q%lld", d->q[i].id);
		parse_one(ar, &d->q[i], form, name, &out->a[i]);
		if (out->a[i].err != NULL)
			out->nbad++;
	}
	return out->nbad;
}

/* ---- storing ---- */

struct store {
	struct survey_submit	*s;
	struct arena		*a;
};

static const char *
opt_int(struct arena *a, long long v, long long none)
{
	return v == none ? NULL : arena_printf(a, "%lld", v);
}

/* started_at as DATETIME text, or NULL when unknown. */
static const char *
started_text(struct arena *a, const struct survey_submit *s)
{
	struct tm	 tm;
	time_t		 t;

	if (s->started_at <= 0)
		return NULL;
	t = (time_t)s->started_at;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/*
 * The rows of one response inside the caller's transaction: DB_DUPLICATE
 * (nothing written) if its invitation is used already.
 */
static enum db_err
store_one(struct db *db, struct survey_submit *s, struct arena *a, int *used)
{
	const struct survey_def	*d = s->def;
	unsigned long long	 aff = 0, rid = 0;
	const char		*started = NULL, *num[ANSWER_ROWS];
	const char		*txt[ANSWER_ROWS];
	long long		 qid[ANSWER_ROWS];
	enum db_err		 e;
	size_t			 i, n;

	if (s->invitation_id > 0) {
		/* The guard: one response per invitation, whatever races. */
		if ((e = db_exec(db, &aff, NULL, stmts[STMT_INVITATION_USE],
		    "i", s->invitation_id)) != DB_OK)
			return e;
		if (aff == 0) {
			*used = 1;
			return DB_DUPLICATE;
		}
	}
	started = started_text(a, s);
	if ((e = db_exec(db, NULL, &rid, stmts[STMT_RESPONSE_INSERT],
	    "iisssisssss", d->id, d->version,
	    opt_int(a, s->invitation_id, 0), opt_int(a, s->customer_id, 0),
	    s->channel, (long long)(s->pilot != 0), lang_codes[s->lang],
	    started, opt_int(a, s->duration_s, -1), s->addr_hash,
	    opt_int(a, s->entered_by, 0))) != DB_OK)
		return e;
	s->response_id = (long long)rid;

	/* The answers in one statement per ANSWER_ROWS. */
	pthread_once(&answer_once, answer_shapes);
	i = 0;
	while (i < d->nq && i < s->ans->n) {
		for (n = 0; n < ANSWER_ROWS && i < d->nq && i < s->ans->n;
		    i++) {
			const struct survey_answer *x = &s->ans->a[i];

			if (!x->given)
				continue;
			qid[n] = d->q[i].id;
			num[n] = x->text != NULL ? NULL :
			    arena_printf(a, "%lld", x->num);
			txt[n] = x->text;
			n++;
		}
		if (n == 0)
			break;
#define A(j)	(long long)rid, qid[j], num[j], txt[j]
#define EX(...)	db_exec(db, NULL, NULL, answer_sql[n - 1], \
		    answer_fmt + 4 * (ANSWER_ROWS - n), __VA_ARGS__)
		switch (n) {
		case 1: e = EX(A(0)); break;
		case 2: e = EX(A(0), A(1)); break;
		case 3: e = EX(A(0), A(1), A(2)); break;
		case 4: e = EX(A(0), A(1), A(2), A(3)); break;
		case 5: e = EX(A(0), A(1), A(2), A(3), A(4)); break;
		case 6: e = EX(A(0), A(1), A(2), A(3), A(4), A(5)); break;
		case 7: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6));
			break;
		case 8: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7));
			break;
		case 9: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8));
			break;
		case 10: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9));
			break;
		case 11: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10));
			break;
		case 12: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10), A(11));
			break;
		case 13: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10), A(11), A(12));
			break;
		case 14: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10), A(11), A(12), A(13));
			break;
		case 15: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10), A(11), A(12), A(13),
			    A(14));
			break;
		default: e = EX(A(0), A(1), A(2), A(3), A(4), A(5), A(6),
			    A(7), A(8), A(9), A(10), A(11), A(12), A(13),
			    A(14), A(15));
			break;
		}
#undef EX
#undef A
		if (e != DB_OK)
			return e;
	}
	return DB_OK;
}

static enum db_err
store_tx(struct db *db, void *arg)
{
	struct store	*st = arg;
	enum db_err	 e;
	int		 used = 0;

	if ((e = store_one(db, st->s, st->a, &used)) != DB_OK)
		return e;
	if (st->s->also != NULL)
		return st->s->also(db, st->s->also_arg);
	return DB_OK;
}

enum db_err
survey_store(struct db *db, struct survey_submit *s)
{
	struct store	 st;
	enum db_err	 e;

	st.s = s;
	st.a = arena_new();
	s->response_id = 0;
	e = db_tx(db, store_tx, &st);
	arena_free(st.a);
	if (e != DB_OK)
		s->response_id = 0;
	return e;
}

/*
 * Group commit: concurrent submissions of one process share
 * transactions.  They queue; each of GROUP_LEADERS committer threads,
 * started on first use with a database connection of its own, takes up
 * to GROUP_MAX queued submissions, stores them in one transaction (one
 * commit, one log flush for all) and then calls each one's done.
 * Meanwhile new submissions queue for the next group, so groups grow
 * with the load; request threads never wait on the database for it,
 * and the multi-row shapes below are prepared on GROUP_LEADERS
 * connections only.  A submission whose invitation is used gets
 * DB_DUPLICATE alone; a submission whose also callback fails is rolled
 * back alone (to a savepoint) with that callback's result; any other
 * failure rolls the group back, and the leader then stores each of its
 * submissions on its own, so one bad submission never costs the others
 * theirs.  An also callback may thus run more than once (keep it free
 * of effects outside the transaction).
 */
#define GROUP_MAX	32
/* Groups in flight at once: one fills while another commits. */
#define GROUP_LEADERS	2

/*
 * A group's submissions without an also callback, or with one that
 * runs first (also_first), are written with multi-row statements: all
 * their responses in one INSERT (the ids are consecutive from
 * LAST_INSERT_ID(): innodb_autoinc_lock_mode 0 or 1 and
 * auto_increment_increment 1, checked once per process; otherwise each
 * is stored as with survey_store), then all their answers in
 * statements of MULTI_ANSWERS, ..., 2, 1 rows.  A fixed set of shapes,
 * built once.  Per group: a few round trips instead of two for each
 * submission (about half the database's CPU per submission).
 */
#define RESPONSE_COLS	11
#define MULTI_SHAPES	9
#define MULTI_ANSWERS	(1 << (MULTI_SHAPES - 1))	/* 256 rows */

static const char	 response_row_fmt[] = "iisssisssss";
static const char	 autoinc_sql[] =
    "SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment";
static char		*multi_resp_sql[GROUP_MAX];
static char		*multi_ans_sql[MULTI_SHAPES];
static char		 multi_resp_fmt[GROUP_MAX * RESPONSE_COLS + 1];
static char		 multi_ans_fmt[MULTI_ANSWERS * 4 + 1];
static pthread_once_t	 multi_once = PTHREAD_ONCE_INIT;
static _Atomic int	 multi_ok = -1;	/* -1: not checked yet */

static char *
multi_shape(const char *head, const char *row, size_t n)
{
	size_t	 hl = strlen(head), rl = strlen(row), i, at;
	char	*p;

	if ((p = malloc(hl + n * (rl + 2) + 1)) == NULL)
		abort();
	memcpy(p, head, hl);
	for (i = 0, at = hl; i < n; i++) {
		if (i > 0) {
			memcpy(p + at, ", ", 2);
			at += 2;
		}
		memcpy(p + at, row, rl);
		at += rl;
	}
	p[at] = '\0';
	return p;
}

static void
multi_shapes(void)
{
	size_t	 n;

	for (n = 0; n < GROUP_MAX; n++) {
		multi_resp_sql[n] = multi_shape("INSERT INTO survey_response "
		    "(survey_id, survey_version, invitation_id, customer_id, "
		    "channel, pilot, lang, started_at, duration_s, addr_hash, "
		    "entered_by) VALUES ",
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, UNHEX(?), ?)", n + 1);
		memcpy(multi_resp_fmt + n * RESPONSE_COLS, response_row_fmt,
		    RESPONSE_COLS);
	}
	for (n = 0; n < MULTI_SHAPES; n++)
		multi_ans_sql[n] = multi_shape("INSERT INTO survey_answer "
		    "(response_id, question_id, num, text) VALUES ",
		    "(?, ?, ?, ?)", (size_t)1 << n);
	for (n = 0; n < MULTI_ANSWERS; n++)
		memcpy(multi_ans_fmt + 4 * n, "iiss", 4);
}

/* May this process number a multi-row INSERT's rows from its first id? */
static int
multi_check(struct db *db)
{
	struct db_rows	 rows;
	struct arena	*a;
	int		 ok;

	if ((ok = atomic_load(&multi_ok)) >= 0)
		return ok;
	pthread_once(&multi_once, multi_shapes);
	a = arena_new();
	if (db_query(db, a, &rows, autoinc_sql, "") != DB_OK ||
	    rows.n != 1 || rows.v[0][0] == NULL || rows.v[0][1] == NULL) {
		arena_free(a);
		return 0;	/* asked again next time */
	}
	ok = db_int(rows.v[0][0]) <= 1 && db_int(rows.v[0][1]) == 1;
	arena_free(a);
	atomic_store(&multi_ok, ok);
	return ok;
}

/* The responses and answers of n submissions in multi-row statements. */
static enum db_err
store_many(struct db *db, struct survey_submit **b, size_t n,
    struct arena *a)
{
	union db_val		*v;
	unsigned long long	 aff = 0, first = 0;
	enum db_err		 e;
	size_t			 i, k, nrows = 0, off, m, shape;

	v = arena_calloc(a, n * RESPONSE_COLS, sizeof(*v));
	for (i = 0; i < n; i++) {
		union db_val	*x = v + i * RESPONSE_COLS;

		x[0].i = b[i]->def->id;
		x[1].i = b[i]->def->version;
		x[2].s = opt_int(a, b[i]->invitation_id, 0);
		x[3].s = opt_int(a, b[i]->customer_id, 0);
		x[4].s = b[i]->channel;
		x[5].i = b[i]->pilot != 0;
		x[6].s = lang_codes[b[i]->lang];
		x[7].s = started_text(a, b[i]);
		x[8].s = opt_int(a, b[i]->duration_s, -1);
		x[9].s = b[i]->addr_hash;
		x[10].s = opt_int(a, b[i]->entered_by, 0);
		for (k = 0; k < b[i]->def->nq && k < b[i]->ans->n; k++)
			nrows += b[i]->ans->a[k].given != 0;
	}
	if ((e = db_execv(db, &aff, &first, multi_resp_sql[n - 1],
	    multi_resp_fmt + RESPONSE_COLS * (GROUP_MAX - n), v)) != DB_OK)
		return e;
	if (aff != n || first == 0)
		return DB_ERROR;
	for (i = 0; i < n; i++)
		b[i]->response_id = (long long)(first + i);

	v = arena_calloc(a, nrows ? nrows * 4 : 1, sizeof(*v));
	for (i = 0, m = 0; i < n; i++) {
		const struct survey_def *d = b[i]->def;

		for (k = 0; k < d->nq && k < b[i]->ans->n; k++) {
			const struct survey_answer *x = &b[i]->ans->a[k];

			if (!x->given)
				continue;
			v[m].i = b[i]->response_id;
			v[m + 1].i = d->q[k].id;
			v[m + 2].s = x->text != NULL ? NULL :
			    arena_printf(a, "%lld", x->num);
			v[m + 3].s = x->text;
			m += 4;
		}
	}
	/* The largest shape that fits, until none is left. */
	for (off = 0; off < nrows; off += m) {
		for (shape = MULTI_SHAPES - 1; ((size_t)1 << shape) >
		    nrows - off; shape--)
			;
		m = (size_t)1 << shape;
		if ((e = db_execv(db, NULL, NULL, multi_ans_sql[shape],
		    multi_ans_fmt + 4 * (MULTI_ANSWERS - m), v + 4 * off))
		    != DB_OK)
			return e;
	}
	return DB_OK;
}

struct group_item {
	struct survey_submit	*s;
	enum db_err		 e;
	struct group_item	*next;
};

struct group {
	struct group_item	*items[GROUP_MAX];
	size_t			 n;
	struct arena		*a;
	int			 multi;	/* multi-row statements allowed */
};

static pthread_mutex_t	 group_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 group_wake = PTHREAD_COND_INITIALIZER;
static struct group_item *group_head, **group_tail = &group_head;
static int		 group_idle;	/* committers waiting for work */
static int		 group_started;

static enum db_err
group_tx(struct db *db, void *arg)
{
	struct group		*g = arg;
	struct survey_submit	*s, *batch[GROUP_MAX];
	unsigned long long	 aff;
	enum db_err		 e;
	size_t			 i, nb = 0;
	int			 used;

	for (i = 0; i < g->n; i++) {
		s = g->items[i]->s;
		s->response_id = 0;
		used = 0;
		if (g->multi && (s->also == NULL || s->also_first)) {
			/* Its rows go in the multi-row statements below;
			 * its invitation is taken (the guard) and its also
			 * callback run now, what that refuses undone alone
			 * (a used invitation wrote nothing). */
			if (s->also != NULL &&
			    (e = db_simple(db, "SAVEPOINT survey_item"))
			    != DB_OK)
				return e;
			e = DB_OK;
			if (s->invitation_id > 0) {
				if ((e = db_exec(db, &aff, NULL,
				    stmts[STMT_INVITATION_USE], "i",
				    s->invitation_id)) != DB_OK)
					return e;
				if (aff == 0) {
					used = 1;
					e = DB_DUPLICATE;
				}
			}
			if (e == DB_OK && s->also != NULL)
				e = s->also(db, s->also_arg);
			g->items[i]->e = e;
			if (e == DB_OK)
				batch[nb++] = s;
			if (e == DB_OK || (e == DB_DUPLICATE && used))
				continue;
			if (s->also == NULL || e == DB_UNAVAILABLE || e == DB_DEADLOCK)
				return e;
			if ((e = db_simple(db,
			    "ROLLBACK TO SAVEPOINT survey_item")) != DB_OK)
				return e;
			continue;
		}
		/* What an also callback refuses is undone alone. */
		if (s->also != NULL &&
		    (e = db_simple(db, "SAVEPOINT survey_item")) != DB_OK)
			return e;
		e = store_one(db, s, g->a, &used);
		if (e == DB_OK && s->also != NULL)
			e = s->also(db, s->also_arg);
		g->items[i]->e = e;
		if (e == DB_OK || (e == DB_DUPLICATE && used))
			continue;	/* a used invitation wrote nothing */
		if (s->also == NULL || e == DB_UNAVAILABLE ||
		    e == DB_DEADLOCK)
			return e;
		if ((e = db_simple(db, "ROLLBACK TO SAVEPOINT survey_item"))
		    != DB_OK)
			return e;
	}
	if (nb > 0)
		return store_many(db, batch, nb, g->a);
	return DB_OK;
}

/* Store one group on db and answer its submissions (lock not held). */
static void
group_commit(struct db *db, struct group *g)
{
	size_t			 i;

	g->a = arena_new();
	g->multi = multi_check(db);
	if (db_tx(db, group_tx, g) != DB_OK)
		for (i = 0; i < g->n; i++)
			g->items[i]->e = survey_store(db, g->items[i]->s);
	arena_free(g->a);
	for (i = 0; i < g->n; i++) {
		struct group_item	*it = g->items[i];

		if (it->e != DB_OK)
			it->s->response_id = 0;
		it->s->done(it->s, it->e, db);
		free(it);
	}
}

static void *
committer(void *arg)
{
	struct db		*db = arg;
	struct group_item	*it;
	struct group		 g;

	pthread_mutex_lock(&group_lock);
	for (;;) {
		while (group_head == NULL) {
			group_idle++;
			pthread_cond_wait(&group_wake, &group_lock);
			group_idle--;
		}
		for (g.n = 0; g.n < GROUP_MAX && (it = group_head) != NULL;
		    g.n++) {
			if ((group_head = it->next) == NULL)
				group_tail = &group_head;
			g.items[g.n] = it;
		}
		pthread_mutex_unlock(&group_lock);
		group_commit(db, &g);
		pthread_mutex_lock(&group_lock);
	}
	return NULL;
}

/*
 * Queue it (lock held); the committers start on first use, each with a
 * connection like db's.  If no thread can start, the caller stores its
 * own submission alone: 1.
 */
static int
group_enter(struct db *db, struct group_item *it)
{
	pthread_t	 t;
	pthread_attr_t	 at;
	int		 i;

	if (!group_started) {
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		for (i = 0; i < GROUP_LEADERS; i++)
			if (pthread_create(&t, &at, committer,
			    db_sibling(db)) == 0)
				group_started++;
		pthread_attr_destroy(&at);
		if (!group_started)
			return 1;
	}
	it->next = NULL;
	*group_tail = it;
	group_tail = &it->next;
	if (group_idle > 0)
		pthread_cond_signal(&group_wake);
	return 0;
}

void
survey_store_later(struct db *db, struct survey_submit *s)
{
	struct group_item	*it;
	int			 alone;

	if ((it = calloc(1, sizeof(*it))) == NULL)
		arena_oom();
	it->s = s;
	pthread_mutex_lock(&group_lock);
	alone = group_enter(db, it);
	pthread_mutex_unlock(&group_lock);
	if (alone) {
		free(it);
		s->done(s, survey_store(db, s), db);
	}
}

enum db_err
survey_invitation_find(struct db *db, struct arena *a, const char *tok,
    struct survey_invitation *inv)
{
	struct db_rows	 rows;
	char		 h[65];
	enum db_err	 e;
	size_t		 n = strlen(tok);

	memset(inv, 0, sizeof(*inv));
	/* Tokens are short printable strings; nothing else is looked up. */
	if (n == 0 || n > 128)
		return DB_OK;
	survey_token_hash(tok, h);
	if ((e = db_query(db, a, &rows, stmts[STMT_INVITATION_FIND], "s", h))
	    != DB_OK || rows.n == 0)
		return e;
	inv->id = db_int(rows.v[0][0]);
	inv->survey_id = db_int(rows.v[0][1]);
	inv->customer_id = rows.v[0][2] ? db_int(rows.v[0][2]) : 0;
	inv->channel = rows.v[0][3];
	inv->pilot = db_int(rows.v[0][4]) != 0;
	inv->used = db_int(rows.v[0][5]) != 0;
	return DB_OK;
}
