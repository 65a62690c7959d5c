#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "log.h"

#define DB_MAXPARAM	64
#define DB_NCACHE	4096	/* prepared statements per connection */
#define DB_COLBUF	256	/* inline bytes per column before a refetch */

struct cached {
	const char	*sql;	/* address of the constant: the key */
	MYSQL_STMT	*stmt;
};

struct db {
	struct db_conf	 conf;
	MYSQL		*my;
	int		 connected;
	int		 in_tx;
	int		 tx_lost;	/* the connection died inside db_tx */
	int		 down;	/* the last connect failed (logged) */
	unsigned int	 err;
	char		 errmsg[256];
	struct cached	 cache[DB_NCACHE];
	/* db_execv's parameter arrays, kept for the connection's life: a
	 * group commit binds up to DB_MAXPARAMV values many times a second,
	 * and fresh arrays of that size cost page faults each time. */
	MYSQL_BIND	*vb;
	unsigned long	*vlens;
	my_bool		*vnulls;
	size_t		 vcap;
};

void
db_conf_read(struct db_conf *c, const struct conf *cf, const char *prog)
{
	c->host = conf_get2(cf, "db", prog, "host", NULL);
	c->socket = conf_get2(cf, "db", prog, "socket", NULL);
	c->user = conf_get2(cf, "db", prog, "user", "manyi");
	c->password = conf_get2(cf, "db", prog, "password", NULL);
	c->name = conf_get2(cf, "db", prog, "name", "manyi");
	c->port = (unsigned)atoi(conf_get2(cf, "db", prog, "port", "0"));
	c->timeout = (unsigned)atoi(conf_get2(cf, "db", prog, "timeout", "5"));
	c->io_timeout = (unsigned)atoi(conf_get2(cf, "db", prog,
	    "io_timeout", "0"));
}

int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

void
db_library_end(void)
{
	mysql_library_end();
}

struct db *
db_new(const struct db_conf *c)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		arena_oom();
	db->conf = *c;
	return db;
}

static void
drop_statements(struct db *db)
{
	size_t	 i;

	for (i = 0; i < DB_NCACHE; i++) {
		if (db->cache[i].stmt != NULL)
			mysql_stmt_close(db->cache[i].stmt);
		db->cache[i].stmt = NULL;
		db->cache[i].sql = NULL;
	}
}

static void
disconnect(struct db *db)
{
	/* Whatever the transaction did is gone with the connection: every
	 * later statement of it must fail, not run in autocommit. */
	if (db->in_tx)
		db->tx_lost = 1;
	drop_statements(db);
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->connected = 0;
	db->in_tx = 0;
}

struct db *
db_sibling(const struct db *db)
{
	return db_new(&db->conf);
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	disconnect(db);
	free(db->vb);
	free(db->vlens);
	free(db->vnulls);
	free(db);
}

static void
set_error(struct db *db, unsigned int err, const char *msg)
{
	db->err = err;
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg);
}

enum db_err
db_ensure(struct db *db)
{
	unsigned int	 t = db->conf.timeout;
	unsigned int	 io = db->conf.io_timeout ? db->conf.io_timeout : t;
	my_bool		 no = 0;
	char		 init[256];

	/* Times are stored in UTC; @manyi_tz shifts them to the company's
	 * zone where SQL shows or groups them by day. */
	snprintf(init, sizeof(init), "SET SESSION sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
	    "time_zone = '+00:00', @manyi_tz = %d", site_tz_s);

	if (db->connected)
		return DB_OK;
	if (db->my == NULL && (db->my = mysql_init(NULL)) == NULL)
		arena_oom();
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &t);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &io);
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &io);
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &no);
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->my, db->conf.host, db->conf.user,
	    db->conf.password, db->conf.name, db->conf.port, db->conf.socket,
	    0) == NULL) {
		set_error(db, mysql_errno(db->my), mysql_error(db->my));
		/* Once per outage and connection, not once per request. */
		if (!db->down)
			log_warnx("database unavailable: %s", db->errmsg);
		db->down = 1;
		mysql_close(db->my);
		db->my = NULL;
		return DB_UNAVAILABLE;
	}
	if (db->down)
		log_info("database reachable again");
	db->down = 0;
	db->connected = 1;
	return DB_OK;
}

