/*
 * Tests of the MariaDB layer (src/core/db.c) against a live, private
 * server: tests/db/run.sh starts a throwaway mariadbd (or takes the
 * socket of one) and passes its socket in MANYI_TEST_DB_SOCKET.  The
 * tests connect as root without a password and work in their own
 * database, manyi_dbtest, which every test creates afresh (checked
 * fixture, so it runs in the forked child) and drops at the end.
 *
 * Statements are string constants, as in the programs: db.c caches the
 * prepared statement by the address of its text.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "arena.h"
#include "db.h"
#include "log.h"

#define TESTDB	"manyi_dbtest"

static const char	*sock;		/* MANYI_TEST_DB_SOCKET */
static struct db	*adm;		/* root, for setup and for checking */
static struct db	*db;		/* the connection under test */
static struct arena	*a;

/* ----------------------------------------------------------- statements */

static const char Q_CONNID[] = "SELECT CONNECTION_ID()";
static const char Q_ALIVE[] =
    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?";
static const char Q_SESSION[] = "SELECT @@session.time_zone, "
    "@@session.sql_mode, @@character_set_client, "
    "@@character_set_connection, @@character_set_results";
static const char Q_INS_S[] = "INSERT INTO item (s) VALUES (?)";
static const char Q_INS_CODE[] = "INSERT INTO item (code) VALUES (?)";
static const char Q_INS_DIV[] = "INSERT INTO item (x) VALUES (1 / ?)";
static const char Q_INS_ALL[] =
    "INSERT INTO item (s, n, x, body) VALUES (?, ?, ?, ?)";
static const char Q_GET_S[] =
    "SELECT s, HEX(s), CHAR_LENGTH(s) FROM item WHERE id = ?";
static const char Q_GET_ALL[] =
    "SELECT id, s, n, x, body, LENGTH(body) FROM item ORDER BY id";
static const char Q_GET_BY_N[] = "SELECT s FROM item WHERE n = ?";
static const char Q_GET_NONE[] = "SELECT id, s FROM item WHERE id < 0";
static const char Q_COUNT_ITEM[] = "SELECT COUNT(*) FROM item";
static const char Q_COUNT_S[] = "SELECT COUNT(*) FROM item WHERE s = ?";
static const char Q_COUNT_NULL_S[] =
    "SELECT COUNT(*) FROM item WHERE s IS NULL";
static const char Q_UPD_N[] = "UPDATE item SET n = ? WHERE n = ?";
static const char Q_ECHO[] = "SELECT ?, ?, ?";
static const char Q_PREPARES[] =
    "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'";
static const char Q_CACHED[] = "SELECT COUNT(*) FROM item WHERE id > ?";
static const char Q_INS_UNIQ[] = "INSERT INTO uniq (k, v) VALUES (?, ?)";
static const char Q_COUNT_UNIQ[] = "SELECT COUNT(*) FROM uniq";
static const char Q_BUMP[] = "UPDATE counter SET n = n + 1 WHERE id = ?";
static const char Q_LOG[] = "INSERT INTO txlog (who) VALUES (?)";
static const char Q_COUNTERS[] = "SELECT n FROM counter ORDER BY id";
static const char Q_COUNT_LOG[] = "SELECT COUNT(*) FROM txlog WHERE who = ?";
static const char Q_DDL_GET[] = "SELECT a, b FROM ddl_t ORDER BY a";
static const char Q_SYNTAX[] = "SELEC 1 FROM item";
static const char Q_NO_TABLE[] = "SELECT 1 FROM no_such_table";

/* -------------------------------------------------------------- helpers */

static struct db_conf
conf_for(const char *name)
{
	struct db_conf	 c;

	memset(&c, 0, sizeof(c));
	c.socket = sock;
	c.user = "root";
	c.password = NULL;
	c.name = name;
	c.timeout = 2;
	return c;
}

static struct db *
connect_to(const char *name)
{
	struct db_conf	 c = conf_for(name);
	struct db	*d = db_new(&c);

	ck_assert_msg(db_ensure(d) == DB_OK, "cannot connect to %s on %s: %s",
	    name, sock, db_error(d));
	return d;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * One integer from a one-row query through a constant statement:
 * SCALAR(db, sql, fmt, args...).
 */
static long long
scalar_check(struct db *d, const char *sql, int line, enum db_err e,
    const struct db_rows *r)
{
	ck_assert_msg(e == DB_OK, "line %d: %s: error %d: %s", line, sql,
	    (int)e, db_error(d));
	ck_assert_msg(r->n == 1 && r->ncols >= 1, "line %d: %s: %zu rows",
	    line, sql, r->n);
	ck_assert_msg(r->v[0][0] != NULL, "line %d: %s: NULL", line, sql);
	return db_int(r->v[0][0]);
}

#define SCALAR(d, sql, ...) __extension__ ({				\
	struct db_rows	 r_;						\
	enum db_err	 e_ = db_query((d), a, &r_, (sql), __VA_ARGS__);	\
	scalar_check((d), (sql), __LINE__, e_, &r_);			\
})

static long long
conn_id(struct db *d)
{
	return SCALAR(d, Q_CONNID, "");
}

