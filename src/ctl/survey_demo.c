/*
 * manyi-ctl survey-demo [--slug S] [--responses N] [--seed S]: the demo
 * survey (DOMAIN.md section 3, issue 5 "Demo data").  If no survey has
 * the slug (default "csat"), it creates one ACTIVE survey of exactly 10
 * questions (8 ratings across the six dimensions, 1 NPS, 1 long text),
 * then a year of invitations on mixed channels to the existing
 * customers and the responses to them, then runs the cleaning.
 *
 * The answers are generated, honestly: each customer's level is the
 * mean satisfaction of its recorded interactions blended with its
 * relationship health, each dimension has its own offset (after-sales
 * and response a little weaker, attitude and quality a little better)
 * and every answer has noise.  About 3% straight-line, 3% answer too
 * fast, a few open-link answers come twice from one address, a few are
 * typed in by staff after a visit or call, and six pilot answers come
 * before the activation.  Tokens of the generated invitations are random
 * and thrown away (only their hash is stored, as for real ones), so no
 * demo link can be used.  With --responses N the invitations go on until
 * N responses exist (for measurements on larger data).
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/db.h"
#include "core/survey_clean.h"
#include "ctl.h"
#include "rng.h"

#define DEMO_TX		1000	/* responses per transaction */
#define YEAR_S		(365LL * 86400)
#define NQ		10

enum stmt {
	STMT_EXISTS,
	STMT_ADMIN,
	STMT_STAFF,
	STMT_CUSTOMERS,
	STMT_SURVEY,
	STMT_QUESTION,
	STMT_INVITATION,
	STMT_RESPONSE,
	STMT_ANSWER,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_EXISTS */
	"SELECT id FROM survey WHERE slug = ?",
	/* STMT_ADMIN: the demo administrator, else the first user. */
	"SELECT id FROM `user` ORDER BY login <> 'admin', id LIMIT 1",
	/* STMT_STAFF: who types in offline answers. */
	"SELECT id FROM `user` WHERE active = 1 ORDER BY id",
	/* STMT_CUSTOMERS: level inputs and the primary contact. */
	"SELECT c.id, c.health, (SELECT AVG(i.satisfaction) FROM interaction i "
	"WHERE i.customer_id = c.id), (SELECT MIN(k.id) FROM customer_contact "
	"k WHERE k.customer_id = c.id AND k.is_primary = 1) "
	"FROM customer c ORDER BY c.id",
	/* STMT_SURVEY */
	"INSERT INTO survey (slug, status, title_zh, title_en, intro_zh, "
	"intro_en, thanks_zh, thanks_en, goal, opens_on, owner_id, "
	"min_seconds, created_by, created_at, activated_at) VALUES (?, "
	"'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, 30, ?, ?, ?)",
	/* STMT_QUESTION */
	"INSERT INTO survey_question (survey_id, position, kind, required, "
	"dimension, text_zh, text_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* STMT_INVITATION: the token hash is of a random, forgotten token. */
	"INSERT INTO survey_invitation (survey_id, customer_id, contact_id, "
	"channel, token_hash, pilot, created_by, created_at, used_at) VALUES "
	"(?, ?, ?, ?, UNHEX(SHA2(?, 256)), ?, ?, ?, ?)",
	/* STMT_RESPONSE */
	"INSERT INTO survey_response (survey_id, survey_version, "
	"invitation_id, customer_id, channel, pilot, lang, started_at, "
	"submitted_at, duration_s, addr_hash, entered_by) VALUES (?, 1, ?, ?, "
	"?, ?, ?, ?, ?, ?, UNHEX(?), ?)",
	/* STMT_ANSWER */
	"INSERT INTO survey_answer (response_id, question_id, num, text) "
	"VALUES (?, ?, ?, ?)",
};

/* The ten questions: kind, dimension, offset of the dimension, text. */
struct demo_q {
	const char	*kind;
	const char	*dim;
	double		 offset;
	const char	*zh;
	const char	*en;
};

