/*
 * Per-request memory: everything a request allocates comes from its arena
 * and is released in one call.  Allocation failure is fatal and handled in
 * one place (arena_oom), so callers never check for NULL.
 */
#ifndef MANYI_ARENA_H
#define MANYI_ARENA_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* Release every allocation but keep the first block for the next request. */
void		 arena_reset(struct arena *);
void		*arena_alloc(struct arena *, size_t);
void		*arena_calloc(struct arena *, size_t, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
size_t		 arena_used(const struct arena *);
void		 arena_oom(void) __attribute__((noreturn));

/* A growable byte buffer in malloc'd memory, reused across requests. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void	 buf_reserve(struct buf *, size_t);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_free(struct buf *);

#endif
