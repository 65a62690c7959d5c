/*
 * Answering a survey: GET /s/<slug>[?t=<token>] shows the form, POST
 * /s/<slug> stores the answers and redirects (303) to GET
 * /s/<slug>/thanks, so a reload never submits again.
 *
 * Who may answer: an open link needs the survey active and today
 * (Beijing) within opens_on..closes_on; an invitation token must belong
 * to the survey and be unused; pilot invitations work only while the
 * survey is in pilot (their responses are stored with pilot = 1).
 *
 * Abuse: a honeypot field (filled: the thank-you redirect, nothing
 * stored); a signed start stamp in the form gives started_at and
 * duration_s.  Answers faster than the survey's minimum time are stored
 * all the same: the cleaning marks them 'fast' (marked, never deleted, a
 * person may overturn it), and a bot learns nothing about the threshold.
 * A missing or forged stamp stores duration 0, which the cleaning marks
 * too.  Open links are limited per keyed address hash
 * (setting survey.rate_per_hour, 0 = no limit): 429 with Retry-After.
 *
 * Under load, submissions share transactions (survey_store_later: a
 * response and its answers always commit together, and the 303 is sent
 * only after that commit, by the thread that committed, while request
 * threads go on with other requests); an open-link submission's rate counter is
 * bumped in that transaction, and one over the limit is rolled back
 * alone.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/conf.h"
#include "core/db.h"
#include "core/survey.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "answer.h"

#define STAMP_MAX_S	(7 * 86400)	/* a form older than this: unknown */
#define SETTING_US	1000000LL	/* re-read settings at most every 1 s */

enum stmt {
	STMT_RATE_SETTING,
	STMT_RATE_BUMP,
	STMT_RATE_SUM,
	STMT_RATE_PURGE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_RATE_SETTING */
	"SELECT value FROM setting WHERE name = 'survey.rate_per_hour'",
	/* STMT_RATE_BUMP */
	"INSERT INTO survey_rate (addr_hash, minute, n) VALUES (UNHEX(?), "
	"DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:00'), 1) "
	"ON DUPLICATE KEY UPDATE n = n + 1",
	/* STMT_RATE_SUM */
	"SELECT COALESCE(SUM(n), 0), COALESCE(TIMESTAMPDIFF(SECOND, NOW(), "
	"MIN(minute) + INTERVAL 61 MINUTE), 60) FROM survey_rate "
	"WHERE addr_hash = UNHEX(?) AND minute > NOW() - INTERVAL 1 HOUR",
	/* STMT_RATE_PURGE */
	"DELETE FROM survey_rate WHERE minute < NOW() - INTERVAL 2 HOUR",
};

/* Who is answering, once the gate has let them through. */
struct who {
	struct survey_invitation	 inv;	/* inv.id == 0: open link */
	const char			*token;
};

static long long
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A page with a title and a message (and the hotline), no form. */
static int
state_page(struct http_req *r, int status, const char *key,
    const char *arg)
{
	struct tmpl_dict	*d;
	const char		*hotline;

	d = page_new(r, arena_printf(r->a, "%s.title", key));
	tmpl_set(d, "MESSAGE", arg != NULL ? msgf(r, key, arg) : msg(r, key));
	tmpl_set(d, "KEY", key);
	if ((hotline = conf_get(r->conf, "site", "hotline", NULL)) != NULL) {
		tmpl_show(d, "CONTACT");
		tmpl_set(d, "HOTLINE", hotline);
	}
	r->ctype = "text/html; charset=utf-8";
	return page_render(r, d, "survey/state.tpl", status);
}

/*
 * The token of the request (form on POST, query on GET).  The layout's
 * language link appends "?lang=xx" to the page's path, which for an
 * invitation page already carries "?t=": take that language from the
 * token's tail, so switching language keeps the invitation.
 */
static const char *
token_of(struct http_req *r)
{
	const char	*t = NULL, *q;
	int		 l;

	if (r->method == HTTP_POST)
		t = kv_get(&r->form, "t");
	if (t == NULL)
		t = kv_get(&r->query, "t");
	if (t == NULL || *t == '\0')
		return NULL;
	if ((q = strchr(t, '?')) != NULL) {
		if (strncmp(q, "?lang=", 6) == 0 &&
		    (l = i18n_lang(q + 6)) != -1) {
			r->lang = (enum lang)l;
			http_cookie(r, "manyi_lang", lang_codes[l],
			    365LL * 86400);
		}
		t = arena_strndup(r->a, t, (size_t)(q - t));
	}
	return t;
}

