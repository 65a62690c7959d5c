/*
 * The customer archive (DOMAIN.md section 1): the list with search,
 * filters, sorting and paging, the detail page with the timeline, adding
 * and editing a customer with its contacts and tags, the monthly review
 * and the CSV export.
 * GET /admin/customers, GET /admin/customers/export.csv,
 * GET/POST /admin/customers/new, GET /admin/customers/<id>,
 * GET/POST /admin/customers/<id>/edit, POST /admin/customers/<id>/review.
 *
 * The list stays fast at 100,000 customers: its statements are constant,
 * filter on indexed columns, the count is bounded, and the page's primary
 * contacts and tags come in one more query over the page's ids (a fixed
 * IN list of 50, padded with NULL).  A viewer without
 * scope.all_departments sees only their department's customers.
 */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/crm.h"
#include "core/db.h"
#include "core/tmpl.h"
#include "core/valid.h"
#include "admin.h"

#define CUST_PER_PAGE	50
#define CUST_COUNT_CAP	100000	/* the count shown stops at "100000+" */
/*
 * The counts themselves go on to twice that, so a page past the middle
 * of up to CUST_COUNT_EXACT matches knows its distance from the end.
 */
#define CUST_COUNT_EXACT	200000
#define CUST_COUNT_LIMIT	" LIMIT 200001) x"	/* one more, as SQL */
#define EPOCH_TO_DAYS	719528	/* TO_DAYS('1970-01-01') */

/* A fixed IN list of 50 parameters and its arguments. */
#define Q5	"?,?,?,?,?"
#define Q10	Q5 "," Q5
#define IN50	"(" Q10 "," Q10 "," Q10 "," Q10 "," Q10 ")"
#define S10	"ssssssssss"
#define S50	S10 S10 S10 S10 S10
#define A5(a, o)	a[o], a[o + 1], a[o + 2], a[o + 3], a[o + 4]
#define A10(a, o)	A5(a, o), A5(a, o + 5)
#define A50(a)	A10(a, 0), A10(a, 10), A10(a, 20), A10(a, 30), A10(a, 40)

/*
 * The list's filters, shared by the count, the sort orders and the
 * export: search (set?, pattern, mobile pattern), tier, value tag,
 * stage, owner, industry, free tag, health below 60, not reviewed in 30
 * days, and the viewer's department.
 *
 * Search looks in customer_search (migration 0008): per customer, the
 * code, name and contact names in one text, and the contacts' mobiles,
 * kept in step by triggers.  The list finds a search's matches with
 * cust_find (customer_find.c: in memory, exactly as SEARCH_PAT's LIKE
 * in the customers' own collation would: case, accents and full-width
 * forms alike, never across the U+001F between two fields); the CSV
 * export tests SEARCH_PAT here.
 *
 * A search matching at most SEARCH_NARROW customers is narrow: its ids
 * (as JSON) drive the statements of its shape.  A broader one takes the
 * customers the other filters leave along the sort's index and keeps
 * the matches (broad_page): either costs about as much at the bound.
 */
#define SEARCH_NARROW	5000
#define CUST_WHERE	" WHERE" CUST_COND
#define CUST_COND \
	" (? IS NULL OR EXISTS (SELECT 1 FROM customer_search cs " \
	"WHERE cs.customer_id = c.id AND (cs.txt LIKE " SEARCH_PAT " " \
	"OR cs.mob LIKE ?))) " \
	"AND (? IS NULL OR c.tier = ?) AND (? IS NULL OR c.value_tag = ?) " \
	"AND (? IS NULL OR c.stage = ?) AND (? IS NULL OR c.owner_id = ?) " \
	"AND (? IS NULL OR c.industry = ?) " \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM customer_tag t " \
	"WHERE t.customer_id = c.id AND t.tag = ?)) " \
	"AND (? IS NULL OR c.health < 60) " \
	"AND (? IS NULL OR c.reviewed_on IS NULL " \
	"OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY) " \
	"AND (? IS NULL OR c.department_id = ?)"
#define NFILT	19
#define F_IDS	NFILT	/* after the filters: a narrow search's ids (JSON) */
#define FILT_FMT	"sssssssssssssssssss"
#define FILT_ARGS(f)	A10(f, 0), A5(f, 10), f[15], f[16], f[17], f[18]
#define CUST_COLS \
	"SELECT c.id, c.code, c.name, c.tier, c.value_tag, c.stage, " \
	"u.display_name, c.industry, DATE_FORMAT(c.next_due_on, '%Y-%m-%d'), " \
	"c.health, DATE_FORMAT(c.reviewed_on, '%Y-%m-%d'), " \
	"DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i'), c.kind, " \
	"c.complaint_type, c.annual_spend, c.interactions_per_month, " \
	"c.repurchase_count, u.login"
#define CUST_SELECT \
	CUST_COLS " FROM customer c LEFT JOIN `user` u ON u.id = c.owner_id"
/*
 * The unfiltered list: the page's ids from the sort's index alone (a
 * covering scan, fast at any page), then their rows.
 */
#define CUST_ALL(idx, order) \
	CUST_COLS " FROM (SELECT c.id FROM customer c FORCE INDEX (" idx ")" \
	order " LIMIT ? OFFSET ?) p JOIN customer c ON c.id = p.id " \
	"LEFT JOIN `user` u ON u.id = c.owner_id " order
/*
 * The sort orders' indexes (migration 0017).  A page names its index:
 * near the middle the optimizer would sometimes take a full scan and a
 * sort of 100,000 rows instead (ten times slower).
 */
#define IDX_CODE	"k_customer_code_cover"
#define IDX_NAME	"k_customer_name"
#define IDX_DUE		"k_customer_due"
#define IDX_HEALTH	"k_customer_health"
#define IDX_UPDATED	"k_customer_updated"
#define ORDER_CODE	" ORDER BY c.code"
#define ORDER_NAME	" ORDER BY c.name, c.id"
/* Index order (NULL first): an expression would defeat the index. */
#define ORDER_DUE	" ORDER BY c.next_due_on, c.id"
#define ORDER_HEALTH	" ORDER BY c.health, c.id"
#define ORDER_UPDATED	" ORDER BY c.updated_at DESC, c.id DESC"
/* The same orders backwards (NULL last where they put it first). */
#define ORDER_CODE_REV	" ORDER BY c.code DESC"
#define ORDER_NAME_REV	" ORDER BY c.name DESC, c.id DESC"
#define ORDER_DUE_REV	" ORDER BY c.next_due_on DESC, c.id DESC"
#define ORDER_HEALTH_REV	" ORDER BY c.health DESC, c.id DESC"
#define ORDER_UPDATED_REV	" ORDER BY c.updated_at, c.id"
/*
 * A broad search's candidates in a sort order, along its index: the
 * customers the other filters leave (the search's own values bound
 * NULL; migration 0017 carries every filtered column in the index), or
 * so many of all from so far, forwards or backwards (the filters then
 * applied from the ids they leave: even bound NULL, their conditions
 * cost a quarter of the time).
 */
#define BROAD_IDS(idx, order) \
	"SELECT c.id FROM customer c FORCE INDEX (" idx ")" CUST_WHERE order
static const char *const broad_all[5] = {
	BROAD_IDS(IDX_CODE, ORDER_CODE), BROAD_IDS(IDX_NAME, ORDER_NAME),
	BROAD_IDS(IDX_DUE, ORDER_DUE), BROAD_IDS(IDX_HEALTH, ORDER_HEALTH),
	BROAD_IDS(IDX_UPDATED, ORDER_UPDATED) };
#define BROAD_HEAD(idx, order) \
	"SELECT c.id FROM customer c FORCE INDEX (" idx ")" order \
	" LIMIT ? OFFSET ?"
static const char *const broad_heads[2][5] = { {
	BROAD_HEAD(IDX_CODE, ORDER_CODE), BROAD_HEAD(IDX_NAME, ORDER_NAME),
	BROAD_HEAD(IDX_DUE, ORDER_DUE), BROAD_HEAD(IDX_HEALTH, ORDER_HEALTH),
	BROAD_HEAD(IDX_UPDATED, ORDER_UPDATED) }, {
	BROAD_HEAD(IDX_CODE, ORDER_CODE_REV),
	BROAD_HEAD(IDX_NAME, ORDER_NAME_REV),
	BROAD_HEAD(IDX_DUE, ORDER_DUE_REV),
	BROAD_HEAD(IDX_HEALTH, ORDER_HEALTH_REV),
	BROAD_HEAD(IDX_UPDATED, ORDER_UPDATED_REV) } };
/* Columns of CUST_SELECT. */
enum { L_ID, L_CODE, L_NAME, L_TIER, L_VALUE, L_STAGE, L_OWNER,
	L_INDUSTRY, L_DUE, L_HEALTH, L_REVIEWED, L_UPDATED, L_KIND, L_CTYPE,
	L_SPEND, L_PER_MONTH, L_REPURCHASES, L_OWNER_LOGIN,
	L_TOTAL	/* a search's pages only: the number of matches */ };

