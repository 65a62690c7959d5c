/*
 * CSV as spreadsheets write it (RFC 4180): quoted cells with doubled
 * quotes, CRLF or LF line ends, an optional UTF-8 byte order mark.
 * Parsed in place into the caller's arena; a pure function over bytes.
 */
#ifndef MANYI_CSV_H
#define MANYI_CSV_H

#include <stddef.h>

struct arena;

/* One record: its cells (NUL-terminated, inside the text) and the line
 * it starts on (1 is the first line). */
struct csv_rec {
	char	**cell;
	size_t	  first;	/* while parsing: index of cell[0] */
	size_t	  n;
	size_t	  line;
};

enum csv_err {
	CSV_OK = 0,
	CSV_UTF16,	/* a UTF-16 byte order mark: not UTF-8 */
	CSV_ENCODING,	/* a line that is not UTF-8 (GBK, ANSI) or has NUL */
	CSV_QUOTE,	/* a quoted cell never closed */
	CSV_TOO_MANY,	/* more records than allowed */
	CSV__MAX
};

/*
 * Parse s[0..len) (s[len] must be writable) in place: cells point into
 * s, unquoted.  Blank lines are skipped; text after a closing quote is
 * kept.  At most max records.  CSV_OK with *out and *n set, or an error
 * with *line the line it concerns.
 */
enum csv_err	 csv_parse(struct arena *, char *, size_t, size_t,
		    struct csv_rec **, size_t *, size_t *);

#endif
