/*
 * Unit tests of the survey formulas and cleaning rules
 * (src/core/survey_score.c).  Every expected value is computed by hand
 * from the definitions in survey_score.h, written next to the test.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "survey_score.h"

#define NEAR(a, b)	ck_assert_msg(fabs((a) - (b)) < 1e-9, \
			    "%s = %.12g, want %.12g", #a, (double)(a), (double)(b))

/* Ratings 1,2,3,4,5 once each plus two more 5s: 7 answers. */
START_TEST(csat_and_score)
{
	long long	 c[SCORE_NV] = { 0, 1, 1, 1, 1, 3 };

	/* 4-5: 1 + 3 = 4 of 7 = 57.142857...% */
	NEAR(score_csat(c), 400.0 / 7);
	/* mean (1+2+3+4+15)/7 = 25/7; times 20 = 500/7 = 71.43 */
	NEAR(score_mean(c, 1, 5), 25.0 / 7);
	NEAR(score_satisfaction(c), 500.0 / 7);
	ck_assert_int_eq(score_count(c, 1, 5), 7);
}
END_TEST

/* Values outside 1-5 (a 0 from nowhere) are not ratings. */
START_TEST(csat_ignores_other_values)
{
	long long	 c[SCORE_NV] = { 9, 0, 0, 0, 2, 2, 0, 0, 0, 0, 4 };

	NEAR(score_csat(c), 100.0);
	NEAR(score_satisfaction(c), 90.0);	/* mean 4.5 */
}
END_TEST

START_TEST(empty_is_nan)
{
	long long	 c[SCORE_NV];

	memset(c, 0, sizeof(c));
	ck_assert(isnan(score_csat(c)));
	ck_assert(isnan(score_satisfaction(c)));
	ck_assert(isnan(score_nps(c)));
	ck_assert(isnan(score_ces(c)));
	ck_assert(isnan(score_mean(c, 1, 5)));
}
END_TEST

/*
 * NPS of 10 answers: 0,3,6 detractors (3), 7,8 passives (2), 9,9,10,10,10
 * promoters (5): 50% - 30% = 20.
 */
START_TEST(nps_basic)
{
	long long	 c[SCORE_NV] = { 1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 3 };

	NEAR(score_nps(c), 20.0);
}
END_TEST

/* All detractors: -100; all passives: 0; all promoters: 100. */
START_TEST(nps_bounds)
{
	long long	 d[SCORE_NV] = { 2, 0, 0, 0, 0, 3 };
	long long	 p[SCORE_NV] = { 0, 0, 0, 0, 0, 0, 0, 4, 4 };
	long long	 q[SCORE_NV] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 };

	NEAR(score_nps(d), -100.0);
	NEAR(score_nps(p), 0.0);
	NEAR(score_nps(q), 100.0);
}
END_TEST

/* NPS of 3 answers 6, 9, 10: (2 - 1) / 3 = 33.33... */
START_TEST(nps_thirds)
{
	long long	 c[SCORE_NV] = { 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1 };

	NEAR(score_nps(c), 100.0 / 3);
}
END_TEST

/* CES: 2, 5, 7, 7 -> 21 / 4 = 5.25; a 0 and 9 are off its scale. */
START_TEST(ces_mean)
{
	long long	 c[SCORE_NV] = { 5, 0, 1, 0, 0, 1, 0, 2, 0, 7 };

	NEAR(score_ces(c), 5.25);
}
END_TEST

/*
 * Two dimensions: A has 5,5,4 (mean 14/3), B has 2,3 (mean 2.5); the
 * overall mean is (14 + 5) / 5 = 3.8.  B is flagged, A is not; a
 * dimension exactly at the average is not flagged.
 */
START_TEST(dimensions_flag)
{
	long long	 a[SCORE_NV] = { 0, 0, 0, 0, 1, 2 };
	long long	 b[SCORE_NV] = { 0, 0, 1, 1 };
	long long	 all[SCORE_NV];
	double		 overall;

	memset(all, 0, sizeof(all));
	score_add(all, a);
	score_add(all, b);
	ck_assert_int_eq(all[5], 2);
	ck_assert_int_eq(all[2], 1);
	overall = score_mean(all, 1, 5);
	NEAR(overall, 3.8);
	NEAR(score_mean(a, 1, 5), 14.0 / 3);
	NEAR(score_mean(b, 1, 5), 2.5);
	ck_assert_int_eq(score_below(score_mean(a, 1, 5), overall), 0);
	ck_assert_int_eq(score_below(score_mean(b, 1, 5), overall), 1);
	ck_assert_int_eq(score_below(3.8, overall), 0);
	ck_assert_int_eq(score_below(NAN, overall), 0);
	ck_assert_int_eq(score_below(2.0, NAN), 0);
}
END_TEST

