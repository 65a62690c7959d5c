/*
 * Signing in and out, and changing one's own password.
 * GET/POST /admin/login, POST /admin/logout, GET/POST /admin/password.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

enum stmt {
	STMT_USER_BY_LOGIN,
	STMT_USER_HASH,
	STMT_USER_SET_PASSWORD,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_USER_BY_LOGIN: inactive accounts cannot sign in. */
	"SELECT id, password_hash FROM `user` WHERE login = ? AND active = 1",
	/* STMT_USER_HASH */
	"SELECT password_hash FROM `user` WHERE id = ?",
	/* STMT_USER_SET_PASSWORD */
	"UPDATE `user` SET password_hash = ?, password_changed_at = NOW() "
	"WHERE id = ?",
};

static const struct field login_fields[] = {
	{ "login", valid_text, 1, 1, 64, NULL },
	{ "next", valid_path, 0, 0, 0, NULL },
};

/* Where to go after signing in: a local path below our mount, or home. */
static const char *
next_path(struct http_req *r, const char *next)
{
	size_t	 ml = strlen(r->prog->mount);

	if (next != NULL && strncmp(next, r->prog->mount, ml) == 0 &&
	    (next[ml] == '/' || next[ml] == '\0') &&
	    strncmp(next + ml, "/login", 6) != 0)
		return next;
	return app_url(r, "/");
}

static int
login_form(struct http_req *r, const struct fieldval *v, const char *error,
    int status)
{
	struct tmpl_dict	*d = page_new(r, "auth.login.title");

	if (v != NULL)
		page_fields(r, d, login_fields, 2, v);
	else
		tmpl_set(d, "NEXT", next_path(r, kv_get(&r->query, "next")));
	if (error != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", error);
	}
	return page_render(r, d, "admin/login.tpl", status);
}

int
admin_login_form(struct http_req *r)
{
	if (r->sess != NULL) {
		http_redirect(r, 303, app_url(r, "/"));
		return 303;
	}
	return login_form(r, NULL, NULL, 200);
}

struct login_tx {
	struct http_req	*r;
	const char	*login;
	long long	 user_id;	/* 0: failed */
	const char	*action;	/* audit action */
};

/* The writes of one attempt: the attempt, the session, the audit row. */
static enum db_err
login_write(struct db *db, void *arg)
{
	struct login_tx	*t = arg;
	enum db_err	 e;

	if (strcmp(t->action, "login.throttled") != 0 &&
	    (e = auth_attempt(db, t->login, t->r->remote_addr,
	    t->user_id > 0)) != DB_OK)
		return e;
	if (t->user_id > 0 && (e = session_start(t->r, t->user_id)) != DB_OK)
		return e;
	if (t->user_id > 0)
		t->r->sess->login = t->login;
	return audit_write(db, t->r, t->login, "user", t->user_id, t->action,
	    NULL, NULL);
}

int
admin_login(struct http_req *r)
{
	struct fieldval	 v[2];
	struct db_rows	 rows;
	struct login_tx	 t;
	const char	*pw = kv_get(&r->form, "password");
	long long	 wait_s;
	enum db_err	 e;
	char		 mins[24];
	int		 ok;

	valid_form(&r->form, login_fields, 2, v);
	/* A bad return address is ignored (home instead), not an error. */
	v[1].err = NULL;
	if (v[0].err != NULL || pw == NULL || *pw == '\0')
		return login_form(r, v, msg(r, "auth.login.failed"), 422);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.login = v[0].str;
	if ((e = auth_throttle(r->db, r->a, t.login, r->remote_addr,
	    &wait_s)) != DB_OK)
		return db_status(e);
	if (wait_s > 0) {
		t.action = "login.throttled";
		if ((e = db_tx(r->db, login_write, &t)) != DB_OK)
			return db_status(e);
		snprintf(mins, sizeof(mins), "%lld", (wait_s + 59) / 60);
		http_header(r, "Retry-After", arena_printf(r->a, "%lld",
		    wait_s));
		return login_form(r, v, msgf(r, "auth.login.throttled", mins),
		    429);
	}
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_USER_BY_LOGIN], "s",
	    t.login)) != DB_OK)
		return db_status(e);
	/* An unknown name costs one argon2 verification, like a known one. */
	ok = auth_verify(rows.n ? rows.v[0][1] : NULL, pw);
	t.user_id = ok ? db_int(rows.v[0][0]) : 0;
	t.action = ok ? "login" : "login.failed";
	if ((e = db_tx(r->db, login_write, &t)) != DB_OK)
		return db_status(e);
	if (!ok)
		return login_form(r, v, msg(r, "auth.login.failed"), 401);
	http_redirect(r, 303, next_path(r, v[1].str));
	return 303;
}

