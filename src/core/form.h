/*
 * Parsers for what a client sends: application/x-www-form-urlencoded
 * (query strings and bodies), Cookie headers, and UTF-8 checking.
 * Pure functions over bytes: no I/O, memory from the caller's arena.
 */
#ifndef MANYI_FORM_H
#define MANYI_FORM_H

#include <stddef.h>

struct arena;

struct kv {
	const char	*key;
	const char	*val;
	size_t		 vlen;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

struct limits {
	size_t	 body_max;	/* bytes in a request body */
	size_t	 fields_max;	/* fields in a query, body or cookie header */
	size_t	 field_max;	/* bytes in one decoded value */
	size_t	 upload_max;	/* bytes in a multipart body (ROUTE_UPLOAD) */
};

/*
 * Parse results, ordered by how the front line maps them:
 * every error is a 400 except PARSE_TOO_LARGE (413).
 */
enum parse_err {
	PARSE_OK = 0,
	PARSE_BAD_ENCODING,	/* "%zz", truncated escape */
	PARSE_BAD_UTF8,		/* not valid UTF-8 after decoding */
	PARSE_NUL,		/* NUL or other C0 control except tab/newline */
	PARSE_TOO_MANY,		/* more fields than fields_max */
	PARSE_TOO_LONG,		/* a value longer than field_max */
	PARSE_TOO_LARGE,	/* body larger than body_max */
	PARSE_MULTIPART,	/* multipart body or part header malformed */
	PARSE__MAX
};

extern const char *const parse_err_names[PARSE__MAX];

/*
 * Return 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) with no NUL byte, else 0.
 */
int		 utf8_valid(const char *, size_t);
/* The value of a hex digit, or -1. */
int		 form_hexval(unsigned char);
/* Number of code points in a valid UTF-8 string. */
size_t		 utf8_len(const char *);

enum parse_err	 form_parse(struct arena *, const char *, size_t,
		    const struct limits *, struct kvlist *);
enum parse_err	 cookie_parse(struct arena *, const char *,
		    const struct limits *, struct kvlist *);

/*
 * multipart/form-data (RFC 7578), strict and bounded.  Text parts (no
 * filename) follow the rules of form fields: valid UTF-8, no control
 * characters but tab, CR and LF, at most field_max bytes; they go to the
 * field list.  File parts keep their bytes as sent (a NUL is added after
 * them).  The body must start with the first delimiter and end with the
 * closing one; each part needs Content-Disposition: form-data with a
 * name; part headers are at most MP_HEAD_MAX bytes; parts at most
 * fields_max.  The body is changed in place (NULs after each part).
 */
#define MP_HEAD_MAX	4096
#define MP_BOUNDARY_MAX	70

struct mp_file {
	const char	*name;		/* the form field's name */
	const char	*filename;	/* as sent, "" if none was chosen */
	const char	*ctype;		/* the part's Content-Type, or NULL */
	const char	*data;		/* the bytes, NUL after them */
	size_t		 len;
};

struct mp_files {
	struct mp_file	*v;
	size_t		 n;
};

/*
 * The boundary of a "multipart/form-data; boundary=..." Content-Type,
 * or NULL if the type is another one or its boundary is missing or not
 * 1-70 characters of RFC 2046's set.
 */
const char	*multipart_boundary(struct arena *, const char *);
/* 1 if the Content-Type names multipart/form-data (any parameters). */
int		 multipart_is(const char *);
enum parse_err	 multipart_parse(struct arena *, char *, size_t,
		    const char *, const struct limits *, struct kvlist *,
		    struct mp_files *);
/* The first file part named key, or NULL. */
const struct mp_file *mp_file_get(const struct mp_files *, const char *);

/* First value for key, or NULL. */
const char	*kv_get(const struct kvlist *, const char *);
/* Replace the first value for key, or add the pair. */
void		 kv_set(struct arena *, struct kvlist *, const char *,
		    const char *);

#endif
