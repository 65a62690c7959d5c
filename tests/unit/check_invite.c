/*
 * Unit tests of the invitation helpers (src/core/invite.c): the pasted
 * customer codes, tokens and their hashes, links and the public base
 * URL.  Expected values are written out by hand.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "arena.h"
#include "conf.h"
#include "http.h"
#include "invite.h"
#include "survey.h"

START_TEST(codes_split)
{
	struct arena	 *a = arena_new();
	const char	**v;
	size_t		  n;

	n = invite_codes(a, "KH1\n\n  KH2\r\nKH1,KH3;KH4\tKH5  ", 100, &v);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(v[0], "KH1");
	ck_assert_str_eq(v[1], "KH2");
	ck_assert_str_eq(v[2], "KH3");
	ck_assert_str_eq(v[3], "KH4");
	ck_assert_str_eq(v[4], "KH5");
	ck_assert_uint_eq(invite_codes(a, "", 100, &v), 0);
	ck_assert_uint_eq(invite_codes(a, " \r\n,;\t ", 100, &v), 0);
	/* A code that is a prefix of another is still its own code. */
	n = invite_codes(a, "KH12 KH1 KH12", 100, &v);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[1], "KH1");
	arena_free(a);
}
END_TEST

START_TEST(codes_max)
{
	struct arena	 *a = arena_new();
	const char	**v;

	ck_assert_uint_eq(invite_codes(a, "A B", 2, &v), 2);
	/* One more than max says "too many". */
	ck_assert_uint_eq(invite_codes(a, "A B C", 2, &v), 3);
	/* Repeats do not count towards max. */
	ck_assert_uint_eq(invite_codes(a, "A A A B B", 2, &v), 2);
	arena_free(a);
}
END_TEST

START_TEST(token_and_hash)
{
	char	 t1[INVITE_TOKEN_LEN + 1], t2[INVITE_TOKEN_LEN + 1];
	char	 h1[65], h2[65], want[65];

	invite_token(t1, h1);
	invite_token(t2, h2);
	/* 24 random bytes: 32 URL-safe base64 characters, no padding. */
	ck_assert_uint_eq(strlen(t1), 32);
	ck_assert_uint_eq(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_"), 32);
	ck_assert_str_ne(t1, t2);
	ck_assert_str_ne(h1, h2);
	/* The hash is the SHA-256 of the token's characters. */
	survey_token_hash(t1, want);
	ck_assert_str_eq(h1, want);
	survey_token_hash("abc", want);
	ck_assert_str_eq(want, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(links)
{
	struct arena	*a = arena_new();

	ck_assert_str_eq(invite_link(a, "https://s.example", "nps-2026",
	    "abc_-9"), "https://s.example/s/nps-2026?t=abc_-9");
	/* The slug is percent-encoded should it hold anything odd. */
	ck_assert_str_eq(invite_link(a, "http://h", "a b&c", "t"),
	    "http://h/s/a%20b%26c?t=t");
	arena_free(a);
}
END_TEST

START_TEST(base_url)
{
	struct http_req	 r;
	struct conf	*c;
	char		 path[] = "/tmp/check_invite_XXXXXX", err[256];
	FILE		*f;
	int		 fd;

	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	/* No setting: the request's own scheme and host. */
	r.conf = c = conf_load(NULL, err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	r.host = "intranet.example:8443";
	r.https = 1;
	ck_assert_str_eq(invite_base(&r), "https://intranet.example:8443");
	r.https = 0;
	r.host = "10.0.0.5";
	ck_assert_str_eq(invite_base(&r), "http://10.0.0.5");
	conf_free(c);
	/* [survey] public_url, trailing slashes dropped. */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("[survey]\npublic_url = https://survey.example.com//\n", f);
	fclose(f);
	r.conf = c = conf_load(path, err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(invite_base(&r), "https://survey.example.com");
	conf_free(c);
	unlink(path);
	arena_free(r.a);
}
END_TEST

static Suite *
invite_suite(void)
{
	Suite	*s = suite_create("invite");
	TCase	*tc = tcase_create("invite");

	tcase_add_test(tc, codes_split);
	tcase_add_test(tc, codes_max);
	tcase_add_test(tc, token_and_hash);
	tcase_add_test(tc, links);
	tcase_add_test(tc, base_url);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(invite_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
