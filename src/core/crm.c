#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "crm.h"

const char *const tier_codes[TIER__MAX] = {
	"core",		/* TIER_CORE */
	"important",	/* TIER_IMPORTANT */
	"basic",	/* TIER_BASIC */
	"dormant",	/* TIER_DORMANT */
};

struct ranked {
	const struct seg_input	*in;
	size_t			 idx;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct seg_input	*x = ((const struct ranked *)a)->in;
	const struct seg_input	*y = ((const struct ranked *)b)->in;

	if (x->spend != y->spend)
		return x->spend < y->spend ? 1 : -1;
	if (x->per_month != y->per_month)
		return x->per_month < y->per_month ? 1 : -1;
	if (x->repurchases != y->repurchases)
		return x->repurchases < y->repurchases ? 1 : -1;
	/* Stable for equal customers: the earlier one first. */
	return ((const struct ranked *)a)->idx < ((const struct ranked *)b)->idx ?
	    -1 : 1;
}

void
segment_assign(const struct seg_input *in, size_t n,
    const int shares[TIER__MAX], double high_value, int *out)
{
	struct ranked	*r;
	size_t		 i, m = 0, core, important, basic;

	if ((r = calloc(n ? n : 1, sizeof(*r))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		out[i] = TIER_NONE;
		if (in[i].spend > 0 || in[i].per_month > 0 ||
		    in[i].repurchases > 0) {
			r[m].in = &in[i];
			r[m].idx = i;
			m++;
		}
	}
	qsort(r, m, sizeof(*r), rank_cmp);
	/* Places by share, rounded to the nearest customer. */
	core = (size_t)llround((double)m * shares[TIER_CORE] / 100.0);
	important = core + (size_t)llround((double)m *
	    shares[TIER_IMPORTANT] / 100.0);
	basic = important + (size_t)llround((double)m * shares[TIER_BASIC] /
	    100.0);
	for (i = 0; i < m; i++) {
		const struct seg_input *c = r[i].in;
		int t;

		if (i < core && c->spend >= high_value)
			t = TIER_CORE;
		else if (i < important)
			t = TIER_IMPORTANT;
		else if (i < basic && (c->per_month > 0 || c->repurchases > 0))
			t = TIER_BASIC;
		else
			t = TIER_DORMANT;
		out[r[i].idx] = t;
	}
	free(r);
}

int
health_score(const struct health_input *h, const struct health_weights *w)
{
	double	 f, s, c, sum = 0, n = 0, total;
	int	 wsum = w->frequency + w->satisfaction + w->complaints;

	if (h->days_since_last < 0 || h->cycle_days <= 0)
		f = 0;
	else if (h->days_since_last <= h->cycle_days)
		f = 1;
	else if (h->days_since_last >= 2 * h->cycle_days)
		f = 0;
	else
		f = 2.0 - (double)h->days_since_last / h->cycle_days;
	if (h->satisfaction > 0) {
		sum += h->satisfaction;
		n++;
	}
	if (h->service > 0) {
		sum += h->service;
		n++;
	}
	s = n > 0 ? (sum / n - 1.0) / 4.0 : 0.5;
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	c = 1.0 - 0.25 * h->complaints;
	if (c < 0)
		c = 0;
	if (wsum <= 0)
		return 0;
	total = (w->frequency * f + w->satisfaction * s + w->complaints * c) /
	    wsum;
	return (int)lround(100.0 * total);
}

long long
due_day(long long last_day, int cycle_days, long long created_day)
{
	if (last_day < 0)
		return created_day;
	return last_day + cycle_days;
}

long long
workday_add(long long t, int n, int tz)
{
	long long	 day, wd;

	/* 1970-01-01 was a Thursday: weekday 0 = Monday. */
	for (;;) {
		day = (t + tz) >= 0 ? (t + tz) / 86400 : ((t + tz) - 86399) / 86400;
		wd = ((day % 7) + 7 + 3) % 7;
		if (wd < 5)
			break;
		t += 86400;
	}
	while (n > 0) {
		t += 86400;
		day = (t + tz) >= 0 ? (t + tz) / 86400 : ((t + tz) - 86399) / 86400;
		wd = ((day % 7) + 7 + 3) % 7;
		if (wd < 5)
			n--;
	}
	return t;
}
