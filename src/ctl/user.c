/*
 * manyi-ctl user: create the first administrator, reset a password from
 * the console.  Passwords come from a prompt (no echo) or, when stdin is
 * not a terminal, from its first line — never from the command line,
 * where other users and shell histories would see them.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/form.h"
#include "core/http.h"
#include "core/valid.h"
#include "ctl.h"

enum stmt {
	STMT_ROLE,
	STMT_DEPARTMENT,
	STMT_USER_INSERT,
	STMT_USER_ROLE,
	STMT_USER_ID,
	STMT_USER_PASSWORD,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ROLE */
	"SELECT id FROM role WHERE code = ?",
	/* STMT_DEPARTMENT */
	"SELECT id FROM department WHERE name = ?",
	/* STMT_USER_INSERT */
	"INSERT INTO `user` (login, display_name, email, department_id, "
	"password_hash) VALUES (?, ?, ?, ?, ?)",
	/* STMT_USER_ROLE */
	"INSERT INTO user_role (user_id, role_id) VALUES (?, ?)",
	/* STMT_USER_ID */
	"SELECT id FROM `user` WHERE login = ?",
	/* STMT_USER_PASSWORD */
	"UPDATE `user` SET password_hash = ?, password_changed_at = NOW(), "
	"active = 1 WHERE id = ?",
};

static char *
read_line(const char *prompt, char *buf, size_t n, int tty)
{
	struct termios	 old, quiet;
	char		*p;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	p = fgets(buf, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (p != NULL)
		buf[strcspn(buf, "\r\n")] = '\0';
	return p;
}

/* A new password into hash, asked twice on a terminal; 0 or -1. */
static int
ask_password(char *hash)
{
	char		 a[256], b[256];
	const char	*rule;
	int		 tty = isatty(STDIN_FILENO), rc = -1;

	if (read_line("New password: ", a, sizeof(a), tty) == NULL) {
		fprintf(stderr, "manyi-ctl: no password given on stdin\n");
		return -1;
	}
	if (tty && (read_line("Again: ", b, sizeof(b), tty) == NULL ||
	    strcmp(a, b) != 0))
		fprintf(stderr, "manyi-ctl: the passwords differ\n");
	else if (!utf8_valid(a, strlen(a)))
		fprintf(stderr, "manyi-ctl: the password is not UTF-8\n");
	else if ((rule = auth_password_rule(a)) != NULL)
		fprintf(stderr, "manyi-ctl: the password needs at least %d "
		    "characters\n", AUTH_PW_MIN);
	else if (auth_hash(a, hash) == -1)
		fprintf(stderr, "manyi-ctl: hashing failed\n");
	else
		rc = 0;
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return rc;
}

struct add_tx {
	struct http_req	*r;
	const char	*login, *name, *email, *dept, *hash;
	long long	 role_id, user_id;
};

static enum db_err
add_write(struct db *db, void *arg)
{
	struct add_tx		*t = arg;
	unsigned long long	 id;
	enum db_err		 e;
	struct json		*j;

	if ((e = db_exec(db, NULL, &id, stmts[STMT_USER_INSERT], "sssss",
	    t->login, t->name, t->email, t->dept, t->hash)) != DB_OK)
		return e;
	t->user_id = (long long)id;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_ROLE], "ii",
	    t->user_id, t->role_id)) != DB_OK)
		return e;
	j = json_new(t->r->a);
	json_str(j, "login", t->login);
	json_str(j, "display_name", t->name);
	json_str(j, "email", t->email);
	json_int(j, "role_id", t->role_id);
	return audit_write(db, t->r, "manyi-ctl", "user", t->user_id,
	    "create", NULL, json_end(j));
}

