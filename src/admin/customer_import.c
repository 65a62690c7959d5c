/*
 * Importing customers from CSV: a file upload (or a pasted text), the
 * preview that says row by row what would happen, and the confirmation
 * that writes every valid row in one transaction.
 * GET/POST /admin/customers/import, GET /admin/customers/import/<batch>
 * (the preview, paged), POST /admin/customers/import/confirm.
 *
 * The file arrives as multipart/form-data (the route is ROUTE_UPLOAD:
 * [limits] upload_max bounds it, 32M by default); a pasted text is a
 * form field bounded by field_max.  The preview checks every row and
 * stages the result in import_batch/import_row (migration 0009) under a
 * random token that only its user can see or confirm; the confirmation
 * reads the staged rows, never data sent back by the browser, and
 * writes them with set-wise INSERT ... SELECT / UPDATE ... JOIN
 * statements over 1,000 staged rows each (no per-row round trips; about
 * 25 s for 100,000 new customers on the 2-core test machine, most of it
 * the indexes and the search rows).  A batch is written at most once: a
 * second confirmation finds it done and writes nothing, one during the
 * writing is told to wait.  A pasted text sent straight to the
 * confirmation (the form of old) is checked and staged first.
 *
 * The rules a customer write follows (defaults of a new customer, the
 * department from the owner, the next due date, "empty cell keeps the
 * stored value" on update) are cust_write's in customers.c, here as SQL
 * over the whole batch.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/conf.h"
#include "core/app.h"
#include "core/auth.h"
#include "core/crm.h"
#include "core/csv.h"
#include "core/db.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define IMPORT_PAGE_ROWS	200	/* preview rows per page */
#define IMPORT_CHUNK		1000	/* rows per staging statement */
/*
 * Rows per write statement.  Every statement must end well within the
 * connection's read timeout ([db] timeout, a few seconds), also on a
 * busy server with the search triggers (migration 0008) firing per row.
 */
#define IMPORT_WRITE_CHUNK	1000
#define IMPORT_ROWS_MAX		200000	/* data rows in one file */
#define IMPORT_SHOW_ALL		0
#define IMPORT_SHOW_REJECTED	1

