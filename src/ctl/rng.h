/*
 * The deterministic randomness of manyi-ctl's data generators (generate,
 * survey-demo): xorshift64*, small, fast and the same on every platform,
 * so the same seed gives the same data.  One process-wide state; a
 * generator that retries a transaction saves and restores rng_state.
 */
#ifndef MANYI_CTL_RNG_H
#define MANYI_CTL_RNG_H

#include <stdint.h>

extern uint64_t	 rng_state;

void		 rng_seed(long long);
uint64_t	 rng_next(void);
/* Uniform in [0, n). */
long long	 rng_below(long long);
/* Uniform in [0, 1). */
double		 rng_unit(void);
/* Standard normal (Box-Muller). */
double		 rng_normal(void);

#define PICK(a)	((a)[rng_below((long long)(sizeof(a) / sizeof((a)[0])))])

#endif