enum stmt {
	STMT_CUST_COUNT_ALL,
	STMT_CUST_ALL_BY_CODE,
	STMT_CUST_ALL_BY_NAME,
	STMT_CUST_ALL_BY_DUE,
	STMT_CUST_ALL_BY_HEALTH,
	STMT_CUST_ALL_BY_UPDATED,
	STMT_CUST_ALL_REV_CODE,
	STMT_CUST_ALL_REV_NAME,
	STMT_CUST_ALL_REV_DUE,
	STMT_CUST_ALL_REV_HEALTH,
	STMT_CUST_ALL_REV_UPDATED,
	STMT_CUST_EXPORT,
	STMT_CUST_CONTACTS,
	STMT_CUST_TAGS,
	STMT_OWNERS,
	STMT_CUST_GET,
	STMT_CONTACTS,
	STMT_TAGS,
	STMT_TIMELINE,
	STMT_CYCLES,
	STMT_OWNER_CHECK,
	STMT_CODE_MAX,
	STMT_CUST_INSERT,
	STMT_CUST_LOCK,
	STMT_CUST_UPDATE,
	STMT_CONTACTS_DEL,
	STMT_CONTACT_PRIMARY_DEL,
	STMT_CONTACT_ADD,
	STMT_TAGS_DEL,
	STMT_TAG_ADD,
	STMT_REVIEW,
	STMT_CUST_BY_IDS,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/*
	 * STMT_CUST_COUNT_ALL: the customers per tier are kept by triggers
	 * (tier_count, migration 0016); their sum is every customer.
	 */
	"SELECT COALESCE(SUM(n), 0) FROM tier_count",
	/* STMT_CUST_ALL_BY_CODE */
	CUST_ALL(IDX_CODE, ORDER_CODE),
	/* STMT_CUST_ALL_BY_NAME */
	CUST_ALL(IDX_NAME, ORDER_NAME),
	/* STMT_CUST_ALL_BY_DUE */
	CUST_ALL(IDX_DUE, ORDER_DUE),
	/* STMT_CUST_ALL_BY_HEALTH */
	CUST_ALL(IDX_HEALTH, ORDER_HEALTH),
	/* STMT_CUST_ALL_BY_UPDATED */
	CUST_ALL(IDX_UPDATED, ORDER_UPDATED),
	/* STMT_CUST_ALL_REV_CODE: the same read from the end. */
	CUST_ALL(IDX_CODE, ORDER_CODE_REV),
	/* STMT_CUST_ALL_REV_NAME */
	CUST_ALL(IDX_NAME, ORDER_NAME_REV),
	/* STMT_CUST_ALL_REV_DUE */
	CUST_ALL(IDX_DUE, ORDER_DUE_REV),
	/* STMT_CUST_ALL_REV_HEALTH */
	CUST_ALL(IDX_HEALTH, ORDER_HEALTH_REV),
	/* STMT_CUST_ALL_REV_UPDATED */
	CUST_ALL(IDX_UPDATED, ORDER_UPDATED_REV),
	/* STMT_CUST_EXPORT: the next 50 after an id (keyset paging). */
	CUST_SELECT CUST_WHERE " AND c.id > ? ORDER BY c.id LIMIT 50",
	/* STMT_CUST_CONTACTS: the primary contacts of up to 50 ids. */
	"SELECT customer_id, 'c', name, mobile, email FROM customer_contact "
	"WHERE is_primary = 1 AND customer_id IN " IN50,
	/* STMT_CUST_TAGS: the tags of up to 50 ids. */
	"SELECT customer_id, 't', tag FROM customer_tag "
	"WHERE customer_id IN " IN50 " ORDER BY customer_id, tag",
	/* STMT_OWNERS: who can own customers. */
	"SELECT id, display_name, login, COALESCE(department_id, 0) "
	"FROM `user` WHERE active = 1 ORDER BY display_name, login",
	/* STMT_CUST_GET: one customer, if in the viewer's scope. */
	"SELECT c.id, c.code, c.name, c.kind, c.industry, c.products, "
	"c.owner_id, u.display_name, d.name, c.value_tag, c.stage, "
	"c.complaint_type, DATE_FORMAT(c.birthday, '%Y-%m-%d'), "
	"DATE_FORMAT(c.anniversary, '%Y-%m-%d'), c.notes, c.cycle_days, "
	"DATE_FORMAT(c.last_interaction_on, '%Y-%m-%d'), "
	"DATE_FORMAT(c.next_due_on, '%Y-%m-%d'), c.annual_spend, "
	"c.interactions_per_month, c.repurchase_count, c.tier, c.health, "
	"DATE_FORMAT(c.health_warning_due, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(c.reviewed_on, '%Y-%m-%d'), rv.display_name, "
	"DATE_FORMAT(c.created_at, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i'), c.health_acted_at "
	"FROM customer c LEFT JOIN `user` u ON u.id = c.owner_id "
	"LEFT JOIN department d ON d.id = c.department_id "
	"LEFT JOIN `user` rv ON rv.id = c.reviewed_by "
	"WHERE c.id = ? AND (? IS NULL OR c.department_id = ?)",
	/* STMT_CONTACTS: the primary one first. */
	"SELECT name, title, mobile, email, is_primary FROM customer_contact "
	"WHERE customer_id = ? ORDER BY is_primary DESC, id",
	/* STMT_TAGS */
	"SELECT tag FROM customer_tag WHERE customer_id = ? ORDER BY tag",
	/* STMT_TIMELINE: the newest 100 interactions. */
	"SELECT DATE_FORMAT(i.occurred_on, '%Y-%m-%d'), m.name_zh, m.name_en, "
	"i.summary, i.satisfaction, u.display_name FROM interaction i "
	"JOIN interaction_method m ON m.code = i.method "
	"LEFT JOIN `user` u ON u.id = i.executor_id WHERE i.customer_id = ? "
	"ORDER BY i.occurred_on DESC, i.id DESC LIMIT 100",
	/* STMT_CYCLES: each value tag's default maintenance cycle. */
	"SELECT name, value FROM setting WHERE name IN ('cycle.high_days', "
	"'cycle.normal_days', 'cycle.potential_days')",
	/* STMT_OWNER_CHECK: kept active until the transaction ends. */
	"SELECT COALESCE(department_id, 0) FROM `user` "
	"WHERE id = ? AND active = 1 LOCK IN SHARE MODE",
	/*
	 * STMT_CODE_MAX: the highest sequence of a year's generated codes;
	 * the locking read holds the range, so two creators cannot take
	 * the same number.
	 */
	"SELECT COALESCE(MAX(CAST(SUBSTRING(code, 7) AS UNSIGNED)), 0) "
	"FROM customer WHERE code LIKE ? AND code REGEXP '^KH[0-9]{7,}$' "
	"FOR UPDATE",
	/* STMT_CUST_INSERT */
	"INSERT INTO customer (code, name, kind, industry, products, owner_id, "
	"department_id, value_tag, stage, complaint_type, birthday, "
	"anniversary, notes, cycle_days, annual_spend, "
	"interactions_per_month, repurchase_count, next_due_on) VALUES "
	"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"DATE_ADD('1970-01-01', INTERVAL ? DAY))",
	/* STMT_CUST_LOCK: the row every change starts from. */
	"SELECT code, name, kind, industry, products, owner_id, value_tag, "
	"stage, complaint_type, DATE_FORMAT(birthday, '%Y-%m-%d'), "
	"DATE_FORMAT(anniversary, '%Y-%m-%d'), notes, cycle_days, "
	"annual_spend, interactions_per_month, repurchase_count, "
	"COALESCE(TO_DAYS(last_interaction_on) - 719528, -1), "
	"TO_DAYS(created_at + INTERVAL @manyi_tz SECOND) - 719528 FROM customer "
	"WHERE id = ? AND (? IS NULL OR department_id = ?) FOR UPDATE",
	/* STMT_CUST_UPDATE */
	"UPDATE customer SET code = ?, name = ?, kind = ?, industry = ?, "
	"products = ?, owner_id = ?, department_id = ?, value_tag = ?, "
	"stage = ?, complaint_type = ?, birthday = ?, anniversary = ?, "
	"notes = ?, cycle_days = ?, annual_spend = ?, "
	"interactions_per_month = ?, repurchase_count = ?, "
	"next_due_on = DATE_ADD('1970-01-01', INTERVAL ? DAY) WHERE id = ?",
	/* STMT_CONTACTS_DEL */
	"DELETE FROM customer_contact WHERE customer_id = ?",
	/* STMT_CONTACT_PRIMARY_DEL */
	"DELETE FROM customer_contact WHERE customer_id = ? AND is_primary = 1",
	/* STMT_CONTACT_ADD */
	"INSERT INTO customer_contact (customer_id, name, title, mobile, "
	"email, is_primary) VALUES (?, ?, ?, ?, ?, ?)",
	/* STMT_TAGS_DEL */
	"DELETE FROM customer_tag WHERE customer_id = ?",
	/* STMT_TAG_ADD */
	"INSERT IGNORE INTO customer_tag (customer_id, tag) VALUES (?, ?)",
	/* STMT_REVIEW */
	"UPDATE customer SET reviewed_on = CURDATE(), reviewed_by = ? "
	"WHERE id = ? AND (? IS NULL OR department_id = ?)",
	/* STMT_CUST_BY_IDS: a broad search's page, by its ids. */
	CUST_SELECT " WHERE c.id IN " IN50,
};

static const char *const list_sorts[] = {
	"code", "name", "due", "health", "updated", NULL };
static const char *const list_sort_names[] = {
	"CODE", "NAME", "DUE", "HEALTH", "UPDATED" };
static const enum stmt list_all_stmts[] = {
	STMT_CUST_ALL_BY_CODE, STMT_CUST_ALL_BY_NAME, STMT_CUST_ALL_BY_DUE,
	STMT_CUST_ALL_BY_HEALTH, STMT_CUST_ALL_BY_UPDATED,
	STMT_CUST_ALL_REV_CODE, STMT_CUST_ALL_REV_NAME, STMT_CUST_ALL_REV_DUE,
	STMT_CUST_ALL_REV_HEALTH, STMT_CUST_ALL_REV_UPDATED };
static const char *const tiers[] = {
	"core", "important", "basic", "dormant", NULL };
static const char *const value_tags[] = {
	"high", "normal", "potential", NULL };
static const char *const stages[] = {
	"prospect", "signed", "long_term", NULL };
static const char *const ctypes[] = { "vip", "normal", "potential", NULL };
static const char *const kinds[] = { "company", "person", NULL };
static const char *const yes[] = { "1", NULL };

enum list_field {
	LIST_Q,
	LIST_TIER,
	LIST_VALUE,
	LIST_STAGE,
	LIST_OWNER,
	LIST_INDUSTRY,
	LIST_TAG,
	LIST_LOW,
	LIST_UNREVIEWED,
	LIST_SORT,
	LIST_PAGE,
	LIST__MAX
};

static const struct field list_fields[LIST__MAX] = {
	/* LIST_Q */
	{ "q", valid_text, 0, 0, 100, NULL },
	/* LIST_TIER */
	{ "tier", valid_enum, 0, 0, 0, tiers },
	/* LIST_VALUE */
	{ "value_tag", valid_enum, 0, 0, 0, value_tags },
	/* LIST_STAGE */
	{ "stage", valid_enum, 0, 0, 0, stages },
	/* LIST_OWNER */
	{ "owner", valid_int, 0, 1, 4294967295LL, NULL },
	/* LIST_INDUSTRY */
	{ "industry", valid_text, 0, 0, 60, NULL },
	/* LIST_TAG */
	{ "tag", valid_text, 0, 0, 40, NULL },
	/* LIST_LOW */
	{ "low", valid_enum, 0, 0, 0, yes },
	/* LIST_UNREVIEWED */
	{ "unreviewed", valid_enum, 0, 0, 0, yes },
	/* LIST_SORT */
	{ "sort", valid_enum, 0, 0, 0, list_sorts },
	/* LIST_PAGE */
	{ "page", valid_int, 0, 1, 1000000, NULL },
};


/* The add/edit form. */
enum cust_field {
	CF_CODE,
	CF_NAME,
	CF_KIND,
	CF_INDUSTRY,
	CF_PRODUCTS,
	CF_OWNER,
	CF_VALUE_TAG,
	CF_STAGE,
	CF_COMPLAINT_TYPE,
	CF_TAGS,
	CF_BIRTHDAY,
	CF_ANNIVERSARY,
	CF_NOTES,
	CF_CYCLE_DAYS,
	CF_ANNUAL_SPEND,
	CF_INTERACTIONS_PER_MONTH,
	CF_REPURCHASE_COUNT,
	CF__MAX
};

static const struct field cust_fields[CF__MAX] = {
	/* CF_CODE */
	{ "code", cust_valid_code, 0, 1, 20, NULL },
	/* CF_NAME */
	{ "name", valid_text, 1, 1, 200, NULL },
	/* CF_KIND */
	{ "kind", valid_enum, 1, 0, 0, kinds },
	/* CF_INDUSTRY */
	{ "industry", valid_text, 0, 0, 60, NULL },
	/* CF_PRODUCTS */
	{ "products", valid_text, 0, 0, 1000, NULL },
	/* CF_OWNER */
	{ "owner", valid_int, 1, 1, 4294967295LL, NULL },
	/* CF_VALUE_TAG */
	{ "value_tag", valid_enum, 1, 0, 0, value_tags },
	/* CF_STAGE */
	{ "stage", valid_enum, 1, 0, 0, stages },
	/* CF_COMPLAINT_TYPE */
	{ "complaint_type", valid_enum, 1, 0, 0, ctypes },
	/* CF_TAGS */
	{ "tags", cust_valid_tags, 0, 0, 0, NULL },
	/* CF_BIRTHDAY */
	{ "birthday", valid_date, 0, 0, 0, NULL },
	/* CF_ANNIVERSARY */
	{ "anniversary", valid_date, 0, 0, 0, NULL },
	/* CF_NOTES */
	{ "notes", valid_text, 0, 0, 5000, NULL },
	/* CF_CYCLE_DAYS */
	{ "cycle_days", valid_int, 0, 7, 366, NULL },
	/* CF_ANNUAL_SPEND: whole digits before the point. */
	{ "annual_spend", cust_valid_money, 0, 0, 12, NULL },
	/* CF_INTERACTIONS_PER_MONTH */
	{ "interactions_per_month", cust_valid_money, 0, 0, 4, NULL },
	/* CF_REPURCHASE_COUNT */
	{ "repurchase_count", valid_int, 0, 0, 1000000, NULL },
};

/* One contact row of the form: cname_N, ctitle_N, cmobile_N, cemail_N. */
enum contact_field { CC_NAME, CC_TITLE, CC_MOBILE, CC_EMAIL, CC__MAX };

static const struct field contact_fields[CC__MAX] = {
	/* CC_NAME */
	{ "cname", valid_text, 1, 1, 100, NULL },
	/* CC_TITLE */
	{ "ctitle", valid_text, 0, 0, 100, NULL },
	/* CC_MOBILE */
	{ "cmobile", valid_phone_cn, 0, 0, 0, NULL },
	/* CC_EMAIL */
	{ "cemail", valid_email, 0, 0, 0, NULL },
};

