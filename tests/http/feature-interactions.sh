#!/bin/sh
# Relationship maintenance against a running stack (tools/stack.sh),
# through nginx: recording an interaction (every validation message, the
# last contact and next due date, a problem's follow-up due the next
# working day), the follow-up state machine, "my work", the monitoring
# table and its CSV export (BOM, header, formula guard, masking, audit),
# and manyi-ctl generate.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
set -u
. "$REPO/tests/lib.sh"
stack_init
HTTP_TIMEOUT=20

# The message shown under a form field.
field_err() { sed -n "s/.*id=\"$2-error\">\([^<]*\)<.*/\1/p" "$1" | head -1; }
# A catalog message (zh-CN, the default language).
catalog() { sed -n "s/^$1 = //p" "$REPO"/i18n/zh-CN/*.txt | head -1; }
has_err() {	# has_err NAME FILE FIELD KEY
	got=$(field_err "$2" "$3")
	want=$(catalog "$4")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "$1"
	else
		not_ok "$1" "field $3: expected '$want', got '$got'"
	fi
}

S=$(rand 3)
pw=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")
J=$tmp/admin.jar
check "sign in as admin" signin admin "$pw" "$J" --data "next=%2Fadmin%2F"
get "$R" "$J" /admin/password
TOK=$(csrf_in "$R")

# ---- generate: refuses without --append, then three customers ----
before=$(sql "SELECT COUNT(*) FROM customer")
if [ "$before" -gt 0 ]; then
	ctl generate --customers 1 --interactions 0 > "$tmp/gen0" 2>&1
	check "generate: refuses when customers exist, without --append" \
	    sh -c "! grep -q '^generated' '$tmp/gen0' && grep -q -- '--append' '$tmp/gen0'"
fi
ctl generate --customers 3 --interactions 0 --append --owner-login admin \
    --seed "$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')" > "$tmp/gen" 2>&1
check "generate: 3 customers appended" grep -q '^generated 3 customers' "$tmp/gen"
after=$(sql "SELECT COUNT(*) FROM customer")
check "generate: the count grew by 3" test "$after" -eq $((before + 3))
check "generate: customer codes are unique" test \
    "$(sql "SELECT COUNT(*) - COUNT(DISTINCT code) FROM customer")" = 0
check "generate: codes look like KH<year><seq>" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code NOT REGEXP '^KH[0-9]{4}[0-9]{3,}\$' AND id > (SELECT MAX(id) - 3 FROM customer)")" = 0
check "generate: every new customer has a contact with a valid mobile" test \
    "$(sql "SELECT COUNT(*) FROM customer c WHERE c.id > (SELECT MAX(id) - 3 FROM customer) AND NOT EXISTS (SELECT 1 FROM customer_contact k WHERE k.customer_id = c.id AND k.mobile REGEXP '^1[358][0-9]{9}\$')")" = 0
C=$(sql "SELECT MAX(id) FROM customer")
C2=$((C - 1))
CODE=$(sql "SELECT code FROM customer WHERE id = $C")
CODE2=$(sql "SELECT code FROM customer WHERE id = $C2")
K=$(sql "SELECT MIN(id) FROM customer_contact WHERE customer_id = $C")
ME=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")
# A dedicated executor keeps this run's rows apart in the monitoring table.
printf '%s\n' "Pw-$(rand 8)-x" | ctl user add --login "t_iex_$S" \
    --role account_manager --name "执行人$S" > /dev/null 2>&1
EX=$(sql "SELECT id FROM \`user\` WHERE login = 't_iex_$S'")
check "an executor account for this run" test -n "$EX"
TODAY=$(TZ=Asia/Shanghai date +%F)
YDAY=$(TZ=Asia/Shanghai date -d yesterday +%F)
OLD=$(TZ=Asia/Shanghai date -d '20 days ago' +%F)
TOMORROW=$(TZ=Asia/Shanghai date -d tomorrow +%F)

# ---- my work: a new customer never contacted is due (overdue) ----
get "$R" "$J" /admin/mywork
expect_status "mywork: 200" 200 "$R"
check "mywork: lists the due customer" has "$R" ">$CODE2</a>"
check "mywork: links to record an interaction" has "$R" "/admin/customers/$C2/interactions/new"

# ---- the form ----
get "$R" "$J" /admin/customers/$C/interactions/new
expect_status "record form: 200" 200 "$R"
check "record form: methods by language (电话)" has "$R" '>电话</option>'
check "record form: the executor defaults to the signed-in user" has "$R" "value=\"$ME\" selected"
check "record form: the date defaults to today" has "$R" "value=\"$TODAY\""
get "$R" "$J" /admin/customers/999999999/interactions/new
expect_status "record form: unknown customer 404" 404 "$R"

# ---- every validation message, input kept ----
LONG=$(head -c 2001 /dev/zero | tr '\0' 'x')
post "$R" "$J" /admin/customers/$C/interactions/new --data "_csrf=$TOK" \
    --data "date=&method=&summary=&executor=" --data-urlencode "comments=保留的意见$S"
expect_status "validation: empty form 422" 422 "$R"
has_err "validation: date required" "$R" date err.required
has_err "validation: method required" "$R" method err.required
has_err "validation: summary required" "$R" summary err.required
has_err "validation: executor required" "$R" executor err.required
check "validation: input kept (comments)" has "$R" "保留的意见$S"
post "$R" "$J" /admin/customers/$C/interactions/new --data "_csrf=$TOK" \
    --data "date=2026-02-30&method=fax&contact=999999&executor=999999" \
    --data "satisfaction=6&score_speed=0&score_resolution=x&score_professional=9&score_proactive=-1" \
    --data "escalate=yes" --data-urlencode "summary=摘要保留$S" \
    --data "comments=$LONG&remarks=$LONG&problem=$LONG"
expect_status "validation: bad values 422" 422 "$R"
has_err "validation: impossible date" "$R" date err.date
has_err "validation: unknown method" "$R" method err.enum
has_err "validation: contact of another customer" "$R" contact err.enum
has_err "validation: unknown executor" "$R" executor err.enum
has_err "validation: satisfaction out of 1-5" "$R" satisfaction err.range
has_err "validation: response speed out of 1-5" "$R" score_speed err.range
has_err "validation: resolution not a number" "$R" score_resolution err.int
has_err "validation: professionalism out of 1-5" "$R" score_professional err.range
has_err "validation: proactiveness out of 1-5" "$R" score_proactive err.range
has_err "validation: escalation flag" "$R" escalate err.enum
has_err "validation: comments too long" "$R" comments err.too_long
has_err "validation: remarks too long" "$R" remarks err.too_long
has_err "validation: problem too long" "$R" problem err.too_long
check "validation: input kept (summary)" has "$R" "摘要保留$S"
check "validation: form error summary shown" has "$R" 'id="form-error"'
post "$R" "$J" /admin/customers/$C/interactions/new --data "_csrf=$TOK" \
    --data "date=$TOMORROW&method=phone&executor=$ME" --data "summary=$LONG"
has_err "validation: date in the future" "$R" date interactions.err.future
has_err "validation: summary too long" "$R" summary err.too_long
check "validation: nothing written" test \
    "$(sql "SELECT COUNT(*) FROM interaction WHERE customer_id = $C")" = 0

# ---- a valid record moves the last contact and the next due date ----
# An open health warning (as manyi-ctl health leaves it) is on my work …
sql "UPDATE customer SET owner_id = $ME, health = 40, health_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE, health_warning_due = UTC_TIMESTAMP() + INTERVAL 1 DAY, health_acted_at = NULL WHERE id = $C" > /dev/null
get "$R" "$J" /admin/mywork
sed -n '/id="mywork-health"/,/<\/section>/p' "$R" > "$R.health"
check "health warning: in my work's warning list before anyone acts" has "$R.health" ">$CODE</a>"
cycle=$(sql "SELECT COALESCE(c.cycle_days, (SELECT value FROM setting WHERE name = CONCAT('cycle.', c.value_tag, '_days'))) FROM customer c WHERE c.id = $C")
post "$R" "$J" /admin/customers/$C/interactions/new --data "_csrf=$TOK" \
    --data "date=$YDAY&method=visit&contact=$K&executor=$EX&satisfaction=4" \
    --data "score_speed=5&score_resolution=4&score_professional=5&score_proactive=3&escalate=1" \
    --data-urlencode "summary==SUM(A1) 回访$S" --data-urlencode "comments=满意" \
    --data-urlencode "remarks=+下周报价" --data-urlencode "problem=发票有误$S"
expect_status "record: 303" 303 "$R"
check "record: to the customer's page" sh -c \
    "[ '$(header "$R" Location)' = '/admin/customers/$C' ]"
check "record: stored with every field" test "$(sql "SELECT CONCAT_WS('|', occurred_on, method, contact_id, satisfaction, score_speed, score_resolution, score_professional, score_proactive, executor_id, escalate, created_by) FROM interaction WHERE customer_id = $C")" = \
    "$YDAY|visit|$K|4|5|4|5|3|$EX|1|$ME"
check "record: last contact is the date" test \
    "$(sql "SELECT last_interaction_on FROM customer WHERE id = $C")" = "$YDAY"
check "record: next due = date + cycle ($cycle days)" test \
    "$(sql "SELECT next_due_on = DATE_ADD('$YDAY', INTERVAL $cycle DAY) FROM customer WHERE id = $C")" = 1
check "health warning: recording an interaction acts on it" test \
    "$(sql "SELECT health_acted_at IS NOT NULL FROM customer WHERE id = $C")" = 1
get "$R" "$J" /admin/mywork
sed -n '/id="mywork-health"/,/<\/section>/p' "$R" > "$R.health"
check "health warning: gone from my work's warning list once acted on" \
    sh -c "! grep -qF '>$CODE</a>' '$R.health'"
check "record: audited (interaction create)" test \
    "$(sql "SELECT COUNT(*) FROM audit a JOIN interaction i ON i.id = a.entity_id WHERE a.entity = 'interaction' AND a.action = 'create' AND i.customer_id = $C")" = 1
post "$R" "$J" /admin/customers/$C/interactions/new --data "_csrf=$TOK" \
    --data "date=$OLD&method=phone&executor=$EX" --data-urlencode "summary=补录$S"
expect_status "record: a late entry 303" 303 "$R"
check "record: a late entry does not move the last contact back" test \
    "$(sql "SELECT last_interaction_on FROM customer WHERE id = $C")" = "$YDAY"

# ---- the problem's follow-up: due one working day later ----
F=$(sql "SELECT f.id FROM follow_up f WHERE f.customer_id = $C AND f.problem = '发票有误$S'")
check "follow-up: created for the problem" test -n "$F"
check "follow-up: owner is the customer's owner" test \
    "$(sql "SELECT f.owner_id = c.owner_id FROM follow_up f JOIN customer c ON c.id = f.customer_id WHERE f.id = $F")" = 1
raised=$(sql "SELECT UNIX_TIMESTAMP(raised_at) FROM follow_up WHERE id = $F")
respond=$(sql "SELECT UNIX_TIMESTAMP(respond_by) FROM follow_up WHERE id = $F")
want=$(python3 -c "
import sys
t = int(sys.argv[1]); tz = 8 * 3600
wd = lambda t: ((t + tz) // 86400 + 3) % 7
while wd(t) >= 5: t += 86400
n = 1
while n: 
    t += 86400
    if wd(t) < 5: n -= 1
print(t)" "$raised")
check "follow-up: respond by the next working day (Asia/Shanghai)" test "$respond" = "$want"

# ---- the follow-up state machine ----
get "$R" "$J" /admin/followups
expect_status "followups: 200" 200 "$R"
check "followups: lists the new follow-up" has "$R" "id=\"followup-$F\""
post "$R" "$J" /admin/followups/$F/resolve --data "_csrf=$TOK"
expect_status "followups: resolve before respond refused (422)" 422 "$R"
check "followups: ... with a message" has "$R" "$(catalog followups.err.state)"
post "$R" "$J" /admin/followups/$F/confirm --data "_csrf=$TOK&satisfaction=5"
expect_status "followups: confirm while open refused (422)" 422 "$R"
post "$R" "$J" /admin/followups/$F/respond --data "_csrf=$TOK"
expect_status "followups: respond 303" 303 "$R"
post "$R" "$J" /admin/followups/$F/respond --data "_csrf=$TOK"
expect_status "followups: respond twice refused (422)" 422 "$R"
post "$R" "$J" /admin/followups/$F/resolve --data "_csrf=$TOK"
expect_status "followups: resolve 303" 303 "$R"
post "$R" "$J" /admin/followups/$F/confirm --data "_csrf=$TOK&satisfaction=9"
expect_status "followups: confirm with a bad satisfaction 422" 422 "$R"
check "followups: ... with a message" has "$R" "$(catalog followups.err.satisfaction)"
post "$R" "$J" /admin/followups/$F/confirm --data "_csrf=$TOK&satisfaction=5" \
    --data-urlencode "note=客户确认$S"
expect_status "followups: confirm 303" 303 "$R"
check "followups: closed loop recorded" test "$(sql "SELECT CONCAT_WS('|', status, attempts, confirmation, confirmation_note, responded_at IS NOT NULL, resolved_at IS NOT NULL, confirmed_at IS NOT NULL) FROM follow_up WHERE id = $F")" = \
    "confirmed|1|5|客户确认$S|1|1|1"
post "$R" "$J" /admin/followups/$F/confirm --data "_csrf=$TOK&satisfaction=5"
expect_status "followups: confirm twice refused (422)" 422 "$R"
post "$R" "$J" /admin/followups/999999999/respond --data "_csrf=$TOK"
expect_status "followups: unknown 404" 404 "$R"
check "followups: each step audited" test \
    "$(sql "SELECT GROUP_CONCAT(action ORDER BY id) FROM audit WHERE entity = 'follow_up' AND entity_id = $F")" = "respond,resolve,confirm"

# ---- the monitoring table ----
get "$R" "$J" "/admin/monitor?from=$OLD&to=$TODAY&executor=$EX"
expect_status "monitor: 200" 200 "$R"
check "monitor: two records of this executor" has "$R" "$(catalog monitor.total | sed 's/%s/2/')"
check "monitor: shows the record" has "$R" "回访$S"
check "monitor: with the customer code" has "$R" ">$CODE</a>"
check "monitor: the four scores and the executor" grep -q "<td>5</td><td>4</td><td>5</td><td>3</td><td>执行人$S</td>" "$R"
get "$R" "$J" "/admin/monitor?from=$OLD&to=$TODAY&executor=$EX&method=email"
check "monitor: method filter" sh -c "! grep -q '回访$S' '$R'"
get "$R" "$J" "/admin/monitor?from=$OLD&to=$TODAY&method=visit&executor=$EX"
check "monitor: method + executor filter keeps it" has "$R" "回访$S"
get "$R" "$J" /admin/monitor
check "monitor: default period is this month" has "$R" "value=\"$(TZ=Asia/Shanghai date +%Y-%m)-01\""

get "$R" "$J" "/admin/monitor.csv?from=$OLD&to=$TODAY&method=visit&executor=$EX"
expect_status "csv: 200" 200 "$R"
check "csv: content type" sh -c "tr -d '\r' < '$R' | grep -qi '^content-type: text/csv'"
body "$R" > "$tmp/csv"
check "csv: starts with a UTF-8 BOM" sh -c "head -c 3 '$tmp/csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "csv: header row" grep -q '"客户编号","客户名称","客户类型","联系人","联系电话"' "$tmp/csv"
check "csv: formula guard on the summary" grep -qF "\"'=SUM(A1) 回访$S\"" "$tmp/csv"
check "csv: formula guard on the remarks" grep -qF "\"'+下周报价\"" "$tmp/csv"
mobile=$(sql "SELECT mobile FROM customer_contact WHERE id = $K")
check "csv: full mobile for a viewer with pii.view" grep -qF "\"$mobile\"" "$tmp/csv"
check "csv: export audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'interaction' AND action = 'export' AND at > NOW() - INTERVAL 5 MINUTE")" -ge 1

# An analyst may export but lacks pii.view: mobiles come out masked.
apw="Pw-$(rand 8)-x"
printf '%s\n' "$apw" | ctl user add --login "t_ia_$S" --role analyst \
    --name "Analyst $S" --department "$(sql "SELECT name FROM department WHERE id = (SELECT department_id FROM customer WHERE id = $C)")" > /dev/null 2>&1 || \
    printf '%s\n' "$apw" | ctl user add --login "t_ia_$S" --role analyst --name "Analyst $S" > /dev/null 2>&1
sql "UPDATE \`user\` SET department_id = (SELECT department_id FROM customer WHERE id = $C) WHERE login = 't_ia_$S'" > /dev/null
JA=$tmp/analyst.jar
check "sign in as an analyst" signin "t_ia_$S" "$apw" "$JA" \
    --data "next=%2Fadmin%2F"
get "$R" "$JA" "/admin/monitor.csv?from=$OLD&to=$TODAY&method=visit&executor=$EX"
body "$R" > "$tmp/csv2"
masked=$(printf '%s' "$mobile" | sed 's/^\(...\)....\(....\)$/\1****\2/')
check "csv: masked mobile without pii.view" grep -qF "\"$masked\"" "$tmp/csv2"
check "csv: ... and never the full one" sh -c "! grep -qF '$mobile' '$tmp/csv2'"
get "$R" "$JA" /admin/mywork
expect_status "mywork: an analyst lacks interactions.record (403)" 403 "$R"

finish
