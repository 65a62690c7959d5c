/*
 * Importing customers from CSV: the paste form, the preview that says
 * row by row what would happen, and the confirmation that writes every
 * valid row in one transaction.
 * GET/POST /admin/customers/import, POST /admin/customers/import/confirm.
 *
 * The core parses only application/x-www-form-urlencoded bodies, so the
 * CSV arrives as the value of a textarea; the body and field limits
 * ([limits] body_max and field_max) bound its size, and so the work one
 * request can cause.  The front line refuses a body that is not UTF-8
 * (400) before it reaches this file; the parser checks again line by
 * line, so a message can name the line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define IMPORT_SHOW_MAX	2000	/* preview rows listed (counts cover all) */

enum stmt {
	STMT_OWNERS,
	STMT_CODE_FIND,
	STMT_CODE_LOCK,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_OWNERS: logins an import may name. */
	"SELECT login, id FROM `user` WHERE active = 1",
	/* STMT_CODE_FIND */
	"SELECT id FROM customer WHERE code = ?",
	/* STMT_CODE_LOCK */
	"SELECT id FROM customer WHERE code = ? FOR UPDATE",
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

/* One CSV record: its cells and the line it starts on. */
struct rec {
	char	**cell;
	size_t	  n;
	size_t	  line;
};

/*
 * Parse CSV (RFC 4180: quoted cells, doubled quotes, CRLF or LF, an
 * optional BOM) into records.  0, or -1 with *bad_line and *why (a
 * catalog key) set.  Blank lines are skipped.
 */
static int
csv_parse(struct arena *a, const char *s, struct rec **out, size_t *nout,
    size_t *bad_line, const char **why)
{
	struct rec	*recs = NULL;
	size_t		 nrec = 0, cap = 0, line = 1, ncell, ccap, start;
	size_t		 len, bcap;
	char		**cells, *b;
	const char	*p = s, *eol;
	int		 q;

	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p != '\0') {
		/* Each line checked as UTF-8, so a message can name it. */
		eol = strchr(p, '\n');
		len = eol ? (size_t)(eol - p) : strlen(p);
		if (!utf8_valid(p, len)) {
			*bad_line = line;
			*why = "cust.import.err.utf8";
			return -1;
		}
		if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1;
			line++;
			continue;
		}
		start = line;
		ncell = 0;
		ccap = 8;
		cells = arena_calloc(a, ccap, sizeof(*cells));
		for (;;) {
			bcap = 64;
			b = arena_alloc(a, bcap);
			len = 0;
			q = *p == '"';
			if (q)
				p++;
			for (;;) {
				if (*p == '\0') {
					if (q) {
						*bad_line = start;
						*why = "cust.import.err.quote";
						return -1;
					}
					break;
				}
				if (q && *p == '"') {
					if (p[1] == '"')
						p++;
					else {
						p++;
						q = 0;
						continue;
					}
				} else if (!q && (*p == ',' || *p == '\n' ||
				    (*p == '\r' && p[1] == '\n')))
					break;
				if (*p == '\n')
					line++;
				if (len + 2 > bcap) {
					char	*nb = arena_alloc(a, bcap * 2);

					memcpy(nb, b, len);
					b = nb;
					bcap *= 2;
				}
				b[len++] = *p++;
			}
			b[len] = '\0';
			if (ncell == ccap) {
				char	**nc = arena_calloc(a, ccap * 2,
				    sizeof(*nc));

				memcpy(nc, cells, ccap * sizeof(*nc));
				cells = nc;
				ccap *= 2;
			}
			cells[ncell++] = b;
			if (*p == ',') {
				p++;
				continue;
			}
			break;
		}
		if (*p == '\r')
			p++;
		if (*p == '\n') {
			p++;
			line++;
		}
		if (nrec == cap) {
			struct rec	*nr;

			cap = cap ? cap * 2 : 64;
			nr = arena_calloc(a, cap, sizeof(*nr));
			if (nrec)
				memcpy(nr, recs, nrec * sizeof(*nr));
			recs = nr;
		}
		recs[nrec].cell = cells;
		recs[nrec].n = ncell;
		recs[nrec].line = start;
		nrec++;
	}
	*out = recs;
	*nout = nrec;
	return 0;
}

/* Columns the export writes that an import reads past (computed). */
static const char *const skipped[] = {
	"tier", "health", "next_due", "reviewed_on", NULL };

/*
 * A header cell's column: its name, or its text in either catalog; -2
 * for a column of the export that is not imported, -1 if unknown.
 */
