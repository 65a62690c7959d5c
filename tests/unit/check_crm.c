/*
 * Unit tests of the customer side's pure rules (src/core/crm.c):
 * segmentation into tiers, relationship health, maintenance due dates
 * and working days.  Every expected value below is computed by hand from
 * the rule's comment in crm.h, not by running the code.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "arena.h"
#include "crm.h"
#include "svg.h"

static const int shares[TIER__MAX] = { 10, 20, 40, 30 };

/* 20 active customers, spend falling 100,000 .. 81,000: 2/4/8/6 places. */
START_TEST(segment_shares)
{
	struct seg_input	 in[20];
	int			 out[20], i, want;

	for (i = 0; i < 20; i++) {
		in[i].spend = 100000 - 1000 * i;
		in[i].per_month = 1;
		in[i].repurchases = 1;
	}
	segment_assign(in, 20, shares, 50000, out);
	for (i = 0; i < 20; i++) {
		want = i < 2 ? TIER_CORE : i < 6 ? TIER_IMPORTANT :
		    i < 14 ? TIER_BASIC : TIER_DORMANT;
		ck_assert_msg(out[i] == want, "customer %d: tier %d, want %d",
		    i, out[i], want);
	}
}
END_TEST

/* The rank, not the input order, decides: shuffled input, same tiers. */
START_TEST(segment_rank_order)
{
	struct seg_input	 in[10];
	int			 out[10], i;

	/* Spend 100,000 * (10 - i) at position (i * 3) % 10: rank i. */
	for (i = 0; i < 10; i++) {
		in[(i * 3) % 10].spend = 100000.0 * (10 - i);
		in[(i * 3) % 10].per_month = 2;
		in[(i * 3) % 10].repurchases = 0;
	}
	segment_assign(in, 10, shares, 50000, out);
	/* 10 customers: core 1, important 2, basic 4, dormant 3. */
	ck_assert_int_eq(out[0], TIER_CORE);		/* rank 0 */
	ck_assert_int_eq(out[3], TIER_IMPORTANT);	/* rank 1 */
	ck_assert_int_eq(out[6], TIER_IMPORTANT);	/* rank 2 */
	ck_assert_int_eq(out[9], TIER_BASIC);		/* rank 3 */
	ck_assert_int_eq(out[2], TIER_BASIC);		/* rank 4 */
	ck_assert_int_eq(out[5], TIER_BASIC);		/* rank 5 */
	ck_assert_int_eq(out[8], TIER_BASIC);		/* rank 6 */
	ck_assert_int_eq(out[1], TIER_DORMANT);		/* rank 7 */
	ck_assert_int_eq(out[4], TIER_DORMANT);		/* rank 8 */
	ck_assert_int_eq(out[7], TIER_DORMANT);		/* rank 9 */
}
END_TEST

/*
 * A customer in a core place whose spend is below the high-value
 * threshold falls to the important tier; the other core place is kept.
 */
START_TEST(segment_high_value)
{
	struct seg_input	 in[20];
	int			 out[20], i;

	for (i = 0; i < 20; i++) {
		in[i].spend = 40000 - 1000 * i;
		in[i].per_month = 1;
		in[i].repurchases = 0;
	}
	in[0].spend = 120000;	/* rank 0: core */
	in[1].spend = 49999.99;	/* rank 1: a core place, below 50,000 */
	segment_assign(in, 20, shares, 50000, out);
	ck_assert_int_eq(out[0], TIER_CORE);
	ck_assert_int_eq(out[1], TIER_IMPORTANT);
	for (i = 2; i < 6; i++)
		ck_assert_int_eq(out[i], TIER_IMPORTANT);
	ck_assert_int_eq(out[6], TIER_BASIC);
	/* Exactly at the threshold is high-value. */
	in[1].spend = 50000;
	segment_assign(in, 20, shares, 50000, out);
	ck_assert_int_eq(out[1], TIER_CORE);
	/* A higher threshold empties the core tier. */
	segment_assign(in, 20, shares, 200000, out);
	ck_assert_int_eq(out[0], TIER_IMPORTANT);
	ck_assert_int_eq(out[1], TIER_IMPORTANT);
}
END_TEST

