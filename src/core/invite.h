/*
 * Survey invitations, as both ways of making them share it: the staff
 * page (manyi-admin) and the CRM's machine call (manyi-feed).  A link is
 * <base>/s/<slug>?t=<token>; the token is INVITE_TOKEN_BYTES random
 * bytes in URL-safe base64 without padding, and the database keeps only
 * the SHA-256 of the token's characters (survey_invitation.token_hash),
 * so a link cannot be rebuilt from the database: it is shown once.
 */
#ifndef MANYI_INVITE_H
#define MANYI_INVITE_H

#include <stddef.h>

#include "db.h"

struct arena;
struct http_req;

#define INVITE_TOKEN_BYTES	24	/* 192 random bits */
#define INVITE_TOKEN_LEN	32	/* base64url characters */
/* Rows per INSERT statement when storing many invitations. */
#define INVITE_BATCH		500

/* One invitation to store: who, and the hash of its token (hex). */
struct invite_row {
	long long	 customer_id;	/* 0: none */
	long long	 contact_id;	/* 0: none */
	char		 hash[65];
};

/*
 * A fresh token and the hex SHA-256 of its characters, as the public
 * page finds it (survey_token_hash in survey.c).
 */
void		 invite_token(char [INVITE_TOKEN_LEN + 1], char [65]);
/*
 * Where customers open surveys: [survey] public_url of the
 * configuration (no trailing '/'), else this request's scheme and host.
 */
const char	*invite_base(struct http_req *);
/* base + "/s/" + slug + "?t=" + token. */
const char	*invite_link(struct arena *, const char *, const char *,
		    const char *);
/*
 * The customer codes pasted by staff: separated by line breaks, spaces,
 * tabs, commas or semicolons; each code once, in the order given.  At
 * most max are kept: the count is max + 1 when there are more.
 */
size_t		 invite_codes(struct arena *, const char *, size_t,
		    const char ***);
/*
 * Store n invitations of one survey, channel and kind (pilot or not) in
 * the caller's transaction, INVITE_BATCH rows per statement.  created_by
 * 0: made by a machine client.  *first (may be NULL) gets the first
 * new id (the only one when n is 1).
 */
enum db_err	 invite_store(struct db *, struct arena *, long long,
		    const char *, int, long long, const struct invite_row *,
		    size_t, unsigned long long *);

#endif