static int
lost(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONN_HOST_ERROR || e == CR_CONNECTION_ERROR ||
	    e == ER_CONNECTION_KILLED || e == CR_COMMANDS_OUT_OF_SYNC;
}

static enum db_err
classify(struct db *db, unsigned int e, const char *msg)
{
	set_error(db, e, msg);
	if (lost(e)) {
		log_warnx("database connection lost: %s", msg);
		disconnect(db);
		return DB_UNAVAILABLE;
	}
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return DB_DEADLOCK;
	if (e == ER_DUP_ENTRY || e == ER_DUP_KEY)
		return DB_DUPLICATE;
	log_warnx("database error %u: %s", e, msg);
	return DB_ERROR;
}

enum db_err
db_ping(struct db *db)
{
	enum db_err	 e;

	if ((e = db_ensure(db)) != DB_OK)
		return e;
	if (mysql_ping(db->my) == 0)
		return DB_OK;
	disconnect(db);
	return db_ensure(db);
}

enum db_err
db_simple(struct db *db, const char *sql)
{
	enum db_err	 e;
	MYSQL_RES	*res;

	if ((e = db_ensure(db)) != DB_OK)
		return e;
	if (mysql_real_query(db->my, sql, strlen(sql)) != 0)
		return classify(db, mysql_errno(db->my), mysql_error(db->my));
	if ((res = mysql_store_result(db->my)) != NULL)
		mysql_free_result(res);
	return DB_OK;
}

/* The cached statement for sql, prepared on first use on this connection. */
static enum db_err
prepare(struct db *db, const char *sql, MYSQL_STMT **out)
{
	size_t		 h, i;
	struct cached	*c = NULL;

	h = ((uintptr_t)sql >> 3) % DB_NCACHE;
	for (i = 0; i < DB_NCACHE; i++) {
		c = &db->cache[(h + i) % DB_NCACHE];
		if (c->sql == sql) {
			*out = c->stmt;
			return DB_OK;
		}
		if (c->sql == NULL)
			break;
	}
	if (c == NULL || c->sql != NULL) {
		log_warnx("statement cache full");
		return DB_ERROR;
	}
	if ((*out = mysql_stmt_init(db->my)) == NULL)
		arena_oom();
	if (mysql_stmt_prepare(*out, sql, strlen(sql)) != 0) {
		unsigned int	 err = mysql_stmt_errno(*out);
		char		 msg[256];

		snprintf(msg, sizeof(msg), "%s", mysql_stmt_error(*out));
		mysql_stmt_close(*out);
		*out = NULL;
		return classify(db, err, msg);
	}
	c->sql = sql;
	c->stmt = *out;
	return DB_OK;
}

struct params {
	MYSQL_BIND	 b[DB_MAXPARAM];
	long long	 ints[DB_MAXPARAM];
	double		 dbls[DB_MAXPARAM];
	unsigned long	 lens[DB_MAXPARAM];
	my_bool		 nulls[DB_MAXPARAM];
};

static int
bind_params(struct params *p, const char *fmt, va_list ap)
{
	size_t		 i;
	const char	*s;

	memset(p->b, 0, sizeof(p->b));
	for (i = 0; fmt[i] != '\0'; i++) {
		if (i == DB_MAXPARAM)
			return -1;
		switch (fmt[i]) {
		case 'i':
			p->ints[i] = va_arg(ap, long long);
			p->b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			p->b[i].buffer = &p->ints[i];
			break;
		case 'd':
			p->dbls[i] = va_arg(ap, double);
			p->b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			p->b[i].buffer = &p->dbls[i];
			break;
		case 's':
			s = va_arg(ap, const char *);
			p->b[i].buffer_type = MYSQL_TYPE_STRING;
			if (s == NULL) {
				p->nulls[i] = 1;
				p->b[i].is_null = &p->nulls[i];
				p->b[i].buffer_type = MYSQL_TYPE_NULL;
			} else {
				p->lens[i] = strlen(s);
				p->b[i].buffer = (void *)s;
				p->b[i].buffer_length = p->lens[i];
				p->b[i].length = &p->lens[i];
			}
			break;
		default:
			return -1;
		}
	}
	return (int)i;
}

