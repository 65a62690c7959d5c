/*
 * Unit tests of survey_form_parse (src/core/survey.c): required answers,
 * ranges of each rated kind, option positions, multiple-choice masks,
 * text trimming and length limits, one message per question.  The
 * definition is built by hand; no database, no templates.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "arena.h"
#include "form.h"
#include "survey.h"

static struct arena		*a;
static struct survey_def	 def;
static struct survey_question	 q[7];
static struct survey_option	 opts[4];
static struct kv		 kvs[64];
static struct kvlist		 form;

/* q1 rating, q2 nps, q3 ces, q4 single (3), q5 multiple (4), q6 short,
 * q7 long (optional). */
static void
setup(void)
{
	static const enum survey_kind kinds[7] = { SURVEY_RATING, SURVEY_NPS,
	    SURVEY_CES, SURVEY_SINGLE, SURVEY_MULTIPLE, SURVEY_SHORT,
	    SURVEY_LONG };
	static const int mins[7] = { 1, 0, 1 }, maxs[7] = { 5, 10, 7 };
	int	 i;

	a = arena_new();
	memset(&def, 0, sizeof(def));
	memset(q, 0, sizeof(q));
	for (i = 0; i < 4; i++)
		opts[i].position = i + 1;
	for (i = 0; i < 7; i++) {
		q[i].id = i + 1;
		q[i].position = i + 1;
		q[i].kind = kinds[i];
		q[i].required = i < 6;
		q[i].min = mins[i];
		q[i].max = maxs[i];
	}
	q[3].opts = opts, q[3].nopts = 3;
	q[4].opts = opts, q[4].nopts = 4;
	def.q = q;
	def.nq = 7;
	form.v = kvs;
	form.n = 0;
}

static void
teardown(void)
{
	arena_free(a);
}

static void
add(const char *k, const char *v)
{
	kvs[form.n].key = k;
	kvs[form.n].val = v;
	kvs[form.n].vlen = strlen(v);
	form.n++;
}

static void
add_good(void)
{
	add("q1", "5");
	add("q2", "0");
	add("q3", "7");
	add("q4", "2");
	add("q5", "1");
	add("q5", "3");
	add("q6", "  manager \n");
}

START_TEST(all_good)
{
	struct survey_answers	 s;

	add_good();
	add("q7", "free text");
	add("q99", "ignored");
	add("_csrf", "x");
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 0);
	ck_assert_uint_eq(s.n, 7);
	ck_assert_int_eq(s.a[0].num, 5);
	ck_assert_int_eq(s.a[1].num, 0);
	ck_assert(s.a[1].given);
	ck_assert_int_eq(s.a[2].num, 7);
	ck_assert_int_eq(s.a[3].num, 2);
	/* Positions 1 and 3: bits 0 and 2. */
	ck_assert_int_eq(s.a[4].num, 5);
	ck_assert_str_eq(s.a[5].text, "manager");
	ck_assert_str_eq(s.a[6].text, "free text");
}
END_TEST

START_TEST(all_missing)
{
	struct survey_answers	 s;
	int			 i;

	add("q1", "");
	add("q6", "   ");
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 6);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(s.a[i].err, "sv.form.required");
	/* The optional long text: neither given nor wrong. */
	ck_assert_ptr_null(s.a[6].err);
	ck_assert(!s.a[6].given);
}
END_TEST

START_TEST(ranges)
{
	static const char *const bad[][2] = {
		{ "q1", "0" }, { "q1", "6" }, { "q1", "-1" }, { "q1", "4.5" },
		{ "q1", " 4" }, { "q1", "x" }, { "q1", "00003" },
		{ "q2", "11" }, { "q2", "-0" }, { "q3", "0" }, { "q3", "8" },
		{ "q4", "0" }, { "q4", "4" }, { "q5", "5" }, { "q5", "0" },
	};
	struct survey_answers	 s;
	size_t			 i, k;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		form.n = 0;
		add_good();
		/* Replace the good value of that question. */
		for (k = 0; k < form.n; k++)
			if (strcmp(kvs[k].key, bad[i][0]) == 0)
				kvs[k].key = "unused";
		add(bad[i][0], bad[i][1]);
		ck_assert_msg(survey_form_parse(a, &def, &form, &s) == 1,
		    "%s=%s accepted", bad[i][0], bad[i][1]);
		k = (size_t)(bad[i][0][1] - '1');
		ck_assert_str_eq(s.a[k].err, k >= 3 ? "sv.form.option" :
		    "sv.form.range");
		ck_assert(!s.a[k].given || k == 4);
		ck_assert_str_eq(s.a[k].raw, bad[i][1]);
	}
}
END_TEST

