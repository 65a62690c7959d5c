/*
 * manyi-admin, mounted at /admin/: the intranet management pages.
 */
#include "config.h"

#include "core/app.h"
#include "admin.h"

static const struct route routes[] = {
	{ HTTP_GET, "/", admin_status, ROUTE_DB, NULL },
	{ HTTP_GET, "/healthz", app_healthz, 0, NULL },
	{ HTTP_POST, "/lang", app_lang, 0, NULL },
};

static const struct nav nav[] = {
	{ "/", "nav.admin.status" },
	{ NULL, NULL },
};

static const struct program program = {
	"manyi-admin", "admin", "/admin", routes,
	sizeof(routes) / sizeof(routes[0]), nav, NULL,
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
