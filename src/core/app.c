#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "tmpl.h"
#include "valid.h"
#include "auth.h"

struct app_config	 app_cfg;

#define CSRF_COOKIE	"manyi_csrf"
#define CSRF_FIELD	"_csrf"
#define LANG_COOKIE	"manyi_lang"
#define FLASH_COOKIE	"manyi_flash"

int
app_setup(const struct program *p, const char *confpath)
{
	static struct conf	*conf;
	static char		 tmpl_dir[1024], i18n_dir[1024];
	char			 err[512];
	const char		*datadir;

	log_init(p->name);
	if (confpath == NULL)
		confpath = getenv("MANYI_CONF");
	if ((conf = conf_load(confpath, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s: %s\n", p->name, err);
		return -1;
	}
	if (conf_time_zone(conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p->name, err);
		return -1;
	}
	app_cfg.conf = conf;
	app_cfg.version = PACKAGE_VERSION;
	app_cfg.lim.body_max = (size_t)conf_int(conf, "limits", "body_max",
	    1024 * 1024);
	app_cfg.lim.fields_max = (size_t)conf_int(conf, "limits",
	    "fields_max", 1000);
	app_cfg.lim.field_max = (size_t)conf_int(conf, "limits", "field_max",
	    64 * 1024);
	/* Only routes marked ROUTE_UPLOAD take bodies this large. */
	app_cfg.lim.upload_max = (size_t)conf_int(conf, "limits",
	    "upload_max", 32 * 1024 * 1024);
	/* MANYI_DATADIR lets an uninstalled build find its files. */
	if ((datadir = getenv("MANYI_DATADIR")) == NULL)
		datadir = conf_get(conf, "paths", "datadir", MANYI_DATADIR);
	snprintf(tmpl_dir, sizeof(tmpl_dir), "%s/templates", datadir);
	snprintf(i18n_dir, sizeof(i18n_dir), "%s/i18n", datadir);
	app_cfg.tmpl_dir = tmpl_dir;
	app_cfg.i18n_dir = i18n_dir;
	if (i18n_load(app_cfg.i18n_dir, err, sizeof(err)) == -1 ||
	    tmpl_init(app_cfg.tmpl_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", p->name, err);
		return -1;
	}
	if (p->init != NULL && p->init(conf) == -1)
		return -1;
	return 0;
}

const char *
msg(const struct http_req *r, const char *key)
{
	return i18n_get(r->lang, key);
}

const char *
app_url(const struct http_req *r, const char *path)
{
	return arena_printf(r->a, "%s%s", r->prog->mount, path);
}

/*
 * Match a path against a pattern segment by segment; "*" takes one
 * non-empty segment into args.
 */
static int
route_match(const char *pat, const char *path, struct http_req *r)
{
	const char	*end;
	size_t		 n;

	r->nargs = 0;
	while (*pat != '\0' && *path != '\0') {
		if (*pat == '*') {
			end = path + strcspn(path, "/");
			if (end == path || r->nargs == HTTP_MAXARGS)
				return 0;
			r->args[r->nargs++] = arena_strndup(r->a, path,
			    (size_t)(end - path));
			path = end;
			pat++;
			continue;
		}
		n = strcspn(pat, "*");
		if (strncmp(pat, path, n) != 0)
			return 0;
		pat += n;
		path += n;
	}
	return *pat == '\0' && *path == '\0';
}

/*
 * The route for the request: 0 and *out set, or 404, or 405 (with the
 * Allow header naming the methods that would do).
 */
static int
route_find(struct http_req *r, const struct route **out)
{
	const struct program	*p = r->prog;
	size_t			 i;
	int			 method, allow[HTTP__MAX] = { 0 }, any = 0;
	char			 list[128] = "";
	size_t			 n;

	method = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	for (i = 0; i < p->nroutes; i++) {
		if (!route_match(p->routes[i].pattern, r->subpath, r))
			continue;
		if (p->routes[i].method == method) {
			*out = &p->routes[i];
			return 0;
		}
		allow[p->routes[i].method] = any = 1;
	}
	if (!any)
		return 404;
	for (i = 0, n = 0; i < HTTP__MAX; i++)
		if (allow[i])
			n += snprintf(list + n, sizeof(list) - n, "%s%s%s",
			    n ? ", " : "", http_methods[i],
			    i == HTTP_GET ? ", HEAD" : "");
	http_header(r, "Allow", arena_strdup(r->a, list));
	return 405;
}

/* Percent-encode everything but unreserved characters and '/'. */
const char *
url_escape(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*o, *d;

	d = o = arena_alloc(a, strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return d;
}

/* ?lang= (remembered in a cookie), then the cookie, then the browser. */
static void
pick_lang(struct http_req *r)
{
	int	 l;

	if ((l = i18n_lang(kv_get(&r->query, "lang"))) != -1) {
		r->lang = (enum lang)l;
		http_cookie(r, LANG_COOKIE, lang_codes[l], 365LL * 86400);
	} else if ((l = i18n_lang(http_cookie_get(r, LANG_COOKIE))) != -1)
		r->lang = (enum lang)l;
	else
		r->lang = i18n_accept(r->io->param(r->io->ctx,
		    "HTTP_ACCEPT_LANGUAGE"));
}

const char *
csrf_token(struct http_req *r)
{
	const char	*t = http_cookie_get(r, CSRF_COOKIE);
	char		 fresh[33];

	/* Signed in: the session's own token, stored on the server. */
	if (r->sess != NULL)
		return r->sess->csrf;

	if (t != NULL && strlen(t) == 32 && strspn(t, "0123456789abcdef")
	    == 32)
		return t;
	if (http_random_hex(fresh, 16) == -1)
		return "";
	t = arena_strdup(r->a, fresh);
	/* Remember it for the rest of this request: one token per page. */
	http_cookie(r, CSRF_COOKIE, t, 0);
	kv_set(r->a, &r->cookies, CSRF_COOKIE, t);
	return t;
}

/*
 * Split "host[:port]" (IPv6 in brackets) into host and port; the port is
 * def when absent.  Returns 0, or -1 if the port is not a number.
 */
static int
split_host(struct arena *a, const char *hp, size_t len, const char **host,
    long *port, long def)
{
	const char	*colon = NULL, *p;
	char		*end;

	if (len > 0 && hp[0] == '[') {
		if ((p = memchr(hp, ']', len)) == NULL)
			return -1;
		if ((size_t)(p + 1 - hp) < len && p[1] == ':')
			colon = p + 1;
	} else
		colon = memchr(hp, ':', len);
	*host = arena_strndup(a, hp, colon ? (size_t)(colon - hp) : len);
	if (colon == NULL || colon + 1 == hp + len) {
		*port = def;
		return 0;
	}
	*port = strtol(colon + 1, &end, 10);
	return end == hp + len && *port > 0 && *port < 65536 ? 0 : -1;
}

/*
 * Does an absolute URL (Origin or Referer) name the server this request
 * was sent to?  The Host header may lack the port (Debian's stock
 * fastcgi_params pass $host), so then SERVER_PORT stands in for it.
 */
static int
same_origin(struct http_req *r, const char *url)
{
	const char	*p, *h1, *h2, *sp;
	long		 p1, p2, def;
	size_t		 n;

	if ((p = strstr(url, "://")) == NULL || r->host == NULL)
		return 0;
	def = strncasecmp(url, "https://", 8) == 0 ? 443 : 80;
	p += 3;
	n = strcspn(p, "/?#");
	if (split_host(r->a, p, n, &h1, &p1, def) == -1)
		return 0;
	sp = r->io->param(r->io->ctx, "SERVER_PORT");
	if (split_host(r->a, r->host, strlen(r->host), &h2, &p2,
	    sp ? atol(sp) : (r->https ? 443 : 80)) == -1)
		return 0;
	return strcasecmp(h1, h2) == 0 && p1 == p2;
}

/*
 * A state-changing request must carry the token from its form, and come
 * from one of our own pages: Origin, or failing that Referer, must name
 * the host the request was sent to.
 */
static int
csrf_check(struct http_req *r)
{
	const char	*want = http_cookie_get(r, CSRF_COOKIE);
	const char	*got = kv_get(&r->form, CSRF_FIELD);
	const char	*src = r->origin ? r->origin : r->referer;

	if (r->sess != NULL)
		want = r->sess->csrf;
	else if (want != NULL && strlen(want) != 32)
		want = NULL;
	if (want == NULL || got == NULL || !http_ct_equal(want, got))
		return 403;
	if (src != NULL && !same_origin(r, src))
		return 403;
	return 0;
}

/*
 * A page is the layout with the handler's template included at
 * {{>CONTENT}}.  Include dictionaries do not inherit their parent's
 * values in ctemplate, so what both need is template-global, and the
 * handler gets the content dictionary to fill.
 */
struct tmpl_dict *
page_new(struct http_req *r, const char *title_key)
{
	struct tmpl_dict	*d, *row;
	const struct nav	*n;
	const char		*flash;

	d = tmpl_dict_new();
	tmpl_set_global(d, "LANG", lang_codes[r->lang]);
	tmpl_set_global(d, "TITLE", title_key ? msg(r, title_key) : "");
	tmpl_set_global(d, "MOUNT", r->prog->mount);
	tmpl_set_global(d, "HOME", app_url(r, "/"));
	tmpl_set_global(d, "VERSION", app_cfg.version);
	tmpl_set_global(d, "PATH", r->path);
	tmpl_set_global(d, "CSRF", csrf_token(r));
	tmpl_show(d, r->lang == LANG_ZH ? "IS_ZH" : "IS_EN");
	tmpl_set(d, "OTHER_LANG", r->lang == LANG_ZH ? "en" : "zh-CN");
	tmpl_set(d, "OTHER_LANG_NAME", i18n_get(r->lang == LANG_ZH ?
	    LANG_EN : LANG_ZH, "lang.self"));
	if ((flash = http_cookie_get(r, FLASH_COOKIE)) != NULL &&
	    i18n_has(r->lang, flash)) {
		row = tmpl_row(d, "FLASH");
		tmpl_set(row, "KIND", "success");
		tmpl_set(row, "TEXT", msg(r, flash));
		http_cookie(r, FLASH_COOKIE, "", -1);
	}
	if (r->sess != NULL) {
		tmpl_show(d, "SIGNED_IN");
		tmpl_set_global(d, "USER_NAME", r->sess->name);
		tmpl_set_global(d, "USER_LOGIN", r->sess->login);
	}
	for (n = r->prog->nav; n != NULL && n->path != NULL; n++) {
		if (n->perm != NULL && (r->prog->can == NULL ||
		    !r->prog->can(r, n->perm)))
			continue;
		row = tmpl_row(d, "NAV");
		tmpl_set(row, "HREF", app_url(r, n->path));
		tmpl_set(row, "LABEL", msg(r, n->label));
		if (strcmp(r->subpath, n->path) == 0 || (n->path[1] != '\0' &&
		    strncmp(r->subpath, n->path, strlen(n->path)) == 0))
			tmpl_show(row, "ACTIVE");
	}
	return tmpl_include(d, "CONTENT");
}

/* Render the page whose content dictionary is c; returns the status. */
int
page_render(struct http_req *r, struct tmpl_dict *c, const char *file,
    int status)
{
	struct tmpl_dict	*d = tmpl_root(c);

	tmpl_filename(c, lang_codes[r->lang], file);
	http_body_reset(r);
	if (tmpl_render(lang_codes[r->lang], "layout/page.tpl", d, r->out)
	    == -1) {
		log_warnx("template %s failed to expand", file);
		tmpl_dict_free(d);
		http_body_reset(r);
		r->ctype = "text/plain; charset=utf-8";
		buf_puts(r->out, "500 Internal Server Error\n");
		return 500;
	}
	tmpl_dict_free(d);
	return status;
}

int
page_error(struct http_req *r, int status, const char *key)
{
	struct tmpl_dict	*d;
	char			 k[32];

	if (key == NULL) {
		snprintf(k, sizeof(k), "error.%d", status);
		key = i18n_has(r->lang, k) ? k : "error.other";
	}
	d = page_new(r, key);
	tmpl_set_int(d, "STATUS", status);
	tmpl_set(d, "MESSAGE", msg(r, key));
	r->ctype = "text/html; charset=utf-8";
	if (status == 503)
		http_header(r, "Retry-After", "2");
	return page_render(r, d, "layout/error.tpl", status);
}

/*
 * Show a form again: each field's value as the user sent it (VALUE in
 * upper case: "login" -> LOGIN) and, for a bad one, the section
 * LOGIN_BAD with its message in LOGIN_ERR.
 */
void
page_fields(struct http_req *r, struct tmpl_dict *d, const struct field *f,
    size_t n, const struct fieldval *v)
{
	char	 name[64], key[80];
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; f[i].name[k] != '\0' && k < sizeof(name) - 1; k++)
			name[k] = (char)toupper((unsigned char)f[i].name[k]);
		name[k] = '\0';
		tmpl_set(d, name, v[i].raw ? v[i].raw : "");
		if (v[i].err == NULL)
			continue;
		snprintf(key, sizeof(key), "%s_BAD", name);
		tmpl_show(d, key);
		snprintf(key, sizeof(key), "%s_ERR", name);
		tmpl_set(d, key, msg(r, v[i].err));
	}
}

void
page_field_error(struct http_req *r, struct tmpl_dict *d, const char *name,
    const char *key)
{
	char	 up[64], k[80];
	size_t	 i;

	for (i = 0; name[i] != '\0' && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[i] = '\0';
	snprintf(k, sizeof(k), "%s_BAD", up);
	tmpl_show(d, k);
	snprintf(k, sizeof(k), "%s_ERR", up);
	tmpl_set(d, k, msg(r, key));
}

long long
app_path_id(const char *s)
{
	size_t	 n = s == NULL ? 0 : strlen(s);

	if (n == 0 || n > 10 || strspn(s, "0123456789") != n)
		return 0;
	return strtoll(s, NULL, 10);
}

const char *
app_qs_add(struct http_req *r, const char *qs, const char *key,
    const char *val)
{
	if (val == NULL || *val == '\0')
		return qs;
	return arena_printf(r->a, "%s&%s=%s", qs, key, url_escape(r->a, val));
}

void
page_pager(struct http_req *r, struct tmpl_dict *d, long long page,
    long long pages, const char *base, const char *qs)
{
	struct tmpl_dict	*p, *row;

	if (pages <= 1)
		return;
	p = tmpl_include(d, "PAGER");
	tmpl_filename(p, lang_codes[r->lang], "layout/pager.tpl");
	tmpl_set(p, "PAGE_OF", msgf(r, "pager.page",
	    arena_printf(r->a, "%lld / %lld", page, pages)));
	if (page > 1) {
		row = tmpl_row(p, "PREV");
		tmpl_set(row, "HREF", arena_printf(r->a, "%s?page=%lld%s", base,
		    page - 1, qs));
	}
	if (page < pages) {
		row = tmpl_row(p, "NEXT");
		tmpl_set(row, "HREF", arena_printf(r->a, "%s?page=%lld%s", base,
		    page + 1, qs));
	}
}

/* The message with its "%s" replaced by arg (no printf on catalog text). */
const char *
msgf(const struct http_req *r, const char *key, const char *arg)
{
	const char	*m = msg(r, key), *p;

	if ((p = strstr(m, "%s")) == NULL)
		return m;
	return arena_printf(r->a, "%.*s%s%s", (int)(p - m), m, arg, p + 2);
}

/* A message for the next page (after a redirect): a catalog key. */
void
flash_set(struct http_req *r, const char *key)
{
	http_cookie(r, FLASH_COOKIE, key, 60);
}

void
page_csv_cell(struct buf *b, const char *s, int last)
{
	buf_puts(b, "\"");
	/* A cell Excel would run as a formula starts with a quote instead. */
	if (s != NULL && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	    *s == '\t' || *s == '\r'))
		buf_puts(b, "'");
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"')
			buf_puts(b, "\"");
		buf_append(b, s, 1);
	}
	buf_puts(b, last ? "\"\r\n" : "\",");
}

void
page_csv_heads(struct http_req *r, const char *const *keys)
{
	size_t	 k;

	buf_puts(r->out, "\xEF\xBB\xBF");
	for (k = 0; keys[k] != NULL; k++)
		page_csv_cell(r->out, msg(r, keys[k]), keys[k + 1] == NULL);
}

void
page_csv_attach(struct http_req *r, const char *name)
{
	r->ctype = "text/csv; charset=utf-8";
	http_header(r, "Content-Disposition", arena_printf(r->a,
	    "attachment; filename=\"%s\"", name));
}

int
page_info(struct http_req *r, const char *title, const char *file)
{
	struct tmpl_dict	*d = page_new(r, title);
	const char		*hotline;

	if ((hotline = conf_get(r->conf, "site", "hotline", NULL)) != NULL) {
		tmpl_show(d, "CONTACT");
		tmpl_set(d, "HOTLINE", hotline);
	}
	return page_render(r, d, file, 200);
}

int
app_healthz(struct http_req *r)
{
	r->ctype = "text/plain; charset=utf-8";
	if (db_ping(r->db) != DB_OK) {
		buf_puts(r->out, "database unavailable\n");
		return 503;
	}
	buf_puts(r->out, "ok\n");
	return 200;
}

static int
front_line(struct http_req *r, const struct route **rt)
{
	const char	*mount = r->prog->mount;
	size_t		 ml = strlen(mount);
	int		 st, upload;

	if ((st = http_parse_head(r, &app_cfg.lim)) != 0)
		return st;
	pick_lang(r);
	if (r->method == -1)
		return 405;
	/* "/s" and "/s/" are the program's home. */
	if (strncmp(r->path, mount, ml) != 0 ||
	    (r->path[ml] != '/' && r->path[ml] != '\0'))
		return 404;
	r->subpath = r->path[ml] == '\0' ? "/" : r->path + ml;
	if ((st = route_find(r, rt)) != 0)
		return st;
	/*
	 * An upload route reads its (large) body only once the sender is
	 * known to hold the permission; the others keep the usual order.
	 */
	upload = ((*rt)->flags & ROUTE_UPLOAD) != 0;
	if (r->method == HTTP_POST && !upload) {
		if ((st = http_parse_body(r, &app_cfg.lim, 0)) != 0)
			return st;
	} else if (r->method != HTTP_POST)
		http_drain(r);
	if (((*rt)->flags & ROUTE_DB) && db_ensure(r->db) != DB_OK)
		return 503;
	if (((*rt)->flags & ROUTE_DB) && r->prog->authenticate != NULL &&
	    (st = r->prog->authenticate(r)) != 0)
		return st;
	if ((*rt)->perm != NULL) {
		if (r->sess == NULL) {
			/* Sign in first, then come back here. */
			http_redirect(r, 302, arena_printf(r->a, "%s%s?next=%s",
			    r->prog->mount, r->prog->login_path,
			    r->method == HTTP_GET ? url_escape(r->a, r->path) :
			    url_escape(r->a, app_url(r, "/"))));
			return 302;
		}
		if (r->prog->can == NULL || !r->prog->can(r, (*rt)->perm))
			return 403;
	}
	if (r->method == HTTP_POST && upload &&
	    (st = http_parse_body(r, &app_cfg.lim, 1)) != 0)
		return st;
	if (r->method == HTTP_POST && !((*rt)->flags & ROUTE_NOCSRF) &&
	    (st = csrf_check(r)) != 0)
		return st;
	return 0;
}

/* Send the answer of a handler that returned st, and log the request. */
static void
respond(struct http_req *r, int st)
{
	if (st >= 400 && r->out->len == r->body_off)
		st = r->prog->error != NULL ? r->prog->error(r, st) :
		    page_error(r, st, NULL);
	r->status = st;
	if (http_send(r) == -1)
		r->close = 1;
	log_request(r->id, r->method_name ? r->method_name : "-",
	    r->path ? r->path : "-", st, http_now_us() - r->start_us,
	    r->user);
}

int
app_handle(struct http_req *r)
{
	const struct route	*rt = NULL;
	int			 st;

	r->start_us = http_now_us();
	http_request_id(r->id);
	r->lang = LANG_ZH;
	r->subpath = "/";
	r->out->len = 0;
	buf_reserve(r->out, HTTP_HEAD_RESERVE);
	r->out->len = r->body_off = HTTP_HEAD_RESERVE;

	if ((st = front_line(r, &rt)) == 0)
		st = rt->fn(r);
	else
		http_drain(r);
	if (st == HTTP_DEFERRED)
		return 1;	/* no longer ours: see app_resume */
	respond(r, st);
	return 0;
}

void
app_resume(struct http_req *r, int st)
{
	respond(r, st);
	r->finish(r);
}

/*
 * POST /lang: the language chooser in every page's footer (works without
 * JavaScript).  Remembers the choice in a cookie and goes back.
 */
int
app_lang(struct http_req *r)
{
	static const char *const langs[] = { "zh-CN", "en", NULL };
	static const struct field fields[] = {
		{ "lang", valid_enum, 1, 0, 0, langs },
		{ "next", valid_path, 0, 0, 0, NULL },
	};
	struct fieldval	 v[2];

	if (valid_form(&r->form, fields, 2, v) != 0)
		return 400;
	http_cookie(r, LANG_COOKIE, v[0].str, 365LL * 86400);
	http_redirect(r, 303, v[1].str ? v[1].str : app_url(r, "/"));
	return 303;
}
