/*
 * The customer side's rules as pure functions (no I/O): segmentation into
 * tiers, relationship health, maintenance due dates, working days.
 * DOMAIN.md sections 1 and 2; every number is a parameter from settings.
 */
#ifndef MANYI_CRM_H
#define MANYI_CRM_H

#include <stddef.h>

#include "conf.h"

/* The company's offset from UTC in seconds ([site] time_zone, conf.h):
 * the zone business days are counted in. */
#define CRM_TZ	site_tz_s

enum tier {
	TIER_CORE,		/* 核心高价值, top ~10% */
	TIER_IMPORTANT,		/* 重要潜力, ~20% */
	TIER_BASIC,		/* 基础活跃, ~40% */
	TIER_DORMANT,		/* 沉睡唤醒, ~30% */
	TIER__MAX
};

#define TIER_NONE	(-1)	/* not segmented: no data at all */

extern const char *const tier_codes[TIER__MAX];

struct seg_input {
	double	 spend;		/* annual spend */
	double	 per_month;	/* interactions per month */
	int	 repurchases;
};

/*
 * Assign a tier (or TIER_NONE) to each of n customers.  Customers with no
 * data at all are not segmented.  The others are ranked by annual spend,
 * then interactions per month, then repurchases: the top shares[CORE]
 * percent form the core tier (only those whose spend reaches high_value;
 * the rest of those places fall to the next tier), the next
 * shares[IMPORTANT] percent the important tier, the next shares[BASIC]
 * percent the basic tier if they show any activity (interactions or
 * repurchases), and everyone else is dormant.
 */
void	 segment_assign(const struct seg_input *, size_t, const int [TIER__MAX],
	    double, int *);

struct health_input {
	int	 cycle_days;		/* maintenance cycle */
	int	 days_since_last;	/* since the last interaction; -1 never */
	double	 satisfaction;		/* mean 1-5 of recent interactions; 0 none */
	double	 service;		/* mean 1-5 of service scores; 0 none */
	int	 complaints;		/* complaints in the last 90 days */
};

struct health_weights {
	int	 frequency;
	int	 satisfaction;
	int	 complaints;
};

/*
 * Relationship health, 0-100, a weighted mean of three parts in [0, 1]:
 *  - frequency: 1 while the last contact is within the cycle, falling
 *    linearly to 0 at twice the cycle; 0 if never contacted;
 *  - satisfaction: the mean of the customer's satisfaction and the service
 *    scores (those present), mapped from 1..5 to 0..1; 0.5 if none;
 *  - complaints: 1 without complaints, minus 0.25 for each, at least 0.
 */
int	 health_score(const struct health_input *,
	    const struct health_weights *);
#define HEALTH_WARNING	60	/* below this a warning is raised */

/*
 * The next maintenance date (days since 1970-01-01): the last contact
 * plus the cycle; a customer never contacted is due on the day it was
 * created.
 */
long long due_day(long long, int, long long);

/*
 * Add n working days (Monday to Friday) to a time in seconds since the
 * epoch, local to a zone offset in seconds; a start on a weekend counts
 * from the next Monday at the same time of day.
 */
long long workday_add(long long, int, int);

#endif
