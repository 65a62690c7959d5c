#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "conf.h"
#include "db.h"
#include "http.h"
#include "invite.h"
#include "survey.h"

enum stmt {
	STMT_INSERT_BATCH,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/*
	 * STMT_INSERT_BATCH: one statement for a whole batch, whatever its
	 * size: the rows come as one JSON array of [customer, contact,
	 * hash] built here from numbers and hex digits only.
	 */
	"INSERT INTO survey_invitation (survey_id, customer_id, contact_id, "
	"channel, token_hash, pilot, created_by) "
	"SELECT ?, j.cu, j.co, ?, UNHEX(j.h), ?, ? FROM JSON_TABLE(?, '$[*]' "
	"COLUMNS (cu INT UNSIGNED PATH '$[0]', co INT UNSIGNED PATH '$[1]', "
	"h CHAR(64) PATH '$[2]')) AS j",
};

void
invite_token(char tok[INVITE_TOKEN_LEN + 1], char hash[65])
{
	unsigned char	 b[INVITE_TOKEN_BYTES];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(tok, INVITE_TOKEN_LEN + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof(b));
	survey_token_hash(tok, hash);
}

const char *
invite_base(struct http_req *r)
{
	const char	*u;
	size_t		 n;

	u = conf_get(r->conf, "survey", "public_url", NULL);
	if (u != NULL && (n = strlen(u)) > 0) {
		while (n > 0 && u[n - 1] == '/')
			n--;
		return arena_strndup(r->a, u, n);
	}
	return arena_printf(r->a, "%s://%s", r->https ? "https" : "http",
	    r->host != NULL ? r->host : "localhost");
}

const char *
invite_link(struct arena *a, const char *base, const char *slug,
    const char *tok)
{
	return arena_printf(a, "%s/s/%s?t=%s", base, url_escape(a, slug), tok);
}

size_t
invite_codes(struct arena *a, const char *in, size_t max, const char ***out)
{
	static const char	 sep[] = " \t\r\n,;";
	const char		**v;
	size_t			 n = 0, len, k, cap;

	for (k = 0, cap = 1; in[k] != '\0'; k++)
		if (strchr(sep, in[k]) != NULL)
			cap++;
	if (cap > max + 1)
		cap = max + 1;
	v = arena_calloc(a, cap, sizeof(*v));
	*out = v;
	while (*in != '\0') {
		in += strspn(in, sep);
		if ((len = strcspn(in, sep)) == 0)
			break;
		in += len;
		for (k = 0; k < n; k++)
			if (strlen(v[k]) == len && strncmp(v[k], in - len,
			    len) == 0)
				break;
		if (k < n)
			continue;
		if (n == max)
			return max + 1;
		v[n++] = arena_strndup(a, in - len, len);
	}
	return n;
}

enum db_err
invite_store(struct db *db, struct arena *a, long long survey,
    const char *channel, int pilot, long long created_by,
    const struct invite_row *rows, size_t n, unsigned long long *first)
{
	struct buf	 js;
	enum db_err	 e = DB_OK;
	unsigned long long id;
	size_t		 i, k;

	memset(&js, 0, sizeof(js));
	for (i = 0; i < n && e == DB_OK; i += INVITE_BATCH) {
		js.len = 0;
		buf_puts(&js, "[");
		for (k = i; k < n && k < i + INVITE_BATCH; k++) {
			buf_printf(&js, "%s[", k > i ? "," : "");
			if (rows[k].customer_id > 0)
				buf_printf(&js, "%lld,", rows[k].customer_id);
			else
				buf_puts(&js, "null,");
			if (rows[k].contact_id > 0)
				buf_printf(&js, "%lld,", rows[k].contact_id);
			else
				buf_puts(&js, "null,");
			buf_printf(&js, "\"%.64s\"]", rows[k].hash);
		}
		buf_puts(&js, "]");
		buf_append(&js, "", 1);
		e = db_exec(db, NULL, &id, stmts[STMT_INSERT_BATCH], "isiss",
		    survey, channel, (long long)(pilot != 0),
		    created_by > 0 ? arena_printf(a, "%lld", created_by) : NULL,
		    js.p);
		if (e == DB_OK && i == 0 && first != NULL)
			*first = id;
	}
	buf_free(&js);
	return e;
}
