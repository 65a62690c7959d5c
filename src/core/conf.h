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

/*
 * The company's time zone, [site] time_zone (default Asia/Shanghai; a
 * zoneinfo name, UTC, or a fixed offset like +08:00): business days
 * and the times staff see.  site_tz_s is its offset from UTC in
 * seconds, taken once at start (a zone without daylight saving, as
 * China's), before any thread; conf_time_zone sets it: 0, or -1 and a
 * message for a zone this system does not know.
 */
extern int	 site_tz_s;
int		 conf_time_zone(const struct conf *, char *, size_t);
/* The offset of one zone as above: 0 and *off, or -1. */
int		 tz_offset(const char *, int *);

#endif
