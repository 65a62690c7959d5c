/*
 * The customer list's text search (issue 4): which customers a search
 * matches, exactly as "customer_search.txt LIKE '%term%'" in
 * utf8mb4_unicode_ci (or the digits in the mobiles) would say.
 *
 * A resident manyi-admin (FastCGI) keeps every customer's search text
 * in memory (src/core/textfind.c) and finds a term's matches there in a
 * few milliseconds.  The copy is never trusted: each search first reads
 * customer_search_version (migration 0019), and a copy older than it is
 * brought up to it from the customers changed since (customer_search_log)
 * or, when too many changed, read again whole.  How the collation folds
 * characters comes from the server itself, once: the classes of BMP
 * characters its LIKE holds equal (customer_search_fold).  A CGI process, which answers one
 * request, scans customer_search with the LIKE instead.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/db.h"
#include "core/log.h"
#include "core/textfind.h"
#include "admin.h"

/* Past this many changed customers, the copy is read again whole. */
#define FIND_CHANGES_MAX	5000
#define FIND_CHANGES_MAXS	"5001"	/* one more, as SQL */

enum find_stmt {
	FIND_VERSION, FIND_CHANGES, FIND_ALL, FIND_FOLD, FIND_SCAN,
	FIND_SCAN_MOB
};

static const char *const find_sql[] = {
	/* FIND_VERSION */
	"SELECT v FROM customer_search_version WHERE id = 1",
	/* FIND_CHANGES: the customers changed since a number, as now. */
	"SELECT l.v, l.customer_id, s.txt, s.mob FROM customer_search_log l "
	"LEFT JOIN customer_search s ON s.customer_id = l.customer_id "
	"WHERE l.v > ? ORDER BY l.v LIMIT " FIND_CHANGES_MAXS,
	/* FIND_ALL: every search row and their number (one snapshot). */
	"SELECT (SELECT v FROM customer_search_version WHERE id = 1), "
	"customer_id, txt, mob FROM customer_search",
	/* FIND_FOLD: the server's folding of characters (migration 0019). */
	"SELECT cp, rep FROM customer_search_fold",
	/* FIND_SCAN: one request alone (CGI). */
	"SELECT customer_id FROM customer_search WHERE txt LIKE " SEARCH_PAT
	" ORDER BY customer_id",
	/* FIND_SCAN_MOB: the same, or the mobiles hold the digits. */
	"SELECT customer_id FROM customer_search WHERE txt LIKE " SEARCH_PAT
	" OR mob LIKE ? ORDER BY customer_id",
};

static pthread_mutex_t	 find_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tf_fold	*find_fold;	/* once read, kept */
static struct tf_corpus	*find_cur;	/* the newest copy */

/* The server's folding of characters. */
static enum db_err
fold_load(struct db *db)
{
	struct arena	*a;
	struct db_rows	 rows;
	struct tf_fold	*f;
	long long	 from, to;
	size_t		 i;
	enum db_err	 e;

	a = arena_new();
	if ((e = db_query(db, a, &rows, find_sql[FIND_FOLD], "")) != DB_OK) {
		arena_free(a);
		return e;
	}
	if ((f = malloc(sizeof(*f))) == NULL)
		arena_oom();
	tf_fold_init(f);
	for (i = 0; i < rows.n; i++) {
		from = db_int(rows.v[i][0]);
		to = db_int(rows.v[i][1]);
		if (from >= 0 && from < 65536 && to >= 0 && to < from)
			f->to[from] = (uint16_t)to;
	}
	arena_free(a);
	find_fold = f;
	return DB_OK;
}

/*
 * A copy at least as new as version ver in find_cur (find_mu held): the
 * changes since find_cur's, or everything.
 */
static enum db_err
refresh(struct db *db, long long ver)
{
	struct arena	*a;
	struct db_rows	 rows;
	struct tf_entry	*ent;
	struct tf_corpus *c;
	long long	 v = ver;
	size_t		 i;
	int		 whole;
	enum db_err	 e;

	if (find_fold == NULL && (e = fold_load(db)) != DB_OK)
		return e;
	a = arena_new();
	whole = find_cur == NULL;
	if (!whole) {
		if ((e = db_query(db, a, &rows, find_sql[FIND_CHANGES], "i",
		    find_cur->version)) != DB_OK)
			goto out;
		/* Too many, or some already gone from the log. */
		whole = rows.n == 0 || rows.n > FIND_CHANGES_MAX ||
		    db_int(rows.v[0][0]) != find_cur->version + 1;
	}
	if (whole && (e = db_query(db, a, &rows, find_sql[FIND_ALL], ""))
	    != DB_OK)
		goto out;
	if ((ent = calloc(rows.n + 1, sizeof(*ent))) == NULL)
		arena_oom();
	/* Rows of the number (the last change's), id, text, mobiles. */
	for (i = 0; i < rows.n; i++) {
		char **row = rows.v[i];

		v = db_int(row[0]);
		ent[i].id = (uint32_t)db_int(row[1]);
		if ((ent[i].txt = row[2]) != NULL) {	/* NULL: gone */
			ent[i].tlen = strlen(row[2]);
			ent[i].mob = row[3] != NULL ? row[3] : "";
			ent[i].mlen = strlen(ent[i].mob);
		}
	}
	/* No customer at all: as new as the number read before. */
	if (rows.n == 0)
		v = ver;
	c = tf_build(whole ? NULL : find_cur, ent, rows.n, find_fold);
	free(ent);
	if (c == NULL) {
		e = DB_ERROR;
		goto out;
	}
	c->version = v;
	if (whole)
		log_info("customer search: %zu customers read into memory "
		    "(change %lld)", c->n, v);
	/* The old copy goes now, or with its last reader. */
	if (find_cur != NULL && find_cur->refs == 0)
		tf_free(find_cur);
	find_cur = c;
	e = DB_OK;
out:
	arena_free(a);
	return e;
}

