/*
 * KPI statements shared by the KPI page (src/admin/kpi.c) and the
 * nightly snapshot job (manyi-ctl kpi-snapshot): one definition of each
 * monthly figure, whoever computes it.
 */
#ifndef MANYI_KPI_H
#define MANYI_KPI_H

/* Month "YYYY-MM", customers contacted, mean professionalism: (first
 * day, last day, first day, last day). */
extern const char *const kpi_trend_contacted;
/* Month "YYYY-MM", customers due in it and not contacted in it. */
extern const char *const kpi_trend_missed;

#endif
