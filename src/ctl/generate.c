/*
 * manyi-ctl generate: honest synthetic customers, contacts, interactions
 * and follow-ups for demos and benchmarks (DOMAIN.md sections 1 and 2).
 *
 *   generate --customers N --interactions M [--seed S]
 *            [--owner-login L] [--append]
 *
 * Everything random comes from one generator seeded with S, so the same
 * seed gives the same data (dates are relative to today).  Rows go in as
 * multi-row INSERTs of a fixed shape: the SQL text of a GEN_BATCH-row
 * statement is built once at start from the column count, with ?
 * placeholders only, prepared once, and executed with bound values; a
 * last partial batch goes row by row through the one-row statement.
 * Transactions hold GEN_TX rows.  The interactions are drawn (customer
 * and date) before the customers are written, so each customer's last
 * contact and next due date (crm's due_day) are stored with it.
 * The search table and the KPI day aggregates (migration 0008) are
 * rebuilt once at the end instead of row by row by their triggers.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>

#include "core/arena.h"
#include "core/conf.h"
#include "core/crm.h"
#include "core/db.h"
#include "core/valid.h"
#include "ctl.h"
#include "rng.h"

#define GEN_BATCH	500	/* rows per multi-row INSERT */
#define GEN_TX		5000	/* rows per transaction */
#define GEN_VALMAX	512	/* bytes of one bound value */

enum stmt {
	STMT_CUSTOMERS,
	STMT_OWNERS,
	STMT_OWNER,
	STMT_METHODS,
	STMT_CYCLES,
	STMT_MAX_SEQ,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CUSTOMERS */
	"SELECT COUNT(*) FROM customer",
	/* STMT_OWNERS: active users, round-robin owners. */
	"SELECT id, COALESCE(department_id, 0) FROM `user` WHERE active = 1 "
	"ORDER BY id",
	/* STMT_OWNER */
	"SELECT id, COALESCE(department_id, 0) FROM `user` WHERE active = 1 "
	"AND login = ?",
	/* STMT_METHODS */
	"SELECT code FROM interaction_method WHERE active = 1 ORDER BY sort",
	/* STMT_CYCLES */
	"SELECT name, value FROM setting WHERE name IN ('cycle.high_days', "
	"'cycle.normal_days', 'cycle.potential_days')",
	/* STMT_MAX_SEQ: the highest sequence of this year's codes. */
	"SELECT COALESCE(MAX(CAST(SUBSTRING(code, 7) AS UNSIGNED)), 0) "
	"FROM customer WHERE code LIKE ?",
};

/* The tables written in bulk: the INSERT's head and its column count. */
enum table { T_CUSTOMER, T_CONTACT, T_INTERACTION, T_FOLLOWUP, T__MAX };

static const char *const table_heads[T__MAX] = {
	/* T_CUSTOMER */
	"INSERT INTO customer (code, name, kind, industry, products, owner_id, "
	"department_id, value_tag, stage, complaint_type, annual_spend, "
	"interactions_per_month, repurchase_count, created_at, "
	"last_interaction_on, next_due_on) VALUES ",
	/* T_CONTACT */
	"INSERT INTO customer_contact (customer_id, name, title, mobile, "
	"email, is_primary) VALUES ",
	/* T_INTERACTION */
	"INSERT INTO interaction (customer_id, contact_id, occurred_on, "
	"method, summary, satisfaction, comments, score_speed, "
	"score_resolution, score_professional, score_proactive, executor_id, "
	"remarks, escalate, created_by) VALUES ",
	/* T_FOLLOWUP */
	"INSERT INTO follow_up (interaction_id, customer_id, problem, "
	"owner_id, raised_at, respond_by, responded_at, resolved_at, "
	"attempts, confirmed_at, confirmation, status) VALUES ",
};
static const int table_cols[T__MAX] = { 16, 6, 15, 12 };

/* ----------------------------------------------------------- randomness */

/* A score 1-5 skewed positive: 5 40%, 4 35%, 3 15%, 2 7%, 1 3%. */
static int
rng_score(void)
{
	double	 u = rng_unit();

	return u < 0.40 ? 5 : u < 0.75 ? 4 : u < 0.90 ? 3 : u < 0.97 ? 2 : 1;
}

/* ---------------------------------------------------------- word lists */