enum stmt {
	STMT_OWNERS,
	STMT_EXPIRED,
	STMT_PURGE_ROWS,
	STMT_PURGE,
	STMT_BATCH_NEW,
	STMT_STAGE,
	STMT_MARK_UPDATES,
	STMT_COUNTS,
	STMT_BATCH_COUNTS,
	STMT_BATCH_GET,
	STMT_BATCH_LOCK,
	STMT_ROWS_ALL,
	STMT_ROWS_REJECTED,
	STMT_CHECK_GONE,
	STMT_CHECK_OWNER,
	STMT_CODE_MAX,
	STMT_CODE_MAX_BATCH,
	STMT_CODE_FILL,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_CONTACT_DEL,
	STMT_CONTACT_ADD,
	STMT_TAGS_DEL,
	STMT_TAGS_ADD,
	STMT_SEARCH_SYNC,
	STMT_BATCH_DONE,
	STMT_SEQ_LINE,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_OWNERS: logins an import may name. */
	"SELECT login, id, COALESCE(department_id, 0) FROM `user` "
	"WHERE active = 1",
	/* STMT_EXPIRED: batches past their time, a few at once. */
	"SELECT id FROM import_batch WHERE expires_at < NOW() LIMIT 20",
	/*
	 * STMT_PURGE_ROWS: the rows of one, a bounded number per statement
	 * (100,000 rows in one would outlast the read timeout).
	 */
	"DELETE FROM import_row WHERE batch_id = ? LIMIT 2000",
	/* STMT_PURGE: then the batch. */
	"DELETE FROM import_batch WHERE id = ?",
	/* STMT_BATCH_NEW */
	"INSERT INTO import_batch (token, user_id, filename, n_rows, "
	"expires_at) VALUES (?, ?, ?, ?, NOW() + INTERVAL 4 HOUR)",
	/* STMT_STAGE: up to IMPORT_CHUNK checked rows as one JSON array. */
	"INSERT INTO import_row (batch_id, seq, line, act, why, code, name, "
	"kind, industry, owner_id, value_tag, stage, complaint_type, tags, "
	"annual_spend, interactions_per_month, repurchase_count, "
	"contact_name, contact_title, contact_mobile, contact_email) "
	"SELECT ?, j.s, j.l, j.a, j.w, j.c, j.n, j.k, j.i, j.o, j.v, j.g, "
	"j.t, j.tg, j.sp, j.pm, j.rc, j.cn, j.ct, j.cm, j.ce "
	"FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	"s INT PATH '$.s', l INT PATH '$.l', a VARCHAR(6) PATH '$.a', "
	"w VARCHAR(500) PATH '$.w', c VARCHAR(20) PATH '$.c', "
	"n VARCHAR(200) PATH '$.n', k VARCHAR(20) PATH '$.k', "
	"i VARCHAR(60) PATH '$.i', o INT PATH '$.o', v VARCHAR(20) PATH '$.v', "
	"g VARCHAR(20) PATH '$.g', t VARCHAR(20) PATH '$.t', "
	"tg TEXT PATH '$.tg', sp VARCHAR(20) PATH '$.sp', "
	"pm VARCHAR(20) PATH '$.pm', rc INT PATH '$.rc', "
	"cn VARCHAR(100) PATH '$.cn', ct VARCHAR(100) PATH '$.ct', "
	"cm VARCHAR(20) PATH '$.cm', ce VARCHAR(254) PATH '$.ce')) j",
	/*
	 * STMT_MARK_UPDATES: a code that exists updates that customer, if
	 * the importer's scope reaches it (scope, scope, scope, scope, why).
	 */
	"UPDATE import_row s JOIN customer c ON c.code = s.code "
	"SET s.act = IF(? IS NULL OR c.department_id = ?, 'update', 'reject'), "
	"s.why = IF(? IS NULL OR c.department_id = ?, NULL, ?) "
	"WHERE s.batch_id = ? AND s.act = 'create' AND s.code IS NOT NULL "
	"AND s.seq BETWEEN ? AND ?",
	/* STMT_COUNTS */
	"SELECT act, COUNT(*) FROM import_row WHERE batch_id = ? GROUP BY act",
	/* STMT_BATCH_COUNTS */
	"UPDATE import_batch SET n_create = ?, n_update = ?, n_reject = ? "
	"WHERE id = ?",
	/* STMT_BATCH_GET: only its own user sees a batch. */
	"SELECT id, status, expires_at > NOW(), filename, n_rows, n_create, "
	"n_update, n_reject FROM import_batch WHERE token = ? AND user_id = ?",
	/*
	 * STMT_BATCH_LOCK: one confirmation writes; another one meanwhile
	 * does not wait (the writing may take longer than a read timeout)
	 * but is told so.
	 */
	"SELECT id, status, expires_at > NOW(), filename, n_rows, n_create, "
	"n_update, n_reject FROM import_batch WHERE token = ? AND user_id = ? "
	"FOR UPDATE NOWAIT",
	/* STMT_ROWS_ALL: seq counts rows from 1, so a page is a range. */
	"SELECT line, act, why, code, name FROM import_row WHERE batch_id = ? "
	"AND seq BETWEEN ? AND ? ORDER BY seq",
	/* STMT_ROWS_REJECTED */
	"SELECT line, act, why, code, name FROM import_row WHERE batch_id = ? "
	"AND act = 'reject' ORDER BY seq LIMIT ? OFFSET ?",
	/*
	 * STMT_CHECK_GONE: an update whose customer was deleted or moved
	 * out of the importer's scope since the preview (scope, scope).
	 */
	"SELECT s.line FROM import_row s LEFT JOIN customer c "
	"ON c.code = s.code AND (? IS NULL OR c.department_id = ?) "
	"WHERE s.batch_id = ? AND s.act = 'update' AND c.id IS NULL "
	"ORDER BY s.seq LIMIT 1",
	/* STMT_CHECK_OWNER: an owner no longer active or in scope. */
	"SELECT s.line FROM import_row s LEFT JOIN `user` u "
	"ON u.id = s.owner_id AND u.active = 1 "
	"AND (? IS NULL OR COALESCE(u.department_id, 0) = ?) "
	"WHERE s.batch_id = ? AND s.act IN ('create', 'update') "
	"AND s.owner_id IS NOT NULL AND u.id IS NULL ORDER BY s.seq LIMIT 1",
	/* STMT_CODE_MAX: as in customers.c, the range stays locked. */
	"SELECT COALESCE(MAX(CAST(SUBSTRING(code, 7) AS UNSIGNED)), 0) "
	"FROM customer WHERE code LIKE ? AND code REGEXP '^KH[0-9]{7,}$' "
	"FOR UPDATE",
	/* STMT_CODE_MAX_BATCH: codes of the year the file itself gives. */
	"SELECT COALESCE(MAX(CAST(SUBSTRING(code, 7) AS UNSIGNED)), 0) "
	"FROM import_row WHERE batch_id = ? AND act = 'create' "
	"AND code LIKE ? AND code REGEXP '^KH[0-9]{7,}$'",
	/*
	 * STMT_CODE_FILL: generated codes for new rows without one, in file
	 * order (batch, from, to, prefix, the last number used three times,
	 * batch, from, to).
	 */
	"UPDATE import_row s JOIN (SELECT seq, ROW_NUMBER() OVER "
	"(ORDER BY seq) AS rn FROM import_row WHERE batch_id = ? "
	"AND act = 'create' AND code IS NULL AND seq BETWEEN ? AND ?) t "
	"ON t.seq = s.seq "
	"SET s.code = CONCAT(?, IF(? + t.rn < 100, LPAD(? + t.rn, 3, '0'), "
	"? + t.rn)) WHERE s.batch_id = ? AND s.seq BETWEEN ? AND ?",
	/*
	 * STMT_INSERT: new customers (due day, default owner, batch, seq
	 * range); the owner's department, cust_write's defaults.
	 */
	"INSERT INTO customer (code, name, kind, industry, owner_id, "
	"department_id, value_tag, stage, complaint_type, annual_spend, "
	"interactions_per_month, repurchase_count, next_due_on) "
	"SELECT s.code, s.name, COALESCE(s.kind, 'company'), "
	"COALESCE(s.industry, ''), u.id, u.department_id, "
	"COALESCE(s.value_tag, 'normal'), COALESCE(s.stage, 'prospect'), "
	"COALESCE(s.complaint_type, 'normal'), COALESCE(s.annual_spend, 0), "
	"COALESCE(s.interactions_per_month, 0), "
	"COALESCE(s.repurchase_count, 0), "
	"DATE_ADD('1970-01-01', INTERVAL ? DAY) "
	"FROM import_row s JOIN `user` u ON u.id = COALESCE(s.owner_id, ?) "
	"WHERE s.batch_id = ? AND s.act = 'create' AND s.seq BETWEEN ? AND ? "
	"ORDER BY s.seq",
	/*
	 * STMT_UPDATE: an empty cell keeps the stored value; the department
	 * follows the owner; the due date follows the cycle (the cycle
	 * defaults of high, potential, normal; batch, seq range).
	 */
	"UPDATE customer c JOIN import_row s ON s.code = c.code "
	"LEFT JOIN `user` o ON o.id = COALESCE(s.owner_id, c.owner_id) "
	"SET c.name = s.name, c.kind = COALESCE(s.kind, c.kind), "
	"c.industry = COALESCE(s.industry, c.industry), "
	"c.owner_id = COALESCE(s.owner_id, c.owner_id), "
	"c.department_id = IF(o.id IS NULL, c.department_id, o.department_id), "
	"c.next_due_on = IF(c.last_interaction_on IS NULL, "
	"DATE(c.created_at + INTERVAL @manyi_tz SECOND), c.last_interaction_on + "
	"INTERVAL COALESCE(c.cycle_days, CASE COALESCE(s.value_tag, "
	"c.value_tag) WHEN 'high' THEN ? WHEN 'potential' THEN ? ELSE ? END) "
	"DAY), "
	"c.value_tag = COALESCE(s.value_tag, c.value_tag), "
	"c.stage = COALESCE(s.stage, c.stage), "
	"c.complaint_type = COALESCE(s.complaint_type, c.complaint_type), "
	"c.annual_spend = COALESCE(s.annual_spend, c.annual_spend), "
	"c.interactions_per_month = COALESCE(s.interactions_per_month, "
	"c.interactions_per_month), "
	"c.repurchase_count = COALESCE(s.repurchase_count, c.repurchase_count) "
	"WHERE s.batch_id = ? AND s.act = 'update' AND s.seq BETWEEN ? AND ?",
	/* STMT_CONTACT_DEL: a contact in the file replaces the primary. */
	"DELETE cc FROM customer_contact cc JOIN customer c "
	"ON c.id = cc.customer_id JOIN import_row s ON s.code = c.code "
	"WHERE s.batch_id = ? AND s.act = 'update' "
	"AND s.contact_name IS NOT NULL AND cc.is_primary = 1 "
	"AND s.seq BETWEEN ? AND ?",
	/* STMT_CONTACT_ADD */
	"INSERT INTO customer_contact (customer_id, name, title, mobile, "
	"email, is_primary) SELECT c.id, s.contact_name, "
	"COALESCE(s.contact_title, ''), s.contact_mobile, s.contact_email, 1 "
	"FROM import_row s JOIN customer c ON c.code = s.code "
	"WHERE s.batch_id = ? AND s.act IN ('create', 'update') "
	"AND s.contact_name IS NOT NULL AND s.seq BETWEEN ? AND ? "
	"ORDER BY s.seq",
	/* STMT_TAGS_DEL: tags in the file replace the stored ones. */
	"DELETE ct FROM customer_tag ct JOIN customer c "
	"ON c.id = ct.customer_id JOIN import_row s ON s.code = c.code "
	"WHERE s.batch_id = ? AND s.act = 'update' AND s.tags IS NOT NULL "
	"AND s.seq BETWEEN ? AND ?",
	/* STMT_TAGS_ADD */
	"INSERT IGNORE INTO customer_tag (customer_id, tag) "
	"SELECT c.id, jt.tag FROM import_row s JOIN customer c "
	"ON c.code = s.code, JSON_TABLE(s.tags, '$[*]' COLUMNS "
	"(tag VARCHAR(40) PATH '$')) jt WHERE s.batch_id = ? "
	"AND s.act IN ('create', 'update') AND s.tags IS NOT NULL "
	"AND s.seq BETWEEN ? AND ?",
	/*
	 * STMT_SEARCH_SYNC: the list's search rows (migration 0008) of the
	 * written customers, with its own functions; the confirmation sets
	 * @manyi_bulk so the per-row triggers leave this to one statement.
	 */
	"INSERT INTO customer_search (customer_id, txt, mob) "
	"SELECT c.id, customer_search_txt(c.id, c.code, c.name), "
	"customer_search_mob(c.id) FROM import_row s JOIN customer c "
	"ON c.code = s.code WHERE s.batch_id = ? "
	"AND s.act IN ('create', 'update') AND s.seq BETWEEN ? AND ? "
	"ON DUPLICATE KEY UPDATE txt = VALUES(txt), mob = VALUES(mob)",
	/* STMT_BATCH_DONE */
	"UPDATE import_batch SET status = 'done', done_at = NOW() "
	"WHERE id = ?",
	/* STMT_SEQ_LINE */
	"SELECT line FROM import_row WHERE batch_id = ? AND seq = ?",
};

