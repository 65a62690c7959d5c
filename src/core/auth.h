/*
 * Staff authentication: argon2id passwords, server-side sessions (only a
 * hash of the id is stored), permissions from data, login throttling,
 * masking of personal contact data, and the audit trail.  Linked only by
 * the programs that use it (manyi-admin, manyi-ctl).
 */
#ifndef MANYI_AUTH_H
#define MANYI_AUTH_H

#include <stddef.h>

#include "db.h"

struct arena;
struct conf;
struct http_req;

#define AUTH_HASHLEN	128	/* room for an encoded argon2id hash */
#define AUTH_PW_MIN	10	/* characters */
#define AUTH_PW_MAX	128

/* "Signed in, nothing more": the permission of pages every staff uses. */
#define PERM_ANY	""

struct session {
	long long	  user_id;
	const char	 *login;
	const char	 *name;
	long long	  dept_id;	/* 0: none */
	const char	 *csrf;
	const char	**perms;
	size_t		  nperms;
	int		  fresh;	/* created by this request */
};

struct auth_conf {
	unsigned int	 m_kib;		/* argon2 memory */
	unsigned int	 t_cost;
	unsigned int	 lanes;
	long long	 idle_s;	/* session idle timeout */
	long long	 absolute_s;	/* session lifetime */
	long long	 window_s;	/* throttling window */
	long long	 max_login;	/* failures per login name in a window */
	long long	 max_ip;	/* failures per address in a window */
};

extern struct auth_conf	 auth_cfg;

void		 auth_init(const struct conf *);
/* Hash a password into out (AUTH_HASHLEN bytes); 0 or -1. */
int		 auth_hash(const char *, char *);
/*
 * 1 if password matches the encoded hash.  With a NULL hash it verifies
 * against a dummy one, so an unknown login costs what a known one does.
 */
int		 auth_verify(const char *, const char *);
/* A catalog key if the password is not acceptable, else NULL. */
const char	*auth_password_rule(const char *);
/* 32 random bytes as 64 hex digits. */
void		 auth_token(char [65]);
void		 auth_sha256_hex(const char *, char [65]);

/* The session cookie's name: __Host- prefixed over HTTPS. */
const char	*session_cookie(const struct http_req *);
/* Load the request's session (r->sess stays NULL without a valid one). */
enum db_err	 session_load(struct http_req *);
/* Start a new session for user (fresh id: no fixation); sets the cookie. */
enum db_err	 session_start(struct http_req *, long long);
/* End every session of a user (logout everywhere, deactivation, ...). */
enum db_err	 session_end_user(struct db *, long long);
enum db_err	 session_end_current(struct http_req *);
int		 auth_can(const struct http_req *, const char *);
/*
 * The department a signed-in viewer is limited to, as a statement
 * parameter; NULL without a limit (scope.all_departments).
 */
const char	*auth_scope_dept(struct http_req *);

/*
 * Login throttling: *wait_s > 0 if this login name or address has too
 * many recent failures (seconds until the window frees up).
 */
enum db_err	 auth_throttle(struct db *, struct arena *, const char *,
		    const char *, long long *);
enum db_err	 auth_attempt(struct db *, const char *, const char *, int);

/* 138****5678 and z***@example.com; NULL stays NULL. */
const char	*mask_phone(struct arena *, const char *);
const char	*mask_email(struct arena *, const char *);
/* The value as this user may see it (masked without pii.view). */
const char	*auth_phone(struct http_req *, const char *);
const char	*auth_email(struct http_req *, const char *);

/*
 * JSON objects for the audit trail's before/after columns, built in an
 * arena: json_new, then json_str/json_int, then json_end.
 */
struct json;
struct json	*json_new(struct arena *);
void		 json_str(struct json *, const char *, const char *);
void		 json_int(struct json *, const char *, long long);
const char	*json_end(struct json *);

/*
 * One audit row, in the caller's transaction: who (the session, or the
 * login name given), from where, what entity/id/action, before/after.
 */
enum db_err	 audit_write(struct db *, const struct http_req *,
		    const char *, const char *, long long, const char *,
		    const char *, const char *);
/* (db, request, login if no session, entity, id (0: none), action,
 *  before JSON or NULL, after JSON or NULL) */

#endif
