/*
 * Staff accounts: the list, adding and editing a user, an administrator's
 * password reset, deactivating and activating.
 * GET /admin/users, GET/POST /admin/users/new, GET/POST /admin/users/<id>,
 * POST /admin/users/<id>/password, GET/POST /admin/users/<id>/deactivate,
 * POST /admin/users/<id>/activate.
 *
 * Two rules keep this page from being a way up: a manager can only
 * manage users whose permissions are all their own, and only grant roles
 * whose permissions are all their own.  Nobody changes their own roles
 * or deactivates themself here.  A viewer without
 * scope.all_departments sees and manages only their own department.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define USERS_PER_PAGE	50

/*
 * The list's filters, shared by the count and the four sort orders:
 * search text (three times: is it set, login, display name), department,
 * role, active, and the viewer's department scope.
 */
#define USERS_WHERE \
	" WHERE (? IS NULL OR u.login LIKE ? ESCAPE '!' " \
	"OR u.display_name LIKE ? ESCAPE '!') " \
	"AND (? IS NULL OR u.department_id = ?) " \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM user_role f " \
	"WHERE f.user_id = u.id AND f.role_id = ?)) " \
	"AND (? IS NULL OR u.active = ?) " \
	"AND (? IS NULL OR u.department_id = ?)"
#define USERS_SELECT \
	"SELECT u.id, u.login, u.display_name, d.name, " \
	"(SELECT GROUP_CONCAT(r.code ORDER BY r.sort SEPARATOR ',') " \
	"FROM user_role ur JOIN role r ON r.id = ur.role_id " \
	"WHERE ur.user_id = u.id), u.email, u.phone, u.active, " \
	"DATE_FORMAT(u.created_at, '%Y-%m-%d') " \
	"FROM `user` u LEFT JOIN department d ON d.id = u.department_id"

enum stmt {
	STMT_USERS_COUNT,
	STMT_USERS_BY_LOGIN,
	STMT_USERS_BY_NAME,
	STMT_USERS_BY_DEPARTMENT,
	STMT_USERS_BY_CREATED,
	STMT_DEPARTMENTS,
	STMT_ROLES,
	STMT_ROLE_PERMS,
	STMT_USER_GET,
	STMT_USER_ROLES,
	STMT_USER_PERMS,
	STMT_USER_LOCK,
	STMT_DEPARTMENT_CHECK,
	STMT_USER_INSERT,
	STMT_USER_UPDATE,
	STMT_USER_ROLE_ADD,
	STMT_USER_ROLE_DEL,
	STMT_USER_PASSWORD,
	STMT_USER_ACTIVE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_USERS_COUNT */
	"SELECT COUNT(*) FROM `user` u" USERS_WHERE,
	/* STMT_USERS_BY_LOGIN */
	USERS_SELECT USERS_WHERE " ORDER BY u.login LIMIT ? OFFSET ?",
	/* STMT_USERS_BY_NAME */
	USERS_SELECT USERS_WHERE
	" ORDER BY u.display_name, u.login LIMIT ? OFFSET ?",
	/* STMT_USERS_BY_DEPARTMENT: users without one last. */
	USERS_SELECT USERS_WHERE
	" ORDER BY d.name IS NULL, d.name, u.login LIMIT ? OFFSET ?",
	/* STMT_USERS_BY_CREATED: newest first. */
	USERS_SELECT USERS_WHERE
	" ORDER BY u.created_at DESC, u.id DESC LIMIT ? OFFSET ?",
	/* STMT_DEPARTMENTS */
	"SELECT id, name, active FROM department ORDER BY name",
	/* STMT_ROLES */
	"SELECT id, code FROM role ORDER BY sort, id",
	/* STMT_ROLE_PERMS */
	"SELECT role_id, permission FROM role_permission",
	/* STMT_USER_GET: one user, if in the viewer's scope. */
	"SELECT u.id, u.login, u.display_name, u.email, u.phone, "
	"COALESCE(u.department_id, 0), d.name, u.active, "
	"DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i') "
	"FROM `user` u LEFT JOIN department d ON d.id = u.department_id "
	"WHERE u.id = ? AND (? IS NULL OR u.department_id = ?)",
	/* STMT_USER_ROLES: codes sorted, as the audit trail shows them. */
	"SELECT ur.role_id, r.code FROM user_role ur "
	"JOIN role r ON r.id = ur.role_id WHERE ur.user_id = ? "
	"ORDER BY r.code",
	/* STMT_USER_PERMS */
	"SELECT DISTINCT rp.permission FROM user_role ur "
	"JOIN role_permission rp ON rp.role_id = ur.role_id "
	"WHERE ur.user_id = ?",
	/* STMT_USER_LOCK: the row every change of a user starts from. */
	"SELECT login, display_name, email, phone, "
	"COALESCE(department_id, 0), active FROM `user` "
	"WHERE id = ? AND (? IS NULL OR department_id = ?) FOR UPDATE",
	/*
	 * STMT_DEPARTMENT_CHECK: an active department, or the one the user
	 * is in already.  The shared lock keeps it from being deactivated
	 * until this transaction ends (see departments.c).
	 */
	"SELECT name FROM department WHERE id = ? AND (active = 1 OR id = ?) "
	"LOCK IN SHARE MODE",
	/* STMT_USER_INSERT */
	"INSERT INTO `user` (login, display_name, email, phone, "
	"department_id, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
	/* STMT_USER_UPDATE */
	"UPDATE `user` SET display_name = ?, email = ?, phone = ?, "
	"department_id = ? WHERE id = ?",
	/* STMT_USER_ROLE_ADD */
	"INSERT INTO user_role (user_id, role_id) VALUES (?, ?)",
	/* STMT_USER_ROLE_DEL */
	"DELETE FROM user_role WHERE user_id = ? AND role_id = ?",
	/* STMT_USER_PASSWORD */
	"UPDATE `user` SET password_hash = ?, password_changed_at = NOW() "
	"WHERE id = ?",
	/* STMT_USER_ACTIVE */
	"UPDATE `user` SET active = ? WHERE id = ?",
};