static const char *const kinds[] = { "company", "person", NULL };
static const char *const value_tags[] = { "high", "normal", "potential",
	NULL };
static const char *const stages[] = { "prospect", "signed", "long_term",
	NULL };
static const char *const ctypes[] = { "vip", "normal", "potential", NULL };

/* The columns, by header name (or its catalog text cust.field.<name>). */
enum col {
	COL_CODE,
	COL_NAME,
	COL_KIND,
	COL_INDUSTRY,
	COL_OWNER_LOGIN,
	COL_VALUE_TAG,
	COL_STAGE,
	COL_COMPLAINT_TYPE,
	COL_TAGS,
	COL_ANNUAL_SPEND,
	COL_INTERACTIONS_PER_MONTH,
	COL_REPURCHASE_COUNT,
	COL_CONTACT_NAME,
	COL_CONTACT_TITLE,
	COL_CONTACT_MOBILE,
	COL_CONTACT_EMAIL,
	COL__MAX
};

static const struct field cols[COL__MAX] = {
	/* COL_CODE */
	{ "code", cust_valid_code, 0, 1, 20, NULL },
	/* COL_NAME */
	{ "name", valid_text, 1, 1, 200, NULL },
	/* COL_KIND */
	{ "kind", valid_enum, 0, 0, 0, kinds },
	/* COL_INDUSTRY */
	{ "industry", valid_text, 0, 0, 60, NULL },
	/* COL_OWNER_LOGIN */
	{ "owner_login", valid_login, 0, 0, 0, NULL },
	/* COL_VALUE_TAG */
	{ "value_tag", valid_enum, 0, 0, 0, value_tags },
	/* COL_STAGE */
	{ "stage", valid_enum, 0, 0, 0, stages },
	/* COL_COMPLAINT_TYPE */
	{ "complaint_type", valid_enum, 0, 0, 0, ctypes },
	/* COL_TAGS */
	{ "tags", cust_valid_tags, 0, 0, 0, NULL },
	/* COL_ANNUAL_SPEND */
	{ "annual_spend", cust_valid_money, 0, 0, 12, NULL },
	/* COL_INTERACTIONS_PER_MONTH */
	{ "interactions_per_month", cust_valid_money, 0, 0, 4, NULL },
	/* COL_REPURCHASE_COUNT */
	{ "repurchase_count", valid_int, 0, 0, 1000000, NULL },
	/* COL_CONTACT_NAME */
	{ "contact_name", valid_text, 0, 0, 100, NULL },
	/* COL_CONTACT_TITLE */
	{ "contact_title", valid_text, 0, 0, 100, NULL },
	/* COL_CONTACT_MOBILE */
	{ "contact_mobile", valid_phone_cn, 0, 0, 0, NULL },
	/* COL_CONTACT_EMAIL */
	{ "contact_email", valid_email, 0, 0, 0, NULL },
};

/* The catalog axis of each enum column, to accept its labels too. */
static const char *const col_axis[COL__MAX] = {
	[COL_KIND] = "kind", [COL_VALUE_TAG] = "value", [COL_STAGE] = "stage",
	[COL_COMPLAINT_TYPE] = "ctype",
};

/* What a whole-file CSV error says (catalog keys; "%s" is the line). */
static const char *const csv_errs[CSV__MAX] = {
	NULL,				/* CSV_OK */
	"import.err.utf16",		/* CSV_UTF16 */
	"import.err.encoding",		/* CSV_ENCODING */
	"cust.import.err.quote",	/* CSV_QUOTE */
	"import.err.too_many",		/* CSV_TOO_MANY */
};

/* Columns the export writes that an import reads past (computed). */
static const char *const skipped[] = {
	"tier", "health", "next_due", "reviewed_on", NULL };

static int
text_is(const char *h, size_t l, const char *t, int icase)
{
	return strlen(t) == l && (icase ? strncasecmp(t, h, l) :
	    strncmp(t, h, l)) == 0;
}

/*
 * A header cell's column: its name, or its text in either catalog; -2
 * for a column of the export that is not imported, -1 if unknown.
 */
static int
col_of(const char *h)
{
	char	 key[64];
	size_t	 i, l;

	while (*h == ' ')
		h++;
	l = strlen(h);
	while (l > 0 && h[l - 1] == ' ')
		l--;
	for (i = 0; skipped[i] != NULL; i++) {
		snprintf(key, sizeof(key), "cust.field.%s", skipped[i]);
		if (text_is(h, l, skipped[i], 0) ||
		    text_is(h, l, i18n_get(LANG_ZH, key), 0) ||
		    text_is(h, l, i18n_get(LANG_EN, key), 1))
			return -2;
	}
	for (i = 0; i < COL__MAX; i++) {
		if (text_is(h, l, cols[i].name, 0))
			return (int)i;
		snprintf(key, sizeof(key), "cust.field.%s", cols[i].name);
		if ((i18n_has(LANG_ZH, key) &&
		    text_is(h, l, i18n_get(LANG_ZH, key), 0)) ||
		    (i18n_has(LANG_EN, key) &&
		    text_is(h, l, i18n_get(LANG_EN, key), 1)))
			return (int)i;
	}
	return -1;
}