/* The label of an enum value from the catalog ("cust.<axis>.<value>"). */
static const char *
label(struct http_req *r, const char *axis, const char *val)
{
	if (val == NULL || *val == '\0')
		return "";
	return msg(r, arena_printf(r->a, "cust.%s.%s", axis, val));
}

const char *
cust_valid_code(const struct field *f, const char *in, struct fieldval *v)
{
	const char	*err;

	if ((err = valid_text(f, in, v)) != NULL)
		return err;
	if (strspn(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") != strlen(in)) {
		v->str = NULL;
		return "cust.err.code_chars";
	}
	return NULL;
}

/*
 * The free tags: separated by commas (ASCII or full-width), each 1 to
 * 40 characters after trimming, at most CUST_TAGS_MAX; repeated tags
 * count once.  0, or -1 if the text breaks a rule.
 */
int
cust_tags_split(struct arena *a, const char *s, const char **out,
    size_t *n)
{
	const char	*p = s, *e, *t;
	size_t		 len, i, k;
	char		*tag;

	*n = 0;
	while (s != NULL && *p != '\0') {
		for (e = p; *e != '\0' && *e != ',' &&
		    strncmp(e, "\xef\xbc\x8c", 3) != 0; e++)
			;
		for (t = p; t < e && (*t == ' ' || *t == '\t'); t++)
			;
		for (len = (size_t)(e - t); len > 0 &&
		    (t[len - 1] == ' ' || t[len - 1] == '\t'); len--)
			;
		if (len > 0) {
			tag = arena_strndup(a, t, len);
			if (utf8_len(tag) > 40)
				return -1;
			for (k = 0, i = 0; i < *n; i++)
				if (strcmp(out[i], tag) == 0)
					k = 1;
			if (!k) {
				if (*n == CUST_TAGS_MAX)
					return -1;
				out[(*n)++] = tag;
			}
		}
		p = *e == '\0' ? e : *e == ',' ? e + 1 : e + 3;
	}
	return 0;
}

const char *
cust_valid_tags(const struct field *f, const char *in, struct fieldval *v)
{
	const char	*tags[CUST_TAGS_MAX];
	struct arena	*a = arena_new();
	size_t		 n;
	int		 rc;

	(void)f;
	rc = cust_tags_split(a, in, tags, &n);
	arena_free(a);
	if (rc == -1)
		return "cust.err.tags";
	v->str = in;
	return NULL;
}

/*
 * A non-negative decimal with up to two places and at most digits whole
 * digits: NULL if good, else a catalog key.
 */
const char *
cust_decimal_check(const char *in, int digits)
{
	size_t	 w = strspn(in, "0123456789"), f = 0;

	if (w == 0)
		return "cust.err.decimal";
	if (in[w] == '.') {
		f = strspn(in + w + 1, "0123456789");
		if (f == 0 || f > 2 || in[w + 1 + f] != '\0')
			return "cust.err.decimal";
	} else if (in[w] != '\0')
		return "cust.err.decimal";
	if (w > (size_t)digits)
		return "err.range";
	return NULL;
}

const char *
cust_valid_money(const struct field *f, const char *in, struct fieldval *v)
{
	const char	*err;

	if ((err = cust_decimal_check(in, (int)f->max)) != NULL)
		return err;
	v->str = in;
	return NULL;
}

/* The filters as statement parameters (NFILT of them, CUST_WHERE). */
static void
filters(struct http_req *r, const struct fieldval *v, const char **f)
{
	const char	*q = v[LIST_Q].str, *pat = NULL, *mob = NULL, *p;
	char		*d;

	if (q != NULL) {
		pat = db_like_anywhere(r->a, q);
		/* A phone number is searched by its digits (3 or more). */
		d = arena_alloc(r->a, strlen(q) + 3);
		mob = d;
		*d++ = '%';
		for (p = q; *p != '\0'; p++)
			if (*p >= '0' && *p <= '9')
				*d++ = *p;
			else if (*p != ' ' && *p != '-')
				break;
		*d++ = '%';
		*d = '\0';
		if (*p != '\0' || strlen(mob) < 5)
			mob = NULL;
	}
	f[0] = q;
	f[1] = pat;
	f[2] = mob;
	f[3] = f[4] = v[LIST_TIER].str;
	f[5] = f[6] = v[LIST_VALUE].str;
	f[7] = f[8] = v[LIST_STAGE].str;
	f[9] = f[10] = v[LIST_OWNER].str;
	f[11] = f[12] = v[LIST_INDUSTRY].str;
	f[13] = f[14] = v[LIST_TAG].str;
	f[15] = v[LIST_LOW].str;
	f[16] = v[LIST_UNREVIEWED].str;
	f[17] = f[18] = auth_scope_dept(r);
	f[F_IDS] = NULL;
}

/* The filters as a query string ("&k=v..."), for links. */
static const char *
filters_qs(struct http_req *r, const struct fieldval *v)
{
	const char	*qs = "";
	size_t		 i;

	for (i = 0; i < LIST_SORT; i++)
		qs = app_qs_add(r, qs, list_fields[i].name, v[i].str);
	return qs;
}

/*
 * The page's primary contacts and tags, one query each over the page's
 * ids (at most 50, the statements' fixed IN list): rows of id, 'c' or
 * 't', name or tag, mobile, e-mail; both sets in x.
 */
static enum db_err
extras_load(struct http_req *r, const struct db_rows *rows,
    struct db_rows *x)
{
	struct db_rows	 c, t;
	const char	*ids[50];
	size_t		 i;
	enum db_err	 e;

	for (i = 0; i < 50; i++)
		ids[i] = i < rows->n ? rows->v[i][L_ID] : NULL;
	if ((e = db_query(r->db, r->a, &c, stmts[STMT_CUST_CONTACTS], S50,
	    A50(ids))) != DB_OK ||
	    (e = db_query(r->db, r->a, &t, stmts[STMT_CUST_TAGS], S50,
	    A50(ids))) != DB_OK)
		return e;
	x->n = c.n + t.n;
	x->ncols = 5;
	x->v = arena_calloc(r->a, x->n + 1, sizeof(*x->v));
	for (i = 0; i < c.n; i++)
		x->v[i] = c.v[i];
	for (i = 0; i < t.n; i++)
		x->v[c.n + i] = t.v[i];
	return DB_OK;
}

/* ------------------------------------------------- statements by shape */

/*
 * The generic statements above test every filter as "(? IS NULL OR
 * ...)", which MariaDB cannot answer from an index.  The list and its
 * count therefore use a fixed family of statements chosen by the shape
 * of the request (which filters are set), built once (pthread_once)
 * into a table that is never freed, so their addresses stay stable for
 * the statement cache; every value is still bound.
 *
 * Column filters alone (the department one of them), one or several,
 * share one family that reads covered
 * indexes (migration 0017, shape_multi): the count a covered range of
 * the most selective filter's index, a page the sort's index, read
 * from the end past the middle, so a page reads at most half of it.
 * A narrow search or a tag alone (perhaps with the department) gets its
 * own statements holding only the real predicates; among other filters
 * it drives as a real predicate, the rest checked by the generic
 * conditions.  That bounds the family (at most 16 shapes, 11 statements
 * each: the count, five sort orders and the same backwards) and so the
 * prepared statements per connection.  A narrow search joins the ids
 * cust_find found (the mobiles among them when the text can be a phone
 * number) rather than testing each customer, and its page counts the
 * matches (COUNT(*) OVER ()); a broad one goes to broad_page.
 */
enum shape_bit {
	B_Q, B_TIER, B_VALUE, B_STAGE, B_OWNER, B_INDUSTRY, B_TAG, B_LOW,
	B_UNREVIEWED, B_DEPT, B__MAX
};
#define SHAPE_N		(1U << B__MAX)
#define SHAPE_STMTS	11	/* the count, the sort orders, backwards */
#define SHAPE_MAXP	(4 + NFILT)

/*
 * A narrow search: its ids (cust_find, bound as one JSON array) drive
 * the join to the customers.
 */
#define SEARCH_FROM \
	"JSON_TABLE(?, '$[*]' COLUMNS (id INT UNSIGNED PATH '$')) s " \
	"STRAIGHT_JOIN customer c ON c.id = s.id"

/* A filter as a condition, or as the table it reads from (search). */
static const struct {
	const char	*sql;
	int		 first;	/* its first value in the filters (f[]) */
	int		 np;	/* and the number of values it binds */
} shape_frag[B__MAX] = {
	/* B_Q: a narrow search (its ids; the mobiles are in them) */
	{ SEARCH_FROM, F_IDS, 1 },
	/* B_TIER */
	{ "c.tier = ?", 3, 1 },
	/* B_VALUE */
	{ "c.value_tag = ?", 5, 1 },
	/* B_STAGE */
	{ "c.stage = ?", 7, 1 },
	/* B_OWNER */
	{ "c.owner_id = ?", 9, 1 },
	/* B_INDUSTRY */
	{ "c.industry = ?", 11, 1 },
	/* B_TAG */
	{ "c.id IN (SELECT customer_id FROM customer_tag WHERE tag = ?)",
	  13, 1 },
	/* B_LOW */
	{ "c.health < 60", 15, 0 },
	/* B_UNREVIEWED */
	{ "(c.reviewed_on IS NULL "
	  "OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY)", 16, 0 },
	/* B_DEPT */
	{ "c.department_id = ?", 17, 1 },
};
#define SHAPE_FROM(b)	((b) == B_Q)
/* Whether a filter is set: its flag in f[]. */
static const int shape_flag[B__MAX] = {
	0, 3, 5, 7, 9, 11, 13, 15, 16, 17 };
/* Which filter drives a shape of several, the most selective first. */
static const enum shape_bit shape_drivers[] = {
	B_Q, B_TAG, B_OWNER, B_INDUSTRY, B_LOW, B_STAGE, B_VALUE, B_TIER,
	B_UNREVIEWED };
static const char *const shape_orders[5] = {
	ORDER_CODE, ORDER_NAME, ORDER_DUE, ORDER_HEALTH, ORDER_UPDATED };
static const char *const shape_orders_rev[5] = {
	ORDER_CODE_REV, ORDER_NAME_REV, ORDER_DUE_REV, ORDER_HEALTH_REV,
	ORDER_UPDATED_REV };
/*
 * A shape of several column filters (migration 0017): its count reads
 * the covered range of the most selective filter index (the optimizer
 * picks among these), its pages the sort's index, which carries every
 * filtered column, so neither touches a row.
 */
#define MULTI_COUNT_FROM \
	"customer c FORCE INDEX (k_customer_f_tier, k_customer_f_stage, " \
	"k_customer_f_value, k_customer_f_owner, k_customer_f_dept, " \
	"k_customer_f_industry, k_customer_health)"
static const char *const shape_multi_from[5] = {
	"customer c FORCE INDEX (" IDX_CODE ")",
	"customer c FORCE INDEX (" IDX_NAME ")",
	"customer c FORCE INDEX (" IDX_DUE ")",
	"customer c FORCE INDEX (" IDX_HEALTH ")",
	"customer c FORCE INDEX (" IDX_UPDATED ")" };
static const char	*shape_own[SHAPE_N][SHAPE_STMTS];
static const char	*shape_driven[B__MAX][SHAPE_STMTS];
/* Several column filters (no search, no tag): covered reads. */
static const char	*shape_multi[SHAPE_STMTS];
/* A narrow search alone: its ids, whose number is the count. */
static const char	*shape_ids[SHAPE_STMTS];
static pthread_once_t	 shape_once = PTHREAD_ONCE_INIT;

/* A new string of the parts (NULL-terminated), never freed. */
static const char *
shape_cat(const char *first, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 len = 0;
	char		*out;

	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *))
		len += strlen(s);
	va_end(ap);
	if ((out = malloc(len + 1)) == NULL)
		abort();
	*out = '\0';
	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *))
		strcat(out, s);
	va_end(ap);
	return out;
}