/* KILL a connection from the admin connection; wait until it is gone. */
static void
kill_conn(long long id)
{
	char	 sql[64];
	int	 i;

	snprintf(sql, sizeof(sql), "KILL CONNECTION %lld", id);
	ck_assert_msg(db_simple(adm, sql) == DB_OK, "%s: %s", sql,
	    db_error(adm));
	for (i = 0; i < 200; i++) {
		if (SCALAR(adm, Q_ALIVE, "i", id) == 0)
			return;
		usleep(25000);
	}
	ck_abort_msg("connection %lld still alive after KILL", id);
}

/* ---------------------------------------------------------- the fixture */

static void
simple_ok(struct db *d, const char *sql)
{
	ck_assert_msg(db_simple(d, sql) == DB_OK, "%s: %s", sql, db_error(d));
}

/*
 * A fresh manyi_dbtest for every test.  The admin connection logs into
 * "mysql" (manyi_dbtest may not exist yet) and then USEs the new one.
 */
static void
setup(void)
{
	a = arena_new();
	adm = connect_to("mysql");
	simple_ok(adm, "DROP DATABASE IF EXISTS " TESTDB);
	simple_ok(adm, "CREATE DATABASE " TESTDB
	    " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
	simple_ok(adm, "USE " TESTDB);
	simple_ok(adm, "CREATE TABLE item ("
	    " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
	    " s VARCHAR(100) NULL, code VARCHAR(3) NULL, n BIGINT NULL,"
	    " x DOUBLE NULL, body MEDIUMTEXT NULL) ENGINE=InnoDB");
	simple_ok(adm, "CREATE TABLE uniq (k VARCHAR(20) NOT NULL PRIMARY KEY,"
	    " v INT NULL) ENGINE=InnoDB");
	simple_ok(adm, "CREATE TABLE counter (id INT NOT NULL PRIMARY KEY,"
	    " n INT NOT NULL) ENGINE=InnoDB");
	simple_ok(adm, "INSERT INTO counter VALUES (1, 0), (2, 0)");
	simple_ok(adm, "CREATE TABLE txlog (id INT NOT NULL AUTO_INCREMENT"
	    " PRIMARY KEY, who VARCHAR(10) NOT NULL) ENGINE=InnoDB");
	db = connect_to(TESTDB);
}

static void
teardown(void)
{
	db_free(db);
	db = NULL;
	if (adm != NULL) {
		db_simple(adm, "DROP DATABASE IF EXISTS " TESTDB);
		db_free(adm);
		adm = NULL;
	}
	arena_free(a);
	a = NULL;
}

/* -------------------------------------------------------------- connect */

START_TEST(connect_session_settings)
{
	struct db_rows	 r;

	ck_assert_int_eq(db_ensure(db), DB_OK);
	ck_assert_int_eq(db_ensure(db), DB_OK);	/* idempotent */
	ck_assert_int_eq(db_ping(db), DB_OK);
	ck_assert_int_eq(db_query(db, a, &r, Q_SESSION, ""), DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_uint_eq(r.ncols, 5);
	ck_assert_str_eq(r.v[0][0], "+00:00");
	ck_assert_msg(strstr(r.v[0][1], "STRICT_ALL_TABLES") != NULL,
	    "sql_mode is %s", r.v[0][1]);
	ck_assert_msg(strstr(r.v[0][1], "ERROR_FOR_DIVISION_BY_ZERO") != NULL,
	    "sql_mode is %s", r.v[0][1]);
	ck_assert_str_eq(r.v[0][2], "utf8mb4");
	ck_assert_str_eq(r.v[0][3], "utf8mb4");
	ck_assert_str_eq(r.v[0][4], "utf8mb4");
}
END_TEST

START_TEST(connect_utf8mb4_round_trip)
{
	static const char	 text[] = "满意😀";
	unsigned long long	 id = 0, n = 0;
	struct db_rows		 r;

	ck_assert_int_eq(db_exec(db, &n, &id, Q_INS_S, "s", text), DB_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_gt(id, 0);
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_S, "i", (long long)id),
	    DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(r.v[0][0], text);
	/* Stored as utf8mb4 (not double-encoded, not replaced by '?'). */
	ck_assert_str_eq(r.v[0][1], "E6BBA1E6848FF09F9880");
	ck_assert_str_eq(r.v[0][2], "3");
	/* And found by a bound parameter. */
	ck_assert_int_eq(SCALAR(db, Q_COUNT_S, "s", text), 1);
}
END_TEST

START_TEST(connect_strict_mode)
{
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_CODE, "s", "abc"),
	    DB_OK);
	/* Too long for VARCHAR(3): an error, not a silent truncation. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_CODE, "s", "abcd"),
	    DB_ERROR);
	ck_assert_uint_eq(db_errno(db), 1406);	/* ER_DATA_TOO_LONG */
	ck_assert_str_ne(db_error(db), "");
	/* Division by zero in an INSERT is an error too. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_DIV, "i", 0LL),
	    DB_ERROR);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 1);
	/* The connection is still fine after the errors. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_CODE, "s", "xyz"),
	    DB_OK);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 2);
}
END_TEST

/* ---------------------------------------------------------------- query */

static char *
filled(size_t n, char c0)
{
	char	*s = arena_alloc(a, n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		s[i] = (char)(c0 + (char)(i % 23));
	s[n] = '\0';
	return s;
}

START_TEST(query_rows_nulls_long_values)
{
	static const size_t	 sizes[] = { 0, 1, 255, 256, 257, 511, 4096,
	    100 * 1024 };
	const size_t		 nsizes = sizeof(sizes) / sizeof(sizes[0]);
	char			*bodies[sizeof(sizes) / sizeof(sizes[0])];
	struct db_rows		 r;
	size_t			 i;
	char			 len[32];

	for (i = 0; i < nsizes; i++) {
		bodies[i] = filled(sizes[i], (char)('a' + (char)i));
		ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_ALL, "sids",
		    i % 2 ? NULL : "x", (long long)i, 0.5, bodies[i]),
		    DB_OK);
	}
	/* A row of NULLs. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_ALL, "ssss", NULL,
	    NULL, NULL, NULL), DB_OK);
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_ALL, ""), DB_OK);
	ck_assert_uint_eq(r.ncols, 6);
	ck_assert_uint_eq(r.n, nsizes + 1);
	for (i = 0; i < nsizes; i++) {
		if (i % 2)
			ck_assert_ptr_null(r.v[i][1]);
		else
			ck_assert_str_eq(r.v[i][1], "x");
		ck_assert_int_eq(db_int(r.v[i][2]), (long long)i);
		ck_assert_ptr_nonnull(r.v[i][4]);
		snprintf(len, sizeof(len), "%zu", sizes[i]);
		ck_assert_str_eq(r.v[i][5], len);
		ck_assert_msg(strlen(r.v[i][4]) == sizes[i],
		    "body of %zu bytes came back with %zu", sizes[i],
		    strlen(r.v[i][4]));
		ck_assert_msg(memcmp(r.v[i][4], bodies[i], sizes[i]) == 0,
		    "body of %zu bytes differs", sizes[i]);
	}
	for (i = 1; i < 6; i++)
		ck_assert_ptr_null(r.v[nsizes][i]);
	ck_assert_ptr_nonnull(r.v[nsizes][0]);
	/* NULL through 's' is stored as SQL NULL, not as "". */
	ck_assert_int_eq(SCALAR(db, Q_COUNT_NULL_S, ""), 1 + nsizes / 2);

	/* No rows: n == 0, but the columns are known. */
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_NONE, ""), DB_OK);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_uint_eq(r.ncols, 2);
}
END_TEST

