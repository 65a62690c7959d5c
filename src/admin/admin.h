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

#endif