static long long
today(void)
{
	return ((long long)time(NULL) + site_tz_s) / 86400;
}

/*
 * May this request answer the survey?  0 and w filled, or the status of
 * the page already rendered (404 unknown/draft/bad token, 403 pilot or
 * not yet open, 409 already answered, 410 closed).
 */
static int
gate(struct http_req *r, const struct survey_def *d, struct who *w)
{
	char		 day[11];
	enum db_err	 e;
	long long	 now = today();

	memset(w, 0, sizeof(*w));
	if (d->status == SURVEY_DRAFT)
		return state_page(r, 404, "sv.public.draft", NULL);
	if ((w->token = token_of(r)) != NULL) {
		if ((e = survey_invitation_find(r->db, r->a, w->token,
		    &w->inv)) != DB_OK)
			return db_status(e);
		if (w->inv.id == 0 || w->inv.survey_id != d->id)
			return state_page(r, 404, "sv.public.badtoken", NULL);
		if (w->inv.used)
			return state_page(r, 409, "sv.public.already", NULL);
		if (w->inv.pilot) {
			if (d->status == SURVEY_PILOT)
				return 0;
			return state_page(r, 410, "sv.public.pilotover",
			    NULL);
		}
	}
	if (d->status == SURVEY_PILOT)
		return state_page(r, 403, "sv.public.pilot", NULL);
	if (d->status == SURVEY_CLOSED ||
	    (d->closes_on != VALID_NODATE && now > d->closes_on))
		return state_page(r, 410, "sv.public.closed", NULL);
	if (d->opens_on != VALID_NODATE && now < d->opens_on) {
		valid_day_str(d->opens_on, day);
		return state_page(r, 403, "sv.public.notyet",
		    arena_strdup(r->a, day));
	}
	return 0;
}

/* The signed start stamp: "<unix time>.<mac>". */
static const char *
stamp_new(struct http_req *r, const struct survey_def *d)
{
	char		 mac[65];
	const char	*m;
	long long	 t = (long long)time(NULL);

	m = arena_printf(r->a, "st:%lld:%lld", d->id, t);
	survey_mac(m, mac);
	mac[32] = '\0';
	return arena_printf(r->a, "%lld.%s", t, mac);
}

/* The start time of a genuine stamp, else 0. */
static long long
stamp_check(struct http_req *r, const struct survey_def *d, const char *s)
{
	char		 mac[65], *end;
	long long	 t, now = (long long)time(NULL);

	if (s == NULL || strlen(s) > 64)
		return 0;
	t = strtoll(s, &end, 10);
	if (*end != '.' || t <= 0 || t > now + 5 || now - t > STAMP_MAX_S)
		return 0;
	survey_mac(arena_printf(r->a, "st:%lld:%lld", d->id, t), mac);
	mac[32] = '\0';
	return http_ct_equal(end + 1, mac) ? t : 0;
}

static int
show_form(struct http_req *r, const struct survey_def *d,
    const struct who *w, const struct survey_answers *ans,
    const char *stamp, int status)
{
	struct tmpl_dict	*c, *f, *h;

	c = page_new(r, "sv.public.title");
	tmpl_set_global(tmpl_root(c), "TITLE", survey_text(d->title,
	    r->lang));
	if (w->token != NULL)
		/* So that the language switch keeps the invitation. */
		tmpl_set_global(tmpl_root(c), "PATH", arena_printf(r->a,
		    "%s?t=%s", r->path, url_escape(r->a, w->token)));
	f = survey_form_render(r, c, "SURVEY_FORM", d, ans, r->path);
	tmpl_show(f, "HONEYPOT");
	h = tmpl_row(f, "HIDDEN");
	tmpl_set(h, "NAME", "_st");
	tmpl_set(h, "VALUE", stamp);
	if (w->token != NULL) {
		h = tmpl_row(f, "HIDDEN");
		tmpl_set(h, "NAME", "t");
		tmpl_set(h, "VALUE", w->token);
	}
	r->ctype = "text/html; charset=utf-8";
	/* Answers are personal: no shared cache keeps them. */
	http_header(r, "Cache-Control", "no-store");
	return page_render(r, c, "survey/answer.tpl", status);
}