static const char *const list_sorts[] = {
	"login", "name", "department", "created", NULL };
static const char *const list_statuses[] = { "active", "inactive", NULL };

enum list_field {
	LIST_Q,
	LIST_DEPARTMENT,
	LIST_ROLE,
	LIST_STATUS,
	LIST_SORT,
	LIST_PAGE,
	LIST__MAX
};

static const struct field list_fields[LIST__MAX] = {
	/* LIST_Q */
	{ "q", valid_text, 0, 0, 100, NULL },
	/* LIST_DEPARTMENT */
	{ "department", valid_int, 0, 1, 4294967295LL, NULL },
	/* LIST_ROLE */
	{ "role", valid_int, 0, 1, 4294967295LL, NULL },
	/* LIST_STATUS */
	{ "status", valid_enum, 0, 0, 0, list_statuses },
	/* LIST_SORT */
	{ "sort", valid_enum, 0, 0, 0, list_sorts },
	/* LIST_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

/* The statement and the template's name of each sort (list_sorts). */
static const enum stmt list_stmts[] = {
	STMT_USERS_BY_LOGIN, STMT_USERS_BY_NAME, STMT_USERS_BY_DEPARTMENT,
	STMT_USERS_BY_CREATED,
};
static const char *const list_sort_names[] = {
	"LOGIN", "NAME", "DEPARTMENT", "CREATED",
};

/* The add/edit form; editing uses every field but the first. */
enum user_field {
	UF_LOGIN,
	UF_DISPLAY_NAME,
	UF_EMAIL,
	UF_PHONE,
	UF_DEPARTMENT,
	UF__MAX
};

static const struct field user_fields[UF__MAX] = {
	/* UF_LOGIN */
	{ "login", valid_login, 1, 0, 0, NULL },
	/* UF_DISPLAY_NAME */
	{ "display_name", valid_text, 1, 1, 100, NULL },
	/* UF_EMAIL */
	{ "email", valid_email, 0, 0, 0, NULL },
	/* UF_PHONE */
	{ "phone", valid_phone_cn, 0, 0, 0, NULL },
	/* UF_DEPARTMENT */
	{ "department", valid_int, 1, 1, 4294967295LL, NULL },
};

/* What a transaction found that the form must report. */
enum user_fail {
	USER_OK = 0,
	USER_GONE,	/* no such user (any more) in the viewer's scope */
	USER_BAD_DEPT,	/* department inactive or gone */
};

/* The departments, roles and role permissions the forms need. */
struct lists {
	struct db_rows	 depts;	/* id, name, active */
	struct db_rows	 roles;	/* id, code */
	struct db_rows	 rp;	/* role_id, permission */
};

/* A user as stored. */
struct user {
	long long	 id;
	const char	*login;
	const char	*name;
	const char	*email;
	const char	*phone;
	long long	 dept_id;	/* 0: none */
	const char	*dept;
	int		 active;
	const char	*created;
	long long	*roles;
	size_t		 nroles;
};

/* A message for one form field, found beyond the validators. */
struct ferr {
	const char	*field;
	const char	*key;
};

#define FERR_MAX	8

/* The catalog name of a role code, or the code if there is none. */
static const char *
role_label(struct http_req *r, const char *code)
{
	const char	*k = arena_printf(r->a, "role.%s", code);

	return i18n_has(r->lang, k) ? msg(r, k) : code;
}

static int
null_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The strings sorted and joined with commas (the audit trail's lists). */
static const char *
csv_sorted(struct arena *a, const char **v, size_t n)
{
	size_t	 i, len = 1;
	char	*s;

	qsort(v, n, sizeof(*v), str_cmp);
	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	s = arena_alloc(a, len);
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, v[i]);
	}
	return s;
}

static enum db_err
lists_load(struct http_req *r, struct lists *l)
{
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &l->depts, stmts[STMT_DEPARTMENTS],
	    "")) != DB_OK ||
	    (e = db_query(r->db, r->a, &l->roles, stmts[STMT_ROLES], ""))
	    != DB_OK)
		return e;
	return db_query(r->db, r->a, &l->rp, stmts[STMT_ROLE_PERMS], "");
}

static const char *
role_code(const struct lists *l, long long id)
{
	size_t	 i;

	for (i = 0; i < l->roles.n; i++)
		if (db_int(l->roles.v[i][0]) == id)
			return l->roles.v[i][1];
	return NULL;
}

static const char *
dept_name(const struct lists *l, long long id)
{
	size_t	 i;

	for (i = 0; i < l->depts.n; i++)
		if (db_int(l->depts.v[i][0]) == id)
			return l->depts.v[i][1];
	return NULL;
}

/* 1 if the viewer holds every permission of the role. */
static int
role_grantable(struct http_req *r, const struct lists *l, long long id)
{
	size_t	 i;

	for (i = 0; i < l->rp.n; i++)
		if (db_int(l->rp.v[i][0]) == id &&
		    !auth_can(r, l->rp.v[i][1]))
			return 0;
	return 1;
}

