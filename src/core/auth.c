#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <sodium.h>

#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "form.h"
#include "http.h"
#include "log.h"

struct auth_conf	 auth_cfg;

enum stmt {
	STMT_SESSION_LOAD,
	STMT_SESSION_PERMS,
	STMT_SESSION_TOUCH,
	STMT_SESSION_INSERT,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_EXPIRE,
	STMT_THROTTLE_LOGIN,
	STMT_THROTTLE_IP,
	STMT_ATTEMPT_INSERT,
	STMT_ATTEMPT_CLEAR,
	STMT_ATTEMPT_EXPIRE,
	STMT_AUDIT_INSERT,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SESSION_LOAD: valid, not idle too long, user still active. */
	"SELECT s.user_id, s.csrf, u.login, u.display_name, "
	"COALESCE(u.department_id, 0), "
	"TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()) "
	"FROM session s JOIN `user` u ON u.id = s.user_id "
	"WHERE s.id_hash = ? AND s.expires_at > NOW() "
	"AND s.last_seen_at > NOW() - INTERVAL ? SECOND AND u.active = 1",
	/* STMT_SESSION_PERMS */
	"SELECT DISTINCT rp.permission FROM user_role ur "
	"JOIN role_permission rp ON rp.role_id = ur.role_id "
	"WHERE ur.user_id = ?",
	/* STMT_SESSION_TOUCH */
	"UPDATE session SET last_seen_at = NOW() WHERE id_hash = ?",
	/* STMT_SESSION_INSERT */
	"INSERT INTO session (id_hash, user_id, csrf, created_at, "
	"last_seen_at, expires_at, ip) VALUES (?, ?, ?, NOW(), NOW(), "
	"NOW() + INTERVAL ? SECOND, ?)",
	/* STMT_SESSION_DELETE */
	"DELETE FROM session WHERE id_hash = ?",
	/* STMT_SESSION_DELETE_USER */
	"DELETE FROM session WHERE user_id = ?",
	/* STMT_SESSION_EXPIRE */
	"DELETE FROM session WHERE expires_at < NOW() "
	"OR last_seen_at < NOW() - INTERVAL ? SECOND",
	/* STMT_THROTTLE_LOGIN */
	"SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, NOW(), "
	"MIN(at) + INTERVAL ? SECOND), 0) FROM login_attempt "
	"WHERE login = ? AND success = 0 AND at > NOW() - INTERVAL ? SECOND",
	/* STMT_THROTTLE_IP */
	"SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, NOW(), "
	"MIN(at) + INTERVAL ? SECOND), 0) FROM login_attempt "
	"WHERE ip = ? AND success = 0 AND at > NOW() - INTERVAL ? SECOND",
	/* STMT_ATTEMPT_INSERT */
	"INSERT INTO login_attempt (login, ip, at, success) "
	"VALUES (?, ?, NOW(), ?)",
	/* STMT_ATTEMPT_CLEAR: a success forgives the name's failures. */
	"DELETE FROM login_attempt WHERE login = ? AND success = 0",
	/* STMT_ATTEMPT_EXPIRE */
	"DELETE FROM login_attempt WHERE at < NOW() - INTERVAL 1 DAY",
	/* STMT_AUDIT_INSERT */
	"INSERT INTO audit (at, user_id, login, ip, entity, entity_id, "
	"action, before_json, after_json) "
	"VALUES (NOW(3), ?, ?, ?, ?, ?, ?, ?, ?)",
};

static pthread_once_t	 dummy_once = PTHREAD_ONCE_INIT;
static char		 dummy_hash[AUTH_HASHLEN];

void
auth_init(const struct conf *c)
{
	if (sodium_init() < 0) {
		log_warnx("libsodium failed to initialise");
		abort();
	}
	auth_cfg.m_kib = (unsigned)conf_int(c, "auth", "argon2_memory_kib",
	    19 * 1024);
	auth_cfg.t_cost = (unsigned)conf_int(c, "auth", "argon2_time", 2);
	auth_cfg.lanes = (unsigned)conf_int(c, "auth", "argon2_lanes", 1);
	auth_cfg.idle_s = conf_int(c, "auth", "session_idle", 30 * 60);
	auth_cfg.absolute_s = conf_int(c, "auth", "session_max", 12 * 3600);
	auth_cfg.window_s = conf_int(c, "auth", "throttle_window", 15 * 60);
	auth_cfg.max_login = conf_int(c, "auth", "max_failures_login", 5);
	auth_cfg.max_ip = conf_int(c, "auth", "max_failures_ip", 20);
	/* Never below the floor: m = 19 MiB, t = 2. */
	if (auth_cfg.m_kib < 19 * 1024)
		auth_cfg.m_kib = 19 * 1024;
	if (auth_cfg.t_cost < 2)
		auth_cfg.t_cost = 2;
	if (auth_cfg.lanes < 1)
		auth_cfg.lanes = 1;
}

int
auth_hash(const char *pw, char *out)
{
	unsigned char	 salt[16];

	randombytes_buf(salt, sizeof(salt));
	return argon2id_hash_encoded(auth_cfg.t_cost, auth_cfg.m_kib,
	    auth_cfg.lanes, pw, strlen(pw), salt, sizeof(salt), 32, out,
	    AUTH_HASHLEN) == ARGON2_OK ? 0 : -1;
}