START_TEST(query_many_rows)
{
	struct db_rows	 r;
	char		 s[32];
	long long	 i;

	for (i = 0; i < 300; i++) {
		snprintf(s, sizeof(s), "r%lld", i);
		ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_ALL, "sids", s,
		    i, (double)i, NULL), DB_OK);
	}
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_ALL, ""), DB_OK);
	ck_assert_uint_eq(r.n, 300);
	for (i = 0; i < 300; i++) {
		snprintf(s, sizeof(s), "r%lld", i);
		ck_assert_str_eq(r.v[i][1], s);
		ck_assert_int_eq(db_int(r.v[i][2]), i);
		ck_assert_ptr_null(r.v[i][4]);
	}
}
END_TEST

START_TEST(query_binds_ints_and_doubles)
{
	static const long long	 ints[] = { 0, -1, 42, 9007199254740993LL,
	    LLONG_MAX, LLONG_MIN };
	static const double	 dbls[] = { 0.0, 2.5, -0.125, 0.1, 1e300,
	    -3.25e-200 };
	struct db_rows		 r;
	unsigned long long	 aff = 0;
	char			 want[32];
	size_t			 i;

	for (i = 0; i < 6; i++)
		ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_ALL, "sids",
		    "v", ints[i], dbls[i], NULL), DB_OK);
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_ALL, ""), DB_OK);
	ck_assert_uint_eq(r.n, 6);
	for (i = 0; i < 6; i++) {
		snprintf(want, sizeof(want), "%lld", ints[i]);
		ck_assert_str_eq(r.v[i][2], want);
		ck_assert_int_eq(db_int(r.v[i][2]), ints[i]);
		ck_assert_msg(r.v[i][3] != NULL &&
		    strtod(r.v[i][3], NULL) == dbls[i],
		    "double %.17g came back as %s", dbls[i],
		    r.v[i][3] ? r.v[i][3] : "NULL");
	}
	/* Integers bound in a WHERE. */
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_BY_N, "i",
	    9007199254740993LL), DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(db_query(db, a, &r, Q_GET_BY_N, "i",
	    9007199254740992LL), DB_OK);
	ck_assert_uint_eq(r.n, 0);
	/* Affected rows. */
	ck_assert_int_eq(db_exec(db, &aff, NULL, Q_UPD_N, "ii", 7LL,
	    LLONG_MIN), DB_OK);
	ck_assert_uint_eq(aff, 1);
	ck_assert_int_eq(db_exec(db, &aff, NULL, Q_UPD_N, "ii", 7LL, 12345LL),
	    DB_OK);
	ck_assert_uint_eq(aff, 0);
	/* Mixed parameters straight back. */
	ck_assert_int_eq(db_query(db, a, &r, Q_ECHO, "isd", -5LL, "t€xt",
	    2.5), DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(db_int(r.v[0][0]), -5);
	ck_assert_str_eq(r.v[0][1], "t€xt");
	ck_assert(strtod(r.v[0][2], NULL) == 2.5);
	/* NULL through 's'. */
	ck_assert_int_eq(db_query(db, a, &r, Q_ECHO, "sss", NULL, "", NULL),
	    DB_OK);
	ck_assert_ptr_null(r.v[0][0]);
	ck_assert_str_eq(r.v[0][1], "");
	ck_assert_ptr_null(r.v[0][2]);
}
END_TEST