static int
has_id(const long long *v, size_t n, long long id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/* The role codes of a set of ids, sorted and joined. */
static const char *
roles_csv(struct arena *a, const struct lists *l, const long long *ids,
    size_t n)
{
	const char	**v = arena_calloc(a, n + 1, sizeof(*v));
	size_t		  i, k = 0;

	for (i = 0; i < n; i++)
		if ((v[k] = role_code(l, ids[i])) != NULL)
			k++;
	return csv_sorted(a, v, k);
}

/*
 * A user for the audit trail.  Contact data goes in masked: the trail
 * is kept for good (append-only) and read by people who may lack
 * pii.view, so it records that a contact changed, not the contact.
 */
static struct json *
user_json(struct arena *a, const char *login, const char *name,
    const char *email, const char *phone, const char *dept,
    const char *roles)
{
	struct json	*j = json_new(a);

	json_str(j, "login", login);
	json_str(j, "display_name", name);
	json_str(j, "email", mask_email(a, email));
	json_str(j, "phone", mask_phone(a, phone));
	json_str(j, "department", dept);
	json_str(j, "roles", roles);
	return j;
}

/* ------------------------------------------------------------ the list */

int
admin_users(struct http_req *r)
{
	struct fieldval		 v[LIST__MAX];
	struct tmpl_dict	*d, *row, *sub;
	struct db_rows		 cnt, rows, depts, roles;
	const char		*q, *qpat = NULL, *dept, *role, *active, *scope;
	const char		*base, *qs = "", *codes, *p, *sort;
	long long		 total, page, pages;
	size_t			 i, n;
	int			 si, manage = auth_can(r, "users.manage");
	int			 all = auth_can(r, "scope.all_departments");
	enum db_err		 e;

	/* A filter that is not valid is no filter (a bookmark stays good). */
	(void)valid_form(&r->query, list_fields, LIST__MAX, v);
	q = v[LIST_Q].str;
	if (q != NULL)
		qpat = db_like_anywhere(r->a, q);
	dept = v[LIST_DEPARTMENT].str;
	role = v[LIST_ROLE].str;
	active = v[LIST_STATUS].str == NULL ? NULL :
	    v[LIST_STATUS].i == 0 ? "1" : "0";
	si = v[LIST_SORT].str ? (int)v[LIST_SORT].i : 0;
	sort = list_sorts[si];
	page = v[LIST_PAGE].str ? v[LIST_PAGE].i : 1;
	scope = auth_scope_dept(r);

	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_USERS_COUNT],
	    "sssssssssss", q, qpat, qpat, dept, dept, role, role, active,
	    active, scope, scope)) != DB_OK)
		return db_status(e);
	total = cnt.n ? db_int(cnt.v[0][0]) : 0;
	pages = (total + USERS_PER_PAGE - 1) / USERS_PER_PAGE;
	if (pages > 0 && page > pages)
		page = pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[list_stmts[si]],
	    "sssssssssssii", q, qpat, qpat, dept, dept, role, role, active,
	    active, scope, scope, (long long)USERS_PER_PAGE,
	    (page - 1) * USERS_PER_PAGE)) != DB_OK ||
	    (e = db_query(r->db, r->a, &depts, stmts[STMT_DEPARTMENTS], ""))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &roles, stmts[STMT_ROLES], ""))
	    != DB_OK)
		return db_status(e);

	d = page_new(r, "users.title");
	tmpl_set(d, "Q", q ? q : "");
	if (manage)
		tmpl_show(d, "CAN_MANAGE");
	if (all) {
		tmpl_show(d, "ALL_DEPARTMENTS");
		for (i = 0; i < depts.n; i++) {
			row = tmpl_row(d, "DEPT_OPTION");
			tmpl_set(row, "ID", depts.v[i][0]);
			tmpl_set(row, "NAME", depts.v[i][1]);
			if (dept != NULL && strcmp(dept, depts.v[i][0]) == 0)
				tmpl_show(row, "SELECTED");
		}
	}
	for (i = 0; i < roles.n; i++) {
		row = tmpl_row(d, "ROLE_OPTION");
		tmpl_set(row, "ID", roles.v[i][0]);
		tmpl_set(row, "NAME", role_label(r, roles.v[i][1]));
		if (role != NULL && strcmp(role, roles.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	if (v[LIST_STATUS].str != NULL)
		tmpl_show(d, v[LIST_STATUS].i == 0 ? "STATUS_ACTIVE" :
		    "STATUS_INACTIVE");
	tmpl_show(d, arena_printf(r->a, "SORT_%s", list_sort_names[si]));

	/* Links keep the filters; sorting starts again at page 1. */
	qs = app_qs_add(r, qs, "q", q);
	qs = app_qs_add(r, qs, "department", dept);
	qs = app_qs_add(r, qs, "role", role);
	qs = app_qs_add(r, qs, "status", v[LIST_STATUS].str);
	base = app_url(r, "/users");
	for (i = 0; list_sorts[i] != NULL; i++)
		tmpl_set(d, arena_printf(r->a, "SORT_%s_HREF",
		    list_sort_names[i]), arena_printf(r->a, "%s?sort=%s%s",
		    base, list_sorts[i], qs));

	tmpl_set(d, "TOTAL", msgf(r, "users.list.total",
	    arena_printf(r->a, "%lld", total)));
	if (rows.n == 0)
		tmpl_show(d, "EMPTY");
	else
		tmpl_show(d, "LIST");
	for (i = 0; i < rows.n; i++) {
		char	**u = rows.v[i];

		row = tmpl_row(d, "USER");
		tmpl_set(row, "LOGIN", u[1]);
		tmpl_set(row, "NAME", u[2]);
		tmpl_set(row, "DEPT", u[3] ? u[3] : "");
		codes = u[4] ? u[4] : "";
		for (p = codes; *p != '\0'; p += n + (p[n] == ',')) {
			n = strcspn(p, ",");
			sub = tmpl_row(row, "ROLE");
			tmpl_set(sub, "NAME", role_label(r,
			    arena_strndup(r->a, p, n)));
		}
		tmpl_set(row, "EMAIL", u[5] ? auth_email(r, u[5]) : "");
		tmpl_set(row, "PHONE", u[6] ? auth_phone(r, u[6]) : "");
		tmpl_show(row, db_int(u[7]) ? "ACTIVE" : "INACTIVE");
		tmpl_set(row, "CREATED", u[8]);
		if (manage) {
			sub = tmpl_row(row, "EDIT");
			tmpl_set(sub, "HREF", app_url(r,
			    arena_printf(r->a, "/users/%s", u[0])));
		}
	}

	page_pager(r, d, page, pages, base, arena_printf(r->a, "&sort=%s%s",
	    sort, qs));
	return page_render(r, d, "admin/users.tpl", 200);
}

/* ------------------------------------------------------------ the form */

/*
 * The user of /users/<id>/... as this viewer may manage them: 0, or 404
 * (not a number, no such user, another department), 403 (the user holds
 * a permission the viewer lacks), or the database's status.
 */
static int
user_load(struct http_req *r, struct user *u)
{
	struct db_rows	 rows;
	const char	*scope = auth_scope_dept(r);
	enum db_err	 e;
	size_t		 i;

	memset(u, 0, sizeof(*u));
	if ((u->id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_USER_GET], "iss",
	    u->id, scope, scope)) != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	u->login = rows.v[0][1];
	u->name = rows.v[0][2];
	u->email = rows.v[0][3];
	u->phone = rows.v[0][4];
	u->dept_id = db_int(rows.v[0][5]);
	u->dept = rows.v[0][6];
	u->active = (int)db_int(rows.v[0][7]);
	u->created = rows.v[0][8];
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_USER_PERMS], "i",
	    u->id)) != DB_OK)
		return db_status(e);
	for (i = 0; i < rows.n; i++)
		if (!auth_can(r, rows.v[i][0]))
			return 403;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_USER_ROLES], "i",
	    u->id)) != DB_OK)
		return db_status(e);
	u->roles = arena_calloc(r->a, rows.n + 1, sizeof(*u->roles));
	for (i = 0; i < rows.n; i++)
		u->roles[u->nroles++] = db_int(rows.v[i][0]);
	return 0;
}

