#!/bin/sh
# Segmentation, relationship health and the maintenance KPIs against a
# running stack (tools/stack.sh), through nginx: manyi-ctl segment and
# health on known customers, GET/POST /admin/segments (the chart, the
# validation messages, an audited save) and GET /admin/kpi on a small
# hand-computed data set in March 2001, a month no other data uses.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# Customers made here have codes starting with SGT + a random suffix, so
# reruns do not collide; they are deleted at the end (their interactions,
# follow-ups and tier changes go with them).
set -u
. "$REPO/tests/lib.sh"
stack_init
S=SGT$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
cleanup() {
	sql "DELETE FROM customer WHERE code LIKE '$S%'" >/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
J=$tmp/jar

# get and post here always use the one jar $J (they replace lib.sh's
# get OUT JAR PATH and post OUT JAR PATH).
get() {	# get OUT PATH [curl args]
	g_out=$1 g_path=$2
	shift 2
	curl -s -i --max-time 20 -b "$J" -c "$J" "$@" "$base$g_path" \
	    > "$g_out" 2>&1 || true
}
post() {	# post OUT PATH [curl args]: from one of our own pages
	p_out=$1 p_path=$2
	shift 2
	curl -s -i --max-time 20 -b "$J" -c "$J" -H "Origin: $base" \
	    "$@" "$base$p_path" > "$p_out" 2>&1 || true
}
# row FILE ID: the table row with this id, on one line
row() { tr -d '\n' < "$1" | sed -n "s/.*<tr id=\"$2\">\(.*\)/\1/p" | sed 's/<\/tr>.*//'; }
cid() { sql "SELECT id FROM customer WHERE code = '$S$1'"; }

# ---- sign in ----
pw=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")
get "$R" /admin/login
post "$R" /admin/login --data "_csrf=$(csrf_in "$R")" \
    --data-urlencode "login=admin" --data-urlencode "password=$pw"
expect "admin signs in" 303 "$(status_of "$R")"

# ---- manyi-ctl segment ----
today=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)")
uid=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")
# Ten customers at the very top and bottom of any population: TOP ranks
# first (core), LOW last among the active (dormant), NODATA has no data.
sql "INSERT INTO customer (code, name, annual_spend, interactions_per_month,
    repurchase_count, tier) VALUES
  ('${S}TOP', 'Top $S', 999999999999.00, 9, 9, NULL),
  ('${S}LOW', 'Low $S', 0.01, 0, 0, 'core'),
  ('${S}NODATA', 'None $S', 0, 0, 0, 'basic'),
  ('${S}P1', 'P1 $S', 999999999990.00, 5, 1, NULL),
  ('${S}P2', 'P2 $S', 999999999980.00, 5, 1, NULL),
  ('${S}P3', 'P3 $S', 0.02, 0, 0, NULL),
  ('${S}P4', 'P4 $S', 0.03, 0, 0, NULL),
  ('${S}P5', 'P5 $S', 0.04, 0, 0, NULL),
  ('${S}P6', 'P6 $S', 0.05, 0, 0, NULL),
  ('${S}P7', 'P7 $S', 0.06, 0, 0, NULL)" >/dev/null
check "manyi-ctl segment runs" ctl segment
ctl segment > "$tmp/seg.out" 2>&1
check "segment prints the coverage" grep -q '^coverage' "$tmp/seg.out"
expect "the top customer is core" core \
    "$(sql "SELECT tier FROM customer WHERE code = '${S}TOP'")"
expect "the lowest active customer is dormant" dormant \
    "$(sql "SELECT tier FROM customer WHERE code = '${S}LOW'")"
expect "a customer without data is not segmented" NULL \
    "$(sql "SELECT COALESCE(tier, 'NULL') FROM customer WHERE code = '${S}NODATA'")"
expect "tier change recorded (none -> core, today)" "	core	$today" \
    "$(sql "SELECT COALESCE(old_tier, ''), new_tier, changed_on FROM customer_tier_change WHERE customer_id = $(cid TOP)")"
expect "tier change recorded (core -> dormant)" "core	dormant" \
    "$(sql "SELECT old_tier, new_tier FROM customer_tier_change WHERE customer_id = $(cid LOW)")"
