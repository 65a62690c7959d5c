/*
 * Which role holds which permission: the whole matrix on one page,
 * saved in one transaction with one audit row per role changed.
 * GET/POST /admin/roles.
 *
 * Roles and permissions themselves are data from the migrations (a
 * route asks for a permission by its code); this page only pairs them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "admin.h"

enum stmt {
	STMT_ROLES,
	STMT_PERMS,
	STMT_PAIRS,
	STMT_PAIRS_LOCK,
	STMT_PAIR_ADD,
	STMT_PAIR_DEL,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_ROLES */
	"SELECT id, code FROM role ORDER BY sort, id",
	/* STMT_PERMS */
	"SELECT code FROM permission ORDER BY sort, code",
	/* STMT_PAIRS */
	"SELECT role_id, permission FROM role_permission",
	/* STMT_PAIRS_LOCK: two saves at once apply one after the other. */
	"SELECT role_id, permission FROM role_permission FOR UPDATE",
	/* STMT_PAIR_ADD */
	"INSERT INTO role_permission (role_id, permission) VALUES (?, ?)",
	/* STMT_PAIR_DEL */
	"DELETE FROM role_permission WHERE role_id = ? AND permission = ?",
};

/*
 * The administrator role keeps these, whatever is submitted: without
 * them nobody could grant anything again (short of the console).
 */
static const char *const admin_keeps[] = {
	"roles.manage", "users.manage", NULL };

/* The matrix: roles by permissions, one byte a cell. */
struct matrix {
	struct db_rows	 roles;	/* id, code */
	struct db_rows	 perms;	/* code */
	char		*cell;	/* [role * perms.n + perm] */
};

static enum db_err
matrix_load(struct http_req *r, struct matrix *m)
{
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &m->roles, stmts[STMT_ROLES], ""))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &m->perms, stmts[STMT_PERMS], ""))
	    != DB_OK)
		return e;
	m->cell = arena_calloc(r->a, m->roles.n * m->perms.n + 1, 1);
	return DB_OK;
}

static long long
role_index(const struct matrix *m, long long id)
{
	size_t	 i;

	for (i = 0; i < m->roles.n; i++)
		if (db_int(m->roles.v[i][0]) == id)
			return (long long)i;
	return -1;
}

static long long
perm_index(const struct matrix *m, const char *code)
{
	size_t	 i;

	for (i = 0; i < m->perms.n; i++)
		if (strcmp(m->perms.v[i][0], code) == 0)
			return (long long)i;
	return -1;
}

/* Mark the stored pairs in cell (a pair naming nothing known is skipped). */
static void
matrix_fill(const struct matrix *m, const struct db_rows *pairs, char *cell)
{
	long long	 ri, pi;
	size_t		 i;

	for (i = 0; i < pairs->n; i++) {
		ri = role_index(m, db_int(pairs->v[i][0]));
		pi = perm_index(m, pairs->v[i][1]);
		if (ri >= 0 && pi >= 0)
			cell[ri * (long long)m->perms.n + pi] = 1;
	}
}

/* The catalog name of a code under prefix, or the code itself. */
static const char *
label(struct http_req *r, const char *prefix, const char *code)
{
	const char	*k = arena_printf(r->a, "%s.%s", prefix, code);

	return i18n_has(r->lang, k) ? msg(r, k) : code;
}

static int
roles_page(struct http_req *r, const struct matrix *m, const char *err,
    int status)
{
	struct tmpl_dict	*d, *row, *cell;
	size_t			 ri, pi;
	const char		*rname, *pname;

	d = page_new(r, "roles.title");
	if (err != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, err));
	}
	for (ri = 0; ri < m->roles.n; ri++) {
		row = tmpl_row(d, "ROLE");
		tmpl_set(row, "NAME", label(r, "role", m->roles.v[ri][1]));
	}
	for (pi = 0; pi < m->perms.n; pi++) {
		pname = label(r, "perm", m->perms.v[pi][0]);
		row = tmpl_row(d, "PERM");
		tmpl_set(row, "NAME", pname);
		tmpl_set(row, "CODE", m->perms.v[pi][0]);
		for (ri = 0; ri < m->roles.n; ri++) {
			rname = label(r, "role", m->roles.v[ri][1]);
			cell = tmpl_row(row, "CELL");
			tmpl_set(cell, "VALUE", arena_printf(r->a, "%s:%s",
			    m->roles.v[ri][0], m->perms.v[pi][0]));
			tmpl_set(cell, "ID", arena_printf(r->a, "rp-%s-%zu",
			    m->roles.v[ri][0], pi));
			tmpl_set(cell, "LABEL", arena_printf(r->a, "%s: %s",
			    rname, pname));
			if (m->cell[ri * m->perms.n + pi])
				tmpl_show(cell, "CHECKED");
		}
	}
	return page_render(r, d, "admin/roles.tpl", status);
}

