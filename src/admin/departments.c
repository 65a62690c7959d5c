/*
 * Departments: the list with the active staff of each, adding one,
 * renaming and (de)activating.  Departments are never deleted: users,
 * and later complaints and improvement actions, point at them.
 * GET /admin/departments, POST /admin/departments/new,
 * POST /admin/departments/<id>.
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

enum stmt {
	STMT_LIST,
	STMT_INSERT,
	STMT_LOCK,
	STMT_ACTIVE_USERS,
	STMT_UPDATE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST: active ones first. */
	"SELECT d.id, d.name, d.active, DATE_FORMAT(d.created_at, '%Y-%m-%d'), "
	"(SELECT COUNT(*) FROM `user` u WHERE u.department_id = d.id "
	"AND u.active = 1) FROM department d ORDER BY d.active DESC, d.name",
	/* STMT_INSERT */
	"INSERT INTO department (name) VALUES (?)",
	/* STMT_LOCK */
	"SELECT name, active FROM department WHERE id = ? FOR UPDATE",
	/*
	 * STMT_ACTIVE_USERS: the shared lock waits for a user being put in
	 * the department right now (users.c locks the department row the
	 * same way), so no active user slips into a deactivated one.
	 */
	"SELECT COUNT(*) FROM `user` WHERE department_id = ? AND active = 1 "
	"LOCK IN SHARE MODE",
	/* STMT_UPDATE */
	"UPDATE department SET name = ?, active = ? WHERE id = ?",
};

static const char *const checked[] = { "1", NULL };

enum dept_field {
	DF_NAME,
	DF_ACTIVE,
	DF__MAX
};

static const struct field dept_fields[DF__MAX] = {
	/* DF_NAME */
	{ "name", valid_text, 1, 1, 60, NULL },
	/* DF_ACTIVE: a checkbox, absent when not ticked. */
	{ "active", valid_enum, 0, 0, 0, checked },
};

/* What the user sent for one department (id 0: the add form), shown
 * again with its message. */
struct dept_input {
	long long	 id;
	const char	*name;
	int		 active;
	const char	*field;		/* "name" or "active" */
	const char	*err;		/* catalog key */
};

static int
dept_page(struct http_req *r, const struct dept_input *in, int status)
{
	struct tmpl_dict	*d, *row;
	struct db_rows		 rows;
	enum db_err		 e;
	size_t			 i;
	long long		 id;

	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST], "")) != DB_OK)
		return db_status(e);
	d = page_new(r, "departments.title");
	if (in != NULL && in->err != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "departments.err.form"));
	}
	if (in != NULL && in->id == 0) {
		tmpl_set(d, "NEW_NAME", in->name);
		page_field_error(r, d, "new_name", in->err);
	}
	if (rows.n == 0)
		tmpl_show(d, "EMPTY");
	else
		tmpl_show(d, "LIST");
	for (i = 0; i < rows.n; i++) {
		id = db_int(rows.v[i][0]);
		row = tmpl_row(d, "DEPT");
		tmpl_set(row, "ID", rows.v[i][0]);
		tmpl_set(row, "STORED_NAME", rows.v[i][1]);
		tmpl_set(row, "CREATED", rows.v[i][3]);
		tmpl_set(row, "USERS", rows.v[i][4]);
		tmpl_show(row, db_int(rows.v[i][2]) ? "IS_ACTIVE" :
		    "IS_INACTIVE");
		if (in != NULL && in->id == id) {
			/* The row the message is about keeps what was typed. */
			tmpl_set(row, "NAME", in->name);
			if (in->active)
				tmpl_show(row, "CHECKED");
			page_field_error(r, row, in->field, in->err);
		} else {
			tmpl_set(row, "NAME", rows.v[i][1]);
			if (db_int(rows.v[i][2]))
				tmpl_show(row, "CHECKED");
		}
	}
	return page_render(r, d, "admin/departments.tpl", status);
}

int
admin_departments(struct http_req *r)
{
	return dept_page(r, NULL, 200);
}

struct dept_tx {
	struct http_req	*r;
	long long	 id;
	const char	*name;
	int		 active;
	int		 gone;		/* no such department */
	int		 busy;		/* has active users */
	int		 changed;
};

