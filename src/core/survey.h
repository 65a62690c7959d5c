/*
 * The survey core shared by every program that shows or stores answers:
 *   - survey_get_slug / survey_get_id: an immutable, cached definition
 *     (survey + ordered questions + options + dimension names);
 *   - survey_form_render: the question form as the customer sees it, from
 *     ONE template partial, templates/survey/form.tpl;
 *   - survey_form_parse: the posted answers, validated, one message per
 *     question;
 *   - survey_store: a response and its answers in one transaction.
 *
 * The cache.  Definitions are kept per process, keyed by (survey id,
 * version); the survey's version grows with every change of the survey
 * or its questions (status included, see migration 0007), so a new
 * version replaces the old one.  survey_get_slug (the public page) asks
 * the database for the current version at most once per second per
 * survey per process: a public page may show a definition (and status)
 * up to one second old.  survey_get_id (staff pages) checks the version
 * on every call, so a preview always shows the latest edit.  A definition
 * is reference-counted: every successful survey_get_* must be paired with
 * one survey_put, and a replaced version is freed only when its last user
 * puts it back.  At most SURVEY_CACHE_MAX surveys are cached; the least
 * recently used is dropped.  Thread-safe.
 *
 * Use from a staff page, e.g. helper C's preview (GET /surveys/<id>/preview):
 *
 *	const struct survey_def	*def;
 *	struct tmpl_dict	*d, *f;
 *
 *	if ((e = survey_get_id(r->db, id, &def)) != DB_OK)
 *		return db_status(e);
 *	if (def == NULL)
 *		return 404;
 *	d = page_new(r, "sv.design.preview.title");
 *	f = survey_form_render(r, d, "SURVEY_FORM", def, NULL, NULL);
 *	st = page_render(r, d, "admin/survey_preview.tpl", 200);
 *	survey_put(def);
 *
 * with {{>SURVEY_FORM}} where the form goes in admin/survey_preview.tpl.
 * A NULL action renders the form exactly as the public page does, but
 * with the submit button disabled and no action (a preview cannot store).
 *
 * Helper G's offline entry (GET|POST /surveys/<id>/offline): render with
 * the action of the offline page; put the staff-only fields (channel,
 * customer, interview) in a template of your own and include it at the
 * partial's {{>FORM_EXTRA}} marker, which sits inside the <form> above
 * the questions:
 *
 *	f = survey_form_render(r, d, "SURVEY_FORM", def, ans, action);
 *	x = tmpl_include(f, "FORM_EXTRA");
 *	tmpl_filename(x, lang_codes[r->lang], "admin/offline_extra.tpl");
 *	tmpl_set(x, ...);
 *
 * On POST: survey_form_parse(r->a, def, &r->form, &ans); if ans.nbad > 0
 * render again with &ans (every answer kept, a message per question;
 * answer 422).  Otherwise fill a struct survey_submit with channel (an
 * offline channel code: 'visit', 'phone', 'event'), customer_id,
 * entered_by = r->sess->user_id, lang, and put your audit row in the
 * same transaction through the also/also_arg callback, then call
 * survey_store and redirect (303).
 *
 * Question form fields are named "q<question id>"; a multiple-choice
 * question sends one "q<id>" per ticked box (the option's position).
 * Field names starting with '_' and "website" (the honeypot) are the
 * public page's own.
 */
#ifndef MANYI_SURVEY_H
#define MANYI_SURVEY_H

#include <stddef.h>

#include "db.h"
#include "i18n.h"

struct arena;
struct conf;
struct http_req;
struct kvlist;
struct tmpl_dict;

#define SURVEY_CACHE_MAX	256
#define SURVEY_SHORT_MAX	200	/* characters in a short text answer */
#define SURVEY_LONG_MAX		4000	/* characters in a long text answer */
#define SURVEY_OPTIONS_MAX	30	/* options of one question (mask bits) */

enum survey_kind {
	SURVEY_RATING,		/* 1-5, 1 = very dissatisfied */
	SURVEY_NPS,		/* 0-10 */
	SURVEY_CES,		/* 1-7 */
	SURVEY_SINGLE,		/* one option position */
	SURVEY_MULTIPLE,	/* bit mask, bit (position - 1) */
	SURVEY_SHORT,
	SURVEY_LONG,
	SURVEY_KIND__MAX
};

/* The names in survey_question.kind, indexed by enum survey_kind. */
extern const char *const survey_kind_names[SURVEY_KIND__MAX];

enum survey_status {
	SURVEY_DRAFT,
	SURVEY_PILOT,
	SURVEY_ACTIVE,
	SURVEY_CLOSED,
	SURVEY_STATUS__MAX
};

extern const char *const survey_status_names[SURVEY_STATUS__MAX];

/* Texts are indexed by enum lang; [LANG_EN] may be "" (falls back). */
struct survey_option {
	int		 position;	/* from 1 */
	const char	*label[LANG__MAX];
};

struct survey_question {
	long long		 id;
	int			 position;
	enum survey_kind	 kind;
	int			 required;
	int			 min, max;	/* value range of rated kinds */
	const char		*dimension;	/* code, or NULL */
	const char		*dim_name[LANG__MAX];	/* "" without one */
	const char		*text[LANG__MAX];
	const char		*help[LANG__MAX];
	struct survey_option	*opts;
	size_t			 nopts;
};

