/*
 * manyi-feed, mounted at /feed/: XML over HTTP for ERP and other systems.
 * GET /feed/ is the service document: what this server offers.  Calls
 * that change data are authenticated by an API key (api_client).
 */
#include "config.h"

#include <libxml/xmlwriter.h>

#include "core/app.h"
#include "core/db.h"
#include "feed.h"

enum stmt {
	STMT_SCHEMA,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_SCHEMA */
	"SELECT COALESCE(MAX(version), 0) FROM schema_migration",
};

static int
feed_service(struct http_req *r)
{
	struct db_rows		 rows;
	enum db_err		 e;
	xmlBufferPtr		 xb;
	xmlTextWriterPtr	 w;

	if ((e = db_query(r->db, r->a, &rows, stmts[STMT_SCHEMA], "")) !=
	    DB_OK)
		return db_status(e);
	if ((xb = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(xb, 0)) == NULL)
		arena_oom();
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "service");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
	    BAD_CAST "urn:manyi:feed:1");
	xmlTextWriterWriteAttribute(w, BAD_CAST "version",
	    BAD_CAST app_cfg.version);
	xmlTextWriterWriteAttribute(w, BAD_CAST "schema",
	    BAD_CAST (rows.n ? rows.v[0][0] : "0"));
	/* The calls, one element each. */
	xmlTextWriterStartElement(w, BAD_CAST "call");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "invitation");
	xmlTextWriterWriteAttribute(w, BAD_CAST "method", BAD_CAST "POST");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href",
	    BAD_CAST app_url(r, "/invitations"));
	xmlTextWriterWriteAttribute(w, BAD_CAST "auth", BAD_CAST "bearer");
	xmlTextWriterWriteAttribute(w, BAD_CAST "scope",
	    BAD_CAST "invitations");
	xmlTextWriterWriteAttribute(w, BAD_CAST "accepts",
	    BAD_CAST "application/x-www-form-urlencoded");
	xmlTextWriterWriteAttribute(w, BAD_CAST "params",
	    BAD_CAST "survey customer channel");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	buf_append(r->out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	r->ctype = "application/xml; charset=utf-8";
	return 200;
}

static const struct route routes[] = {
	{ HTTP_GET, "/", feed_service, ROUTE_DB, NULL },
	{ HTTP_GET, "/healthz", app_healthz, 0, NULL },
	/* invitations.c: authenticated by an API key, not a form token. */
	{ HTTP_POST, "/invitations", feed_invitation_new,
	    ROUTE_DB | ROUTE_NOCSRF, NULL },
};

static const struct program program = {
	.name = "manyi-feed",
	.conf_name = "feed",
	.mount = "/feed",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.error = feed_error,
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
