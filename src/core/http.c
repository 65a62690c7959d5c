#include "config.h"

#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"

const char *const http_methods[HTTP__MAX] = {
	"GET",		/* HTTP_GET */
	"HEAD",		/* HTTP_HEAD */
	"POST",		/* HTTP_POST */
	"PUT",		/* HTTP_PUT */
	"DELETE",	/* HTTP_DELETE */
	"PATCH",	/* HTTP_PATCH */
	"OPTIONS",	/* HTTP_OPTIONS */
};

/* Room kept in front of the body for the status line and headers. */
#define HEAD_RESERVE	HTTP_HEAD_RESERVE

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

long long
http_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
http_random_hex(char *out, size_t n)
{
	unsigned char	 b[64];
	size_t		 i, got = 0;
	ssize_t		 r;

	if (n > sizeof(b))
		return -1;
	while (got < n) {
		if ((r = getrandom(b + got, n - got, 0)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* A random per-process prefix and a counter: unique, no syscall. */
void
http_request_id(char id[17])
{
	static char		 prefix[9];
	static atomic_uint	 counter;
	static atomic_int	 ready;
	unsigned int		 n;

	if (!atomic_load(&ready)) {
		if (http_random_hex(prefix, 4) == -1)
			snprintf(prefix, sizeof(prefix), "%08x",
			    (unsigned)time(NULL));
		atomic_store(&ready, 1);
	}
	n = atomic_fetch_add(&counter, 1);
	snprintf(id, 17, "%.8s%08x", prefix, n);
}

static const char *
param(const struct http_req *r, const char *name)
{
	const char	*v = r->io->param(r->io->ctx, name);

	return v;
}

/* Header and path strings must be valid UTF-8 without control chars. */
static int
clean(const char *s)
{
	const unsigned char	*p;

	if (s == NULL)
		return 1;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return utf8_valid(s, (size_t)(p - (const unsigned char *)s));
}

/*
 * Percent-decode a path ("+" stays itself); NULL if an escape is broken.
 * Routes then match what nginx matched: "/s/%E6%BB%A1" is "/s/满".
 */
static const char *
path_decode(struct arena *a, const char *s)
{
	char	*d, *o;
	int	 hi, lo;

	if (strchr(s, '%') == NULL)
		return s;
	o = d = arena_alloc(a, strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		if ((hi = form_hexval((unsigned char)s[1])) < 0 ||
		    (lo = form_hexval((unsigned char)s[2])) < 0)
			return NULL;
		*o++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*o = '\0';
	return d;
}

int
http_parse_head(struct http_req *r, const struct limits *lim)
{
	const char	*uri, *q, *m, *h;
	int		 i;

	m = param(r, "REQUEST_METHOD");
	r->method_name = m ? m : "GET";
	r->method = -1;
	for (i = 0; i < HTTP__MAX; i++)
		if (strcmp(r->method_name, http_methods[i]) == 0)
			r->method = i;
	/*
	 * nginx passes REQUEST_URI as the client sent it; Apache also sets
	 * it, but not DOCUMENT_URI (STACK-NOTES).  Fall back to
	 * SCRIPT_NAME + PATH_INFO for servers that set neither.
	 */
	if ((uri = param(r, "REQUEST_URI")) == NULL || *uri == '\0') {
		const char *sn = param(r, "SCRIPT_NAME");
		const char *pi = param(r, "PATH_INFO");
		uri = arena_printf(r->a, "%s%s", sn ? sn : "", pi ? pi : "");
	}
	if ((q = strchr(uri, '?')) != NULL) {
		r->path = arena_strndup(r->a, uri, (size_t)(q - uri));
		r->query_string = q + 1;
	} else {
		r->path = uri;
		r->query_string = param(r, "QUERY_STRING");
	}
	if (r->query_string == NULL)
		r->query_string = "";
	r->remote_addr = param(r, "REMOTE_ADDR");
	r->host = param(r, "HTTP_HOST");
	r->origin = param(r, "HTTP_ORIGIN");
	r->referer = param(r, "HTTP_REFERER");
	r->content_type = param(r, "CONTENT_TYPE");
	h = param(r, "HTTPS");
	r->https = h != NULL && strcasecmp(h, "on") == 0;
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
	if ((r->path = path_decode(r->a, r->path)) == NULL) {
		r->path = "-";
		return 400;
	}
	if (!clean(r->path) || !clean(r->host) || !clean(r->origin) ||
	    !clean(r->referer) || !clean(r->content_type))
		return 400;
	if (form_parse(r->a, r->query_string, strlen(r->query_string), lim,
	    &r->query) != PARSE_OK)
		return 400;
	if (cookie_parse(r->a, param(r, "HTTP_COOKIE"), lim, &r->cookies)
	    != PARSE_OK)
		return 400;
	return 0;
}

/*
 * CONTENT_LENGTH: absent or empty is 0; anything but plain digits, a
 * negative number or one too big for a long long is malformed (-1).
 */
static long long
content_length(const char *s)
{
	long long	 n = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		if (n > (LLONG_MAX - 9) / 10)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

int
http_parse_body(struct http_req *r, const struct limits *lim, int upload)
{
	long long	 len;
	char		*body;
	size_t		 got = 0, max = lim->body_max;
	long		 n;
	const char	*ct = r->content_type, *bnd = NULL;
	enum parse_err	 e;
	int		 mp;

	if ((len = content_length(param(r, "CONTENT_LENGTH"))) < 0) {
		r->close = 1;
		return 400;
	}
	mp = upload && multipart_is(ct);
	if (mp && lim->upload_max > max)
		max = lim->upload_max;
	if ((unsigned long long)len > max) {
		/* Not read: the FastCGI connection cannot be reused. */
		r->close = 1;
		return 413;
	}
	if (len == 0) {
		http_drain(r);
		return 0;
	}
	if (mp) {
		if ((bnd = multipart_boundary(r->a, ct)) == NULL) {
			http_drain(r);
			return 400;
		}
	} else if (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0 ||
	    (ct[33] != '\0' && ct[33] != ';')) {
		http_drain(r);
		return 415;
	}
	body = arena_alloc(r->a, (size_t)len + 1);
	while (got < (size_t)len) {
		if ((n = r->io->read(r->io->ctx, body + got,
		    (size_t)len - got)) <= 0)
			break;
		got += (size_t)n;
	}
	body[got] = '\0';
	http_drain(r);
	if (got != (size_t)len)
		return 400;
	if (mp)
		e = multipart_parse(r->a, body, got, bnd, lim, &r->form,
		    &r->files);
	else
		e = form_parse(r->a, body, got, lim, &r->form);
	if (e != PARSE_OK)
		return e == PARSE_TOO_LARGE ? 413 : 400;
	return 0;
}

void
http_drain(struct http_req *r)
{
	char	 tmp[4096];
	size_t	 total = 0;

	if (r->body_read)
		return;
	r->body_read = 1;
	/* A bounded drain: a client sending forever loses its connection. */
	while (r->io->read(r->io->ctx, tmp, sizeof(tmp)) > 0)
		if ((total += sizeof(tmp)) > 4 * 1024 * 1024) {
			r->close = 1;
			break;
		}
}

void
http_header(struct http_req *r, const char *name, const char *value)
{
	if (r->nhdrs == HTTP_MAXHDR)
		return;
	r->hdrs[r->nhdrs].name = name;
	r->hdrs[r->nhdrs].value = value;
	r->nhdrs++;
}

/*
 * Cookies are HttpOnly and SameSite=Lax; Secure over HTTPS.  max_age < 0
 * deletes the cookie, 0 makes a session cookie.
 */
void
http_cookie(struct http_req *r, const char *name, const char *value,
    long long max_age)
{
	char	 age[48] = "";

	if (max_age > 0)
		snprintf(age, sizeof(age), "; Max-Age=%lld", max_age);
	else if (max_age < 0)
		snprintf(age, sizeof(age), "; Max-Age=0");
	http_header(r, "Set-Cookie", arena_printf(r->a,
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, age,
	    r->https ? "; Secure" : ""));
}

void
http_redirect(struct http_req *r, int status, const char *location)
{
	r->status = status;
	http_header(r, "Location", location);
}

void
http_body_reset(struct http_req *r)
{
	r->out->len = r->body_off;
}

const char *
http_arg(const struct http_req *r, const char *key)
{
	const char	*v;

	if ((v = kv_get(&r->form, key)) != NULL)
		return v;
	return kv_get(&r->query, key);
}

const char *
http_cookie_get(const struct http_req *r, const char *key)
{
	return kv_get(&r->cookies, key);
}

int
http_ct_equal(const char *a, const char *b)
{
	size_t		 la = strlen(a), lb = strlen(b), i;
	unsigned char	 d = 0;

	if (la != lb)
		return 0;
	for (i = 0; i < la; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return d == 0;
}

/*
 * The security headers go on every response, whatever produced it:
 * nothing loads from elsewhere, nothing frames us, types are not sniffed.
 */
static const char *const security_headers =
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; "
	"base-uri 'self'; form-action 'self'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n";

int
http_send(struct http_req *r)
{
	char		 head[HEAD_RESERVE + 1];
	size_t		 i, hl, bl;
	int		 n;
	char		*start;

	bl = r->out->len - r->body_off;
	n = snprintf(head, sizeof(head), "Status: %d %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n%s"
	    "Cache-Control: %s\r\n", r->status, http_reason(r->status),
	    r->ctype, bl, security_headers,
	    r->status == 200 && (r->method == HTTP_GET ||
	    r->method == HTTP_HEAD) ? "private, no-cache" :
	    "no-store");
	hl = (size_t)n;
	for (i = 0; i < r->nhdrs && hl < sizeof(head); i++) {
		n = snprintf(head + hl, sizeof(head) - hl, "%s: %s\r\n",
		    r->hdrs[i].name, r->hdrs[i].value);
		hl += (size_t)n;
	}
	if (hl + 2 >= sizeof(head) || hl + 2 > r->body_off)
		return -1;
	memcpy(head + hl, "\r\n", 2);
	hl += 2;
	/* Put the head right in front of the body: one contiguous write. */
	start = r->out->p + r->body_off - hl;
	memcpy(start, head, hl);
	return r->io->write(r->io->ctx, start,
	    hl + (r->method == HTTP_HEAD ? 0 : bl));
}