/*
 * The add or edit page (u NULL: add).  Field values come from the
 * submitted form v, or else from the stored user; dept and roles are
 * what the select and the boxes show.  The caller adds messages and
 * renders.
 */
static struct tmpl_dict *
form_page(struct http_req *r, const struct lists *l, const struct user *u,
    const struct fieldval *v, long long dept, const long long *roles,
    size_t nroles)
{
	struct tmpl_dict	*d, *row;
	size_t			 i;
	long long		 id;
	int			 all = auth_can(r, "scope.all_departments");

	d = page_new(r, u == NULL ? "users.new.title" : "users.edit.title");
	if (u == NULL) {
		tmpl_show(d, "IS_NEW");
		tmpl_set(d, "ACTION", app_url(r, "/users/new"));
	} else {
		tmpl_show(d, "IS_EDIT");
		tmpl_set(d, "ACTION", app_url(r, arena_printf(r->a,
		    "/users/%lld", u->id)));
		tmpl_set(d, "USER_URL", app_url(r, arena_printf(r->a,
		    "/users/%lld", u->id)));
		tmpl_set(d, "STORED_NAME", u->name);
		tmpl_set(d, "STORED_LOGIN", u->login);
		tmpl_set(d, "CREATED", u->created);
		tmpl_show(d, u->active ? "IS_ACTIVE" : "IS_INACTIVE");
		if (u->id != r->sess->user_id && u->active)
			tmpl_show(d, "CAN_DEACTIVATE");
		tmpl_show(d, u->id == r->sess->user_id ? "IS_SELF" :
		    "NOT_SELF");
	}
	if (v != NULL)
		page_fields(r, d, u == NULL ? user_fields : user_fields + 1,
		    u == NULL ? UF__MAX : UF__MAX - 1,
		    u == NULL ? v : v + 1);
	else if (u != NULL) {
		tmpl_set(d, "DISPLAY_NAME", u->name);
		tmpl_set(d, "EMAIL", u->email ? u->email : "");
		tmpl_set(d, "PHONE", u->phone ? u->phone : "");
	}
	/* Without pii.view, stored contacts are shown masked and kept. */
	if (u != NULL && !auth_can(r, "pii.view")) {
		tmpl_show(d, "PII_LOCKED");
		tmpl_set(d, "EMAIL", mask_email(r->a, u->email));
		tmpl_set(d, "PHONE", mask_phone(r->a, u->phone));
	}
	if (dept == 0)
		tmpl_show(d, "NO_DEPT");
	for (i = 0; i < l->depts.n; i++) {
		id = db_int(l->depts.v[i][0]);
		/* Active ones, and the one the user is in; scoped: own only. */
		if (!db_int(l->depts.v[i][2]) && id != dept &&
		    (u == NULL || id != u->dept_id))
			continue;
		if (!all && id != r->sess->dept_id)
			continue;
		row = tmpl_row(d, "DEPT");
		tmpl_set(row, "ID", l->depts.v[i][0]);
		tmpl_set(row, "NAME", l->depts.v[i][1]);
		if (id == dept)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < l->roles.n; i++) {
		id = db_int(l->roles.v[i][0]);
		row = tmpl_row(d, "ROLE");
		tmpl_set(row, "ID", l->roles.v[i][0]);
		tmpl_set(row, "NAME", role_label(r, l->roles.v[i][1]));
		if (has_id(roles, nroles, id))
			tmpl_show(row, "CHECKED");
	}
	return d;
}

