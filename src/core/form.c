#include "config.h"

#include <string.h>
#include <strings.h>

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
	"malformed multipart",	/* PARSE_MULTIPART */
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

/* ---------------------------------------------------- multipart/form-data */

/* RFC 7230 tchar: the characters of a header name or parameter token. */
static int
mp_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+.^_`|~-", c) != NULL);
}

/* RFC 2046 bchars (space allowed, but not as the last character). */
static int
mp_bchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("'()+_,-./:=? ", c) != NULL);
}

static const char *
mp_ows(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/*
 * One "; name=value" parameter at *sp (before end): the name and the
 * value (a token or a quoted-string, its backslash escapes undone) into
 * the arena.  0, 1 at the end of the list, -1 if malformed.
 */
static int
mp_param(struct arena *a, const char **sp, const char *end,
    const char **name, size_t *nlen, const char **val)
{
	const char	*s = mp_ows(*sp, end), *n;
	char		*v;
	size_t		 j = 0;

	if (s == end)
		return 1;
	if (*s != ';')
		return -1;
	s = mp_ows(s + 1, end);
	for (n = s; s < end && mp_tchar((unsigned char)*s); s++)
		;
	if (s == n)
		return -1;
	*name = n;
	*nlen = (size_t)(s - n);
	s = mp_ows(s, end);
	if (s == end || *s != '=')
		return -1;
	s = mp_ows(s + 1, end);
	v = arena_alloc(a, (size_t)(end - s) + 1);
	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\') {
				if (++s == end)
					return -1;
			}
			v[j++] = *s;
		}
		if (s == end)
			return -1;
		s++;
	} else {
		for (; s < end && mp_tchar((unsigned char)*s); s++)
			v[j++] = *s;
		if (j == 0)
			return -1;
	}
	v[j] = '\0';
	*val = v;
	*sp = s;
	return 0;
}

int
multipart_is(const char *ct)
{
	return ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	    (ct[19] == '\0' || ct[19] == ';' || ct[19] == ' ' ||
	    ct[19] == '\t');
}

const char *
multipart_boundary(struct arena *a, const char *ct)
{
	const char	*s, *end, *name, *val, *b = NULL;
	size_t		 nlen, i, bl;
	int		 rc;

	if (!multipart_is(ct))
		return NULL;
	s = ct + 19;
	end = ct + strlen(ct);
	while ((rc = mp_param(a, &s, end, &name, &nlen, &val)) == 0) {
		if (nlen != 8 || strncasecmp(name, "boundary", 8) != 0)
			continue;
		if (b != NULL)
			return NULL;	/* two boundaries: which one? */
		b = val;
	}
	if (rc == -1 || b == NULL)
		return NULL;
	bl = strlen(b);
	if (bl == 0 || bl > MP_BOUNDARY_MAX || b[bl - 1] == ' ')
		return NULL;
	for (i = 0; i < bl; i++)
		if (!mp_bchar((unsigned char)b[i]))
			return NULL;
	return b;
}

/* Header bytes: printable, tab allowed, valid UTF-8 (file names). */
static int
mp_clean(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 0;
	return utf8_valid(s, len);
}

/*
 * The headers of one part, [s, end) without the blank line: name and
 * filename from Content-Disposition, the Content-Type.  Other headers
 * are ignored.  PARSE_OK or PARSE_MULTIPART.
 */
static enum parse_err
mp_headers(struct arena *a, const char *s, const char *end,
    const char **name, const char **filename, const char **ctype)
{
	const char	*eol, *colon, *v, *ve, *pn, *pv;
	size_t		 pl;
	int		 seen_cd = 0, rc;

	*name = *filename = *ctype = NULL;
	while (s < end) {
		if ((eol = memmem(s, (size_t)(end - s), "\r\n", 2)) == NULL)
			eol = end;
		/* No folded lines, no empty names, no stray CR or LF. */
		if (!mp_clean(s, (size_t)(eol - s)) || *s == ' ' || *s == '\t')
			return PARSE_MULTIPART;
		if ((colon = memchr(s, ':', (size_t)(eol - s))) == NULL ||
		    colon == s)
			return PARSE_MULTIPART;
		for (v = s; v < colon; v++)
			if (!mp_tchar((unsigned char)*v))
				return PARSE_MULTIPART;
		v = mp_ows(colon + 1, eol);
		for (ve = eol; ve > v && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
			;
		if (colon - s == 19 &&
		    strncasecmp(s, "Content-Disposition", 19) == 0) {
			if (seen_cd++ || ve - v < 9 ||
			    strncasecmp(v, "form-data", 9) != 0)
				return PARSE_MULTIPART;
			v += 9;
			while ((rc = mp_param(a, &v, ve, &pn, &pl, &pv)) == 0) {
				if (pl == 4 && strncasecmp(pn, "name", 4) == 0) {
					if (*name != NULL)
						return PARSE_MULTIPART;
					*name = pv;
				} else if (pl == 8 &&
				    strncasecmp(pn, "filename", 8) == 0) {
					if (*filename != NULL)
						return PARSE_MULTIPART;
					*filename = pv;
				}
			}
			if (rc == -1)
				return PARSE_MULTIPART;
		} else if (colon - s == 12 &&
		    strncasecmp(s, "Content-Type", 12) == 0) {
			if (*ctype != NULL || ve == v)
				return PARSE_MULTIPART;
			*ctype = arena_strndup(a, v, (size_t)(ve - v));
		}
		s = eol == end ? end : eol + 2;
	}
	if (*name == NULL || **name == '\0')
		return PARSE_MULTIPART;
	return PARSE_OK;
}

enum parse_err
multipart_parse(struct arena *a, char *body, size_t len, const char *bnd,
    const struct limits *lim, struct kvlist *fields, struct mp_files *files)
{
	char		*delim, *p, *end = body + len, *hend, *data, *next;
	const char	*name, *filename, *ctype;
	size_t		 bl = strlen(bnd), dl, n, i, nparts = 0, cap;
	enum parse_err	 e;
	struct kv	*kv;
	struct mp_file	*f;

	fields->v = NULL;
	fields->n = 0;
	files->v = NULL;
	files->n = 0;
	if (bl == 0 || bl > MP_BOUNDARY_MAX)
		return PARSE_MULTIPART;
	/* "\r\n--" boundary: what ends every part. */
	delim = arena_printf(a, "\r\n--%s", bnd);
	dl = bl + 4;
	if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
		return PARSE_MULTIPART;
	/* Room for every part there can be, counted by delimiters. */
	cap = 0;
	for (p = body; p < end && (p = memmem(p, (size_t)(end - p), delim,
	    dl)) != NULL; p += dl)
		if (++cap > lim->fields_max)
			return PARSE_TOO_MANY;
	fields->v = arena_calloc(a, cap + 1, sizeof(struct kv));
	files->v = arena_calloc(a, cap + 1, sizeof(struct mp_file));
	p = body + dl - 2;
	for (;;) {
		/* After a delimiter: "--" closes, else padding and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return PARSE_OK;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return PARSE_MULTIPART;
		p += 2;
		if (++nparts > lim->fields_max || nparts > cap)
			return nparts > cap ? PARSE_MULTIPART : PARSE_TOO_MANY;
		n = (size_t)(end - p);
		if (n > MP_HEAD_MAX + 4)
			n = MP_HEAD_MAX + 4;
		if (n >= 2 && p[0] == '\r' && p[1] == '\n')
			return PARSE_MULTIPART;	/* no headers at all */
		if ((hend = memmem(p, n, "\r\n\r\n", 4)) == NULL)
			return PARSE_MULTIPART;
		if ((e = mp_headers(a, p, hend, &name, &filename, &ctype))
		    != PARSE_OK)
			return e;
		data = hend + 4;
		if ((next = memmem(data, (size_t)(end - data), delim, dl)) ==
		    NULL)
			return PARSE_MULTIPART;	/* no closing delimiter */
		n = (size_t)(next - data);
		p = next + dl;
		*next = '\0';
		if (filename != NULL) {
			f = &files->v[files->n++];
			f->name = name;
			f->filename = filename;
			f->ctype = ctype;
			f->data = data;
			f->len = n;
			continue;
		}
		if (n > lim->field_max)
			return PARSE_TOO_LONG;
		for (i = 0; i < n; i++)
			if (((unsigned char)data[i] < 0x20 &&
			    data[i] != '\t' && data[i] != '\n' &&
			    data[i] != '\r') || data[i] == 0x7f)
				return PARSE_NUL;
		if (!utf8_valid(data, n) || !utf8_valid(name, strlen(name)))
			return PARSE_BAD_UTF8;
		kv = &fields->v[fields->n++];
		kv->key = name;
		kv->val = data;
		kv->vlen = n;
	}
}

const struct mp_file *
mp_file_get(const struct mp_files *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, key) == 0)
			return &l->v[i];
	return NULL;
}