/*
 * The count and the sorted pages, forwards then backwards, of the
 * customers read from "from" (NULL: the table) matching a condition
 * (NULL: all); with counted, the pages count all the matches too (a
 * narrow search reads them all anyway).  With froms, each page reads
 * froms[sort order] instead of from.
 */
static void
shape_fill(const char **out, const char *from, const char *cond,
    int counted, const char *const *froms)
{
	const char	*w, *f;
	size_t		 i;

	if (from == NULL)
		from = "customer c";
	w = shape_cat(cond ? " WHERE " : "", cond ? cond : "", NULL);
	out[0] = shape_cat("SELECT COUNT(*) FROM (SELECT 1 FROM ",
	    from, w, CUST_COUNT_LIMIT, NULL);
	for (i = 0; i < 10; i++) {
		f = froms ? froms[i % 5] : from;
		out[1 + i] = shape_cat(CUST_COLS, counted ? ", p.n" : "",
		    " FROM (SELECT c.id", counted ? ", COUNT(*) OVER () n" : "",
		    " FROM ", f, w, i < 5 ? shape_orders[i] :
		    shape_orders_rev[i - 5], " LIMIT ? OFFSET ?) p "
		    "JOIN customer c ON c.id = p.id "
		    "LEFT JOIN `user` u ON u.id = c.owner_id",
		    i < 5 ? shape_orders[i] : shape_orders_rev[i - 5], NULL);
	}
	free((char *)w);
}

static void
shape_init(void)
{
	unsigned int	 m, b, others;
	const char	*cond, *from;
	char		*own;

	for (m = 1; m < SHAPE_N; m++) {
		others = m & ~(1U << B_DEPT);
		if (others & (others - 1))
			continue;	/* several: driven */
		cond = from = own = NULL;
		for (b = 0; b < B__MAX; b++) {
			if (!(m & (1U << b)))
				continue;
			if (SHAPE_FROM(b))
				from = shape_frag[b].sql;
			else if (cond == NULL)
				cond = shape_frag[b].sql;
			else {
				/* At most two: a filter, the department. */
				cond = own = (char *)shape_cat(cond, " AND ",
				    shape_frag[b].sql, NULL);
			}
		}
		shape_fill(shape_own[m], from, cond, from != NULL, NULL);
		free(own);
	}
	for (b = 0; b < B__MAX; b++) {
		if (b == B_DEPT)
			continue;
		if (SHAPE_FROM(b))
			shape_fill(shape_driven[b], shape_frag[b].sql,
			    CUST_COND, 1, NULL);
		else {
			own = (char *)shape_cat(shape_frag[b].sql, " AND",
			    CUST_COND, NULL);
			shape_fill(shape_driven[b], NULL, own, 0, NULL);
			free(own);
		}
	}
	shape_fill(shape_multi, MULTI_COUNT_FROM, CUST_COND, 0,
	    shape_multi_from);
	shape_fill(shape_ids, SEARCH_FROM, NULL, 0, NULL);
}

