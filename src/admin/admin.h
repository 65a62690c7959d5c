/* manyi-admin's page handlers, one file per page group. */
#ifndef MANYI_ADMIN_H
#define MANYI_ADMIN_H

struct http_req;

int	admin_status(struct http_req *);

#endif
