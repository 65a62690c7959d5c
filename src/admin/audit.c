/*
 * The audit trail, newest first, with filters and pages.
 * GET /admin/audit.
 *
 * Read-only by construction: the admin program's database account can
 * only SELECT and INSERT on the audit table (sql/grants.sql).
 */
#include "config.h"

#include <string.h>

#include "core/app.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define AUDIT_PER_PAGE	50

/*
 * Every filter is a pair of the same parameter: unset (NULL) matches
 * everything.  The dates are whole UTC days, "to" included.
 */
#define AUDIT_WHERE \
	" WHERE (? IS NULL OR a.login = ?) " \
	"AND (? IS NULL OR a.entity = ?) " \
	"AND (? IS NULL OR a.action = ?) " \
	"AND (? IS NULL OR a.at >= ?) " \
	"AND (? IS NULL OR a.at < DATE_ADD(?, INTERVAL 1 DAY))"

enum stmt {
	STMT_COUNT,
	STMT_LIST,
	STMT_ENTITIES,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_COUNT */
	"SELECT COUNT(*) FROM audit a" AUDIT_WHERE,
	/* STMT_LIST */
	"SELECT DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s'), a.login, a.ip, "
	"a.entity, a.entity_id, a.action, a.before_json, a.after_json "
	"FROM audit a" AUDIT_WHERE
	" ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?",
	/* STMT_ENTITIES */
	"SELECT DISTINCT entity FROM audit ORDER BY entity",
};

enum audit_field {
	AF_USER,
	AF_ENTITY,
	AF_ACTION,
	AF_FROM,
	AF_TO,
	AF_PAGE,
	AF__MAX
};

static const struct field audit_fields[AF__MAX] = {
	/* AF_USER */
	{ "user", valid_text, 0, 0, 64, NULL },
	/* AF_ENTITY */
	{ "entity", valid_text, 0, 0, 40, NULL },
	/* AF_ACTION */
	{ "action", valid_text, 0, 0, 40, NULL },
	/* AF_FROM */
	{ "from", valid_date, 0, 0, 0, NULL },
	/* AF_TO */
	{ "to", valid_date, 0, 0, 0, NULL },
	/* AF_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

int
admin_audit(struct http_req *r)
{
	struct fieldval		 v[AF__MAX];
	struct tmpl_dict	*d, *row;
	struct db_rows		 cnt, rows, ents;
	const char		*user, *ent, *act, *from, *to, *qs = "", *base;
	long long		 total = 0, page, pages;
	size_t			 i, bad;
	enum db_err		 e;

	bad = valid_form(&r->query, audit_fields, AF__MAX, v);
	if (v[AF_FROM].str != NULL && v[AF_TO].str != NULL &&
	    v[AF_FROM].i > v[AF_TO].i) {
		v[AF_TO].err = "audit.err.range";
		v[AF_TO].str = NULL;
		bad++;
	}
	user = v[AF_USER].str;
	ent = v[AF_ENTITY].str;
	act = v[AF_ACTION].str;
	from = v[AF_FROM].str;
	to = v[AF_TO].str;
	page = v[AF_PAGE].str ? v[AF_PAGE].i : 1;

	if ((e = db_query(r->db, r->a, &ents, stmts[STMT_ENTITIES], ""))
	    != DB_OK)
		return db_status(e);
	rows.n = 0;
	/* A filter that is wrong shows its message, not some other list. */
	if (bad == 0) {
		if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_COUNT],
		    "ssssssssss", user, user, ent, ent, act, act, from, from,
		    to, to)) != DB_OK)
			return db_status(e);
		total = cnt.n ? db_int(cnt.v[0][0]) : 0;
		pages = (total + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE;
		if (pages > 0 && page > pages)
			page = pages;
		if ((e = db_query(r->db, r->a, &rows, stmts[STMT_LIST],
		    "ssssssssssii", user, user, ent, ent, act, act, from, from,
		    to, to, (long long)AUDIT_PER_PAGE,
		    (page - 1) * AUDIT_PER_PAGE)) != DB_OK)
			return db_status(e);
	} else
		pages = 0;

	d = page_new(r, "audit.title");
	page_fields(r, d, audit_fields, AF_PAGE, v);
	for (i = 0; i < ents.n; i++) {
		row = tmpl_row(d, "ENTITY_OPTION");
		tmpl_set(row, "VALUE", ents.v[i][0]);
		if (ent != NULL && strcmp(ent, ents.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	if (bad) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, "audit.err.filter"));
	} else {
		tmpl_set(d, "TOTAL", msgf(r, "audit.total",
		    arena_printf(r->a, "%lld", total)));
		tmpl_show(d, rows.n ? "LIST" : "EMPTY");
	}
	for (i = 0; i < rows.n; i++) {
		char	**a = rows.v[i];

		row = tmpl_row(d, "ROW");
		tmpl_set(row, "AT", a[0]);
		tmpl_set(row, "LOGIN", a[1]);
		tmpl_set(row, "IP", a[2]);
		tmpl_set(row, "ENTITY", a[3]);
		tmpl_set(row, "ENTITY_ID", a[4] ? a[4] : "");
		tmpl_set(row, "ACTION", a[5]);
		if (a[6] != NULL) {
			tmpl_show(row, "HAS_BEFORE");
			tmpl_set(row, "BEFORE", a[6]);
		}
		if (a[7] != NULL) {
			tmpl_show(row, "HAS_AFTER");
			tmpl_set(row, "AFTER", a[7]);
		}
	}

	qs = app_qs_add(r, qs, "user", user);
	qs = app_qs_add(r, qs, "entity", ent);
	qs = app_qs_add(r, qs, "action", act);
	qs = app_qs_add(r, qs, "from", from);
	qs = app_qs_add(r, qs, "to", to);
	base = app_url(r, "/audit");
	page_pager(r, d, page, pages, base, qs);
	return page_render(r, d, "admin/audit.tpl", bad ? 422 : 200);
}
