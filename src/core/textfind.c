/*
 * Substring search over texts held in memory (see textfind.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "textfind.h"

void
tf_fold_init(struct tf_fold *f)
{
	size_t	 i;

	for (i = 0; i < 65536; i++)
		f->to[i] = (uint16_t)i;
}

/* The code point at s (n > 0 bytes) and its length in *len; -1 if the
 * bytes are not one valid UTF-8 character. */
static long
utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	long	 c;
	size_t	 k, i;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		c = s[0] & 0x07;
	} else
		return -1;
	if (n < k)
		return -1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, past U+10FFFF. */
	if ((k == 3 && c < 0x800) || (k == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*len = k;
	return c;
}

size_t
tf_fold_utf8(const struct tf_fold *f, const char *in, size_t n, char *out)
{
	const unsigned char	*s = (const unsigned char *)in;
	unsigned char		*o = (unsigned char *)out;
	size_t			 i = 0, len;
	long			 c;

	while (i < n) {
		if ((c = utf8_next(s + i, n - i, &len)) == -1) {
			*o++ = s[i++];
			continue;
		}
		i += len;
		if (c >= 0x10000) {
			/* Outside the table: compared as they are. */
			memcpy(o, s + i - len, len);
			o += len;
			continue;
		}
		/* The representative is never longer (a lower code point). */
		c = f->to[c];
		if (c < 0x80)
			*o++ = (unsigned char)c;
		else if (c < 0x800) {
			*o++ = (unsigned char)(0xc0 | (c >> 6));
			*o++ = (unsigned char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (unsigned char)(0xe0 | (c >> 12));
			*o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (unsigned char)(0x80 | (c & 0x3f));
		}
	}
	*o = '\0';
	return (size_t)(o - (unsigned char *)out);
}

/* Entries by id, then by their place (the later one wins). */
static int
entry_cmp(const void *a, const void *b)
{
	const struct tf_entry	*x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
tf_free(struct tf_corpus *c)
{
	if (c == NULL)
		return;
	free(c->id);
	free(c->toff);
	free(c->moff);
	free(c->txt);
	free(c->mob);
	free(c);
}

struct tf_corpus *
tf_build(const struct tf_corpus *old, struct tf_entry *chg, size_t nchg,
    const struct tf_fold *f)
{
	struct tf_corpus	*c;
	size_t			 i, j, k, w, cap, tcap, mcap, on;
	uint32_t		 id;

	/* Sorted by id, the last of each id kept (a stable order). */
	for (i = 0; i < nchg; i++)
		chg[i].seq = i;
	if (nchg > 0)
		qsort(chg, nchg, sizeof(*chg), entry_cmp);
	for (i = w = 0; i < nchg; i++) {
		if (w > 0 && chg[w - 1].id == chg[i].id)
			w--;
		chg[w++] = chg[i];
	}
	nchg = w;

	on = old != NULL ? old->n : 0;
	cap = on + nchg;
	tcap = (old != NULL ? old->toff[on] : 0) + 1;
	mcap = (old != NULL ? old->moff[on] : 0) + 1;
	for (i = 0; i < nchg; i++)
		if (chg[i].txt != NULL) {
			tcap += chg[i].tlen + 1;
			mcap += chg[i].mlen + 1;
		}
	if (tcap > UINT32_MAX || mcap > UINT32_MAX)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		arena_oom();
	c->id = malloc((cap + 1) * sizeof(*c->id));
	c->toff = malloc((cap + 1) * sizeof(*c->toff));
	c->moff = malloc((cap + 1) * sizeof(*c->moff));
	c->txt = malloc(tcap);
	c->mob = malloc(mcap);
	if (c->id == NULL || c->toff == NULL || c->moff == NULL ||
	    c->txt == NULL || c->mob == NULL)
		arena_oom();

	/* Merge the old ids with the changed ones, both ascending. */
	c->toff[0] = c->moff[0] = 0;
	for (i = j = k = 0; i < on || j < nchg; ) {
		if (j == nchg || (i < on && old->id[i] < chg[j].id)) {
			size_t tl = old->toff[i + 1] - old->toff[i];
			size_t ml = old->moff[i + 1] - old->moff[i];

			memcpy(c->txt + c->toff[k], old->txt + old->toff[i],
			    tl);
			memcpy(c->mob + c->moff[k], old->mob + old->moff[i],
			    ml);
			c->id[k] = old->id[i++];
			c->toff[k + 1] = c->toff[k] + (uint32_t)tl;
			c->moff[k + 1] = c->moff[k] + (uint32_t)ml;
			k++;
			continue;
		}
		id = chg[j].id;
		if (i < on && old->id[i] == id)
			i++;	/* replaced (or gone) */
		if (chg[j].txt != NULL) {
			c->id[k] = id;
			c->toff[k + 1] = c->toff[k] + (uint32_t)tf_fold_utf8(f,
			    chg[j].txt, chg[j].tlen, c->txt + c->toff[k]) + 1;
			memcpy(c->mob + c->moff[k], chg[j].mob, chg[j].mlen);
			c->mob[c->moff[k] + chg[j].mlen] = '\0';
			c->moff[k + 1] = c->moff[k] + (uint32_t)chg[j].mlen + 1;
			k++;
		}
		j++;
	}
	c->n = k;
	return c;
}

/*
 * Mark in m the entries of the texts at buf (offsets off) holding s.
 * A folded term may hold NUL bytes (characters without weight fold to
 * U+0000), so a match must end before its entry's closing NUL: one that
 * runs past it is no match, nor is any later one in that entry.
 */
static void
mark(const char *buf, const uint32_t *off, size_t n, const char *s,
    size_t sn, unsigned char *m)
{
	const char	*p = buf, *end = buf + off[n], *h;
	size_t		 i = 0, at;

	while (p < end && (h = memmem(p, (size_t)(end - p), s, sn)) != NULL) {
		at = (size_t)(h - buf);
		while (off[i + 1] <= at)
			i++;
		if (at + sn < off[i + 1])
			m[i] = 1;
		p = buf + off[i + 1];	/* the next entry */
	}
}

size_t
tf_match(const struct tf_corpus *c, const char *ft, size_t fn,
    const char *digits, uint32_t *out)
{
	unsigned char	*m;
	size_t		 i, k = 0;

	if (c->n == 0)
		return 0;
	if (fn == 0) {
		/* Every text holds the empty term (LIKE '%%'). */
		memcpy(out, c->id, c->n * sizeof(*out));
		return c->n;
	}
	if ((m = calloc(c->n, 1)) == NULL)
		arena_oom();
	mark(c->txt, c->toff, c->n, ft, fn, m);
	if (digits != NULL && *digits != '\0')
		mark(c->mob, c->moff, c->n, digits, strlen(digits), m);
	for (i = 0; i < c->n; i++)
		if (m[i])
			out[k++] = c->id[i];
	free(m);
	return k;
}