#define SA1	p[0]
#define SA2	SA1, p[1]
#define SA3	SA2, p[2]
#define SA4	SA3, p[3]
#define SA5	SA4, p[4]
#define SA6	SA5, p[5]
#define SA7	SA6, p[6]
#define SA8	SA7, p[7]
#define SA9	SA8, p[8]
#define SA10	SA9, p[9]
#define SA11	SA10, p[10]
#define SA12	SA11, p[11]
#define SA13	SA12, p[12]
#define SA14	SA13, p[13]
#define SA15	SA14, p[14]
#define SA16	SA15, p[15]
#define SA17	SA16, p[16]
#define SA18	SA17, p[17]
#define SA19	SA18, p[18]
#define SA20	SA19, p[19]
#define SA21	SA20, p[20]
#define SA22	SA21, p[21]
#define SA23	SA22, p[22]
#define SA24	SA23, p[23]
#define SA25	SA24, p[24]
#define SCASE(k) \
	case k: \
		return paged ? db_query(db, a, rows, sql, fmt, SA##k, lim, \
		    off) : db_query(db, a, rows, sql, fmt, SA##k)

/* Run sql with n string values, then (if paged) LIMIT and OFFSET. */
static enum db_err
shape_run(struct db *db, struct arena *a, struct db_rows *rows,
    const char *sql, const char **p, size_t n, int paged, long long lim,
    long long off)
{
	static const char	 ss[] = S10 S10 "sssss" "ii";
	const char		*fmt;

	fmt = ss + (sizeof(ss) - 3 - n);
	if (!paged)
		fmt = arena_printf(a, "%.*s", (int)n, fmt);
	switch (n) {
	case 0:
		return paged ? db_query(db, a, rows, sql, fmt, lim, off) :
		    db_query(db, a, rows, sql, fmt);
	SCASE(1); SCASE(2); SCASE(3); SCASE(4); SCASE(5); SCASE(6);
	SCASE(7); SCASE(8); SCASE(9); SCASE(10); SCASE(11); SCASE(12);
	SCASE(13); SCASE(14); SCASE(15); SCASE(16); SCASE(17); SCASE(18);
	SCASE(19); SCASE(20); SCASE(21); SCASE(22); SCASE(23); SCASE(24);
	SCASE(25);
	default:
		return DB_ERROR;
	}
}

/*
 * The statements for the filters f[] (NFILT, CUST_WHERE, then F_IDS: a
 * narrow search's ids) and their values in p; NULL for no filter at all.
 */
static const char *const *
shape_choose(const char **f, const char **p, size_t *n)
{
	unsigned int	 m = 0, b, others, cols;
	size_t		 i, k;
	int		 j;

	(void)pthread_once(&shape_once, shape_init);
	for (b = 0; b < B__MAX; b++)
		if (f[shape_flag[b]] != NULL)
			m |= 1U << b;
	*n = 0;
	if (m == 0)
		return NULL;
	others = m & ~(1U << B_DEPT);
	cols = m & ~(1U << B_Q);
	if ((m & (1U << B_TAG)) == 0 && (m & (1U << B_Q)) == 0 && cols != 0) {
		/* Column filters (the department too): covered reads. */
		for (k = 0; k < NFILT; k++)
			p[(*n)++] = f[k];
		return shape_multi;
	}
	if ((others & (others - 1)) == 0) {
		/* The search's values first: it comes first (FROM). */
		for (k = 0; k < 2; k++)
			for (b = 0; b < B__MAX; b++)
				if ((m & (1U << b)) &&
				    (int)k != SHAPE_FROM(b))
					for (j = 0; j < shape_frag[b].np; j++)
						p[(*n)++] =
						    f[shape_frag[b].first + j];
		return shape_own[m];
	}
	for (i = 0; !(m & (1U << shape_drivers[i])); i++)
		continue;
	b = shape_drivers[i];
	for (j = 0; j < shape_frag[b].np; j++)
		p[(*n)++] = f[shape_frag[b].first + j];
	for (k = 0; k < NFILT; k++)
		p[(*n)++] = f[k];
	/* Driven by the search's own ids: no need to test it again. */
	if (SHAPE_FROM(b))
		p[shape_frag[b].np] = NULL;
	return shape_driven[b];
}

static int	filtered(const char **);

/* Ascending ids, for qsort. */
static int
id_cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The ids as a JSON array, for SEARCH_FROM. */
static const char *
ids_json(struct arena *a, const uint32_t *ids, size_t n)
{
	char	*out, *o;
	size_t	 i;

	o = out = arena_alloc(a, n * 11 + 3);
	*o++ = '[';
	for (i = 0; i < n; i++)
		o += sprintf(o, i ? ",%u" : "%u", (unsigned int)ids[i]);
	*o++ = ']';
	*o = '\0';
	return out;
}

/*
 * A broad search with other filters but no tag: the customers those
 * filters leave, in no order, from the most selective filter's covered
 * index (migration 0017), up to BROAD_FEW + 1 of them; the search's own
 * values are bound NULL.
 */
#define BROAD_FEW	20000
#define BROAD_FEWS	"20001"	/* one more, as SQL */
static const char *const broad_left =
	"SELECT c.id FROM " MULTI_COUNT_FROM CUST_WHERE " LIMIT " BROAD_FEWS;
/* A broad search with filters reads from the start up to so many. */
#define BROAD_NEAR	2500

/*
 * A broad search's page (more than SEARCH_NARROW matches, ids ascending,
 * found among "of" customers; 0: not known).  First the count: alone,
 * the matches'; with other filters (no tag) that leave at most
 * BROAD_FEW customers (broad_left) and one of the first pages
 * (BROAD_NEAR), the matches among those, whose ids are paged as a
 * narrow search's if they are few.  Then the
 * page, along the sort's index: the matches (among the customers the
 * filters leave), read from the nearer end only as far as the page
 * needs (as far as the matches' share says; if that falls short, on
 * from there).  Other pages, a tag filter, or a process without the
 * copy read the index whole for the customers the filters leave (it
 * carries every filtered column, so no row is read), counting the
 * matches on the way.  *page becomes a page that exists; *total the
 * matches.
 */
static enum db_err
broad_page(struct http_req *r, const char **f, int si, const uint32_t *ids,
    size_t nids, size_t of, long long *page, long long *total,
    struct db_rows *rows)
{
	struct db_ids	 all;
	struct db_rows	 got;
	const char	*p[NFILT], *pid[CUST_PER_PAGE], *json;
	const char	*sql;
	unsigned char	*bit;
	uint32_t	 max = ids[nids - 1], *ord;
	long long	 pages, off, need, lim, at;
	size_t		 i, k, nord = 0;
	int		 back = 0, ends, filt;
	enum db_err	 e;

	bit = arena_calloc(r->a, max / 8 + 1, 1);
	for (i = 0; i < nids; i++)
		bit[ids[i] / 8] |= (unsigned char)(1U << (ids[i] % 8));
#define MATCHES(id)	((id) <= max && (bit[(id) / 8] & (1U << ((id) % 8))))
	/* Every filter but the search (its three values). */
	for (i = 0; i < NFILT; i++)
		p[i] = i < 3 ? NULL : f[i];
	filt = filtered(f) || f[17] != NULL;
	/*
	 * Alone, always; with filters, for the first BROAD_NEAR matches
	 * only (past those, the walk from the start costs about as much as
	 * the index whole).
	 */
	ends = of > 0 && f[13] == NULL && (!filt ||
	    *page * CUST_PER_PAGE <= BROAD_NEAR);
	*total = (long long)nids;
	if (ends && filt) {
		if ((e = db_query_ids(r->db, r->a, &all, broad_left, FILT_FMT,
		    FILT_ARGS(p))) != DB_OK)
			return e;
		for (i = 0; i < all.n; i++)
			if (MATCHES(all.v[i]))
				all.v[nord++] = all.v[i];
		*total = (long long)nord;
		/* More than BROAD_FEW: the index whole is cheaper. */
		ends = all.n <= BROAD_FEW;
	}
	if (ends && filt) {
		if (nord <= SEARCH_NARROW) {
			/* Few: their ids, sorted and paged by SQL. */
			pages = (*total + CUST_PER_PAGE - 1) / CUST_PER_PAGE;
			if (*page > pages)
				*page = pages > 0 ? pages : 1;
			rows->n = 0;
			if (nord == 0)
				return DB_OK;
			qsort(all.v, nord, sizeof(*all.v), id_cmp);
			json = ids_json(r->a, all.v, nord);
			(void)pthread_once(&shape_once, shape_init);
			return shape_run(r->db, r->a, rows, shape_ids[1 + si],
			    &json, 1, 1, (long long)CUST_PER_PAGE,
			    (*page - 1) * CUST_PER_PAGE);
		}
		/* Now these are the matches: the index needs no condition. */
		memset(bit, 0, max / 8 + 1);
		for (i = 0; i < nord; i++)
			bit[all.v[i] / 8] |= (unsigned char)(1U << (all.v[i] % 8));
	}
	if (!ends) {
		/* The index whole, counted on the way. */
		if ((e = db_query_ids(r->db, r->a, &all, broad_all[si],
		    FILT_FMT, FILT_ARGS(p))) != DB_OK)
			return e;
		ord = all.v;
		for (i = nord = 0; i < all.n; i++)
			if (MATCHES(all.v[i]))
				ord[nord++] = all.v[i];
		*total = (long long)nord;
		need = *total;
	} else {
		pages = (*total + CUST_PER_PAGE - 1) / CUST_PER_PAGE;
		if (*page > pages)
			*page = pages;
		off = (*page - 1) * CUST_PER_PAGE;
		back = off > *total / 2;
		/* The matches to read from the nearer end. */
		need = back ? *total - off : off + CUST_PER_PAGE;
		if (need > *total)
			need = *total;
		ord = arena_alloc(r->a, (size_t)need * sizeof(*ord));
		nord = 0;
		sql = broad_heads[back][si];
		lim = (long long)((double)need * (double)of /
		    (double)*total * 1.25) + 200;
		for (off = 0; (long long)nord < need; off += lim,
		    lim = LLONG_MAX / 4) {
			if ((e = db_query_ids(r->db, r->a, &all, sql, "ii", lim,
			    off)) != DB_OK)
				return e;
			for (i = 0; i < all.n && (long long)nord < need; i++)
				if (MATCHES(all.v[i]))
					ord[nord++] = all.v[i];
			if ((long long)all.n < lim)
				break;	/* the end of the index */
		}
	}
#undef MATCHES
	pages = (*total + CUST_PER_PAGE - 1) / CUST_PER_PAGE;
	if (*page > pages)
		*page = pages > 0 ? pages : 1;
	off = (*page - 1) * CUST_PER_PAGE;
	for (i = 0; i < CUST_PER_PAGE; i++) {
		/* Backwards, the match at place "at" is need - 1 - at in. */
		at = off + (long long)i;
		if (back)
			at = need - 1 - (at - off);
		pid[i] = off + (long long)i < *total && at >= 0 &&
		    at < (long long)nord ? arena_printf(r->a, "%u",
		    (unsigned int)ord[at]) : NULL;
	}
	if ((e = db_query(r->db, r->a, &got, stmts[STMT_CUST_BY_IDS], S50,
	    A50(pid))) != DB_OK)
		return e;
	/* In the sort's order. */
	rows->ncols = got.ncols;
	rows->n = 0;
	rows->v = arena_calloc(r->a, CUST_PER_PAGE + 1, sizeof(*rows->v));
	for (i = 0; i < CUST_PER_PAGE && pid[i] != NULL; i++)
		for (k = 0; k < got.n; k++)
			if (strcmp(got.v[k][L_ID], pid[i]) == 0) {
				rows->v[rows->n++] = got.v[k];
				break;
			}
	return DB_OK;
}

/* Whether any filter but the search and the department is set. */
static int
filtered(const char **f)
{
	size_t	 k;

	for (k = 3; k < 17; k++)
		if (f[k] != NULL)
			return 1;
	return 0;
}

static const char *
health_text(struct http_req *r, const char *h)
{
	return h == NULL ? msg(r, "cust.health.none") : h;
}

/* ------------------------------------------------------------ the list */

int
admin_customers(struct http_req *r)
{
	struct fieldval		 v[LIST__MAX];
	struct tmpl_dict	*d, *row, *sub;
	struct db_rows		 cnt, rows, owners, x;
	const char		*f[NFILT + 1], *p[SHAPE_MAXP], *base, *qs, *sort;
	const char *const	*sh;
	long long		 total = 0, page, pages, matches = 0, known, off, lim;
	uint32_t		*ids;
	size_t			 i, j, n, nids, of;
	int			 si, srch, again, exact;
	enum db_err		 e;

	/* A filter that is not valid is no filter (a bookmark stays good). */
	(void)valid_form(&r->query, list_fields, LIST__MAX, v);
	filters(r, v, f);
	si = v[LIST_SORT].str ? (int)v[LIST_SORT].i : 0;
	sort = list_sorts[si];
	page = v[LIST_PAGE].str ? v[LIST_PAGE].i : 1;

	known = -1;
	if (f[0] != NULL) {
		/* Who matches; beyond a few thousand, a page of them. */
		if ((e = cust_find(r, f[0], f[2] != NULL ? arena_strndup(r->a,
		    f[2] + 1, strlen(f[2]) - 2) : NULL, &ids, &nids, &of)) !=
		    DB_OK)
			return db_status(e);
		if (nids > SEARCH_NARROW) {
			if ((e = broad_page(r, f, si, ids, nids, of, &page,
			    &total, &rows)) != DB_OK)
				return db_status(e);
			pages = ((total > CUST_COUNT_CAP ? CUST_COUNT_CAP :
			    total) + CUST_PER_PAGE - 1) / CUST_PER_PAGE;
			goto listed;
		}
		matches = (long long)nids;
		f[F_IDS] = ids_json(r->a, ids, nids);
	}
	sh = shape_choose(f, p, &n);
	srch = f[0] != NULL;	/* its page counts the matches */
	if (srch && !filtered(f) && f[17] == NULL) {
		/* Alone, its ids are all there is: no count to make. */
		sh = shape_ids;
		p[0] = f[F_IDS];
		n = 1;
		srch = 0;
		known = matches;
	}
	rows.n = 0;
	if (srch) {
		/* The page first: it counts the matches too. */
		if ((e = shape_run(r->db, r->a, &rows, sh[1 + si], p, n, 1,
		    (long long)CUST_PER_PAGE, (page - 1) * CUST_PER_PAGE)) !=
		    DB_OK)
			return db_status(e);
		if (rows.n > 0)
			total = db_int(rows.v[0][L_TOTAL]);
	}
	if (srch && rows.n == 0 && page > 1) {
		/*
		 * Past the end: the last page is the head of the list read
		 * backwards, which counts the matches as well.
		 */
		if ((e = shape_run(r->db, r->a, &rows, sh[6 + si], p, n, 1,
		    (long long)CUST_PER_PAGE, 0)) != DB_OK)
			return db_status(e);
		if (rows.n > 0) {
			total = db_int(rows.v[0][L_TOTAL]);
			page = (total + CUST_PER_PAGE - 1) / CUST_PER_PAGE;
			lim = total - (page - 1) * CUST_PER_PAGE;
			if ((long long)rows.n > lim)
				rows.n = (size_t)lim;
			for (i = 0; i < rows.n / 2; i++) {
				char **t = rows.v[i];

				rows.v[i] = rows.v[rows.n - 1 - i];
				rows.v[rows.n - 1 - i] = t;
			}
		}
	}
	again = !srch || (rows.n == 0 && page > 1);
	exact = 0;
	if (again && known >= 0) {
		total = known;
		exact = 1;
	} else if (again) {
		if ((e = sh == NULL ? db_query(r->db, r->a, &cnt,
		    stmts[STMT_CUST_COUNT_ALL], "") : shape_run(r->db, r->a,
		    &cnt, sh[0], p, n, 0, 0, 0)) != DB_OK)
			return db_status(e);
		total = cnt.n ? db_int(cnt.v[0][0]) : 0;
		/* The shapes' counts stop past CUST_COUNT_EXACT. */
		exact = sh == NULL || total <= CUST_COUNT_EXACT;
	} else if (rows.n == 0)
		total = 0;
	pages = ((total > CUST_COUNT_CAP ? CUST_COUNT_CAP : total) +
	    CUST_PER_PAGE - 1) / CUST_PER_PAGE;
	/* Past the end (a search learns it late): the last page, if any. */
	if (pages > 0 && page > pages) {
		page = pages;
		again = 1;
	}
	if (srch && total == 0)
		again = 0;
	off = (page - 1) * CUST_PER_PAGE;
	if (again && exact && off > total / 2 && off < total) {
		/*
		 * A page past the middle of a known count: read from the end
		 * (fewer index entries), then turn the page around.
		 */
		lim = total - off < CUST_PER_PAGE ? total - off : CUST_PER_PAGE;
		if ((e = sh == NULL ? db_query(r->db, r->a, &rows,
		    stmts[list_all_stmts[5 + si]], "ii", lim,
		    total - off - lim) : shape_run(r->db, r->a, &rows,
		    sh[6 + si], p, n, 1, lim, total - off - lim)) != DB_OK)
			return db_status(e);
		for (i = 0; i < rows.n / 2; i++) {
			char **t = rows.v[i];

			rows.v[i] = rows.v[rows.n - 1 - i];
			rows.v[rows.n - 1 - i] = t;
		}
		again = 0;
	}
	if (again && (e = sh == NULL ?
	    db_query(r->db, r->a, &rows,
	    stmts[list_all_stmts[si]], "ii", (long long)CUST_PER_PAGE,
	    off) : shape_run(r->db, r->a, &rows,
	    sh[1 + si], p, n, 1, (long long)CUST_PER_PAGE, off)) != DB_OK)
		return db_status(e);
listed:
	if ((e = extras_load(r, &rows, &x)) != DB_OK ||
	    (e = db_query(r->db, r->a, &owners, stmts[STMT_OWNERS], ""))
	    != DB_OK)
		return db_status(e);

	d = page_new(r, "cust.title");
	tmpl_set(d, "Q", v[LIST_Q].str ? v[LIST_Q].str : "");
	tmpl_set(d, "INDUSTRY", v[LIST_INDUSTRY].str ? v[LIST_INDUSTRY].str :
	    "");
	tmpl_set(d, "TAG", v[LIST_TAG].str ? v[LIST_TAG].str : "");
	if (v[LIST_LOW].str)
		tmpl_show(d, "LOW_CHECKED");
	if (v[LIST_UNREVIEWED].str)
		tmpl_show(d, "UNREVIEWED_CHECKED");
	if (auth_can(r, "customers.manage"))
		tmpl_show(d, "CAN_MANAGE");
	if (auth_can(r, "customers.import"))
		tmpl_show(d, "CAN_IMPORT");
	qs = filters_qs(r, v);
	if (auth_can(r, "customers.export")) {
		sub = tmpl_row(d, "CAN_EXPORT");
		tmpl_set(sub, "HREF", arena_printf(r->a, "%s?sort=%s%s",
		    app_url(r, "/customers/export.csv"), sort, qs));
	}
	for (i = 0; tiers[i] != NULL; i++) {
		row = tmpl_row(d, "TIER_OPTION");
		tmpl_set(row, "ID", tiers[i]);
		tmpl_set(row, "NAME", label(r, "tier", tiers[i]));
		if (v[LIST_TIER].str && v[LIST_TIER].i == (long long)i)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; value_tags[i] != NULL; i++) {
		row = tmpl_row(d, "VALUE_OPTION");
		tmpl_set(row, "ID", value_tags[i]);
		tmpl_set(row, "NAME", label(r, "value", value_tags[i]));
		if (v[LIST_VALUE].str && v[LIST_VALUE].i == (long long)i)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; stages[i] != NULL; i++) {
		row = tmpl_row(d, "STAGE_OPTION");
		tmpl_set(row, "ID", stages[i]);
		tmpl_set(row, "NAME", label(r, "stage", stages[i]));
		if (v[LIST_STAGE].str && v[LIST_STAGE].i == (long long)i)
			tmpl_show(row, "SELECTED");
	}
	for (i = 0; i < owners.n; i++) {
		row = tmpl_row(d, "OWNER_OPTION");
		tmpl_set(row, "ID", owners.v[i][0]);
		tmpl_set(row, "NAME", owners.v[i][1]);
		if (v[LIST_OWNER].str && strcmp(v[LIST_OWNER].str,
		    owners.v[i][0]) == 0)
			tmpl_show(row, "SELECTED");
	}
	tmpl_show(d, arena_printf(r->a, "SORT_%s", list_sort_names[si]));

	/* Links keep the filters; sorting starts again at page 1. */
	base = app_url(r, "/customers");
	for (i = 0; list_sorts[i] != NULL; i++)
		tmpl_set(d, arena_printf(r->a, "SORT_%s_HREF",
		    list_sort_names[i]), arena_printf(r->a, "%s?sort=%s%s",
		    base, list_sorts[i], qs));
	tmpl_set(d, "TOTAL", msgf(r, total > CUST_COUNT_CAP ?
	    "cust.list.total_many" : "cust.list.total",
	    arena_printf(r->a, "%lld", total > CUST_COUNT_CAP ?
	    (long long)CUST_COUNT_CAP : total)));
	tmpl_show(d, rows.n == 0 ? "EMPTY" : "LIST");
	for (i = 0; i < rows.n; i++) {
		char	**c = rows.v[i];

		row = tmpl_row(d, "CUSTOMER");
		tmpl_set(row, "HREF", app_url(r, arena_printf(r->a,
		    "/customers/%s", c[L_ID])));
		tmpl_set(row, "CODE", c[L_CODE]);
		tmpl_set(row, "NAME", c[L_NAME]);
		tmpl_set(row, "TIER", c[L_TIER] ? label(r, "tier", c[L_TIER]) :
		    msg(r, "cust.tier.none"));
		tmpl_set(row, "VALUE", label(r, "value", c[L_VALUE]));
		tmpl_set(row, "STAGE", label(r, "stage", c[L_STAGE]));
		tmpl_set(row, "OWNER", c[L_OWNER] ? c[L_OWNER] : "");
		tmpl_set(row, "INDUSTRY", c[L_INDUSTRY]);
		tmpl_set(row, "DUE", c[L_DUE] ? c[L_DUE] : "");
		tmpl_set(row, "HEALTH", health_text(r, c[L_HEALTH]));
		if (c[L_HEALTH] && db_int(c[L_HEALTH]) < HEALTH_WARNING)
			tmpl_show(row, "HEALTH_LOW");
		tmpl_set(row, "REVIEWED", c[L_REVIEWED] ? c[L_REVIEWED] :
		    msg(r, "cust.reviewed.never"));
		tmpl_set(row, "UPDATED", c[L_UPDATED]);
		for (j = 0; j < x.n; j++) {
			if (strcmp(x.v[j][0], c[L_ID]) != 0)
				continue;
			if (x.v[j][1][0] == 't') {
				sub = tmpl_row(row, "TAG");
				tmpl_set(sub, "NAME", x.v[j][2]);
				continue;
			}
			sub = tmpl_row(row, "CONTACT");
			tmpl_set(sub, "NAME", x.v[j][2]);
			tmpl_set(sub, "MOBILE", x.v[j][3] ?
			    auth_phone(r, x.v[j][3]) : "");
		}
	}
	page_pager(r, d, page, pages, base, arena_printf(r->a, "&sort=%s%s",
	    sort, qs));
	return page_render(r, d, "admin/customers.tpl", 200);
}

/* ------------------------------------------------------------ the export */

static const char *const export_heads[] = {
	"cust.field.code", "cust.field.name", "cust.field.kind",
	"cust.field.industry", "cust.field.owner_login",
	"cust.field.value_tag", "cust.field.stage",
	"cust.field.complaint_type", "cust.field.tags",
	"cust.field.annual_spend", "cust.field.interactions_per_month",
	"cust.field.repurchase_count", "cust.field.contact_name",
	"cust.field.contact_mobile", "cust.field.contact_email",
	"cust.field.tier", "cust.field.health", "cust.field.next_due",
	"cust.field.reviewed_on", NULL };

int
admin_customer_export(struct http_req *r)
{
	struct fieldval		 v[LIST__MAX];
	struct db_rows		 rows, x;
	const char		*f[NFILT + 1], *cn, *cm, *ce, *tags, *after = "0";
	struct json		*j;
	long long		 n = 0;
	size_t			 i, k;
	enum db_err		 e;

	(void)valid_form(&r->query, list_fields, LIST__MAX, v);
	filters(r, v, f);
	/* The rows go straight into the response; the audit row follows,
	 * and an export that cannot be recorded is not sent. */
	http_body_reset(r);
	buf_puts(r->out, "\xef\xbb\xbf");
	for (i = 0; export_heads[i] != NULL; i++)
		page_csv_cell(r->out, msg(r, export_heads[i]),
		    export_heads[i + 1] == NULL);
	for (;;) {
		if ((e = db_query(r->db, r->a, &rows, stmts[STMT_CUST_EXPORT],
		    FILT_FMT "s", FILT_ARGS(f), after)) != DB_OK ||
		    (e = extras_load(r, &rows, &x)) != DB_OK) {
			http_body_reset(r);
			return db_status(e);
		}
		for (i = 0; i < rows.n; i++) {
			char	**c = rows.v[i];

			cn = cm = ce = NULL;
			tags = "";
			for (k = 0; k < x.n; k++) {
				if (strcmp(x.v[k][0], c[L_ID]) != 0)
					continue;
				if (x.v[k][1][0] == 't')
					tags = *tags ? arena_printf(r->a,
					    "%s,%s", tags, x.v[k][2]) :
					    x.v[k][2];
				else {
					cn = x.v[k][2];
					cm = auth_phone(r, x.v[k][3]);
					ce = auth_email(r, x.v[k][4]);
				}
			}
			page_csv_cell(r->out, c[L_CODE], 0);
			page_csv_cell(r->out, c[L_NAME], 0);
			page_csv_cell(r->out, c[L_KIND], 0);
			page_csv_cell(r->out, c[L_INDUSTRY], 0);
			page_csv_cell(r->out, c[L_OWNER_LOGIN], 0);
			page_csv_cell(r->out, c[L_VALUE], 0);
			page_csv_cell(r->out, c[L_STAGE], 0);
			page_csv_cell(r->out, c[L_CTYPE], 0);
			page_csv_cell(r->out, tags, 0);
			page_csv_cell(r->out, c[L_SPEND], 0);
			page_csv_cell(r->out, c[L_PER_MONTH], 0);
			page_csv_cell(r->out, c[L_REPURCHASES], 0);
			page_csv_cell(r->out, cn, 0);
			page_csv_cell(r->out, cm, 0);
			page_csv_cell(r->out, ce, 0);
			page_csv_cell(r->out, c[L_TIER], 0);
			page_csv_cell(r->out, c[L_HEALTH], 0);
			page_csv_cell(r->out, c[L_DUE], 0);
			page_csv_cell(r->out, c[L_REVIEWED], 1);
			n++;
		}
		if (rows.n < 50)
			break;
		after = rows.v[rows.n - 1][L_ID];
	}
	j = json_new(r->a);
	json_int(j, "rows", n);
	json_str(j, "filters", filters_qs(r, v));
	json_int(j, "masked", !auth_can(r, "pii.view"));
	if ((e = audit_write(r->db, r, NULL, "customer", 0, "export", NULL,
	    json_end(j))) != DB_OK) {
		http_body_reset(r);
		return db_status(e);
	}
	r->ctype = "text/csv; charset=utf-8";
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"customers.csv\"");
	return 200;
}

