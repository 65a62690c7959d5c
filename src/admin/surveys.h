/*
 * What the survey design pages share (surveys.c: the surveys; and
 * survey_questions.c: their questions).  Private to those two files.
 */
#ifndef MANYI_ADMIN_SURVEYS_H
#define MANYI_ADMIN_SURVEYS_H

struct arena;
struct db;
struct http_req;

/* A survey as the question pages need it. */
struct sv {
	long long	 id;
	const char	*slug;
	const char	*status;	/* draft, pilot, active, closed */
	long long	 version;
	const char	*title;		/* in the viewer's language */
};

/* Why a change inside a survey transaction was refused. */
enum sv_fail {
	SV_OK = 0,
	SV_GONE,	/* no such survey (or question) */
	SV_FROZEN,	/* questions change only in draft */
	SV_CLOSED,	/* a closed survey does not change */
	SV_STATE,	/* the status changed under us, or no such move */
	SV_NO_QUESTIONS,/* pilot/active need a question */
	SV_PERIOD,	/* active needs a valid period */
	SV_ANSWERED,	/* the question has answers */
	SV_OWNER,	/* the owner is not an active user */
};

/* The survey named by a path segment: 0, 404, or a database status. */
int		 sv_get(struct http_req *, const char *, struct sv *);
/*
 * Lock the survey row for this transaction; *status is its status, or
 * NULL if there is no such survey.
 */
enum db_err	 sv_lock(struct db *, struct arena *, long long,
		    const char **);
/* Every change of a survey or its questions: the public program's
 * cached definition is keyed by this version. */
enum db_err	 sv_bump(struct db *, long long);
/* The 409 page: the questions of a survey outside draft are frozen. */
int		 sv_frozen(struct http_req *, const struct sv *);
/* The text in the viewer's language (English falls back to Chinese). */
const char	*sv_text(const struct http_req *, const char *, const char *);
/* The catalog label of a survey status or question kind. */
const char	*sv_status_label(struct http_req *, const char *);
const char	*sv_kind_label(struct http_req *, const char *);

#endif
