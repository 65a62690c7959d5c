/*
 * Survey scoring and cleaning rules (survey_score.h): the definitions,
 * written once.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>

#include "survey_score.h"

const char *const clean_reason_names[CLEAN__MAX] = {
	/* CLEAN_VALID */	NULL,
	/* CLEAN_DUPLICATE */	"duplicate",
	/* CLEAN_FAST */	"fast",
	/* CLEAN_STRAIGHT */	"straight",
};

static void
clamp(int *lo, int *hi)
{
	if (*lo < 0)
		*lo = 0;
	if (*hi > SCORE_VMAX)
		*hi = SCORE_VMAX;
}

long long
score_count(const long long *cnt, int lo, int hi)
{
	long long	 n = 0;
	int		 v;

	clamp(&lo, &hi);
	for (v = lo; v <= hi; v++)
		n += cnt[v];
	return n;
}

double
score_mean(const long long *cnt, int lo, int hi)
{
	long long	 n = 0, sum = 0;
	int		 v;

	clamp(&lo, &hi);
	for (v = lo; v <= hi; v++) {
		n += cnt[v];
		sum += cnt[v] * v;
	}
	return n > 0 ? (double)sum / n : NAN;
}

double
score_share(const long long *cnt, int lo, int hi, int slo, int shi)
{
	long long	 n = score_count(cnt, slo, shi);

	if (lo < slo)
		lo = slo;
	if (hi > shi)
		hi = shi;
	return n > 0 ? 100.0 * score_count(cnt, lo, hi) / n : NAN;
}

double
score_csat(const long long *cnt)
{
	return score_share(cnt, 4, 5, 1, 5);
}

double
score_satisfaction(const long long *cnt)
{
	return score_mean(cnt, 1, 5) * 20;
}

double
score_nps(const long long *cnt)
{
	long long	 n = score_count(cnt, 0, 10);

	if (n == 0)
		return NAN;
	return 100.0 * (score_count(cnt, 9, 10) - score_count(cnt, 0, 6)) / n;
}

double
score_ces(const long long *cnt)
{
	return score_mean(cnt, 1, 7);
}

int
score_below(double dim, double overall)
{
	if (isnan(dim) || isnan(overall))
		return 0;
	return dim < overall - SCORE_EPS;
}

void
score_add(long long *to, const long long *from)
{
	int	 v;

	for (v = 0; v <= SCORE_VMAX; v++)
		to[v] += from[v];
}

int
clean_is_duplicate(const struct clean_in *c)
{
	if (c->same_invitation)
		return 1;
	return c->addr_gap_s >= 0 && c->window_h > 0 &&
	    c->addr_gap_s <= c->window_h * 3600;
}

int
clean_is_fast(const struct clean_in *c)
{
	return !c->offline && c->duration_s >= 0 &&
	    c->duration_s < c->min_seconds;
}

int
clean_is_straight(const int *ratings, size_t n, long long min)
{
	size_t	 i;

	if (min < 1)
		min = 1;
	if ((long long)n < min)
		return 0;
	for (i = 1; i < n; i++)
		if (ratings[i] != ratings[0])
			return 0;
	return 1;
}

enum clean_reason
clean_judge(const struct clean_in *c)
{
	if (clean_is_duplicate(c))
		return CLEAN_DUPLICATE;
	if (clean_is_fast(c))
		return CLEAN_FAST;
	if (clean_is_straight(c->ratings, c->nratings, c->straight_min))
		return CLEAN_STRAIGHT;
	return CLEAN_VALID;
}