/* One request alone: the LIKE over customer_search. */
static enum db_err
scan(struct http_req *r, const char *q, const char *digits,
    uint32_t **ids, size_t *n)
{
	struct db_rows	 rows;
	size_t		 i;
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &rows, find_sql[digits != NULL ?
	    FIND_SCAN_MOB : FIND_SCAN], digits != NULL ? "ss" : "s",
	    db_like_anywhere(r->a, q), digits != NULL ?
	    db_like_anywhere(r->a, digits) : NULL)) != DB_OK)
		return e;
	*ids = arena_calloc(r->a, rows.n + 1, sizeof(**ids));
	for (i = 0; i < rows.n; i++)
		(*ids)[i] = (uint32_t)db_int(rows.v[i][0]);
	*n = rows.n;
	return DB_OK;
}

/* The number of the last change of a search row. */
static enum db_err
number(struct http_req *r, long long *ver)
{
	struct db_rows	 vr;
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &vr, find_sql[FIND_VERSION], "")) ==
	    DB_OK)
		*ver = vr.n > 0 ? db_int(vr.v[0][0]) : 0;
	return e;
}

/*
 * The copy holds a number above the one read (find_mu held): another
 * search brought it up to date meanwhile, or the database went back (a
 * restore).  Read the number again; lower still, the copy goes.
 */
static enum db_err
went_back(struct http_req *r)
{
	long long	 ver;
	enum db_err	 e;

	if ((e = number(r, &ver)) != DB_OK)
		return e;
	if (find_cur->version > ver) {
		log_warnx("customer search: the database's change %lld is "
		    "older than the copy's %lld; reading it again", ver,
		    find_cur->version);
		if (find_cur->refs == 0)
			tf_free(find_cur);
		find_cur = NULL;
	}
	return DB_OK;
}

enum db_err
cust_find(struct http_req *r, const char *q, const char *digits,
    uint32_t **ids, size_t *n, size_t *of)
{
	struct tf_corpus *c;
	char		*ft;
	size_t		 fn, len = strlen(q);
	long long	 ver;
	enum db_err	 e;

	*of = 0;
	if (!app_cfg.resident)
		return scan(r, q, digits, ids, n);
	if ((e = number(r, &ver)) != DB_OK)
		return e;
	pthread_mutex_lock(&find_mu);
	if (find_cur != NULL && find_cur->version > ver &&
	    (e = went_back(r)) != DB_OK) {
		pthread_mutex_unlock(&find_mu);
		return e;
	}
	/* (Searches wait here while one brings the copy up to date: none
	 * may answer from a copy older than the number it read.) */
	if ((find_cur == NULL || find_cur->version < ver) &&
	    (e = refresh(r->db, ver)) != DB_OK) {
		pthread_mutex_unlock(&find_mu);
		return e;
	}
	c = find_cur;
	c->refs++;
	pthread_mutex_unlock(&find_mu);

	ft = arena_alloc(r->a, len + 1);
	fn = tf_fold_utf8(find_fold, q, len, ft);
	*ids = arena_alloc(r->a, (c->n + 1) * sizeof(**ids));
	*n = tf_match(c, ft, fn, digits, *ids);
	*of = c->n;

	pthread_mutex_lock(&find_mu);
	if (--c->refs == 0 && c != find_cur)
		tf_free(c);
	pthread_mutex_unlock(&find_mu);
	return DB_OK;
}

/* At start (program.warm): the copy read before the first search. */
void
cust_find_warm(struct db *db)
{
	pthread_mutex_lock(&find_mu);
	if (find_cur == NULL && refresh(db, 0) != DB_OK)
		log_warnx("customer search: no copy at start (%s); the first "
		    "search reads it", db_error(db));
	pthread_mutex_unlock(&find_mu);
}