static const char *const cities[] = {
	"北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉",
	"西安", "天津", "重庆", "青岛", "厦门", "宁波", "长沙", "郑州", "合肥",
};
static const char *const words[] = {
	"华信", "中联", "鼎盛", "恒达", "新元", "博远", "众诚", "瑞丰", "金桥",
	"天成", "宏图", "嘉禾", "永泰", "明德", "海纳", "润泽", "安信", "卓越",
	"同创", "东方", "锦程", "汇通", "晨光", "盛世", "立恒", "远航", "凯瑞",
};
static const char *const trades[] = {
	"科技", "贸易", "制造", "信息技术", "医疗器械", "物流", "电子", "食品",
	"建材", "环保", "教育咨询", "商贸", "机械", "软件",
};
static const char *const suffixes[] = {
	"有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司",
};
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	"胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华",
	"晓东", "海燕", "志强", "文博", "思远", "雨桐", "子涵",
};
static const char *const industries[] = {
	"制造业", "零售", "金融", "信息技术", "医疗健康", "教育", "物流",
	"房地产", "餐饮", "能源",
};
static const char *const products[] = {
	"标准版服务", "专业版服务", "企业版服务", "年度维保", "定制开发",
	"培训服务", "云服务", "硬件设备",
};
static const char *const titles[] = {
	"总经理", "采购经理", "财务总监", "IT 主管", "行政主管", "运营经理",
	"项目经理", "",
};
static const char *const summaries[] = {
	"季度例行回访，确认产品使用情况", "介绍新版本功能，客户有兴趣试用",
	"处理客户咨询的账单问题", "上门拜访，了解明年采购计划",
	"收集客户对服务的意见和建议", "跟进上次反馈的问题处理进展",
	"续约沟通，客户表示基本满意", "节日问候并介绍优惠活动",
	"培训客户新员工使用系统", "客户反映响应较慢，已记录并安排改进",
};
static const char *const comments[] = {
	"", "", "", "服务很及时", "希望响应再快一些", "整体满意",
	"对产品质量满意", "价格偏高", "希望增加培训",
};
static const char *const problems[] = {
	"系统偶尔无法登录", "发票信息有误需要重开", "到货延迟",
	"售后响应不及时", "功能与合同约定不符",
};

/* ------------------------------------------------- bulk prepared inserts */

struct bulk {
	MYSQL		*my;
	MYSQL_STMT	*many;		/* GEN_BATCH rows */
	MYSQL_STMT	*one;		/* one row */
	int		 ncols;
	int		 rows;		/* rows buffered */
	MYSQL_BIND	*b;
	char		*vals;		/* GEN_VALMAX bytes per parameter */
	unsigned long	*lens;
	my_bool		*nulls;
	int		 col;		/* next parameter of the current row */
	long long	*ids;		/* insert id of each buffered row */
	long long	 total;
};

/* "(?, ?, ...), (?, ...)" for rows rows of n columns after the head. */
static char *
bulk_sql(const char *head, int n, int rows)
{
	size_t	 len = strlen(head) + (size_t)rows * ((size_t)n * 3 + 4) + 1;
	char	*s = malloc(len), *p;
	int	 r, c;

	if (s == NULL)
		arena_oom();
	p = s + sprintf(s, "%s", head);
	for (r = 0; r < rows; r++) {
		*p++ = r ? ',' : ' ';
		*p++ = '(';
		for (c = 0; c < n; c++) {
			if (c)
				*p++ = ',';
			*p++ = '?';
		}
		*p++ = ')';
	}
	*p = '\0';
	return s;
}

static int
bulk_init(struct bulk *k, MYSQL *my, enum table t)
{
	char	*sql;
	int	 n = table_cols[t], rc = 0;

	memset(k, 0, sizeof(*k));
	k->my = my;
	k->ncols = n;
	k->b = calloc((size_t)n * GEN_BATCH, sizeof(*k->b));
	k->vals = malloc((size_t)n * GEN_BATCH * GEN_VALMAX);
	k->lens = calloc((size_t)n * GEN_BATCH, sizeof(*k->lens));
	k->nulls = calloc((size_t)n * GEN_BATCH, sizeof(*k->nulls));
	k->ids = calloc(GEN_BATCH, sizeof(*k->ids));
	if (k->b == NULL || k->vals == NULL || k->lens == NULL ||
	    k->nulls == NULL || k->ids == NULL)
		arena_oom();
	k->many = mysql_stmt_init(my);
	k->one = mysql_stmt_init(my);
	sql = bulk_sql(table_heads[t], n, GEN_BATCH);
	if (mysql_stmt_prepare(k->many, sql, strlen(sql)) != 0)
		rc = -1;
	free(sql);
	sql = bulk_sql(table_heads[t], n, 1);
	if (rc == 0 && mysql_stmt_prepare(k->one, sql, strlen(sql)) != 0)
		rc = -1;
	free(sql);
	if (rc != 0)
		fprintf(stderr, "manyi-ctl: generate: %s\n", mysql_error(my));
	return rc;
}

