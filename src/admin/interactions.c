/*
 * Relationship maintenance (DOMAIN.md section 2): recording an
 * interaction, the follow-ups of problems raised, an account manager's
 * "my work", and the seed's monitoring table as a page and a CSV export.
 * GET/POST /admin/customers/<id>/interactions/new,
 * GET /admin/followups, POST /admin/followups/<id>/{respond,resolve,confirm},
 * GET /admin/mywork, GET /admin/monitor, GET /admin/monitor.csv.
 *
 * Dates are days of Asia/Shanghai (the business's calendar); times are
 * stored in UTC as the database connection runs in UTC.  A viewer without
 * scope.all_departments sees only customers of their own department.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/conf.h"
#include "core/app.h"
#include "core/auth.h"
#include "core/crm.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define MONITOR_PER_PAGE 50
#define MONITOR_CSV_MAX	100000
#define FOLLOWUPS_PER_PAGE 50
#define MYWORK_MAX	200
#define MYWORK_DAYS	7	/* due within this many days counts */

/*
 * The monitoring table's filters, shared by the count, the page and the
 * export: period (from, to), executor, tier, method, department scope.
 */
#define MONITOR_WHERE \
	" WHERE i.occurred_on BETWEEN ? AND ? " \
	"AND (? IS NULL OR i.executor_id = ?) " \
	"AND (? IS NULL OR c.tier = ?) " \
	"AND (? IS NULL OR i.method = ?) " \
	"AND (? IS NULL OR c.department_id = ?)"
#define MONITOR_FROM \
	" FROM interaction i JOIN customer c ON c.id = i.customer_id " \
	"JOIN interaction_method m ON m.code = i.method " \
	"JOIN `user` u ON u.id = i.executor_id " \
	"LEFT JOIN customer_contact k ON k.id = i.contact_id"

enum stmt {
	STMT_CUSTOMER_GET,
	STMT_CUSTOMER_LOCK,
	STMT_METHODS,
	STMT_CONTACTS,
	STMT_EXECUTORS,
	STMT_CYCLES,
	STMT_TIERS,
	STMT_EXECUTOR_CHECK,
	STMT_INTERACTION_INSERT,
	STMT_CUSTOMER_DUE,
	STMT_FOLLOWUP_INSERT,
	STMT_FOLLOWUPS_COUNT,
	STMT_FOLLOWUPS,
	STMT_FOLLOWUP_LOCK,
	STMT_FOLLOWUP_RESPOND,
	STMT_FOLLOWUP_RESOLVE,
	STMT_FOLLOWUP_CONFIRM,
	STMT_MYWORK_DUE,
	STMT_MYWORK_FOLLOWUPS,
	STMT_MYWORK_HEALTH,
	STMT_MONITOR_COUNT,
	STMT_MONITOR,
	STMT_MONITOR_ALL,
	STMT__MAX
};

#define MONITOR_SELECT \
	"SELECT c.id, c.code, c.name, c.kind, k.name, k.mobile, " \
	"c.cycle_days, c.value_tag, DATE_FORMAT(i.occurred_on, '%Y-%m-%d'), " \
	"m.name_zh, m.name_en, i.summary, i.satisfaction, i.comments, " \
	"i.score_speed, i.score_resolution, i.score_professional, " \
	"i.score_proactive, u.display_name, i.remarks, i.escalate"

