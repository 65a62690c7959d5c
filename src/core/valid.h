/*
 * Declarative field validation (after kcgi's kvalid_*): a form is a table
 * of fields, each naming its validator; a validator parses the raw string
 * into a typed value or returns the catalog key of the message to show.
 */
#ifndef MANYI_VALID_H
#define MANYI_VALID_H

#include <stddef.h>

struct kvlist;

struct field;

struct fieldval {
	const char	*raw;	/* what the user sent (NULL: absent) */
	const char	*str;	/* validated, trimmed text; NULL if invalid */
	long long	 i;	/* validated integer / enum index / date */
	const char	*err;	/* catalog key of the message, NULL if valid */
	char		 norm[16];	/* storage for short normalised values */
};

/* Return NULL if valid (filling v->str / v->i), else a catalog key. */
typedef const char *(*valid_fn)(const struct field *, const char *,
    struct fieldval *);

struct field {
	const char		*name;
	valid_fn		 fn;
	int			 required;
	long long		 min;	/* int: bounds; text: min chars */
	long long		 max;	/* int: bounds; text: max chars */
	const char *const	*enums;	/* valid_enum: NULL-terminated */
};

const char	*valid_int(const struct field *, const char *, struct fieldval *);
const char	*valid_enum(const struct field *, const char *, struct fieldval *);
const char	*valid_date(const struct field *, const char *, struct fieldval *);
const char	*valid_email(const struct field *, const char *, struct fieldval *);
const char	*valid_phone_cn(const struct field *, const char *, struct fieldval *);
const char	*valid_text(const struct field *, const char *, struct fieldval *);
const char	*valid_path(const struct field *, const char *, struct fieldval *);
const char	*valid_login(const struct field *, const char *, struct fieldval *);

/*
 * Validate every field of a form against its parsed values; vals has one
 * slot per field.  Returns the number of invalid fields.
 */
size_t		 valid_form(struct kvlist *, const struct field *, size_t,
		    struct fieldval *);

/* Days since 1970-01-01 (negative before) of a Gregorian date from 1900
 * to 9999, or VALID_NODATE if there is no such date. */
#define VALID_NODATE	(-9223372036854775807LL - 1)
/* The inverse of valid_days: a day number as YYYY-MM-DD. */
void		 valid_day_str(long long, char [11]);
long long	 valid_days(int, int, int);

#endif