START_TEST(query_parameter_mismatch)
{
	struct db_rows	 r;

	ck_assert_int_eq(db_query(db, a, &r, Q_COUNT_S, ""), DB_ERROR);
	ck_assert_int_eq(db_query(db, a, &r, Q_COUNT_S, "ss", "a", "b"),
	    DB_ERROR);
	ck_assert_int_eq(db_query(db, a, &r, Q_COUNT_ITEM, "i", 1LL),
	    DB_ERROR);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "q", "a"), DB_ERROR);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "", "a"), DB_ERROR);
	/* Nothing was written and the connection still works. */
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_S, "s", "a"), 0);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "a"), DB_OK);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_S, "s", "a"), 1);
}
END_TEST

START_TEST(query_sql_errors)
{
	struct db_rows	 r;

	ck_assert_int_eq(db_query(db, a, &r, Q_SYNTAX, ""), DB_ERROR);
	ck_assert_uint_eq(db_errno(db), 1064);	/* ER_PARSE_ERROR */
	ck_assert_int_eq(db_query(db, a, &r, Q_NO_TABLE, ""), DB_ERROR);
	ck_assert_uint_eq(db_errno(db), 1146);	/* ER_NO_SUCH_TABLE */
	ck_assert_int_eq(db_query(db, a, &r, Q_NO_TABLE, ""), DB_ERROR);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);
}
END_TEST

/* ------------------------------------------------------ statement cache */

static long long
prepares(struct db *d)
{
	struct db_rows	 r;

	ck_assert_int_eq(db_query(d, a, &r, Q_PREPARES, ""), DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_uint_eq(r.ncols, 2);
	ck_assert_str_eq(r.v[0][0], "Com_stmt_prepare");
	return db_int(r.v[0][1]);
}

START_TEST(statement_cache_prepares_once)
{
	long long	 p0, p1, p2, p3, p4, p5, i;
	char		 copy[sizeof(Q_CACHED)];
	struct db_rows	 r;

	/* Includes the SHOW's own prepare, which happens only now. */
	p0 = prepares(db);
	ck_assert_int_ge(p0, 1);
	ck_assert_int_eq(prepares(db), p0);	/* SHOW is cached too */

	ck_assert_int_eq(SCALAR(db, Q_CACHED, "i", 0LL), 0);
	p1 = prepares(db);
	ck_assert_int_eq(p1 - p0, 1);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(SCALAR(db, Q_CACHED, "i", i), 0);
	p2 = prepares(db);
	ck_assert_int_eq(p2 - p1, 0);

	/* The key is the address: the same text elsewhere is another one. */
	memcpy(copy, Q_CACHED, sizeof(copy));
	ck_assert_int_eq(SCALAR(db, copy, "i", 0LL), 0);
	p3 = prepares(db);
	ck_assert_int_eq(p3 - p2, 1);
	ck_assert_int_eq(SCALAR(db, copy, "i", 0LL), 0);
	ck_assert_int_eq(SCALAR(db, Q_CACHED, "i", 0LL), 0);
	p4 = prepares(db);
	ck_assert_int_eq(p4 - p3, 0);

	/* A statement that fails to prepare is not cached: tried again. */
	ck_assert_int_eq(db_query(db, a, &r, Q_NO_TABLE, ""), DB_ERROR);
	ck_assert_int_eq(db_query(db, a, &r, Q_NO_TABLE, ""), DB_ERROR);
	p5 = prepares(db);
	ck_assert_int_eq(p5 - p4, 2);
}
END_TEST

/* ------------------------------------------------ duplicates and status */

START_TEST(duplicate_key)
{
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_UNIQ, "si", "k1", 1LL),
	    DB_OK);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_UNIQ, "si", "k1", 2LL),
	    DB_DUPLICATE);
	ck_assert_uint_eq(db_errno(db), 1062);	/* ER_DUP_ENTRY */
	ck_assert_msg(strstr(db_error(db), "k1") != NULL, "error: %s",
	    db_error(db));
	ck_assert_int_eq(db_status(DB_DUPLICATE), 409);
	/* Collation-equal keys are duplicates too. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_UNIQ, "si", "K1", 3LL),
	    DB_DUPLICATE);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_UNIQ, "si", "k2", 4LL),
	    DB_OK);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_UNIQ, ""), 2);
}
END_TEST

START_TEST(status_mapping)
{
	ck_assert_int_eq(db_status(DB_OK), 200);
	ck_assert_int_eq(db_status(DB_UNAVAILABLE), 503);
	ck_assert_int_eq(db_status(DB_DUPLICATE), 409);
	ck_assert_int_eq(db_status(DB_ERROR), 500);
	ck_assert_int_eq(db_status(DB_DEADLOCK), 503);
	ck_assert_int_eq(db_int(NULL), 0);
	ck_assert_int_eq(db_int("-17"), -17);
	ck_assert_int_eq(db_int("9223372036854775807"), LLONG_MAX);
}
END_TEST

/* ------------------------------------------------------------------- tx */

