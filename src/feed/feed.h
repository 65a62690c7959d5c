/* manyi-feed's calls, one file per resource. */
#ifndef MANYI_FEED_H
#define MANYI_FEED_H

struct http_req;

/* invitations.c: POST /feed/invitations (a CRM, with an API key). */
int	feed_invitation_new(struct http_req *);
/* The XML answer for an error status (program.error). */
int	feed_error(struct http_req *, int);

#endif