START_TEST(bounds_accepted)
{
	static const char *const good[][2] = {
		{ "q1", "1" }, { "q2", "10" }, { "q3", "1" }, { "q4", "3" },
		{ "q5", "4" },
	};
	struct survey_answers	 s;
	size_t			 i, k;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		form.n = 0;
		add_good();
		for (k = 0; k < form.n; k++)
			if (strcmp(kvs[k].key, good[i][0]) == 0)
				kvs[k].key = "unused";
		add(good[i][0], good[i][1]);
		ck_assert_msg(survey_form_parse(a, &def, &form, &s) == 0,
		    "%s=%s refused", good[i][0], good[i][1]);
	}
}
END_TEST

/* A bad box keeps the good ones ticked for the form shown again. */
START_TEST(multiple_mask)
{
	struct survey_answers	 s;

	add_good();
	add("q5", "4");
	add("q5", "9");
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 1);
	ck_assert_str_eq(s.a[4].err, "sv.form.option");
	/* 1, 3, 4: bits 0, 2, 3. */
	ck_assert_int_eq(s.a[4].num, 13);
	form.n = 0;
	add_good();
	add("q5", "1");		/* the same box twice: one bit */
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 0);
	ck_assert_int_eq(s.a[4].num, 5);
}
END_TEST

START_TEST(one_answer_only)
{
	struct survey_answers	 s;

	add_good();
	add("q1", "4");
	add("q4", "1");
	add("q6", "again");
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 3);
	ck_assert_str_eq(s.a[0].err, "sv.form.one");
	ck_assert_str_eq(s.a[3].err, "sv.form.one");
	ck_assert_str_eq(s.a[5].err, "sv.form.one");
}
END_TEST

START_TEST(text_limits)
{
	struct survey_answers	 s;
	char			*t;
	size_t			 i;

	/* 200 Chinese characters (600 bytes) fit a short answer. */
	t = arena_alloc(a, 3 * 201 + 1);
	for (i = 0; i < 200; i++)
		memcpy(t + 3 * i, "满", 3);
	t[600] = '\0';
	add_good();
	kvs[6].val = t;
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 0);
	ck_assert_uint_eq(strlen(s.a[5].text), 600);
	/* 201 do not. */
	t = arena_alloc(a, 3 * 201 + 1);
	for (i = 0; i < 201; i++)
		memcpy(t + 3 * i, "满", 3);
	t[603] = '\0';
	kvs[6].val = t;
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 1);
	ck_assert_str_eq(s.a[5].err, "sv.form.too_long");
	ck_assert_ptr_eq(s.a[5].raw, t);
	/* The long text: 4000 characters, then 4001. */
	t = arena_alloc(a, 4002);
	memset(t, 'x', 4001);
	t[4001] = '\0';
	form.n = 0;
	add_good();
	add("q7", t);
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 1);
	ck_assert_str_eq(s.a[6].err, "sv.form.too_long");
	t[4000] = '\0';
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 0);
	ck_assert_uint_eq(strlen(s.a[6].text), 4000);
	/* Markup is kept as typed: escaping is the template's job. */
	form.n = 0;
	add_good();
	add("q7", "<script>alert(1)</script>");
	ck_assert_uint_eq(survey_form_parse(a, &def, &form, &s), 0);
	ck_assert_str_eq(s.a[6].text, "<script>alert(1)</script>");
}
END_TEST

START_TEST(text_fallback)
{
	const char	*t[LANG__MAX] = { "中文", "" };
	const char	*u[LANG__MAX] = { "中文", "English" };

	ck_assert_str_eq(survey_text(t, LANG_EN), "中文");
	ck_assert_str_eq(survey_text(u, LANG_EN), "English");
	ck_assert_str_eq(survey_text(u, LANG_ZH), "中文");
}
END_TEST

START_TEST(token_hash)
{
	char	 h[65];

	/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
	survey_token_hash("abc", h);
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

static Suite *
survey_form_suite(void)
{
	Suite	*s = suite_create("survey_form");
	TCase	*tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, all_good);
	tcase_add_test(tc, all_missing);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, bounds_accepted);
	tcase_add_test(tc, multiple_mask);
	tcase_add_test(tc, one_answer_only);
	tcase_add_test(tc, text_limits);
	tcase_add_test(tc, text_fallback);
	tcase_add_test(tc, token_hash);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(survey_form_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
