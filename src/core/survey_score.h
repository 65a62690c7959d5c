/*
 * Survey scoring and cleaning rules (DOMAIN.md section 3), as pure
 * functions over plain values: the results page, the responses' export,
 * the customer timeline and manyi-ctl clean-responses all use these and
 * nothing else.  No I/O.
 *
 * Scores take a distribution: cnt[v] = number of answers with value v,
 * for v from 0 to SCORE_VMAX.  Values outside a formula's scale are
 * ignored by it.  A formula without any answer on its scale returns NAN.
 *
 *  - CSAT: the share, in percent, of 4 and 5 among the 1-5 ratings.
 *  - satisfaction score: the mean 1-5 rating times 20 (0..100 scale
 *    with 5 = 100, 1 = 20).
 *  - NPS: percent of 9-10 minus percent of 0-6 among 0-10 answers
 *    (-100 .. 100).
 *  - CES: the mean of the 1-7 answers.
 *  - a dimension's score: the mean of the 1-5 ratings of its rating
 *    questions (NPS and CES questions are on other scales and are not
 *    mixed in); it is flagged when below the survey's overall average,
 *    the mean of all its 1-5 ratings, by at least SCORE_EPS.
 *
 * Cleaning marks a response with at most one reason, checked in this
 * order: duplicate, fast, straight (the first that applies wins).
 *  - duplicate: an earlier response of the same survey (same pilot
 *    flag) came from the same invitation, or from the same address hash
 *    no more than window hours before it.  "Earlier" means submitted
 *    before it, or at the same second with a smaller id; the first one
 *    stays valid.  Every earlier response counts, marked or not, so
 *    the result does not depend on the order of cleaning runs.
 *  - fast: the customer filled the form in (not typed in by staff)
 *    and took fewer than the survey's min_seconds; an unknown duration
 *    is never fast.
 *  - straight-lining: "rated" questions are the questions of kind
 *    'rating' (1-5) that the response answered; NPS (0-10) and CES
 *    (1-7) are on other scales and unanswered optional ratings are not
 *    counted.  The response is straight-lined when it answered at least
 *    N rated questions (setting survey.straight_min_questions, default
 *    8) and gave every one of them the same value.
 */
#ifndef MANYI_SURVEY_SCORE_H
#define MANYI_SURVEY_SCORE_H

#include <stddef.h>

#define SCORE_VMAX	10	/* highest value of any scale (NPS) */
#define SCORE_NV	(SCORE_VMAX + 1)
#define SCORE_EPS	1e-9

enum clean_reason {
	CLEAN_VALID = 0,
	CLEAN_DUPLICATE,
	CLEAN_FAST,
	CLEAN_STRAIGHT,
	CLEAN__MAX
};

/* The survey_response.invalid_reason value of a reason, NULL if valid. */
extern const char *const clean_reason_names[CLEAN__MAX];

/* Answers between lo and hi (inclusive) in a distribution. */
long long	 score_count(const long long *, int, int);
/* Mean of the answers between lo and hi; NAN without one. */
double		 score_mean(const long long *, int, int);
/* Percent share of the answers between lo and hi among those between
 * slo and shi; NAN without one in the scale. */
double		 score_share(const long long *, int, int, int, int);
double		 score_csat(const long long *);
double		 score_satisfaction(const long long *);
double		 score_nps(const long long *);
double		 score_ces(const long long *);
/* 1 if a dimension's mean is below the overall mean (both known). */
int		 score_below(double, double);
/* Add one distribution into another. */
void		 score_add(long long *, const long long *);

/* The inputs of the cleaning rules for one response. */
struct clean_in {
	int		 same_invitation;	/* an earlier response has its
						 * invitation */
	long long	 addr_gap_s;	/* seconds since the nearest earlier
					 * response from its address; -1:
					 * none (or no address) */
	long long	 window_h;	/* survey.duplicate_window_hours */
	int		 offline;	/* typed in by staff */
	long long	 duration_s;	/* -1: unknown */
	long long	 min_seconds;	/* the survey's */
	const int	*ratings;	/* values of its answered rating
					 * questions */
	size_t		 nratings;
	long long	 straight_min;	/* survey.straight_min_questions */
};

int		 clean_is_duplicate(const struct clean_in *);
int		 clean_is_fast(const struct clean_in *);
int		 clean_is_straight(const int *, size_t, long long);
/* The reason a response is marked with, or CLEAN_VALID. */
enum clean_reason clean_judge(const struct clean_in *);

#endif
