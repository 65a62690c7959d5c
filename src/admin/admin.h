/* manyi-admin's page handlers, one file per page group. */
#ifndef MANYI_ADMIN_H
#define MANYI_ADMIN_H

struct http_req;
struct arena;
#include <stddef.h>
#include <stdint.h>

#include "core/db.h"

/* status.c */
int	admin_status(struct http_req *);
/* login.c */
int	admin_login_form(struct http_req *);
int	admin_login(struct http_req *);
int	admin_logout(struct http_req *);
int	admin_password_form(struct http_req *);
int	admin_password(struct http_req *);
/* users.c */
int	admin_users(struct http_req *);
int	admin_user_new_form(struct http_req *);
int	admin_user_new(struct http_req *);
int	admin_user_edit_form(struct http_req *);
int	admin_user_edit(struct http_req *);
int	admin_user_password(struct http_req *);
int	admin_user_deactivate_form(struct http_req *);
int	admin_user_deactivate(struct http_req *);
int	admin_user_activate(struct http_req *);
/* roles.c */
int	admin_roles(struct http_req *);
int	admin_roles_save(struct http_req *);
/* departments.c */
int	admin_departments(struct http_req *);
int	admin_department_new(struct http_req *);
int	admin_department_save(struct http_req *);
/* audit.c */
int	admin_audit(struct http_req *);

/* customers.c */
int	admin_customers(struct http_req *);
int	admin_customer_view(struct http_req *);
int	admin_customer_new_form(struct http_req *);
int	admin_customer_new(struct http_req *);
int	admin_customer_edit_form(struct http_req *);
int	admin_customer_edit(struct http_req *);
int	admin_customer_review(struct http_req *);
int	admin_customer_export(struct http_req *);
/*
 * A customer search's LIKE pattern (db_like_anywhere), compared with
 * customer_search.txt (migration 0008) in the customers' collation.
 */
#define SEARCH_PAT \
	"(CONVERT(? USING utf8mb4) COLLATE utf8mb4_unicode_ci) ESCAPE '!'"
/* customer_find.c: the customers whose search text holds q, or whose
 * mobiles hold the digits (NULL: none), ascending; and among how many
 * customers they were found (0: not known). */
enum db_err	cust_find(struct http_req *, const char *, const char *,
		    uint32_t **, size_t *, size_t *);
void		cust_find_warm(struct db *);
/* customer_import.c */
int	admin_customer_import_form(struct http_req *);
int	admin_customer_import(struct http_req *);
int	admin_customer_import_confirm(struct http_req *);
int	admin_customer_import_batch(struct http_req *);

/*
 * One customer as the form or an import row gives it, checked; what
 * customers.c and customer_import.c share.  NULL strings: empty.
 */
#define CUST_TAGS_MAX		20
#define CUST_CONTACTS_MAX	5
struct cust_in {
	long long	 id;		/* 0: create */
	const char	*code;		/* NULL: generate (create only) */
	const char	*name;
	const char	*kind;
	const char	*industry;
	const char	*products;
	long long	 owner;
	const char	*value_tag;
	const char	*stage;
	const char	*ctype;
	const char	*birthday;
	const char	*anniversary;
	const char	*notes;
	const char	*cycle;		/* NULL: the value tag's default */
	const char	*spend;
	const char	*per_month;
	const char	*repurchases;
	const char	*tags[CUST_TAGS_MAX];
	size_t		 ntags;
	int		 tags_set;	/* merge: tags given */
	const char	*cname[CUST_CONTACTS_MAX];
	const char	*ctitle[CUST_CONTACTS_MAX];
	const char	*cmobile[CUST_CONTACTS_MAX];
	const char	*cemail[CUST_CONTACTS_MAX];
	size_t		 ncontacts;
	int		 keep_contacts;	/* leave stored contacts alone */
	int		 merge;		/* import update: NULL keeps stored */
	int		 quiet;		/* no audit row (import writes one) */
	const char	*scope;		/* viewer's department, NULL: all */
	int		 fail;		/* enum cust_fail */
};
enum cust_fail {
	CUST_OK = 0,
	CUST_GONE,		/* no such customer in the viewer's scope */
	CUST_BAD_OWNER,		/* owner inactive, gone or out of scope */
};
struct kvlist;
struct db;
/* Check a customer's values; the number of bad fields (msgs in v). */
int	cust_tags_split(struct arena *, const char *, const char **, size_t *);
enum db_err	cust_write(struct db *, struct http_req *, struct cust_in *);
const char	*cust_decimal_check(const char *, int);

