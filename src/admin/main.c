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
	/* users.c: "/users/new" comes first, or the pattern with * takes it. */
	{ HTTP_GET, "/users", admin_users, ROUTE_DB, "users.view" },
	{ HTTP_GET, "/users/new", admin_user_new_form, ROUTE_DB,
	    "users.manage" },
	{ HTTP_POST, "/users/new", admin_user_new, ROUTE_DB, "users.manage" },
	{ HTTP_GET, "/users/*", admin_user_edit_form, ROUTE_DB,
	    "users.manage" },
	{ HTTP_POST, "/users/*", admin_user_edit, ROUTE_DB, "users.manage" },
	{ HTTP_POST, "/users/*/password", admin_user_password, ROUTE_DB,
	    "users.manage" },
	{ HTTP_GET, "/users/*/deactivate", admin_user_deactivate_form,
	    ROUTE_DB, "users.manage" },
	{ HTTP_POST, "/users/*/deactivate", admin_user_deactivate, ROUTE_DB,
	    "users.manage" },
	{ HTTP_POST, "/users/*/activate", admin_user_activate, ROUTE_DB,
	    "users.manage" },
	/* roles.c */
	{ HTTP_GET, "/roles", admin_roles, ROUTE_DB, "roles.manage" },
	{ HTTP_POST, "/roles", admin_roles_save, ROUTE_DB, "roles.manage" },
	/* departments.c */
	{ HTTP_GET, "/departments", admin_departments, ROUTE_DB,
	    "departments.manage" },
	{ HTTP_POST, "/departments/new", admin_department_new, ROUTE_DB,
	    "departments.manage" },
	{ HTTP_POST, "/departments/*", admin_department_save, ROUTE_DB,
	    "departments.manage" },
	/* audit.c */
	{ HTTP_GET, "/audit", admin_audit, ROUTE_DB, "audit.view" },
	/* interactions.c */
	{ HTTP_GET, "/customers/*/interactions/new",
	    admin_interaction_new_form, ROUTE_DB, "interactions.record" },
	{ HTTP_POST, "/customers/*/interactions/new", admin_interaction_new,
	    ROUTE_DB, "interactions.record" },
	{ HTTP_GET, "/followups", admin_followups, ROUTE_DB,
	    "interactions.record" },
	{ HTTP_POST, "/followups/*/respond", admin_followup_respond, ROUTE_DB,
	    "interactions.record" },
	{ HTTP_POST, "/followups/*/resolve", admin_followup_resolve, ROUTE_DB,
	    "interactions.record" },
	{ HTTP_POST, "/followups/*/confirm", admin_followup_confirm, ROUTE_DB,
	    "interactions.record" },
	{ HTTP_GET, "/mywork", admin_mywork, ROUTE_DB, "interactions.record" },
	{ HTTP_GET, "/monitor", admin_monitor, ROUTE_DB, "customers.view" },
	{ HTTP_GET, "/monitor.csv", admin_monitor_csv, ROUTE_DB,
	    "customers.export" },
	/* segments.c: anyone who reads KPIs sees the tiers; editing them
	 * needs segments.manage. */
	{ HTTP_GET, "/segments", admin_segments, ROUTE_DB, "kpi.view" },
	{ HTTP_POST, "/segments", admin_segments_save, ROUTE_DB,
	    "segments.manage" },
	/* kpi.c */
	{ HTTP_GET, "/kpi", admin_kpi, ROUTE_DB, "kpi.view" },
	/* customers.c, customer_import.c: fixed paths before "*". */
	{ HTTP_GET, "/customers", admin_customers, ROUTE_DB, "customers.view" },
	{ HTTP_GET, "/customers/export.csv", admin_customer_export, ROUTE_DB,
	    "customers.export" },
	{ HTTP_GET, "/customers/new", admin_customer_new_form, ROUTE_DB,
	    "customers.manage" },
	{ HTTP_POST, "/customers/new", admin_customer_new, ROUTE_DB,
	    "customers.manage" },
	{ HTTP_GET, "/customers/import", admin_customer_import_form, ROUTE_DB,
	    "customers.import" },
	{ HTTP_POST, "/customers/import", admin_customer_import,
	    ROUTE_DB | ROUTE_UPLOAD, "customers.import" },
	{ HTTP_POST, "/customers/import/confirm", admin_customer_import_confirm,
	    ROUTE_DB, "customers.import" },
	/* A: the staged import preview, paged. */
	{ HTTP_GET, "/customers/import/*", admin_customer_import_batch,
	    ROUTE_DB, "customers.import" },
	{ HTTP_GET, "/customers/*", admin_customer_view, ROUTE_DB,
	    "customers.view" },
	{ HTTP_GET, "/customers/*/edit", admin_customer_edit_form, ROUTE_DB,
	    "customers.manage" },
	{ HTTP_POST, "/customers/*/edit", admin_customer_edit, ROUTE_DB,
	    "customers.manage" },
	{ HTTP_POST, "/customers/*/review", admin_customer_review, ROUTE_DB,
	    "customers.manage" },
	/* surveys.c, survey_questions.c (survey design): fixed paths
	 * before "*". */
	{ HTTP_GET, "/surveys", admin_surveys, ROUTE_DB, "surveys.view" },
	{ HTTP_GET, "/surveys/new", admin_survey_new_form, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_POST, "/surveys/new", admin_survey_new, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_GET, "/surveys/*", admin_survey_view, ROUTE_DB, "surveys.view" },
	{ HTTP_GET, "/surveys/*/edit", admin_survey_edit_form, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_POST, "/surveys/*/edit", admin_survey_edit, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_POST, "/surveys/*/status", admin_survey_status, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_POST, "/surveys/*/copy", admin_survey_copy, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_GET, "/surveys/*/preview", admin_survey_preview, ROUTE_DB,
	    "surveys.view" },
	{ HTTP_GET, "/surveys/*/questions/new", admin_question_new_form,
	    ROUTE_DB, "surveys.design" },
	{ HTTP_POST, "/surveys/*/questions/new", admin_question_new, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_GET, "/surveys/*/questions/*", admin_question_edit_form,
	    ROUTE_DB, "surveys.design" },
	{ HTTP_POST, "/surveys/*/questions/*", admin_question_edit, ROUTE_DB,
	    "surveys.design" },
	{ HTTP_POST, "/surveys/*/questions/*/move", admin_question_move,
	    ROUTE_DB, "surveys.design" },
	{ HTTP_POST, "/surveys/*/questions/*/delete", admin_question_delete,
	    ROUTE_DB, "surveys.design" },
	/* interviews.c (satisfaction interviews, helper G) */
	{ HTTP_GET, "/interviews", admin_interviews, ROUTE_DB,
	    "surveys.offline" },
	{ HTTP_GET, "/interviews.csv", admin_interviews_csv, ROUTE_DB,
	    "surveys.offline" },
	{ HTTP_POST, "/interviews/*/unreachable", admin_interview_unreachable,
	    ROUTE_DB, "surveys.offline" },
	/* offline.c (offline answers typed in by staff, helper G) */
	{ HTTP_GET, "/surveys/*/offline", admin_survey_offline_form, ROUTE_DB,
	    "surveys.offline" },
	{ HTTP_POST, "/surveys/*/offline", admin_survey_offline, ROUTE_DB,
	    "surveys.offline" },
	/* invitations.c (survey invitations: list, generate with CSV) */
	{ HTTP_GET, "/surveys/*/invitations", admin_invitations, ROUTE_DB,
	    "surveys.invite" },
	{ HTTP_POST, "/surveys/*/invitations", admin_invitations_generate,
	    ROUTE_DB, "surveys.invite" },
	/* results.c (survey results, helper F): "responses.csv" is a
	 * segment of its own, apart from the "responses" pattern. */
	{ HTTP_GET, "/surveys/*/results", admin_survey_results, ROUTE_DB,
	    "surveys.results" },
	{ HTTP_GET, "/surveys/*/responses", admin_survey_responses, ROUTE_DB,
	    "surveys.results" },
	{ HTTP_GET, "/surveys/*/responses.csv", admin_survey_responses_csv,
	    ROUTE_DB, "surveys.results" },
	{ HTTP_GET, "/surveys/*/responses/*", admin_survey_response, ROUTE_DB,
	    "surveys.results" },
	{ HTTP_POST, "/surveys/*/responses/*/overturn", admin_survey_overturn,
	    ROUTE_DB, "surveys.clean" },
	{ HTTP_POST, "/surveys/*/clean", admin_survey_clean, ROUTE_DB,
	    "surveys.clean" },
};

/* Daily work first, administration last. */
static const struct nav nav[] = {
	{ "/mywork", "nav.admin.mywork", "interactions.record" },
	{ "/customers", "nav.admin.customers", "customers.view" },
	{ "/monitor", "nav.admin.monitor", "customers.view" },
	{ "/kpi", "nav.admin.kpi", "kpi.view" },
	{ "/segments", "nav.admin.segments", "kpi.view" },
	{ "/surveys", "sv.design.nav", "surveys.view" },
	{ "/interviews", "interview.nav", "surveys.offline" },
	{ "/users", "nav.admin.users", "users.view" },
	{ "/roles", "nav.admin.roles", "roles.manage" },
	{ "/departments", "nav.admin.departments", "departments.manage" },
	{ "/audit", "nav.admin.audit", "audit.view" },
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
	.warm = cust_find_warm,
};

int
main(int argc, char *argv[])
{
	return app_main(&program, argc, argv);
}
