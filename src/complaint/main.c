/*
 * manyi-complaint, mounted at /c/: public complaint intake and status.
 */
#include "config.h"

#include "core/app.h"

static int
page_home(struct http_req *r)
{
	return page_info(r, "complaint.home.title", "complaint/home.tpl");
}

static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0, NULL },
	{ HTTP_GET, "/healthz", app_healthz, 0, NULL },
	{ HTTP_POST, "/lang", app_lang, 0, NULL },
};

static const struct nav nav[] = {
	{ "/", "nav.complaint.home", NULL },
	{ NULL, NULL, NULL },
};

static const struct program program = {
	.name = "manyi-complaint",
	.conf_name = "complaint",
	.mount = "/c",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.nav = nav,
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