static enum db_err
fetch_rows(struct db *db, MYSQL_STMT *st, struct arena *a,
    struct db_rows *rows)
{
	MYSQL_RES	*meta;
	MYSQL_BIND	*b;
	unsigned long	*len;
	my_bool		*nul, *errs;
	char		*cells, **row;
	size_t		 nc, c, cap = 0;
	int		 rc;

	rows->n = rows->ncols = 0;
	rows->v = NULL;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		return DB_OK;
	nc = mysql_num_fields(meta);
	mysql_free_result(meta);
	rows->ncols = nc;
	b = arena_calloc(a, nc, sizeof(*b));
	len = arena_calloc(a, nc, sizeof(*len));
	nul = arena_calloc(a, nc, sizeof(*nul));
	errs = arena_calloc(a, nc, sizeof(*errs));
	cells = arena_alloc(a, nc * DB_COLBUF);
	for (c = 0; c < nc; c++) {
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = cells + c * DB_COLBUF;
		b[c].buffer_length = DB_COLBUF;
		b[c].length = &len[c];
		b[c].is_null = &nul[c];
		b[c].error = &errs[c];
	}
	if (mysql_stmt_bind_result(st, b) != 0 ||
	    mysql_stmt_store_result(st) != 0)
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (rows->n == cap) {
			char ***nv;
			cap = cap ? cap * 2 : 16;
			nv = arena_alloc(a, cap * sizeof(*nv));
			if (rows->n)
				memcpy(nv, rows->v, rows->n * sizeof(*nv));
			rows->v = nv;
		}
		row = arena_alloc(a, nc * sizeof(*row));
		for (c = 0; c < nc; c++) {
			if (nul[c]) {
				row[c] = NULL;
				continue;
			}
			if (len[c] <= DB_COLBUF) {
				row[c] = arena_strndup(a, cells + c * DB_COLBUF,
				    len[c]);
				continue;
			}
			/* Longer than the inline buffer: fetch it whole. */
			MYSQL_BIND	 big;
			unsigned long	 blen = 0;

			memset(&big, 0, sizeof(big));
			row[c] = arena_alloc(a, len[c] + 1);
			big.buffer_type = MYSQL_TYPE_STRING;
			big.buffer = row[c];
			big.buffer_length = len[c] + 1;
			big.length = &blen;
			if (mysql_stmt_fetch_column(st, &big, (unsigned)c, 0)
			    != 0) {
				unsigned int	 err = mysql_stmt_errno(st);
				char		 m[256];

				snprintf(m, sizeof(m), "%s",
				    mysql_stmt_error(st));
				mysql_stmt_free_result(st);
				return classify(db, err, m);
			}
			row[c][blen < len[c] ? blen : len[c]] = '\0';
		}
		rows->v[rows->n++] = row;
	}
	if (rc != MYSQL_NO_DATA) {
		enum db_err e = classify(db, mysql_stmt_errno(st),
		    mysql_stmt_error(st));
		mysql_stmt_free_result(st);
		return e;
	}
	mysql_stmt_free_result(st);
	return DB_OK;
}

/* The first column of every row as an unsigned 32-bit integer. */
static enum db_err
fetch_ids(struct db *db, MYSQL_STMT *st, struct arena *a, struct db_ids *ids)
{
	MYSQL_BIND	 b;
	uint32_t	 v = 0;
	my_bool		 nul = 0, err = 0;
	size_t		 cap;
	int		 rc;

	memset(&b, 0, sizeof(b));
	b.buffer_type = MYSQL_TYPE_LONG;
	b.buffer = &v;
	b.is_unsigned = 1;
	b.is_null = &nul;
	b.error = &err;
	ids->n = 0;
	if (mysql_stmt_field_count(st) == 0 ||
	    mysql_stmt_bind_result(st, &b) != 0 ||
	    mysql_stmt_store_result(st) != 0)
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	cap = (size_t)mysql_stmt_num_rows(st);
	ids->v = arena_alloc(a, (cap + 1) * sizeof(*ids->v));
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED)
		if (!nul && ids->n < cap)
			ids->v[ids->n++] = v;
	if (rc != MYSQL_NO_DATA) {
		enum db_err e = classify(db, mysql_stmt_errno(st),
		    mysql_stmt_error(st));
		mysql_stmt_free_result(st);
		return e;
	}
	mysql_stmt_free_result(st);
	return DB_OK;
}

