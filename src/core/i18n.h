/*
 * Message catalogs: i18n/zh-CN/ (the default) and i18n/en/, each a folder of .txt files, one
 * file per area, lines of "key = text".  Loaded once at start; lookups
 * are a binary search.
 */
#ifndef MANYI_I18N_H
#define MANYI_I18N_H

#include <stddef.h>

enum lang {
	LANG_ZH,	/* zh-CN, the default */
	LANG_EN,	/* en */
	LANG__MAX
};

extern const char *const lang_codes[LANG__MAX];

/* Returns 0, or -1 with a message in the buffer. */
int		 i18n_load(const char *, char *, size_t);
void		 i18n_free(void);
/* The text for key, or the key itself if the catalog lacks it. */
const char	*i18n_get(enum lang, const char *);
int		 i18n_has(enum lang, const char *);
size_t		 i18n_count(enum lang);
const char	*i18n_key(enum lang, size_t);
/* Parse a code ("en", "zh-CN", "zh"); -1 if unsupported. */
int		 i18n_lang(const char *);
/* The first supported language of an Accept-Language header. */
enum lang	 i18n_accept(const char *);

#endif