expect "tier change recorded (basic -> none)" "basic	NULL" \
    "$(sql "SELECT old_tier, COALESCE(new_tier, 'NULL') FROM customer_tier_change WHERE customer_id = $(cid NODATA)")"
expect "tier_changed_on set" "$today" \
    "$(sql "SELECT tier_changed_on FROM customer WHERE code = '${S}TOP'")"
ctl segment > /dev/null 2>&1
expect "a rerun records no change again" 1 \
    "$(sql "SELECT COUNT(*) FROM customer_tier_change WHERE customer_id = $(cid TOP)")"

# ---- manyi-ctl health (weights 40/35/25, high-value cycle 30 days) ----
expect "default health weights and cycle" "25 30 35 40" "$(sql "SELECT value FROM setting
    WHERE name IN ('health.weight_frequency', 'health.weight_satisfaction',
    'health.weight_complaints', 'cycle.high_days') ORDER BY value" | tr '\n' ' ' | sed 's/ $//')"
sql "INSERT INTO customer (code, name, value_tag, cycle_days, last_interaction_on,
    health_warning_due) VALUES
  ('${S}H1', 'H1 $S', 'high', NULL, '$today' - INTERVAL 10 DAY, '2001-01-01 00:00:00'),
  ('${S}H2', 'H2 $S', 'normal', NULL, NULL, NULL),
  ('${S}H3', 'H3 $S', 'normal', 10, '$today' - INTERVAL 15 DAY, NULL),
  ('${S}H4', 'H4 $S', 'normal', NULL, NULL, '2030-01-01 00:00:00')" >/dev/null
sql "INSERT INTO interaction (customer_id, occurred_on, method, summary,
    satisfaction, score_speed, score_resolution, score_professional,
    score_proactive, executor_id) VALUES
  ($(cid H1), '$today' - INTERVAL 10 DAY, 'phone', 'h', 5, 5, 5, 5, 5, $uid),
  ($(cid H1), '$today' - INTERVAL 200 DAY, 'phone', 'old', 1, 1, 1, 1, 1, $uid),
  ($(cid H3), '$today' - INTERVAL 15 DAY, 'visit', 'h', 4, 4, NULL, 4, 4, $uid)" >/dev/null
check "manyi-ctl health runs" ctl health
# H1: within its cycle, all fives (the 200-day-old ones do not count).
expect "health: contacted within the cycle, all fives" "100	NULL" \
    "$(sql "SELECT health, COALESCE(health_warning_due, 'NULL') FROM customer WHERE code = '${S}H1'")"
# H2: never contacted: 0 + 35 * 0.5 + 25 = 42.5.
h2=$(sql "SELECT health FROM customer WHERE code = '${S}H2'")
case $h2 in 42|43) ok "health: never contacted ($h2)" ;;
*) not_ok "health: never contacted" "got '$h2', want 42 or 43" ;; esac
expect "warning due 24 h after the run" 1 \
    "$(sql "SELECT health_warning_due BETWEEN UTC_TIMESTAMP() + INTERVAL 23 HOUR AND UTC_TIMESTAMP() + INTERVAL 25 HOUR FROM customer WHERE code = '${S}H2'")"
# H3: 15 days of a 10-day cycle: 40 * 0.5 + 35 * 0.75 + 25 = 71.25.
expect "health: 1.5 cycles, scores of 4" 71 \
    "$(sql "SELECT health FROM customer WHERE code = '${S}H3'")"
expect "an open warning keeps its deadline" "2030-01-01 00:00:00" \
    "$(sql "SELECT health_warning_due FROM customer WHERE code = '${S}H4'")"
expect "health_at set" 1 \
    "$(sql "SELECT health_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR FROM customer WHERE code = '${S}H1'")"

