#include "config.h"

#include <string.h>

#include "arena.h"
#include "form.h"

const char *const parse_err_names[PARSE__MAX] = {
	"ok",			/* PARSE_OK */
	"bad percent-encoding",	/* PARSE_BAD_ENCODING */
	"invalid UTF-8",	/* PARSE_BAD_UTF8 */
	"control character",	/* PARSE_NUL */
	"too many fields",	/* PARSE_TOO_MANY */
	"field too long",	/* PARSE_TOO_LONG */
	"body too large",	/* PARSE_TOO_LARGE */
};

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	unsigned int		 c;

	while (i < len) {
		c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		/* Overlongs, surrogates and values above U+10FFFF. */
		if (c == 0xe0 && s[i + 1] < 0xa0)
			return 0;
		if (c == 0xed && s[i + 1] > 0x9f)
			return 0;
		if (c == 0xf0 && s[i + 1] < 0x90)
			return 0;
		if (c == 0xf4 && s[i + 1] > 0x8f)
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
form_hexval(unsigned char c)
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
 * Decode one x-www-form-urlencoded component into a fresh arena string.
 * Tab, CR and LF are the only control characters a form may carry.
 */
static enum parse_err
decode(struct arena *a, const char *s, size_t len, size_t max,
    const char **out, size_t *outlen)
{
	char		*d;
	size_t		 i, j;
	int		 hi, lo;
	unsigned char	 c;

	d = arena_alloc(a, len + 1);
	for (i = j = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (len - i < 3 ||
			    (hi = form_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = form_hexval((unsigned char)s[i + 2])) < 0)
				return PARSE_BAD_ENCODING;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			return PARSE_NUL;
		d[j++] = (char)c;
	}
	d[j] = '\0';
	if (j > max)
		return PARSE_TOO_LONG;
	if (!utf8_valid(d, j))
		return PARSE_BAD_UTF8;
	*out = d;
	*outlen = j;
	return PARSE_OK;
}

static size_t
count_sep(const char *s, size_t len, char sep)
{
	size_t	 n = 1;

	for (; len > 0; s++, len--)
		if (*s == sep)
			n++;
	return n;
}

enum parse_err
form_parse(struct arena *a, const char *s, size_t len,
    const struct limits *lim, struct kvlist *out)
{
	const char	*p, *end, *amp, *eq;
	size_t		 cap, klen;
	enum parse_err	 e;
	struct kv	*kv;

	out->v = NULL;
	out->n = 0;
	if (s == NULL || len == 0)
		return PARSE_OK;
	cap = count_sep(s, len, '&');
	if (cap > lim->fields_max)
		return PARSE_TOO_MANY;
	out->v = arena_calloc(a, cap, sizeof(struct kv));
	for (p = s, end = s + len; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p)
			continue;
		eq = memchr(p, '=', (size_t)(amp - p));
		klen = (size_t)((eq ? eq : amp) - p);
		kv = &out->v[out->n];
		if ((e = decode(a, p, klen, lim->field_max, &kv->key,
		    &kv->vlen)) != PARSE_OK)
			return e;
		if (eq == NULL) {
			kv->val = "";
			kv->vlen = 0;
		} else if ((e = decode(a, eq + 1, (size_t)(amp - eq - 1),
		    lim->field_max, &kv->val, &kv->vlen)) != PARSE_OK)
			return e;
		out->n++;
	}
	return PARSE_OK;
}

/*
 * Cookie: name=value; name2=value2 (RFC 6265).  Values are taken as they
 * are (no percent-decoding), optionally in double quotes; both must be
 * valid UTF-8 without control characters.
 */
enum parse_err
cookie_parse(struct arena *a, const char *s, const struct limits *lim,
    struct kvlist *out)
{
	const char	*p, *semi, *eq, *k, *v;
	size_t		 cap, klen, vlen, i;
	struct kv	*kv;

	out->v = NULL;
	out->n = 0;
	if (s == NULL || *s == '\0')
		return PARSE_OK;
	cap = count_sep(s, strlen(s), ';');
	if (cap > lim->fields_max)
		return PARSE_TOO_MANY;
	out->v = arena_calloc(a, cap, sizeof(struct kv));
	for (p = s; *p != '\0'; p = *semi ? semi + 1 : semi) {
		if ((semi = strchr(p, ';')) == NULL)
			semi = p + strlen(p);
		while (p < semi && (*p == ' ' || *p == '\t'))
			p++;
		if ((eq = memchr(p, '=', (size_t)(semi - p))) == NULL)
			continue;
		k = p;
		klen = (size_t)(eq - p);
		while (klen > 0 && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
			klen--;
		v = eq + 1;
		while (v < semi && (*v == ' ' || *v == '\t'))
			v++;
		vlen = (size_t)(semi - v);
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		if (klen == 0)
			continue;
		if (vlen > lim->field_max)
			return PARSE_TOO_LONG;
		for (i = 0; i < klen; i++)
			if ((unsigned char)k[i] < 0x20 || k[i] == 0x7f)
				return PARSE_NUL;
		for (i = 0; i < vlen; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
				return PARSE_NUL;
		if (!utf8_valid(k, klen) || !utf8_valid(v, vlen))
			return PARSE_BAD_UTF8;
		kv = &out->v[out->n++];
		kv->key = arena_strndup(a, k, klen);
		kv->val = arena_strndup(a, v, vlen);
		kv->vlen = vlen;
	}
	return PARSE_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

void
kv_set(struct arena *a, struct kvlist *l, const char *key, const char *val)
{
	size_t		 i;
	struct kv	*v;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0) {
			l->v[i].val = val;
			l->v[i].vlen = strlen(val);
			return;
		}
	v = arena_calloc(a, l->n + 1, sizeof(*v));
	if (l->n)
		memcpy(v, l->v, l->n * sizeof(*v));
	v[l->n].key = key;
	v[l->n].val = val;
	v[l->n].vlen = strlen(val);
	l->v = v;
	l->n++;
}
