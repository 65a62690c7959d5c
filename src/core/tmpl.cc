// The ctemplate shim.  C++ only in this file; every entry point catches
// everything, so no exception reaches C.
#include "config.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

extern "C" {
#include "arena.h"
#include "i18n.h"
#include "tmpl.h"
}

struct tmpl_dict {
	ctemplate::TemplateDictionary	*d;
	struct tmpl_dict		*root;	/* NULL for a root */
	std::vector<struct tmpl_dict *>	 kids;	/* roots only */
};

namespace {

size_t	loaded;

// Appends straight into the response buffer: no intermediate string.
class BufEmitter : public ctemplate::ExpandEmitter {
public:
	explicit BufEmitter(struct buf *b) : b_(b) {}
	void Emit(char c) { buf_append(b_, &c, 1); }
	void Emit(const std::string &s) { buf_append(b_, s.data(), s.size()); }
	void Emit(const char *s) { buf_puts(b_, s); }
	void Emit(const char *s, size_t n) { buf_append(b_, s, n); }
private:
	struct buf	*b_;
};

void
html_escape(std::string &out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': out += "&amp;"; break;
		case '<': out += "&lt;"; break;
		case '>': out += "&gt;"; break;
		case '"': out += "&quot;"; break;
		case '\'': out += "&#39;"; break;
		default: out += *s; break;
		}
	}
}

// Replace [[key]] with catalog text; an unknown key is an error.
bool
localize(const std::string &src, enum lang l, std::string &out,
    std::string &missing)
{
	size_t	pos = 0, open, close;

	out.clear();
	while ((open = src.find("[[", pos)) != std::string::npos) {
		if ((close = src.find("]]", open + 2)) == std::string::npos)
			break;
		std::string key = src.substr(open + 2, close - open - 2);
		if (!i18n_has(l, key.c_str())) {
			missing = key;
			return false;
		}
		out.append(src, pos, open - pos);
		html_escape(out, i18n_get(l, key.c_str()));
		pos = close + 2;
	}
	out.append(src, pos, std::string::npos);
	return true;
}

bool
walk(const std::string &root, const std::string &rel,
    std::vector<std::string> &files)
{
	std::string	 dir = rel.empty() ? root : root + "/" + rel;
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;

	if ((d = opendir(dir.c_str())) == NULL)
		return false;
	while ((e = readdir(d)) != NULL) {
		std::string name = e->d_name;
		if (name[0] == '.')
			continue;
		std::string r = rel.empty() ? name : rel + "/" + name;
		if (stat((root + "/" + r).c_str(), &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(root, r, files);
		else if (name.size() > 4 &&
		    name.compare(name.size() - 4, 4, ".tpl") == 0)
			files.push_back(r);
	}
	closedir(d);
	return true;
}

} // namespace

extern "C" int
tmpl_init(const char *dir, char *err, size_t errlen)
{
	try {
		std::vector<std::string> files;

		if (!walk(dir, "", files)) {
			snprintf(err, errlen, "%s: cannot read templates", dir);
			return -1;
		}
		for (const std::string &f : files) {
			std::ifstream in(std::string(dir) + "/" + f,
			    std::ios::binary);
			std::stringstream ss;
			ss << in.rdbuf();
			std::string src = ss.str(), out, missing;
			if (src.compare(0, 13, "{{%AUTOESCAPE") != 0) {
				snprintf(err, errlen, "%s: must start with "
				    "{{%%AUTOESCAPE context=...}}", f.c_str());
				return -1;
			}
			for (int l = 0; l < LANG__MAX; l++) {
				if (!localize(src, (enum lang)l, out, missing)) {
					snprintf(err, errlen, "%s: no message "
					    "%s in %s catalog", f.c_str(),
					    missing.c_str(), lang_codes[l]);
					return -1;
				}
				std::string key = std::string(lang_codes[l]) +
				    "/" + f;
				if (!ctemplate::StringToTemplateCache(key,
				    out.data(), out.size(),
				    ctemplate::STRIP_BLANK_LINES)) {
					snprintf(err, errlen, "%s: template "
					    "syntax error", f.c_str());
					return -1;
				}
			}
		}
		loaded = files.size();
		ctemplate::mutable_default_template_cache()->Freeze();
		return 0;
	} catch (...) {
		snprintf(err, errlen, "%s: loading templates failed", dir);
		return -1;
	}
}

extern "C" size_t
tmpl_count(void)
{
	return loaded;
}

extern "C" struct tmpl_dict *
tmpl_dict_new(void)
{
	try {
		struct tmpl_dict *t = new tmpl_dict;
		t->d = new ctemplate::TemplateDictionary("page");
		t->root = NULL;
		return t;
	} catch (...) {
		arena_oom();
	}
}

extern "C" void
tmpl_dict_free(struct tmpl_dict *t)
{
	if (t == NULL || t->root != NULL)
		return;
	for (struct tmpl_dict *c : t->kids)
		delete c;
	delete t->d;
	delete t;
}

extern "C" void
tmpl_set(struct tmpl_dict *t, const char *k, const char *v)
{
	try {
		t->d->SetValue(k, v ? v : "");
	} catch (...) {
		arena_oom();
	}
}

extern "C" void
tmpl_set_int(struct tmpl_dict *t, const char *k, long long v)
{
	try {
		t->d->SetFormattedValue(k, "%lld", v);
	} catch (...) {
		arena_oom();
	}
}

extern "C" void
tmpl_set_global(struct tmpl_dict *t, const char *k, const char *v)
{
	try {
		t->d->SetTemplateGlobalValue(k, v ? v : "");
	} catch (...) {
		arena_oom();
	}
}

extern "C" void
tmpl_show(struct tmpl_dict *t, const char *section)
{
	try {
		t->d->ShowSection(section);
	} catch (...) {
		arena_oom();
	}
}

// A child handle (section row, include) belongs to its root, which frees
// every handle made under it: C callers free only what tmpl_dict_new gave.
static struct tmpl_dict *
wrap_child(struct tmpl_dict *parent, ctemplate::TemplateDictionary *d)
{
	struct tmpl_dict *root = parent->root ? parent->root : parent;
	struct tmpl_dict *c = new tmpl_dict;

	c->d = d;
	c->root = root;
	root->kids.push_back(c);
	return c;
}

extern "C" struct tmpl_dict *
tmpl_row(struct tmpl_dict *t, const char *section)
{
	try {
		return wrap_child(t, t->d->AddSectionDictionary(section));
	} catch (...) {
		arena_oom();
	}
}

extern "C" struct tmpl_dict *
tmpl_include(struct tmpl_dict *t, const char *name)
{
	try {
		return wrap_child(t, t->d->AddIncludeDictionary(name));
	} catch (...) {
		arena_oom();
	}
}

extern "C" void
tmpl_filename(struct tmpl_dict *t, const char *lang, const char *file)
{
	try {
		t->d->SetFilename(std::string(lang) + "/" + file);
	} catch (...) {
		arena_oom();
	}
}

extern "C" struct tmpl_dict *
tmpl_root(struct tmpl_dict *t)
{
	return t->root ? t->root : t;
}

extern "C" int
tmpl_render(const char *lang, const char *file, const struct tmpl_dict *t,
    struct buf *out)
{
	try {
		BufEmitter e(out);
		bool ok = ctemplate::ExpandWithData(std::string(lang) + "/" +
		    file, ctemplate::STRIP_BLANK_LINES, t->d, NULL, &e);
		return ok ? 0 : -1;
	} catch (...) {
		return -1;
	}
}
