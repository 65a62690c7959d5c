#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "valid.h"

/* Leading and trailing ASCII blanks are never meaningful in a field. */
static const char *
trim(const char *in, size_t *len)
{
	size_t	 n;

	while (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n')
		in++;
	n = strlen(in);
	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t' ||
	    in[n - 1] == '\r' || in[n - 1] == '\n'))
		n--;
	*len = n;
	return in;
}

const char *
valid_int(const struct field *f, const char *in, struct fieldval *v)
{
	char		*end;
	long long	 n;

	if (!isdigit((unsigned char)in[0]) && !(in[0] == '-' &&
	    isdigit((unsigned char)in[1])))
		return "err.int";
	errno = 0;
	n = strtoll(in, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return "err.int";
	if (n < f->min || n > f->max)
		return "err.range";
	v->i = n;
	v->str = in;
	return NULL;
}

const char *
valid_enum(const struct field *f, const char *in, struct fieldval *v)
{
	long long	 i;

	for (i = 0; f->enums[i] != NULL; i++)
		if (strcmp(f->enums[i], in) == 0) {
			v->i = i;
			v->str = f->enums[i];
			return NULL;
		}
	return "err.enum";
}

long long
valid_days(int y, int m, int d)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int		 leap, dim;
	long long	 yy, era, yoe, doy, doe;

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	dim = mdays[m - 1] + (m == 2 && leap);
	if (d > dim)
		return -1;
	/* Howard Hinnant's days_from_civil. */
	yy = m <= 2 ? y - 1 : y;
	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

const char *
valid_date(const struct field *f, const char *in, struct fieldval *v)
{
	int		 i;
	long long	 days;

	/* Exactly YYYY-MM-DD. */
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (in[i] != '-')
				return "err.date";
		} else if (!isdigit((unsigned char)in[i]))
			return "err.date";
	}
	if (in[10] != '\0')
		return "err.date";
	days = valid_days(atoi(in), atoi(in + 5), atoi(in + 8));
	if (days < 0)
		return "err.date";
	if ((f->min || f->max) && (days < f->min || days > f->max))
		return "err.range";
	v->i = days;
	v->str = in;
	return NULL;
}

const char *
valid_email(const struct field *f, const char *in, struct fieldval *v)
{
	const char	*at, *p, *dot;
	size_t		 len = strlen(in);

	if (len > 254 || (at = strchr(in, '@')) == NULL ||
	    at == in || strchr(at + 1, '@') != NULL || at - in > 64)
		return "err.email";
	for (p = in; p < at; p++)
		if (!isalnum((unsigned char)*p) && strchr(".!#$%&'*+/=?^_`{|}~-",
		    *p) == NULL)
			return "err.email";
	if (in[0] == '.' || at[-1] == '.' || strstr(in, "..") != NULL)
		return "err.email";
	/* Domain: labels of letters, digits and hyphens, at least one dot. */
	if ((dot = strrchr(at + 1, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0')
		return "err.email";
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (p[-1] == '.' || p[-1] == '-' || p[1] == '-')
				return "err.email";
		} else if (!isalnum((unsigned char)*p) && *p != '-')
			return "err.email";
	}
	if (at[1] == '-')
		return "err.email";
	v->str = in;
	return NULL;
}

/*
 * Mainland China mobile numbers: 11 digits starting 13-19, optionally
 * written with a +86 or 86 prefix and spaces or hyphens in groups.
 * The normalised form (11 digits) is what is stored.
 */
const char *
valid_phone_cn(const struct field *f, const char *in, struct fieldval *v)
{
	char			*digits = v->norm;
	const char		*p = in;
	size_t			 n = 0;

	if (strncmp(p, "+86", 3) == 0)
		p += 3;
	else if (strncmp(p, "0086", 4) == 0)
		p += 4;
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!isdigit((unsigned char)*p) || n == 11)
			return "err.phone";
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n != 11 || digits[0] != '1' || digits[1] < '3')
		return "err.phone";
	v->str = digits;
	return NULL;
}

const char *
valid_text(const struct field *f, const char *in, struct fieldval *v)
{
	size_t	 n = utf8_len(in);

	if (f->max > 0 && n > (size_t)f->max)
		return "err.too_long";
	if (f->min > 0 && n < (size_t)f->min)
		return "err.too_short";
	v->str = in;
	return NULL;
}

/* A local path to return to: "/..." but never "//host" or a scheme. */
const char *
valid_path(const struct field *f, const char *in, struct fieldval *v)
{
	const char	*p;

	if (in[0] != '/' || in[1] == '/' || in[1] == '\\' || strlen(in) > 1024)
		return "err.path";
	for (p = in; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == '\\')
			return "err.path";
	v->str = in;
	return NULL;
}

size_t
valid_form(const struct kvlist *kv, const struct field *fields, size_t n,
    struct fieldval *vals)
{
	size_t		 i, bad = 0, len;
	const char	*raw, *t;
	char		*copy;

	for (i = 0; i < n; i++) {
		memset(&vals[i], 0, sizeof(vals[i]));
		raw = kv_get(kv, fields[i].name);
		vals[i].raw = raw;
		t = raw == NULL ? "" : trim(raw, &len);
		if (raw == NULL || len == 0) {
			if (fields[i].required) {
				vals[i].err = "err.required";
				bad++;
			}
			continue;
		}
		/*
		 * Parsed values live in the request arena and belong to us:
		 * trim in place, so the form shows the trimmed input again.
		 */
		copy = (char *)raw;
		if (t != raw || t[len] != '\0') {
			memmove(copy, t, len);
			copy[len] = '\0';
		}
		if ((vals[i].err = fields[i].fn(&fields[i], copy, &vals[i]))
		    != NULL) {
			vals[i].str = NULL;
			bad++;
		}
	}
	return bad;
}