/* interactions.c */
int	admin_interaction_new_form(struct http_req *);
int	admin_interaction_new(struct http_req *);
int	admin_followups(struct http_req *);
int	admin_followup_respond(struct http_req *);
int	admin_followup_resolve(struct http_req *);
int	admin_followup_confirm(struct http_req *);
int	admin_mywork(struct http_req *);
int	admin_monitor(struct http_req *);
int	admin_monitor_csv(struct http_req *);

/* segments.c */
int	admin_segments(struct http_req *);
int	admin_segments_save(struct http_req *);
/* kpi.c */
int	admin_kpi(struct http_req *);

/* customers.c: the customer fields' validators, shared with the import. */
struct field;
struct fieldval;
const char	*cust_valid_code(const struct field *, const char *,
		    struct fieldval *);
const char	*cust_valid_tags(const struct field *, const char *,
		    struct fieldval *);
const char	*cust_valid_money(const struct field *, const char *,
		    struct fieldval *);

/* surveys.c, survey_questions.c: survey design (helper C) */
int	admin_surveys(struct http_req *);
int	admin_survey_new_form(struct http_req *);
int	admin_survey_new(struct http_req *);
int	admin_survey_view(struct http_req *);
int	admin_survey_edit_form(struct http_req *);
int	admin_survey_edit(struct http_req *);
int	admin_survey_status(struct http_req *);
int	admin_survey_copy(struct http_req *);
int	admin_survey_preview(struct http_req *);
int	admin_question_new_form(struct http_req *);
int	admin_question_new(struct http_req *);
int	admin_question_edit_form(struct http_req *);
int	admin_question_edit(struct http_req *);
int	admin_question_move(struct http_req *);
int	admin_question_delete(struct http_req *);

/* interviews.c, offline.c: satisfaction interviews, offline answers
 * (helper G) */
int	admin_interviews(struct http_req *);
int	admin_interviews_csv(struct http_req *);
int	admin_interview_unreachable(struct http_req *);
int	admin_survey_offline_form(struct http_req *);
int	admin_survey_offline(struct http_req *);
/* invitations.c: survey invitations (helper E) */
int	admin_invitations(struct http_req *);
int	admin_invitations_generate(struct http_req *);

/* results.c: survey results, responses, cleaning (helper F) */
int	admin_survey_results(struct http_req *);
int	admin_survey_responses(struct http_req *);
int	admin_survey_responses_csv(struct http_req *);
int	admin_survey_response(struct http_req *);
int	admin_survey_overturn(struct http_req *);
int	admin_survey_clean(struct http_req *);
struct tmpl_dict;
/* A customer's survey responses on its page (customer_view.tpl). */
enum db_err	survey_timeline(struct http_req *, struct tmpl_dict *,
		    long long);

/* interactions.c: each value tag's default maintenance cycle (days),
 * from the cycle.* settings, with DOMAIN.md's defaults. */
struct cycles {
	int	 high, normal, potential;
};
enum db_err	 cycles_load(struct http_req *, struct db *, struct cycles *);
/* The cycle of a customer: its own (cycle_days), or its tag's default. */
int		 cycle_of(const struct cycles *, const char *, const char *);

/* days.c: calendar days (shared helpers, helper L) */
/* Today in Shanghai, as days since 1970-01-01. */
long long	 admin_today(void);
/* Days since 1970-01-01 as YYYY-MM-DD, in the arena. */
const char	*admin_day_str(struct arena *, long long);

/* surveys.c: the survey a survey page's path names (helper L) */
struct survey_head {
	long long	 id;
	const char	*slug;
	const char	*status;	/* draft, pilot, active, closed */
	long long	 version;
	const char	*title;		/* in the viewer's language */
	const char	*target_kind;
	const char	*target_value;
};
/* The survey of a path segment: 0, 404, or a database status. */
int		 admin_survey_head(struct http_req *, const char *,
		    struct survey_head *);

#endif