struct ins {
	const char	*first;
	const char	*second;
	int		 calls;
	enum db_err	 ret;	/* returned after both inserts */
};

static enum db_err
tx_insert_two(struct db *d, void *arg)
{
	struct ins	*t = arg;
	enum db_err	 e;

	t->calls++;
	if ((e = db_exec(d, NULL, NULL, Q_INS_S, "s", t->first)) != DB_OK)
		return e;
	if ((e = db_exec(d, NULL, NULL, Q_INS_S, "s", t->second)) != DB_OK)
		return e;
	return t->ret;
}

START_TEST(tx_commits)
{
	struct ins	 t = { "c1", "c2", 0, DB_OK };

	ck_assert_int_eq(db_tx(db, tx_insert_two, &t), DB_OK);
	ck_assert_int_eq(t.calls, 1);
	/* Visible from another connection: committed. */
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "c1"), 1);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "c2"), 1);
	/* Back in autocommit mode afterwards. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "c3"), DB_OK);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "c3"), 1);
}
END_TEST

START_TEST(tx_rolls_back_on_error)
{
	struct ins	 t = { "r1", "r2", 0, DB_ERROR };
	struct ins	 dup = { "d1", "d1", 0, DB_OK };

	/* The function fails after two successful inserts. */
	ck_assert_int_eq(db_tx(db, tx_insert_two, &t), DB_ERROR);
	ck_assert_int_eq(t.calls, 1);		/* not retried */
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "r1"), 0);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "r2"), 0);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);

	/* A statement fails (duplicate) after a first insert. */
	simple_ok(adm, "ALTER TABLE item ADD UNIQUE KEY (s)");
	ck_assert_int_eq(db_tx(db, tx_insert_two, &dup), DB_DUPLICATE);
	ck_assert_int_eq(dup.calls, 1);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "d1"), 0);

	/* The connection is usable and in autocommit mode. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "after"),
	    DB_OK);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "after"), 1);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_ITEM, ""), 1);
}
END_TEST

/* Two transactions locking the same two rows in opposite order. */
struct dl {
	const char	*who;
	long long	 first, second;
	int		 calls;
	enum db_err	 rc;
	unsigned int	 lasterr;
	char		 err[256];
};

static pthread_barrier_t	 dl_barrier;

static enum db_err
tx_deadlock(struct db *d, void *arg)
{
	struct dl	*t = arg;
	enum db_err	 e;

	t->calls++;
	if ((e = db_exec(d, NULL, NULL, Q_BUMP, "i", t->first)) != DB_OK)
		goto out;
	/* Only the first attempt waits: both now hold one row each. */
	if (t->calls == 1)
		pthread_barrier_wait(&dl_barrier);
	if ((e = db_exec(d, NULL, NULL, Q_BUMP, "i", t->second)) != DB_OK)
		goto out;
	e = db_exec(d, NULL, NULL, Q_LOG, "s", t->who);
out:
	if (e != DB_OK) {
		t->lasterr = db_errno(d);
		snprintf(t->err, sizeof(t->err), "%s", db_error(d));
	}
	return e;
}

static void *
dl_thread(void *arg)
{
	struct dl	*t = arg;
	struct db_conf	 c = conf_for(TESTDB);
	struct db	*d = db_new(&c);

	t->rc = db_tx(d, tx_deadlock, t);
	db_free(d);
	return NULL;
}

START_TEST(tx_retries_deadlock)
{
	struct dl	 t1 = { "t1", 1, 2, 0, DB_ERROR, 0, "" };
	struct dl	 t2 = { "t2", 2, 1, 0, DB_ERROR, 0, "" };
	pthread_t	 p1, p2;
	struct db_rows	 r;

	ck_assert_int_eq(pthread_barrier_init(&dl_barrier, NULL, 2), 0);
	ck_assert_int_eq(pthread_create(&p1, NULL, dl_thread, &t1), 0);
	ck_assert_int_eq(pthread_create(&p2, NULL, dl_thread, &t2), 0);
	pthread_join(p1, NULL);
	pthread_join(p2, NULL);
	pthread_barrier_destroy(&dl_barrier);

	ck_assert_msg(t1.rc == DB_OK, "t1: %d after %d calls (%u %s)",
	    (int)t1.rc, t1.calls, t1.lasterr, t1.err);
	ck_assert_msg(t2.rc == DB_OK, "t2: %d after %d calls (%u %s)",
	    (int)t2.rc, t2.calls, t2.lasterr, t2.err);
	/* Exactly one of them was the deadlock victim and ran again. */
	ck_assert_msg(t1.calls + t2.calls == 3, "calls: t1 %d, t2 %d",
	    t1.calls, t2.calls);
	ck_assert_uint_eq(t1.calls == 2 ? t1.lasterr : t2.lasterr, 1213);
	/* Each transaction applied exactly once. */
	ck_assert_int_eq(db_query(adm, a, &r, Q_COUNTERS, ""), DB_OK);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(r.v[0][0], "2");
	ck_assert_str_eq(r.v[1][0], "2");
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_LOG, "s", "t1"), 1);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_LOG, "s", "t2"), 1);
}
END_TEST