/* An enum cell given as a label ("高价值") turned into its code. */
static const char *
enum_code(int c, const char *in)
{
	const char *const	*e = cols[c].enums;
	char			 k[64];
	int			 l;
	size_t			 i;

	if (e == NULL || col_axis[c] == NULL || *in == '\0')
		return in;
	for (i = 0; e[i] != NULL; i++)
		if (strcmp(e[i], in) == 0)
			return in;
	for (i = 0; e[i] != NULL; i++)
		for (l = 0; l < LANG__MAX; l++) {
			snprintf(k, sizeof(k), "cust.%s.%s", col_axis[c], e[i]);
			if (i18n_has((enum lang)l, k) &&
			    strcmp(i18n_get((enum lang)l, k), in) == 0)
				return e[i];
		}
	return in;
}

/* At most max code points of a valid UTF-8 string (for display). */
static const char *
utf8_cut(struct arena *a, const char *s, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max)
			return arena_strndup(a, s, i);
	return s;
}

/* A set of codes (ASCII case folded, like the column's collation). */
struct codeset {
	const char	**v;
	size_t		 *line;
	size_t		  cap;
};

static unsigned long
code_hash(const char *s)
{
	unsigned long	 h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)(*s >= 'a' && *s <= 'z' ?
		    *s - 32 : *s);
	return h;
}

/* The line of an earlier row with this code, or 0 (then it is added). */
static size_t
codeset_add(struct codeset *cs, const char *code, size_t line)
{
	size_t	 i = code_hash(code) & (cs->cap - 1);

	while (cs->v[i] != NULL) {
		if (strcasecmp(cs->v[i], code) == 0)
			return cs->line[i];
		i = (i + 1) & (cs->cap - 1);
	}
	cs->v[i] = code;
	cs->line[i] = line;
	return 0;
}

/* A JSON string (UTF-8 as it is, quotes and controls escaped). */
static void
json_quote(struct buf *b, const char *s)
{
	char	 u[8];

	buf_append(b, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			buf_append(b, "\\", 1);
			buf_append(b, s, 1);
		} else if ((unsigned char)*s < 0x20) {
			snprintf(u, sizeof(u), "\\u%04x", (unsigned char)*s);
			buf_puts(b, u);
		} else
			buf_append(b, s, 1);
	}
	buf_append(b, "\"", 1);
}

/* ,"key":"value" unless the value is NULL. */
static void
json_put(struct buf *b, const char *key, const char *s)
{
	if (s == NULL)
		return;
	buf_printf(b, ",\"%s\":", key);
	json_quote(b, s);
}

/* The whole import checked and staged. */
struct import {
	const char	*csv;		/* pasted text, or NULL */
	const char	*filename;	/* uploaded file's name, or NULL */
	char		*text;		/* what is parsed (a copy) */
	size_t		 len;
	const char	*error;		/* the file as a whole is bad */
	/* Staged: */
	long long	 batch;
	char		 token[33];
	size_t		 nrows;
	struct buf	*chunks;	/* JSON arrays of IMPORT_CHUNK rows */
	size_t		 nchunks;
};

static const char *
owner_find(const struct db_rows *o, const char *login, const char **dept)
{
	size_t	 i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->v[i][0], login) == 0) {
			*dept = o->v[i][2];
			return o->v[i][1];
		}
	return NULL;
}

/* One checked row as a JSON object into b. */
static void
row_json(struct http_req *r, struct buf *b, size_t seq, size_t line,
    const char *act, const char *why, const struct fieldval *v,
    const char *oid)
{
	const char	*tags[CUST_TAGS_MAX];
	size_t		 ntags = 0, i;
	struct buf	 t = { NULL, 0, 0 };

	buf_printf(b, "%s{\"s\":%zu,\"l\":%zu,\"a\":\"%s\"", seq % IMPORT_CHUNK
	    == 1 ? "" : ",", seq, line, act);
	json_put(b, "w", why ? utf8_cut(r->a, why, 400) : NULL);
	if (why != NULL) {
		/* Shown as sent, cut to the columns' widths. */
		json_put(b, "c", v[COL_CODE].raw && *v[COL_CODE].raw ?
		    utf8_cut(r->a, v[COL_CODE].raw, 20) : NULL);
		json_put(b, "n", v[COL_NAME].raw ? utf8_cut(r->a,
		    v[COL_NAME].raw, 200) : NULL);
		buf_append(b, "}", 1);
		return;
	}
	json_put(b, "c", v[COL_CODE].str);
	json_put(b, "n", v[COL_NAME].str);
	json_put(b, "k", v[COL_KIND].str);
	json_put(b, "i", v[COL_INDUSTRY].str);
	if (oid != NULL)
		buf_printf(b, ",\"o\":%s", oid);
	json_put(b, "v", v[COL_VALUE_TAG].str);
	json_put(b, "g", v[COL_STAGE].str);
	json_put(b, "t", v[COL_COMPLAINT_TYPE].str);
	if (v[COL_TAGS].str != NULL) {
		/* The tags as a JSON array, itself a string of the row. */
		(void)cust_tags_split(r->a, v[COL_TAGS].str, tags, &ntags);
		buf_puts(&t, "[");
		for (i = 0; i < ntags; i++) {
			if (i > 0)
				buf_puts(&t, ",");
			json_quote(&t, tags[i]);
		}
		buf_append(&t, "]", 2);
		json_put(b, "tg", t.p);
		buf_free(&t);
	}
	json_put(b, "sp", v[COL_ANNUAL_SPEND].str);
	json_put(b, "pm", v[COL_INTERACTIONS_PER_MONTH].str);
	if (v[COL_REPURCHASE_COUNT].str != NULL)
		buf_printf(b, ",\"rc\":%lld", v[COL_REPURCHASE_COUNT].i);
	if (v[COL_CONTACT_NAME].str != NULL) {
		json_put(b, "cn", v[COL_CONTACT_NAME].str);
		json_put(b, "ct", v[COL_CONTACT_TITLE].str);
		json_put(b, "cm", v[COL_CONTACT_MOBILE].str);
		json_put(b, "ce", v[COL_CONTACT_EMAIL].str);
	}
	buf_append(b, "}", 1);
}

/*
 * Check the CSV: every row gets its action or the reason it is
 * rejected, as JSON chunks ready to stage.  Nothing is written.  0, or
 * a database error; a bad file sets im->error.
 */