static int
col_of(const char *h)
{
	const char	*k;
	char		 key[64];
	size_t		 i, l;

	while (*h == ' ')
		h++;
	l = strlen(h);
	while (l > 0 && h[l - 1] == ' ')
		l--;
	for (i = 0; skipped[i] != NULL; i++) {
		snprintf(key, sizeof(key), "cust.field.%s", skipped[i]);
		if ((strlen(skipped[i]) == l && strncmp(h, skipped[i], l) == 0) ||
		    (strlen(i18n_get(LANG_ZH, key)) == l &&
		    strncmp(i18n_get(LANG_ZH, key), h, l) == 0) ||
		    (strlen(i18n_get(LANG_EN, key)) == l &&
		    strncasecmp(i18n_get(LANG_EN, key), h, l) == 0))
			return -2;
	}
	for (i = 0; i < COL__MAX; i++) {
		k = cols[i].name;
		if (strlen(k) == l && strncmp(h, k, l) == 0)
			return (int)i;
		snprintf(key, sizeof(key), "cust.field.%s", k);
		if ((i18n_has(LANG_ZH, key) && strlen(i18n_get(LANG_ZH, key))
		    == l && strncmp(i18n_get(LANG_ZH, key), h, l) == 0) ||
		    (i18n_has(LANG_EN, key) && strlen(i18n_get(LANG_EN, key))
		    == l && strncasecmp(i18n_get(LANG_EN, key), h, l) == 0))
			return (int)i;
	}
	return -1;
}

/* An enum cell given as a label ("高价值") turned into its code. */
static const char *
enum_code(struct arena *a, int c, const char *in)
{
	const char *const	*e = cols[c].enums;
	const char		*k;
	int			 l;
	size_t			 i;

	if (e == NULL || col_axis[c] == NULL)
		return in;
	for (i = 0; e[i] != NULL; i++)
		for (l = 0; l < LANG__MAX; l++) {
			k = arena_printf(a, "cust.%s.%s", col_axis[c], e[i]);
			if (i18n_has((enum lang)l, k) &&
			    strcmp(i18n_get((enum lang)l, k), in) == 0)
				return e[i];
		}
	return in;
}

enum row_act { ROW_CREATE, ROW_UPDATE, ROW_REJECT };

/* One data row checked. */
struct irow {
	size_t		 line;
	enum row_act	 act;
	const char	*why;		/* rejected: the reason shown */
	struct cust_in	 c;
};

/* The whole import checked. */
struct import {
	const char	*csv;
	struct irow	*rows;
	size_t		 n;
	size_t		 counts[3];
	const char	*error;		/* the file as a whole is bad */
};

static const char *
owner_id(const struct db_rows *o, const char *login)
{
	size_t	 i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->v[i][0], login) == 0)
			return o->v[i][1];
	return NULL;
}

/*
 * Check the pasted CSV: every row gets its action or the reason it is
 * rejected.  Nothing is written.  0, or a database error.
 */