static const char *
dept_json(struct arena *a, const char *name, long long active)
{
	struct json	*j = json_new(a);

	json_str(j, "name", name);
	json_int(j, "active", active);
	return json_end(j);
}

static enum db_err
create_write(struct db *db, void *arg)
{
	struct dept_tx		*t = arg;
	unsigned long long	 id;
	enum db_err		 e;

	if ((e = db_exec(db, NULL, &id, stmts[STMT_INSERT], "s", t->name))
	    != DB_OK)
		return e;
	t->id = (long long)id;
	return audit_write(db, t->r, NULL, "department", t->id, "create",
	    NULL, dept_json(t->r->a, t->name, 1));
}

int
admin_department_new(struct http_req *r)
{
	struct fieldval		 v[DF__MAX];
	struct dept_input	 in;
	struct dept_tx		 t;
	enum db_err		 e;

	memset(&in, 0, sizeof(in));
	if (valid_form(&r->form, dept_fields, 1, v) != 0) {
		in.name = v[DF_NAME].raw ? v[DF_NAME].raw : "";
		in.err = v[DF_NAME].err;
		return dept_page(r, &in, 422);
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.name = v[DF_NAME].str;
	if ((e = db_tx(r->db, create_write, &t)) == DB_DUPLICATE) {
		in.name = t.name;
		in.err = "departments.err.taken";
		return dept_page(r, &in, 422);
	}
	if (e != DB_OK)
		return db_status(e);
	flash_set(r, "departments.created");
	http_redirect(r, 303, app_url(r, "/departments"));
	return 303;
}

static enum db_err
update_write(struct db *db, void *arg)
{
	struct dept_tx	*t = arg;
	struct db_rows	 cur, cnt;
	long long	 was;
	enum db_err	 e;

	t->changed = 0;
	if ((e = db_query(db, t->r->a, &cur, stmts[STMT_LOCK], "i", t->id))
	    != DB_OK)
		return e;
	if (cur.n == 0) {
		t->gone = 1;
		return DB_ERROR;
	}
	was = db_int(cur.v[0][1]);
	if (strcmp(cur.v[0][0], t->name) == 0 && was == t->active)
		return DB_OK;
	if (was && !t->active) {
		if ((e = db_query(db, t->r->a, &cnt,
		    stmts[STMT_ACTIVE_USERS], "i", t->id)) != DB_OK)
			return e;
		if (cnt.n && db_int(cnt.v[0][0]) > 0) {
			t->busy = 1;
			return DB_ERROR;
		}
	}
	t->changed = 1;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_UPDATE], "sii", t->name,
	    (long long)t->active, t->id)) != DB_OK)
		return e;
	return audit_write(db, t->r, NULL, "department", t->id, "update",
	    dept_json(t->r->a, cur.v[0][0], was),
	    dept_json(t->r->a, t->name, t->active));
}

int
admin_department_save(struct http_req *r)
{
	struct fieldval		 v[DF__MAX];
	struct dept_input	 in;
	struct dept_tx		 t;
	enum db_err		 e;

	memset(&in, 0, sizeof(in));
	if ((in.id = app_path_id(r->args[0])) == 0)
		return 404;
	if (valid_form(&r->form, dept_fields, DF__MAX, v) != 0) {
		in.name = v[DF_NAME].raw ? v[DF_NAME].raw : "";
		in.active = v[DF_ACTIVE].str != NULL;
		in.field = v[DF_NAME].err ? "name" : "active";
		in.err = v[DF_NAME].err ? v[DF_NAME].err : v[DF_ACTIVE].err;
		return dept_page(r, &in, 422);
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = in.id;
	t.name = v[DF_NAME].str;
	t.active = v[DF_ACTIVE].str != NULL;
	if ((e = db_tx(r->db, update_write, &t)) != DB_OK) {
		if (t.gone)
			return 404;
		in.name = t.name;
		in.active = t.active;
		if (e == DB_DUPLICATE) {
			in.field = "name";
			in.err = "departments.err.taken";
		} else if (t.busy) {
			in.field = "active";
			in.err = "departments.err.busy";
		} else
			return db_status(e);
		return dept_page(r, &in, 422);
	}
	flash_set(r, t.changed ? "departments.saved" :
	    "departments.unchanged");
	http_redirect(r, 303, app_url(r, "/departments"));
	return 303;
}