static int
is_read(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0 ||
	    strncasecmp(sql, "SHOW", 4) == 0;
}

/*
 * Execute once; on a lost connection, reconnect and re-prepare.  Reads
 * outside a transaction are retried once; a write is never retried,
 * because it may or may not have been applied: DB_UNAVAILABLE.
 */
static enum db_err
run(struct db *db, struct arena *a, struct db_rows *rows,
    struct db_ids *ids, unsigned long long *affected, unsigned long long *insert_id,
    const char *sql, const char *fmt, va_list *ap, MYSQL_BIND *pre,
    int npre)
{
	struct params	 p;
	MYSQL_BIND	*b;
	MYSQL_STMT	*st;
	enum db_err	 e;
	int		 n, attempt;
	va_list		 cp;

	for (attempt = 0; attempt < 2; attempt++) {
		if (db->tx_lost)
			return DB_UNAVAILABLE;
		if ((e = db_ensure(db)) != DB_OK)
			return e;
		if ((e = prepare(db, sql, &st)) != DB_OK)
			goto failed;
		if (pre != NULL) {	/* db_execv: bound by the caller */
			b = pre;
			n = npre;
		} else {
			b = p.b;
			va_copy(cp, *ap);
			n = bind_params(&p, fmt, cp);
			va_end(cp);
		}
		if (n < 0 || (unsigned long)n != mysql_stmt_param_count(st)) {
			log_warnx("statement parameters do not match: %.60s",
			    sql);
			return DB_ERROR;
		}
		if (n > 0 && mysql_stmt_bind_param(st, b) != 0) {
			e = classify(db, mysql_stmt_errno(st),
			    mysql_stmt_error(st));
			goto failed;
		}
		if (mysql_stmt_execute(st) != 0) {
			e = classify(db, mysql_stmt_errno(st),
			    mysql_stmt_error(st));
			goto failed;
		}
		if (affected != NULL)
			*affected = mysql_stmt_affected_rows(st);
		if (insert_id != NULL)
			*insert_id = mysql_stmt_insert_id(st);
		if (rows != NULL)
			return fetch_rows(db, st, a, rows);
		if (ids != NULL)
			return fetch_ids(db, st, a, ids);
		mysql_stmt_free_result(st);
		return DB_OK;
failed:
		if (e != DB_UNAVAILABLE || db->tx_lost || !is_read(sql))
			return e;
	}
	return e;
}

enum db_err
db_query(struct db *db, struct arena *a, struct db_rows *rows,
    const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	enum db_err	 e;

	va_start(ap, fmt);
	e = run(db, a, rows, NULL, NULL, NULL, sql, fmt, &ap, NULL, 0);
	va_end(ap);
	return e;
}

enum db_err
db_query_ids(struct db *db, struct arena *a, struct db_ids *ids,
    const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	enum db_err	 e;

	va_start(ap, fmt);
	e = run(db, a, NULL, ids, NULL, NULL, sql, fmt, &ap, NULL, 0);
	va_end(ap);
	return e;
}

enum db_err
db_exec(struct db *db, unsigned long long *affected,
    unsigned long long *insert_id, const char *sql, const char *fmt, ...)
{
	va_list		 ap;
	enum db_err	 e;

	va_start(ap, fmt);
	e = run(db, NULL, NULL, NULL, affected, insert_id, sql, fmt, &ap,
	    NULL, 0);
	va_end(ap);
	return e;
}