/* ------------------------------------------------------ lost connection */

START_TEST(lost_connection_read_reconnects)
{
	long long	 id1, id2;
	struct db_rows	 r;

	/* Prepare (and cache) the statements on the first connection. */
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "x"), DB_OK);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_S, "s", "x"), 1);
	id1 = conn_id(db);
	kill_conn(id1);

	/* A read is retried on a new connection, re-prepared. */
	ck_assert_int_eq(db_query(db, a, &r, Q_COUNT_S, "s", "x"), DB_OK);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(r.v[0][0], "1");
	id2 = conn_id(db);
	ck_assert_int_ne(id1, id2);
	/* The session settings are those of a fresh connection. */
	ck_assert_int_eq(db_query(db, a, &r, Q_SESSION, ""), DB_OK);
	ck_assert_str_eq(r.v[0][0], "+00:00");
	ck_assert_str_eq(r.v[0][2], "utf8mb4");

	/* The same with SHOW, and a statement first used after the kill. */
	kill_conn(id2);
	ck_assert_int_ge(prepares(db), 1);
	kill_conn(conn_id(db));
	ck_assert_int_eq(SCALAR(db, Q_CACHED, "i", 0LL), 1);
	kill_conn(conn_id(db));
	ck_assert_int_eq(db_ping(db), DB_OK);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 1);
}
END_TEST

START_TEST(lost_connection_write_not_repeated)
{
	long long	 id1, id2, want;
	enum db_err	 e;
	int		 round;

	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "before"),
	    DB_OK);
	for (round = 0; round < 2; round++) {
		id1 = conn_id(db);
		kill_conn(id1);
		/* Round 0: the statement is cached; round 1: it is not. */
		e = db_exec(db, NULL, NULL, round == 0 ? Q_INS_S : Q_LOG, "s",
		    "after");
		ck_assert_msg(e == DB_OK || e == DB_UNAVAILABLE,
		    "write after kill: %d (%s)", (int)e, db_error(db));
		if (e == DB_UNAVAILABLE)
			ck_assert_str_ne(db_error(db), "");
		want = e == DB_OK ? 1 : 0;
		if (round == 0)
			ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "after"),
			    want);
		else
			ck_assert_int_eq(SCALAR(adm, Q_COUNT_LOG, "s", "after"),
			    want);
		/* The next call works, on a new connection. */
		ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "next"),
		    DB_OK);
		ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "next"),
		    round + 1);
		id2 = conn_id(db);
		ck_assert_int_ne(id1, id2);
	}
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "before"), 1);
}
END_TEST

struct killtx {
	long long	 id;
	int		 calls;
	enum db_err	 read;
	enum db_err	 write;
	long long	 seen;	/* what the read returned, if anything */
};

/*
 * Insert, lose the connection, then go on with a read and a write as a
 * handler would if the read succeeded.  The read must fail (it cannot be
 * retried: the transaction is gone with the connection), and nothing of
 * the transaction may be stored.
 */
static enum db_err
tx_killed(struct db *d, void *arg)
{
	struct killtx	*k = arg;
	struct db_rows	 r;
	enum db_err	 e;

	k->calls++;
	if ((e = db_exec(d, NULL, NULL, Q_INS_S, "s", "in-tx")) != DB_OK)
		return e;
	kill_conn(k->id);
	k->read = db_query(d, a, &r, Q_COUNT_ITEM, "");
	if (k->read == DB_OK && r.n == 1)
		k->seen = db_int(r.v[0][0]);
	k->write = db_exec(d, NULL, NULL, Q_INS_S, "s", "in-tx-2");
	return k->read != DB_OK ? k->read : k->write;
}

START_TEST(lost_connection_in_tx)
{
	struct killtx	 k = { 0, 0, DB_OK, DB_OK, -1 };
	enum db_err	 e;
	long long	 n1, n2;

	k.id = conn_id(db);
	/* Both statements are cached on the connection that will die. */
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "pre"), DB_OK);
	simple_ok(adm, "DELETE FROM item");

	e = db_tx(db, tx_killed, &k);
	n1 = SCALAR(adm, Q_COUNT_S, "s", "in-tx");
	n2 = SCALAR(adm, Q_COUNT_S, "s", "in-tx-2");
	ck_assert_int_eq(k.calls, 1);
	/*
	 * Inside a transaction even a read is not retried: it would run on
	 * a new connection, outside the transaction, and so would all that
	 * follows (autocommitted), then db_tx would "commit" half of it.
	 */
	ck_assert_msg(k.read == DB_UNAVAILABLE && e == DB_UNAVAILABLE &&
	    n1 == 0 && n2 == 0,
	    "connection killed inside db_tx: the read after it returned %d"
	    " (saw %lld rows, want DB_UNAVAILABLE), the write after it %d,"
	    " db_tx %d (want DB_UNAVAILABLE); stored: first insert %lld,"
	    " second insert %lld (want 0 and 0)", (int)k.read, k.seen,
	    (int)k.write, (int)e, n1, n2);
	/* Reconnected, out of the transaction: reads are retried again. */
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);
	ck_assert_int_eq(db_exec(db, NULL, NULL, Q_INS_S, "s", "after"),
	    DB_OK);
	kill_conn(conn_id(db));
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 1);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "after"), 1);
}
END_TEST

