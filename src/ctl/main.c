/*
 * manyi-ctl: migrations, users and scheduled jobs, for operators,
 * cron and systemd timers.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf.h"
#include "core/db.h"
#include "core/log.h"
#include "ctl.h"

struct command {
	const char	*name;
	int		 (*fn)(struct ctl *, int, char *[]);
	int		 needs_db;
	const char	*help;
};

static int	cmd_version(struct ctl *, int, char *[]);

static const struct command commands[] = {
	{ "migrate", ctl_migrate, 1,
	    "migrate [--status]   apply pending database migrations" },
	{ "user", ctl_user, 1,
	    "user add --login L --role R [--name N] [--email E] [--department D]\n"
	    "                       create a staff account (password from a prompt or stdin)\n"
	    "  user password --login L\n"
	    "                       set a password (prompt or stdin), ending its sessions" },
	{ "segment", ctl_segment, 1,
	    "segment              recompute every customer's tier, recording each change" },
	{ "health", ctl_health, 1,
	    "health               recompute relationship health and its warnings" },
	{ "kpi-snapshot", ctl_kpi_snapshot, 1,
	    "kpi-snapshot         store the last 12 closed months' KPI trend (nightly)" },
	{ "version", cmd_version, 0,
	    "version              print the version" },
	{ "generate", ctl_generate, 1,
	    "generate --customers N --interactions M [--seed S] [--owner-login L] [--append]\n"
	    "                       synthetic customers and interactions for demos and benchmarks" },
	/* interview.c (surveys: interviews) */
	{ "interview-sample", ctl_interview_sample, 1,
	    "interview-sample [--month YYYY-MM] [--pct N] --survey SLUG\n"
	    "                       draw the month's satisfaction interviews (default: last month)" },
	/* apikey.c (surveys: invitations by a CRM through manyi-feed) */
	{ "apikey", ctl_apikey, 1,
	    "apikey add NAME | list | disable NAME\n"
	    "                       API keys of manyi-feed clients (a new key is printed once)" },
	/* clean.c (surveys, helper F) */
	{ "clean-responses", ctl_clean_responses, 1,
	    "clean-responses [--survey ID]\n"
	    "                       mark straight-lined, too fast and duplicate survey responses (daily)" },
	{ "survey-demo", ctl_survey_demo, 1,
	    "survey-demo [--slug S] [--responses N] [--seed S]\n"
	    "                       the demo survey with a year of responses, cleaned (if absent)" },
};

static int
cmd_version(struct ctl *c, int argc, char *argv[])
{
	printf("manyi-ctl %s\n", PACKAGE_VERSION);
	return 0;
}

static void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: manyi-ctl [--config FILE] COMMAND ...\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  %s\n", commands[i].help);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char		*confpath = NULL;
	char			 err[512];
	struct conf		*conf;
	struct db_conf		 dc;
	struct ctl		 c;
	size_t			 i;
	int			 ch, rc;

	log_init("manyi-ctl");
	while ((ch = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		if (ch == 'c')
			confpath = optarg;
		else {
			usage();
			return ch == 'h' ? 0 : 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage();
		return 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i == sizeof(commands) / sizeof(commands[0])) {
		fprintf(stderr, "manyi-ctl: unknown command %s\n", argv[0]);
		usage();
		return 2;
	}
	if (confpath == NULL)
		confpath = getenv("MANYI_CONF");
	if ((conf = conf_load(confpath, err, sizeof(err))) == NULL) {
		fprintf(stderr, "manyi-ctl: %s\n", err);
		return 1;
	}
	if (conf_time_zone(conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "manyi-ctl: %s\n", err);
		conf_free(conf);
		return 1;
	}
	memset(&c, 0, sizeof(c));
	c.conf = conf;
	if ((c.datadir = getenv("MANYI_DATADIR")) == NULL)
		c.datadir = conf_get(conf, "paths", "datadir", MANYI_DATADIR);
	if (commands[i].needs_db) {
		db_library_init();
		db_conf_read(&dc, conf, "ctl");
		/*
		 * Migrations and nightly jobs run long statements (an ALTER
		 * of a large table): an hour unless [db.ctl] io_timeout
		 * says otherwise; connecting still fails fast.
		 */
		if (dc.io_timeout == 0)
			dc.io_timeout = 3600;
		c.db = db_new(&dc);
		if (db_ensure(c.db) != DB_OK) {
			fprintf(stderr, "manyi-ctl: cannot connect to the "
			    "database: %s\n", db_error(c.db));
			db_free(c.db);
			conf_free(conf);
			return 1;
		}
	}
	rc = commands[i].fn(&c, argc, argv);
	db_free(c.db);
	if (commands[i].needs_db)
		db_library_end();
	conf_free(conf);
	return rc;
}