/* No data at all: not segmented, and not counted for the places. */
START_TEST(segment_no_data)
{
	struct seg_input	 in[12];
	int			 out[12], i;

	memset(in, 0, sizeof(in));
	for (i = 0; i < 10; i++) {
		in[i].spend = 90000 - 1000 * i;
		in[i].per_month = 1;
	}
	/* in[10], in[11]: all zero. */
	segment_assign(in, 12, shares, 50000, out);
	ck_assert_int_eq(out[10], TIER_NONE);
	ck_assert_int_eq(out[11], TIER_NONE);
	/* 10 ranked: 1 core, 2 important, 4 basic, 3 dormant. */
	ck_assert_int_eq(out[0], TIER_CORE);
	ck_assert_int_eq(out[1], TIER_IMPORTANT);
	ck_assert_int_eq(out[2], TIER_IMPORTANT);
	ck_assert_int_eq(out[3], TIER_BASIC);
	ck_assert_int_eq(out[6], TIER_BASIC);
	ck_assert_int_eq(out[7], TIER_DORMANT);
	ck_assert_int_eq(out[9], TIER_DORMANT);
	/* Repurchases alone, or interactions alone, are data. */
	memset(in, 0, sizeof(in));
	in[0].repurchases = 1;
	in[1].per_month = 0.5;
	segment_assign(in, 3, shares, 50000, out);
	ck_assert_int_ne(out[0], TIER_NONE);
	ck_assert_int_ne(out[1], TIER_NONE);
	ck_assert_int_eq(out[2], TIER_NONE);
	/* Nobody at all. */
	segment_assign(in, 0, shares, 50000, out);
}
END_TEST

/* In a basic place without interactions or repurchases: dormant. */
START_TEST(segment_inactive_basic)
{
	struct seg_input	 in[10];
	int			 out[10], i;

	for (i = 0; i < 10; i++) {
		in[i].spend = 10000 - 100 * i;
		in[i].per_month = 1;
		in[i].repurchases = 0;
	}
	in[4].per_month = 0;		/* basic place, no activity */
	in[5].per_month = 0;
	in[5].repurchases = 2;		/* basic place, repurchases */
	in[1].per_month = 0;		/* important place: stays */
	segment_assign(in, 10, shares, 50000, out);
	/* Spend below 50,000 everywhere: the core place falls too. */
	ck_assert_int_eq(out[0], TIER_IMPORTANT);
	ck_assert_int_eq(out[1], TIER_IMPORTANT);
	ck_assert_int_eq(out[2], TIER_IMPORTANT);
	ck_assert_int_eq(out[3], TIER_BASIC);
	ck_assert_int_eq(out[4], TIER_DORMANT);
	ck_assert_int_eq(out[5], TIER_BASIC);
	ck_assert_int_eq(out[6], TIER_BASIC);
	ck_assert_int_eq(out[7], TIER_DORMANT);
}
END_TEST

/* Equal customers keep their input order; later keys break ties. */
START_TEST(segment_ties)
{
	struct seg_input	 in[10];
	int			 out[10], i;
	static const int	 want[10] = { TIER_CORE, TIER_IMPORTANT,
	    TIER_IMPORTANT, TIER_BASIC, TIER_BASIC, TIER_BASIC, TIER_BASIC,
	    TIER_DORMANT, TIER_DORMANT, TIER_DORMANT };

	for (i = 0; i < 10; i++) {
		in[i].spend = 60000;
		in[i].per_month = 1;
		in[i].repurchases = 1;
	}
	segment_assign(in, 10, shares, 50000, out);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(out[i], want[i]);
	/* Same spend: more interactions per month rank first. */
	in[9].per_month = 3;
	segment_assign(in, 10, shares, 50000, out);
	ck_assert_int_eq(out[9], TIER_CORE);
	ck_assert_int_eq(out[0], TIER_IMPORTANT);
	/* Same spend and interactions: more repurchases rank first. */
	in[9].per_month = 1;
	in[8].repurchases = 5;
	segment_assign(in, 10, shares, 50000, out);
	ck_assert_int_eq(out[8], TIER_CORE);
	ck_assert_int_eq(out[0], TIER_IMPORTANT);
	ck_assert_int_eq(out[9], TIER_DORMANT);
}
END_TEST