static void
bulk_free(struct bulk *k)
{
	if (k->many)
		mysql_stmt_close(k->many);
	if (k->one)
		mysql_stmt_close(k->one);
	free(k->b);
	free(k->vals);
	free(k->lens);
	free(k->nulls);
	free(k->ids);
}

/* The next value of the current row (NULL: SQL NULL). */
static void
bulk_str(struct bulk *k, const char *s)
{
	int	 i = k->rows * k->ncols + k->col++;
	char	*v = k->vals + (size_t)i * GEN_VALMAX;
	size_t	 n = s ? strlen(s) : 0;

	if (n >= GEN_VALMAX)
		n = GEN_VALMAX - 1;
	memset(&k->b[i], 0, sizeof(k->b[i]));
	k->b[i].buffer_type = MYSQL_TYPE_STRING;
	k->nulls[i] = s == NULL;
	if (s != NULL)
		memcpy(v, s, n);
	k->lens[i] = n;
	k->b[i].buffer = v;
	k->b[i].buffer_length = n;
	k->b[i].length = &k->lens[i];
	k->b[i].is_null = &k->nulls[i];
}

static void
bulk_int(struct bulk *k, long long n)
{
	char	 s[24];

	snprintf(s, sizeof(s), "%lld", n);
	bulk_str(k, s);
}

static int
bulk_exec(struct bulk *k, MYSQL_STMT *st, MYSQL_BIND *b)
{
	if (mysql_stmt_bind_param(st, b) != 0 || mysql_stmt_execute(st) != 0) {
		fprintf(stderr, "manyi-ctl: generate: %s\n",
		    mysql_stmt_error(st));
		return -1;
	}
	return 0;
}

/*
 * Write the buffered rows; their ids in k->ids.  A multi-row INSERT's
 * ids are consecutive (innodb_autoinc_lock_mode 0 or 1, and only this
 * writer in 2): checked by the affected count.
 */
static int
bulk_flush(struct bulk *k)
{
	long long	 first;
	int		 i;

	if (k->rows == GEN_BATCH) {
		if (bulk_exec(k, k->many, k->b) == -1)
			return -1;
		first = (long long)mysql_stmt_insert_id(k->many);
		for (i = 0; i < k->rows; i++)
			k->ids[i] = first + i;
	} else
		for (i = 0; i < k->rows; i++) {
			if (bulk_exec(k, k->one, k->b + i * k->ncols) == -1)
				return -1;
			k->ids[i] = (long long)mysql_stmt_insert_id(k->one);
		}
	k->total += k->rows;
	k->rows = 0;
	return 0;
}

/* End the current row: 1 if the batch is full (flush it), else 0. */
static int
bulk_row(struct bulk *k)
{
	k->col = 0;
	k->rows++;
	return k->rows == GEN_BATCH;
}

