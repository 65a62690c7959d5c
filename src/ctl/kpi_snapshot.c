/*
 * manyi-ctl kpi-snapshot: store the monthly trend figures of the twelve
 * closed months before the current one (company time zone) in kpi_month, so
 * the KPI page computes only the current month live.  Run it nightly
 * (after segment and health); it replaces what it computes, so a
 * back-dated interaction is picked up the next night.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/db.h"
#include "core/kpi.h"
#include "ctl.h"

enum stmt {
	STMT_RANGE,
	STMT_UPSERT,
	STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_RANGE: the first day 12 months back, the last day of last
	 * month, in Beijing. */
	"SELECT DATE_FORMAT(d - INTERVAL 12 MONTH, '%Y-%m-01'), "
	"DATE_FORMAT(LAST_DAY(d - INTERVAL 1 MONTH), '%Y-%m-%d') "
	"FROM (SELECT DATE(UTC_TIMESTAMP() + INTERVAL @manyi_tz SECOND) AS d) x",
	/* STMT_UPSERT */
	"INSERT INTO kpi_month (month, contacted, missed, professional, "
	"computed_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP()) "
	"ON DUPLICATE KEY UPDATE contacted = VALUES(contacted), "
	"missed = VALUES(missed), professional = VALUES(professional), "
	"computed_at = VALUES(computed_at)",
};

struct snap {
	struct db_rows	*con, *mis, *range;
};

/* One transaction: every month of the range, including empty ones. */
static enum db_err
snap_write(struct db *db, void *arg)
{
	struct snap	*s = arg;
	char		 ym[8];
	int		 y, m, ly, lm;
	size_t		 i;
	long long	 nc, nm;
	const char	*prof;
	enum db_err	 e;

	y = atoi(s->range->v[0][0]);
	m = atoi(s->range->v[0][0] + 5);
	ly = atoi(s->range->v[0][1]);
	lm = atoi(s->range->v[0][1] + 5);
	while (y < ly || (y == ly && m <= lm)) {
		snprintf(ym, sizeof(ym), "%04d-%02d", y, m);
		nc = nm = 0;
		prof = NULL;
		for (i = 0; i < s->con->n; i++)
			if (strcmp(s->con->v[i][0], ym) == 0) {
				nc = db_int(s->con->v[i][1]);
				prof = s->con->v[i][2];
			}
		for (i = 0; i < s->mis->n; i++)
			if (strcmp(s->mis->v[i][0], ym) == 0)
				nm = db_int(s->mis->v[i][1]);
		if ((e = db_exec(db, NULL, NULL, stmts[STMT_UPSERT], "siis", ym,
		    nc, nm, prof)) != DB_OK)
			return e;
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	return DB_OK;
}

int
ctl_kpi_snapshot(struct ctl *c, int argc, char *argv[])
{
	struct arena	*a = arena_new();
	struct db_rows	 range, con, mis;
	struct snap	 s = { &con, &mis, &range };
	int		 rc = 1;

	if (db_query(c->db, a, &range, stmts[STMT_RANGE], "") != DB_OK ||
	    range.n != 1 ||
	    db_query(c->db, a, &con, kpi_trend_contacted, "ssss",
	    range.v[0][0], range.v[0][1], range.v[0][0], range.v[0][1]) !=
	    DB_OK ||
	    db_query(c->db, a, &mis, kpi_trend_missed, "ss", range.v[0][0],
	    range.v[0][1]) != DB_OK ||
	    db_tx(c->db, snap_write, &s) != DB_OK)
		fprintf(stderr, "manyi-ctl: kpi-snapshot: %s\n",
		    db_error(c->db));
	else {
		printf("kpi-snapshot: months %.7s to %.7s stored\n",
		    range.v[0][0], range.v[0][1]);
		rc = 0;
	}
	arena_free(a);
	return rc;
}