static void
ferr_add(struct ferr *e, size_t *n, const char *field, const char *key)
{
	if (*n < FERR_MAX) {
		e[*n].field = field;
		e[*n].key = key;
		(*n)++;
	}
}

static void
ferr_show(struct http_req *r, struct tmpl_dict *d, const struct ferr *e,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		page_field_error(r, d, e[i].field, e[i].key);
	if (n > 0) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "users.err.form"));
	}
}

/*
 * The role ids ticked in the form (the repeated "role" field), each
 * once.  A value that names no role is reported; so is a role with a
 * permission the viewer lacks.
 */
static size_t
form_roles(struct http_req *r, const struct lists *l, long long **out,
    struct ferr *e, size_t *ne)
{
	long long	*ids = arena_calloc(r->a, r->form.n + 1, sizeof(*ids));
	long long	 id;
	size_t		 i, n = 0;
	int		 bad = 0, high = 0;

	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.v[i].key, "role") != 0)
			continue;
		id = app_path_id(r->form.v[i].val);
		if (id == 0 || role_code(l, id) == NULL) {
			bad = 1;
			continue;
		}
		if (!has_id(ids, n, id))
			ids[n++] = id;
		if (!role_grantable(r, l, id))
			high = 1;
	}
	if (bad)
		ferr_add(e, ne, "role", "err.enum");
	else if (high)
		ferr_add(e, ne, "role", "users.err.role_grant");
	else if (n == 0)
		ferr_add(e, ne, "role", "users.err.role_none");
	*out = ids;
	return n;
}

/*
 * The department chosen: one the viewer may pick (their own if scoped),
 * active or the user's current one.  The transaction checks again.
 */
static void
form_dept(struct http_req *r, const struct lists *l, const struct user *u,
    const struct fieldval *v, struct ferr *e, size_t *ne)
{
	size_t		 i;
	long long	 id = v->i;

	if (v->str == NULL)
		return;
	if (!auth_can(r, "scope.all_departments") && id != r->sess->dept_id) {
		ferr_add(e, ne, "department", "err.enum");
		return;
	}
	for (i = 0; i < l->depts.n; i++)
		if (db_int(l->depts.v[i][0]) == id)
			break;
	if (i == l->depts.n || (!db_int(l->depts.v[i][2]) &&
	    (u == NULL || id != u->dept_id)))
		ferr_add(e, ne, "department", "users.err.dept_inactive");
}

/* A new password and its confirmation, checked; never shown again. */
static void
form_password(struct http_req *r, struct ferr *e, size_t *ne)
{
	const char	*pw = kv_get(&r->form, "password");
	const char	*cf = kv_get(&r->form, "confirm");
	const char	*err;

	if (pw == NULL || *pw == '\0')
		ferr_add(e, ne, "password", "err.required");
	else if ((err = auth_password_rule(pw)) != NULL)
		ferr_add(e, ne, "password", err);
	else if (cf == NULL || strcmp(pw, cf) != 0)
		ferr_add(e, ne, "confirm", "users.err.password_mismatch");
}

struct user_tx {
	struct http_req		*r;
	const struct lists	*l;
	const char		*scope;
	long long		 id;	/* create: set to the new id */
	const char		*login;
	const char		*name;
	const char		*email;
	const char		*phone;
	long long		 dept;
	const long long		*roles;
	size_t			 nroles;
	const char		*hash;
	int			 keep_contacts;	/* update: contacts as stored */
	int			 to_active;	/* active_write: 0 or 1 */
	enum user_fail		 fail;
	int			 changed;
};

/* Is the department usable (active, or cur)?  Its name into *name. */
static enum db_err
dept_check(struct user_tx *t, struct db *db, long long id, long long cur,
    const char **name)
{
	struct db_rows	 rows;
	enum db_err	 e;

	if ((e = db_query(db, t->r->a, &rows, stmts[STMT_DEPARTMENT_CHECK],
	    "ii", id, cur)) != DB_OK)
		return e;
	if (rows.n == 0) {
		t->fail = USER_BAD_DEPT;
		return DB_ERROR;
	}
	*name = rows.v[0][0];
	return DB_OK;
}

/* The user's row locked: login, name, email, phone, dept, active. */
static enum db_err
user_lock(struct user_tx *t, struct db *db, struct db_rows *rows)
{
	enum db_err	 e;

	if ((e = db_query(db, t->r->a, rows, stmts[STMT_USER_LOCK], "iss",
	    t->id, t->scope, t->scope)) != DB_OK)
		return e;
	if (rows->n == 0) {
		t->fail = USER_GONE;
		return DB_ERROR;
	}
	return DB_OK;
}