static const char *const stmts[STMT__MAX] = {
	/* STMT_CUSTOMER_GET: a customer in the viewer's scope. */
	"SELECT id, code, name, owner_id, value_tag, cycle_days "
	"FROM customer WHERE id = ? AND (? IS NULL OR department_id = ?)",
	/*
	 * STMT_CUSTOMER_LOCK: what the due date is computed from, locked so
	 * two interactions recorded at once both count.  Days since
	 * 1970-01-01; -1 if never contacted.
	 */
	"SELECT owner_id, value_tag, cycle_days, "
	"COALESCE(DATEDIFF(last_interaction_on, '1970-01-01'), -1), "
	"DATEDIFF(DATE(created_at + INTERVAL @manyi_tz SECOND), '1970-01-01') "
	"FROM customer WHERE id = ? AND (? IS NULL OR department_id = ?) "
	"FOR UPDATE",
	/* STMT_METHODS */
	"SELECT code, name_zh, name_en FROM interaction_method "
	"WHERE active = 1 ORDER BY sort, code",
	/* STMT_CONTACTS */
	"SELECT id, name, title FROM customer_contact WHERE customer_id = ? "
	"ORDER BY is_primary DESC, id",
	/* STMT_EXECUTORS */
	"SELECT id, display_name, login FROM `user` WHERE active = 1 "
	"ORDER BY display_name, login",
	/* STMT_CYCLES: the maintenance cycle of each value tag. */
	"SELECT name, value FROM setting WHERE name IN ('cycle.high_days', "
	"'cycle.normal_days', 'cycle.potential_days')",
	/* STMT_TIERS */
	"SELECT code FROM tier ORDER BY sort",
	/* STMT_EXECUTOR_CHECK: the user stays active until we commit. */
	"SELECT id FROM `user` WHERE id = ? AND active = 1 LOCK IN SHARE MODE",
	/* STMT_INTERACTION_INSERT */
	"INSERT INTO interaction (customer_id, contact_id, occurred_on, "
	"method, summary, satisfaction, comments, score_speed, "
	"score_resolution, score_professional, score_proactive, executor_id, "
	"remarks, escalate, created_by) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* STMT_CUSTOMER_DUE: days since 1970-01-01. */
	"UPDATE customer SET "
	"last_interaction_on = DATE_ADD('1970-01-01', INTERVAL ? DAY), "
	"next_due_on = DATE_ADD('1970-01-01', INTERVAL ? DAY), "
	/* Contacting the customer is acting on an open health warning. */
	"health_acted_at = IF(health_warning_due IS NULL, health_acted_at, "
	"UTC_TIMESTAMP()) WHERE id = ?",
	/* STMT_FOLLOWUP_INSERT: times in seconds since the epoch (UTC). */
	"INSERT INTO follow_up (interaction_id, customer_id, problem, "
	"owner_id, raised_at, respond_by) "
	"VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?))",
	/* STMT_FOLLOWUPS_COUNT */
	"SELECT COUNT(*) FROM follow_up f JOIN customer c "
	"ON c.id = f.customer_id WHERE f.status <> 'confirmed' "
	"AND (? IS NULL OR c.department_id = ?)",
	/* STMT_FOLLOWUPS: the latest deadline first. */
	"SELECT f.id, c.id, c.code, c.name, f.problem, u.display_name, "
	"DATE_FORMAT(f.raised_at + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(f.respond_by + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"f.respond_by < UTC_TIMESTAMP() AND f.responded_at IS NULL, "
	"f.status, f.attempts "
	"FROM follow_up f JOIN customer c ON c.id = f.customer_id "
	"JOIN `user` u ON u.id = f.owner_id WHERE f.status <> 'confirmed' "
	"AND (? IS NULL OR c.department_id = ?) "
	"ORDER BY f.respond_by DESC, f.id DESC LIMIT ? OFFSET ?",
	/* STMT_FOLLOWUP_LOCK */
	"SELECT f.status, f.customer_id, f.attempts FROM follow_up f "
	"JOIN customer c ON c.id = f.customer_id WHERE f.id = ? "
	"AND (? IS NULL OR c.department_id = ?) FOR UPDATE",
	/* STMT_FOLLOWUP_RESPOND */
	"UPDATE follow_up SET responded_at = UTC_TIMESTAMP(), "
	"status = 'responded' WHERE id = ? AND status = 'open'",
	/* STMT_FOLLOWUP_RESOLVE */
	"UPDATE follow_up SET resolved_at = UTC_TIMESTAMP(), "
	"attempts = attempts + 1, status = 'resolved' "
	"WHERE id = ? AND status = 'responded'",
	/* STMT_FOLLOWUP_CONFIRM */
	"UPDATE follow_up SET confirmed_at = UTC_TIMESTAMP(), "
	"confirmation = ?, confirmation_note = ?, status = 'confirmed' "
	"WHERE id = ? AND status = 'resolved'",
	/* STMT_MYWORK_DUE: days until due (negative: overdue). */
	"SELECT id, code, name, DATE_FORMAT(next_due_on, '%Y-%m-%d'), "
	"DATEDIFF(next_due_on, ?) FROM customer WHERE owner_id = ? "
	"AND next_due_on <= DATE_ADD(?, INTERVAL ? DAY) "
	"ORDER BY next_due_on, id LIMIT ?",
	/* STMT_MYWORK_FOLLOWUPS */
	"SELECT f.id, c.id, c.code, c.name, f.problem, "
	"DATE_FORMAT(f.respond_by + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"f.respond_by < UTC_TIMESTAMP() AND f.responded_at IS NULL, f.status "
	"FROM follow_up f JOIN customer c ON c.id = f.customer_id "
	"WHERE f.owner_id = ? AND f.status <> 'confirmed' "
	"ORDER BY f.respond_by, f.id LIMIT ?",
	/* STMT_MYWORK_HEALTH */
	"SELECT id, code, name, health, "
	"DATE_FORMAT(health_warning_due + INTERVAL @manyi_tz SECOND, '%Y-%m-%d %H:%i'), "
	"health_warning_due < UTC_TIMESTAMP() FROM customer "
	"WHERE owner_id = ? AND health < 60 AND health_warning_due IS NOT NULL "
	"AND (health_acted_at IS NULL OR health_acted_at < health_at) "
	"ORDER BY health_warning_due, id LIMIT ?",
	/* STMT_MONITOR_COUNT */
	"SELECT COUNT(*)" MONITOR_FROM MONITOR_WHERE,
	/* STMT_MONITOR */
	MONITOR_SELECT MONITOR_FROM MONITOR_WHERE
	" ORDER BY i.occurred_on, i.id LIMIT ? OFFSET ?",
	/* STMT_MONITOR_ALL: the export, capped. */
	MONITOR_SELECT MONITOR_FROM MONITOR_WHERE
	" ORDER BY i.occurred_on, i.id LIMIT ?",
};

/* ------------------------------------------------------------ helpers */

/* The method's name in the request's language. */
static const char *
method_name(struct http_req *r, const char *zh, const char *en)
{
	return r->lang == LANG_EN ? en : zh;
}

enum db_err
cycles_load(struct http_req *r, struct db *db, struct cycles *c)
{
	struct db_rows	 rows;
	enum db_err	 e;
	size_t		 i;
	long long	 n;

	c->high = 30;
	c->normal = 90;
	c->potential = 60;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CYCLES], "")) != DB_OK)
		return e;
	for (i = 0; i < rows.n; i++) {
		n = db_int(rows.v[i][1]);
		if (n < 1 || n > 3650)
			continue;
		if (strcmp(rows.v[i][0], "cycle.high_days") == 0)
			c->high = (int)n;
		else if (strcmp(rows.v[i][0], "cycle.normal_days") == 0)
			c->normal = (int)n;
		else
			c->potential = (int)n;
	}
	return DB_OK;
}

int
cycle_of(const struct cycles *c, const char *own, const char *tag)
{
	if (own != NULL && db_int(own) > 0)
		return (int)db_int(own);
	if (tag != NULL && strcmp(tag, "high") == 0)
		return c->high;
	if (tag != NULL && strcmp(tag, "potential") == 0)
		return c->potential;
	return c->normal;
}

static const char *
tier_label(struct http_req *r, const char *code)
{
	const char	*k = arena_printf(r->a, "interactions.tier.%s", code);

	return i18n_has(r->lang, k) ? msg(r, k) : code;
}

/* ------------------------------------------------ recording an interaction */

