/*
 * POST /feed/invitations: a CRM that has just completed a service asks
 * for a one-time survey link for the customer.  The caller shows an API
 * key (Authorization: Bearer KEY, made by "manyi-ctl apikey add"); the
 * client is found by the key's SHA-256, so the key itself is never
 * compared or stored.  The body is a form: survey=<slug>,
 * customer=<customer code>, channel=<code> (default crm).  The answer is
 * XML: the invitation with its link (201), or an error with a code
 * element (400, 401, 403, 404, 409, 422).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

#include "core/app.h"
#include "core/auth.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/invite.h"
#include "core/valid.h"
#include "feed.h"

#define FEED_NS		"urn:manyi:feed:1"
#define SCOPE		"invitations"

enum stmt {
	STMT_CLIENT,
	STMT_CLIENT_USED,
	STMT_SURVEY,
	STMT_CHANNEL,
	STMT_CUSTOMER,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_CLIENT */
	"SELECT id, name, scope, active FROM api_client WHERE key_hash = ?",
	/* STMT_CLIENT_USED */
	"UPDATE api_client SET last_used_at = NOW() WHERE id = ?",
	/* STMT_SURVEY: shared lock, so the status cannot change before
	 * the invitation is stored. */
	"SELECT id, status FROM survey WHERE slug = ? LOCK IN SHARE MODE",
	/* STMT_CHANNEL */
	"SELECT code FROM survey_channel WHERE code = ? AND invite = 1",
	/* STMT_CUSTOMER: the customer and its main contact. */
	"SELECT c.id, (SELECT k.id FROM customer_contact k "
	"WHERE k.customer_id = c.id ORDER BY k.is_primary DESC, k.id LIMIT 1) "
	"FROM customer c WHERE c.code = ?",
};

enum fld {
	F_SURVEY,
	F_CUSTOMER,
	F_CHANNEL,
	F__MAX
};

static const struct field fields[F__MAX] = {
	/* F_SURVEY */
	{ "survey", valid_text, 1, 1, 40, NULL },
	/* F_CUSTOMER */
	{ "customer", valid_text, 1, 1, 20, NULL },
	/* F_CHANNEL */
	{ "channel", valid_text, 0, 1, 20, NULL },
};

/* One call's work, inside its transaction. */
struct call {
	struct http_req	*r;
	long long	 client_id;
	const char	*client;
	const char	*slug;
	const char	*code;
	const char	*channel;
	char		 token[INVITE_TOKEN_LEN + 1];
	unsigned long long id;
	int		 fail;		/* HTTP status of a refusal, 0: none */
	const char	*why;		/* its error code */
};

static xmlTextWriterPtr
xml_start(xmlBufferPtr *xb)
{
	xmlTextWriterPtr	 w;

	if ((*xb = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(*xb, 0)) == NULL)
		arena_oom();
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	return w;
}

static int
xml_end(struct http_req *r, xmlTextWriterPtr w, xmlBufferPtr xb, int st)
{
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	http_body_reset(r);
	buf_append(r->out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	r->ctype = "application/xml; charset=utf-8";
	return st;
}

/* <error status><code/>[<field/>]<message/></error> */
static int
error_xml(struct http_req *r, int st, const char *code, const char *field,
    const char *message)
{
	xmlBufferPtr		 xb;
	xmlTextWriterPtr	 w = xml_start(&xb);

	xmlTextWriterStartElement(w, BAD_CAST "error");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST FEED_NS);
	xmlTextWriterWriteAttribute(w, BAD_CAST "status",
	    BAD_CAST arena_printf(r->a, "%d", st));
	xmlTextWriterWriteElement(w, BAD_CAST "code", BAD_CAST code);
	if (field != NULL)
		xmlTextWriterWriteElement(w, BAD_CAST "field", BAD_CAST field);
	xmlTextWriterWriteElement(w, BAD_CAST "message", BAD_CAST message);
	xmlTextWriterEndElement(w);
	return xml_end(r, w, xb, st);
}

/* The call's own refusals: code why, message sv.invite.api.<why>. */
static int
xml_error(struct http_req *r, int st, const char *why, const char *field)
{
	return error_xml(r, st, why, field,
	    msg(r, arena_printf(r->a, "sv.invite.api.%s", why)));
}

/*
 * Every other error of the feed (unknown path 404, wrong method 405,
 * a body that is not a form 415, too large 413, ...) in the same XML
 * shape: the code "http_<status>" and the message of the error pages.
 */
int
feed_error(struct http_req *r, int st)
{
	char	 k[32];

	snprintf(k, sizeof(k), "error.%d", st);
	if (st == 503)
		http_header(r, "Retry-After", "2");
	return error_xml(r, st, arena_printf(r->a, "http_%d", st), NULL,
	    msg(r, i18n_has(r->lang, k) ? k : "error.other"));
}

static int
unauthorized(struct http_req *r, const char *why)
{
	http_header(r, "WWW-Authenticate", strcmp(why, "no_key") == 0 ?
	    "Bearer realm=\"manyi-feed\"" :
	    "Bearer realm=\"manyi-feed\", error=\"invalid_token\"");
	return xml_error(r, 401, why, NULL);
}

/* Does a space-separated scope list hold s? */
static int
scope_has(const char *list, const char *s)
{
	size_t	 n = strlen(s), k;

	while (list != NULL && *list != '\0') {
		list += strspn(list, " ");
		k = strcspn(list, " ");
		if (k == n && strncmp(list, s, n) == 0)
			return 1;
		list += k;
	}
	return 0;
}

