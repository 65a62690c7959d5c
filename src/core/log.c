#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static const char	*progname = "manyi";

void
log_init(const char *name)
{
	progname = name;
}

static void
stamp(char *s, size_t n)
{
	struct timespec	 ts;
	struct tm	 tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One write per line, so lines from worker threads never interleave. */
void
log_request(const char *id, const char *method, const char *path,
    int status, long long usec, const char *user)
{
	char	 t[32], line[1024];
	int	 n;

	stamp(t, sizeof(t));
	n = snprintf(line, sizeof(line), "%s %s %s %s %.512s %d %lldus %s\n",
	    t, id, progname, method, path, status, usec,
	    user ? user : "-");
	if (n > (int)sizeof(line) - 1) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	fwrite(line, 1, (size_t)n, stderr);
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char	 t[32], msg[900], line[1024];
	int	 n;

	stamp(t, sizeof(t));
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = snprintf(line, sizeof(line), "%s - %s %s: %s\n", t, progname,
	    level, msg);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	fwrite(line, 1, (size_t)n, stderr);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog("warning", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}
