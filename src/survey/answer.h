/*
 * The public answering pages of manyi-survey (answer.c).
 */
#ifndef MANYI_SURVEY_ANSWER_H
#define MANYI_SURVEY_ANSWER_H

struct conf;
struct http_req;

int	 answer_init(const struct conf *);
int	 answer_get(struct http_req *);
int	 answer_post(struct http_req *);
int	 answer_thanks(struct http_req *);

#endif