static enum db_err
import_check(struct http_req *r, struct import *im)
{
	struct rec	*recs;
	struct db_rows	 owners, found;
	struct fieldval	 v[COL__MAX];
	struct kvlist	 kv;
	int		 map[256], c;
	size_t		 nrec, i, k, badl, bad;
	const char	*why, *oid, *scope;
	struct irow	*row;
	enum db_err	 e;

	memset(im->counts, 0, sizeof(im->counts));
	im->n = 0;
	im->error = NULL;
	scope = auth_can(r, "scope.all_departments") ? NULL :
	    arena_printf(r->a, "%lld", r->sess->dept_id);
	if (im->csv == NULL || *im->csv == '\0') {
		im->error = msg(r, "cust.import.err.empty");
		return DB_OK;
	}
	if (csv_parse(r->a, im->csv, &recs, &nrec, &badl, &why) == -1) {
		im->error = msgf(r, why, arena_printf(r->a, "%zu", badl));
		return DB_OK;
	}
	if (nrec < 2) {
		im->error = msg(r, "cust.import.err.empty");
		return DB_OK;
	}
	for (k = 0; k < recs[0].n && k < 256; k++) {
		if ((c = col_of(recs[0].cell[k])) == -1) {
			im->error = msgf(r, "cust.import.err.column",
			    recs[0].cell[k]);
			return DB_OK;
		}
		map[k] = c;
	}
	if (recs[0].n > 256) {
		im->error = msgf(r, "cust.import.err.column", "");
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
	im->rows = arena_calloc(r->a, nrec, sizeof(*im->rows));
	kv.v = arena_calloc(r->a, recs[0].n + 1, sizeof(*kv.v));
	for (i = 1; i < nrec; i++) {
		row = &im->rows[im->n++];
		row->line = recs[i].line;
		kv.n = 0;
		why = NULL;
		if (recs[i].n != recs[0].n)
			why = msg(r, "cust.import.err.cells");
		for (k = 0; k < recs[i].n && k < recs[0].n; k++) {
			if (map[k] < 0)
				continue;
			kv.v[kv.n].key = cols[map[k]].name;
			kv.v[kv.n].val = enum_code(r->a, map[k],
			    recs[i].cell[k]);
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
		if (why == NULL && v[COL_OWNER_LOGIN].str != NULL &&
		    (oid = owner_id(&owners, v[COL_OWNER_LOGIN].str)) == NULL)
			why = msgf(r, "cust.import.err.owner",
			    v[COL_OWNER_LOGIN].str);
		/* A code twice in one file is a mistake, not two updates. */
		for (k = 0; why == NULL && v[COL_CODE].str != NULL &&
		    k + 1 < im->n; k++)
			if (im->rows[k].c.code != NULL &&
			    strcmp(im->rows[k].c.code, v[COL_CODE].str) == 0)
				why = msgf(r, "cust.import.err.dup",
				    arena_printf(r->a, "%zu",
				    im->rows[k].line));
		row->c.code = v[COL_CODE].str ? arena_strdup(r->a,
		    v[COL_CODE].str) : NULL;
		if (why != NULL) {
			row->act = ROW_REJECT;
			row->why = why;
			row->c.name = v[COL_NAME].raw;
			im->counts[ROW_REJECT]++;
			continue;
		}
		/* Values may live in v's own buffers: keep copies. */
		for (k = 0; k < COL__MAX; k++)
			if (v[k].str != NULL)
				v[k].str = arena_strdup(r->a, v[k].str);
		row->c.name = v[COL_NAME].str;
		row->c.kind = v[COL_KIND].str;
		row->c.industry = v[COL_INDUSTRY].str;
		row->c.owner = oid ? atoll(oid) : 0;
		row->c.value_tag = v[COL_VALUE_TAG].str;
		row->c.stage = v[COL_STAGE].str;
		row->c.ctype = v[COL_COMPLAINT_TYPE].str;
		if (v[COL_TAGS].str != NULL) {
			row->c.tags_set = 1;
			(void)cust_tags_split(r->a, v[COL_TAGS].str,
			    row->c.tags, &row->c.ntags);
		}
		row->c.spend = v[COL_ANNUAL_SPEND].str;
		row->c.per_month = v[COL_INTERACTIONS_PER_MONTH].str;
		row->c.repurchases = v[COL_REPURCHASE_COUNT].str;
		if (v[COL_CONTACT_NAME].str != NULL) {
			row->c.cname[0] = v[COL_CONTACT_NAME].str;
			row->c.ctitle[0] = v[COL_CONTACT_TITLE].str;
			row->c.cmobile[0] = v[COL_CONTACT_MOBILE].str;
			row->c.cemail[0] = v[COL_CONTACT_EMAIL].str;
			row->c.ncontacts = 1;
		}
		row->c.scope = scope;
		row->c.quiet = 1;
		row->act = ROW_CREATE;
		if (row->c.code != NULL) {
			if ((e = db_query(r->db, r->a, &found,
			    stmts[STMT_CODE_FIND], "s", row->c.code)) != DB_OK)
				return e;
			if (found.n > 0)
				row->act = ROW_UPDATE;
		}
		im->counts[row->act]++;
	}
	return DB_OK;
}

/* The page: the form, and the preview or the result if there is one. */
static int
import_page(struct http_req *r, const struct import *im, int preview,
    const char *fail, int status)
{
	struct tmpl_dict	*d, *row;
	size_t			 i, lim;

	d = page_new(r, "cust.import.title");
	lim = app_cfg.lim.field_max < app_cfg.lim.body_max ?
	    app_cfg.lim.field_max : app_cfg.lim.body_max;
	tmpl_set(d, "LIMIT", msgf(r, "cust.import.limit", arena_printf(r->a,
	    "%zu KiB", lim / 1024)));
	tmpl_set(d, "CSV", im && im->csv ? im->csv : "");
	if (im != NULL && im->error != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", im->error);
	}
	if (fail != NULL) {
		tmpl_show(d, "ERROR");
		tmpl_set(d, "MESSAGE", fail);
	}
	if (!preview || im == NULL || im->error != NULL)
		return page_render(r, d, "admin/customer_import.tpl", status);
	row = tmpl_row(d, "PREVIEW");
	tmpl_set(row, "COUNTS", arena_printf(r->a, "%s %zu · %s %zu · %s %zu",
	    msg(r, "cust.import.create"), im->counts[ROW_CREATE],
	    msg(r, "cust.import.update"), im->counts[ROW_UPDATE],
	    msg(r, "cust.import.rejected"), im->counts[ROW_REJECT]));
	tmpl_set(row, "CSV", im->csv);
	if (im->counts[ROW_CREATE] + im->counts[ROW_UPDATE] > 0)
		tmpl_show(row, "CAN_CONFIRM");
	lim = im->n < IMPORT_SHOW_MAX ? im->n : IMPORT_SHOW_MAX;
	for (i = 0; i < lim; i++) {
		struct tmpl_dict	*x = tmpl_row(row, "ROW");
		const struct irow	*ir = &im->rows[i];

		tmpl_set(x, "LINE", arena_printf(r->a, "%zu", ir->line));
		tmpl_set(x, "CODE", ir->c.code ? ir->c.code :
		    msg(r, "cust.import.code_new"));
		tmpl_set(x, "NAME", ir->c.name ? ir->c.name : "");
		switch (ir->act) {
		case ROW_CREATE:
			tmpl_show(x, "CREATE");
			break;
		case ROW_UPDATE:
			tmpl_show(x, "UPDATE");
			break;
		default:
			tmpl_show(x, "REJECT");
			tmpl_set(x, "WHY", ir->why);
		}
	}
	if (im->n > lim)
		tmpl_set(row, "MORE", msgf(r, "cust.import.more",
		    arena_printf(r->a, "%zu", im->n - lim)));
	return page_render(r, d, "admin/customer_import.tpl", status);
}

int
admin_customer_import_form(struct http_req *r)
{
	return import_page(r, NULL, 0, NULL, 200);
}

int
admin_customer_import(struct http_req *r)
{
	struct import	 im;
	enum db_err	 e;

	memset(&im, 0, sizeof(im));
	im.csv = kv_get(&r->form, "csv");
	if ((e = import_check(r, &im)) != DB_OK)
		return db_status(e);
	return import_page(r, &im, 1, NULL, im.error ? 422 : 200);
}

struct import_tx {
	struct http_req	*r;
	struct import	*im;
	size_t		 failed;	/* index of the row that failed */
	size_t		 done[2];
};

static enum db_err
import_write(struct db *db, void *arg)
{
	struct import_tx	*t = arg;
	struct irow		*row;
	struct cust_in		 c;
	struct db_rows		 found;
	struct json		*j;
	size_t			 i;
	enum db_err		 e;

	t->done[0] = t->done[1] = 0;
	t->failed = (size_t)-1;
	for (i = 0; i < t->im->n; i++) {
		row = &t->im->rows[i];
		if (row->act == ROW_REJECT)
			continue;
		c = row->c;
		c.id = 0;
		if (c.code != NULL) {
			if ((e = db_query(db, t->r->a, &found,
			    stmts[STMT_CODE_LOCK], "s", c.code)) != DB_OK) {
				t->failed = i;
				return e;
			}
			if (found.n > 0) {
				c.id = db_int(found.v[0][0]);
				c.merge = 1;
			}
		}
		if (c.id == 0) {
			/* A new customer needs every axis: defaults. */
			if (c.kind == NULL)
				c.kind = "company";
			if (c.value_tag == NULL)
				c.value_tag = "normal";
			if (c.stage == NULL)
				c.stage = "prospect";
			if (c.ctype == NULL)
				c.ctype = "normal";
			if (c.owner == 0)
				c.owner = t->r->sess->user_id;
		}
		if ((e = cust_write(db, t->r, &c)) != DB_OK) {
			t->failed = i;
			row->c.fail = c.fail;
			return e;
		}
		t->done[c.merge]++;
	}
	j = json_new(t->r->a);
	json_int(j, "created", (long long)t->done[0]);
	json_int(j, "updated", (long long)t->done[1]);
	json_int(j, "rejected", (long long)t->im->counts[ROW_REJECT]);
	return audit_write(db, t->r, NULL, "customer", 0, "import", NULL,
	    json_end(j));
}

int
admin_customer_import_confirm(struct http_req *r)
{
	struct import		 im;
	struct import_tx	 t;
	const char		*why;
	struct irow		*row;
	enum db_err		 e;

	memset(&im, 0, sizeof(im));
	im.csv = kv_get(&r->form, "csv");
	if ((e = import_check(r, &im)) != DB_OK)
		return db_status(e);
	if (im.error != NULL)
		return import_page(r, &im, 1, NULL, 422);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.im = &im;
	if ((e = db_tx(r->db, import_write, &t)) == DB_OK) {
		flash_set(r, "cust.import.done");
		http_redirect(r, 303, app_url(r, "/customers?sort=updated"));
		return 303;
	}
	if (t.failed == (size_t)-1)
		return db_status(e);
	row = &im.rows[t.failed];
	why = e == DB_DUPLICATE ? msg(r, "cust.err.code_taken") :
	    row->c.fail == CUST_GONE ? msg(r, "cust.import.err.scope") :
	    row->c.fail == CUST_BAD_OWNER ? msg(r, "cust.err.owner") :
	    msg(r, "cust.import.err.write");
	return import_page(r, &im, 1, arena_printf(r->a, "%s %s",
	    msgf(r, "cust.import.failed", arena_printf(r->a, "%zu",
	    row->line)), why), 422);
}