static void
make_dummy(void)
{
	char	 pw[65];

	auth_token(pw);
	if (auth_hash(pw, dummy_hash) == -1)
		dummy_hash[0] = '\0';
}

int
auth_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL) {
		pthread_once(&dummy_once, make_dummy);
		(void)argon2id_verify(dummy_hash, pw, strlen(pw));
		return 0;
	}
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}

const char *
auth_password_rule(const char *pw)
{
	size_t	 n = utf8_len(pw);

	if (n < AUTH_PW_MIN)
		return "err.password_short";
	if (n > AUTH_PW_MAX)
		return "err.too_long";
	return NULL;
}

void
auth_token(char out[65])
{
	unsigned char	 b[32];

	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, 65, b, sizeof(b));
}

void
auth_sha256_hex(const char *in, char out[65])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)in, strlen(in));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

const char *
session_cookie(const struct http_req *r)
{
	/* __Host-: Secure, Path=/, no Domain — cannot be planted by a
	 * sibling subdomain. */
	return r->https ? "__Host-manyi_session" : "manyi_session";
}

static int
is_token(const char *s)
{
	return s != NULL && strlen(s) == 64 &&
	    strspn(s, "0123456789abcdef") == 64;
}

enum db_err
session_load(struct http_req *r)
{
	struct db_rows	 rows, perms;
	struct session	*s;
	const char	*cookie = http_cookie_get(r, session_cookie(r));
	char		 h[65];
	enum db_err	 e;
	size_t		 i;

	r->sess = NULL;
	if (!is_token(cookie))
		return DB_OK;
	auth_sha256_hex(cookie, h);
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_SESSION_LOAD], "si",
	    h, auth_cfg.idle_s)) != DB_OK || rows.n == 0)
		return e;
	s = arena_calloc(r->a, 1, sizeof(*s));
	s->user_id = db_int(rows.v[0][0]);
	s->csrf = rows.v[0][1];
	s->login = rows.v[0][2];
	s->name = rows.v[0][3];
	s->dept_id = db_int(rows.v[0][4]);
	if ((e = db_query(r->db, r->a, &perms, stmts[STMT_SESSION_PERMS], "i",
	    s->user_id)) != DB_OK)
		return e;
	s->perms = arena_calloc(r->a, perms.n + 1, sizeof(char *));
	for (i = 0; i < perms.n; i++)
		s->perms[i] = perms.v[i][0];
	s->nperms = perms.n;
	/* Idle time is tracked to the minute: one write a minute, not one
	 * a request. */
	if (db_int(rows.v[0][5]) >= 60 && (e = db_exec(r->db, NULL, NULL,
	    stmts[STMT_SESSION_TOUCH], "s", h)) != DB_OK)
		return e;
	r->sess = s;
	r->user = s->login;
	return DB_OK;
}

enum db_err
session_start(struct http_req *r, long long user_id)
{
	const char	*old = http_cookie_get(r, session_cookie(r));
	char		 tok[65], h[65], csrf[65];
	enum db_err	 e;
	struct session	*s;

	/* Whatever id the browser brought is gone: no fixation. */
	if (is_token(old)) {
		auth_sha256_hex(old, h);
		if ((e = db_exec(r->db, NULL, NULL, stmts[STMT_SESSION_DELETE],
		    "s", h)) != DB_OK)
			return e;
	}
	if ((e = db_exec(r->db, NULL, NULL, stmts[STMT_SESSION_EXPIRE], "i",
	    auth_cfg.idle_s)) != DB_OK)
		return e;
	auth_token(tok);
	auth_token(csrf);
	auth_sha256_hex(tok, h);
	if ((e = db_exec(r->db, NULL, NULL, stmts[STMT_SESSION_INSERT],
	    "sisis", h, user_id, csrf, auth_cfg.absolute_s,
	    r->remote_addr ? r->remote_addr : "")) != DB_OK)
		return e;
	http_cookie(r, session_cookie(r), arena_strdup(r->a, tok), 0);
	s = r->sess ? r->sess : arena_calloc(r->a, 1, sizeof(*s));
	s->user_id = user_id;
	s->csrf = arena_strdup(r->a, csrf);
	s->fresh = 1;
	r->sess = s;
	return DB_OK;
}

enum db_err
session_end_user(struct db *db, long long user_id)
{
	return db_exec(db, NULL, NULL, stmts[STMT_SESSION_DELETE_USER], "i",
	    user_id);
}

enum db_err
session_end_current(struct http_req *r)
{
	const char	*cookie = http_cookie_get(r, session_cookie(r));
	char		 h[65];

	http_cookie(r, session_cookie(r), "", -1);
	if (!is_token(cookie))
		return DB_OK;
	auth_sha256_hex(cookie, h);
	return db_exec(r->db, NULL, NULL, stmts[STMT_SESSION_DELETE], "s", h);
}