# ---- /admin/segments ----
get "$R" /admin/segments
expect "GET /admin/segments" 200 "$(status_of "$R")"
check "segments: the chart is an inline SVG" has "$R" '<svg xmlns="http://www.w3.org/2000/svg"'
check "segments: the chart has its id" has "$R" 'id="segments-chart"'
check "segments: coverage shown" has "$R" 'id="segments-coverage"'
check "segments: the tier change links the customer" has "$R" "/admin/customers/$(cid TOP)\">${S}TOP</a>"
check "segments: the strategy is shown" has "$R" '专属客户经理一对一服务'
tok=$(csrf_in "$R")
# The stored settings, as a form body (curl --data-urlencode per field).
form_args() {
	sql "SELECT code, share_pct, contact_days, strategy_zh, strategy_en FROM tier ORDER BY sort" |
	while IFS='	' read -r c sh dy zh en; do
		printf '%s\n' "share_$c=$sh" "days_$c=$dy" "zh_$c=$zh" "en_$c=$en"
	done
}
form_args > "$tmp/orig"
# post_form OUT [NAME=VALUE ...]: the stored settings with some replaced.
post_form() {
	pf_out=$1
	shift
	cp "$tmp/orig" "$tmp/form"
	for kv in "$@"; do
		k=${kv%%=*}
		grep -v "^$k=" "$tmp/form" > "$tmp/form2"
		printf '%s\n' "$kv" >> "$tmp/form2"
		mv "$tmp/form2" "$tmp/form"
	done
	set -- --data "_csrf=$tok"
	while IFS= read -r kv; do set -- "$@" --data-urlencode "$kv"; done < "$tmp/form"
	post "$pf_out" /admin/segments "$@"
}
post_form "$R" share_core=abc
expect "segments: a share that is not a number" 422 "$(status_of "$R")"
check "segments: its message" has "$R" '请输入整数。'
check "segments: the input is kept" has "$R" 'value="abc"'
post_form "$R" days_basic=0
expect "segments: contact days 0" 422 "$(status_of "$R")"
check "segments: range message" has "$R" '数值超出允许范围。'
post_form "$R" days_basic=366
expect "segments: contact days 366" 422 "$(status_of "$R")"
post_form "$R" zh_core=
expect "segments: an empty strategy" 422 "$(status_of "$R")"
check "segments: required message" has "$R" '此项为必填项。'
post_form "$R" "en_core=$(head -c 1001 /dev/zero | tr '\0' x)"
expect "segments: a strategy of 1001 characters" 422 "$(status_of "$R")"
check "segments: too long message" has "$R" '内容过长。'
post_form "$R" share_core=11
expect "segments: shares adding up to 101" 422 "$(status_of "$R")"
check "segments: sum message" has "$R" '四层的目标占比合计必须为 100%'
audits=$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'tier'")
post_form "$R" share_core=15 share_dormant=25 "en_core=Weekly contact $S"
expect "segments: a valid save" 303 "$(status_of "$R")"
expect "segments: stored" "15	Weekly contact $S" \
    "$(sql "SELECT share_pct, strategy_en FROM tier WHERE code = 'core'")"
expect "segments: one audit row per tier changed" $((audits + 2)) \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'tier'")"
expect "segments: the audit row holds the new text" 1 \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'tier' AND action = 'update' AND after_json LIKE '%Weekly contact $S%' AND before_json LIKE '%share_pct%'")"
post_form "$R"
expect "segments: restored" 303 "$(status_of "$R")"
expect "segments: restored values" 10 \
    "$(sql "SELECT share_pct FROM tier WHERE code = 'core'")"
get "$R" /admin/segments -H 'Accept-Language: en'
expect "GET /admin/segments (en)" 200 "$(status_of "$R")"

# ---- /admin/kpi on March 2001 ----
sql "INSERT INTO customer (code, name, next_due_on) VALUES
  ('${S}K1', 'K1 $S', '2001-03-10'), ('${S}K2', 'K2 $S', '2001-03-20'),
  ('${S}K3', 'K3 $S', '2001-04-15'), ('${S}K4', 'K4 $S', '2001-03-31')" >/dev/null
sql "INSERT INTO interaction (customer_id, occurred_on, method, summary,
    satisfaction, score_speed, score_resolution, score_professional,
    score_proactive, executor_id) VALUES
  ($(cid K1), '2001-03-05', 'phone', 'k', 5, 5, 4, 5, 3, $uid),
  ($(cid K3), '2001-03-25', 'visit', 'k', 4, 3, 4, 4, 5, $uid)" >/dev/null