struct survey_def {
	long long		 id;
	long long		 version;
	const char		*slug;
	enum survey_status	 status;
	const char		*title[LANG__MAX];
	const char		*intro[LANG__MAX];	/* "" if none */
	const char		*thanks[LANG__MAX];	/* "" if none */
	long long		 opens_on;	/* days since 1970, or VALID_NODATE */
	long long		 closes_on;	/* days since 1970, or VALID_NODATE */
	long long		 min_seconds;
	struct survey_question	*q;
	size_t			 nq;
	/* Private to survey.c. */
	struct arena		*mem;
	char			*html[LANG__MAX];	/* rendered questions */
	int			 refs;
	int			 cached;
};

/* One question's answer, as parsed from a form. */
struct survey_answer {
	int		 given;	/* 1 if the user answered it (num/text valid) */
	long long	 num;	/* rating/NPS/CES value, option position, mask */
	const char	*text;	/* short/long text, trimmed */
	const char	*raw;	/* what was sent (NULL: nothing), for re-show */
	const char	*err;	/* catalog key of the message, NULL if fine */
};

struct survey_answers {
	struct survey_answer	*a;	/* one per question, def->q order */
	size_t			 n;
	size_t			 nbad;
};

/* Where a response came from and who typed it, for survey_store. */
struct survey_submit {
	const struct survey_def		*def;
	const struct survey_answers	*ans;
	const char			*channel;	/* survey_channel.code */
	long long			 customer_id;	/* 0: none */
	long long			 invitation_id;	/* 0: none */
	int				 pilot;
	enum lang			 lang;
	long long			 started_at;	/* unix time, 0: unknown */
	long long			 duration_s;	/* -1: unknown */
	const char			*addr_hash;	/* 32 hex digits, or NULL */
	long long			 entered_by;	/* staff user id, 0: none */
	/* Run inside the same transaction after the rows are written
	 * (e.g. the audit row); NULL for none. */
	enum db_err			(*also)(struct db *, void *);
	void				*also_arg;
	/* 1: also needs none of the rows (e.g. a rate limit): in a group
	 * it runs before them, and an accepted submission's rows join
	 * the group's multi-row statements. */
	int				 also_first;
	long long			 response_id;	/* out */
	/* survey_store_later's callback, and anything for it. */
	void				(*done)(struct survey_submit *,
					    enum db_err, struct db *);
	void				*done_arg;
};

/* An invitation found by its token. */
struct survey_invitation {
	long long	 id;
	long long	 survey_id;
	long long	 customer_id;	/* 0: none */
	const char	*channel;
	int		 pilot;
	int		 used;
};

/*
 * Once per process after the configuration is read: the key of the
 * signed start stamp and of address hashes ([survey] secret, or derived
 * from the program's database password when that is unset).
 */
void		 survey_init(const struct conf *, const char *);
/* HMAC-SHA256 of a message under that key, as 64 hex digits. */
void		 survey_mac(const char *, char [65]);

/*
 * The definition of a survey, counted as in use: *out is NULL (and
 * DB_OK returned) if there is no such survey.  Release with survey_put.
 */
enum db_err	 survey_get_slug(struct db *, const char *,
		    const struct survey_def **);
enum db_err	 survey_get_id(struct db *, long long,
		    const struct survey_def **);
void		 survey_put(const struct survey_def *);
/* Rows of section, one per non-blank line of text, each with TEXT (so
 * that line breaks show without inline styles, which the CSP forbids). */
void		 survey_paragraphs(struct tmpl_dict *, const char *,
		    const char *);
/* Text in a language, falling back to Chinese when the English is "". */
const char	*survey_text(const char *const [LANG__MAX], enum lang);

/*
 * Render the form of def in r->lang into a new include dictionary at
 * marker of parent (templates/survey/form.tpl), with the previous
 * answers and their messages when ans is not NULL.  action NULL: a
 * preview (no action, submit disabled).  Returns the partial's
 * dictionary (add FORM_EXTRA, or HIDDEN rows with NAME/VALUE).
 */
struct tmpl_dict *survey_form_render(struct http_req *, struct tmpl_dict *,
		    const char *, const struct survey_def *,
		    const struct survey_answers *, const char *);

/*
 * Parse and validate the answers of a form (pure: memory from the
 * arena).  Fills out (one slot per question) and returns out->nbad.
 * Messages: sv.form.required, sv.form.range, sv.form.option,
 * sv.form.too_long, sv.form.one.
 */
size_t		 survey_form_parse(struct arena *, const struct survey_def *,
		    const struct kvlist *, struct survey_answers *);

/*
 * Store a response and its answers in one transaction.  With an
 * invitation, it is marked used in the same transaction; DB_DUPLICATE
 * if it was already used (nothing is stored).  s->response_id is set.
 */
enum db_err	 survey_store(struct db *, struct survey_submit *);
/*
 * The same for busy public pages served by threads: submissions of one
 * process share transactions (group commit); what an also callback
 * refuses is rolled back alone, and the callback may run more than
 * once.  It returns at once: s->done(s, result, db) runs exactly once,
 * from a committer thread (or this one, before this returns), after
 * the commit; db is that thread's connection, free for the callback's
 * use.  s must stay valid until then.
 */
void		 survey_store_later(struct db *, struct survey_submit *);

/*
 * Find the invitation of a token (the text in the link; the table keeps
 * its SHA-256).  DB_OK with inv->id == 0 if there is none.
 */
enum db_err	 survey_invitation_find(struct db *, struct arena *,
		    const char *, struct survey_invitation *);
/* SHA-256 of a token as 64 hex digits (how survey_invitation keeps it). */
void		 survey_token_hash(const char *, char [65]);

#endif