static enum db_err
create_write(struct db *db, void *arg)
{
	struct user_tx		*t = arg;
	struct http_req		*r = t->r;
	unsigned long long	 id;
	const char		*dname;
	struct json		*j;
	enum db_err		 e;
	size_t			 i;

	if ((e = dept_check(t, db, t->dept, 0, &dname)) != DB_OK)
		return e;
	if ((e = db_exec(db, NULL, &id, stmts[STMT_USER_INSERT], "ssssis",
	    t->login, t->name, t->email, t->phone, t->dept, t->hash))
	    != DB_OK)
		return e;
	t->id = (long long)id;
	for (i = 0; i < t->nroles; i++)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_ROLE_ADD],
		    "ii", t->id, t->roles[i])) != DB_OK)
			return e;
	j = user_json(r->a, t->login, t->name, t->email, t->phone, dname,
	    roles_csv(r->a, t->l, t->roles, t->nroles));
	json_int(j, "active", 1);
	json_str(j, "password", "set");
	return audit_write(db, r, NULL, "user", t->id, "create", NULL,
	    json_end(j));
}

/*
 * Profile and roles from the locked row: only what differs is written;
 * a removed role ends every session of the user (they lose rights now,
 * not at their next sign-in).
 */
static enum db_err
update_write(struct db *db, void *arg)
{
	struct user_tx	*t = arg;
	struct http_req	*r = t->r;
	struct db_rows	 u, roles;
	const char	*dname, **had, *before_roles, *after_roles;
	long long	 cur, *old;
	size_t		 i;
	int		 removed = 0, roles_changed;
	enum db_err	 e;

	t->changed = 0;
	if ((e = user_lock(t, db, &u)) != DB_OK)
		return e;
	cur = db_int(u.v[0][4]);
	if (t->keep_contacts) {
		t->email = u.v[0][2];
		t->phone = u.v[0][3];
	}
	if ((e = db_query(db, r->a, &roles, stmts[STMT_USER_ROLES], "i",
	    t->id)) != DB_OK)
		return e;
	if ((e = dept_check(t, db, t->dept, cur, &dname)) != DB_OK)
		return e;
	old = arena_calloc(r->a, roles.n + 1, sizeof(*old));
	had = arena_calloc(r->a, roles.n + 1, sizeof(*had));
	for (i = 0; i < roles.n; i++) {
		old[i] = db_int(roles.v[i][0]);
		had[i] = roles.v[i][1];
	}
	roles_changed = roles.n != t->nroles;
	for (i = 0; i < t->nroles && !roles_changed; i++)
		roles_changed = !has_id(old, roles.n, t->roles[i]);
	if (null_eq(u.v[0][1], t->name) && null_eq(u.v[0][2], t->email) &&
	    null_eq(u.v[0][3], t->phone) && cur == t->dept && !roles_changed)
		return DB_OK;
	t->changed = 1;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_UPDATE], "sssii",
	    t->name, t->email, t->phone, t->dept, t->id)) != DB_OK)
		return e;
	for (i = 0; i < roles.n; i++) {
		if (has_id(t->roles, t->nroles, old[i]))
			continue;
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_ROLE_DEL],
		    "ii", t->id, old[i])) != DB_OK)
			return e;
		removed = 1;
	}
	for (i = 0; i < t->nroles; i++)
		if (!has_id(old, roles.n, t->roles[i]) &&
		    (e = db_exec(db, NULL, NULL, stmts[STMT_USER_ROLE_ADD],
		    "ii", t->id, t->roles[i])) != DB_OK)
			return e;
	if (removed && (e = session_end_user(db, t->id)) != DB_OK)
		return e;
	before_roles = csv_sorted(r->a, had, roles.n);
	after_roles = roles_csv(r->a, t->l, t->roles, t->nroles);
	return audit_write(db, r, NULL, "user", t->id, "update",
	    json_end(user_json(r->a, u.v[0][0], u.v[0][1], u.v[0][2],
	    u.v[0][3], dept_name(t->l, cur), before_roles)),
	    json_end(user_json(r->a, u.v[0][0], t->name, t->email, t->phone,
	    dname, after_roles)));
}

int
admin_user_new_form(struct http_req *r)
{
	struct lists	 l;
	enum db_err	 e;

	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	return page_render(r, form_page(r, &l, NULL, NULL, r->sess->dept_id,
	    NULL, 0), "admin/user_form.tpl", 200);
}