static enum db_err
import_check(struct http_req *r, struct import *im)
{
	struct csv_rec	*recs;
	struct db_rows	 owners;
	struct fieldval	 v[COL__MAX];
	struct kvlist	 kv;
	struct codeset	 cs;
	struct buf	*b;
	int		 map[256], c;
	size_t		 nrec, i, k, badl, bad, dup;
	const char	*why, *oid, *odept, *scope;
	enum csv_err	 ce;
	enum db_err	 e;

	im->error = NULL;
	im->nrows = 0;
	scope = auth_scope_dept(r);
	if (im->text == NULL || im->len == 0) {
		im->error = msg(r, "import.err.empty");
		return DB_OK;
	}
	/* The header line and IMPORT_ROWS_MAX data rows. */
	if ((ce = csv_parse(r->a, im->text, im->len, IMPORT_ROWS_MAX + 1,
	    &recs, &nrec, &badl)) != CSV_OK) {
		im->error = msgf(r, csv_errs[ce], arena_printf(r->a, "%zu",
		    badl));
		return DB_OK;
	}
	if (nrec < 2) {
		im->error = msg(r, "import.err.empty");
		return DB_OK;
	}
	if (recs[0].n > 256) {
		im->error = msgf(r, "cust.import.err.column", "");
		return DB_OK;
	}
	for (k = 0; k < recs[0].n; k++)
		if ((map[k] = c = col_of(recs[0].cell[k])) == -1) {
			im->error = msgf(r, "cust.import.err.column",
			    recs[0].cell[k]);
			return DB_OK;
		}
	for (k = 0; k < recs[0].n; k++)
		if (map[k] == COL_NAME)
			break;
	if (k == recs[0].n) {
		im->error = msgf(r, "cust.import.err.column_missing", "name");
		return DB_OK;
	}
	if ((e = db_query(r->db, r->a, &owners, stmts[STMT_OWNERS], ""))
	    != DB_OK)
		return e;
	for (cs.cap = 64; cs.cap < nrec * 2; cs.cap *= 2)
		;
	cs.v = arena_calloc(r->a, cs.cap, sizeof(*cs.v));
	cs.line = arena_calloc(r->a, cs.cap, sizeof(*cs.line));
	im->nchunks = (nrec - 1 + IMPORT_CHUNK - 1) / IMPORT_CHUNK;
	im->chunks = arena_calloc(r->a, im->nchunks, sizeof(*im->chunks));
	kv.v = arena_calloc(r->a, recs[0].n + 1, sizeof(*kv.v));
	for (i = 1; i < nrec; i++) {
		b = &im->chunks[(i - 1) / IMPORT_CHUNK];
		if ((i - 1) % IMPORT_CHUNK == 0)
			buf_puts(b, "[");
		kv.n = 0;
		why = NULL;
		if (recs[i].n != recs[0].n)
			why = msg(r, "cust.import.err.cells");
		for (k = 0; k < recs[i].n && k < recs[0].n; k++) {
			if (map[k] < 0)
				continue;
			kv.v[kv.n].key = cols[map[k]].name;
			kv.v[kv.n].val = enum_code(map[k], recs[i].cell[k]);
			kv.v[kv.n].vlen = strlen(kv.v[kv.n].val);
			kv.n++;
		}
		bad = valid_form(&kv, cols, COL__MAX, v);
		for (k = 0; k < COL__MAX && why == NULL && bad > 0; k++)
			if (v[k].err != NULL)
				why = arena_printf(r->a, "%s: %s", msg(r,
				    arena_printf(r->a, "cust.field.%s",
				    cols[k].name)), msg(r, v[k].err));
		if (why == NULL && v[COL_CONTACT_NAME].str == NULL &&
		    (v[COL_CONTACT_MOBILE].str || v[COL_CONTACT_EMAIL].str ||
		    v[COL_CONTACT_TITLE].str))
			why = arena_printf(r->a, "%s: %s",
			    msg(r, "cust.field.contact_name"),
			    msg(r, "err.required"));
		oid = NULL;
		if (why == NULL && v[COL_OWNER_LOGIN].str != NULL) {
			if ((oid = owner_find(&owners, v[COL_OWNER_LOGIN].str,
			    &odept)) == NULL)
				why = msgf(r, "cust.import.err.owner",
				    v[COL_OWNER_LOGIN].str);
			else if (scope != NULL && strcmp(odept, scope) != 0)
				why = msgf(r, "import.err.owner_scope",
				    v[COL_OWNER_LOGIN].str);
		}
		/* A code twice in one file is a mistake, not two updates. */
		if (why == NULL && v[COL_CODE].str != NULL &&
		    (dup = codeset_add(&cs, arena_strdup(r->a,
		    v[COL_CODE].str), recs[i].line)) != 0)
			why = msgf(r, "cust.import.err.dup",
			    arena_printf(r->a, "%zu", dup));
		row_json(r, b, i, recs[i].line, why ? "reject" : "create",
		    why, v, why ? NULL : oid);
		if (i % IMPORT_CHUNK == 0 || i + 1 == nrec) {
			buf_puts(b, "]");
			buf_append(b, "", 1);
		}
	}
	im->nrows = nrec - 1;
	return DB_OK;
}

/* ------------------------------------------------------------ staging */

struct stage_tx {
	struct http_req	*r;
	struct import	*im;
};

static enum db_err
stage_write(struct db *db, void *arg)
{
	struct stage_tx		*t = arg;
	struct http_req		*r = t->r;
	struct import		*im = t->im;
	struct db_rows		 rows;
	unsigned long long	 id;
	long long		 n[3] = { 0, 0, 0 }, lo;
	const char		*scope = auth_scope_dept(r);
	size_t			 i;
	enum db_err		 e;

	if ((e = db_exec(db, NULL, &id, stmts[STMT_BATCH_NEW], "sisi",
	    im->token, r->sess->user_id, im->filename ? utf8_cut(r->a,
	    im->filename, 200) : "", (long long)im->nrows)) != DB_OK)
		return e;
	im->batch = (long long)id;
	for (i = 0; i < im->nchunks; i++)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_STAGE], "is",
		    im->batch, im->chunks[i].p)) != DB_OK)
			return e;
	for (lo = 1; lo <= (long long)im->nrows; lo += IMPORT_WRITE_CHUNK)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_MARK_UPDATES],
		    "sssssiii", scope, scope, scope, scope,
		    msg(r, "cust.import.err.scope"), im->batch, lo,
		    lo + IMPORT_WRITE_CHUNK - 1)) != DB_OK)
			return e;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_COUNTS], "i",
	    im->batch)) != DB_OK)
		return e;
	for (i = 0; i < rows.n; i++)
		n[strcmp(rows.v[i][0], "create") == 0 ? 0 :
		    strcmp(rows.v[i][0], "update") == 0 ? 1 : 2] =
		    db_int(rows.v[i][1]);
	return db_exec(db, NULL, NULL, stmts[STMT_BATCH_COUNTS], "iiii",
	    n[0], n[1], n[2], im->batch);
}