static const struct demo_q questions[NQ] = {
	{ "rating", "quality", 0.25, "您对我们产品的质量是否满意？",
	    "How satisfied are you with the quality of our products?" },
	{ "rating", "quality", 0.1, "产品运行的稳定性和可靠性如何？",
	    "How stable and reliable are the products in use?" },
	{ "rating", "response", -0.3, "我们响应您需求的速度如何？",
	    "How quickly do we respond to your requests?" },
	{ "rating", "aftersales", -0.45, "售后支持解决问题的效果如何？",
	    "How well does after-sales support solve your problems?" },
	{ "rating", "value", -0.1, "您认为我们的产品和服务性价比如何？",
	    "How do you rate the value for money of our products and "
	    "services?" },
	{ "rating", "attitude", 0.35, "服务人员的态度是否让您满意？",
	    "How satisfied are you with our staff's attitude?" },
	{ "rating", "efficiency", 0.0, "办理业务的效率如何？",
	    "How efficient is doing business with us?" },
	{ "rating", "aftersales", -0.35, "维修、退换货流程是否顺畅？",
	    "How smooth are repairs, returns and exchanges?" },
	{ "nps", NULL, 0, "您有多大可能向朋友或同事推荐我们？",
	    "How likely are you to recommend us to a friend or colleague?" },
	{ "long", NULL, 0, "您还有什么意见或建议？",
	    "Any other comments or suggestions?" },
};

static const char *const praise[] = {
	"服务很及时，工程师很专业，谢谢！", "整体很满意，希望继续保持。",
	"产品质量稳定，用了一年没出过问题。", "客户经理很负责，有问题随叫随到。",
	"性价比不错，会继续合作。", "Great service, keep it up.",
	"培训很有帮助，同事们都很快上手了。",
};
static const char *const neutral[] = {
	"总体还可以，售后响应可以再快一些。", "希望增加更多培训资料。",
	"价格略高，希望有更多优惠。", "系统偶尔有点慢，其他都还好。",
	"希望退换货流程能简化一点。", "Support is fine but could be faster.",
};
static const char *const complaints[] = {
	"售后响应太慢，问题拖了两周才解决。", "报修后一直没人联系，很失望。",
	"产品故障较多，希望提高质量。", "价格涨了但服务没有改善。",
	"退换货手续太繁琐，来回跑了好几趟。",
	"After-sales took far too long to fix our issue.",
};

static const char *const channels[] = {
	"crm", "crm", "crm", "email", "email", "sms", "sms", "app", "social",
	"offline",
};
static const char *const staff_channels[] = { "visit", "phone", "event" };

/* ----------------------------------------------------------- randomness */

static void
rng_hex(char *out, size_t bytes)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < bytes; i++) {
		unsigned int	 b = (unsigned int)rng_below(256);

		out[2 * i] = hex[b >> 4];
		out[2 * i + 1] = hex[b & 15];
	}
	out[2 * bytes] = '\0';
}

/* A nullable id as a bound string: NULL for 0. */
static const char *
nid(char buf[24], long long v)
{
	if (v == 0)
		return NULL;
	snprintf(buf, 24, "%lld", v);
	return buf;
}

static int
clampi(long v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : (int)v;
}