int
auth_can(const struct http_req *r, const char *perm)
{
	size_t	 i;

	if (r->sess == NULL)
		return 0;
	if (perm == NULL || perm[0] == '\0')
		return 1;
	for (i = 0; i < r->sess->nperms; i++)
		if (strcmp(r->sess->perms[i], perm) == 0)
			return 1;
	return 0;
}

static enum db_err
throttle_one(struct db *db, struct arena *a, const char *sql,
    const char *key, long long max, long long *wait_s)
{
	struct db_rows	 rows;
	enum db_err	 e;
	long long	 w;

	if ((e = db_query(db, a, &rows, sql, "isi", auth_cfg.window_s, key,
	    auth_cfg.window_s)) != DB_OK)
		return e;
	if (rows.n == 1 && db_int(rows.v[0][0]) >= max) {
		w = db_int(rows.v[0][1]);
		if (w < 1)
			w = 1;
		if (w > *wait_s)
			*wait_s = w;
	}
	return DB_OK;
}

enum db_err
auth_throttle(struct db *db, struct arena *a, const char *login,
    const char *ip, long long *wait_s)
{
	enum db_err	 e;

	*wait_s = 0;
	if ((e = throttle_one(db, a, stmts[STMT_THROTTLE_LOGIN], login,
	    auth_cfg.max_login, wait_s)) != DB_OK)
		return e;
	return throttle_one(db, a, stmts[STMT_THROTTLE_IP], ip ? ip : "",
	    auth_cfg.max_ip, wait_s);
}

enum db_err
auth_attempt(struct db *db, const char *login, const char *ip, int ok)
{
	enum db_err	 e;

	if ((e = db_exec(db, NULL, NULL, stmts[STMT_ATTEMPT_INSERT], "ssi",
	    login, ip ? ip : "", (long long)ok)) != DB_OK)
		return e;
	if (!ok)
		return DB_OK;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_ATTEMPT_CLEAR], "s",
	    login)) != DB_OK)
		return e;
	return db_exec(db, NULL, NULL, stmts[STMT_ATTEMPT_EXPIRE], "");
}

const char *
auth_scope_dept(struct http_req *r)
{
	if (auth_can(r, "scope.all_departments"))
		return NULL;
	return arena_printf(r->a, "%lld", r->sess->dept_id);
}

const char *
mask_phone(struct arena *a, const char *p)
{
	size_t	 n;

	if (p == NULL || *p == '\0')
		return p;
	n = strlen(p);
	if (n < 7)
		return "****";
	return arena_printf(a, "%.3s****%s", p, p + n - 4);
}

const char *
mask_email(struct arena *a, const char *e)
{
	const char	*at;

	if (e == NULL || *e == '\0')
		return e;
	if ((at = strchr(e, '@')) == NULL || at == e)
		return "***";
	/* One whole character, even a multi-byte one. */
	return arena_printf(a, "%.*s***%s", (int)(1 + strspn(e + 1,
	    "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f"
	    "\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f"
	    "\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf"
	    "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf")),
	    e, at);
}

const char *
auth_phone(struct http_req *r, const char *p)
{
	return auth_can(r, "pii.view") ? p : mask_phone(r->a, p);
}

const char *
auth_email(struct http_req *r, const char *e)
{
	return auth_can(r, "pii.view") ? e : mask_email(r->a, e);
}

struct json {
	struct arena	*a;
	struct buf	 b;
};

struct json *
json_new(struct arena *a)
{
	struct json	*j = arena_calloc(a, 1, sizeof(*j));

	j->a = a;
	buf_puts(&j->b, "{");
	return j;
}

static void
json_quote(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

void
json_str(struct json *j, const char *k, const char *v)
{
	if (j->b.len > 1)
		buf_puts(&j->b, ",");
	json_quote(&j->b, k);
	buf_puts(&j->b, ":");
	if (v == NULL)
		buf_puts(&j->b, "null");
	else
		json_quote(&j->b, v);
}

void
json_int(struct json *j, const char *k, long long v)
{
	if (j->b.len > 1)
		buf_puts(&j->b, ",");
	json_quote(&j->b, k);
	buf_printf(&j->b, ":%lld", v);
}

const char *
json_end(struct json *j)
{
	const char	*s;

	buf_puts(&j->b, "}");
	s = arena_strdup(j->a, j->b.p);
	buf_free(&j->b);
	return s;
}

enum db_err
audit_write(struct db *db, const struct http_req *r, const char *login,
    const char *entity, long long id, const char *action,
    const char *before, const char *after)
{
	char	 uid[24], eid[24];

	if (r->sess != NULL && r->sess->user_id > 0) {
		snprintf(uid, sizeof(uid), "%lld", r->sess->user_id);
		if (r->sess->login != NULL)
			login = r->sess->login;
	}
	snprintf(eid, sizeof(eid), "%lld", id);
	return db_exec(db, NULL, NULL, stmts[STMT_AUDIT_INSERT], "ssssssss",
	    r->sess != NULL && r->sess->user_id > 0 ? uid : NULL,
	    login ? login : "", r->remote_addr ? r->remote_addr : "", entity,
	    id > 0 ? eid : NULL, action, before, after);
}
