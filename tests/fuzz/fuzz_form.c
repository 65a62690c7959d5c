/*
 * libFuzzer harness for what a client sends: the same bytes go to
 * form_parse (twice, with generous and with tiny limits), cookie_parse
 * (as a NUL-terminated copy), utf8_valid, and every validator, both
 * through valid_form over the parsed fields and called directly.
 *
 * The customer search's UTF-8 folding (textfind.c) gets the bytes too.
 *
 * Besides the sanitizers' checks it asserts invariants: utf8_valid and
 * utf8_len agree with an independent decoder; form_parse succeeds exactly
 * when a straightforward reference decoder does, and then yields the same
 * keys and values; every parsed key and value is valid UTF-8 with
 * vlen == strlen(val); validated values are what their validator
 * promises.  A broken invariant aborts, which libFuzzer reports as a
 * crash with the input saved.
 *
 * Built and run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "textfind.h"
#include "valid.h"

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "fuzz_form.c:%d: invariant failed: %s\n",	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

static const struct limits	 lim_big = { 1024 * 1024, 1000, 64 * 1024 };
static const struct limits	 lim_small = { 1024, 4, 8 };

static const char *const enums[] = { "red", "green", "blue", "满意", NULL };

/* One field per validator; short names so the fuzzer finds them. */
enum fz {
	FZ_INT,
	FZ_ENUM,
	FZ_DATE,
	FZ_EMAIL,
	FZ_PHONE,
	FZ_TEXT,
	FZ_PATH,
	FZ__MAX
};

static const struct field fields[FZ__MAX] = {
	/* FZ_INT */
	{ "i", valid_int, 0, -1000, 1000, NULL },
	/* FZ_ENUM */
	{ "e", valid_enum, 0, 0, 0, enums },
	/* FZ_DATE */
	{ "d", valid_date, 1, 0, 0, NULL },
	/* FZ_EMAIL */
	{ "m", valid_email, 0, 0, 0, NULL },
	/* FZ_PHONE */
	{ "p", valid_phone_cn, 0, 0, 0, NULL },
	/* FZ_TEXT */
	{ "t", valid_text, 0, 1, 5, NULL },
	/* FZ_PATH */
	{ "u", valid_path, 0, 0, 0, NULL },
};

static struct arena	*a;

/*
 * An independent UTF-8 check: decode each code point and reject what is
 * not its shortest form, surrogates, values above U+10FFFF and NUL.
 * Returns 1 and the number of code points, or 0.
 */
static int
ref_utf8(const unsigned char *s, size_t len, size_t *ncp)
{
	static const unsigned int	 least[] = { 0, 0x80, 0x800, 0x10000 };
	size_t				 i = 0, n = 0, need, k;
	unsigned int			 c, cp;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			cp = c;
			need = 0;
		} else if ((c & 0xe0) == 0xc0) {
			cp = c & 0x1f;
			need = 1;
		} else if ((c & 0xf0) == 0xe0) {
			cp = c & 0x0f;
			need = 2;
		} else if ((c & 0xf8) == 0xf0) {
			cp = c & 0x07;
			need = 3;
		} else
			return 0;
		if (len - i - 1 < need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < least[need] || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp > 0x10ffff)
			return 0;
		i += need + 1;
		n++;
	}
	*ncp = n;
	return 1;
}

static int
ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reference x-www-form-urlencoded decoding of one component into out
 * (room for len bytes): 1 and the length, or 0 if form_parse must refuse
 * it (bad escape, control character, too long, not UTF-8).
 */
static int
ref_decode(const unsigned char *s, size_t len, size_t max,
    unsigned char *out, size_t *outlen)
{
	size_t		 i, j = 0, ncp;
	int		 hi, lo;
	unsigned char	 c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '%') {
			if (i + 2 >= len || (hi = ref_hex(s[i + 1])) < 0 ||
			    (lo = ref_hex(s[i + 2])) < 0)
				return 0;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+')
			c = ' ';
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return 0;
		out[j++] = c;
	}
	if (j > max || !ref_utf8(out, j, &ncp))
		return 0;
	*outlen = j;
	return 1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