/* A UTC time as "YYYY-MM-DD HH:MM:SS" in buf. */
static const char *
stamp(char buf[20], time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

/* ------------------------------------------------------------- writing */

struct cust {
	long long	 id;
	long long	 contact;	/* 0: none */
	double		 level;		/* 1-5 */
};

struct demo {
	struct db	*db;
	long long	 survey, admin;
	long long	 q[NQ];
	long long	*staff;
	size_t		 nstaff;
	struct cust	*c;
	size_t		 nc;
	long long	 want;		/* responses wanted, 0: natural */
	const char	*slug;
	struct arena	*a;
	long long	 made, invited;
	time_t		 now;
};

/* The level of a customer: interactions' satisfaction and health. */
static double
cust_level(const char *health, const char *sat)
{
	double	 s = sat ? strtod(sat, NULL) : 3.9;
	double	 h = health ? 1 + 4 * strtod(health, NULL) / 100 : 3.9;

	return 0.6 * s + 0.4 * h + 0.15;
}

enum kind { K_NORMAL, K_STRAIGHT, K_FAST };

/* One response with its answers; addr: 32 hex digits or NULL. */
static enum db_err
respond(struct demo *d, long long inv, const struct cust *c,
    const char *channel, int pilot, time_t at, const char *addr,
    long long entered_by)
{
	char			 b1[20], b2[20], n1[24], n2[24], n3[24];
	char			 n4[24], nv[12];
	unsigned long long	 rid;
	enum kind		 k = K_NORMAL;
	double			 u = rng_unit(), mood, lv;
	long long		 dur;
	int			 i, v, same = 0;
	enum db_err		 e;

	lv = c ? c->level : 3.6 + rng_normal() * 0.6;
	if (u < 0.03)
		k = K_STRAIGHT;
	else if (u < 0.06 && entered_by == 0)
		k = K_FAST;
	dur = k == K_FAST ? 6 + rng_below(20) : 70 + rng_below(360);
	if (k == K_STRAIGHT)
		same = rng_unit() < 0.6 ? 5 : 1 + (int)rng_below(4);
	if ((e = db_exec(d->db, NULL, &rid, stmts[STMT_RESPONSE],
	    "isssissssss", d->survey, nid(n1, inv), nid(n2, c ? c->id : 0),
	    channel, (long long)pilot, rng_unit() < 0.12 ? "en" : "zh-CN",
	    entered_by ? NULL : stamp(b1, at - dur), stamp(b2, at),
	    entered_by ? NULL : nid(n4, dur), addr,
	    nid(n3, entered_by))) != DB_OK)
		return e;
	mood = 0;
	for (i = 0; i < NQ; i++) {
		const struct demo_q	*q = &questions[i];
		const char		*text = NULL;

		if (strcmp(q->kind, "rating") == 0) {
			v = k == K_STRAIGHT ? same : clampi(lround(lv +
			    q->offset + rng_normal() * 0.75), 1, 5);
			mood += v;
		} else if (strcmp(q->kind, "nps") == 0) {
			v = k == K_STRAIGHT ? (same == 5 ? 10 : same * 2) :
			    clampi(lround((mood / 8 - 1) * 2.5 + 0.3 +
			    rng_normal() * 1.3), 0, 10);
		} else {
			/* About a third leave a comment. */
			if (k != K_NORMAL || rng_unit() > 0.35)
				continue;
			v = 0;
			text = mood / 8 >= 4.2 ? PICK(praise) : mood / 8 >=
			    3.2 ? PICK(neutral) : PICK(complaints);
		}
		snprintf(nv, sizeof(nv), "%d", v);
		if ((e = db_exec(d->db, NULL, NULL, stmts[STMT_ANSWER], "iiss",
		    (long long)rid, d->q[i], text ? NULL : nv, text)) != DB_OK)
			return e;
	}
	d->made++;
	return DB_OK;
}

/* The pilot's six answers, a week before the activation. */
static enum db_err
pilot(struct demo *d)
{
	char			 tok[65], b1[20], b2[20], addr[33], n1[24];
	unsigned long long	 inv;
	time_t			 at;
	size_t			 i;
	enum db_err		 e;

	for (i = 0; i < 6 && i < d->nc; i++) {
		at = d->now - YEAR_S - 7 * 86400 + (time_t)rng_below(5 * 86400);
		rng_hex(tok, 32);
		rng_hex(addr, 16);
		if ((e = db_exec(d->db, NULL, &inv, stmts[STMT_INVITATION],
		    "iisssiiss", d->survey, d->c[i].id, nid(n1, d->c[i].contact),
		    "email", tok, (long long)1, d->admin, stamp(b1, at - 86400),
		    stamp(b2, at))) != DB_OK ||
		    (e = respond(d, (long long)inv, &d->c[i], "email", 1, at,
		    addr, 0)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/*
 * One batch of the year: for each customer in turn, an invitation
 * at a random time; about 60% answer within three days (never in the
 * future).  Every tenth round also adds open-link answers and staff
 * entries.
 */
static enum db_err
year_batch(struct demo *d, size_t *next, long long limit)
{
	char			 tok[65], b1[20], b2[20], addr[33], n1[24];
	unsigned long long	 inv;
	const struct cust	*c;
	const char		*ch;
	long long		 start = d->made, age, delay;
	time_t			 at;
	enum db_err		 e;

	while (d->made - start < limit) {
		if (d->want == 0 && *next >= 2 * d->nc)
			break;
		if (d->want > 0 && d->made >= d->want)
			break;
		c = &d->c[*next % d->nc];
		(*next)++;
		age = rng_below(YEAR_S - 3600);
		at = d->now - (time_t)age;
		ch = PICK(channels);
		rng_hex(tok, 32);
		delay = 600 + rng_below(3 * 86400);
		if (rng_unit() < 0.6 && delay < age) {
			if ((e = db_exec(d->db, NULL, &inv,
			    stmts[STMT_INVITATION], "iisssiiss", d->survey,
			    c->id, nid(n1, c->contact), ch, tok, (long long)0,
			    d->admin, stamp(b1, at),
			    stamp(b2, at + (time_t)delay))) != DB_OK)
				return e;
			rng_hex(addr, 16);
			if ((e = respond(d, (long long)inv, c, ch, 0,
			    at + (time_t)delay, addr, 0)) != DB_OK)
				return e;
		} else if ((e = db_exec(d->db, NULL, &inv,
		    stmts[STMT_INVITATION], "iisssiiss", d->survey, c->id,
		    nid(n1, c->contact), ch, tok, (long long)0, d->admin,
		    stamp(b1, at), NULL)) != DB_OK)
			return e;
		d->invited++;
		if (*next % 10 != 0)
			continue;
		/* An open-link answer; one in four sent twice within hours. */
		rng_hex(addr, 16);
		at = d->now - (time_t)rng_below(YEAR_S - 86400);
		if ((e = respond(d, 0, NULL, "link", 0, at, addr, 0)) != DB_OK)
			return e;
		if (rng_unit() < 0.25 && (e = respond(d, 0, NULL, "link", 0,
		    at + 600 + (time_t)rng_below(6 * 3600), addr, 0)) != DB_OK)
			return e;
		/* A visit, call or event typed in by staff. */
		if (d->nstaff > 0 && (e = respond(d, 0, c, PICK(staff_channels),
		    0, d->now - (time_t)rng_below(YEAR_S - 3600), NULL,
		    d->staff[rng_below((long long)d->nstaff)])) != DB_OK)
			return e;
	}
	return DB_OK;
}

struct batch_tx {
	struct demo	*d;
	size_t		 next, saved_next;
	long long	 saved_made, saved_invited;
	uint64_t	 saved_rng;
};

static enum db_err
batch_write(struct db *db, void *arg)
{
	struct batch_tx	*t = arg;

	/* A retried transaction starts from the same state. */
	t->next = t->saved_next;
	t->d->made = t->saved_made;
	t->d->invited = t->saved_invited;
	rng_state = t->saved_rng;
	return year_batch(t->d, &t->next, DEMO_TX);
}

static enum db_err
survey_write(struct db *db, void *arg)
{
	struct demo	*d = arg;
	char		 b1[20], b2[20], day[11];
	unsigned long long id;
	time_t		 opened = d->now - YEAR_S;
	struct tm	 tm;
	int		 i;
	enum db_err	 e;

	gmtime_r(&opened, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if ((e = db_exec(db, NULL, &id, stmts[STMT_SURVEY], "sssssssssiiss",
	    d->slug, strcmp(d->slug, "csat") == 0 ? "客户满意度调查 2026" :
	    arena_printf(d->a, "客户满意度调查 2026（%s）", d->slug),
	    strcmp(d->slug, "csat") == 0 ? "Customer satisfaction survey 2026" :
	    arena_printf(d->a, "Customer satisfaction survey 2026 (%s)",
	    d->slug),
	    "感谢您选择我们。这份问卷约需 3 分钟，您的意见将帮助我们改进产品"
	    "和服务。", "Thank you for choosing us. This survey takes about "
	    "3 minutes; your answers help us improve our products and "
	    "services.", "感谢您的宝贵意见！", "Thank you for your feedback!",
	    "了解客户对产品和服务各方面的满意度，找出需要改进的环节。",
	    day, d->admin, d->admin, stamp(b1, opened - 14 * 86400),
	    stamp(b2, opened))) != DB_OK)
		return e;
	d->survey = (long long)id;
	for (i = 0; i < NQ; i++) {
		const struct demo_q *q = &questions[i];

		if ((e = db_exec(db, NULL, &id, stmts[STMT_QUESTION],
		    "iisisss", d->survey, (long long)(i + 1), q->kind,
		    strcmp(q->kind, "long") == 0 ? (long long)0 : (long long)1,
		    q->dim, q->zh, q->en)) != DB_OK)
			return e;
		d->q[i] = (long long)id;
	}
	return pilot(d);
}

struct clean_one {
	long long		 survey;
	struct clean_stats	 st;
};

static enum db_err
clean_write(struct db *db, void *arg)
{
	struct clean_one	*t = arg;

	return survey_clean(db, t->survey, &t->st);
}

int
ctl_survey_demo(struct ctl *c, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "slug", required_argument, NULL, 'l' },
		{ "responses", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct arena		*a = arena_new();
	struct db_rows		 rows;
	struct demo		 d;
	struct batch_tx		 t;
	struct clean_one	 cl;
	const char		*slug = "csat";
	long long		 seed = 2026;
	size_t			 i;
	int			 ch, rc = 1;
	enum db_err		 e;

	memset(&d, 0, sizeof(d));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "l:n:s:", opts, NULL)) != -1)
		switch (ch) {
		case 'l':
			slug = optarg;
			break;
		case 'n':
			d.want = atoll(optarg);
			break;
		case 's':
			seed = atoll(optarg);
			break;
		default:
			fprintf(stderr, "usage: manyi-ctl survey-demo [--slug S] "
			    "[--responses N] [--seed S]\n");
			arena_free(a);
			return 2;
		}
	if (d.want < 0 || strlen(slug) == 0 || strlen(slug) > 40) {
		fprintf(stderr, "manyi-ctl: survey-demo: bad arguments\n");
		arena_free(a);
		return 2;
	}
	rng_seed(seed);
	d.db = c->db;
	d.now = time(NULL);
	if ((e = db_query(c->db, a, &rows, stmts[STMT_EXISTS], "s", slug)) !=
	    DB_OK)
		goto fail;
	if (rows.n > 0) {
		printf("survey-demo: survey %s exists already (id %s)\n", slug,
		    rows.v[0][0]);
		arena_free(a);
		return 0;
	}
	if ((e = db_query(c->db, a, &rows, stmts[STMT_ADMIN], "")) != DB_OK)
		goto fail;
	if (rows.n == 0) {
		fprintf(stderr, "manyi-ctl: survey-demo: no user yet\n");
		goto out;
	}
	d.admin = db_int(rows.v[0][0]);
	if ((e = db_query(c->db, a, &rows, stmts[STMT_STAFF], "")) != DB_OK)
		goto fail;
	d.nstaff = rows.n;
	d.staff = arena_calloc(a, rows.n + 1, sizeof(long long));
	for (i = 0; i < rows.n; i++)
		d.staff[i] = db_int(rows.v[i][0]);
	if ((e = db_query(c->db, a, &rows, stmts[STMT_CUSTOMERS], "")) !=
	    DB_OK)
		goto fail;
	if (rows.n == 0) {
		fprintf(stderr, "manyi-ctl: survey-demo: no customers yet "
		    "(run manyi-ctl generate first)\n");
		goto out;
	}
	d.nc = rows.n;
	d.c = arena_calloc(a, rows.n, sizeof(struct cust));
	for (i = 0; i < rows.n; i++) {
		d.c[i].id = db_int(rows.v[i][0]);
		d.c[i].level = cust_level(rows.v[i][1], rows.v[i][2]);
		d.c[i].contact = rows.v[i][3] ? db_int(rows.v[i][3]) : 0;
	}
	/* Customers in a random order, so batches mix them. */
	for (i = d.nc - 1; i > 0; i--) {
		size_t		 j = (size_t)rng_below((long long)i + 1);
		struct cust	 tmp = d.c[i];

		d.c[i] = d.c[j];
		d.c[j] = tmp;
	}
	d.slug = slug;
	d.a = a;
	if ((e = db_tx(c->db, survey_write, &d)) != DB_OK)
		goto fail;
	memset(&t, 0, sizeof(t));
	t.d = &d;
	for (;;) {
		t.saved_next = t.next;
		t.saved_made = d.made;
		t.saved_invited = d.invited;
		t.saved_rng = rng_state;
		if ((e = db_tx(c->db, batch_write, &t)) != DB_OK)
			goto fail;
		if (d.made == t.saved_made && t.next == t.saved_next)
			break;
	}
	cl.survey = d.survey;
	if ((e = db_tx(c->db, clean_write, &cl)) != DB_OK)
		goto fail;
	printf("survey-demo: survey %s (id %lld): %lld invitations, %lld "
	    "responses; cleaning marked %lld duplicate, %lld fast, %lld "
	    "straight-lined\n", slug, d.survey, d.invited + 6, d.made,
	    cl.st.marked[CLEAN_DUPLICATE], cl.st.marked[CLEAN_FAST],
	    cl.st.marked[CLEAN_STRAIGHT]);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "manyi-ctl: survey-demo: %s\n", db_error(c->db));
out:
	arena_free(a);
	return rc;
}
