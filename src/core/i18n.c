#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "form.h"
#include "i18n.h"

const char *const lang_codes[LANG__MAX] = {
	"zh-CN",	/* LANG_ZH */
	"en",		/* LANG_EN */
};

struct msg {
	const char	*key;
	const char	*text;
};

struct catalog {
	struct msg	*m;
	size_t		 n;
};

static struct catalog	 cats[LANG__MAX];
static struct arena	*cat_arena;

static int
msgcmp(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->key,
	    ((const struct msg *)b)->key);
}

static char *
strip(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int
load_one(struct catalog *c, size_t *capp, const char *path, char *err,
    size_t errlen)
{
	FILE	*f;
	char	 line[4096], *s, *eq, *k;
	size_t	 lineno = 0, cap = *capp;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		s = strip(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL ||
		    !utf8_valid(s, strlen(s))) {
			snprintf(err, errlen, "%s:%zu: expected key = text",
			    path, lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		k = strip(s);
		if (c->n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((c->m = realloc(c->m, cap * sizeof(*c->m))) == NULL)
				arena_oom();
		}
		c->m[c->n].key = arena_strdup(cat_arena, k);
		c->m[c->n].text = arena_strdup(cat_arena, strip(eq + 1));
		c->n++;
	}
	fclose(f);
	*capp = cap;
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A language's catalog is every *.txt in its folder (one file per area
 * of the product), read in name order; a key defined twice is an error.
 */
static int
load_lang(struct catalog *c, const char *dir, char *err, size_t errlen)
{
	DIR		*d;
	struct dirent	*e;
	char		*names[256], path[4400];
	size_t		 n = 0, i, cap = 0, len;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < 256) {
		len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
			names[n++] = arena_strdup(cat_arena, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), namecmp);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = load_one(c, &cap, path, err, errlen);
	}
	if (rc == -1)
		return -1;
	qsort(c->m, c->n, sizeof(*c->m), msgcmp);
	for (i = 1; i < c->n; i++)
		if (strcmp(c->m[i - 1].key, c->m[i].key) == 0) {
			snprintf(err, errlen, "%s: key %s defined twice",
			    dir, c->m[i].key);
			return -1;
		}
	return 0;
}

int
i18n_load(const char *dir, char *err, size_t errlen)
{
	char	 path[4096];
	int	 l;

	i18n_free();
	cat_arena = arena_new();
	for (l = 0; l < LANG__MAX; l++) {
		snprintf(path, sizeof(path), "%s/%s", dir, lang_codes[l]);
		if (load_lang(&cats[l], path, err, errlen) == -1)
			return -1;
	}
	return 0;
}

void
i18n_free(void)
{
	int	 l;

	for (l = 0; l < LANG__MAX; l++) {
		free(cats[l].m);
		cats[l].m = NULL;
		cats[l].n = 0;
	}
	arena_free(cat_arena);
	cat_arena = NULL;
}

static const struct msg *
find(enum lang l, const char *key)
{
	struct msg	 k;

	if ((unsigned)l >= LANG__MAX || cats[l].n == 0)
		return NULL;
	k.key = key;
	return bsearch(&k, cats[l].m, cats[l].n, sizeof(k), msgcmp);
}

const char *
i18n_get(enum lang l, const char *key)
{
	const struct msg	*m;

	if ((m = find(l, key)) == NULL && (m = find(LANG_ZH, key)) == NULL)
		return key;
	return m->text;
}

int
i18n_has(enum lang l, const char *key)
{
	return find(l, key) != NULL;
}

size_t
i18n_count(enum lang l)
{
	return cats[l].n;
}

const char *
i18n_key(enum lang l, size_t i)
{
	return i < cats[l].n ? cats[l].m[i].key : NULL;
}

int
i18n_lang(const char *code)
{
	if (code == NULL)
		return -1;
	if (strcasecmp(code, "en") == 0 || strncasecmp(code, "en-", 3) == 0)
		return LANG_EN;
	if (strcasecmp(code, "zh") == 0 || strcasecmp(code, "zh-CN") == 0 ||
	    strcasecmp(code, "zh-Hans") == 0 ||
	    strncasecmp(code, "zh-Hans-", 8) == 0)
		return LANG_ZH;
	return -1;
}

/*
 * Accept-Language: "en-US,en;q=0.9,zh-CN;q=0.8".  Take the supported
 * language with the highest q; ties go to the earlier one.
 */
enum lang
i18n_accept(const char *h)
{
	char		 tag[32];
	const char	*p, *q;
	size_t		 n;
	double		 best = 0.0, w;
	int		 l, pick = LANG_ZH;

	if (h == NULL)
		return LANG_ZH;
	for (p = h; *p != '\0'; ) {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ";, ");
		if (n == 0)
			break;
		w = 1.0;
		q = p + n;
		while (*q == ' ')
			q++;
		if (*q == ';') {
			q++;
			while (*q == ' ')
				q++;
			if (q[0] == 'q' && q[1] == '=')
				w = strtod(q + 2, NULL);
		}
		if (n < sizeof(tag)) {
			memcpy(tag, p, n);
			tag[n] = '\0';
			if ((l = i18n_lang(tag)) != -1 && w > best) {
				best = w;
				pick = l;
			}
		}
		p += n;
		p += strcspn(p, ",");
	}
	return (enum lang)pick;
}
