#include "config.h"

#include "kpi.h"

const char *const kpi_trend_contacted =
	"SELECT DATE_FORMAT(occurred_on, '%Y-%m'), COUNT(DISTINCT customer_id), "
	"AVG(score_professional) FROM interaction "
	"WHERE occurred_on BETWEEN ? AND ? GROUP BY 1";

const char *const kpi_trend_missed =
	"SELECT DATE_FORMAT(c.next_due_on, '%Y-%m'), COUNT(*) FROM customer c "
	"WHERE c.next_due_on BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM "
	"interaction i WHERE i.customer_id = c.id AND i.occurred_on BETWEEN "
	"DATE_FORMAT(c.next_due_on, '%Y-%m-01') AND LAST_DAY(c.next_due_on)) "
	"GROUP BY 1";