iid=$(sql "SELECT id FROM interaction WHERE customer_id = $(cid K1)")
# Times are UTC; the period is Beijing's March (from 02-28 16:00 UTC).
sql "INSERT INTO follow_up (interaction_id, customer_id, problem, owner_id,
    raised_at, respond_by, responded_at, resolved_at, attempts, status) VALUES
  ($iid, $(cid K1), 'F1', $uid, '2001-03-05 02:00', '2001-03-06 02:00', '2001-03-05 10:00', '2001-03-07 02:00', 1, 'resolved'),
  ($iid, $(cid K1), 'F2', $uid, '2001-03-10 02:00', '2001-03-11 02:00', '2001-03-12 02:00', '2001-03-15 02:00', 2, 'resolved'),
  ($iid, $(cid K1), 'F3', $uid, '2001-03-20 02:00', '2001-03-21 02:00', NULL, NULL, 0, 'open'),
  ($iid, $(cid K1), 'F4', $uid, '2001-02-28 17:00', '2001-03-02 02:00', '2001-03-01 03:00', '2001-03-31 17:00', 1, 'resolved'),
  ($iid, $(cid K1), 'F5', $uid, '2001-03-31 16:30', '2001-04-02 02:00', '2001-04-01 03:00', NULL, 0, 'responded')" >/dev/null
get "$R" '/admin/kpi?from=2001-03-01&to=2001-03-31'
expect "GET /admin/kpi (March 2001)" 200 "$(status_of "$R")"
check "kpi: two trend charts" test "$(grep -o '<svg xmlns' "$R" | wc -l)" -eq 2
check "kpi: the goal line is drawn" has "$R" 'class="goal"'
# Contacted K1, K3; due and not contacted K2, K4: 2 / 4.
expect "kpi: maintenance coverage" "50.0%" "$(kv coverage)"
expect "kpi: satisfaction (5 + 4) / 2" "4.50" "$(kv satisfaction)"
expect "kpi: response speed (5 + 3) / 2" "4.00" "$(kv speed)"
expect "kpi: resolution (4 + 4) / 2" "4.00" "$(kv resolution)"
expect "kpi: professionalism (5 + 4) / 2" "4.50" "$(kv professional)"
check "kpi: professionalism meets 4.5" sh -c "printf '%s' '$(row "$R" kpi-professional)' | grep -q 'text-bg-success'"
expect "kpi: proactiveness (3 + 5) / 2" "4.00" "$(kv proactive)"
# Raised in Beijing's March: F1, F2, F3 (overdue), F4; on time F1, F4.
expect "kpi: follow-ups answered on time" "50.0%" "$(kv followup)"
# Resolved in March: F1 (first attempt), F2 (second); F4 is April 1st.
expect "kpi: first-time resolution" "50.0%" "$(kv first_time)"
check "kpi: first-time resolution misses 90%" sh -c "printf '%s' '$(row "$R" kpi-first_time)' | grep -q 'text-bg-danger'"
get "$R" '/admin/kpi?from=2001-03-31&to=2001-03-01'
expect "kpi: an end before the start" 422 "$(status_of "$R")"
check "kpi: its message" has "$R" '截止日期不能早于起始日期'
get "$R" '/admin/kpi?from=2001-02-30'
expect "kpi: no such date" 422 "$(status_of "$R")"
get "$R" /admin/kpi
expect "GET /admin/kpi (this month)" 200 "$(status_of "$R")"
check "kpi: printable (filter hidden in print)" has "$R" 'd-print-none'

# The nightly snapshot of closed months draws exactly what the live
# computation draws (without snapshots every month is computed live).
mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -e "DELETE FROM kpi_month"
get "$R" /admin/kpi
sed -n '/<svg/,/<\/svg>/p' "$R" > "$tmp/live.svg"
MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$RUN/manyi.conf" kpi-snapshot > "$tmp/snap.out" 2>&1
check "kpi-snapshot runs" grep -q 'stored' "$tmp/snap.out"
check "kpi-snapshot stores the 12 closed months" \
    test "$(mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -e \
    "SELECT COUNT(*) FROM kpi_month WHERE month >= DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR - INTERVAL 12 MONTH, '%Y-%m') AND month < DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m')")" -eq 12
get "$R" /admin/kpi
sed -n '/<svg/,/<\/svg>/p' "$R" > "$tmp/snap.svg"
check "kpi: the trend from snapshots equals the live one" cmp -s "$tmp/live.svg" "$tmp/snap.svg"

finish