/* Check and stage: 0 (im->batch set, or im->error), or an HTTP status. */
static int
import_stage(struct http_req *r, struct import *im)
{
	struct stage_tx		 t;
	struct db_rows		 old;
	enum db_err		 e;
	size_t			 i, k;
	unsigned long long	 gone;
	long long		 t0 = http_now_us();

	if ((e = import_check(r, im)) != DB_OK)
		return db_status(e);
	if (im->error != NULL)
		return 0;
	/* Where the time goes, for the measurements (ms). */
	http_header(r, "X-Import-Check-Ms", arena_printf(r->a, "%lld",
	    (http_now_us() - t0) / 1000));
	t0 = http_now_us();
	if (http_random_hex(im->token, 16) == -1)
		return 500;
	/* Expired batches go first, outside the transaction, in steps. */
	if ((e = db_query(r->db, r->a, &old, stmts[STMT_EXPIRED], "")) !=
	    DB_OK)
		return db_status(e);
	for (k = 0; k < old.n; k++) {
		do
			e = db_exec(r->db, &gone, NULL, stmts[STMT_PURGE_ROWS],
			    "i", db_int(old.v[k][0]));
		while (e == DB_OK && gone == 2000);
		if (e == DB_OK)
			e = db_exec(r->db, NULL, NULL, stmts[STMT_PURGE], "i",
			    db_int(old.v[k][0]));
		if (e != DB_OK)
			return db_status(e);
	}
	t.r = r;
	t.im = im;
	e = db_tx(r->db, stage_write, &t);
	for (i = 0; i < im->nchunks; i++)
		buf_free(&im->chunks[i]);
	http_header(r, "X-Import-Stage-Ms", arena_printf(r->a, "%lld",
	    (http_now_us() - t0) / 1000));
	return e == DB_OK ? 0 : db_status(e);
}

/* ------------------------------------------------------------ the page */

/* A staged batch as the preview shows it. */
struct batch {
	long long	 id;
	int		 done;
	int		 live;		/* not expired */
	const char	*filename;
	long long	 n, counts[3];
};

static void
batch_from_row(char **v, struct batch *b)
{
	b->id = db_int(v[0]);
	b->done = strcmp(v[1], "done") == 0;
	b->live = db_int(v[2]) == 1;
	b->filename = v[3];
	b->n = db_int(v[4]);
	b->counts[0] = db_int(v[5]);
	b->counts[1] = db_int(v[6]);
	b->counts[2] = db_int(v[7]);
}

/* The form, with the paste box holding csv. */
static struct tmpl_dict *
import_form(struct http_req *r, const char *csv)
{
	struct tmpl_dict	*d;
	size_t			 lim;

	d = page_new(r, "cust.import.title");
	lim = app_cfg.lim.field_max < app_cfg.lim.body_max ?
	    app_cfg.lim.field_max : app_cfg.lim.body_max;
	tmpl_set(d, "LIMIT", msgf(r, "import.paste_limit", arena_printf(r->a,
	    "%zu KiB", lim / 1024)));
	tmpl_set(d, "UPLOAD_LIMIT", msgf(r, "import.file_limit",
	    arena_printf(r->a, "%zu MiB", app_cfg.lim.upload_max /
	    (1024 * 1024))));
	tmpl_set(d, "CSV", csv ? csv : "");
	return d;
}

static void
page_message(struct tmpl_dict *d, const char *m)
{
	tmpl_show(d, "ERROR");
	tmpl_set(d, "MESSAGE", m);
}

/*
 * The preview of a staged batch into d: counts, one page of rows (all
 * or only the rejected ones), the confirmation form.
 */
static enum db_err
preview_fill(struct http_req *r, struct tmpl_dict *d, const char *token,
    const struct batch *b, int show, long long page, const char *csv)
{
	struct tmpl_dict	*sec, *x;
	struct db_rows		 rows;
	long long		 total, pages;
	const char		*base, *act;
	size_t			 i;
	enum db_err		 e;

	sec = tmpl_row(d, "PREVIEW");
	if (b->filename != NULL && *b->filename != '\0') {
		tmpl_show(sec, "HAS_FILE");
		tmpl_set(sec, "FILE", msgf(r, "import.file_name",
		    b->filename));
	}
	tmpl_set(sec, "COUNTS", arena_printf(r->a,
	    "%s %lld · %s %lld · %s %lld", msg(r, "cust.import.create"),
	    b->counts[0], msg(r, "cust.import.update"), b->counts[1],
	    msg(r, "cust.import.rejected"), b->counts[2]));
	tmpl_set(sec, "N_ALL", arena_printf(r->a, "%lld", b->n));
	tmpl_set(sec, "N_REJECTED", arena_printf(r->a, "%lld", b->counts[2]));
	base = app_url(r, arena_printf(r->a, "/customers/import/%s", token));
	tmpl_set(sec, "ALL_HREF", base);
	tmpl_set(sec, "REJECTED_HREF", arena_printf(r->a, "%s?show=rejected",
	    base));
	tmpl_show(sec, show == IMPORT_SHOW_REJECTED ? "SHOW_REJECTED" :
	    "SHOW_ALL");
	if (b->done)
		tmpl_show(sec, "DONE");
	else if (!b->live)
		tmpl_show(sec, "EXPIRED");
	else if (b->counts[0] + b->counts[1] > 0) {
		x = tmpl_row(sec, "CAN_CONFIRM");
		tmpl_set(x, "BATCH", token);
		if (csv != NULL) {
			tmpl_show(x, "PASTE");
			tmpl_set(x, "CSV", csv);
		}
	}
	total = show == IMPORT_SHOW_REJECTED ? b->counts[2] : b->n;
	pages = total == 0 ? 1 : (total + IMPORT_PAGE_ROWS - 1) /
	    IMPORT_PAGE_ROWS;
	if (page < 1)
		page = 1;
	if (page > pages)
		page = pages;
	if (total == 0)
		tmpl_show(sec, "NO_ROWS");
	if (show == IMPORT_SHOW_REJECTED)
		e = db_query(r->db, r->a, &rows, stmts[STMT_ROWS_REJECTED],
		    "iii", b->id, (long long)IMPORT_PAGE_ROWS, (page - 1) *
		    IMPORT_PAGE_ROWS);
	else
		e = db_query(r->db, r->a, &rows, stmts[STMT_ROWS_ALL], "iii",
		    b->id, (page - 1) * IMPORT_PAGE_ROWS + 1, page *
		    IMPORT_PAGE_ROWS);
	if (e != DB_OK)
		return e;
	for (i = 0; i < rows.n; i++) {
		x = tmpl_row(sec, "ROW");
		tmpl_set(x, "LINE", rows.v[i][0]);
		act = rows.v[i][1];
		tmpl_set(x, "CODE", rows.v[i][3] ? rows.v[i][3] :
		    msg(r, "cust.import.code_new"));
		tmpl_set(x, "NAME", rows.v[i][4] ? rows.v[i][4] : "");
		if (strcmp(act, "create") == 0)
			tmpl_show(x, "CREATE");
		else if (strcmp(act, "update") == 0)
			tmpl_show(x, "UPDATE");
		else {
			tmpl_show(x, "REJECT");
			tmpl_set(x, "WHY", rows.v[i][2] ? rows.v[i][2] : "");
		}
	}
	page_pager(r, sec, page, pages, base, show == IMPORT_SHOW_REJECTED ?
	    "&show=rejected" : "");
	return DB_OK;
}

