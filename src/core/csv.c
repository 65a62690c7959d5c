#include "config.h"

#include <string.h>

#include "arena.h"
#include "csv.h"
#include "form.h"

enum csv_err
csv_parse(struct arena *a, char *s, size_t slen, size_t max,
    struct csv_rec **out, size_t *nout, size_t *bad_line)
{
	struct csv_rec	*recs = NULL, *nr;
	char		**pool = NULL, **np, *p, *w, *eol, *end = s + slen;
	size_t		 nrec = 0, cap = 0, npool = 0, pcap = 0, line = 1;
	size_t		 start, first, i;
	char		 c;

	*out = NULL;
	*nout = 0;
	*bad_line = 1;
	if (slen >= 2 && (((unsigned char)s[0] == 0xff &&
	    (unsigned char)s[1] == 0xfe) || ((unsigned char)s[0] == 0xfe &&
	    (unsigned char)s[1] == 0xff)))
		return CSV_UTF16;
	if (slen >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	/* Each line checked first, so a message can name it. */
	for (p = s; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (!utf8_valid(p, (size_t)(eol - p))) {
			*bad_line = line;
			return CSV_ENCODING;
		}
	}
	line = 1;
	p = w = s;
	while (p < end) {
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;
			line++;
			continue;
		}
		if (nrec == max) {
			*bad_line = line;
			return CSV_TOO_MANY;
		}
		start = line;
		first = npool;
		for (;;) {
			if (npool == pcap) {
				pcap = pcap ? pcap * 2 : 1024;
				np = arena_alloc(a, pcap * sizeof(*np));
				if (npool)
					memcpy(np, pool, npool * sizeof(*np));
				pool = np;
			}
			pool[npool++] = w;
			if (p < end && *p == '"') {
				for (p++;; p++) {
					if (p == end) {
						*bad_line = start;
						return CSV_QUOTE;
					}
					if (*p == '"') {
						if (p + 1 == end || p[1] != '"')
							break;
						p++;
					} else if (*p == '\n')
						line++;
					*w++ = *p;
				}
				p++;
			}
			while (p < end && *p != ',' && *p != '\n' &&
			    !(*p == '\r' && p + 1 < end && p[1] == '\n'))
				*w++ = *p++;
			c = p < end ? *p : '\0';
			/* w <= p, and c is saved: writing here is safe. */
			*w++ = '\0';
			if (c == ',') {
				p++;
				continue;
			}
			if (c == '\r')
				p++;
			if (c != '\0') {
				p++;
				line++;
			}
			break;
		}
		if (nrec == cap) {
			cap = cap ? cap * 2 : 256;
			nr = arena_alloc(a, cap * sizeof(*nr));
			if (nrec)
				memcpy(nr, recs, nrec * sizeof(*nr));
			recs = nr;
		}
		/* Cells are found through the pool's index: it may move. */
		recs[nrec].first = first;
		recs[nrec].n = npool - first;
		recs[nrec].line = start;
		nrec++;
	}
	for (i = 0; i < nrec; i++)
		recs[i].cell = pool + recs[i].first;
	*out = recs;
	*nout = nrec;
	return CSV_OK;
}
