/*
 * A thin C interface to Google ctemplate.  Templates are loaded once at
 * start from the template folder, once per language: "[[key]]" markers are
 * replaced with the HTML-escaped catalog text, and each result is put in
 * ctemplate's cache under "<lang>/<path>" (e.g. "en/layout/page.tpl").
 * Every template must begin with an AUTOESCAPE pragma; loading refuses
 * one that does not.  No C++ exception crosses this interface.
 *
 * Dictionaries are per request and not thread-safe; expansion is.
 */
#ifndef MANYI_TMPL_H
#define MANYI_TMPL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf;
struct tmpl_dict;

/* Load every *.tpl below dir; 0, or -1 with a message. */
int			 tmpl_init(const char *, char *, size_t);
/* Number of templates loaded (per language). */
size_t			 tmpl_count(void);
struct tmpl_dict	*tmpl_dict_new(void);
void			 tmpl_dict_free(struct tmpl_dict *);
void			 tmpl_set(struct tmpl_dict *, const char *, const char *);
void			 tmpl_set_int(struct tmpl_dict *, const char *, long long);
/* A value every dictionary of the page sees, includes too. */
void			 tmpl_set_global(struct tmpl_dict *, const char *,
			    const char *);
void			 tmpl_show(struct tmpl_dict *, const char *);
/* A new row of a repeated section; owned by its parent. */
struct tmpl_dict	*tmpl_row(struct tmpl_dict *, const char *);
/*
 * The dictionary of include marker {{>name}}; its template file is set
 * with tmpl_filename (language prefix added).
 */
struct tmpl_dict	*tmpl_include(struct tmpl_dict *, const char *);
void			 tmpl_filename(struct tmpl_dict *, const char *,
			    const char *);
/* The root of a dictionary tree (itself for a root). */
struct tmpl_dict	*tmpl_root(struct tmpl_dict *);
/* Expand "<lang>/<file>" into out; 0, or -1 if the template is missing. */
int			 tmpl_render(const char *, const char *,
			    const struct tmpl_dict *, struct buf *);

#ifdef __cplusplus
}
#endif

#endif
