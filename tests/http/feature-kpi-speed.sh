#!/bin/sh
# The structures that make the KPI page and /admin/segments fast at
# 100,000 customers (migration 0016) stay exact, through every writer,
# against a running stack (tools/stack.sh):
#  - kpi_due (each customer's next_due_on and latest interaction),
#    tier_count (customers per tier) and tier_change_day (tier changes
#    per day) equal their recomputation from customers, interactions and
#    tier changes after: a customer made through the form and by SQL
#    (also with @manyi_bulk set, as the import does), an interaction
#    recorded through the form, inserted, moved to another day and
#    customer, and deleted by SQL, a due date and a tier changed by SQL,
#    tier changes recorded and cascaded away, customers deleted, manyi-ctl
#    segment, and interactions bulk-loaded then kpi_due_rebuild();
#  - the KPI page's "due and not contacted" equals the raw rows' for
#    periods where a customer's latest contact is before, in and after
#    the period, with a contact in it or not; the segmentation figure
#    and /admin/segments' tier sizes and changes equal the raw counts;
#  - kpi-snapshot's "missed" of each closed month equals the raw rows'.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# Customers made here have codes starting with KSP + a random suffix;
# they are deleted at the end.
set -u
. "$REPO/tests/lib.sh"
base=http://127.0.0.1:$PORT
tmp=$(mktemp -d)
S=KSP$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
R=$tmp/r
J=$tmp/jar

cleanup() {
	sql "DELETE FROM customer WHERE code LIKE '$S%'" >/dev/null
	# The snapshots stored below counted this script's customers.
	ctl kpi-snapshot >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
get() {	# get OUT PATH [curl args]
	g_out=$1 g_path=$2
	shift 2
	curl -s -i --max-time 30 -b "$J" -c "$J" "$@" "$base$g_path" \
	    > "$g_out" 2>&1 || true
}
post() {	# post OUT PATH [curl args]
	p_out=$1 p_path=$2
	shift 2
	curl -s -i --max-time 30 -b "$J" -c "$J" -H "Origin: $base" \
	    "$@" "$base$p_path" > "$p_out" 2>&1 || true
}
span() { sed -n "s/.*<span id=\"$1\">\([^<]*\)<.*/\1/p" "$R" | head -1; }
cell() { sed -n "s/.*<td class=\"text-end\" id=\"$1\">\([^<]*\)<.*/\1/p" "$R" | head -1; }

# in_step: the three tables equal their recomputation.
in_step() {
	test "$(sql "SELECT
	  (SELECT COUNT(*) FROM customer c LEFT JOIN kpi_due d ON d.customer_id = c.id
	   WHERE d.customer_id IS NULL OR NOT (d.due <=> c.next_due_on)
	   OR NOT (d.last <=> (SELECT MAX(i.occurred_on) FROM interaction i
	     WHERE i.customer_id = c.id)))
	+ (SELECT COUNT(*) FROM kpi_due d LEFT JOIN customer c ON c.id = d.customer_id
	   WHERE c.id IS NULL)
	+ (SELECT COUNT(*) FROM (SELECT tier, SUM(n) FROM tier_count GROUP BY tier
	   HAVING SUM(n) <> 0 EXCEPT SELECT COALESCE(tier, ''), COUNT(*) FROM customer
	   GROUP BY COALESCE(tier, '')) a)
	+ (SELECT COUNT(*) FROM (SELECT COALESCE(tier, ''), COUNT(*) FROM customer
	   GROUP BY COALESCE(tier, '') EXCEPT SELECT tier, SUM(n) FROM tier_count
	   GROUP BY tier HAVING SUM(n) <> 0) b)
	+ (SELECT COUNT(*) FROM (SELECT day, SUM(n) FROM tier_change_day GROUP BY day
	   HAVING SUM(n) <> 0 EXCEPT SELECT changed_on, COUNT(*) FROM customer_tier_change
	   GROUP BY changed_on) c)
	+ (SELECT COUNT(*) FROM (SELECT changed_on, COUNT(*) FROM customer_tier_change
	   GROUP BY changed_on EXCEPT SELECT day, SUM(n) FROM tier_change_day
	   GROUP BY day HAVING SUM(n) <> 0) e)")" = 0
}
# missed FROM TO: the KPI page's "due and not contacted" and its
# segmentation figure equal the raw rows'.
missed() {
	get "$R" "/admin/kpi?from=$1&to=$2"
	expect "kpi $1..$2: 200" 200 "$(status_of "$R")"
	expect "kpi $1..$2: due and not contacted" \
	    "$(sql "SELECT COUNT(*) FROM customer c WHERE next_due_on BETWEEN '$1' AND '$2' AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.customer_id = c.id AND i.occurred_on BETWEEN '$1' AND '$2')")" \
	    "$(span kpi-missed)"
	expect "kpi $1..$2: segmented" \
	    "$(sql "SELECT CONCAT(FORMAT(ROUND(1000 * COUNT(tier) / COUNT(*)) / 10, 1), '%') FROM customer")" \
	    "$(kv segmented)"
}
# sizes: /admin/segments' tier sizes, total and changes equal the raw.
sizes() {
	get "$R" /admin/segments
	expect "segments $1: 200" 200 "$(status_of "$R")"
	expect "segments $1: total" "$(sql "SELECT COUNT(*) FROM customer")" \
	    "$(span segments-total)"
	expect "segments $1: not segmented" \
	    "$(sql "SELECT COUNT(*) FROM customer WHERE tier IS NULL")" \
	    "$(span segments-none)"
	for t in core important basic dormant; do
		expect "segments $1: $t" \
		    "$(sql "SELECT COUNT(*) FROM customer WHERE tier = '$t'")" \
		    "$(cell "tier-$t-count")"
	done
	expect "segments $1: changes this month" \
	    "$(sql "SELECT COUNT(*) FROM customer_tier_change WHERE changed_on >= DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m-01')")" \
	    "$(span segments-changes-count)"
}