/* Other shares: 0% core puts everyone from the top in important. */
START_TEST(segment_other_shares)
{
	static const int	 sh[TIER__MAX] = { 0, 50, 50, 0 };
	struct seg_input	 in[4];
	int			 out[4], i;

	for (i = 0; i < 4; i++) {
		in[i].spend = 100000 - i;
		in[i].per_month = 1;
		in[i].repurchases = 0;
	}
	segment_assign(in, 4, sh, 50000, out);
	ck_assert_int_eq(out[0], TIER_IMPORTANT);
	ck_assert_int_eq(out[1], TIER_IMPORTANT);
	ck_assert_int_eq(out[2], TIER_BASIC);
	ck_assert_int_eq(out[3], TIER_BASIC);
}
END_TEST

static const struct health_weights	only_f = { 1, 0, 0 };
static const struct health_weights	only_s = { 0, 1, 0 };
static const struct health_weights	only_c = { 0, 0, 1 };
static const struct health_weights	dflt = { 40, 35, 25 };

static int
hs(int cycle, int since, double sat, double svc, int compl,
    const struct health_weights *w)
{
	struct health_input	 h;

	h.cycle_days = cycle;
	h.days_since_last = since;
	h.satisfaction = sat;
	h.service = svc;
	h.complaints = compl;
	return health_score(&h, w);
}

START_TEST(health_frequency)
{
	ck_assert_int_eq(hs(30, 0, 0, 0, 0, &only_f), 100);
	ck_assert_int_eq(hs(30, 30, 0, 0, 0, &only_f), 100);	/* edge */
	ck_assert_int_eq(hs(30, 31, 0, 0, 0, &only_f), 97);	/* 29/30 */
	ck_assert_int_eq(hs(30, 45, 0, 0, 0, &only_f), 50);	/* 1.5x */
	ck_assert_int_eq(hs(30, 40, 0, 0, 0, &only_f), 67);	/* 2/3 */
	ck_assert_int_eq(hs(30, 59, 0, 0, 0, &only_f), 3);	/* 1/30 */
	ck_assert_int_eq(hs(30, 60, 0, 0, 0, &only_f), 0);	/* 2x */
	ck_assert_int_eq(hs(30, 400, 0, 0, 0, &only_f), 0);
	ck_assert_int_eq(hs(30, -1, 0, 0, 0, &only_f), 0);	/* never */
	ck_assert_int_eq(hs(90, 135, 0, 0, 0, &only_f), 50);
	ck_assert_int_eq(hs(0, 0, 0, 0, 0, &only_f), 0);	/* no cycle */
}
END_TEST

START_TEST(health_satisfaction)
{
	ck_assert_int_eq(hs(30, 0, 0, 0, 0, &only_s), 50);	/* none */
	ck_assert_int_eq(hs(30, 0, 5, 0, 0, &only_s), 100);
	ck_assert_int_eq(hs(30, 0, 1, 0, 0, &only_s), 0);
	ck_assert_int_eq(hs(30, 0, 4, 0, 0, &only_s), 75);
	ck_assert_int_eq(hs(30, 0, 0, 4, 0, &only_s), 75);	/* service only */
	ck_assert_int_eq(hs(30, 0, 3, 5, 0, &only_s), 75);	/* mean 4 */
	ck_assert_int_eq(hs(30, 0, 2, 3, 0, &only_s), 38);	/* 0.375 */
	ck_assert_int_eq(hs(30, 0, 5, 5, 0, &only_s), 100);
	ck_assert_int_eq(hs(30, 0, 1, 1, 0, &only_s), 0);
}
END_TEST

START_TEST(health_complaints)
{
	ck_assert_int_eq(hs(30, 0, 0, 0, 0, &only_c), 100);
	ck_assert_int_eq(hs(30, 0, 0, 0, 1, &only_c), 75);
	ck_assert_int_eq(hs(30, 0, 0, 0, 2, &only_c), 50);
	ck_assert_int_eq(hs(30, 0, 0, 0, 3, &only_c), 25);
	ck_assert_int_eq(hs(30, 0, 0, 0, 4, &only_c), 0);
	ck_assert_int_eq(hs(30, 0, 0, 0, 5, &only_c), 0);
}
END_TEST