/* Load a batch of this user by its token; 0, 404 or an error status. */
static int
batch_load(struct http_req *r, const char *token, struct batch *b)
{
	struct db_rows	 rows;
	enum db_err	 e;

	if (token == NULL || strlen(token) != 32 ||
	    strspn(token, "0123456789abcdef") != 32)
		return 404;
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_BATCH_GET], "si",
	    token, r->sess->user_id)) != DB_OK)
		return db_status(e);
	if (rows.n == 0)
		return 404;
	batch_from_row(rows.v[0], b);
	return 0;
}

/* The page with the preview of a staged batch (page 1, all rows). */
static int
preview_page(struct http_req *r, const char *token, const char *csv,
    const char *fail, int status)
{
	struct tmpl_dict	*d;
	struct batch		 b;
	int			 st;
	enum db_err		 e;

	if ((st = batch_load(r, token, &b)) != 0)
		return st;
	d = import_form(r, csv);
	if (fail != NULL)
		page_message(d, fail);
	if ((e = preview_fill(r, d, token, &b, IMPORT_SHOW_ALL, 1, csv)) !=
	    DB_OK)
		return db_status(e);
	return page_render(r, d, "admin/customer_import.tpl", status);
}

int
admin_customer_import_form(struct http_req *r)
{
	return page_render(r, import_form(r, NULL),
	    "admin/customer_import.tpl", 200);
}

/* The text to import: the uploaded file if one was chosen, else the box. */
static void
import_input(struct http_req *r, struct import *im)
{
	const struct mp_file	*f = mp_file_get(&r->files, "file");

	memset(im, 0, sizeof(*im));
	im->csv = kv_get(&r->form, "csv");
	if (f != NULL && (f->len > 0 || *f->filename != '\0')) {
		im->filename = *f->filename ? f->filename : NULL;
		if (im->filename != NULL && !utf8_valid(im->filename,
		    strlen(im->filename)))
			im->filename = NULL;
		im->text = arena_alloc(r->a, f->len + 1);
		memcpy(im->text, f->data, f->len);
		im->text[f->len] = '\0';
		im->len = f->len;
		im->csv = NULL;
	} else if (im->csv != NULL) {
		im->len = strlen(im->csv);
		im->text = arena_strndup(r->a, im->csv, im->len);
	}
}

/* POST /customers/import: check, stage, show the preview. */
int
admin_customer_import(struct http_req *r)
{
	struct import		 im;
	struct tmpl_dict	*d;
	int			 st;

	import_input(r, &im);
	if ((st = import_stage(r, &im)) != 0)
		return st;
	if (im.error != NULL) {
		d = import_form(r, im.csv);
		page_message(d, im.error);
		return page_render(r, d, "admin/customer_import.tpl", 422);
	}
	return preview_page(r, im.token, im.csv, NULL, 200);
}

/* GET /customers/import/<batch>?page=N&show=rejected */
int
admin_customer_import_batch(struct http_req *r)
{
	struct tmpl_dict	*d;
	struct batch		 b;
	const char		*show = kv_get(&r->query, "show");
	const char		*page = kv_get(&r->query, "page");
	int			 st;
	enum db_err		 e;

	if ((st = batch_load(r, r->args[0], &b)) != 0)
		return st;
	d = import_form(r, NULL);
	if ((e = preview_fill(r, d, r->args[0], &b, show != NULL &&
	    strcmp(show, "rejected") == 0 ? IMPORT_SHOW_REJECTED :
	    IMPORT_SHOW_ALL, page ? app_path_id(page) : 1, NULL)) != DB_OK)
		return db_status(e);
	return page_render(r, d, "admin/customer_import.tpl", 200);
}

/* ------------------------------------------------------------ confirm */

struct confirm_tx {
	struct http_req	*r;
	const char	*token;
	struct batch	 b;
	int		 outcome;	/* 0 written, else a catalog-keyed stop */
	int		 locked;	/* the batch row is ours */
	const char	*why;		/* the reason, shown */
	long long	 line;		/* the file line that failed, or 0 */
};

enum confirm_outcome {
	CONFIRM_WRITTEN,
	CONFIRM_UNKNOWN,	/* no such batch for this user */
	CONFIRM_DONE,		/* confirmed before: nothing to do */
	CONFIRM_EXPIRED,
	CONFIRM_FAILED,		/* a row cannot be written: why, line */
};

/*
 * Run one of the set-wise write statements over the batch's rows,
 * IMPORT_WRITE_CHUNK rows at a time.  When it fails on a row (a
 * duplicate, a constraint, a trigger), find the first failing row by
 * halving the range (a failed statement changes nothing, so the earlier
 * halves may stay: the transaction is rolled back anyway), and set
 * t->line.  a1..a3: the parameters in front of "batch, from, to".
 */
static enum db_err
run_rows(struct db *db, struct confirm_tx *t, enum stmt s, long long a1,
    long long a2, long long a3)
{
	struct db_rows	 rows;
	long long	 lo, hi, mid;
	enum db_err	 e = DB_OK, f;

#define RUN(from, to)	(s == STMT_INSERT ? db_exec(db, NULL, NULL, \
	stmts[s], "iiiii", a1, a2, t->b.id, (from), (to)) : \
	s == STMT_UPDATE ? db_exec(db, NULL, NULL, stmts[s], "iiiiii", a1, \
	a2, a3, t->b.id, (from), (to)) : db_exec(db, NULL, NULL, stmts[s], \
	"iii", t->b.id, (from), (to)))
	for (lo = 1; lo <= t->b.n; lo += IMPORT_WRITE_CHUNK) {
		hi = lo + IMPORT_WRITE_CHUNK - 1;
		if ((e = RUN(lo, hi)) == DB_OK)
			continue;
		if (e != DB_DUPLICATE && e != DB_ERROR)
			return e;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if ((f = RUN(lo, mid)) == DB_OK)
				lo = mid + 1;
			else if (f != DB_DUPLICATE && f != DB_ERROR)
				return f;
			else
				hi = mid;
		}
		break;
	}
#undef RUN
	if (e == DB_OK)
		return DB_OK;
	if (db_query(db, t->r->a, &rows, stmts[STMT_SEQ_LINE], "ii",
	    t->b.id, lo) == DB_OK && rows.n > 0)
		t->line = db_int(rows.v[0][0]);
	t->outcome = CONFIRM_FAILED;
	t->why = msg(t->r, e == DB_DUPLICATE ? "cust.err.code_taken" :
	    "cust.import.err.write");
	return e;
}