enum ifield {
	IF_DATE,
	IF_METHOD,
	IF_CONTACT,
	IF_SUMMARY,
	IF_SATISFACTION,
	IF_COMMENTS,
	IF_SCORE_SPEED,
	IF_SCORE_RESOLUTION,
	IF_SCORE_PROFESSIONAL,
	IF_SCORE_PROACTIVE,
	IF_EXECUTOR,
	IF_REMARKS,
	IF_ESCALATE,
	IF_PROBLEM,
	IF__MAX
};

static const char *const escalate_values[] = { "1", NULL };

static const struct field ifields[IF__MAX] = {
	/* IF_DATE */
	{ "date", valid_date, 1, 0, 0, NULL },
	/* IF_METHOD */
	{ "method", valid_text, 1, 1, 20, NULL },
	/* IF_CONTACT */
	{ "contact", valid_int, 0, 1, 4294967295LL, NULL },
	/* IF_SUMMARY */
	{ "summary", valid_text, 1, 1, 2000, NULL },
	/* IF_SATISFACTION */
	{ "satisfaction", valid_int, 0, 1, 5, NULL },
	/* IF_COMMENTS */
	{ "comments", valid_text, 0, 0, 2000, NULL },
	/* IF_SCORE_SPEED */
	{ "score_speed", valid_int, 0, 1, 5, NULL },
	/* IF_SCORE_RESOLUTION */
	{ "score_resolution", valid_int, 0, 1, 5, NULL },
	/* IF_SCORE_PROFESSIONAL */
	{ "score_professional", valid_int, 0, 1, 5, NULL },
	/* IF_SCORE_PROACTIVE */
	{ "score_proactive", valid_int, 0, 1, 5, NULL },
	/* IF_EXECUTOR */
	{ "executor", valid_int, 1, 1, 4294967295LL, NULL },
	/* IF_REMARKS */
	{ "remarks", valid_text, 0, 0, 2000, NULL },
	/* IF_ESCALATE */
	{ "escalate", valid_enum, 0, 0, 0, escalate_values },
	/* IF_PROBLEM */
	{ "problem", valid_text, 0, 0, 2000, NULL },
};

/* The four service scores, as the form and the template name them. */
static const enum ifield score_fields[] = {
	IF_SCORE_SPEED, IF_SCORE_RESOLUTION, IF_SCORE_PROFESSIONAL,
	IF_SCORE_PROACTIVE,
};
static const char *const score_names[] = {
	"SCORE_SPEED", "SCORE_RESOLUTION", "SCORE_PROFESSIONAL",
	"SCORE_PROACTIVE",
};

struct customer {
	long long	 id;
	const char	*code;
	const char	*name;
};

/* What the form's selects offer. */
struct ilists {
	struct db_rows	 methods;	/* code, name_zh, name_en */
	struct db_rows	 contacts;	/* id, name, title */
	struct db_rows	 users;		/* id, display_name, login */
};

/* The customer of /customers/<id>/...: 0, 404, or the database's status. */
static int
customer_load(struct http_req *r, struct customer *c)
{
	struct db_rows	 rows;
	const char	*scope = auth_scope_dept(r);
	enum db_err	 e;

	memset(c, 0, sizeof(*c));
	if ((c->id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_CUSTOMER_GET], "iss",
	    c->id, scope, scope)) != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	c->code = rows.v[0][1];
	c->name = rows.v[0][2];
	return 0;
}

static enum db_err
ilists_load(struct http_req *r, const struct customer *c, struct ilists *l)
{
	enum db_err	 e;

	if ((e = db_query(r->db, r->a, &l->methods, stmts[STMT_METHODS], ""))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &l->contacts, stmts[STMT_CONTACTS],
	    "i", c->id)) != DB_OK)
		return e;
	return db_query(r->db, r->a, &l->users, stmts[STMT_EXECUTORS], "");
}

/* Options 1..5 of a score select, the chosen one marked. */
static void
score_options(struct tmpl_dict *d, const char *section, const char *cur)
{
	struct tmpl_dict	*row;
	char			 n[2];
	int			 i;

	for (i = 1; i <= 5; i++) {
		n[0] = (char)('0' + i);
		n[1] = '\0';
		row = tmpl_row(d, section);
		tmpl_set(row, "N", n);
		if (cur != NULL && strcmp(cur, n) == 0)
			tmpl_show(row, "SELECTED");
	}
}

/*
 * The form page; v NULL: a new form (today, the signed-in executor).
 * The caller adds messages and renders.
 */