START_TEST(health_weights)
{
	static const struct health_weights	 none = { 0, 0, 0 };
	static const struct health_weights	 w2 = { 2, 1, 1 };

	/* 40*0.5 + 35*0.75 + 25*0.75 = 65. */
	ck_assert_int_eq(hs(30, 45, 4, 0, 1, &dflt), 65);
	ck_assert_int_eq(hs(30, 10, 5, 5, 0, &dflt), 100);
	ck_assert_int_eq(hs(30, -1, 1, 1, 4, &dflt), 0);
	/* Never contacted, no scores, no complaints: 17.5 + 25 = 42.5. */
	ck_assert_int_lt(hs(30, -1, 0, 0, 0, &dflt), HEALTH_WARNING);
	/* 40*1 + 35*0 + 25*0.5 = 52.5 -> below the warning line. */
	ck_assert_int_lt(hs(30, 5, 1, 0, 2, &dflt), HEALTH_WARNING);
	/*
	 * 40*1 + 35*0.5 + 25*1 = 82.5: a half in decimal is not one in
	 * binary, so either neighbour is right.
	 */
	ck_assert_int_ge(hs(30, 0, 0, 0, 0, &dflt), 82);
	ck_assert_int_le(hs(30, 0, 0, 0, 0, &dflt), 83);
	/* 40*(2 - 40/30) + 35*0.5 + 25*1 = 69.17 -> 69. */
	ck_assert_int_eq(hs(30, 40, 0, 0, 0, &dflt), 69);
	/* Weights are relative: (2*1 + 1*0 + 1*0.5) / 4 = 62.5 -> 62 or 63. */
	ck_assert_int_eq(hs(30, 0, 1, 0, 2, &w2) / 10, 6);
	/* (2*1 + 1*0.25 + 1*0.25) / 4 = 62.5 again; (2*1 + 0 + 0) / 4 = 50. */
	ck_assert_int_eq(hs(30, 0, 1, 0, 4, &w2), 50);
	/* (2*0.5 + 1*1 + 1*1) / 4 = 75. */
	ck_assert_int_eq(hs(30, 45, 5, 0, 0, &w2), 75);
	ck_assert_int_eq(hs(30, 0, 5, 5, 0, &none), 0);
}
END_TEST

START_TEST(due_days)
{
	ck_assert_int_eq(due_day(20000, 30, 19000), 20030);
	ck_assert_int_eq(due_day(20000, 90, 19000), 20090);
	ck_assert_int_eq(due_day(-1, 30, 19000), 19000);	/* never */
	ck_assert_int_eq(due_day(0, 60, 19000), 60);	/* 1970-01-01 is a day */
}
END_TEST

/* Seconds since the epoch of a UTC date and time. */
static long long
utc(int y, int mo, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (long long)timegm(&tm);
}

#define CN	(8 * 3600)	/* Beijing time */
/* A Beijing local time as seconds since the epoch. */
#define BJ(y, mo, d, h, mi)	(utc(y, mo, d, h, mi) - CN)

START_TEST(workdays)
{
	/* 2026-11-20 is a Friday. */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 20, 15, 0), 1, CN),
	    BJ(2026, 11, 23, 15, 0));			/* Fri -> Mon */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 21, 15, 0), 1, CN),
	    BJ(2026, 11, 24, 15, 0));			/* Sat -> Tue */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 22, 9, 30), 1, CN),
	    BJ(2026, 11, 24, 9, 30));			/* Sun -> Tue */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 18, 10, 0), 1, CN),
	    BJ(2026, 11, 19, 10, 0));			/* Wed -> Thu */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 19, 10, 0), 2, CN),
	    BJ(2026, 11, 23, 10, 0));			/* Thu + 2 -> Mon */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 16, 8, 0), 5, CN),
	    BJ(2026, 11, 23, 8, 0));			/* a week */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 20, 15, 0), 0, CN),
	    BJ(2026, 11, 20, 15, 0));			/* nothing to add */
	/*
	 * The zone matters across midnight: Saturday 01:00 in Beijing is
	 * still Friday 17:00 UTC, yet a weekend day for the rule.
	 */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 21, 1, 0), 1, CN),
	    BJ(2026, 11, 24, 1, 0));
	ck_assert_int_eq(BJ(2026, 11, 21, 1, 0), utc(2026, 11, 20, 17, 0));
	/* Friday 23:30 Beijing is a working day: -> Monday 23:30. */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 20, 23, 30), 1, CN),
	    BJ(2026, 11, 23, 23, 30));
	/* Monday 07:00 Beijing is Sunday 23:00 UTC, but a working day. */
	ck_assert_int_eq(workday_add(BJ(2026, 11, 23, 7, 0), 1, CN),
	    BJ(2026, 11, 24, 7, 0));
	/* Without the offset the same instants fall on other days. */
	ck_assert_int_eq(workday_add(utc(2026, 11, 20, 17, 0), 1, 0),
	    utc(2026, 11, 23, 17, 0));
	/* Before 1970 the day arithmetic still holds: 1969-12-26 Friday. */
	ck_assert_int_eq(workday_add(utc(1969, 12, 26, 12, 0), 1, 0),
	    utc(1969, 12, 29, 12, 0));
}
END_TEST