/* After a transaction ended (either way), reads are retried again. */
START_TEST(lost_connection_after_tx)
{
	struct ins	 ok = { "a1", "a2", 0, DB_OK };
	struct ins	 bad = { "b1", "b2", 0, DB_ERROR };

	ck_assert_int_eq(db_tx(db, tx_insert_two, &ok), DB_OK);
	kill_conn(conn_id(db));
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 2);
	ck_assert_int_eq(db_tx(db, tx_insert_two, &bad), DB_ERROR);
	kill_conn(conn_id(db));
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 2);
}
END_TEST

/*
 * A transaction started on a connection the server has dropped: it
 * either runs once (reconnected) or fails with DB_UNAVAILABLE without
 * storing anything; the next one runs.
 */
START_TEST(lost_connection_before_tx)
{
	struct ins	 t = { "s1", "s2", 0, DB_OK };
	struct ins	 t2 = { "s3", "s4", 0, DB_OK };
	enum db_err	 e;

	kill_conn(conn_id(db));
	e = db_tx(db, tx_insert_two, &t);
	ck_assert_msg(e == DB_OK || e == DB_UNAVAILABLE, "db_tx: %d", (int)e);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_ITEM, ""), e == DB_OK ? 2 : 0);
	ck_assert_int_eq(t.calls, e == DB_OK ? 1 : 0);
	if (e != DB_OK)
		fprintf(stderr, "note: db_tx on a dropped connection: "
		    "DB_UNAVAILABLE (%s)\n", db_error(db));
	ck_assert_int_eq(db_tx(db, tx_insert_two, &t2), DB_OK);
	ck_assert_int_eq(SCALAR(adm, Q_COUNT_S, "s", "s3"), 1);
}
END_TEST

/* ---------------------------------------------------------- server down */

START_TEST(server_down)
{
	struct db_conf	 c = conf_for(TESTDB);
	struct ins	 t = { "x", "y", 0, DB_OK };
	struct db	*d;
	struct db_rows	 r;
	double		 t0, t1;
	char		 path[256];

	snprintf(path, sizeof(path), "/nonexistent-%ld/db.sock",
	    (long)getpid());
	c.socket = path;
	d = db_new(&c);
	t0 = now();
	ck_assert_int_eq(db_ensure(d), DB_UNAVAILABLE);
	t1 = now();
	ck_assert_msg(t1 - t0 < 2.0, "db_ensure took %.2f s", t1 - t0);
	ck_assert_str_ne(db_error(d), "");
	ck_assert_uint_ne(db_errno(d), 0);
	/* Every entry point says so, quickly, and does not crash. */
	ck_assert_int_eq(db_ensure(d), DB_UNAVAILABLE);
	ck_assert_int_eq(db_ping(d), DB_UNAVAILABLE);
	ck_assert_int_eq(db_query(d, a, &r, Q_COUNT_ITEM, ""), DB_UNAVAILABLE);
	ck_assert_int_eq(db_exec(d, NULL, NULL, Q_INS_S, "s", "x"),
	    DB_UNAVAILABLE);
	ck_assert_int_eq(db_simple(d, "SELECT 1"), DB_UNAVAILABLE);
	ck_assert_int_eq(db_tx(d, tx_insert_two, &t), DB_UNAVAILABLE);
	ck_assert_int_eq(t.calls, 0);
	ck_assert_msg(now() - t0 < 4.0, "took %.2f s", now() - t0);
	ck_assert_int_eq(db_status(DB_UNAVAILABLE), 503);
	db_free(d);

	/* A connect to a database that does not exist fails the same way. */
	c = conf_for("manyi_dbtest_no_such_db");
	d = db_new(&c);
	ck_assert_int_eq(db_ensure(d), DB_UNAVAILABLE);
	ck_assert_uint_eq(db_errno(d), 1049);	/* ER_BAD_DB_ERROR */
	db_free(d);
}
END_TEST

/* ------------------------------------------------------------ db_simple */