int
admin_roles(struct http_req *r)
{
	struct matrix	 m;
	struct db_rows	 pairs;
	enum db_err	 e;

	if ((e = matrix_load(r, &m)) != DB_OK ||
	    (e = db_query(r->db, r->a, &pairs, stmts[STMT_PAIRS], "")) != DB_OK)
		return db_status(e);
	matrix_fill(&m, &pairs, m.cell);
	return roles_page(r, &m, NULL, 200);
}

struct roles_tx {
	struct http_req		*r;
	const struct matrix	*m;
	int			 changed;	/* roles changed */
};

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A role's permissions in cell, sorted and joined with commas. */
static const char *
perms_json(struct http_req *r, const struct matrix *m, size_t ri,
    const char *cell)
{
	const char	**v = arena_calloc(r->a, m->perms.n + 1, sizeof(*v));
	struct json	 *j;
	size_t		  pi, n = 0, len = 1;
	char		 *s;

	for (pi = 0; pi < m->perms.n; pi++)
		if (cell[ri * m->perms.n + pi]) {
			v[n] = m->perms.v[pi][0];
			len += strlen(v[n++]) + 1;
		}
	qsort(v, n, sizeof(*v), str_cmp);
	s = arena_alloc(r->a, len);
	s[0] = '\0';
	for (pi = 0; pi < n; pi++) {
		if (pi > 0)
			strcat(s, ",");
		strcat(s, v[pi]);
	}
	j = json_new(r->a);
	json_str(j, "role", m->roles.v[ri][1]);
	json_str(j, "permissions", s);
	return json_end(j);
}

/* Bring the stored pairs to the submitted matrix, role by role. */
static enum db_err
roles_write(struct db *db, void *arg)
{
	struct roles_tx		*t = arg;
	const struct matrix	*m = t->m;
	struct db_rows		 pairs;
	char			*have;
	size_t			 ri, pi, k;
	long long		 rid;
	int			 diff;
	enum db_err		 e;

	t->changed = 0;
	if ((e = db_query(db, t->r->a, &pairs, stmts[STMT_PAIRS_LOCK], ""))
	    != DB_OK)
		return e;
	have = arena_calloc(t->r->a, m->roles.n * m->perms.n + 1, 1);
	matrix_fill(m, &pairs, have);
	for (ri = 0; ri < m->roles.n; ri++) {
		rid = db_int(m->roles.v[ri][0]);
		diff = 0;
		for (pi = 0; pi < m->perms.n; pi++) {
			k = ri * m->perms.n + pi;
			if (have[k] == m->cell[k])
				continue;
			diff = 1;
			if ((e = db_exec(db, NULL, NULL, stmts[m->cell[k] ?
			    STMT_PAIR_ADD : STMT_PAIR_DEL], "is", rid,
			    m->perms.v[pi][0])) != DB_OK)
				return e;
		}
		if (!diff)
			continue;
		t->changed++;
		if ((e = audit_write(db, t->r, NULL, "role", rid,
		    "permissions", perms_json(t->r, m, ri, have),
		    perms_json(t->r, m, ri, m->cell))) != DB_OK)
			return e;
	}
	return DB_OK;
}

/*
 * The submitted matrix: every ticked box is a field "rp" with the value
 * "<role id>:<permission code>".  A value naming no role or permission
 * comes from no form of ours: 400.
 */
int
admin_roles_save(struct http_req *r)
{
	struct matrix	 m;
	struct roles_tx	 t;
	const char	*val, *colon;
	long long	 ri, pi, id;
	size_t		 i;
	enum db_err	 e;

	if ((e = matrix_load(r, &m)) != DB_OK)
		return db_status(e);
	for (i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.v[i].key, "rp") != 0)
			continue;
		val = r->form.v[i].val;
		if ((colon = strchr(val, ':')) == NULL || colon == val ||
		    (size_t)(colon - val) > 10 ||
		    strspn(val, "0123456789") != (size_t)(colon - val))
			return 400;
		id = strtoll(val, NULL, 10);
		if ((ri = role_index(&m, id)) < 0 ||
		    (pi = perm_index(&m, colon + 1)) < 0)
			return 400;
		m.cell[ri * (long long)m.perms.n + pi] = 1;
	}
	/* The administrator role cannot lose the rights to undo a mistake. */
	for (ri = 0; ri < (long long)m.roles.n; ri++) {
		if (strcmp(m.roles.v[ri][1], "admin") != 0)
			continue;
		for (i = 0; admin_keeps[i] != NULL; i++)
			if ((pi = perm_index(&m, admin_keeps[i])) >= 0 &&
			    !m.cell[ri * (long long)m.perms.n + pi])
				return roles_page(r, &m,
				    "roles.err.admin_keeps", 422);
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.m = &m;
	if ((e = db_tx(r->db, roles_write, &t)) != DB_OK)
		return db_status(e);
	flash_set(r, t.changed ? "roles.saved" : "roles.unchanged");
	http_redirect(r, 303, app_url(r, "/roles"));
	return 303;
}