int
admin_user_new(struct http_req *r)
{
	struct lists		 l;
	struct fieldval		 v[UF__MAX];
	struct ferr		 fe[FERR_MAX];
	struct tmpl_dict	*d;
	struct user_tx		 t;
	long long		*roles;
	size_t			 nroles, ne = 0, bad;
	char			 hash[AUTH_HASHLEN];
	enum db_err		 e;

	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	bad = valid_form(&r->form, user_fields, UF__MAX, v);
	form_dept(r, &l, NULL, &v[UF_DEPARTMENT], fe, &ne);
	nroles = form_roles(r, &l, &roles, fe, &ne);
	form_password(r, fe, &ne);
	memset(&t, 0, sizeof(t));
	if (bad == 0 && ne == 0) {
		if (auth_hash(kv_get(&r->form, "password"), hash) == -1)
			return 500;
		t.r = r;
		t.l = &l;
		t.login = v[UF_LOGIN].str;
		t.name = v[UF_DISPLAY_NAME].str;
		t.email = v[UF_EMAIL].str;
		t.phone = v[UF_PHONE].str;
		t.dept = v[UF_DEPARTMENT].i;
		t.roles = roles;
		t.nroles = nroles;
		t.hash = hash;
		e = db_tx(r->db, create_write, &t);
		explicit_bzero(hash, sizeof(hash));
		if (e == DB_OK) {
			flash_set(r, "users.created");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/users/%lld", t.id)));
			return 303;
		}
		/* The only unique key a new user can hit is the login. */
		if (e == DB_DUPLICATE)
			ferr_add(fe, &ne, "login", "users.err.login_taken");
		else if (t.fail == USER_BAD_DEPT)
			ferr_add(fe, &ne, "department",
			    "users.err.dept_inactive");
		else
			return db_status(e);
	}
	d = form_page(r, &l, NULL, v, v[UF_DEPARTMENT].str ?
	    v[UF_DEPARTMENT].i : 0, roles, nroles);
	ferr_show(r, d, fe, ne);
	return page_render(r, d, "admin/user_form.tpl", 422);
}

int
admin_user_edit_form(struct http_req *r)
{
	struct lists	 l;
	struct user	 u;
	enum db_err	 e;
	int		 st;

	if ((st = user_load(r, &u)) != 0)
		return st;
	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	return page_render(r, form_page(r, &l, &u, NULL, u.dept_id, u.roles,
	    u.nroles), "admin/user_form.tpl", 200);
}

int
admin_user_edit(struct http_req *r)
{
	struct lists		 l;
	struct user		 u;
	struct fieldval		 v[UF__MAX];
	struct ferr		 fe[FERR_MAX];
	struct tmpl_dict	*d;
	struct user_tx		 t;
	long long		*roles;
	size_t			 nroles, ne = 0, bad, i;
	enum db_err		 e;
	int			 st, same, pii = auth_can(r, "pii.view");

	if ((st = user_load(r, &u)) != 0)
		return st;
	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	memset(&v[UF_LOGIN], 0, sizeof(v[UF_LOGIN]));
	bad = valid_form(&r->form, user_fields + 1, UF__MAX - 1, v + 1);
	/* Contacts this viewer cannot see are not theirs to change. */
	if (!pii) {
		bad -= (v[UF_EMAIL].err != NULL) + (v[UF_PHONE].err != NULL);
		memset(&v[UF_EMAIL], 0, sizeof(v[UF_EMAIL]));
		memset(&v[UF_PHONE], 0, sizeof(v[UF_PHONE]));
	}
	form_dept(r, &l, &u, &v[UF_DEPARTMENT], fe, &ne);
	nroles = form_roles(r, &l, &roles, fe, &ne);
	/* Nobody raises or drops their own rights: another manager does. */
	if (u.id == r->sess->user_id) {
		same = nroles == u.nroles;
		for (i = 0; i < nroles && same; i++)
			same = has_id(u.roles, u.nroles, roles[i]);
		if (!same)
			ferr_add(fe, &ne, "role", "users.err.own_roles");
	}
	memset(&t, 0, sizeof(t));
	if (bad == 0 && ne == 0) {
		t.r = r;
		t.l = &l;
		t.scope = auth_scope_dept(r);
		t.id = u.id;
		t.name = v[UF_DISPLAY_NAME].str;
		t.email = v[UF_EMAIL].str;
		t.phone = v[UF_PHONE].str;
		t.keep_contacts = !pii;
		t.dept = v[UF_DEPARTMENT].i;
		t.roles = roles;
		t.nroles = nroles;
		if ((e = db_tx(r->db, update_write, &t)) == DB_OK) {
			flash_set(r, t.changed ? "users.saved" :
			    "users.unchanged");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/users/%lld", u.id)));
			return 303;
		}
		if (t.fail == USER_GONE)
			return 404;
		if (t.fail != USER_BAD_DEPT)
			return db_status(e);
		ferr_add(fe, &ne, "department", "users.err.dept_inactive");
	}
	d = form_page(r, &l, &u, v, v[UF_DEPARTMENT].str ?
	    v[UF_DEPARTMENT].i : 0, roles, nroles);
	ferr_show(r, d, fe, ne);
	return page_render(r, d, "admin/user_form.tpl", 422);
}

/* ----------------------------------------------- password, (de)activate */

static enum db_err
password_write(struct db *db, void *arg)
{
	struct user_tx	*t = arg;
	struct db_rows	 u;
	struct json	*j;
	enum db_err	 e;

	if ((e = user_lock(t, db, &u)) != DB_OK ||
	    (e = db_exec(db, NULL, NULL, stmts[STMT_USER_PASSWORD], "si",
	    t->hash, t->id)) != DB_OK ||
	    (e = session_end_user(db, t->id)) != DB_OK)
		return e;
	j = json_new(t->r->a);
	json_str(j, "login", u.v[0][0]);
	json_str(j, "password", "reset");
	return audit_write(db, t->r, NULL, "user", t->id, "password.reset",
	    NULL, json_end(j));
}

