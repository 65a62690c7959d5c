/*
 * manyi-admin, mounted at /admin/: the intranet management pages.
 * Every page but sign-in needs a session; each route names the
 * permission it needs, and roles grant permissions (as data).
 */
#include "config.h"

#include "core/app.h"
#include "core/auth.h"
#include "core/conf.h"
#include "admin.h"

static const struct route routes[] = {
	{ HTTP_GET, "/", admin_status, ROUTE_DB, "system.view" },
	{ HTTP_GET, "/healthz", app_healthz, 0, NULL },
	{ HTTP_POST, "/lang", app_lang, ROUTE_DB, NULL },
	{ HTTP_GET, "/login", admin_login_form, ROUTE_DB, NULL },
	{ HTTP_POST, "/login", admin_login, ROUTE_DB, NULL },
	{ HTTP_POST, "/logout", admin_logout, ROUTE_DB, PERM_ANY },
	{ HTTP_GET, "/password", admin_password_form, ROUTE_DB, PERM_ANY },
	{ HTTP_POST, "/password", admin_password, ROUTE_DB, PERM_ANY },
};

static const struct nav nav[] = {
	{ "/", "nav.admin.status", "system.view" },
	{ NULL, NULL, NULL },
};

/* The session of every ROUTE_DB request: 0, or 503 without the database. */
static int
authenticate(struct http_req *r)
{
	enum db_err	 e = session_load(r);

	return e == DB_OK ? 0 : db_status(e);
}

static int
init(const struct conf *c)
{
	auth_init(c);
	return 0;
}

static const struct program program = {
	.name = "manyi-admin",
	.conf_name = "admin",
	.mount = "/admin",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.nav = nav,
	.init = init,
	.authenticate = authenticate,
	.can = auth_can,
	.login_path = "/login",
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