/* ------------------------------------------------------------ the detail */

int
admin_customer_view(struct http_req *r)
{
	struct tmpl_dict	*d, *row;
	struct db_rows		 c, con, tags, tl;
	const char		*scope = auth_scope_dept(r);
	char			**v;
	long long		 id;
	size_t			 i;
	enum db_err		 e;

	if ((id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, &c, stmts[STMT_CUST_GET], "iss", id,
	    scope, scope)) != DB_OK)
		return db_status(e);
	if (c.n == 0)
		return 404;
	if ((e = db_query(r->db, r->a, &con, stmts[STMT_CONTACTS], "i", id))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &tags, stmts[STMT_TAGS], "i", id))
	    != DB_OK ||
	    (e = db_query(r->db, r->a, &tl, stmts[STMT_TIMELINE], "i", id))
	    != DB_OK)
		return db_status(e);
	v = c.v[0];
	d = page_new(r, "cust.view.title");
	tmpl_set(d, "ID", v[0]);
	tmpl_set(d, "URL", app_url(r, arena_printf(r->a, "/customers/%s",
	    v[0])));
	tmpl_set(d, "CODE", v[1]);
	tmpl_set(d, "NAME", v[2]);
	tmpl_set(d, "KIND", label(r, "kind", v[3]));
	tmpl_set(d, "INDUSTRY", v[4]);
	tmpl_set(d, "PRODUCTS", v[5]);
	tmpl_set(d, "OWNER", v[7] ? v[7] : "");
	tmpl_set(d, "DEPT", v[8] ? v[8] : "");
	tmpl_set(d, "VALUE", label(r, "value", v[9]));
	tmpl_set(d, "STAGE", label(r, "stage", v[10]));
	tmpl_set(d, "CTYPE", label(r, "ctype", v[11]));
	tmpl_set(d, "BIRTHDAY", v[12] ? v[12] : "");
	tmpl_set(d, "ANNIVERSARY", v[13] ? v[13] : "");
	tmpl_set(d, "NOTES", v[14] ? v[14] : "");
	tmpl_set(d, "CYCLE", v[15] ? msgf(r, "cust.cycle.days", v[15]) :
	    msg(r, "cust.cycle.default"));
	tmpl_set(d, "LAST", v[16] ? v[16] : msg(r, "cust.last.never"));
	tmpl_set(d, "DUE", v[17] ? v[17] : "");
	tmpl_set(d, "SPEND", v[18]);
	tmpl_set(d, "PER_MONTH", v[19]);
	tmpl_set(d, "REPURCHASES", v[20]);
	tmpl_set(d, "TIER", v[21] ? label(r, "tier", v[21]) :
	    msg(r, "cust.tier.none"));
	tmpl_set(d, "HEALTH", health_text(r, v[22]));
	if (v[22] != NULL && db_int(v[22]) < HEALTH_WARNING) {
		row = tmpl_row(d, "HEALTH_WARNING");
		tmpl_set(row, "DEADLINE", v[23] ? v[23] : "");
		if (v[28] != NULL)
			tmpl_show(row, "ACTED");
	}
	tmpl_set(d, "REVIEWED", v[24] ? msgf(r, "cust.reviewed.by",
	    arena_printf(r->a, "%s %s", v[24], v[25] ? v[25] : "")) :
	    msg(r, "cust.reviewed.never"));
	tmpl_set(d, "CREATED", v[26]);
	tmpl_set(d, "UPDATED", v[27]);
	if (auth_can(r, "customers.manage"))
		tmpl_show(d, "CAN_MANAGE");
	if (auth_can(r, "interactions.record"))
		tmpl_show(d, "CAN_RECORD");
	for (i = 0; i < tags.n; i++)
		tmpl_set(tmpl_row(d, "TAG"), "NAME", tags.v[i][0]);
	tmpl_show(d, con.n ? "HAS_CONTACTS" : "NO_CONTACTS");
	for (i = 0; i < con.n; i++) {
		row = tmpl_row(d, "CONTACT");
		tmpl_set(row, "NAME", con.v[i][0]);
		tmpl_set(row, "TITLE", con.v[i][1]);
		tmpl_set(row, "MOBILE", con.v[i][2] ?
		    auth_phone(r, con.v[i][2]) : "");
		tmpl_set(row, "EMAIL", con.v[i][3] ?
		    auth_email(r, con.v[i][3]) : "");
		if (db_int(con.v[i][4]))
			tmpl_show(row, "PRIMARY");
	}
	tmpl_show(d, tl.n ? "HAS_TIMELINE" : "NO_TIMELINE");
	for (i = 0; i < tl.n; i++) {
		row = tmpl_row(d, "EVENT");
		tmpl_set(row, "DATE", tl.v[i][0]);
		tmpl_set(row, "METHOD", r->lang == LANG_ZH ? tl.v[i][1] :
		    tl.v[i][2]);
		tmpl_set(row, "SUMMARY", tl.v[i][3]);
		tmpl_set(row, "SATISFACTION", tl.v[i][4] ? tl.v[i][4] : "");
		tmpl_set(row, "EXECUTOR", tl.v[i][5] ? tl.v[i][5] : "");
	}
	if ((e = survey_timeline(r, d, id)) != DB_OK) return db_status(e);
	return page_render(r, d, "admin/customer_view.tpl", 200);
}

