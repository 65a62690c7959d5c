/*
 * MariaDB access: one connection per worker thread, utf8mb4, strict SQL
 * mode, UTC, timeouts.  Statements are string constants from a module's
 * statement table; each is prepared once per connection (cached by its
 * address) and reused.  Values are only ever bound, never formatted in.
 *
 * Parameter formats: 'i' long long, 's' const char * (NULL binds NULL),
 * 'd' double.
 */
#ifndef MANYI_DB_H
#define MANYI_DB_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct conf;

/* Errors are values; db_status() maps them to an HTTP status. */
enum db_err {
	DB_OK = 0,
	DB_UNAVAILABLE,	/* cannot connect, or connection lost mid-write */
	DB_DEADLOCK,	/* deadlock / lock wait timeout: retry the tx */
	DB_DUPLICATE,	/* unique key violated */
	DB_ERROR,	/* anything else: a bug or a constraint */
	DB__MAX
};

struct db_conf {
	const char	*host;
	const char	*socket;
	const char	*user;
	const char	*password;
	const char	*name;
	unsigned int	 port;
	unsigned int	 timeout;	/* connect/read/write, seconds */
	unsigned int	 io_timeout;	/* read/write if set (batch jobs) */
};

/* Rows as strings in the caller's arena; NULL for SQL NULL. */
struct db_rows {
	size_t		   n;
	size_t		   ncols;
	char		***v;	/* v[row][col] */
};

/* The first column of rows as unsigned 32-bit integers (ids). */
struct db_ids {
	size_t		   n;
	uint32_t	  *v;
};

struct db;

/* Read the [db] (and [db.<prog>]) sections of a configuration. */
void		 db_conf_read(struct db_conf *, const struct conf *,
		    const char *);
int		 db_library_init(void);
void		 db_library_end(void);
struct db	*db_new(const struct db_conf *);
void		 db_free(struct db *);
/* A new, not yet connected handle with the same settings as db. */
struct db	*db_sibling(const struct db *);
/* Connect if not connected; DB_OK or DB_UNAVAILABLE. */
enum db_err	 db_ensure(struct db *);
/* Round trip to the server, reconnecting if needed. */
enum db_err	 db_ping(struct db *);
enum db_err	 db_query(struct db *, struct arena *, struct db_rows *,
		    const char *, const char *, ...);
/* db_query for the first column of unsigned integers (NULL: skipped). */
enum db_err	 db_query_ids(struct db *, struct arena *, struct db_ids *,
		    const char *, const char *, ...);
enum db_err	 db_exec(struct db *, unsigned long long *,
		    unsigned long long *, const char *, const char *, ...);
/*
 * db_exec with its parameters in an array, one per character of the
 * format ('i' .i, 's' .s, 'd' .d), up to DB_MAXPARAMV of them: for
 * multi-row statements of a fixed set of shapes.
 */
#define DB_MAXPARAMV	4096
union db_val {
	long long	 i;
	double		 d;
	const char	*s;
};
enum db_err	 db_execv(struct db *, unsigned long long *,
		    unsigned long long *, const char *, const char *,
		    const union db_val *);
/*
 * Run fn in one transaction: commit if it returns DB_OK, else roll back;
 * on a deadlock the whole transaction runs again (up to 3 times).
 */
enum db_err	 db_tx(struct db *, enum db_err (*)(struct db *, void *),
		    void *);
/* Run a statement that has no parameters and no result (DDL, SET). */
enum db_err	 db_simple(struct db *, const char *);
const char	*db_error(const struct db *);
unsigned int	 db_errno(const struct db *);
/* HTTP status for an error: 503 unavailable, 409 duplicate, 500 else. */
int		 db_status(enum db_err);
long long	 db_int(const char *);
/*
 * A LIKE pattern matching q anywhere, its own % _ ! taken literally:
 * use it with "LIKE ? ESCAPE '!'".
 */
const char	*db_like_anywhere(struct arena *, const char *);
/* 1 if the first column of some row equals val (NULL: 0). */
int		 db_rows_have(const struct db_rows *, const char *);

#endif