int
answer_get(struct http_req *r)
{
	const struct survey_def	*d;
	struct who		 w;
	enum db_err		 e;
	int			 st;

	if ((e = survey_get_slug(r->db, r->args[0], &d)) != DB_OK)
		return db_status(e);
	if (d == NULL)
		return state_page(r, 404, "sv.public.unknown", NULL);
	if ((st = gate(r, d, &w)) == 0)
		st = show_form(r, d, &w, NULL, stamp_new(r, d), 200);
	survey_put(d);
	return st;
}

/* ---- the open-link rate limit ---- */

static _Atomic long long	 rate_limit = -1;
static _Atomic long long	 rate_read_us;
static _Atomic long long	 purge_us;

/* survey.rate_per_hour, re-read at most once a second. */
static long long
rate_per_hour(struct http_req *r)
{
	struct db_rows	 rows;
	long long	 now = mono_us(), v;

	v = atomic_load(&rate_limit);
	if (v >= 0 && now - atomic_load(&rate_read_us) < SETTING_US)
		return v;
	if (db_query(r->db, r->a, &rows, stmts[STMT_RATE_SETTING], "")
	    != DB_OK)
		return v >= 0 ? v : 20;
	v = rows.n > 0 && rows.v[0][0] != NULL ? atoll(rows.v[0][0]) : 20;
	if (v < 0)
		v = 0;
	atomic_store(&rate_limit, v);
	atomic_store(&rate_read_us, now);
	return v;
}

struct rate {
	const char	*addr;
	long long	 limit;
	long long	 retry_s;	/* > 0: over the limit */
	struct arena	*a;
};

/* In the store's transaction: count this submission, refuse if over. */
static enum db_err
rate_tx(struct db *db, void *arg)
{
	struct rate	*rt = arg;
	struct db_rows	 rows;
	enum db_err	 e;

	rt->retry_s = 0;	/* the transaction may run again */

	/* The bump first: it locks this address's row, so parallel
	 * submissions from one address are counted one after another. */
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_RATE_BUMP], "s",
	    rt->addr)) != DB_OK ||
	    (e = db_query(db, rt->a, &rows, stmts[STMT_RATE_SUM], "s",
	    rt->addr)) != DB_OK)
		return e;
	if (db_int(rows.v[0][0]) > rt->limit) {
		rt->retry_s = db_int(rows.v[0][1]);
		if (rt->retry_s < 60)
			rt->retry_s = 60;
		/* Roll everything back, this submission's count too. */
		return DB_ERROR;
	}
	return DB_OK;
}

/* Old counters go, at most once a minute per process. */
static void
rate_purge(struct http_req *r)
{
	long long	 now = mono_us(), last = atomic_load(&purge_us);

	if (now - last < 60 * 1000000LL ||
	    !atomic_compare_exchange_strong(&purge_us, &last, now))
		return;
	(void)db_exec(r->db, NULL, NULL, stmts[STMT_RATE_PURGE], "");
}

/* A submission on its way: what its answer needs once it is stored. */
struct pending {
	struct http_req		*r;
	const struct survey_def	*d;
	struct survey_submit	 s;
	struct survey_answers	 ans;
	struct rate		 rt;
};

/* The answer to a stored (or refused) submission. */
static int
stored(struct http_req *r, struct pending *p, enum db_err e)
{
	if (e == DB_DUPLICATE)
		return state_page(r, 409, "sv.public.already", NULL);
	if (e == DB_ERROR && p->s.also != NULL && p->rt.retry_s > 0) {
		http_header(r, "Retry-After", arena_printf(r->a, "%lld",
		    p->rt.retry_s));
		return state_page(r, 429, "sv.public.ratelimit",
		    arena_printf(r->a, "%lld", (p->rt.retry_s + 59) / 60));
	}
	if (e != DB_OK)
		return db_status(e);
	http_redirect(r, 303, arena_printf(r->a, "%s/thanks", r->path));
	return 303;
}

