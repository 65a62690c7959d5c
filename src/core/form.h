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

/* First value for key, or NULL. */
const char	*kv_get(const struct kvlist *, const char *);
/* Replace the first value for key, or add the pair. */
void		 kv_set(struct arena *, struct kvlist *, const char *,
		    const char *);

#endif