# ---- sign in ----
pw=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")
get "$R" /admin/login
post "$R" /admin/login --data "_csrf=$(csrf_in "$R")" \
    --data-urlencode "login=admin" --data-urlencode "password=$pw"
expect "admin signs in" 303 "$(status_of "$R")"
get "$R" /admin/customers
T=$(csrf_in "$R")
uid=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")

check "in step at the start" in_step
sizes "at the start"

# ---- customers through the form and by SQL ----
post "$R" /admin/customers/new --data "_csrf=$T" \
    --data-urlencode "code=${S}F" --data-urlencode "name=Form $S" \
    --data "kind=company" --data "owner=$uid" --data "value_tag=high" \
    --data "stage=signed" --data "complaint_type=normal"
expect "create through the form: 303" 303 "$(status_of "$R")"
F=$(sql "SELECT id FROM customer WHERE code = '${S}F'")
check "in step after a customer made through the form" in_step
# May 2003, a month no other data uses.  A due on the 15th: A contacted
# on the 10th and later (July), B only later, C only before, D never,
# E on the 20th only; G due on the 2nd, contacted on the 1st.
sql "INSERT INTO customer (code, name, next_due_on, tier) VALUES
  ('${S}A', 'A $S', '2003-05-15', 'core'), ('${S}B', 'B $S', '2003-05-15', NULL),
  ('${S}C', 'C $S', '2003-05-15', 'basic'), ('${S}D', 'D $S', '2003-05-15', 'dormant'),
  ('${S}E', 'E $S', '2003-05-15', NULL), ('${S}G', 'G $S', '2003-05-02', 'important')" >/dev/null
check "in step after customers inserted by SQL" in_step
sql "SET @manyi_bulk = 1; INSERT INTO customer (code, name, next_due_on, tier)
  VALUES ('${S}H', 'H $S', '2003-05-20', 'core'), ('${S}I', 'I $S', NULL, NULL);
  UPDATE customer SET tier = 'basic' WHERE code = '${S}H'" >/dev/null
check "in step after customers written with @manyi_bulk (the import)" in_step
id() { sql "SELECT id FROM customer WHERE code = '${S}$1'"; }
A=$(id A) B=$(id B) C=$(id C) D=$(id D) E=$(id E) G=$(id G)
YDAY=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 1 DAY)")
post "$R" "/admin/customers/$F/interactions/new" --data "_csrf=$T" \
    --data "date=$YDAY&method=phone&executor=$uid&satisfaction=4" \
    --data "score_speed=3&score_resolution=4&score_professional=5&score_proactive=5" \
    --data-urlencode "summary=kpi speed $S"
expect "record through the form: 303" 303 "$(status_of "$R")"
check "in step after recording through the form" in_step
sql "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) VALUES
  ($A, '2003-05-10', 'phone', 'k', $uid), ($A, '2003-07-01', 'phone', 'k', $uid),
  ($B, '2003-06-03', 'visit', 'k', $uid), ($C, '2003-04-28', 'email', 'k', $uid),
  ($E, '2003-05-20', 'phone', 'k', $uid), ($G, '2003-05-01', 'phone', 'k', $uid)" >/dev/null
