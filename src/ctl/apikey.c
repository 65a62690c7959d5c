/*
 * manyi-ctl apikey: the keys of machine clients of manyi-feed (a CRM
 * that creates survey invitations).  "add NAME" makes a key and prints
 * it once: only its SHA-256 is stored, so a lost key is disabled and
 * replaced, never shown again.  Every change writes an audit row.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/form.h"
#include "core/http.h"
#include "ctl.h"

#define KEY_BYTES	32
#define KEY_PREFIX	"mk_"

enum stmt {
	STMT_INSERT,
	STMT_LIST,
	STMT_FIND,
	STMT_DISABLE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_INSERT */
	"INSERT INTO api_client (name, key_hash, scope) VALUES (?, ?, ?)",
	/* STMT_LIST */
	"SELECT name, scope, active, created_at, COALESCE(last_used_at, '-') "
	"FROM api_client ORDER BY name",
	/* STMT_FIND */
	"SELECT id, active FROM api_client WHERE name = ? FOR UPDATE",
	/* STMT_DISABLE */
	"UPDATE api_client SET active = 0 WHERE id = ?",
};

struct op {
	struct http_req	*r;
	const char	*name;
	const char	*scope;
	char		 hash[65];
	unsigned long long id;
	int		 missing;
	int		 already;
};

/* Names: 1-40 of [A-Za-z0-9._-], so they read well in the audit trail. */
static int
name_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n <= 40 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static enum db_err
add_tx(struct db *db, void *arg)
{
	struct op	*o = arg;
	struct json	*j;
	enum db_err	 e;

	if ((e = db_exec(db, NULL, &o->id, stmts[STMT_INSERT], "sss",
	    o->name, o->hash, o->scope)) != DB_OK)
		return e;
	j = json_new(o->r->a);
	json_str(j, "name", o->name);
	json_str(j, "scope", o->scope);
	return audit_write(db, o->r, "manyi-ctl", "api_client",
	    (long long)o->id, "create", NULL, json_end(j));
}

static enum db_err
disable_tx(struct db *db, void *arg)
{
	struct op	*o = arg;
	struct db_rows	 rows;
	struct json	*j;
	enum db_err	 e;

	o->missing = o->already = 0;
	if ((e = db_query(db, o->r->a, &rows, stmts[STMT_FIND], "s",
	    o->name)) != DB_OK)
		return e;
	if (rows.n == 0) {
		o->missing = 1;
		return DB_OK;
	}
	if (strcmp(rows.v[0][1], "0") == 0) {
		o->already = 1;
		return DB_OK;
	}
	o->id = (unsigned long long)db_int(rows.v[0][0]);
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_DISABLE], "i",
	    (long long)o->id)) != DB_OK)
		return e;
	j = json_new(o->r->a);
	json_str(j, "name", o->name);
	json_int(j, "active", 0);
	return audit_write(db, o->r, "manyi-ctl", "api_client",
	    (long long)o->id, "disable", NULL, json_end(j));
}

static int
apikey_add(struct ctl *c, struct http_req *r, int argc, char *argv[])
{
	unsigned char	 b[KEY_BYTES];
	char		 key[sizeof(KEY_PREFIX) + 44];
	struct op	 o;
	enum db_err	 e;

	memset(&o, 0, sizeof(o));
	o.r = r;
	o.scope = "invitations";
	if (argc == 4 && strcmp(argv[2], "--scope") == 0)
		o.scope = argv[3];
	else if (argc != 2) {
		fprintf(stderr, "usage: manyi-ctl apikey add NAME "
		    "[--scope invitations]\n");
		return 2;
	}
	o.name = argv[1];
	if (!name_ok(o.name)) {
		fprintf(stderr, "manyi-ctl: a key name is 1 to 40 letters, "
		    "digits, '.', '_' or '-'\n");
		return 2;
	}
	if (strcmp(o.scope, "invitations") != 0) {
		fprintf(stderr, "manyi-ctl: unknown scope %s (known: "
		    "invitations)\n", o.scope);
		return 2;
	}
	randombytes_buf(b, sizeof(b));
	memcpy(key, KEY_PREFIX, strlen(KEY_PREFIX));
	sodium_bin2base64(key + strlen(KEY_PREFIX), sizeof(key) -
	    strlen(KEY_PREFIX), b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof(b));
	auth_sha256_hex(key, o.hash);
	if ((e = db_tx(c->db, add_tx, &o)) != DB_OK) {
		if (e == DB_DUPLICATE)
			fprintf(stderr, "manyi-ctl: a key named %s exists "
			    "(disable it and choose another name)\n", o.name);
		else
			fprintf(stderr, "manyi-ctl: %s\n", db_error(c->db));
		sodium_memzero(key, sizeof(key));
		return 1;
	}
	/* The only time the key is shown: stdout, for the operator to
	 * hand to the client; the note goes to stderr. */
	printf("%s\n", key);
	fprintf(stderr, "key %s created (scope %s); it is shown only now: "
	    "give it to the client as \"Authorization: Bearer KEY\"\n",
	    o.name, o.scope);
	sodium_memzero(key, sizeof(key));
	return 0;
}

static int
apikey_list(struct ctl *c, struct http_req *r)
{
	struct db_rows	 rows;
	size_t		 i;

	if (db_query(c->db, r->a, &rows, stmts[STMT_LIST], "") != DB_OK) {
		fprintf(stderr, "manyi-ctl: %s\n", db_error(c->db));
		return 1;
	}
	printf("%-40s %-14s %-8s %-19s %s\n", "NAME", "SCOPE", "STATE",
	    "CREATED", "LAST USED");
	for (i = 0; i < rows.n; i++)
		printf("%-40s %-14s %-8s %-19s %s\n", rows.v[i][0],
		    rows.v[i][1], strcmp(rows.v[i][2], "1") == 0 ? "active" :
		    "disabled", rows.v[i][3], rows.v[i][4]);
	return 0;
}

static int
apikey_disable(struct ctl *c, struct http_req *r, const char *name)
{
	struct op	 o;

	memset(&o, 0, sizeof(o));
	o.r = r;
	o.name = name;
	if (db_tx(c->db, disable_tx, &o) != DB_OK) {
		fprintf(stderr, "manyi-ctl: %s\n", db_error(c->db));
		return 1;
	}
	if (o.missing) {
		fprintf(stderr, "manyi-ctl: no key named %s\n", name);
		return 1;
	}
	printf(o.already ? "key %s was already disabled\n" :
	    "key %s disabled\n", name);
	return 0;
}

int
ctl_apikey(struct ctl *c, int argc, char *argv[])
{
	struct http_req	 r;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	r.remote_addr = "console";
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		rc = apikey_add(c, &r, argc - 1, argv + 1);
	else if (argc == 2 && strcmp(argv[1], "list") == 0)
		rc = apikey_list(c, &r);
	else if (argc == 3 && strcmp(argv[1], "disable") == 0)
		rc = apikey_disable(c, &r, argv[2]);
	else {
		fprintf(stderr, "usage: manyi-ctl apikey add NAME | list | "
		    "disable NAME\n");
		rc = 2;
	}
	arena_free(r.a);
	return rc;
}
