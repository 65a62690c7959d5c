/* manyi-admin's page handlers, one file per page group. */
#ifndef MANYI_ADMIN_H
#define MANYI_ADMIN_H

struct http_req;

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

#endif
