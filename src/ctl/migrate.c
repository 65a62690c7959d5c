/*
 * manyi-ctl migrate: apply sql/migrations/NNNN_name.sql in order, each
 * recorded in schema_migration; idempotent; refuses a database that is
 * newer than the code.  A migration file is a list of statements, each
 * ending with ';' at the end of a line.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/db.h"
#include "ctl.h"

#define MAXMIG	1000

enum stmt {
	STMT_CREATE,
	STMT_LOCK,
	STMT_UNLOCK,
	STMT_APPLIED,
	STMT_RECORD,
	STMT_EXISTS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CREATE */
	"CREATE TABLE IF NOT EXISTS schema_migration ("
	" version INT UNSIGNED NOT NULL PRIMARY KEY,"
	" name VARCHAR(200) NOT NULL,"
	" applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
	/* STMT_LOCK: two operators migrating at once wait for each other. */
	"SELECT GET_LOCK('manyi_migrate', 30)",
	/* STMT_UNLOCK */
	"SELECT RELEASE_LOCK('manyi_migrate')",
	/* STMT_APPLIED */
	"SELECT version FROM schema_migration ORDER BY version",
	/* STMT_RECORD */
	"INSERT INTO schema_migration (version, name) VALUES (?, ?)",
	/* STMT_EXISTS */
	"SELECT COUNT(*) FROM information_schema.tables "
	"WHERE table_schema = DATABASE() AND table_name = 'schema_migration'",
};

struct migration {
	unsigned int	 version;
	char		 name[200];
	char		 file[256];
};

static int
migcmp(const void *a, const void *b)
{
	const struct migration	*x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

/* The migrations shipped with the code, sorted; -1 on a bad folder. */
static int
list_migrations(const char *dir, struct migration *m, size_t *n)
{
	DIR		*d;
	struct dirent	*e;
	char		*end;
	size_t		 len;
	unsigned long	 v;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "manyi-ctl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 10 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		v = strtoul(e->d_name, &end, 10);
		if (end != e->d_name + 4 || *end != '_' || v == 0) {
			fprintf(stderr, "manyi-ctl: %s: not NNNN_name.sql\n",
			    e->d_name);
			closedir(d);
			return -1;
		}
		if (*n == MAXMIG)
			break;
		m[*n].version = (unsigned)v;
		snprintf(m[*n].name, sizeof(m[*n].name), "%.*s",
		    (int)(len - 9), e->d_name + 5);
		snprintf(m[*n].file, sizeof(m[*n].file), "%s", e->d_name);
		(*n)++;
	}
	closedir(d);
	qsort(m, *n, sizeof(*m), migcmp);
	for (len = 1; len < *n; len++)
		if (m[len].version == m[len - 1].version) {
			fprintf(stderr, "manyi-ctl: two migrations numbered "
			    "%04u\n", m[len].version);
			return -1;
		}
	return 0;
}

/* Run each statement of a file; returns 0 or -1 (message printed). */
static int
apply_file(struct db *db, const char *path)
{
	FILE	*f;
	struct buf stmt = { 0 };
	char	 line[8192];
	size_t	 len;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "manyi-ctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "--", 2) == 0 && stmt.len == 0)
			continue;
		buf_puts(&stmt, line);
		len = strlen(line);
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (len == 0 || line[len - 1] != ';')
			continue;
		if (db_simple(db, stmt.p) != DB_OK) {
			fprintf(stderr, "manyi-ctl: %s: %s\n", path,
			    db_error(db));
			rc = -1;
			break;
		}
		stmt.len = 0;
	}
	if (rc == 0 && stmt.len > 0 && strspn(stmt.p, " \t\r\n") != stmt.len) {
		fprintf(stderr, "manyi-ctl: %s: last statement has no ';'\n",
		    path);
		rc = -1;
	}
	fclose(f);
	buf_free(&stmt);
	return rc;
}

int
ctl_migrate(struct ctl *c, int argc, char *argv[])
{
	static struct migration	 m[MAXMIG];
	struct arena		*a = arena_new();
	struct db_rows		 rows;
	char			 dir[1024], path[1400];
	size_t			 n, i, j, applied = 0;
	unsigned int		 newest = 0;
	int			 status_only = 0, rc = 1;

	if (argc > 1 && strcmp(argv[1], "--status") == 0)
		status_only = 1;
	snprintf(dir, sizeof(dir), "%s/sql/migrations", c->datadir);
	if (list_migrations(dir, m, &n) == -1)
		goto out;
	/* --status only reads: no table is created, no lock taken. */
	if (status_only) {
		if (db_query(c->db, a, &rows, stmts[STMT_EXISTS], "") != DB_OK)
			goto dberr;
		if (db_int(rows.v[0][0]) == 0)
			rows.n = 0;
		else if (db_query(c->db, a, &rows, stmts[STMT_APPLIED], "")
		    != DB_OK)
			goto dberr;
	} else {
		if (db_exec(c->db, NULL, NULL, stmts[STMT_CREATE], "") != DB_OK ||
		    db_query(c->db, a, &rows, stmts[STMT_LOCK], "") != DB_OK)
			goto dberr;
		if (rows.n != 1 || rows.v[0][0] == NULL ||
		    strcmp(rows.v[0][0], "1") != 0) {
			fprintf(stderr, "manyi-ctl: another migrate is running "
			    "(lock not granted in 30 s)\n");
			goto out;
		}
		if (db_query(c->db, a, &rows, stmts[STMT_APPLIED], "") != DB_OK)
			goto dberr;
	}
	if (rows.n > 0)
		newest = (unsigned)db_int(rows.v[rows.n - 1][0]);
	if (n == 0 || newest > m[n - 1].version) {
		fprintf(stderr, "manyi-ctl: the database is at schema version "
		    "%04u, newer than this program knows (%04u): refusing.  "
		    "Install the newer Manyi.\n", newest,
		    n ? m[n - 1].version : 0);
		rc = 3;
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		int done = 0;

		for (j = 0; j < rows.n; j++)
			if ((unsigned)db_int(rows.v[j][0]) == m[i].version)
				done = 1;
		if (status_only) {
			printf("%04u %-40s %s\n", m[i].version, m[i].name,
			    done ? "applied" : "pending");
			continue;
		}
		if (done)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, m[i].file);
		if (apply_file(c->db, path) == -1)
			goto unlock;
		if (db_exec(c->db, NULL, NULL, stmts[STMT_RECORD], "is",
		    (long long)m[i].version, m[i].name) != DB_OK) {
			fprintf(stderr, "manyi-ctl: recording %s: %s\n",
			    m[i].file, db_error(c->db));
			goto unlock;
		}
		printf("applied %04u %s\n", m[i].version, m[i].name);
		applied++;
	}
	if (!status_only)
		printf("schema is at version %04u (%zu applied now)\n",
		    m[n - 1].version, applied);
	rc = 0;
unlock:
	if (!status_only)
		db_query(c->db, a, &rows, stmts[STMT_UNLOCK], "");
	goto out;
dberr:
	fprintf(stderr, "manyi-ctl: database: %s\n", db_error(c->db));
out:
	arena_free(a);
	return rc;
}