static struct tmpl_dict *
iform_page(struct http_req *r, const struct customer *c,
    const struct ilists *l, const struct fieldval *v)
{
	struct tmpl_dict	*d, *row;
	const char		*method, *contact, *exec, *sat;
	size_t			 i;

	d = page_new(r, "interactions.new.title");
	tmpl_set(d, "CUSTOMER_URL", app_url(r, arena_printf(r->a,
	    "/customers/%lld", c->id)));
	tmpl_set(d, "ACTION", app_url(r, arena_printf(r->a,
	    "/customers/%lld/interactions/new", c->id)));
	tmpl_set(d, "CUSTOMER_CODE", c->code);
	tmpl_set(d, "CUSTOMER_NAME", c->name);
	tmpl_set(d, "TODAY", admin_day_str(r->a, admin_today()));
	if (v != NULL) {
		page_fields(r, d, ifields, IF__MAX, v);
		method = v[IF_METHOD].raw;
		contact = v[IF_CONTACT].raw;
		exec = v[IF_EXECUTOR].raw;
		sat = v[IF_SATISFACTION].raw;
		if (v[IF_ESCALATE].str != NULL)
			tmpl_show(d, "ESCALATE_CHECKED");
	} else {
		tmpl_set(d, "DATE", admin_day_str(r->a, admin_today()));
		method = l->methods.n ? l->methods.v[0][0] : NULL;
		contact = NULL;
		exec = arena_printf(r->a, "%lld", r->sess->user_id);
		sat = NULL;
	}
	for (i = 0; i < l->methods.n; i++) {
		row = tmpl_row(d, "METHOD_OPTION");
		tmpl_set(row, "CODE", l->methods.v[i][0]);
		tmpl_set(row, "NAME", method_name(r, l->methods.v[i][1],
		    l->methods.v[i][2]));
		if (method != NULL && strcmp(method, l->methods.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < l->contacts.n; i++) {
		row = tmpl_row(d, "CONTACT_OPTION");
		tmpl_set(row, "ID", l->contacts.v[i][0]);
		tmpl_set(row, "NAME", l->contacts.v[i][1]);
		tmpl_set(row, "TITLE", l->contacts.v[i][2]);
		if (contact != NULL && strcmp(contact, l->contacts.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < l->users.n; i++) {
		row = tmpl_row(d, "EXECUTOR_OPTION");
		tmpl_set(row, "ID", l->users.v[i][0]);
		tmpl_set(row, "NAME", l->users.v[i][1]);
		tmpl_set(row, "LOGIN", l->users.v[i][2]);
		if (exec != NULL && strcmp(exec, l->users.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	score_options(d, "SATISFACTION_OPTION", sat);
	for (i = 0; i < 4; i++)
		score_options(d, arena_printf(r->a, "%s_OPTION",
		    score_names[i]), v ? v[score_fields[i]].raw : NULL);
	return d;
}

struct itx {
	struct http_req		*r;
	const char		*scope;
	long long		 customer;
	const struct fieldval	*v;
	long long		 id;		/* the new interaction */
	long long		 followup;	/* the new follow-up, or 0 */
	int			 gone;		/* customer out of scope */
	int			 bad_executor;
};

/* A validated optional integer, or NULL to bind SQL NULL. */
static const char *
opt(const struct fieldval *v)
{
	return v->str;
}

static enum db_err
interaction_write(struct db *db, void *arg)
{
	struct itx		*t = arg;
	struct http_req		*r = t->r;
	const struct fieldval	*v = t->v;
	struct db_rows		 cu, ex;
	struct cycles		 cy;
	struct json		*j;
	unsigned long long	 id;
	long long		 last, created, day, owner, now, due;
	int			 cycle;
	enum db_err		 e;

	if ((e = db_query(db, r->a, &cu, stmts[STMT_CUSTOMER_LOCK], "iss",
	    t->customer, t->scope, t->scope)) != DB_OK)
		return e;
	if (cu.n == 0) {
		t->gone = 1;
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &ex, stmts[STMT_EXECUTOR_CHECK], "i",
	    v[IF_EXECUTOR].i)) != DB_OK)
		return e;
	if (ex.n == 0) {
		t->bad_executor = 1;
		return DB_ERROR;
	}
	if ((e = cycles_load(r, db, &cy)) != DB_OK)
		return e;
	if ((e = db_exec(db, NULL, &id, stmts[STMT_INTERACTION_INSERT],
	    "issssssssssssii", t->customer, opt(&v[IF_CONTACT]),
	    v[IF_DATE].str, v[IF_METHOD].str, v[IF_SUMMARY].str,
	    opt(&v[IF_SATISFACTION]),
	    v[IF_COMMENTS].str ? v[IF_COMMENTS].str : "",
	    opt(&v[IF_SCORE_SPEED]), opt(&v[IF_SCORE_RESOLUTION]),
	    opt(&v[IF_SCORE_PROFESSIONAL]), opt(&v[IF_SCORE_PROACTIVE]),
	    v[IF_EXECUTOR].str, v[IF_REMARKS].str ? v[IF_REMARKS].str : "",
	    v[IF_ESCALATE].str ? 1LL : 0LL, r->sess->user_id)) != DB_OK)
		return e;
	t->id = (long long)id;

	/* The last contact is the latest one: a late entry moves nothing. */
	owner = cu.v[0][0] ? db_int(cu.v[0][0]) : 0;
	cycle = cycle_of(&cy, cu.v[0][2], cu.v[0][1]);
	last = db_int(cu.v[0][3]);
	created = db_int(cu.v[0][4]);
	day = v[IF_DATE].i;
	if (day > last)
		last = day;
	due = due_day(last, cycle, created);
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_CUSTOMER_DUE], "iii",
	    last, due, t->customer)) != DB_OK)
		return e;

	j = json_new(r->a);
	json_int(j, "customer_id", t->customer);
	json_str(j, "occurred_on", v[IF_DATE].str);
	json_str(j, "method", v[IF_METHOD].str);
	json_int(j, "executor_id", v[IF_EXECUTOR].i);
	if (v[IF_SATISFACTION].str != NULL)
		json_int(j, "satisfaction", v[IF_SATISFACTION].i);
	json_int(j, "escalate", v[IF_ESCALATE].str ? 1 : 0);
	json_str(j, "next_due_on", admin_day_str(r->a, due));

	/* A problem raised: answer within one working day (Shanghai). */
	if (v[IF_PROBLEM].str != NULL && *v[IF_PROBLEM].str != '\0') {
		now = (long long)time(NULL);
		if ((e = db_exec(db, NULL, &id, stmts[STMT_FOLLOWUP_INSERT],
		    "iisiii", t->id, t->customer, v[IF_PROBLEM].str,
		    owner ? owner : v[IF_EXECUTOR].i, now,
		    workday_add(now, 1, site_tz_s))) != DB_OK)
			return e;
		t->followup = (long long)id;
		json_int(j, "follow_up_id", t->followup);
	}
	return audit_write(db, r, NULL, "interaction", t->id, "create", NULL,
	    json_end(j));
}

int
admin_interaction_new_form(struct http_req *r)
{
	struct customer	 c;
	struct ilists	 l;
	enum db_err	 e;
	int		 st;

	if ((st = customer_load(r, &c)) != 0)
		return st;
	if ((e = ilists_load(r, &c, &l)) != DB_OK)
		return db_status(e);
	return page_render(r, iform_page(r, &c, &l, NULL),
	    "admin/interaction_form.tpl", 200);
}

int
admin_interaction_new(struct http_req *r)
{
	struct customer		 c;
	struct ilists		 l;
	struct fieldval		 v[IF__MAX];
	struct tmpl_dict	*d;
	struct itx		 t;
	const char		*fe[IF__MAX][2];
	size_t			 bad, ne = 0, i;
	enum db_err		 e;
	int			 st;

	if ((st = customer_load(r, &c)) != 0)
		return st;
	if ((e = ilists_load(r, &c, &l)) != DB_OK)
		return db_status(e);
	bad = valid_form(&r->form, ifields, IF__MAX, v);
	/* Checks beyond the validators: the lists, and no future dates. */
	if (v[IF_DATE].str != NULL && v[IF_DATE].i > admin_today()) {
		fe[ne][0] = "date";
		fe[ne++][1] = "interactions.err.future";
	}
	if (v[IF_METHOD].str != NULL && !db_rows_have(&l.methods,
	    v[IF_METHOD].str)) {
		fe[ne][0] = "method";
		fe[ne++][1] = "err.enum";
	}
	if (v[IF_CONTACT].str != NULL && !db_rows_have(&l.contacts,
	    v[IF_CONTACT].str)) {
		fe[ne][0] = "contact";
		fe[ne++][1] = "err.enum";
	}
	if (v[IF_EXECUTOR].str != NULL && !db_rows_have(&l.users,
	    v[IF_EXECUTOR].str)) {
		fe[ne][0] = "executor";
		fe[ne++][1] = "err.enum";
	}
	if (bad == 0 && ne == 0) {
		memset(&t, 0, sizeof(t));
		t.r = r;
		t.scope = auth_scope_dept(r);
		t.customer = c.id;
		t.v = v;
		if ((e = db_tx(r->db, interaction_write, &t)) == DB_OK) {
			flash_set(r, t.followup ? "interactions.saved_followup"
			    : "interactions.saved");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/customers/%lld", c.id)));
			return 303;
		}
		if (t.gone)
			return 404;
		if (!t.bad_executor)
			return db_status(e);
		fe[ne][0] = "executor";
		fe[ne++][1] = "err.enum";
	}
	d = iform_page(r, &c, &l, v);
	for (i = 0; i < ne; i++)
		page_field_error(r, d, fe[i][0], fe[i][1]);
	tmpl_show(d, "ERROR");
	tmpl_set(d, "MESSAGE", msg(r, "interactions.err.form"));
	return page_render(r, d, "admin/interaction_form.tpl", 422);
}

/* ----------------------------------------------------------- follow-ups */

static const struct field page_field[] = {
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

/* The list of open follow-ups, with a message if err is not NULL. */
static int
followups_page(struct http_req *r, const char *err, int status)
{
	struct fieldval		 pv[1];
	struct tmpl_dict	*d, *row;
	struct db_rows		 cnt, rows;
	const char		*scope = auth_scope_dept(r), *st;
	long long		 total, page, pages;
	size_t			 i;
	enum db_err		 e;

	(void)valid_form(&r->query, page_field, 1, pv);
	page = pv[0].str ? pv[0].i : 1;
	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_FOLLOWUPS_COUNT],
	    "ss", scope, scope)) != DB_OK)
		return db_status(e);
	total = cnt.n ? db_int(cnt.v[0][0]) : 0;
	pages = (total + FOLLOWUPS_PER_PAGE - 1) / FOLLOWUPS_PER_PAGE;
	if (pages > 0 && page > pages)
		page = pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_FOLLOWUPS], "ssii",
	    scope, scope, (long long)FOLLOWUPS_PER_PAGE,
	    (page - 1) * FOLLOWUPS_PER_PAGE)) != DB_OK)
		return db_status(e);
	d = page_new(r, "followups.title");
	if (err != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", msg(r, err));
	}
	tmpl_set(d, "TOTAL", msgf(r, "followups.total",
	    arena_printf(r->a, "%lld", total)));
	tmpl_show(d, rows.n ? "LIST" : "EMPTY");
	for (i = 0; i < rows.n; i++) {
		char	**f = rows.v[i];

		row = tmpl_row(d, "FOLLOWUP");
		tmpl_set(row, "ID", f[0]);
		tmpl_set(row, "CUSTOMER_URL", app_url(r, arena_printf(r->a,
		    "/customers/%s", f[1])));
		tmpl_set(row, "CODE", f[2]);
		tmpl_set(row, "NAME", f[3]);
		tmpl_set(row, "PROBLEM", f[4]);
		tmpl_set(row, "OWNER", f[5]);
		tmpl_set(row, "RAISED", f[6]);
		tmpl_set(row, "RESPOND_BY", f[7]);
		if (db_int(f[8]))
			tmpl_show(row, "OVERDUE");
		st = f[9];
		tmpl_set(row, "STATUS", msg(r, arena_printf(r->a,
		    "followups.status.%s", st)));
		tmpl_set(row, "ATTEMPTS", f[10]);
		tmpl_set(row, "URL", app_url(r, arena_printf(r->a,
		    "/followups/%s", f[0])));
		if (strcmp(st, "open") == 0)
			tmpl_show(row, "CAN_RESPOND");
		else if (strcmp(st, "responded") == 0)
			tmpl_show(row, "CAN_RESOLVE");
		else if (strcmp(st, "resolved") == 0) {
			tmpl_show(row, "CAN_CONFIRM");
			score_options(row, "CONFIRM_OPTION", NULL);
		}
	}
	page_pager(r, d, page, pages, app_url(r, "/followups"), "");
	return page_render(r, d, "admin/followups.tpl", status);
}