static enum db_err
logout_write(struct db *db, void *arg)
{
	struct http_req	*r = arg;
	enum db_err	 e;

	if ((e = audit_write(db, r, NULL, "user", r->sess->user_id, "logout",
	    NULL, NULL)) != DB_OK)
		return e;
	return session_end_current(r);
}

int
admin_logout(struct http_req *r)
{
	enum db_err	 e;

	if ((e = db_tx(r->db, logout_write, r)) != DB_OK)
		return db_status(e);
	flash_set(r, "auth.logged_out");
	http_redirect(r, 303, app_url(r, "/login"));
	return 303;
}

int
admin_password_form(struct http_req *r)
{
	return page_render(r, page_new(r, "auth.password.title"),
	    "admin/password.tpl", 200);
}

struct pw_tx {
	struct http_req	*r;
	const char	*hash;
};

/* New hash, every session of the user ended, a fresh one for this
 * browser, and the audit row (never the hashes). */
static enum db_err
password_write(struct db *db, void *arg)
{
	struct pw_tx	*t = arg;
	struct http_req	*r = t->r;
	long long	 uid = r->sess->user_id;
	enum db_err	 e;
	struct json	*after;

	if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_SET_PASSWORD], "si",
	    t->hash, uid)) != DB_OK ||
	    (e = session_end_user(db, uid)) != DB_OK ||
	    (e = session_start(r, uid)) != DB_OK)
		return e;
	after = json_new(r->a);
	json_str(after, "password", "changed");
	return audit_write(db, r, NULL, "user", uid, "password.change", NULL,
	    json_end(after));
}

int
admin_password(struct http_req *r)
{
	struct tmpl_dict	*d;
	struct db_rows		 rows;
	struct pw_tx		 t;
	const char		*cur = kv_get(&r->form, "current");
	const char		*nw = kv_get(&r->form, "new");
	const char		*cf = kv_get(&r->form, "confirm");
	const char		*err;
	char			 hash[AUTH_HASHLEN];
	enum db_err		 e;
	int			 bad = 0;

	d = page_new(r, "auth.password.title");
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_USER_HASH], "i",
	    r->sess->user_id)) != DB_OK) {
		tmpl_dict_free(tmpl_root(d));
		return db_status(e);
	}
	if (cur == NULL || rows.n == 0 || !auth_verify(rows.v[0][0], cur)) {
		page_field_error(r, d, "current", "auth.password.wrong");
		bad++;
	}
	if (nw == NULL || *nw == '\0') {
		page_field_error(r, d, "new", "err.required");
		bad++;
	} else if ((err = auth_password_rule(nw)) != NULL) {
		page_field_error(r, d, "new", err);
		bad++;
	} else if (cur != NULL && strcmp(cur, nw) == 0) {
		page_field_error(r, d, "new", "auth.password.same");
		bad++;
	}
	if (nw != NULL && (cf == NULL || strcmp(nw, cf) != 0)) {
		page_field_error(r, d, "confirm", "auth.password.mismatch");
		bad++;
	}
	/* Passwords are never shown again, even on an error. */
	if (bad)
		return page_render(r, d, "admin/password.tpl", 422);
	tmpl_dict_free(tmpl_root(d));
	if (auth_hash(nw, hash) == -1)
		return 500;
	t.r = r;
	t.hash = hash;
	if ((e = db_tx(r->db, password_write, &t)) != DB_OK)
		return db_status(e);
	flash_set(r, "auth.password.changed");
	http_redirect(r, 303, app_url(r, "/"));
	return 303;
}
