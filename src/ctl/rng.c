/* See rng.h. */
#include "config.h"

#include <math.h>
#include <stdint.h>

#include "rng.h"

uint64_t	 rng_state = 1;

void
rng_seed(long long seed)
{
	rng_state = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1;
}

uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

long long
rng_below(long long n)
{
	return n <= 0 ? 0 : (long long)(rng_next() % (uint64_t)n);
}

double
rng_unit(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

double
rng_normal(void)
{
	double	 u = rng_unit(), v = rng_unit();

	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}