int
admin_followups(struct http_req *r)
{
	return followups_page(r, NULL, 200);
}

enum fu_step { FU_RESPOND, FU_RESOLVE, FU_CONFIRM, FU__MAX };

static const char *const fu_actions[FU__MAX] = {
	"respond", "resolve", "confirm" };
static const char *const fu_from[FU__MAX] = {
	"open", "responded", "resolved" };
static const char *const fu_to[FU__MAX] = {
	"responded", "resolved", "confirmed" };
static const enum stmt fu_stmts[FU__MAX] = {
	STMT_FOLLOWUP_RESPOND, STMT_FOLLOWUP_RESOLVE, STMT_FOLLOWUP_CONFIRM };

enum cfield { CF_SATISFACTION, CF_NOTE, CF__MAX };

static const struct field cfields[CF__MAX] = {
	/* CF_SATISFACTION */
	{ "satisfaction", valid_int, 1, 1, 5, NULL },
	/* CF_NOTE */
	{ "note", valid_text, 0, 0, 1000, NULL },
};

struct futx {
	struct http_req		*r;
	const char		*scope;
	long long		 id;
	enum fu_step		 step;
	const struct fieldval	*cv;
	int			 gone;
	int			 wrong;	/* not in the state this step leaves */
};

/* One step of the closed loop, if the follow-up is where it starts. */
static enum db_err
followup_write(struct db *db, void *arg)
{
	struct futx	*t = arg;
	struct db_rows	 f;
	struct json	*before, *after;
	enum db_err	 e;

	if ((e = db_query(db, t->r->a, &f, stmts[STMT_FOLLOWUP_LOCK], "iss",
	    t->id, t->scope, t->scope)) != DB_OK)
		return e;
	if (f.n == 0) {
		t->gone = 1;
		return DB_ERROR;
	}
	if (strcmp(f.v[0][0], fu_from[t->step]) != 0) {
		t->wrong = 1;
		return DB_ERROR;
	}
	if (t->step == FU_CONFIRM)
		e = db_exec(db, NULL, NULL, stmts[fu_stmts[t->step]], "isi",
		    t->cv[CF_SATISFACTION].i, t->cv[CF_NOTE].str ?
		    t->cv[CF_NOTE].str : "", t->id);
	else
		e = db_exec(db, NULL, NULL, stmts[fu_stmts[t->step]], "i",
		    t->id);
	if (e != DB_OK)
		return e;
	before = json_new(t->r->a);
	json_str(before, "status", f.v[0][0]);
	after = json_new(t->r->a);
	json_str(after, "status", fu_to[t->step]);
	if (t->step == FU_RESOLVE)
		json_int(after, "attempts", db_int(f.v[0][2]) + 1);
	if (t->step == FU_CONFIRM)
		json_int(after, "confirmation", t->cv[CF_SATISFACTION].i);
	return audit_write(db, t->r, NULL, "follow_up", t->id,
	    fu_actions[t->step], json_end(before), json_end(after));
}