/* Share of the 3s among 1-5: 2 of 8 = 25%. */
START_TEST(distribution_share)
{
	long long	 c[SCORE_NV] = { 0, 1, 1, 2, 2, 2 };

	NEAR(score_share(c, 3, 3, 1, 5), 25.0);
	NEAR(score_share(c, 1, 5, 1, 5), 100.0);
}
END_TEST

/* Straight-lining: 8 equal ratings with N = 8; 7 or one different not. */
START_TEST(straight_rule)
{
	int	 eight[8] = { 4, 4, 4, 4, 4, 4, 4, 4 };
	int	 mixed[8] = { 4, 4, 4, 4, 4, 4, 4, 5 };

	ck_assert_int_eq(clean_is_straight(eight, 8, 8), 1);
	ck_assert_int_eq(clean_is_straight(eight, 7, 8), 0);
	ck_assert_int_eq(clean_is_straight(mixed, 8, 8), 0);
	ck_assert_int_eq(clean_is_straight(mixed, 7, 7), 1);
	ck_assert_int_eq(clean_is_straight(eight, 0, 8), 0);
	/* A nonsense setting of 0 still needs one rating. */
	ck_assert_int_eq(clean_is_straight(eight, 0, 0), 0);
	ck_assert_int_eq(clean_is_straight(eight, 1, 0), 1);
}
END_TEST

static void
base_in(struct clean_in *c)
{
	memset(c, 0, sizeof(*c));
	c->addr_gap_s = -1;
	c->window_h = 24;
	c->duration_s = 120;
	c->min_seconds = 30;
	c->straight_min = 8;
}

START_TEST(fast_rule)
{
	struct clean_in	 c;

	base_in(&c);
	c.duration_s = 29;
	ck_assert_int_eq(clean_is_fast(&c), 1);
	c.duration_s = 30;	/* exactly the minimum is not faster */
	ck_assert_int_eq(clean_is_fast(&c), 0);
	c.duration_s = -1;	/* unknown */
	ck_assert_int_eq(clean_is_fast(&c), 0);
	c.duration_s = 5;
	c.offline = 1;		/* typed in by staff */
	ck_assert_int_eq(clean_is_fast(&c), 0);
}
END_TEST

/* 24 hours = 86,400 s: at the edge still a duplicate, one second more
 * not; the same invitation always. */
START_TEST(duplicate_rule)
{
	struct clean_in	 c;

	base_in(&c);
	ck_assert_int_eq(clean_is_duplicate(&c), 0);
	c.addr_gap_s = 0;
	ck_assert_int_eq(clean_is_duplicate(&c), 1);
	c.addr_gap_s = 86400;
	ck_assert_int_eq(clean_is_duplicate(&c), 1);
	c.addr_gap_s = 86401;
	ck_assert_int_eq(clean_is_duplicate(&c), 0);
	c.same_invitation = 1;
	ck_assert_int_eq(clean_is_duplicate(&c), 1);
	c.same_invitation = 0;
	c.window_h = 0;		/* window off: addresses never match */
	c.addr_gap_s = 0;
	ck_assert_int_eq(clean_is_duplicate(&c), 0);
}
END_TEST

/* One reason, in the order duplicate, fast, straight. */
START_TEST(judge_order)
{
	struct clean_in	 c;
	int		 same[8] = { 5, 5, 5, 5, 5, 5, 5, 5 };

	base_in(&c);
	ck_assert_int_eq(clean_judge(&c), CLEAN_VALID);
	c.ratings = same;
	c.nratings = 8;
	ck_assert_int_eq(clean_judge(&c), CLEAN_STRAIGHT);
	c.duration_s = 10;
	ck_assert_int_eq(clean_judge(&c), CLEAN_FAST);
	c.addr_gap_s = 60;
	ck_assert_int_eq(clean_judge(&c), CLEAN_DUPLICATE);
	ck_assert_str_eq(clean_reason_names[CLEAN_DUPLICATE], "duplicate");
	ck_assert_str_eq(clean_reason_names[CLEAN_FAST], "fast");
	ck_assert_str_eq(clean_reason_names[CLEAN_STRAIGHT], "straight");
	ck_assert(clean_reason_names[CLEAN_VALID] == NULL);
}
END_TEST

static Suite *
survey_suite(void)
{
	Suite	*s = suite_create("survey");
	TCase	*tf = tcase_create("formulas");
	TCase	*tc = tcase_create("cleaning");

	tcase_add_test(tf, csat_and_score);
	tcase_add_test(tf, csat_ignores_other_values);
	tcase_add_test(tf, empty_is_nan);
	tcase_add_test(tf, nps_basic);
	tcase_add_test(tf, nps_bounds);
	tcase_add_test(tf, nps_thirds);
	tcase_add_test(tf, ces_mean);
	tcase_add_test(tf, dimensions_flag);
	tcase_add_test(tf, distribution_share);
	suite_add_tcase(s, tf);
	tcase_add_test(tc, straight_rule);
	tcase_add_test(tc, fast_rule);
	tcase_add_test(tc, duplicate_rule);
	tcase_add_test(tc, judge_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(survey_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