static enum db_err
call_tx(struct db *db, void *arg)
{
	struct call		*c = arg;
	struct http_req		*r = c->r;
	struct db_rows		 rows;
	struct invite_row	 row;
	struct json		*j;
	long long		 survey_id;
	enum db_err		 e;

	c->fail = 0;
	if ((e = db_query(db, r->a, &rows, stmts[STMT_SURVEY], "s",
	    c->slug)) != DB_OK)
		return e;
	if (rows.n == 0) {
		c->fail = 404;
		c->why = "unknown_survey";
		return DB_ERROR;
	}
	survey_id = db_int(rows.v[0][0]);
	/* A pilot goes to a chosen list only (the staff page): a CRM
	 * creates invitations of active surveys. */
	if (strcmp(rows.v[0][1], "active") != 0) {
		c->fail = 409;
		c->why = "survey_not_active";
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CHANNEL], "s",
	    c->channel)) != DB_OK)
		return e;
	if (rows.n == 0) {
		c->fail = 422;
		c->why = "unknown_channel";
		return DB_ERROR;
	}
	if ((e = db_query(db, r->a, &rows, stmts[STMT_CUSTOMER], "s",
	    c->code)) != DB_OK)
		return e;
	if (rows.n == 0) {
		c->fail = 422;
		c->why = "unknown_customer";
		return DB_ERROR;
	}
	memset(&row, 0, sizeof(row));
	row.customer_id = db_int(rows.v[0][0]);
	row.contact_id = db_int(rows.v[0][1]);
	invite_token(c->token, row.hash);
	if ((e = invite_store(db, r->a, survey_id, c->channel, 0, 0, &row, 1,
	    &c->id)) != DB_OK)
		return e;
	if ((e = db_exec(db, NULL, NULL, stmts[STMT_CLIENT_USED], "i",
	    c->client_id)) != DB_OK)
		return e;
	/* The audit row names the client; the token never goes there. */
	j = json_new(r->a);
	json_int(j, "survey_id", survey_id);
	json_str(j, "survey", c->slug);
	json_str(j, "customer", c->code);
	json_str(j, "channel", c->channel);
	json_int(j, "count", 1);
	return audit_write(db, r, arena_printf(r->a, "api:%s", c->client),
	    "survey_invitation", (long long)c->id, "create", NULL,
	    json_end(j));
}

int
feed_invitation_new(struct http_req *r)
{
	struct fieldval		 v[F__MAX];
	struct db_rows		 rows;
	struct call		 c;
	xmlBufferPtr		 xb;
	xmlTextWriterPtr	 w;
	const char		*auth, *key;
	char			 h[65];
	size_t			 i;
	enum db_err		 e;

	auth = r->io->param(r->io->ctx, "HTTP_AUTHORIZATION");
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0)
		return unauthorized(r, "no_key");
	key = auth + 7;
	key += strspn(key, " ");
	if (*key == '\0' || strlen(key) > 200)
		return unauthorized(r, "bad_key");
	auth_sha256_hex(key, h);
	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_CLIENT], "s", h)) !=
	    DB_OK)
		return xml_error(r, db_status(e), "unavailable", NULL);
	if (rows.n == 0)
		return unauthorized(r, "bad_key");
	if (strcmp(rows.v[0][3], "1") != 0)
		return unauthorized(r, "key_disabled");
	if (!scope_has(rows.v[0][2], SCOPE))
		return xml_error(r, 403, "scope", NULL);
	r->user = rows.v[0][1];

	if (valid_form(&r->form, fields, F__MAX, v) != 0) {
		for (i = 0; i < F__MAX; i++)
			if (v[i].err != NULL)
				break;
		return xml_error(r, v[i].raw == NULL || *v[i].raw == '\0' ?
		    400 : 422, v[i].raw == NULL || *v[i].raw == '\0' ?
		    "missing_field" : "bad_field", fields[i].name);
	}
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.client_id = db_int(rows.v[0][0]);
	c.client = rows.v[0][1];
	c.slug = v[F_SURVEY].str;
	c.code = v[F_CUSTOMER].str;
	c.channel = v[F_CHANNEL].str != NULL ? v[F_CHANNEL].str : "crm";
	e = db_tx(r->db, call_tx, &c);
	if (c.fail != 0)
		return xml_error(r, c.fail, c.why, NULL);
	if (e != DB_OK)
		return xml_error(r, db_status(e), "unavailable", NULL);

	w = xml_start(&xb);
	xmlTextWriterStartElement(w, BAD_CAST "invitation");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST FEED_NS);
	xmlTextWriterWriteAttribute(w, BAD_CAST "id",
	    BAD_CAST arena_printf(r->a, "%llu", c.id));
	xmlTextWriterWriteElement(w, BAD_CAST "survey", BAD_CAST c.slug);
	xmlTextWriterWriteElement(w, BAD_CAST "customer", BAD_CAST c.code);
	xmlTextWriterWriteElement(w, BAD_CAST "channel", BAD_CAST c.channel);
	xmlTextWriterWriteElement(w, BAD_CAST "link",
	    BAD_CAST invite_link(r->a, invite_base(r), c.slug, c.token));
	xmlTextWriterEndElement(w);
	memset(c.token, 0, sizeof(c.token));
	return xml_end(r, w, xb, 201);
}