/* Every text is escaped; the frame is fixed; no script can get in. */
START_TEST(svg_escapes)
{
	static const char *const	 xl[2] = { "<b>1月</b>", "a&b" };
	static const double		 v[2] = { 50, NAN };
	struct svg_series		 s = { "\"x\" <script>", v };
	struct svg_chart		 c;
	struct buf			 b;
	char				*out;

	memset(&c, 0, sizeof(c));
	memset(&b, 0, sizeof(b));
	c.kind = SVG_LINES;
	c.title = "T'<>";
	c.n = 2;
	c.xlabels = xl;
	c.ymin = 0;
	c.ymax = 100;
	c.unit = "%";
	c.has_goal = 1;
	c.goal = 95;
	c.goal_label = "goal&";
	c.series = &s;
	c.nseries = 1;
	svg_chart(&b, &c);
	buf_append(&b, "", 1);
	out = b.p;
	ck_assert_ptr_nonnull(strstr(out, "viewBox=\"0 0 640 260\""));
	ck_assert_ptr_nonnull(strstr(out, "&lt;b&gt;1月&lt;/b&gt;"));
	ck_assert_ptr_nonnull(strstr(out, "a&amp;b"));
	ck_assert_ptr_nonnull(strstr(out, "&quot;x&quot; &lt;script&gt;"));
	ck_assert_ptr_nonnull(strstr(out, "T&#39;&lt;&gt;"));
	ck_assert_ptr_nonnull(strstr(out, "goal&amp;"));
	ck_assert_ptr_null(strstr(out, "<script"));
	ck_assert_ptr_null(strstr(out, "<b>"));
	/* One point drawn (the other month has no value), the goal line. */
	ck_assert_ptr_nonnull(strstr(out, "<circle"));
	ck_assert_ptr_null(strstr(strstr(out, "<circle") + 1, "<circle"));
	ck_assert_ptr_nonnull(strstr(out, "class=\"goal\""));
	ck_assert_ptr_nonnull(strstr(out, "</svg>"));
	/* Bars: 50 above a range of 0-10 is clipped to the plot (202 high). */
	b.len = 0;
	c.kind = SVG_BARS;
	c.has_goal = 0;
	c.ymax = 10;
	svg_chart(&b, &c);
	buf_append(&b, "", 1);
	ck_assert_ptr_nonnull(strstr(b.p, "<rect x=\"77.0\" y=\"28.0\" width=\"232.0\" height=\"202.0\""));
	ck_assert_ptr_null(strstr(b.p, "class=\"goal\""));
	buf_free(&b);
}
END_TEST

static Suite *
crm_suite(void)
{
	Suite	*s = suite_create("crm");
	TCase	*tc = tcase_create("segment");
	TCase	*th = tcase_create("health");
	TCase	*td = tcase_create("dates");
	TCase	*tv = tcase_create("svg");

	tcase_add_test(tc, segment_shares);
	tcase_add_test(tc, segment_rank_order);
	tcase_add_test(tc, segment_high_value);
	tcase_add_test(tc, segment_no_data);
	tcase_add_test(tc, segment_inactive_basic);
	tcase_add_test(tc, segment_ties);
	tcase_add_test(tc, segment_other_shares);
	suite_add_tcase(s, tc);
	tcase_add_test(th, health_frequency);
	tcase_add_test(th, health_satisfaction);
	tcase_add_test(th, health_complaints);
	tcase_add_test(th, health_weights);
	suite_add_tcase(s, th);
	tcase_add_test(td, due_days);
	tcase_add_test(td, workdays);
	suite_add_tcase(s, td);
	tcase_add_test(tv, svg_escapes);
	suite_add_tcase(s, tv);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(crm_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