int
admin_user_password(struct http_req *r)
{
	struct lists		 l;
	struct user		 u;
	struct ferr		 fe[FERR_MAX];
	struct tmpl_dict	*d;
	struct user_tx		 t;
	char			 hash[AUTH_HASHLEN];
	size_t			 ne = 0, i;
	enum db_err		 e;
	int			 st;

	if ((st = user_load(r, &u)) != 0)
		return st;
	/* One's own password is changed knowing the current one. */
	if (u.id == r->sess->user_id)
		ferr_add(fe, &ne, "password", "users.err.own_password");
	else
		form_password(r, fe, &ne);
	if (ne == 0) {
		if (auth_hash(kv_get(&r->form, "password"), hash) == -1)
			return 500;
		memset(&t, 0, sizeof(t));
		t.r = r;
		t.scope = auth_scope_dept(r);
		t.id = u.id;
		t.hash = hash;
		e = db_tx(r->db, password_write, &t);
		explicit_bzero(hash, sizeof(hash));
		if (e == DB_OK) {
			flash_set(r, "users.password_reset");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/users/%lld", u.id)));
			return 303;
		}
		return t.fail == USER_GONE ? 404 : db_status(e);
	}
	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	d = form_page(r, &l, &u, NULL, u.dept_id, u.roles, u.nroles);
	for (i = 0; i < ne; i++)
		page_field_error(r, d, fe[i].field, fe[i].key);
	return page_render(r, d, "admin/user_form.tpl", 422);
}

/* The confirmation page, with an error message or the button. */
static int
deactivate_page(struct http_req *r, const struct user *u, const char *err,
    int status)
{
	struct tmpl_dict	*d = page_new(r, "users.deactivate.title");

	tmpl_set(d, "STORED_NAME", u->name);
	tmpl_set(d, "STORED_LOGIN", u->login);
	tmpl_set(d, "DEPT", u->dept ? u->dept : "");
	tmpl_set(d, "USER_URL", app_url(r, arena_printf(r->a, "/users/%lld",
	    u->id)));
	if (err != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, err));
	} else
		tmpl_show(d, "CONFIRM");
	return page_render(r, d, "admin/user_deactivate.tpl", status);
}

int
admin_user_deactivate_form(struct http_req *r)
{
	struct user	 u;
	int		 st;

	if ((st = user_load(r, &u)) != 0)
		return st;
	if (u.id == r->sess->user_id)
		return deactivate_page(r, &u, "users.err.self_deactivate", 200);
	if (!u.active)
		return deactivate_page(r, &u, "users.deactivate.already", 200);
	return deactivate_page(r, &u, NULL, 200);
}

/* Set active (t->changed: it was not already); deactivation ends every
 * session, activation needs an active department. */
static enum db_err
active_write(struct db *db, void *arg)
{
	struct user_tx	*t = arg;
	struct db_rows	 u;
	const char	*dname;
	struct json	*before, *after;
	long long	 to = t->to_active, dept;
	enum db_err	 e;

	t->changed = 0;
	if ((e = user_lock(t, db, &u)) != DB_OK)
		return e;
	if (db_int(u.v[0][5]) == to)
		return DB_OK;
	dept = db_int(u.v[0][4]);
	if (to == 1 && dept != 0 &&
	    (e = dept_check(t, db, dept, 0, &dname)) != DB_OK)
		return e;
	t->changed = 1;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_USER_ACTIVE], "ii", to,
	    t->id)) != DB_OK)
		return e;
	if (to == 0 && (e = session_end_user(db, t->id)) != DB_OK)
		return e;
	before = json_new(t->r->a);
	json_str(before, "login", u.v[0][0]);
	json_int(before, "active", 1 - to);
	after = json_new(t->r->a);
	json_str(after, "login", u.v[0][0]);
	json_int(after, "active", to);
	return audit_write(db, t->r, NULL, "user", t->id,
	    to ? "activate" : "deactivate", json_end(before), json_end(after));
}

int
admin_user_deactivate(struct http_req *r)
{
	struct user	 u;
	struct user_tx	 t;
	enum db_err	 e;
	int		 st;

	if ((st = user_load(r, &u)) != 0)
		return st;
	if (u.id == r->sess->user_id)
		return deactivate_page(r, &u, "users.err.self_deactivate", 422);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.scope = auth_scope_dept(r);
	t.id = u.id;
	t.to_active = 0;
	if ((e = db_tx(r->db, active_write, &t)) != DB_OK)
		return t.fail == USER_GONE ? 404 : db_status(e);
	flash_set(r, t.changed ? "users.deactivated" :
	    "users.deactivate.already");
	http_redirect(r, 303, app_url(r, arena_printf(r->a, "/users/%lld",
	    u.id)));
	return 303;
}

int
admin_user_activate(struct http_req *r)
{
	struct lists		 l;
	struct user		 u;
	struct user_tx		 t;
	struct tmpl_dict	*d;
	enum db_err		 e;
	int			 st;

	if ((st = user_load(r, &u)) != 0)
		return st;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.scope = auth_scope_dept(r);
	t.id = u.id;
	t.to_active = 1;
	if ((e = db_tx(r->db, active_write, &t)) == DB_OK) {
		flash_set(r, t.changed ? "users.activated" :
		    "users.activate.already");
		http_redirect(r, 303, app_url(r, arena_printf(r->a,
		    "/users/%lld", u.id)));
		return 303;
	}
	if (t.fail == USER_GONE)
		return 404;
	if (t.fail != USER_BAD_DEPT)
		return db_status(e);
	if ((e = lists_load(r, &l)) != DB_OK)
		return db_status(e);
	d = form_page(r, &l, &u, NULL, u.dept_id, u.roles, u.nroles);
	tmpl_show(d, "ERROR");
	tmpl_set(d, "MESSAGE", msg(r, "users.err.activate_dept"));
	return page_render(r, d, "admin/user_form.tpl", 422);
}
