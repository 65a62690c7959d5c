/*
 * manyi-survey, mounted at /s/: the public survey pages.
 */
#include "config.h"

#include "core/app.h"
#include "answer.h"

static int
page_home(struct http_req *r)
{
	return page_info(r, "survey.home.title", "survey/home.tpl");
}

/*
 * "/lang" and "/healthz" are not survey slugs: the other method on them
 * is 405, as the router answers where no slug route would match.
 */
static int
only_post(struct http_req *r)
{
	http_header(r, "Allow", "POST");
	return 405;
}

static int
only_get(struct http_req *r)
{
	http_header(r, "Allow", "GET, HEAD");
	return 405;
}

/* First match wins: the fixed paths come before a survey's slug. */
static const struct route routes[] = {
	{ HTTP_GET, "/", page_home, 0, NULL },
	{ HTTP_GET, "/healthz", app_healthz, 0, NULL },
	{ HTTP_POST, "/healthz", only_get, ROUTE_NOCSRF, NULL },
	{ HTTP_POST, "/lang", app_lang, 0, NULL },
	{ HTTP_GET, "/lang", only_post, 0, NULL },
	{ HTTP_GET, "/*", answer_get, ROUTE_DB, NULL },
	{ HTTP_POST, "/*", answer_post, ROUTE_DB, NULL },
	{ HTTP_GET, "/*/thanks", answer_thanks, ROUTE_DB, NULL },
};

static const struct nav nav[] = {
	{ "/", "nav.survey.home", NULL },
	{ NULL, NULL, NULL },
};

static const struct program program = {
	.name = "manyi-survey",
	.conf_name = "survey",
	.mount = "/s",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.nav = nav,
	.init = answer_init,
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
