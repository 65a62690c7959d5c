/*
 * libFuzzer harness for multipart/form-data (form.c) and the CSV it
 * carries (csv.c): the input's first line is a Content-Type for
 * multipart_boundary, the rest a body for multipart_parse with generous
 * and with tiny limits.
 *
 * Besides the sanitizers' checks it asserts invariants: a boundary that
 * is accepted is 1-70 characters of RFC 2046's set; a parse either fails
 * with a known error or gives text fields that are valid UTF-8 without
 * control characters (but tab, CR, LF), within field_max, with
 * vlen == strlen(val), and files whose bytes lie inside the body, end in
 * a NUL and never hold the delimiter; no more parts than fields_max.
 * And a round trip: the parts written out again as a fresh body (names
 * quoted and escaped) parse to the same fields and files.  Each file,
 * and the whole body, then goes through csv_parse (csv.c), as an
 * uploaded import does: its cells lie inside the text, are valid UTF-8,
 * and written out again as CSV they parse to the same records.
 *
 * Built and run by tests/fuzz/run.sh.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "form.h"

#define FUZZ_ASSERT(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "fuzz_multipart.c:%d: invariant failed: "	\
		    "%s\n", __LINE__, #c);				\
		abort();						\
	}								\
} while (0)

static const struct limits	 lim_big = { 1024 * 1024, 1000, 64 * 1024,
	1024 * 1024 };
static const struct limits	 lim_small = { 1024, 4, 8, 1024 };

static void
check_boundary(const char *b)
{
	size_t	 n = strlen(b), i;

	FUZZ_ASSERT(n >= 1 && n <= MP_BOUNDARY_MAX);
	FUZZ_ASSERT(b[n - 1] != ' ');
	for (i = 0; i < n; i++)
		FUZZ_ASSERT((b[i] >= 'a' && b[i] <= 'z') ||
		    (b[i] >= 'A' && b[i] <= 'Z') || (b[i] >= '0' && b[i] <= '9')
		    || strchr("'()+_,-./:=? ", b[i]) != NULL);
}

/* A quoted-string with backslashes before '"' and '\'. */
static void
put_quoted(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_puts(b, "\\");
		buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

/* CSV: parse a copy; check the records; write them out, parse again. */
static void
check_csv(struct arena *a, const char *data, size_t len, int depth)
{
	struct csv_rec	*recs, *recs2;
	struct buf	 b = { NULL, 0, 0 };
	char		*copy, *p;
	size_t		 n, n2, line, i, k;
	enum csv_err	 e;

	copy = arena_alloc(a, len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	e = csv_parse(a, copy, len, 50, &recs, &n, &line);
	FUZZ_ASSERT((unsigned)e < CSV__MAX);
	if (e != CSV_OK) {
		FUZZ_ASSERT(line >= 1);
		return;
	}
	FUZZ_ASSERT(n <= 50);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(recs[i].n >= 1 && recs[i].line >= 1);
		FUZZ_ASSERT(i == 0 || recs[i].line > recs[i - 1].line);
		for (k = 0; k < recs[i].n; k++) {
			p = recs[i].cell[k];
			FUZZ_ASSERT(p >= copy && p + strlen(p) <= copy + len);
			FUZZ_ASSERT(utf8_valid(p, strlen(p)));
		}
	}
	if (depth > 0)
		return;
	for (i = 0; i < n; i++) {
		for (k = 0; k < recs[i].n; k++) {
			buf_puts(&b, k ? ",\"" : "\"");
			for (p = recs[i].cell[k]; *p != '\0'; p++) {
				if (*p == '"')
					buf_puts(&b, "\"\"");
				else
					buf_append(&b, p, 1);
			}
			buf_puts(&b, "\"");
		}
		buf_puts(&b, "\r\n");
	}
	buf_append(&b, "", 1);
	copy = arena_strdup(a, b.p);
	FUZZ_ASSERT(csv_parse(a, copy, b.len - 1, 50, &recs2, &n2, &line) ==
	    CSV_OK);
	FUZZ_ASSERT(n2 == n);
	for (i = 0; i < n; i++) {
		FUZZ_ASSERT(recs2[i].n == recs[i].n);
		for (k = 0; k < recs[i].n; k++)
			FUZZ_ASSERT(strcmp(recs2[i].cell[k], recs[i].cell[k]) ==
			    0);
	}
	buf_free(&b);
}

static void
check_parse(struct arena *a, const char *body, size_t len, const char *bnd,
    const struct limits *lim, int depth)
{
	struct kvlist	 kv, kv2;
	struct mp_files	 files, files2;
	struct buf	 b = { NULL, 0, 0 };
	char		*copy, *delim;
	size_t		 i, k, dl;
	enum parse_err	 e;

	copy = arena_alloc(a, len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	e = multipart_parse(a, copy, len, bnd, lim, &kv, &files);
	FUZZ_ASSERT((unsigned)e < PARSE__MAX);
	FUZZ_ASSERT(e != PARSE_BAD_ENCODING && e != PARSE_TOO_LARGE);
	if (e != PARSE_OK)
		return;
	FUZZ_ASSERT(kv.n + files.n <= lim->fields_max);
	delim = arena_printf(a, "\r\n--%s", bnd);
	dl = strlen(delim);
	for (i = 0; i < kv.n; i++) {
		FUZZ_ASSERT(kv.v[i].key != NULL && *kv.v[i].key != '\0');
		FUZZ_ASSERT(utf8_valid(kv.v[i].key, strlen(kv.v[i].key)));
		FUZZ_ASSERT(kv.v[i].vlen == strlen(kv.v[i].val));
		FUZZ_ASSERT(kv.v[i].vlen <= lim->field_max);
		FUZZ_ASSERT(utf8_valid(kv.v[i].val, kv.v[i].vlen));
		for (k = 0; k < kv.v[i].vlen; k++)
			FUZZ_ASSERT((unsigned char)kv.v[i].val[k] >= 0x20 ||
			    kv.v[i].val[k] == '\t' || kv.v[i].val[k] == '\r' ||
			    kv.v[i].val[k] == '\n');
	}
	for (i = 0; i < files.n; i++) {
		const struct mp_file *f = &files.v[i];

		FUZZ_ASSERT(f->name != NULL && *f->name != '\0');
		FUZZ_ASSERT(f->filename != NULL);
		FUZZ_ASSERT(utf8_valid(f->filename, strlen(f->filename)));
		FUZZ_ASSERT(f->data >= copy && f->data + f->len <= copy + len);
		FUZZ_ASSERT(f->data[f->len] == '\0');
		FUZZ_ASSERT(f->len < dl || memmem(f->data, f->len, delim, dl)
		    == NULL);
		if (depth == 0)
			check_csv(a, f->data, f->len, 0);
	}
	if (depth > 0)
		return;
	/* Write the parts out again: the same parse must come back. */
	for (i = 0; i < kv.n; i++) {
		buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=",
		    bnd);
		put_quoted(&b, kv.v[i].key);
		buf_puts(&b, "\r\n\r\n");
		buf_append(&b, kv.v[i].val, kv.v[i].vlen);
		buf_puts(&b, "\r\n");
	}
	for (i = 0; i < files.n; i++) {
		buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=",
		    bnd);
		put_quoted(&b, files.v[i].name);
		buf_puts(&b, "; filename=");
		put_quoted(&b, files.v[i].filename);
		if (files.v[i].ctype != NULL)
			buf_printf(&b, "\r\nContent-Type: %s", files.v[i].ctype);
		buf_puts(&b, "\r\n\r\n");
		buf_append(&b, files.v[i].data, files.v[i].len);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&b, "--%s--\r\n", bnd);
	copy = arena_alloc(a, b.len + 1);
	memcpy(copy, b.p, b.len);
	copy[b.len] = '\0';
	FUZZ_ASSERT(multipart_parse(a, copy, b.len, bnd, lim, &kv2, &files2)
	    == PARSE_OK);
	FUZZ_ASSERT(kv2.n == kv.n && files2.n == files.n);
	for (i = 0; i < kv.n; i++) {
		FUZZ_ASSERT(strcmp(kv.v[i].key, kv2.v[i].key) == 0);
		FUZZ_ASSERT(kv.v[i].vlen == kv2.v[i].vlen &&
		    memcmp(kv.v[i].val, kv2.v[i].val, kv.v[i].vlen) == 0);
	}
	for (i = 0; i < files.n; i++) {
		FUZZ_ASSERT(strcmp(files.v[i].name, files2.v[i].name) == 0);
		FUZZ_ASSERT(strcmp(files.v[i].filename,
		    files2.v[i].filename) == 0);
		FUZZ_ASSERT((files.v[i].ctype == NULL) ==
		    (files2.v[i].ctype == NULL));
		FUZZ_ASSERT(files.v[i].len == files2.v[i].len &&
		    memcmp(files.v[i].data, files2.v[i].data,
		    files.v[i].len) == 0);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = arena_new();
	const char	*nl, *bnd;
	char		*ct;
	size_t		 cl;

	nl = memchr(data, '\n', size);
	cl = nl ? (size_t)(nl - (const char *)data) : size;
	ct = arena_alloc(a, cl + 1);
	memcpy(ct, data, cl);
	ct[cl] = '\0';
	/* Content-Type strings reach us checked: no NUL inside. */
	if (strlen(ct) == cl && (bnd = multipart_boundary(a, ct)) != NULL)
		check_boundary(bnd);
	else
		bnd = "fzB";
	check_csv(a, (const char *)data, size, 0);
	if (nl != NULL) {
		check_parse(a, nl + 1, size - cl - 1, bnd, &lim_big, 0);
		check_parse(a, nl + 1, size - cl - 1, bnd, &lim_small, 0);
	}
	arena_free(a);
	return 0;
}
