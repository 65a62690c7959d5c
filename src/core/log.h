/*
 * Logging to stderr, one line per event.  Request lines carry the path
 * only, never the query string or body (tokens and passwords live there).
 */
#ifndef MANYI_LOG_H
#define MANYI_LOG_H

void	log_init(const char *);
void	log_request(const char *, const char *, const char *, int, long long,
	    const char *);
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