static int
user_add(struct ctl *c, struct http_req *r, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "login", required_argument, NULL, 'l' },
		{ "role", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ "department", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct add_tx	 t;
	struct db_rows	 rows;
	struct fieldval	 v;
	char		 hash[AUTH_HASHLEN];
	const char	*role = NULL, *dept = NULL;
	enum db_err	 e;
	int		 ch;

	memset(&t, 0, sizeof(t));
	t.r = r;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': t.login = optarg; break;
		case 'r': role = optarg; break;
		case 'n': t.name = optarg; break;
		case 'e': t.email = optarg; break;
		case 'd': dept = optarg; break;
		default: return 2;
		}
	}
	if (t.login == NULL || role == NULL) {
		fprintf(stderr, "usage: manyi-ctl user add --login L --role R "
		    "[--name N] [--email E] [--department D]\n");
		return 2;
	}
	memset(&v, 0, sizeof(v));
	if (valid_login(NULL, t.login, &v) != NULL) {
		fprintf(stderr, "manyi-ctl: a login is 2-64 letters, digits, "
		    "'.', '_' or '-'\n");
		return 2;
	}
	if (t.email != NULL && valid_email(NULL, t.email, &v) != NULL) {
		fprintf(stderr, "manyi-ctl: %s is not an e-mail address\n",
		    t.email);
		return 2;
	}
	if (t.name == NULL)
		t.name = t.login;
	if ((e = db_query(c->db, r->a, &rows, stmts[STMT_ROLE], "s", role))
	    != DB_OK || rows.n == 0) {
		fprintf(stderr, "manyi-ctl: no role %s (admin, supervisor, "
		    "agent, account_manager, analyst)\n", role);
		return 2;
	}
	t.role_id = db_int(rows.v[0][0]);
	if (dept != NULL) {
		if (db_query(c->db, r->a, &rows, stmts[STMT_DEPARTMENT], "s",
		    dept) != DB_OK || rows.n == 0) {
			fprintf(stderr, "manyi-ctl: no department %s\n", dept);
			return 2;
		}
		t.dept = rows.v[0][0];
	}
	if (ask_password(hash) == -1)
		return 1;
	t.hash = hash;
	if ((e = db_tx(c->db, add_write, &t)) != DB_OK) {
		fprintf(stderr, "manyi-ctl: %s\n", e == DB_DUPLICATE ?
		    "that login exists already" : db_error(c->db));
		return 1;
	}
	printf("created user %s (id %lld) with role %s\n", t.login,
	    t.user_id, role);
	return 0;
}

struct pw_tx {
	struct http_req	*r;
	long long	 id;
	const char	*hash;
};

static enum db_err
password_write(struct db *db, void *arg)
{
	struct pw_tx	*t = arg;
	enum db_err	 e;
	struct json	*j;

	if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_PASSWORD], "si",
	    t->hash, t->id)) != DB_OK ||
	    (e = session_end_user(db, t->id)) != DB_OK)
		return e;
	j = json_new(t->r->a);
	json_str(j, "password", "reset");
	return audit_write(db, t->r, "manyi-ctl", "user", t->id,
	    "password.reset", NULL, json_end(j));
}

static int
user_password(struct ctl *c, struct http_req *r, int argc, char *argv[])
{
	struct db_rows	 rows;
	struct pw_tx	 t;
	char		 hash[AUTH_HASHLEN];

	if (argc != 3 || strcmp(argv[1], "--login") != 0) {
		fprintf(stderr, "usage: manyi-ctl user password --login L\n");
		return 2;
	}
	if (db_query(c->db, r->a, &rows, stmts[STMT_USER_ID], "s", argv[2])
	    != DB_OK || rows.n == 0) {
		fprintf(stderr, "manyi-ctl: no user %s\n", argv[2]);
		return 1;
	}
	if (ask_password(hash) == -1)
		return 1;
	t.r = r;
	t.id = db_int(rows.v[0][0]);
	t.hash = hash;
	if (db_tx(c->db, password_write, &t) != DB_OK) {
		fprintf(stderr, "manyi-ctl: %s\n", db_error(c->db));
		return 1;
	}
	printf("password of %s set; its sessions ended\n", argv[2]);
	return 0;
}

int
ctl_user(struct ctl *c, int argc, char *argv[])
{
	struct http_req	 r;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.a = arena_new();
	r.remote_addr = "console";
	auth_init(c->conf);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		rc = user_add(c, &r, argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "password") == 0)
		rc = user_password(c, &r, argc - 1, argv + 1);
	else {
		fprintf(stderr, "usage: manyi-ctl user add|password ...\n");
		rc = 2;
	}
	arena_free(r.a);
	return rc;
}