static int
sql_simple(MYSQL *my, const char *sql)
{
	if (mysql_query(my, sql) != 0) {
		fprintf(stderr, "manyi-ctl: generate: %s\n", mysql_error(my));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ the data */

/* Days since 1970-01-01 as YYYY-MM-DD. */
static void
day_fmt(long long z, char out[16])
{
	valid_day_str(z, out);
}

/* Seconds since the epoch (UTC) as a DATETIME. */
static void
time_fmt(long long t, char out[32])
{
	char	 day[16];
	long long s = ((t % 86400) + 86400) % 86400;

	day_fmt((t - s) / 86400, day);
	snprintf(out, 32, "%.10s %02d:%02d:%02d", day, (int)(s / 3600),
	    (int)(s / 60 % 60), (int)(s % 60));
}

struct gcust {
	long long	 id;
	long long	 contact;	/* primary contact id */
	long long	 owner;
	long long	 created;	/* day */
	long long	 last;		/* day, -1 none */
	double		 spend;		/* annual spend */
	double		 weight;	/* share of interactions */
	int		 tag;		/* 0 high, 1 normal, 2 potential */
};

struct gint {
	int		 cust;
	int		 day;
};

static int
int_cmp(const void *a, const void *b)
{
	const struct gint	*x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->cust < y->cust ? -1 : x->cust > y->cust;
}

/* Write the buffered contacts; note each customer's primary one
 * (pend: the customer index of each row, -1 for a second contact). */
static int
contacts_flush(struct bulk *k, struct gcust *cu, const long long *pend)
{
	int	 i, n = k->rows;

	if (bulk_flush(k) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (pend[i] >= 0)
			cu[pend[i]].contact = k->ids[i];
	return 0;
}

static const char *const tags[] = { "high", "normal", "potential" };

static void
usage(void)
{
	fprintf(stderr, "usage: manyi-ctl generate --customers N "
	    "--interactions M [--seed S] [--owner-login L] [--append]\n");
}

int
ctl_generate(struct ctl *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "customers", required_argument, NULL, 'c' },
		{ "interactions", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "owner-login", required_argument, NULL, 'o' },
		{ "append", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct arena	*a = arena_new();
	struct db_rows	 rows, owners, methods, cyc;
	struct db_conf	 dc;
	struct bulk	 bc, bk, bi, bf;
	struct gcust	*cu = NULL;
	struct gint	*in = NULL;
	double		*cum = NULL;
	const char	*owner_login = NULL;
	char		 s[GEN_VALMAX], d1[16], d2[16], t1[32], t2[32], t3[32];
	char		 t4[32], t5[32];
	long long	 ncust = -1, nint = -1, seed = 1, seq, today, now;
	long long	 i, j, k, x, year, raised, due, nfu = 0;
	long long	 pend[GEN_BATCH];
	long long	 cycles[3] = { 30, 90, 60 };
	int		 ch, append = 0, rc = 1, sat, sc[4], fst;
	double		 spend, total, u;
	MYSQL		*my = NULL;
	time_t		 start = time(NULL);
	struct tm	 tm;
	unsigned int	 timeout = 600;

	memset(&bc, 0, sizeof(bc));
	memset(&bk, 0, sizeof(bk));
	memset(&bi, 0, sizeof(bi));
	memset(&bf, 0, sizeof(bf));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			ncust = strtoll(optarg, NULL, 10);
			break;
		case 'i':
			nint = strtoll(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoll(optarg, NULL, 10);
			break;
		case 'o':
			owner_login = optarg;
			break;
		case 'a':
			append = 1;
			break;
		default:
			usage();
			goto out;
		}
	}
	if (ncust < 0 || nint < 0 || ncust > 10000000 || nint > 100000000 ||
	    (ncust == 0 && nint > 0)) {
		usage();
		goto out;
	}
	rng_seed(seed);

	if (db_query(c->db, a, &rows, stmts[STMT_CUSTOMERS], "") != DB_OK)
		goto dberr;
	if (db_int(rows.v[0][0]) > 0 && !append) {
		fprintf(stderr, "manyi-ctl: generate: %s customers exist "
		    "already; use --append to add to them\n", rows.v[0][0]);
		goto out;
	}
	if (owner_login != NULL) {
		if (db_query(c->db, a, &owners, stmts[STMT_OWNER], "s",
		    owner_login) != DB_OK)
			goto dberr;
	} else if (db_query(c->db, a, &owners, stmts[STMT_OWNERS], "")
	    != DB_OK)
		goto dberr;
	if (owners.n == 0) {
		fprintf(stderr, "manyi-ctl: generate: no active user to own "
		    "the customers\n");
		goto out;
	}
	if (db_query(c->db, a, &methods, stmts[STMT_METHODS], "") != DB_OK ||
	    db_query(c->db, a, &cyc, stmts[STMT_CYCLES], "") != DB_OK)
		goto dberr;
	if (methods.n == 0) {
		fprintf(stderr, "manyi-ctl: generate: no interaction method\n");
		goto out;
	}
	for (i = 0; i < (long long)cyc.n; i++) {
		x = db_int(cyc.v[i][1]);
		if (x < 1)
			continue;
		if (strcmp(cyc.v[i][0], "cycle.high_days") == 0)
			cycles[0] = x;
		else if (strcmp(cyc.v[i][0], "cycle.normal_days") == 0)
			cycles[1] = x;
		else
			cycles[2] = x;
	}
	now = (long long)time(NULL);
	today = (now + site_tz_s) / 86400;
	gmtime_r(&(time_t){ (time_t)(now + site_tz_s) }, &tm);
	year = tm.tm_year + 1900;
	if (db_query(c->db, a, &rows, stmts[STMT_MAX_SEQ], "s",
	    arena_printf(a, "KH%lld%%", year)) != DB_OK)
		goto dberr;
	seq = db_int(rows.v[0][0]);

	/* Our own connection: bulk statements bind arrays of values. */
	db_conf_read(&dc, c->conf, "ctl");
	if ((my = mysql_init(NULL)) == NULL)
		arena_oom();
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(my, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(my, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(my, MYSQL_INIT_COMMAND, "SET SESSION sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', "
	    "time_zone = '+00:00'");
	if (mysql_real_connect(my, dc.host, dc.user, dc.password, dc.name,
	    dc.port, dc.socket, 0) == NULL) {
		fprintf(stderr, "manyi-ctl: generate: %s\n", mysql_error(my));
		goto out;
	}
	/*
	 * The triggers of migration 0008 (search table, KPI day
	 * aggregates) would cost a few statements per row: they skip this
	 * session, and both structures are rebuilt set-based at the end.
	 */
	if (sql_simple(my, "SET @manyi_bulk = 1") == -1)
		goto out;
	if (bulk_init(&bc, my, T_CUSTOMER) == -1 ||
	    bulk_init(&bk, my, T_CONTACT) == -1 ||
	    bulk_init(&bi, my, T_INTERACTION) == -1 ||
	    bulk_init(&bf, my, T_FOLLOWUP) == -1)
		goto out;

	/*
	 * First the customers' figures and the interactions' customer and
	 * date, so that each customer's last contact is known when it is
	 * written.  Spend is log-normal with about 10% above 50,000.
	 */
	cu = calloc((size_t)ncust + 1, sizeof(*cu));
	cum = calloc((size_t)ncust + 1, sizeof(*cum));
	in = calloc((size_t)nint + 1, sizeof(*in));
	if (cu == NULL || cum == NULL || in == NULL)
		arena_oom();
	total = 0;
	for (i = 0; i < ncust; i++) {
		spend = exp(log(12000.0) + 1.114 * rng_normal());
		cu[i].spend = spend;
		cu[i].tag = spend > 50000 ? 0 : rng_unit() < 0.3 ? 2 : 1;
		cu[i].weight = 0.2 + (spend > 200000 ? 10 : spend / 20000.0);
		cu[i].owner = i % (long long)owners.n;
		cu[i].created = today - 380 - rng_below(900);
		cu[i].last = -1;
		total += cu[i].weight;
		cum[i] = total;
	}
	for (j = 0; j < nint; j++) {
		u = rng_unit() * total;
		/* The customer whose cumulative weight first passes u. */
		for (i = 0, k = ncust - 1; i < k; ) {
			x = (i + k) / 2;
			if (cum[x] <= u)
				i = x + 1;
			else
				k = x;
		}
		in[j].cust = (int)i;
		in[j].day = (int)(today - rng_below(365));
		if (in[j].day > cu[i].last)
			cu[i].last = in[j].day;
	}
	qsort(in, (size_t)nint, sizeof(*in), int_cmp);

	/* The customers and their contacts. */
	if (sql_simple(my, "START TRANSACTION") == -1)
		goto out;
	for (i = 0; i < ncust; i++) {
		char	 code[48], amount[32], perm[16];
		const char *stage, *kind;

		snprintf(code, sizeof(code), "KH%lld%03lld", year, seq + i + 1);
		kind = rng_unit() < 0.85 ? "company" : "person";
		if (strcmp(kind, "company") == 0)
			snprintf(s, sizeof(s), "%s%s%s%s", PICK(cities),
			    PICK(words), PICK(trades), PICK(suffixes));
		else
			snprintf(s, sizeof(s), "%s%s", PICK(surnames),
			    PICK(given));
		u = rng_unit();
		stage = cu[i].tag == 0 ? (u < 0.7 ? "long_term" : "signed") :
		    u < 0.2 ? "prospect" : u < 0.75 ? "signed" : "long_term";
		spend = cu[i].spend;
		snprintf(amount, sizeof(amount), "%.2f", spend);
		snprintf(perm, sizeof(perm), "%.2f", cu[i].weight *
		    (0.5 + rng_unit()));
		bulk_str(&bc, code);
		bulk_str(&bc, s);
		bulk_str(&bc, kind);
		bulk_str(&bc, PICK(industries));
		bulk_str(&bc, PICK(products));
		bulk_str(&bc, owners.v[cu[i].owner][0]);
		bulk_str(&bc, db_int(owners.v[cu[i].owner][1]) ?
		    owners.v[cu[i].owner][1] : NULL);
		bulk_str(&bc, tags[cu[i].tag]);
		bulk_str(&bc, stage);
		bulk_str(&bc, cu[i].tag == 0 ? "vip" : cu[i].tag == 2 ?
		    "potential" : "normal");
		bulk_str(&bc, amount);
		bulk_str(&bc, perm);
		bulk_int(&bc, (long long)(spend / 15000.0 * 2 * rng_unit()));
		day_fmt(cu[i].created, d1);
		snprintf(t1, sizeof(t1), "%s 02:00:00", d1);
		bulk_str(&bc, t1);
		if (cu[i].last >= 0) {
			day_fmt(cu[i].last, d1);
			bulk_str(&bc, d1);
		} else
			bulk_str(&bc, NULL);
		day_fmt(due_day(cu[i].last, (int)cycles[cu[i].tag],
		    cu[i].created), d2);
		bulk_str(&bc, d2);
		if (!bulk_row(&bc) && i + 1 < ncust)
			continue;
		/* A batch of customers is written: now their contacts. */
		if (bulk_flush(&bc) == -1)
			goto out;
		for (x = i - (i % GEN_BATCH); x <= i; x++)
			cu[x].id = bc.ids[x - (i - (i % GEN_BATCH))];
		for (x = i - (i % GEN_BATCH); x <= i; x++) {
			int	 nc = rng_unit() < 0.4 ? 2 : 1, n;
			static const char *const pre[] = {
				"130", "131", "132", "133", "135", "136",
				"137", "138", "139", "150", "151", "152",
				"153", "155", "156", "157", "158", "159",
				"180", "181", "182", "183", "185", "186",
				"187", "188", "189",
			};

			for (n = 0; n < nc; n++) {
				char	 mob[16], mail[64];

				snprintf(s, sizeof(s), "%s%s", PICK(surnames),
				    PICK(given));
				snprintf(mob, sizeof(mob), "%s%08lld",
				    PICK(pre), rng_below(100000000));
				snprintf(mail, sizeof(mail),
				    "contact%lld.%d@example.cn", cu[x].id, n + 1);
				bulk_int(&bk, cu[x].id);
				bulk_str(&bk, s);
				bulk_str(&bk, PICK(titles));
				bulk_str(&bk, mob);
				bulk_str(&bk, mail);
				bulk_int(&bk, n == 0);
				pend[bk.rows] = n == 0 ? x : -1;
				if (bulk_row(&bk) && contacts_flush(&bk, cu,
				    pend) == -1)
					goto out;
			}
		}
		if (contacts_flush(&bk, cu, pend) == -1)
			goto out;
		if ((i + 1) % GEN_TX == 0 || i + 1 == ncust) {
			if (sql_simple(my, "COMMIT") == -1 ||
			    sql_simple(my, "START TRANSACTION") == -1)
				goto out;
			printf("customers: %lld / %lld (%lds)\n", i + 1, ncust,
			    (long)(time(NULL) - start));
			fflush(stdout);
		}
	}

	/* The interactions, oldest first, and a few follow-ups. */
	for (j = 0; j < nint; j++) {
		struct gcust	*g = &cu[in[j].cust];
		int		 esc;

		sat = rng_unit() < 0.85 ? rng_score() : 0;
		for (k = 0; k < 4; k++)
			sc[k] = rng_unit() < 0.8 ? rng_score() : 0;
		esc = sat > 0 && sat <= 2 && rng_unit() < 0.3;
		day_fmt(in[j].day, d1);
		bulk_int(&bi, g->id);
		if (g->contact && rng_unit() < 0.8)
			bulk_int(&bi, g->contact);
		else
			bulk_str(&bi, NULL);
		bulk_str(&bi, d1);
		/* Phone and WeChat are the common ways. */
		u = rng_unit();
		k = u < 0.4 ? 0 : u < 0.55 ? 1 : u < 0.7 ? 2 : rng_below(
		    (long long)methods.n);
		if (k >= (long long)methods.n)
			k = 0;
		bulk_str(&bi, methods.v[k][0]);
		bulk_str(&bi, PICK(summaries));
		if (sat)
			bulk_int(&bi, sat);
		else
			bulk_str(&bi, NULL);
		bulk_str(&bi, sat && sat <= 2 ? "希望尽快解决问题" :
		    PICK(comments));
		for (k = 0; k < 4; k++)
			if (sc[k])
				bulk_int(&bi, sc[k]);
			else
				bulk_str(&bi, NULL);
		bulk_str(&bi, owners.v[g->owner][0]);
		bulk_str(&bi, esc ? "已升级至主管跟进" : "");
		bulk_int(&bi, esc);
		bulk_str(&bi, owners.v[g->owner][0]);
		in[j].cust = -1 - in[j].cust;	/* mark: problem below */
		if (!(sat && sat <= 2 && rng_unit() < 0.2))
			in[j].cust = -1 - in[j].cust;
		if (!bulk_row(&bi) && j + 1 < nint)
			continue;
		if (bulk_flush(&bi) == -1)
			goto out;
		for (x = j - (j % GEN_BATCH); x <= j; x++) {
			if (in[x].cust >= 0)
				continue;
			in[x].cust = -1 - in[x].cust;
			g = &cu[in[x].cust];
			raised = (long long)in[x].day * 86400 + 2 * 3600;
			due = workday_add(raised, 1, site_tz_s);
			time_fmt(raised, t1);
			time_fmt(due, t2);
			/* Older problems have gone further round the loop. */
			k = today - in[x].day;
			fst = k > 30 ? 4 : k > 7 ? 3 : k > 2 ? 2 :
			    (int)rng_below(2);
			time_fmt(raised + 3600 * (1 + rng_below(30)), t3);
			time_fmt(raised + 86400 * (2 + rng_below(3)), t4);
			time_fmt(raised + 86400 * (6 + rng_below(1)), t5);
			bulk_int(&bf, bi.ids[x % GEN_BATCH]);
			bulk_int(&bf, g->id);
			bulk_str(&bf, PICK(problems));
			bulk_str(&bf, owners.v[g->owner][0]);
			bulk_str(&bf, t1);
			bulk_str(&bf, t2);
			bulk_str(&bf, fst >= 2 ? t3 : NULL);
			bulk_str(&bf, fst >= 3 ? t4 : NULL);
			bulk_int(&bf, fst >= 3 ? 1 + (rng_unit() < 0.1) : 0);
			bulk_str(&bf, fst >= 4 ? t5 : NULL);
			if (fst >= 4)
				bulk_int(&bf, 3 + rng_below(3));
			else
				bulk_str(&bf, NULL);
			bulk_str(&bf, fst >= 4 ? "confirmed" : fst == 3 ?
			    "resolved" : fst == 2 ? "responded" : "open");
			nfu++;
			if (bulk_row(&bf) && bulk_flush(&bf) == -1)
				goto out;
		}
		if (bulk_flush(&bf) == -1)
			goto out;
		if ((j + 1) % GEN_TX == 0 || j + 1 == nint) {
			if (sql_simple(my, "COMMIT") == -1 ||
			    sql_simple(my, "START TRANSACTION") == -1)
				goto out;
			printf("interactions: %lld / %lld (%lds)\n", j + 1,
			    nint, (long)(time(NULL) - start));
			fflush(stdout);
		}
	}
	if (sql_simple(my, "COMMIT") == -1)
		goto out;
	if (sql_simple(my, "START TRANSACTION") == -1 ||
	    sql_simple(my, "CALL customer_search_rebuild()") == -1 ||
	    sql_simple(my, "CALL kpi_day_rebuild()") == -1 ||
	    /* J: kpi_due's latest contacts (migration 0016) */
	    sql_simple(my, "CALL kpi_due_rebuild()") == -1 ||
	    sql_simple(my, "COMMIT") == -1)
		goto out;
	printf("generated %lld customers (%lld contacts), %lld interactions, "
	    "%lld follow-ups in %lds\n", bc.total, bk.total, bi.total, nfu,
	    (long)(time(NULL) - start));
	rc = 0;
	goto out;
dberr:
	fprintf(stderr, "manyi-ctl: generate: %s\n", db_error(c->db));
out:
	bulk_free(&bc);
	bulk_free(&bk);
	bulk_free(&bi);
	bulk_free(&bf);
	if (my != NULL)
		mysql_close(my);
	free(cu);
	free(cum);
	free(in);
	arena_free(a);
	return rc;
}