no_controls(const char *s, int allow_text_ws)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (allow_text_ws && (*p == '\t' || *p == '\r' || *p == '\n'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * Check form_parse's result against the reference: it must succeed
 * exactly when every non-empty pair decodes and the limits hold, and
 * then give the same pairs in the same order.
 */
static void
check_form(const unsigned char *data, size_t size, const struct limits *lim,
    enum parse_err e, const struct kvlist *kv)
{
	unsigned char	*kbuf, *vbuf;
	const unsigned char *p, *end, *amp, *eq;
	size_t		 seps = 1, i, n = 0, kl, vl;
	int		 ok = 1;

	FUZZ_ASSERT((unsigned)e < PARSE__MAX);
	FUZZ_ASSERT(e != PARSE_TOO_LARGE);
	if (size == 0) {
		FUZZ_ASSERT(e == PARSE_OK && kv->n == 0);
		return;
	}
	for (i = 0; i < size; i++)
		if (data[i] == '&')
			seps++;
	if (seps > lim->fields_max) {
		FUZZ_ASSERT(e == PARSE_TOO_MANY);
		return;
	}
	kbuf = malloc(size + 1);
	vbuf = malloc(size + 1);
	for (p = data, end = data + size; p < end && ok; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p)
			continue;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (!ref_decode(p, (size_t)((eq ? eq : amp) - p),
		    lim->field_max, kbuf, &kl)) {
			ok = 0;
			break;
		}
		vl = 0;
		if (eq != NULL && !ref_decode(eq + 1, (size_t)(amp - eq - 1),
		    lim->field_max, vbuf, &vl)) {
			ok = 0;
			break;
		}
		if (e == PARSE_OK) {
			FUZZ_ASSERT(n < kv->n);
			FUZZ_ASSERT(strlen(kv->v[n].key) == kl);
			FUZZ_ASSERT(memcmp(kv->v[n].key, kbuf, kl) == 0);
			FUZZ_ASSERT(kv->v[n].vlen == vl);
			FUZZ_ASSERT(memcmp(kv->v[n].val, vbuf, vl) == 0);
		}
		n++;
	}
	free(kbuf);
	free(vbuf);
	if (!ok) {
		FUZZ_ASSERT(e != PARSE_OK);
		return;
	}
	FUZZ_ASSERT(e == PARSE_OK);
	FUZZ_ASSERT(kv->n == n);
	FUZZ_ASSERT(n <= lim->fields_max);
	for (i = 0; i < kv->n; i++) {
		FUZZ_ASSERT(kv->v[i].key != NULL && kv->v[i].val != NULL);
		FUZZ_ASSERT(kv->v[i].vlen == strlen(kv->v[i].val));
		FUZZ_ASSERT(kv->v[i].vlen <= lim->field_max);
		FUZZ_ASSERT(strlen(kv->v[i].key) <= lim->field_max);
		FUZZ_ASSERT(utf8_valid(kv->v[i].key, strlen(kv->v[i].key)));
		FUZZ_ASSERT(utf8_valid(kv->v[i].val, kv->v[i].vlen));
		FUZZ_ASSERT(no_controls(kv->v[i].key, 1));
		FUZZ_ASSERT(no_controls(kv->v[i].val, 1));
	}
	if (kv->n > 0)
		FUZZ_ASSERT(kv_get(kv, kv->v[0].key) == kv->v[0].val);
}

static void
check_cookies(enum parse_err e, const struct kvlist *kv,
    const struct limits *lim)
{
	size_t	 i;

	FUZZ_ASSERT((unsigned)e < PARSE__MAX);
	FUZZ_ASSERT(e != PARSE_BAD_ENCODING && e != PARSE_TOO_LARGE);
	if (e != PARSE_OK)
		return;
	FUZZ_ASSERT(kv->n <= lim->fields_max);
	for (i = 0; i < kv->n; i++) {
		FUZZ_ASSERT(*kv->v[i].key != '\0');
		FUZZ_ASSERT(kv->v[i].vlen == strlen(kv->v[i].val));
		FUZZ_ASSERT(kv->v[i].vlen <= lim->field_max);
		FUZZ_ASSERT(utf8_valid(kv->v[i].key, strlen(kv->v[i].key)));
		FUZZ_ASSERT(utf8_valid(kv->v[i].val, kv->v[i].vlen));
		FUZZ_ASSERT(no_controls(kv->v[i].key, 0));
		FUZZ_ASSERT(no_controls(kv->v[i].val, 0));
		FUZZ_ASSERT(strchr(kv->v[i].key, ';') == NULL);
		FUZZ_ASSERT(strchr(kv->v[i].val, ';') == NULL);
		FUZZ_ASSERT(strchr(kv->v[i].key, '=') == NULL);
	}
}

/*
 * What a validated value promises.  trimmed: the value came through
 * valid_form, so it has no surrounding blanks and is valid UTF-8.
 */
static void
check_value(enum fz k, const struct fieldval *v, int trimmed)
{
	const char	*s = v->str, *at;
	size_t		 len, i, ncp;

	if (v->err != NULL) {
		FUZZ_ASSERT(s == NULL);
		FUZZ_ASSERT(strncmp(v->err, "err.", 4) == 0);
		return;
	}
	FUZZ_ASSERT(s != NULL);
	len = strlen(s);
	FUZZ_ASSERT(len > 0);
	if (trimmed && k != FZ_ENUM && k != FZ_PHONE) {
		FUZZ_ASSERT(!is_blank(s[0]) && !is_blank(s[len - 1]));
		FUZZ_ASSERT(ref_utf8((const unsigned char *)s, len, &ncp));
	}
	switch (k) {
	case FZ_INT:
		FUZZ_ASSERT(v->i >= fields[k].min && v->i <= fields[k].max);
		FUZZ_ASSERT(strtoll(s, NULL, 10) == v->i);
		break;
	case FZ_ENUM:
		FUZZ_ASSERT(v->i >= 0 && v->i < 4);
		FUZZ_ASSERT(s == enums[v->i]);
		break;
	case FZ_DATE:
		FUZZ_ASSERT(len == 10 && s[4] == '-' && s[7] == '-');
		FUZZ_ASSERT(v->i == valid_days(atoi(s), atoi(s + 5),
		    atoi(s + 8)));
		break;
	case FZ_EMAIL:
		FUZZ_ASSERT(len <= 254);
		FUZZ_ASSERT((at = strchr(s, '@')) != NULL && at != s);
		FUZZ_ASSERT(strchr(at + 1, '@') == NULL);
		FUZZ_ASSERT(strchr(at + 1, '.') != NULL);
		break;
	case FZ_PHONE:
		FUZZ_ASSERT(len == 11 && s[0] == '1' && s[1] >= '3');
		for (i = 0; i < len; i++)
			FUZZ_ASSERT(s[i] >= '0' && s[i] <= '9');
		break;
	case FZ_TEXT:
		FUZZ_ASSERT(utf8_len(s) >= (size_t)fields[k].min &&
		    utf8_len(s) <= (size_t)fields[k].max);
		break;
	case FZ_PATH:
		FUZZ_ASSERT(s[0] == '/' && s[1] != '/' && s[1] != '\\');
		for (i = 0; i < len; i++)
			FUZZ_ASSERT((unsigned char)s[i] > 0x20 && s[i] != '\\');
		break;
	default:
		abort();
	}
}

static void
check_valid_form(struct kvlist *kv)
{
	struct fieldval	 v[FZ__MAX];
	size_t		 bad, nerr = 0, i;

	bad = valid_form(kv, fields, FZ__MAX, v);
	for (i = 0; i < FZ__MAX; i++) {
		if (v[i].err != NULL)
			nerr++;
		if (v[i].raw == NULL)
			FUZZ_ASSERT(v[i].str == NULL && (v[i].err == NULL ||
			    (fields[i].required &&
			    strcmp(v[i].err, "err.required") == 0)));
		else
			FUZZ_ASSERT(utf8_valid(v[i].raw, strlen(v[i].raw)));
		if (v[i].str != NULL || v[i].err != NULL)
			check_value((enum fz)i, &v[i], 1);
	}
	FUZZ_ASSERT(bad == nerr);
}

/* Fold tables for textfind: the identity, and lower representatives. */
static struct tf_fold	*fold_id, *fold_lo;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist	 kv;
	struct fieldval	 v;
	enum parse_err	 e;
	char		*copy;
	char		*folded;
	size_t		 ncp, i;
	int		 ok;

	if (a == NULL)
		a = arena_new();

	/* UTF-8: the parser's checker against the reference decoder. */
	ok = ref_utf8(data, size, &ncp);
	FUZZ_ASSERT(utf8_valid((const char *)data, size) == ok);

	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (ok)
		FUZZ_ASSERT(utf8_len(copy) == ncp);

	/*
	 * The customer search's folding (textfind.c): the identity keeps
	 * every byte; a table of lower representatives never lengthens a
	 * text, and keeps valid UTF-8 valid.
	 */
	if (fold_id == NULL) {
		if ((fold_id = malloc(sizeof(*fold_id))) == NULL ||
		    (fold_lo = malloc(sizeof(*fold_lo))) == NULL)
			abort();
		tf_fold_init(fold_id);
		tf_fold_init(fold_lo);
		for (i = 'a'; i <= 'z'; i++)
			fold_lo->to[i] = (uint16_t)(i - 0x20);
		for (i = 0x80; i < 65536; i++)
			fold_lo->to[i] = (uint16_t)(i / 2);
	}
	folded = malloc(size + 1);
	FUZZ_ASSERT(tf_fold_utf8(fold_id, (const char *)data, size, folded) ==
	    size && memcmp(folded, data, size) == 0);
	i = tf_fold_utf8(fold_lo, (const char *)data, size, folded);
	FUZZ_ASSERT(i <= size && folded[i] == '\0');
	if (ok)
		FUZZ_ASSERT(utf8_valid(folded, i));
	free(folded);

	e = form_parse(a, (const char *)data, size, &lim_small, &kv);
	check_form(data, size, &lim_small, e, &kv);
	if (e == PARSE_OK)
		check_valid_form(&kv);

	e = form_parse(a, (const char *)data, size, &lim_big, &kv);
	check_form(data, size, &lim_big, e, &kv);
	if (e == PARSE_OK)
		check_valid_form(&kv);

	e = cookie_parse(a, copy, &lim_big, &kv);
	check_cookies(e, &kv, &lim_big);
	if (e == PARSE_OK)
		check_valid_form(&kv);
	e = cookie_parse(a, copy, &lim_small, &kv);
	check_cookies(e, &kv, &lim_small);

	/* Every validator on the raw bytes, as a handler might call it. */
	for (i = 0; i < FZ__MAX; i++) {
		memset(&v, 0, sizeof(v));
		v.err = fields[i].fn(&fields[i], copy, &v);
		if (v.err != NULL)
			v.str = NULL;
		check_value((enum fz)i, &v, 0);
	}

	free(copy);
	arena_reset(a);
	return 0;
}
