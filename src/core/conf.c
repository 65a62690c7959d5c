#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "conf.h"

struct entry {
	char	*section;
	char	*key;
	char	*val;
};

struct conf {
	struct arena	*a;
	struct entry	*e;
	size_t		 n, cap;
};

static char *
strip(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

struct conf *
conf_load(const char *path, char *err, size_t errlen)
{
	struct conf	*c;
	FILE		*f;
	char		 line[4096], *s, *eq, *end, *section = NULL;
	size_t		 lineno = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		arena_oom();
	c->a = arena_new();
	section = arena_strdup(c->a, "");
	if (path == NULL)
		return c;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		conf_free(c);
		return NULL;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%zu: line too long", path,
			    lineno);
			goto fail;
		}
		s = strip(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			if ((end = strchr(s, ']')) == NULL || end[1] != '\0') {
				snprintf(err, errlen, "%s:%zu: bad section "
				    "header", path, lineno);
				goto fail;
			}
			*end = '\0';
			section = arena_strdup(c->a, strip(s + 1));
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			snprintf(err, errlen, "%s:%zu: expected key = value",
			    path, lineno);
			goto fail;
		}
		*eq = '\0';
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 32;
			if ((c->e = realloc(c->e, c->cap * sizeof(*c->e)))
			    == NULL)
				arena_oom();
		}
		c->e[c->n].section = section;
		c->e[c->n].key = arena_strdup(c->a, strip(s));
		c->e[c->n].val = arena_strdup(c->a, strip(eq + 1));
		c->n++;
	}
	fclose(f);
	return c;
fail:
	fclose(f);
	conf_free(c);
	return NULL;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	arena_free(c->a);
	free(c->e);
	free(c);
}

const char *
conf_get(const struct conf *c, const char *section, const char *key,
    const char *def)
{
	size_t	 i;

	/* The last assignment wins, as in most INI readers. */
	for (i = c->n; i > 0; i--)
		if (strcmp(c->e[i - 1].section, section) == 0 &&
		    strcmp(c->e[i - 1].key, key) == 0)
			return c->e[i - 1].val;
	return def;
}

const char *
conf_get2(const struct conf *c, const char *section, const char *prog,
    const char *key, const char *def)
{
	char		 name[128];
	const char	*v;

	snprintf(name, sizeof(name), "%s.%s", section, prog);
	if ((v = conf_get(c, name, key, NULL)) != NULL)
		return v;
	return conf_get(c, section, key, def);
}

long long
conf_int(const struct conf *c, const char *section, const char *key,
    long long def)
{
	const char	*v;
	char		*end;
	long long	 n, mult = 1;

	if ((v = conf_get(c, section, key, NULL)) == NULL)
		return def;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || errno != 0)
		return def;
	/* Allow K/M suffixes for sizes; a value that overflows is no value. */
	if (*end == 'K' || *end == 'k')
		mult = 1024;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024;
	else if (*end != '\0')
		return def;
	if (n > LLONG_MAX / mult || n < LLONG_MIN / mult)
		return def;
	return n * mult;
}

int	 site_tz_s = 8 * 3600;

#define ZONEINFO	"/usr/share/zoneinfo/"
#define DEFAULT_ZONE	"Asia/Shanghai"

int
tz_offset(const char *zone, int *off)
{
	char		 path[256], *old;
	struct tm	 tm;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 h, m;

	if (strcmp(zone, "UTC") == 0) {
		*off = 0;
		return 0;
	}
	if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 6 &&
	    isdigit((unsigned char)zone[1]) &&
	    isdigit((unsigned char)zone[2]) && zone[3] == ':' &&
	    isdigit((unsigned char)zone[4]) &&
	    isdigit((unsigned char)zone[5])) {
		h = (zone[1] - '0') * 10 + zone[2] - '0';
		m = (zone[4] - '0') * 10 + zone[5] - '0';
		if (h > 14 || m > 59)
			return -1;
		*off = (zone[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
		return 0;
	}
	/* A zoneinfo name: letters, digits, '_', '-', '+' and '/'. */
	for (i = 0; zone[i] != '\0'; i++)
		if (!isalnum((unsigned char)zone[i]) && zone[i] != '_' &&
		    zone[i] != '-' && zone[i] != '+' && zone[i] != '/')
			return -1;
	if (i == 0 || zone[0] == '/' || strstr(zone, "..") != NULL ||
	    snprintf(path, sizeof(path), ZONEINFO "%s", zone) >=
	    (int)sizeof(path) || access(path, R_OK) != 0) {
		/* No tzdata on this system: China's offset for the default. */
		if (strcmp(zone, DEFAULT_ZONE) == 0) {
			*off = 8 * 3600;
			return 0;
		}
		return -1;
	}
	old = getenv("TZ");
	old = old != NULL ? strdup(old) : NULL;
	setenv("TZ", path, 1);
	tzset();
	if (localtime_r(&now, &tm) == NULL)
		tm.tm_gmtoff = 0;
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
	*off = (int)tm.tm_gmtoff;
	return 0;
}

int
conf_time_zone(const struct conf *c, char *err, size_t errlen)
{
	const char	*zone = conf_get(c, "site", "time_zone", DEFAULT_ZONE);

	if (tz_offset(zone, &site_tz_s) == -1) {
		snprintf(err, errlen, "[site] time_zone: unknown time zone "
		    "\"%s\" (a name under " ZONEINFO ", UTC or +HH:MM)",
		    zone);
		return -1;
	}
	return 0;
}