static enum db_err
confirm_write(struct db *db, void *arg)
{
	struct confirm_tx	*t = arg;
	struct http_req		*r = t->r;
	struct db_rows		 rows;
	struct json		*j;
	const char		*scope = auth_scope_dept(r), *prefix;
	struct cycles		 cy;
	long long		 base, nb, today, lo;
	unsigned long long	 done;
	time_t			 now = time(NULL), bj = now + site_tz_s;
	struct tm		 tm;
	enum db_err		 e;

	t->outcome = CONFIRM_WRITTEN;
	t->locked = 0;
	t->line = 0;
	t->why = NULL;
	/*
	 * The search triggers (migration 0008) would recompute a search row
	 * per customer and again per contact; STMT_SEARCH_SYNC does it once
	 * per customer, set-wise, before the commit (its rows numbered for
	 * the list's copy by migration 0019's triggers, which never pause).
	 * Reset by the caller.
	 */
	if ((e = db_simple(db, "SET @manyi_bulk = 1")) != DB_OK)
		return e;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_BATCH_LOCK], "si",
	    t->token, r->sess->user_id)) != DB_OK)
		return e;
	if (rows.n == 0) {
		t->outcome = CONFIRM_UNKNOWN;
		return DB_ERROR;
	}
	t->locked = 1;
	batch_from_row(rows.v[0], &t->b);
	if (t->b.done) {
		t->outcome = CONFIRM_DONE;
		return DB_ERROR;
	}
	if (!t->b.live) {
		t->outcome = CONFIRM_EXPIRED;
		return DB_ERROR;
	}
	/* What changed since the preview: stop before writing anything. */
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CHECK_GONE], "ssi",
	    scope, scope, t->b.id)) != DB_OK)
		return e;
	if (rows.n > 0) {
		t->outcome = CONFIRM_FAILED;
		t->line = db_int(rows.v[0][0]);
		t->why = msg(r, "import.err.gone");
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CHECK_OWNER], "ssi",
	    scope, scope, t->b.id)) != DB_OK)
		return e;
	if (rows.n > 0) {
		t->outcome = CONFIRM_FAILED;
		t->line = db_int(rows.v[0][0]);
		t->why = msg(r, "cust.err.owner");
		return DB_ERROR;
	}
	/* Generated codes: KH + the Beijing year + the next numbers. */
	gmtime_r(&bj, &tm);
	prefix = arena_printf(r->a, "KH%04d", tm.tm_year + 1900);
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CODE_MAX], "s",
	    arena_printf(r->a, "%s%%", prefix))) != DB_OK)
		return e;
	base = db_int(rows.v[0][0]);
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CODE_MAX_BATCH], "is",
	    t->b.id, arena_printf(r->a, "%s%%", prefix))) != DB_OK)
		return e;
	if ((nb = db_int(rows.v[0][0])) > base)
		base = nb;
	for (lo = 1; lo <= t->b.n; lo += IMPORT_WRITE_CHUNK) {
		if ((e = db_exec(db, &done, NULL, stmts[STMT_CODE_FILL],
		    "iiisiiiiii", t->b.id, lo, lo + IMPORT_WRITE_CHUNK - 1,
		    prefix, base, base, base, t->b.id, lo,
		    lo + IMPORT_WRITE_CHUNK - 1)) != DB_OK)
			return e;
		base += (long long)done;
	}
	if ((e = cycles_load(r, db, &cy)) != DB_OK)
		return e;
	today = ((long long)now + site_tz_s) / 86400;
	if ((e = run_rows(db, t, STMT_INSERT, today, r->sess->user_id, 0)) !=
	    DB_OK ||
	    (e = run_rows(db, t, STMT_UPDATE, cy.high, cy.potential,
	    cy.normal)) !=
	    DB_OK ||
	    (e = run_rows(db, t, STMT_CONTACT_DEL, 0, 0, 0)) != DB_OK ||
	    (e = run_rows(db, t, STMT_CONTACT_ADD, 0, 0, 0)) != DB_OK ||
	    (e = run_rows(db, t, STMT_TAGS_DEL, 0, 0, 0)) != DB_OK ||
	    (e = run_rows(db, t, STMT_TAGS_ADD, 0, 0, 0)) != DB_OK ||
	    (e = run_rows(db, t, STMT_SEARCH_SYNC, 0, 0, 0)) != DB_OK)
		return e;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_BATCH_DONE], "i",
	    t->b.id)) != DB_OK)
		return e;
	/* The audit row counts; the content is in the customers. */
	j = json_new(r->a);
	json_int(j, "created", t->b.counts[0]);
	json_int(j, "updated", t->b.counts[1]);
	json_int(j, "rejected", t->b.counts[2]);
	return audit_write(db, r, NULL, "customer", 0, "import", NULL,
	    json_end(j));
}

/*
 * POST /customers/import/confirm: write a staged batch (batch=<token>),
 * or a pasted text checked and staged right now (csv=...).
 */
int
admin_customer_import_confirm(struct http_req *r)
{
	struct import		 im;
	struct confirm_tx	 t;
	struct tmpl_dict	*d;
	const char		*token = kv_get(&r->form, "batch");
	long long		 t0 = http_now_us();
	int			 st;
	enum db_err		 e;

	memset(&t, 0, sizeof(t));
	t.r = r;
	import_input(r, &im);
	if (token == NULL || *token == '\0') {
		if ((st = import_stage(r, &im)) != 0)
			return st;
		if (im.error != NULL) {
			d = import_form(r, im.csv);
			page_message(d, im.error);
			return page_render(r, d, "admin/customer_import.tpl",
			    422);
		}
		token = im.token;
	}
	t.token = token;
	if (strlen(token) != 32 || strspn(token, "0123456789abcdef") != 32)
		t.outcome = CONFIRM_UNKNOWN;
	else {
		e = db_tx(r->db, confirm_write, &t);
		/* The next request on this connection gets the triggers. */
		(void)db_simple(r->db, "SET @manyi_bulk = NULL");
		if (e == DB_DEADLOCK && !t.locked) {
			/* Another confirmation of it is being written. */
			d = import_form(r, im.csv);
			page_message(d, msg(r, "import.err.busy"));
			return page_render(r, d, "admin/customer_import.tpl",
			    409);
		}
		if (e != DB_OK && t.outcome == CONFIRM_WRITTEN)
			return db_status(e);
	}
	switch (t.outcome) {
	case CONFIRM_WRITTEN:
		http_header(r, "X-Import-Write-Ms", arena_printf(r->a, "%lld",
		    (http_now_us() - t0) / 1000));
		flash_set(r, "cust.import.done");
		http_redirect(r, 303, app_url(r, "/customers?sort=updated"));
		return 303;
	case CONFIRM_DONE:
		/* A second click, a reload: the first one wrote it all. */
		flash_set(r, "import.already_done");
		http_redirect(r, 303, app_url(r, "/customers?sort=updated"));
		return 303;
	case CONFIRM_UNKNOWN:
	case CONFIRM_EXPIRED:
		d = import_form(r, im.csv);
		page_message(d, msg(r, "import.err.expired"));
		return page_render(r, d, "admin/customer_import.tpl",
		    t.outcome == CONFIRM_UNKNOWN ? 404 : 410);
	default:
		return preview_page(r, token, im.csv, arena_printf(r->a,
		    "%s %s", msgf(r, "cust.import.failed", arena_printf(r->a,
		    "%lld", t.line)), t.why), 422);
	}
}