/* ------------------------------------------------------------ writing */

/* The cycle of a value tag from settings (cycle.<tag>_days). */
static enum db_err
cycle_default(struct db *db, struct arena *a, const char *tag, int *days)
{
	struct db_rows	 rows;
	const char	*want = arena_printf(a, "cycle.%s_days", tag);
	enum db_err	 e;
	size_t		 i;

	*days = strcmp(tag, "high") == 0 ? 30 : strcmp(tag, "potential") ==
	    0 ? 60 : 90;
	if ((e = db_query(db, a, &rows, stmts[STMT_CYCLES], "")) != DB_OK)
		return e;
	for (i = 0; i < rows.n; i++)
		if (strcmp(rows.v[i][0], want) == 0 && db_int(rows.v[i][1]) > 0)
			*days = (int)db_int(rows.v[i][1]);
	return DB_OK;
}

/* Contacts for the audit trail: masked, like users.c's contact data. */
static const char *
contacts_audit(struct arena *a, const struct cust_in *c)
{
	const char	*s = "";
	size_t		 i;

	for (i = 0; i < c->ncontacts; i++)
		s = arena_printf(a, "%s%s%s/%s/%s/%s", s, i ? "; " : "",
		    c->cname[i], c->ctitle[i] ? c->ctitle[i] : "",
		    c->cmobile[i] ? mask_phone(a, c->cmobile[i]) : "",
		    c->cemail[i] ? mask_email(a, c->cemail[i]) : "");
	return s;
}

static const char *
tags_joined(struct arena *a, const char *const *t, size_t n)
{
	const char	*s = "";
	size_t		 i;

	for (i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? "," : "", t[i]);
	return s;
}

static struct json *
cust_json(struct arena *a, const struct cust_in *c)
{
	struct json	*j = json_new(a);

	json_str(j, "code", c->code);
	json_str(j, "name", c->name);
	json_str(j, "kind", c->kind);
	json_str(j, "industry", c->industry);
	json_str(j, "products", c->products);
	json_int(j, "owner_id", c->owner);
	json_str(j, "value_tag", c->value_tag);
	json_str(j, "stage", c->stage);
	json_str(j, "complaint_type", c->ctype);
	json_str(j, "tags", tags_joined(a, c->tags, c->ntags));
	json_str(j, "birthday", c->birthday);
	json_str(j, "anniversary", c->anniversary);
	json_str(j, "notes", c->notes);
	json_str(j, "cycle_days", c->cycle);
	json_str(j, "annual_spend", c->spend);
	json_str(j, "interactions_per_month", c->per_month);
	json_str(j, "repurchase_count", c->repurchases);
	if (!c->keep_contacts)
		json_str(j, "contacts", contacts_audit(a, c));
	return j;
}

static const char *
nz(const char *s)
{
	return s == NULL ? "" : s;
}

/*
 * Create or update one customer in the caller's transaction, with its
 * contacts and tags and (unless quiet) an audit row.  DB_DUPLICATE: the
 * code is taken; DB_ERROR with c->fail set: the owner or the customer
 * is not usable.  On create c->id and c->code are set.
 */
enum db_err
cust_write(struct db *db, struct http_req *r, struct cust_in *c)
{
	struct db_rows		 rows, old;
	struct cust_in		 before;
	unsigned long long	 nid;
	long long		 dept, last = -1, created, due;
	const char		*otags[CUST_TAGS_MAX];
	int			 cycle;
	size_t			 i;
	time_t			 now = time(NULL);
	struct tm		 tm;
	enum db_err		 e;
	char			**o = NULL;

	c->fail = CUST_OK;
	/* Days count in Beijing, like every date a person sees. */
	created = ((long long)now + CRM_TZ) / 86400;
	memset(&before, 0, sizeof(before));
	if (c->id != 0) {
		if ((e = db_query(db, r->a, &old, stmts[STMT_CUST_LOCK], "iss",
		    c->id, c->scope, c->scope)) != DB_OK)
			return e;
		if (old.n == 0) {
			c->fail = CUST_GONE;
			return DB_ERROR;
		}
		o = old.v[0];
		before.code = o[0];
		before.name = o[1];
		before.kind = o[2];
		before.industry = o[3];
		before.products = o[4];
		before.owner = o[5] ? db_int(o[5]) : 0;
		before.value_tag = o[6];
		before.stage = o[7];
		before.ctype = o[8];
		before.birthday = o[9];
		before.anniversary = o[10];
		before.notes = o[11];
		before.cycle = o[12];
		before.spend = o[13];
		before.per_month = o[14];
		before.repurchases = o[15];
		before.keep_contacts = 1;
		last = db_int(o[16]);
		created = db_int(o[17]);
		if ((e = db_query(db, r->a, &rows, stmts[STMT_TAGS], "i",
		    c->id)) != DB_OK)
			return e;
		for (i = 0; i < rows.n && i < CUST_TAGS_MAX; i++)
			otags[i] = rows.v[i][0];
		memcpy(before.tags, otags, i * sizeof(*otags));
		before.ntags = i;
		if (c->merge) {
#define KEEP(f)	if (c->f == NULL) c->f = before.f
			KEEP(code); KEEP(name); KEEP(kind); KEEP(industry);
			KEEP(products); KEEP(value_tag); KEEP(stage);
			KEEP(ctype); KEEP(birthday); KEEP(anniversary);
			KEEP(notes); KEEP(cycle); KEEP(spend);
			KEEP(per_month); KEEP(repurchases);
#undef KEEP
			if (c->owner == 0)
				c->owner = before.owner;
			if (!c->tags_set) {
				memcpy(c->tags, before.tags,
				    before.ntags * sizeof(*otags));
				c->ntags = before.ntags;
			}
		}
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_OWNER_CHECK], "i",
	    c->owner)) != DB_OK)
		return e;
	if (rows.n == 0 || (c->scope != NULL && strcmp(rows.v[0][0],
	    c->scope) != 0)) {
		c->fail = CUST_BAD_OWNER;
		return DB_ERROR;
	}
	dept = db_int(rows.v[0][0]);
	if (c->cycle != NULL)
		cycle = atoi(c->cycle);
	else if ((e = cycle_default(db, r->a, c->value_tag, &cycle)) != DB_OK)
		return e;
	due = due_day(last, cycle, created);
	if (c->id == 0 && c->code == NULL) {
		time_t bj = now + CRM_TZ;

		gmtime_r(&bj, &tm);
		if ((e = db_query(db, r->a, &rows, stmts[STMT_CODE_MAX], "s",
		    arena_printf(r->a, "KH%04d%%", tm.tm_year + 1900))) !=
		    DB_OK)
			return e;
		c->code = arena_printf(r->a, "KH%04d%03lld", tm.tm_year + 1900,
		    db_int(rows.v[0][0]) + 1);
	}
	if (c->id == 0) {
		if ((e = db_exec(db, NULL, &nid, stmts[STMT_CUST_INSERT],
		    "sssssiissssssssssi", c->code, c->name, c->kind,
		    nz(c->industry), nz(c->products), c->owner,
		    dept ? dept : (long long)0, c->value_tag, c->stage,
		    c->ctype, c->birthday, c->anniversary, c->notes, c->cycle,
		    c->spend ? c->spend : "0", c->per_month ? c->per_month :
		    "0", c->repurchases ? c->repurchases : "0", due)) != DB_OK)
			return e;
		c->id = (long long)nid;
	} else if ((e = db_exec(db, NULL, NULL, stmts[STMT_CUST_UPDATE],
	    "sssssiisssssssssiii", c->code, c->name, c->kind,
	    nz(c->industry), nz(c->products), c->owner, dept, c->value_tag,
	    c->stage, c->ctype, c->birthday, c->anniversary, c->notes,
	    c->cycle, c->spend ? c->spend : "0", c->per_month ? c->per_month :
	    "0", c->repurchases ? atoll(c->repurchases) : 0LL, due, c->id)) !=
	    DB_OK)
		return e;
	if (!c->keep_contacts) {
		if (c->merge && c->ncontacts == 0)
			;
		else if ((e = db_exec(db, NULL, NULL, stmts[c->merge ?
		    STMT_CONTACT_PRIMARY_DEL : STMT_CONTACTS_DEL], "i", c->id))
		    != DB_OK)
			return e;
		for (i = 0; i < c->ncontacts; i++)
			if ((e = db_exec(db, NULL, NULL,
			    stmts[STMT_CONTACT_ADD], "issssi", c->id,
			    c->cname[i], nz(c->ctitle[i]), c->cmobile[i],
			    c->cemail[i], (long long)(i == 0))) != DB_OK)
				return e;
	}
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_TAGS_DEL], "i", c->id))
	    != DB_OK)
		return e;
	for (i = 0; i < c->ntags; i++)
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_TAG_ADD], "is",
		    c->id, c->tags[i])) != DB_OK)
			return e;
	if (c->quiet)
		return DB_OK;
	return audit_write(db, r, NULL, "customer", c->id, o ? "update" :
	    "create", o ? json_end(cust_json(r->a, &before)) : NULL,
	    json_end(cust_json(r->a, c)));
}

/* ------------------------------------------------------------ the form */

/* The customer being edited, for the form's header. */
struct stored {
	long long	 id;
	const char	*code;
	const char	*name;
};

/*
 * The add or edit page.  Values come from the submitted form (v and cv,
 * with messages) or, for a first edit, from the stored row.
 */
static struct tmpl_dict *
form_page(struct http_req *r, const struct stored *s,
    const struct fieldval *v, struct fieldval cv[][CC__MAX],
    const struct db_rows *owners, long long owner, int pii_locked)
{
	struct tmpl_dict	*d, *row;
	const char *const	*axes[4] = { kinds, value_tags, stages, ctypes };
	const char *const	 axis_names[4] = { "kind", "value", "stage",
	    "ctype" };
	const char *const	 axis_rows[4] = { "KIND_OPTION",
	    "VALUE_TAG_OPTION", "STAGE_OPTION", "CTYPE_OPTION" };
	const enum cust_field	 axis_fields[4] = { CF_KIND, CF_VALUE_TAG,
	    CF_STAGE, CF_COMPLAINT_TYPE };
	const char		*dflt[4] = { "company", "normal", "prospect",
	    "normal" };
	const char		*cur;
	size_t			 i, k;

	d = page_new(r, s == NULL ? "cust.new.title" : "cust.edit.title");
	if (s == NULL) {
		tmpl_show(d, "IS_NEW");
		tmpl_set(d, "ACTION", app_url(r, "/customers/new"));
	} else {
		tmpl_show(d, "IS_EDIT");
		tmpl_set(d, "ACTION", app_url(r, arena_printf(r->a,
		    "/customers/%lld/edit", s->id)));
		tmpl_set(d, "CUSTOMER_URL", app_url(r, arena_printf(r->a,
		    "/customers/%lld", s->id)));
		tmpl_set(d, "STORED_NAME", s->name);
		tmpl_set(d, "STORED_CODE", s->code);
	}
	page_fields(r, d, cust_fields, CF__MAX, v);
	for (k = 0; k < 4; k++) {
		cur = v[axis_fields[k]].raw ? v[axis_fields[k]].raw : dflt[k];
		for (i = 0; axes[k][i] != NULL; i++) {
			row = tmpl_row(d, axis_rows[k]);
			tmpl_set(row, "ID", axes[k][i]);
			tmpl_set(row, "NAME", label(r, axis_names[k],
			    axes[k][i]));
			if (strcmp(cur, axes[k][i]) == 0)
				tmpl_show(row, "SELECTED");
		}
	}
	if (owner == 0)
		tmpl_show(d, "NO_OWNER");
	for (i = 0; i < owners->n; i++) {
		/* Scoped viewers give customers to their own department. */
		if (auth_scope_dept(r) != NULL &&
		    db_int(owners->v[i][3]) != r->sess->dept_id)
			continue;
		row = tmpl_row(d, "OWNER_OPTION");
		tmpl_set(row, "ID", owners->v[i][0]);
		tmpl_set(row, "NAME", arena_printf(r->a, "%s (%s)",
		    owners->v[i][1], owners->v[i][2]));
		if (db_int(owners->v[i][0]) == owner)
			tmpl_show(row, "SELECTED");
	}
	if (pii_locked)
		tmpl_show(d, "PII_LOCKED");
	for (i = 0; i < CUST_CONTACTS_MAX; i++) {
		row = tmpl_row(d, "CONTACT");
		tmpl_set(row, "N", arena_printf(r->a, "%zu", i + 1));
		if (i == 0)
			tmpl_show(row, "FIRST");
		if (pii_locked)
			tmpl_show(row, "LOCKED");
		page_fields(r, row, contact_fields, CC__MAX, cv[i]);
	}
	return d;
}

