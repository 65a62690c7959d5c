/*
 * Substring search over many short texts held in memory, equal to a
 * SQL "LIKE '%term%'" in a collation: both the texts and the term are
 * folded character by character to one representative of each class of
 * characters the collation's LIKE holds equal (the fold table, which
 * the caller reads from the database server itself), so a plain byte
 * search of the folded term finds exactly the LIKE's matches.
 *
 * A corpus is immutable once built; a new one is built from an old one
 * and the entries that changed, so readers never wait for a writer.
 */
#ifndef MANYI_TEXTFIND_H
#define MANYI_TEXTFIND_H

#include <stddef.h>
#include <stdint.h>

/* Each BMP code point's representative (itself unless told). */
struct tf_fold {
	uint16_t	 to[65536];
};

void	 tf_fold_init(struct tf_fold *);
/*
 * Fold UTF-8 s of n bytes into out (room for n + 1 bytes: folding
 * never lengthens a text), NUL-terminated; the folded length.  A byte
 * that is not valid UTF-8 is copied as it is.
 */
size_t	 tf_fold_utf8(const struct tf_fold *, const char *, size_t, char *);

/* One customer's texts for tf_build; txt NULL: the customer is gone. */
struct tf_entry {
	uint32_t	 id;
	const char	*txt;	/* as stored: folded by tf_build */
	size_t		 tlen;
	const char	*mob;	/* searched byte for byte */
	size_t		 mlen;
	size_t		 seq;	/* tf_build's own: the place given */
};

struct tf_corpus {
	long long	 version;	/* the caller's: what it holds */
	size_t		 n;
	uint32_t	*id;		/* ascending */
	uint32_t	*toff, *moff;	/* n + 1 offsets into txt and mob */
	char		*txt, *mob;	/* "text\0" per id, in id order */
	int		 refs;		/* the caller's */
};

/*
 * A corpus of old (NULL: none) with the entries of chg (any order; of
 * two for one id the later wins) put in; NULL if its texts would pass
 * 4 GB.  chg is sorted in place.
 */
struct tf_corpus	*tf_build(const struct tf_corpus *,
			    struct tf_entry *, size_t, const struct tf_fold *);
void			 tf_free(struct tf_corpus *);
/*
 * The ids, ascending, whose folded text holds the folded term ft (fn
 * bytes), or whose mobiles hold the digits (NULL: none): their number,
 * the ids in out (room for c->n).
 */
size_t			 tf_match(const struct tf_corpus *, const char *,
			    size_t, const char *, uint32_t *);

#endif