static int
followup_step(struct http_req *r, enum fu_step step)
{
	struct fieldval	 cv[CF__MAX];
	struct futx	 t;
	enum db_err	 e;

	memset(&t, 0, sizeof(t));
	if ((t.id = app_path_id(r->args[0])) == 0)
		return 404;
	if (step == FU_CONFIRM &&
	    valid_form(&r->form, cfields, CF__MAX, cv) > 0)
		return followups_page(r, cv[CF_SATISFACTION].err ?
		    "followups.err.satisfaction" : "followups.err.note", 422);
	t.r = r;
	t.scope = auth_scope_dept(r);
	t.step = step;
	t.cv = cv;
	if ((e = db_tx(r->db, followup_write, &t)) != DB_OK) {
		if (t.gone)
			return 404;
		if (t.wrong)
			return followups_page(r, "followups.err.state", 422);
		return db_status(e);
	}
	flash_set(r, arena_printf(r->a, "followups.done.%s",
	    fu_actions[step]));
	http_redirect(r, 303, app_url(r, "/followups"));
	return 303;
}

int
admin_followup_respond(struct http_req *r)
{
	return followup_step(r, FU_RESPOND);
}

int
admin_followup_resolve(struct http_req *r)
{
	return followup_step(r, FU_RESOLVE);
}

int
admin_followup_confirm(struct http_req *r)
{
	return followup_step(r, FU_CONFIRM);
}

/* -------------------------------------------------------------- my work */

int
admin_mywork(struct http_req *r)
{
	struct tmpl_dict	*d, *row;
	struct db_rows		 due, fu, hw;
	const char		*today = admin_day_str(r->a, admin_today());
	long long		 me = r->sess->user_id, n;
	size_t			 i;
	enum db_err		 e;

	if ((e = db_query(r->db, r->a, &due, stmts[STMT_MYWORK_DUE], "sisii",
	    today, me, today, (long long)MYWORK_DAYS, (long long)MYWORK_MAX))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &fu, stmts[STMT_MYWORK_FOLLOWUPS], "ii",
	    me, (long long)MYWORK_MAX)) != DB_OK ||
	    (e = db_query(r->db, r->a, &hw, stmts[STMT_MYWORK_HEALTH], "ii",
	    me, (long long)MYWORK_MAX)) != DB_OK)
		return db_status(e);
	d = page_new(r, "mywork.title");
	tmpl_set(d, "TODAY", today);
	tmpl_show(d, due.n ? "DUE_LIST" : "DUE_EMPTY");
	for (i = 0; i < due.n; i++) {
		row = tmpl_row(d, "DUE");
		tmpl_set(row, "URL", app_url(r, arena_printf(r->a,
		    "/customers/%s", due.v[i][0])));
		tmpl_set(row, "RECORD_URL", app_url(r, arena_printf(r->a,
		    "/customers/%s/interactions/new", due.v[i][0])));
		tmpl_set(row, "CODE", due.v[i][1]);
		tmpl_set(row, "NAME", due.v[i][2]);
		tmpl_set(row, "DUE_ON", due.v[i][3]);
		n = db_int(due.v[i][4]);
		if (n < 0) {
			tmpl_show(row, "OVERDUE");
			tmpl_set(row, "WHEN", msgf(r, "mywork.overdue_days",
			    arena_printf(r->a, "%lld", -n)));
		} else
			tmpl_set(row, "WHEN", n == 0 ? msg(r, "mywork.today") :
			    msgf(r, "mywork.in_days", arena_printf(r->a,
			    "%lld", n)));
	}
	tmpl_show(d, fu.n ? "FU_LIST" : "FU_EMPTY");
	for (i = 0; i < fu.n; i++) {
		row = tmpl_row(d, "FU");
		tmpl_set(row, "URL", app_url(r, arena_printf(r->a,
		    "/customers/%s", fu.v[i][1])));
		tmpl_set(row, "CODE", fu.v[i][2]);
		tmpl_set(row, "NAME", fu.v[i][3]);
		tmpl_set(row, "PROBLEM", fu.v[i][4]);
		tmpl_set(row, "RESPOND_BY", fu.v[i][5]);
		if (db_int(fu.v[i][6]))
			tmpl_show(row, "OVERDUE");
		tmpl_set(row, "STATUS", msg(r, arena_printf(r->a,
		    "followups.status.%s", fu.v[i][7])));
	}
	tmpl_show(d, hw.n ? "HW_LIST" : "HW_EMPTY");
	for (i = 0; i < hw.n; i++) {
		row = tmpl_row(d, "HW");
		tmpl_set(row, "URL", app_url(r, arena_printf(r->a,
		    "/customers/%s", hw.v[i][0])));
		tmpl_set(row, "CODE", hw.v[i][1]);
		tmpl_set(row, "NAME", hw.v[i][2]);
		tmpl_set(row, "HEALTH", hw.v[i][3]);
		tmpl_set(row, "DUE", hw.v[i][4]);
		if (db_int(hw.v[i][5]))
			tmpl_show(row, "OVERDUE");
	}
	tmpl_set(d, "FOLLOWUPS_URL", app_url(r, "/followups"));
	return page_render(r, d, "admin/mywork.tpl", 200);
}