static enum db_err
owners_load(struct http_req *r, struct db_rows *o)
{
	return db_query(r->db, r->a, o, stmts[STMT_OWNERS], "");
}

/* A form value from a stored string: raw set, as page_fields shows it. */
static void
fv_set(struct fieldval *v, const char *s)
{
	memset(v, 0, sizeof(*v));
	v->raw = s;
}

/*
 * The contacts of the form: rows with every field empty are ignored;
 * the others are validated.  The number of bad fields.
 */
static size_t
form_contacts(struct http_req *r, struct fieldval cv[][CC__MAX],
    struct cust_in *c)
{
	struct kvlist	 kv;
	struct kv	 ent[CC__MAX];
	const char	*val;
	size_t		 i, k, bad = 0, filled;

	c->ncontacts = 0;
	for (i = 0; i < CUST_CONTACTS_MAX; i++) {
		kv.v = ent;
		kv.n = 0;
		filled = 0;
		for (k = 0; k < CC__MAX; k++) {
			val = kv_get(&r->form, arena_printf(r->a, "%s_%zu",
			    contact_fields[k].name, i + 1));
			if (val == NULL)
				continue;
			ent[kv.n].key = contact_fields[k].name;
			ent[kv.n].val = val;
			ent[kv.n].vlen = strlen(val);
			kv.n++;
			if (strspn(val, " \t\r\n") != strlen(val))
				filled = 1;
		}
		if (!filled) {
			memset(cv[i], 0, sizeof(cv[i]));
			continue;
		}
		bad += valid_form(&kv, contact_fields, CC__MAX, cv[i]);
		c->cname[c->ncontacts] = cv[i][CC_NAME].str;
		c->ctitle[c->ncontacts] = cv[i][CC_TITLE].str;
		c->cmobile[c->ncontacts] = cv[i][CC_MOBILE].str;
		c->cemail[c->ncontacts] = cv[i][CC_EMAIL].str;
		c->ncontacts++;
	}
	return bad;
}

/* The validated form into c. */
static void
form_to_cust(struct http_req *r, const struct fieldval *v,
    struct cust_in *c)
{
	c->code = v[CF_CODE].str;
	c->name = v[CF_NAME].str;
	c->kind = v[CF_KIND].str;
	c->industry = v[CF_INDUSTRY].str;
	c->products = v[CF_PRODUCTS].str;
	c->owner = v[CF_OWNER].i;
	c->value_tag = v[CF_VALUE_TAG].str;
	c->stage = v[CF_STAGE].str;
	c->ctype = v[CF_COMPLAINT_TYPE].str;
	(void)cust_tags_split(r->a, v[CF_TAGS].str, c->tags, &c->ntags);
	c->birthday = v[CF_BIRTHDAY].str;
	c->anniversary = v[CF_ANNIVERSARY].str;
	c->notes = v[CF_NOTES].str;
	c->cycle = v[CF_CYCLE_DAYS].str;
	c->spend = v[CF_ANNUAL_SPEND].str;
	c->per_month = v[CF_INTERACTIONS_PER_MONTH].str;
	c->repurchases = v[CF_REPURCHASE_COUNT].str;
	c->scope = auth_scope_dept(r);
}

struct form_tx {
	struct http_req	*r;
	struct cust_in	 c;
};

static enum db_err
tx_write(struct db *db, void *arg)
{
	struct form_tx	*t = arg;
	struct cust_in	 saved = t->c;
	enum db_err	 e;

	/* A deadlock runs the transaction again from the form's values. */
	e = cust_write(db, t->r, &t->c);
	if (e != DB_OK) {
		int	 fail = t->c.fail;

		t->c = saved;
		t->c.fail = fail;
	}
	return e;
}

/* Save the form (id 0: create); 303, 422 with the form again, or error. */
static int
form_save(struct http_req *r, const struct stored *s)
{
	struct fieldval		 v[CF__MAX];
	struct fieldval		 cv[CUST_CONTACTS_MAX][CC__MAX];
	struct db_rows		 owners;
	struct tmpl_dict	*d;
	struct form_tx		 t;
	size_t			 bad;
	int			 pii = auth_can(r, "pii.view") || s == NULL;
	enum db_err		 e;
	const char		*ferr = NULL, *fkey = NULL;

	if ((e = owners_load(r, &owners)) != DB_OK)
		return db_status(e);
	memset(&t, 0, sizeof(t));
	t.r = r;
	bad = valid_form(&r->form, cust_fields, CF__MAX, v);
	if (pii)
		bad += form_contacts(r, cv, &t.c);
	else {
		memset(cv, 0, sizeof(cv));
		t.c.keep_contacts = 1;
	}
	if (bad == 0) {
		form_to_cust(r, v, &t.c);
		t.c.id = s ? s->id : 0;
		if ((e = db_tx(r->db, tx_write, &t)) == DB_OK) {
			flash_set(r, s ? "cust.saved" : "cust.created");
			http_redirect(r, 303, app_url(r, arena_printf(r->a,
			    "/customers/%lld", t.c.id)));
			return 303;
		}
		if (e == DB_DUPLICATE) {
			ferr = "code";
			fkey = "cust.err.code_taken";
		} else if (t.c.fail == CUST_BAD_OWNER) {
			ferr = "owner";
			fkey = "cust.err.owner";
		} else if (t.c.fail == CUST_GONE)
			return 404;
		else
			return db_status(e);
	}
	d = form_page(r, s, v, cv, &owners, v[CF_OWNER].str ? v[CF_OWNER].i :
	    0, !pii);
	if (ferr != NULL)
		page_field_error(r, d, ferr, fkey);
	tmpl_show(d, "ERROR");
	tmpl_set(d, "MESSAGE", msg(r, "cust.err.form"));
	return page_render(r, d, "admin/customer_form.tpl", 422);
}

int
admin_customer_new_form(struct http_req *r)
{
	struct fieldval		 v[CF__MAX];
	struct fieldval		 cv[CUST_CONTACTS_MAX][CC__MAX];
	struct db_rows		 owners;
	enum db_err		 e;

	if ((e = owners_load(r, &owners)) != DB_OK)
		return db_status(e);
	memset(v, 0, sizeof(v));
	memset(cv, 0, sizeof(cv));
	return page_render(r, form_page(r, NULL, v, cv, &owners,
	    r->sess->user_id, 0), "admin/customer_form.tpl", 200);
}

int
admin_customer_new(struct http_req *r)
{
	return form_save(r, NULL);
}

/* The customer of /customers/<id>/edit in the viewer's scope, or 404. */
static int
stored_load(struct http_req *r, struct stored *s, struct db_rows *c)
{
	const char	*scope = auth_scope_dept(r);
	enum db_err	 e;

	if ((s->id = app_path_id(r->args[0])) == 0)
		return 404;
	if ((e = db_query(r->db, r->a, c, stmts[STMT_CUST_GET], "iss", s->id,
	    scope, scope)) != DB_OK)
		return db_status(e);
	if (c->n == 0)
		return 404;
	s->code = c->v[0][1];
	s->name = c->v[0][2];
	return 0;
}

int
admin_customer_edit_form(struct http_req *r)
{
	struct stored		 s;
	struct db_rows		 c, con, tags, owners;
	struct fieldval		 v[CF__MAX];
	struct fieldval		 cv[CUST_CONTACTS_MAX][CC__MAX];
	const char		*t[CUST_TAGS_MAX];
	char			**x;
	size_t			 i;
	int			 st, pii = auth_can(r, "pii.view");
	enum db_err		 e;

	if ((st = stored_load(r, &s, &c)) != 0)
		return st;
	if ((e = db_query(r->db, r->a, &con, stmts[STMT_CONTACTS], "i",
	    s.id)) != DB_OK ||
	    (e = db_query(r->db, r->a, &tags, stmts[STMT_TAGS], "i", s.id))
	    != DB_OK || (e = owners_load(r, &owners)) != DB_OK)
		return db_status(e);
	x = c.v[0];
	for (i = 0; i < tags.n && i < CUST_TAGS_MAX; i++)
		t[i] = tags.v[i][0];
	fv_set(&v[CF_CODE], x[1]);
	fv_set(&v[CF_NAME], x[2]);
	fv_set(&v[CF_KIND], x[3]);
	fv_set(&v[CF_INDUSTRY], x[4]);
	fv_set(&v[CF_PRODUCTS], x[5]);
	fv_set(&v[CF_OWNER], x[6]);
	fv_set(&v[CF_VALUE_TAG], x[9]);
	fv_set(&v[CF_STAGE], x[10]);
	fv_set(&v[CF_COMPLAINT_TYPE], x[11]);
	fv_set(&v[CF_TAGS], tags_joined(r->a, t, i));
	fv_set(&v[CF_BIRTHDAY], x[12]);
	fv_set(&v[CF_ANNIVERSARY], x[13]);
	fv_set(&v[CF_NOTES], x[14]);
	fv_set(&v[CF_CYCLE_DAYS], x[15]);
	fv_set(&v[CF_ANNUAL_SPEND], x[18]);
	fv_set(&v[CF_INTERACTIONS_PER_MONTH], x[19]);
	fv_set(&v[CF_REPURCHASE_COUNT], x[20]);
	memset(cv, 0, sizeof(cv));
	for (i = 0; i < con.n && i < CUST_CONTACTS_MAX; i++) {
		cv[i][CC_NAME].raw = con.v[i][0];
		cv[i][CC_TITLE].raw = con.v[i][1];
		cv[i][CC_MOBILE].raw = pii ? con.v[i][2] :
		    mask_phone(r->a, con.v[i][2]);
		cv[i][CC_EMAIL].raw = pii ? con.v[i][3] :
		    mask_email(r->a, con.v[i][3]);
	}
	return page_render(r, form_page(r, &s, v, cv, &owners,
	    x[6] ? db_int(x[6]) : 0, !pii), "admin/customer_form.tpl", 200);
}

int
admin_customer_edit(struct http_req *r)
{
	struct stored	 s;
	struct db_rows	 c;
	int		 st;

	if ((st = stored_load(r, &s, &c)) != 0)
		return st;
	return form_save(r, &s);
}

/* ------------------------------------------------------------ review */

struct review_tx {
	struct http_req	*r;
	long long	 id;
	const char	*scope;
	int		 gone;
};

static enum db_err
review_write(struct db *db, void *arg)
{
	struct review_tx	*t = arg;
	struct json		*j;
	enum db_err		 e;

	if ((e = db_exec(db, NULL, NULL, stmts[STMT_REVIEW], "iiss",
	    t->r->sess->user_id, t->id, t->scope, t->scope)) != DB_OK)
		return e;
	j = json_new(t->r->a);
	json_str(j, "reviewed_on", "today");
	return audit_write(db, t->r, NULL, "customer", t->id, "review", NULL,
	    json_end(j));
}

int
admin_customer_review(struct http_req *r)
{
	struct stored		 s;
	struct db_rows		 c;
	struct review_tx	 t;
	enum db_err		 e;
	int			 st;

	if ((st = stored_load(r, &s, &c)) != 0)
		return st;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = s.id;
	t.scope = auth_scope_dept(r);
	if ((e = db_tx(r->db, review_write, &t)) != DB_OK)
		return db_status(e);
	flash_set(r, "cust.reviewed.done");
	http_redirect(r, 303, app_url(r, arena_printf(r->a, "/customers/%lld",
	    s.id)));
	return 303;
}
