#include "config.h"

#include "kpi.h"

/*
 * Customers contacted per month from kpi_link: a customer's first day
 * in a month is the pair whose previous contact is before the month;
 * the mean professionalism from the day sums of kpi_day (the same
 * DECIMAL division AVG does).  Both tables follow the interactions
 * through triggers (migration 0008).
 */
const char *const kpi_trend_contacted =
	"SELECT m, SUM(c), SUM(ps) / NULLIF(SUM(pn), 0) FROM ("
	"SELECT DATE_FORMAT(day, '%Y-%m') AS m, n AS c, 0 AS ps, 0 AS pn "
	"FROM kpi_link WHERE day BETWEEN ? AND ? "
	"AND prev < day - INTERVAL DAYOFMONTH(day) - 1 DAY "
	"UNION ALL SELECT DATE_FORMAT(day, '%Y-%m'), 0, prof_sum, prof_n "
	"FROM kpi_day WHERE day BETWEEN ? AND ?) x "
	"GROUP BY m HAVING SUM(c) > 0 OR SUM(pn) > 0 ORDER BY m";

/*
 * Due in a month and not contacted in it, from kpi_due (migration 0016:
 * next_due_on and the latest interaction of each customer, kept by
 * triggers): a latest contact before the due date's month (or none) is
 * a miss, one in it a contact; only one after it asks the interactions.
 */
const char *const kpi_trend_missed =
	"SELECT DATE_FORMAT(d.due, '%Y-%m'), COUNT(*) FROM kpi_due d "
	"WHERE d.due BETWEEN ? AND ? AND (d.last IS NULL "
	"OR d.last < d.due - INTERVAL DAYOFMONTH(d.due) - 1 DAY "
	"OR (d.last > LAST_DAY(d.due) AND NOT EXISTS (SELECT 1 FROM "
	"interaction i WHERE i.customer_id = d.customer_id AND i.occurred_on "
	"BETWEEN d.due - INTERVAL DAYOFMONTH(d.due) - 1 DAY AND "
	"LAST_DAY(d.due)))) GROUP BY 1";