/* ------------------------------------------------- the monitoring table */

enum mfield { MF_FROM, MF_TO, MF_EXECUTOR, MF_TIER, MF_METHOD, MF_PAGE,
	MF__MAX };

static const struct field mfields[MF__MAX] = {
	/* MF_FROM */
	{ "from", valid_date, 0, 0, 0, NULL },
	/* MF_TO */
	{ "to", valid_date, 0, 0, 0, NULL },
	/* MF_EXECUTOR */
	{ "executor", valid_int, 0, 1, 4294967295LL, NULL },
	/* MF_TIER */
	{ "tier", valid_text, 0, 1, 20, NULL },
	/* MF_METHOD */
	{ "method", valid_text, 0, 1, 20, NULL },
	/* MF_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};

/* The period and filters of a monitoring request. */
struct mfilter {
	const char	*from, *to, *executor, *tier, *method, *scope;
	long long	 page;
	const char	*qs;
};

/* Invalid filters are no filters; the period defaults to this month. */
static void
mfilter_read(struct http_req *r, struct mfilter *f, struct fieldval *v)
{
	long long	 t = admin_today();
	const char	*today = admin_day_str(r->a, t);

	(void)valid_form(&r->query, mfields, MF__MAX, v);
	f->from = v[MF_FROM].str ? v[MF_FROM].str :
	    arena_printf(r->a, "%.8s01", today);
	f->to = v[MF_TO].str ? v[MF_TO].str : today;
	f->executor = v[MF_EXECUTOR].str;
	f->tier = v[MF_TIER].str;
	f->method = v[MF_METHOD].str;
	f->scope = auth_scope_dept(r);
	f->page = v[MF_PAGE].str ? v[MF_PAGE].i : 1;
	f->qs = "";
	f->qs = app_qs_add(r, f->qs, "from", f->from);
	f->qs = app_qs_add(r, f->qs, "to", f->to);
	f->qs = app_qs_add(r, f->qs, "executor", f->executor);
	f->qs = app_qs_add(r, f->qs, "tier", f->tier);
	f->qs = app_qs_add(r, f->qs, "method", f->method);
}

/* A score or an empty cell. */
static const char *
cell(const char *s)
{
	return s ? s : "";
}

/* Fill one table row of the page from a MONITOR_SELECT row. */
static void
monitor_row(struct http_req *r, struct tmpl_dict *d, char **m,
    const struct cycles *cy)
{
	struct tmpl_dict	*row = tmpl_row(d, "ROW");

	tmpl_set(row, "URL", app_url(r, arena_printf(r->a, "/customers/%s",
	    m[0])));
	tmpl_set(row, "CODE", m[1]);
	tmpl_set(row, "NAME", m[2]);
	tmpl_set(row, "KIND", msg(r, arena_printf(r->a,
	    "interactions.kind.%s", m[3])));
	tmpl_set(row, "CONTACT", cell(m[4]));
	tmpl_set(row, "MOBILE", m[5] ? auth_phone(r, m[5]) : "");
	tmpl_set(row, "CYCLE", msgf(r, "monitor.cycle_days",
	    arena_printf(r->a, "%d", cycle_of(cy, m[6], m[7]))));
	tmpl_set(row, "DATE", m[8]);
	tmpl_set(row, "METHOD", method_name(r, m[9], m[10]));
	tmpl_set(row, "SUMMARY", m[11]);
	tmpl_set(row, "SATISFACTION", cell(m[12]));
	tmpl_set(row, "COMMENTS", m[13]);
	tmpl_set(row, "SPEED", cell(m[14]));
	tmpl_set(row, "RESOLUTION", cell(m[15]));
	tmpl_set(row, "PROFESSIONAL", cell(m[16]));
	tmpl_set(row, "PROACTIVE", cell(m[17]));
	tmpl_set(row, "EXECUTOR", m[18]);
	tmpl_set(row, "REMARKS", m[19]);
	if (db_int(m[20]))
		tmpl_show(row, "ESCALATE");
}

int
admin_monitor(struct http_req *r)
{
	struct fieldval		 v[MF__MAX];
	struct mfilter		 f;
	struct cycles		 cy;
	struct tmpl_dict	*d, *row;
	struct db_rows		 cnt, rows, users, methods, tiers;
	long long		 total, pages;
	size_t			 i;
	enum db_err		 e;

	mfilter_read(r, &f, v);
	if ((e = db_query(r->db, r->a, &cnt, stmts[STMT_MONITOR_COUNT],
	    "ssssssssss", f.from, f.to, f.executor, f.executor, f.tier, f.tier,
	    f.method, f.method, f.scope, f.scope)) != DB_OK)
		return db_status(e);
	total = cnt.n ? db_int(cnt.v[0][0]) : 0;
	pages = (total + MONITOR_PER_PAGE - 1) / MONITOR_PER_PAGE;
	if (pages > 0 && f.page > pages)
		f.page = pages;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_MONITOR],
	    "ssssssssssii", f.from, f.to, f.executor, f.executor, f.tier,
	    f.tier, f.method, f.method, f.scope, f.scope,
	    (long long)MONITOR_PER_PAGE, (f.page - 1) * MONITOR_PER_PAGE))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &users, stmts[STMT_EXECUTORS], ""))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &methods, stmts[STMT_METHODS], ""))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &tiers, stmts[STMT_TIERS], ""))
	    != DB_OK ||
	    (e = cycles_load(r, r->db, &cy)) != DB_OK)
		return db_status(e);

	d = page_new(r, "monitor.title");
	tmpl_set(d, "FROM", f.from);
	tmpl_set(d, "TO", f.to);
	for (i = 0; i < users.n; i++) {
		row = tmpl_row(d, "EXECUTOR_OPTION");
		tmpl_set(row, "ID", users.v[i][0]);
		tmpl_set(row, "NAME", users.v[i][1]);
		if (f.executor && strcmp(f.executor, users.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < tiers.n; i++) {
		row = tmpl_row(d, "TIER_OPTION");
		tmpl_set(row, "CODE", tiers.v[i][0]);
		tmpl_set(row, "NAME", tier_label(r, tiers.v[i][0]));
		if (f.tier && strcmp(f.tier, tiers.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < methods.n; i++) {
		row = tmpl_row(d, "METHOD_OPTION");
		tmpl_set(row, "CODE", methods.v[i][0]);
		tmpl_set(row, "NAME", method_name(r, methods.v[i][1],
		    methods.v[i][2]));
		if (f.method && strcmp(f.method, methods.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	tmpl_set(d, "TOTAL", msgf(r, "monitor.total",
	    arena_printf(r->a, "%lld", total)));
	if (auth_can(r, "customers.export"))
		tmpl_set(tmpl_row(d, "EXPORT"), "HREF", arena_printf(r->a,
		    "%s?x=1%s", app_url(r, "/monitor.csv"), f.qs));
	tmpl_show(d, rows.n ? "LIST" : "EMPTY");
	for (i = 0; i < rows.n; i++)
		monitor_row(r, d, rows.v[i], &cy);
	page_pager(r, d, f.page, pages, app_url(r, "/monitor"), f.qs);
	return page_render(r, d, "admin/monitor.tpl", 200);
}

struct export_tx {
	struct http_req		*r;
	const struct mfilter	*f;
	long long		 rows;
};

static enum db_err
export_audit(struct db *db, void *arg)
{
	struct export_tx	*t = arg;
	struct json		*j = json_new(t->r->a);

	json_str(j, "from", t->f->from);
	json_str(j, "to", t->f->to);
	json_str(j, "executor", t->f->executor);
	json_str(j, "tier", t->f->tier);
	json_str(j, "method", t->f->method);
	json_int(j, "rows", t->rows);
	return audit_write(db, t->r, NULL, "interaction", 0, "export", NULL,
	    json_end(j));
}

static const char *const csv_heads[] = {
	"monitor.col.code", "monitor.col.name", "monitor.col.kind",
	"monitor.col.contact", "monitor.col.mobile", "monitor.col.cycle",
	"monitor.col.date", "monitor.col.method", "monitor.col.summary",
	"monitor.col.satisfaction", "monitor.col.comments",
	"monitor.col.speed", "monitor.col.resolution",
	"monitor.col.professional", "monitor.col.proactive",
	"monitor.col.executor", "monitor.col.remarks",
	"monitor.col.escalate", NULL,
};

int
admin_monitor_csv(struct http_req *r)
{
	struct fieldval		 v[MF__MAX];
	struct mfilter		 f;
	struct cycles		 cy;
	struct db_rows		 rows;
	struct export_tx	 t;
	struct buf		*b = r->out;
	size_t			 i;
	enum db_err		 e;

	mfilter_read(r, &f, v);
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_MONITOR_ALL],
	    "ssssssssssi", f.from, f.to, f.executor, f.executor, f.tier,
	    f.tier, f.method, f.method, f.scope, f.scope,
	    (long long)MONITOR_CSV_MAX)) != DB_OK ||
	    (e = cycles_load(r, r->db, &cy)) != DB_OK)
		return db_status(e);
	t.r = r;
	t.f = &f;
	t.rows = (long long)rows.n;
	if ((e = db_tx(r->db, export_audit, &t)) != DB_OK)
		return db_status(e);

	page_csv_attach(r, arena_printf(r->a, "monitor-%s-%s.csv", f.from,
	    f.to));
	page_csv_heads(r, csv_heads);
	for (i = 0; i < rows.n; i++) {
		char	**m = rows.v[i];

		page_csv_cell(b, m[1], 0);
		page_csv_cell(b, m[2], 0);
		page_csv_cell(b, msg(r, arena_printf(r->a, "interactions.kind.%s",
		    m[3])), 0);
		page_csv_cell(b, m[4], 0);
		page_csv_cell(b, m[5] ? auth_phone(r, m[5]) : NULL, 0);
		page_csv_cell(b, arena_printf(r->a, "%d", cycle_of(&cy, m[6],
		    m[7])), 0);
		page_csv_cell(b, m[8], 0);
		page_csv_cell(b, method_name(r, m[9], m[10]), 0);
		page_csv_cell(b, m[11], 0);
		page_csv_cell(b, m[12], 0);
		page_csv_cell(b, m[13], 0);
		page_csv_cell(b, m[14], 0);
		page_csv_cell(b, m[15], 0);
		page_csv_cell(b, m[16], 0);
		page_csv_cell(b, m[17], 0);
		page_csv_cell(b, m[18], 0);
		page_csv_cell(b, m[19], 0);
		page_csv_cell(b, db_int(m[20]) ? "1" : "0", 1);
	}
	return 200;
}
