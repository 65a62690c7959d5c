/* manyi-ctl: the command-line tool.  One file per command group. */
#ifndef MANYI_CTL_H
#define MANYI_CTL_H

struct conf;
struct db;

struct ctl {
	const struct conf	*conf;
	struct db		*db;
	const char		*datadir;
};

int	ctl_migrate(struct ctl *, int, char *[]);
int	ctl_user(struct ctl *, int, char *[]);
int	ctl_kpi_snapshot(struct ctl *, int, char *[]);
/* segment.c */
int	ctl_segment(struct ctl *, int, char *[]);
int	ctl_health(struct ctl *, int, char *[]);
/* generate.c */
int	ctl_generate(struct ctl *, int, char *[]);
/* interview.c */
int	ctl_interview_sample(struct ctl *, int, char *[]);
/* apikey.c: keys of manyi-feed's machine clients */
int	ctl_apikey(struct ctl *, int, char *[]);

/* clean.c: survey response cleaning (helper F) */
int	ctl_clean_responses(struct ctl *, int, char *[]);
/* survey_demo.c: the demo survey and its year of responses (helper F) */
int	ctl_survey_demo(struct ctl *, int, char *[]);

#endif
