/*
 * One HTTP request as CGI or FastCGI hands it over, and its response.
 * The request is parsed into the request's arena; the response is built
 * in one buffer and written with one call.
 */
#ifndef MANYI_HTTP_H
#define MANYI_HTTP_H

#include <stddef.h>

#include "arena.h"
#include "form.h"
#include "i18n.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_PATCH,
	HTTP_OPTIONS,
	HTTP__MAX
};

extern const char *const http_methods[HTTP__MAX];

/* Where a request comes from: CGI environment + stdio, or libfcgi. */
struct http_io {
	void		*ctx;
	const char	*(*param)(void *, const char *);
	/* Bytes read, 0 at end of input, -1 on error. */
	long		 (*read)(void *, char *, size_t);
	int		 (*write)(void *, const char *, size_t);
};

struct http_header {
	const char	*name;
	const char	*value;
};

#define HTTP_MAXHDR	16
#define HTTP_MAXARGS	4
/* Bytes kept in front of the body for the status line and headers. */
#define HTTP_HEAD_RESERVE	2048

struct program;
struct conf;
struct db;
struct session;

struct http_req {
	struct arena		*a;
	const struct http_io	*io;
	const struct program	*prog;
	const struct conf	*conf;
	struct db		*db;
	char			 id[17];
	long long		 start_us;

	int			 method;	/* enum http_method, -1 unknown */
	const char		*method_name;
	const char		*path;		/* REQUEST_URI without query */
	const char		*subpath;	/* path below the mount point */
	const char		*query_string;
	struct kvlist		 query;
	struct kvlist		 form;
	struct mp_files		 files;		/* multipart file parts */
	struct kvlist		 cookies;
	const char		*remote_addr;
	const char		*host;
	const char		*origin;
	const char		*referer;
	const char		*content_type;
	int			 https;
	enum lang		 lang;
	const char		*args[HTTP_MAXARGS];
	size_t			 nargs;
	const char		*user;		/* for the log line */
	struct session		*sess;		/* signed-in staff, or NULL */

	/* The response. */
	int			 status;
	const char		*ctype;
	struct http_header	 hdrs[HTTP_MAXHDR];
	size_t			 nhdrs;
	struct buf		*out;		/* body, then sent whole */
	size_t			 body_off;	/* where the body starts in out */
	int			 close;		/* drop the FastCGI connection */
	int			 body_read;	/* body consumed to the end */

	/*
	 * Answering later.  Where the server sets can_defer (its threads;
	 * not CGI), a handler may return HTTP_DEFERRED after handing r to
	 * code that, from any thread and once it knows the answer, calls
	 * app_resume(r, status).  The handler must not touch r after
	 * handing it over; r's arena lives until the server's finish.
	 */
	int			 can_defer;
	void			(*finish)(struct http_req *);	/* server's */
};

#define HTTP_DEFERRED	(-1)	/* a handler's "answered later" */

const char	*http_reason(int);
long long	 http_now_us(void);
/* A fresh request id (16 hex digits). */
void		 http_request_id(char [17]);
/*
 * Read the request line, headers, query and cookies.  Returns 0, or the
 * status to answer with (400).
 */
int		 http_parse_head(struct http_req *, const struct limits *);
/*
 * Read and parse a body.  Returns 0, 400 (bad length, bad encoding, too
 * many fields, malformed multipart), 413 (too large) or 415 (not a
 * form).  With upload set, multipart/form-data is accepted too, up to
 * upload_max bytes (its text parts go to form, its files to files);
 * otherwise only application/x-www-form-urlencoded up to body_max.
 */
int		 http_parse_body(struct http_req *, const struct limits *, int);
/* Read what is left of the body and throw it away (see STACK-NOTES). */
void		 http_drain(struct http_req *);
void		 http_header(struct http_req *, const char *, const char *);
void		 http_cookie(struct http_req *, const char *, const char *,
		    long long);
void		 http_redirect(struct http_req *, int, const char *);
/* Send status, headers and body in one write. */
int		 http_send(struct http_req *);
/* Reset the body (e.g. to render an error page instead). */
void		 http_body_reset(struct http_req *);
/* A query or form value, or NULL. */
const char	*http_arg(const struct http_req *, const char *);
const char	*http_cookie_get(const struct http_req *, const char *);
/* Compare in constant time; 1 if equal. */
int		 http_ct_equal(const char *, const char *);
/* Fill buf with n random bytes as 2n hex digits; 0 or -1. */
int		 http_random_hex(char *, size_t);

#endif
