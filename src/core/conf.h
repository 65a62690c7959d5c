/*
 * One INI file: "[section]" headers, "key = value" lines, '#' or ';'
 * comments.  Its path comes from --config or MANYI_CONF.
 */
#ifndef MANYI_CONF_H
#define MANYI_CONF_H

#include <stddef.h>

struct conf;

/* NULL path: an empty configuration (every lookup takes its default). */
struct conf	*conf_load(const char *, char *, size_t);
void		 conf_free(struct conf *);
const char	*conf_get(const struct conf *, const char *, const char *,
		    const char *);
long long	 conf_int(const struct conf *, const char *, const char *,
		    long long);
/* Look in "[section.prog]" first, then "[section]". */
const char	*conf_get2(const struct conf *, const char *, const char *,
		    const char *, const char *);

#endif
