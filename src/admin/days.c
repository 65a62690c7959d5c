/*
 * Calendar days for the admin pages: today as the company sees it
 * ([site] time_zone, default Asia/Shanghai) and a day as YYYY-MM-DD.
 */
#include "config.h"

#include <time.h>

#include "core/conf.h"
#include "core/arena.h"
#include "core/http.h"
#include "core/valid.h"
#include "admin.h"


long long
admin_today(void)
{
	return ((long long)time(NULL) + site_tz_s) / 86400;
}

const char *
admin_day_str(struct arena *a, long long z)
{
	char	 d[11];

	valid_day_str(z, d);
	return arena_strdup(a, d);
}