START_TEST(simple_ddl)
{
	struct db_rows	 r;

	ck_assert_int_eq(db_simple(db, "CREATE TABLE ddl_t (a INT NOT NULL"
	    " PRIMARY KEY) ENGINE=InnoDB"), DB_OK);
	ck_assert_int_eq(db_simple(db, "ALTER TABLE ddl_t ADD COLUMN b"
	    " VARCHAR(10) NULL"), DB_OK);
	ck_assert_int_eq(db_simple(db, "INSERT INTO ddl_t VALUES (1, 'one'),"
	    " (2, NULL)"), DB_OK);
	/* A statement with a result: the result is consumed. */
	ck_assert_int_eq(db_simple(db, "SELECT * FROM ddl_t"), DB_OK);
	ck_assert_int_eq(db_query(db, a, &r, Q_DDL_GET, ""), DB_OK);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(r.v[0][1], "one");
	ck_assert_ptr_null(r.v[1][1]);
	ck_assert_int_eq(db_simple(db, "SET @manyi_x = 1"), DB_OK);
	/* Errors. */
	ck_assert_int_eq(db_simple(db, "CREATE TABLE ddl_t (a INT)"),
	    DB_ERROR);
	ck_assert_uint_eq(db_errno(db), 1050);	/* ER_TABLE_EXISTS_ERROR */
	ck_assert_int_eq(db_simple(db, "CREATE TABLEX"), DB_ERROR);
	ck_assert_uint_eq(db_errno(db), 1064);
	ck_assert_int_eq(db_simple(db, "INSERT INTO ddl_t VALUES (1, 'x')"),
	    DB_DUPLICATE);
	ck_assert_int_eq(db_simple(db, "DROP TABLE ddl_t"), DB_OK);
	/* The cached statement now refers to a dropped table. */
	ck_assert_int_eq(db_query(db, a, &r, Q_DDL_GET, ""), DB_ERROR);
	ck_assert_int_eq(SCALAR(db, Q_COUNT_ITEM, ""), 0);
}
END_TEST

/*
 * MariaDB's error 4031 is ER_REFERENCED_TRG_DOES_NOT_EXIST (a CREATE
 * TRIGGER ... FOLLOWS naming a trigger that does not exist), not MySQL's
 * ER_CLIENT_INTERACTION_TIMEOUT: it is an ordinary error, and the
 * connection is still up.
 */
START_TEST(simple_error_4031_is_not_a_lost_connection)
{
	long long	 id = conn_id(db);
	enum db_err	 e;

	e = db_simple(db, "CREATE TRIGGER trg BEFORE INSERT ON item FOR EACH"
	    " ROW FOLLOWS no_such_trigger SET NEW.n = 1");
	ck_assert_uint_eq(db_errno(db), 4031);
	ck_assert_msg(e == DB_ERROR, "error 4031 (%s) gave %d, not DB_ERROR",
	    db_error(db), (int)e);
	ck_assert_int_eq(conn_id(db), id);
}
END_TEST

/* ----------------------------------------------------------------- main */

static Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc;

#define TC(name, ...) do {						\
	tc = tcase_create(name);					\
	tcase_add_checked_fixture(tc, setup, teardown);			\
	tcase_set_timeout(tc, 60);					\
	__VA_ARGS__;							\
	suite_add_tcase(s, tc);						\
} while (0)

	TC("connect",
	    tcase_add_test(tc, connect_session_settings);
	    tcase_add_test(tc, connect_utf8mb4_round_trip);
	    tcase_add_test(tc, connect_strict_mode));
	TC("query",
	    tcase_add_test(tc, query_rows_nulls_long_values);
	    tcase_add_test(tc, query_many_rows);
	    tcase_add_test(tc, query_binds_ints_and_doubles);
	    tcase_add_test(tc, query_parameter_mismatch);
	    tcase_add_test(tc, query_sql_errors));
	TC("cache",
	    tcase_add_test(tc, statement_cache_prepares_once));
	TC("errors",
	    tcase_add_test(tc, duplicate_key);
	    tcase_add_test(tc, status_mapping);
	    tcase_add_test(tc, simple_error_4031_is_not_a_lost_connection));
	TC("tx",
	    tcase_add_test(tc, tx_commits);
	    tcase_add_test(tc, tx_rolls_back_on_error);
	    tcase_add_test(tc, tx_retries_deadlock));
	TC("lost",
	    tcase_add_test(tc, lost_connection_read_reconnects);
	    tcase_add_test(tc, lost_connection_write_not_repeated);
	    tcase_add_test(tc, lost_connection_in_tx);
	    tcase_add_test(tc, lost_connection_after_tx);
	    tcase_add_test(tc, lost_connection_before_tx));
	TC("down",
	    tcase_add_test(tc, server_down));
	TC("simple",
	    tcase_add_test(tc, simple_ddl));
#undef TC
	return s;
}

int
main(void)
{
	SRunner		*sr;
	struct db_conf	 c;
	struct db	*d;
	int		 failed;

	if ((sock = getenv("MANYI_TEST_DB_SOCKET")) == NULL || *sock == '\0') {
		fprintf(stderr, "check_db: MANYI_TEST_DB_SOCKET is not set\n");
		return 2;
	}
	log_init("check_db");
	if (db_library_init() != 0) {
		fprintf(stderr, "check_db: db_library_init failed\n");
		return 2;
	}
	sr = srunner_create(db_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	/* Leave nothing behind, even if a test died before its teardown. */
	c = conf_for("mysql");
	d = db_new(&c);
	if (db_ensure(d) == DB_OK)
		db_simple(d, "DROP DATABASE IF EXISTS " TESTDB);
	db_free(d);
	db_library_end();
	return failed == 0 ? 0 : 1;
}
