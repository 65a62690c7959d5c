#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
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
		return VALID_NODATE;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	dim = mdays[m - 1] + (m == 2 && leap);
	if (d > dim)
		return VALID_NODATE;
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
	if (days == VALID_NODATE)
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
	size_t		 len = strlen(in), n;

	if (len > 254 || (at = strchr(in, '@')) == NULL ||
	    at == in || strchr(at + 1, '@') != NULL || at - in > 64)
		return "err.email";
	for (p = in; p < at; p++)
		if (!isalnum((unsigned char)*p) && strchr(".!#$%&'*+/=?^_`{|}~-",
		    *p) == NULL)
			return "err.email";
	if (in[0] == '.' || at[-1] == '.' || strstr(in, "..") != NULL)
		return "err.email";
	/*
	 * Domain: at least two labels; each 1-63 letters, digits or
	 * hyphens, neither starting nor ending with a hyphen.
	 */
	if ((dot = strrchr(at + 1, '.')) == NULL)
		return "err.email";
	for (p = at + 1; ; p += n + 1) {
		n = strcspn(p, ".");
		if (n == 0 || n > 63 || p[0] == '-' || p[n - 1] == '-')
			return "err.email";
		for (size_t k = 0; k < n; k++)
			if (!isalnum((unsigned char)p[k]) && p[k] != '-')
				return "err.email";
		if (p[n] == '\0')
			break;
	}
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
	char			 d[16];
	const char		*p = in;
	size_t			 n = 0;

	if (*p == '+')
		p++;
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!isdigit((unsigned char)*p) || n == 15)
			return "err.phone";
		d[n++] = *p;
	}
	d[n] = '\0';
	/* Country code written as 86 (after "+") or 0086. */
	p = d;
	if (n == 13 && strncmp(d, "86", 2) == 0)
		p += 2;
	else if (n == 15 && strncmp(d, "0086", 4) == 0)
		p += 4;
	else if (n != 11 || in[0] == '+')
		return "err.phone";
	if (p[0] != '1' || p[1] < '3')
		return "err.phone";
	memcpy(v->norm, p, 12);
	v->str = v->norm;
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
valid_form(struct kvlist *kv, const struct field *fields, size_t n,
    struct fieldval *vals)
{
	size_t		 i, j, bad = 0, len;
	const char	*raw, *t;
	char		*copy;
	struct kv	*ent;

	for (i = 0; i < n; i++) {
		memset(&vals[i], 0, sizeof(vals[i]));
		ent = NULL;
		for (j = 0; j < kv->n && ent == NULL; j++)
			if (strcmp(kv->v[j].key, fields[i].name) == 0)
				ent = &kv->v[j];
		raw = ent ? ent->val : NULL;
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
			ent->vlen = len;
		}
		if ((vals[i].err = fields[i].fn(&fields[i], copy, &vals[i]))
		    != NULL) {
			vals[i].str = NULL;
			bad++;
		}
	}
	return bad;
}

/* A staff login name: 2-64 of letters, digits, '.', '_' and '-'. */
const char *
valid_login(const struct field *f, const char *in, struct fieldval *v)
{
	size_t	 n = strlen(in);

	if (n < 2 || n > 64 || strspn(in, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
		return "err.login";
	v->str = in;
	return NULL;
}

/* The date of a day number (days since 1970-01-01) as YYYY-MM-DD. */
void
valid_day_str(long long z, char out[11])
{
	long long	 era, doe, yoe, y, doy, mp, d, m;
	char		 tmp[48];

	/* Howard Hinnant's civil_from_days, the inverse of valid_days. */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d",
	    (int)((y + (m <= 2)) % 10000), (int)m, (int)d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}