/* survey_store_later's callback, in the thread that stored the group. */
static void
stored_later(struct survey_submit *s, enum db_err e, struct db *db)
{
	struct pending	*p = s->done_arg;
	struct http_req	*r = p->r;
	int		 st;

	r->db = db;	/* the request thread's own is in use elsewhere */
	st = stored(r, p, e);
	survey_put(p->d);
	app_resume(r, st);
}

/*
 * Validate and store; the status, or HTTP_DEFERRED when the answer is
 * sent once the submission's group has committed (then d is put there).
 */
static int
submit(struct http_req *r, const struct survey_def *d)
{
	struct pending		*p;
	struct survey_submit	*s;
	struct who		 w;
	const char		*stamp, *hp;
	char			*mac;
	long long		 started, now = (long long)time(NULL);
	int			 st;

	if ((st = gate(r, d, &w)) != 0)
		return st;
	/* A filled honeypot: say thank you, keep nothing. */
	if ((hp = kv_get(&r->form, "website")) != NULL && *hp != '\0') {
		http_redirect(r, 303, arena_printf(r->a, "%s/thanks",
		    r->path));
		return 303;
	}
	p = arena_calloc(r->a, 1, sizeof(*p));
	p->r = r;
	p->d = d;
	s = &p->s;
	stamp = kv_get(&r->form, "_st");
	started = stamp_check(r, d, stamp);
	if (survey_form_parse(r->a, d, &r->form, &p->ans) > 0)
		return show_form(r, d, &w, &p->ans, started ? stamp :
		    stamp_new(r, d), 422);

	s->def = d;
	s->ans = &p->ans;
	s->lang = r->lang;
	s->started_at = started;
	s->duration_s = started ? now - started : 0;
	mac = arena_alloc(r->a, 65);
	survey_mac(arena_printf(r->a, "addr:%s", r->remote_addr ?
	    r->remote_addr : ""), mac);
	mac[32] = '\0';
	s->addr_hash = mac;
	if (w.inv.id != 0) {
		s->invitation_id = w.inv.id;
		s->customer_id = w.inv.customer_id;
		s->channel = w.inv.channel;
		s->pilot = w.inv.pilot;
	} else {
		s->channel = "link";
		p->rt.addr = mac;
		p->rt.a = r->a;
		if ((p->rt.limit = rate_per_hour(r)) > 0) {
			s->also = rate_tx;
			s->also_arg = &p->rt;
			s->also_first = 1;	/* needs none of the rows */
		}
		rate_purge(r);
	}
	if (r->can_defer) {
		s->done = stored_later;
		s->done_arg = p;
		survey_store_later(r->db, s);	/* r may be answered already */
		return HTTP_DEFERRED;
	}
	return stored(r, p, survey_store(r->db, s));	/* CGI: alone */
}

int
answer_post(struct http_req *r)
{
	const struct survey_def	*d;
	enum db_err		 e;
	int			 st;

	if ((e = survey_get_slug(r->db, r->args[0], &d)) != DB_OK)
		return db_status(e);
	if (d == NULL)
		return state_page(r, 404, "sv.public.unknown", NULL);
	if ((st = submit(r, d)) != HTTP_DEFERRED)
		survey_put(d);
	return st;
}

int
answer_thanks(struct http_req *r)
{
	const struct survey_def	*d;
	struct tmpl_dict	*c;
	enum db_err		 e;
	const char		*t;
	int			 st;

	if ((e = survey_get_slug(r->db, r->args[0], &d)) != DB_OK)
		return db_status(e);
	if (d == NULL || d->status == SURVEY_DRAFT) {
		survey_put(d);
		return state_page(r, 404, "sv.public.unknown", NULL);
	}
	c = page_new(r, "sv.public.thanks.title");
	tmpl_set(c, "SV_TITLE", survey_text(d->title, r->lang));
	t = survey_text(d->thanks, r->lang);
	survey_paragraphs(c, "THANKS", *t != '\0' ? t :
	    msg(r, "sv.public.thanks"));
	r->ctype = "text/html; charset=utf-8";
	st = page_render(r, c, "survey/thanks.tpl", 200);
	survey_put(d);
	return st;
}

int
answer_init(const struct conf *conf)
{
	survey_init(conf, "survey");
	return 0;
}
