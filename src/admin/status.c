/*
 * GET /admin/: the system status page — program and schema versions,
 * the database server, the migrations applied.
 */
#include "config.h"

#include <time.h>

#include "core/app.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "admin.h"

enum stmt {
	STMT_MIGRATIONS,
	STMT_DB_VERSION,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_MIGRATIONS */
	"SELECT version, name, DATE_FORMAT(applied_at, '%Y-%m-%d %H:%i:%s') "
	"FROM schema_migration ORDER BY version DESC",
	/* STMT_DB_VERSION */
	"SELECT VERSION()",
};

int
admin_status(struct http_req *r)
{
	struct tmpl_dict	*d, *row;
	struct db_rows		 mig, ver;
	enum db_err		 e;
	size_t			 i;
	char			 now[32];
	time_t			 t = time(NULL);
	struct tm		 tm;

	if ((e = db_query(r->db, r->a, &mig, stmts[STMT_MIGRATIONS], ""))
	    != DB_OK)
		return db_status(e);
	if ((e = db_query(r->db, r->a, &ver, stmts[STMT_DB_VERSION], ""))
	    != DB_OK)
		return db_status(e);
	d = page_new(r, "admin.status.title");
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	tmpl_set(d, "NOW", now);
	tmpl_set(d, "DB_VERSION", ver.n ? ver.v[0][0] : "");
	tmpl_set(d, "SCHEMA", mig.n ? mig.v[0][0] : "0");
	tmpl_show(d, mig.n ? "MIGRATIONS" : "NO_MIGRATIONS");
	for (i = 0; i < mig.n; i++) {
		row = tmpl_row(d, "MIG");
		tmpl_set(row, "VERSION", mig.v[i][0]);
		tmpl_set(row, "NAME", mig.v[i][1]);
		tmpl_set(row, "APPLIED", mig.v[i][2]);
	}
	return page_render(r, d, "admin/status.tpl", 200);
}
