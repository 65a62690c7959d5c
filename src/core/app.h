/*
 * What every program shares: the route table as data, the front-line
 * checks in one order, page rendering inside the shared layout, and the
 * three ways to run (see server.c).
 */
#ifndef MANYI_APP_H
#define MANYI_APP_H

#include "http.h"

struct db;
struct tmpl_dict;

/* A handler returns the HTTP status; >= 400 with no body gets the
 * error page. */
typedef int (*handler_fn)(struct http_req *);

enum route_flag {
	ROUTE_DB = 1 << 0,	/* needs the database: 503 without it */
	ROUTE_NOCSRF = 1 << 1,	/* machine POSTs authenticated otherwise */
	/* Takes multipart/form-data up to [limits] upload_max (files). */
	ROUTE_UPLOAD = 1 << 2,
};

struct route {
	int		 method;	/* enum http_method */
	const char	*pattern;	/* "/a/b", "*" matches one segment */
	handler_fn	 fn;
	unsigned int	 flags;
	const char	*perm;		/* permission name; NULL: public */
};

/* A link in the layout's navigation bar, shown to who may follow it. */
struct nav {
	const char	*path;		/* below the mount point */
	const char	*label;		/* catalog key */
	const char	*perm;		/* NULL: everyone */
};

struct program {
	const char		*name;		/* "manyi-survey" */
	const char		*conf_name;	/* "survey": [db.survey] … */
	const char		*mount;		/* "/s" */
	const struct route	*routes;
	size_t			 nroutes;
	const struct nav	*nav;		/* NULL-terminated, or NULL */
	/* Optional: after config and catalogs, before serving. */
	int			 (*init)(const struct conf *);
	/*
	 * Optional, for programs with staff sessions: load r->sess on
	 * ROUTE_DB routes, and answer whether it holds a permission.
	 * Routes with a perm then need a session (anonymous: 302 to
	 * login_path) holding that permission (else 403).
	 */
	int			 (*authenticate)(struct http_req *);
	int			 (*can)(const struct http_req *, const char *);
	const char		*login_path;
	/*
	 * Optional: the answer for an error status when the handler (or
	 * the front line) left the body empty; NULL: page_error's HTML
	 * page.  A program for machines answers in its own format.
	 */
	int			 (*error)(struct http_req *, int);
	/*
	 * Optional, FastCGI only: run once in a thread of its own with a
	 * database connection while the program starts serving (data worth
	 * having before the first request asks for it).
	 */
	void			 (*warm)(struct db *);
};

/* Process-wide settings read once at start. */
struct app_config {
	const struct conf	*conf;
	struct limits		 lim;
	const char		*tmpl_dir;
	const char		*i18n_dir;
	const char		*version;
	/* Serving many requests (FastCGI): worth keeping data between them. */
	int			 resident;
};

extern struct app_config	app_cfg;

int		 app_main(const struct program *, int, char *[]);
/* Load config, catalogs and templates; 0 or -1 (message printed). */
int		 app_setup(const struct program *, const char *);
/*
 * Run one request through the front line and send the response: 0; or
 * 1 when its handler deferred the answer (HTTP_DEFERRED), which
 * app_resume then sends.
 */
int		 app_handle(struct http_req *);
/*
 * From any thread: send a deferred request's answer (status as a
 * handler returns it, the page already in r->out if any), then hand r
 * back to the server (r->finish).  r->db must be a connection this
 * thread may use (the caller's own).
 */
void		 app_resume(struct http_req *, int);

/* Message in the request's language. */
const char	*msg(const struct http_req *, const char *);
/* The content dictionary of a new page, the layout's values filled in. */
struct tmpl_dict *page_new(struct http_req *, const char *);
/* Render template file into the layout; returns the status. */
int		 page_render(struct http_req *, struct tmpl_dict *,
		    const char *, int);
int		 page_error(struct http_req *, int, const char *);
struct field;
struct fieldval;
/* Show a form again with the user's input and a message per bad field. */
void		 page_fields(struct http_req *, struct tmpl_dict *,
		    const struct field *, size_t, const struct fieldval *);
/* Mark one field bad with a catalog message (checks beyond validators). */
void		 page_field_error(struct http_req *, struct tmpl_dict *,
		    const char *, const char *);
/* A catalog message with its "%s" replaced by the argument. */
const char	*msgf(const struct http_req *, const char *, const char *);
/* The id in a path segment: 1 to 10 digits, else 0 (answer 404). */
long long	 app_path_id(const char *);
/* qs + "&key=value" (value percent-encoded); qs itself if val is empty. */
const char	*app_qs_add(struct http_req *, const char *, const char *,
		    const char *);
/* Previous/next links at {{>PAGER}}: base?page=N followed by qs. */
void		 page_pager(struct http_req *, struct tmpl_dict *, long long,
		    long long, const char *, const char *);
/* A catalog message shown once on the next page (after a redirect). */
void		 flash_set(struct http_req *, const char *);
/* One CSV cell (quoted, quotes doubled, formulas defused), then a comma
 * or, for the last cell of a row, CRLF. */
void		 page_csv_cell(struct buf *, const char *, int);
/* The byte order mark, then one CSV row of the catalog messages of the
 * NULL-terminated keys (the column heads). */
void		 page_csv_heads(struct http_req *, const char *const *);
/* The response is a CSV download named name. */
void		 page_csv_attach(struct http_req *, const char *);
/* An information page: template plus the site's contact details. */
int		 page_info(struct http_req *, const char *, const char *);
/* GET /healthz for every program: 200 if the database answers, else 503. */
int		 app_healthz(struct http_req *);
/* POST /lang: the footer's language chooser. */
int		 app_lang(struct http_req *);
/* The CSRF token for forms on this page (sets its cookie if new). */
const char	*csrf_token(struct http_req *);
/* Percent-encode for a query value (keeps '/'). */
const char	*url_escape(struct arena *, const char *);
/* A link to this program's path (mount + path). */
const char	*app_url(const struct http_req *, const char *);

#endif