/* Multi-row statements (survey group commit): parameters from an array. */
enum db_err
db_execv(struct db *db, unsigned long long *affected,
    unsigned long long *insert_id, const char *sql, const char *fmt,
    const union db_val *vals)
{
	MYSQL_BIND	*b;
	unsigned long	*lens;
	my_bool		*nulls;
	size_t		 i, n = strlen(fmt);

	if (n == 0 || n > DB_MAXPARAMV)
		return DB_ERROR;
	if (n > db->vcap) {
		free(db->vb);
		free(db->vlens);
		free(db->vnulls);
		db->vb = calloc(n, sizeof(*db->vb));
		db->vlens = calloc(n, sizeof(*db->vlens));
		db->vnulls = calloc(n, sizeof(*db->vnulls));
		if (db->vb == NULL || db->vlens == NULL || db->vnulls == NULL)
			arena_oom();
		db->vcap = n;
	}
	b = db->vb;
	lens = db->vlens;
	nulls = db->vnulls;
	memset(b, 0, n * sizeof(*b));
	memset(nulls, 0, n * sizeof(*nulls));
	for (i = 0; i < n; i++) {
		switch (fmt[i]) {
		case 'i':
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&vals[i].i;
			break;
		case 'd':
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = (void *)&vals[i].d;
			break;
		case 's':
			if (vals[i].s == NULL) {
				nulls[i] = 1;
				b[i].is_null = &nulls[i];
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b[i].buffer_type = MYSQL_TYPE_STRING;
			lens[i] = strlen(vals[i].s);
			b[i].buffer = (void *)vals[i].s;
			b[i].buffer_length = lens[i];
			b[i].length = &lens[i];
			break;
		default:
			return DB_ERROR;
		}
	}
	return run(db, NULL, NULL, NULL, affected, insert_id, sql, fmt, NULL,
	    b, (int)n);
}

enum db_err
db_tx(struct db *db, enum db_err (*fn)(struct db *, void *), void *arg)
{
	enum db_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		/*
		 * Nothing of the transaction has been sent yet, so a
		 * connection that died while idle (wait_timeout) may be
		 * replaced once here.
		 */
		if ((e = db_simple(db, "START TRANSACTION")) == DB_UNAVAILABLE)
			e = db_simple(db, "START TRANSACTION");
		if (e != DB_OK)
			return e;
		db->in_tx = 1;
		db->tx_lost = 0;
		e = fn(db, arg);
		if (e == DB_OK && db->tx_lost)
			e = DB_UNAVAILABLE;
		if (e == DB_OK) {
			if (mysql_commit(db->my) == 0) {
				db->in_tx = 0;
				return DB_OK;
			}
			e = classify(db, mysql_errno(db->my),
			    mysql_error(db->my));
		}
		if (db->connected)
			mysql_rollback(db->my);
		db->in_tx = 0;
		db->tx_lost = 0;
		if (e != DB_DEADLOCK)
			return e;
	}
	return e;
}

const char *
db_error(const struct db *db)
{
	return db->errmsg;
}

unsigned int
db_errno(const struct db *db)
{
	return db->err;
}

int
db_status(enum db_err e)
{
	switch (e) {
	case DB_OK:
		return 200;
	case DB_UNAVAILABLE:
		return 503;
	case DB_DUPLICATE:
		return 409;
	case DB_DEADLOCK:
		return 503;
	default:
		return 500;
	}
}

long long
db_int(const char *s)
{
	return s == NULL ? 0 : strtoll(s, NULL, 10);
}

const char *
db_like_anywhere(struct arena *a, const char *q)
{
	char	*p, *o;

	o = p = arena_alloc(a, strlen(q) * 2 + 3);
	*o++ = '%';
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '!')
			*o++ = '!';
		*o++ = *q;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int
db_rows_have(const struct db_rows *rows, const char *val)
{
	size_t	 i;

	for (i = 0; val != NULL && i < rows->n; i++)
		if (rows->v[i][0] != NULL && strcmp(rows->v[i][0], val) == 0)
			return 1;
	return 0;
}