check "in step after interactions inserted by SQL" in_step
missed 2003-05-01 2003-05-31
missed 2003-05-11 2003-05-31
missed 2003-05-02 2003-05-19
missed 2003-05-15 2003-05-15
missed 2003-04-01 2003-06-30
missed 2003-05-01 2003-07-31
# Move B's June contact into May (and to A), then back to B in June.
sql "UPDATE interaction SET occurred_on = '2003-05-16', customer_id = $A
    WHERE customer_id = $B AND occurred_on = '2003-06-03'" >/dev/null
check "in step after moving an interaction to another customer and day" in_step
missed 2003-05-01 2003-05-31
sql "UPDATE interaction SET occurred_on = '2003-06-03', customer_id = $B
    WHERE customer_id = $A AND occurred_on = '2003-05-16'" >/dev/null
check "in step after moving it back" in_step
sql "DELETE FROM interaction WHERE customer_id = $A AND occurred_on = '2003-07-01'" >/dev/null
check "in step after deleting a customer's latest contact" in_step
missed 2003-05-01 2003-05-31
sql "UPDATE customer SET next_due_on = '2003-06-10' WHERE id = $D" >/dev/null
check "in step after a due date changed by SQL" in_step
missed 2003-05-01 2003-05-31
missed 2003-06-01 2003-06-30
sql "UPDATE customer SET tier = 'core' WHERE id IN ($B, $E)" >/dev/null
sql "UPDATE customer SET tier = NULL WHERE id = $C" >/dev/null
check "in step after tiers changed by SQL" in_step
sizes "after tiers changed by SQL"
TODAY=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)")
sql "INSERT INTO customer_tier_change (customer_id, old_tier, new_tier, changed_on) VALUES
  ($B, NULL, 'core', '$TODAY'), ($E, NULL, 'core', '$TODAY'), ($C, 'basic', NULL, '$TODAY'),
  ($C, NULL, 'basic', '2003-05-01')" >/dev/null
check "in step after tier changes recorded" in_step
sizes "after tier changes recorded"
sql "DELETE FROM customer WHERE id IN ($C, $E)" >/dev/null
check "in step after deleting customers (their contacts and changes cascade)" in_step
sizes "after deleting customers"
missed 2003-05-01 2003-05-31

# ---- a bulk loader: triggers paused, then the rebuild ----
sql "SET @manyi_bulk = 1; INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id)
  VALUES ($D, '2003-06-05', 'phone', 'k', $uid); CALL kpi_day_rebuild();
  CALL kpi_due_rebuild()" >/dev/null
check "in step after a bulk load and kpi_due_rebuild()" in_step
missed 2003-06-01 2003-06-30

# ---- manyi-ctl segment re-tiers every customer ----
check "manyi-ctl segment runs" ctl segment
check "in step after manyi-ctl segment" in_step
sizes "after manyi-ctl segment"

# ---- kpi-snapshot: each closed month's missed count ----
# Two months ago: A2 contacted in it and after, B2 only after, C2 never.
M2=$(sql "SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 2 MONTH, '%Y-%m-')")
M1=$(sql "SELECT DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 1 MONTH, '%Y-%m-')")
sql "INSERT INTO customer (code, name, next_due_on) VALUES
  ('${S}A2', 'A2 $S', '${M2}15'), ('${S}B2', 'B2 $S', '${M2}15'), ('${S}C2', 'C2 $S', '${M2}28')" >/dev/null
sql "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) VALUES
  ($(id A2), '${M2}03', 'phone', 'k', $uid), ($(id A2), '${M1}03', 'phone', 'k', $uid),
  ($(id B2), '${M1}04', 'phone', 'k', $uid)" >/dev/null
check "in step before the snapshot" in_step
check "kpi-snapshot runs" ctl kpi-snapshot
expect "kpi-snapshot: missed per closed month equals the raw rows'" \
    "$(sql "SELECT DATE_FORMAT(c.next_due_on, '%Y-%m') m, COUNT(*) FROM customer c
      WHERE c.next_due_on >= DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 12 MONTH, '%Y-%m-01')
      AND c.next_due_on < DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m-01')
      AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.customer_id = c.id
      AND i.occurred_on BETWEEN c.next_due_on - INTERVAL DAYOFMONTH(c.next_due_on) - 1 DAY
      AND LAST_DAY(c.next_due_on)) GROUP BY m ORDER BY m" | tr '\t\n' ' ;')" \
    "$(sql "SELECT month, missed FROM kpi_month WHERE missed <> 0
      AND month >= DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 12 MONTH, '%Y-%m')
      ORDER BY month" | tr '\t\n' ' ;')"
missed "${M2}01" "$(sql "SELECT LAST_DAY('${M2}01')")"

sql "DELETE FROM customer WHERE code LIKE '$S%'" >/dev/null
check "in step at the end" in_step
sizes "at the end"

finish
