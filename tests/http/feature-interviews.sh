#!/bin/sh
# Offline survey answers and the monthly satisfaction interviews against a
# running stack (tools/stack.sh), through nginx:
#   - GET|POST /admin/surveys/<id>/offline: every validation message (422,
#     input kept), channel / customer / day / entered_by stored, pilot
#     answers kept apart, draft and closed surveys refused (409), the
#     department scope of customers, the audit row;
#   - manyi-ctl interview-sample: the percentage rounded up on fixture
#     months, at least one, idempotence, assignment to owners;
#   - GET /admin/interviews: the sample, "mine", progress moving after an
#     offline entry, POST /admin/interviews/<id>/unreachable;
#   - permissions beyond the matrix (other departments, analysts).
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# Fixtures (users, customers, surveys, interactions in months long past)
# are made here with SQL; names carry a random suffix, so reruns do not
# collide.
set -u
. "$REPO/tests/lib.sh"
stack_init
TOK_PAGE=/admin/interviews

S=$(rand 3)

# The zh-CN catalog text of a key (the default language of every page).
text() { sed -n "s/^$1 = //p" "$REPO"/i18n/zh-CN/*.txt | head -1; }
# The message shown in the element with this id.
shown() { tr -d '\r' < "$1" | sed -n "s/.*id=\"$2\"[^>]*>\([^<]*\)<.*/\1/p" | head -1; }
# shows NAME FILE ID KEY: the element ID carries the catalog text of KEY.
shows() {
	s_got=$(shown "$2" "$3")
	s_want=$(text "$4")
	if [ -n "$s_want" ] && [ "$s_got" = "$s_want" ]; then
		ok "$1"
	else
		not_ok "$1" "#$3: want '$s_want' ($4), got '$s_got'"
	fi
}
# The Beijing day, today and with an offset in days.
day() { TZ=Asia/Shanghai date -d "${1:-0} days" +%Y-%m-%d; }

# ---- users: the administrator, account managers in two departments, an
# analyst (no surveys.offline) ----
A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
admin_id=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")
dept_id=$(sql "SELECT MIN(id) FROM department WHERE active = 1")
dept=$(sql "SELECT name FROM department WHERE id = $dept_id")
other_id=$(sql "SELECT MAX(id) FROM department WHERE active = 1 AND id <> $dept_id")
other=$(sql "SELECT name FROM department WHERE id = $other_id")
AM=g_am_$S OT=g_ot_$S AN=g_an_$S SO=g_so_$S GONE=g_gone_$S
am_pw=$(mkuser "$AM" account_manager "$dept")
ot_pw=$(mkuser "$OT" account_manager "$other")
an_pw=$(mkuser "$AN" analyst "$dept")
mkuser "$SO" supervisor "$dept" > /dev/null
mkuser "$GONE" account_manager "$dept" > /dev/null
AG=g_ag_$S
ag_pw=$(mkuser "$AG" agent "$dept")
am_id=$(sql "SELECT id FROM \`user\` WHERE login = '$AM'")
ot_id=$(sql "SELECT id FROM \`user\` WHERE login = '$OT'")
so_id=$(sql "SELECT id FROM \`user\` WHERE login = '$SO'")
gone_id=$(sql "SELECT id FROM \`user\` WHERE login = '$GONE'")
sql "UPDATE \`user\` SET active = 0 WHERE id = $gone_id" > /dev/null
M=$tmp/jar.am O=$tmp/jar.ot N=$tmp/jar.an
check "account manager signs in" signin "$AM" "$am_pw" "$M"
check "other department's account manager signs in" signin "$OT" "$ot_pw" "$O"
check "analyst signs in" signin "$AN" "$an_pw" "$N"
G=$tmp/jar.ag
check "agent signs in" signin "$AG" "$ag_pw" "$G"

# ---- customers: two in the department, one in the other ----
cust() {	# cust CODE NAME OWNER|NULL DEPT: prints the id
	sql "INSERT INTO customer (code, name, owner_id, department_id) VALUES ('$1', '$2', $3, $4); SELECT LAST_INSERT_ID()"
}
C1=G$S-01 C2=G$S-02 C3=G$S-03
c1=$(cust "$C1" "甲线下_$S" "$am_id" "$dept_id")
c2=$(cust "$C2" "乙线下_$S" "$ot_id" "$other_id")
c3=$(cust "$C3" "丙线下_$S<b>" NULL "$dept_id")

# ---- surveys: active (4 questions), pilot, draft, closed ----
survey() {	# survey SLUG STATUS: prints the id
	sql "INSERT INTO survey (slug, status, title_zh, title_en, owner_id) VALUES ('$1', '$2', '线下测试 $1', 'Offline test $1', $so_id); SELECT LAST_INSERT_ID()"
}
question() {	# question SURVEY POS KIND REQUIRED DIM|NULL: prints the id
	sql "INSERT INTO survey_question (survey_id, position, kind, required, dimension, text_zh) VALUES ($1, $2, '$3', $4, $5, '问题 $2'); SELECT LAST_INSERT_ID()"
}
act=$(survey "g-act-$S" active)
q1=$(question "$act" 1 rating 1 "'quality'")
q2=$(question "$act" 2 nps 1 NULL)
q3=$(question "$act" 3 single 0 NULL)
q4=$(question "$act" 4 long 0 NULL)
sql "INSERT INTO survey_option (question_id, position, label_zh) VALUES ($q3, 1, '甲'), ($q3, 2, '乙')" > /dev/null
pil=$(survey "g-pil-$S" pilot)
p1=$(question "$pil" 1 rating 1 "'attitude'")
drf=$(survey "g-drf-$S" draft)
question "$drf" 1 rating 1 "'quality'" > /dev/null
cls=$(survey "g-cls-$S" closed)
question "$cls" 1 rating 1 "'quality'" > /dev/null
responses() { sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $1"; }
T=$(tok "$A")
today=$(day)
yesterday=$(day -1)
tomorrow=$(day 1)

# ---- the form ----
get "$R" "$A" "/admin/surveys/$act/offline"
expect_status "offline: GET is 200 for an active survey" 200 "$R"
check "offline: the survey's questions are on the form (shared partial)" \
    sh -c "grep -qF 'name=\"q$q1\"' '$R' && grep -qF 'name=\"q$q4\"' '$R'"
check "offline: the channels are the offline ones only" sh -c \
    "grep -qF 'value=\"visit\"' '$R' && grep -qF 'value=\"phone\"' '$R' && grep -qF 'value=\"event\"' '$R' && ! grep -qF 'value=\"email\"' '$R'"
check "offline: the day defaults to today (Beijing) and may not be later" \
    sh -c "grep -qF 'name=\"date\" type=\"date\" value=\"$today\" max=\"$today\"' '$R'"
check "offline: no honeypot on the staff form" sh -c "! grep -qF 'name=\"website\"' '$R'"
check "offline: the form posts to the offline page" \
    has "$R" "action=\"/admin/surveys/$act/offline\""
get "$R" "$A" "/admin/surveys/$act/offline?q=%E7%BA%BF%E4%B8%8B_$S"
check "offline: a search lists the matching customers as choices" sh -c \
    "grep -qF '?customer=$C1\"' '$R' && grep -qF '?customer=$C3\"' '$R'"
check "offline: a customer name is shown as text, not markup" \
    has "$R" "丙线下_$S&lt;b&gt;"
get "$R" "$A" "/admin/surveys/$act/offline?q=nomatch$S"
check "offline: a search without a match says so" has "$R" 'id="customer-no-match"'
get "$R" "$A" "/admin/surveys/$act/offline?customer=$C1"
check "offline: a chosen customer is filled in with its name" sh -c \
    "grep -qF 'name=\"customer\" value=\"$C1\"' '$R' && grep -qF '甲线下_$S' '$R'"
get "$R" "$A" "/admin/surveys/$act/offline?customer=NOPE$S"
shows "offline: an unknown code asked for says so" "$R" customer-error \
    sv.offline.err.customer_none
get "$R" "$A" "/admin/surveys/999999999/offline"
expect_status "offline: an unknown survey is 404" 404 "$R"
get "$R" "$A" "/admin/surveys/$act/offline?interview=abc"
expect_status "offline: a bad interview id is 404" 404 "$R"

# ---- draft and closed surveys: a clear page, nothing stored ----
get "$R" "$A" "/admin/surveys/$drf/offline"
expect_status "offline: a draft survey is 409" 409 "$R"
shows "offline: a draft survey says why" "$R" offline-state sv.offline.err.draft
get "$R" "$A" "/admin/surveys/$cls/offline"
expect_status "offline: a closed survey is 409" 409 "$R"
shows "offline: a closed survey says why" "$R" offline-state sv.offline.err.closed
post "$R" "$A" "/admin/surveys/$cls/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=visit&date=$today&q${q1}=4"
expect_status "offline: POST to a closed survey is 409" 409 "$R"
check "offline: nothing stored for the closed survey" test "$(responses "$cls")" = 0
post "$R" "$A" "/admin/surveys/$drf/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=visit&date=$today"
expect_status "offline: POST to a draft survey is 409" 409 "$R"
check "offline: nothing stored for the draft survey" test "$(responses "$drf")" = 0

# ---- every validation message, input kept ----
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T"
expect_status "invalid: an empty form is 422" 422 "$R"
shows "invalid: customer required" "$R" customer-error err.required
shows "invalid: channel required" "$R" channel-error err.required
shows "invalid: day required" "$R" date-error err.required
shows "invalid: a required rating question" "$R" "q$q1-err" sv.form.required
shows "invalid: a required NPS question" "$R" "q$q2-err" sv.form.required
check "invalid: optional questions carry no message" sh -c \
    "! grep -qF 'id=\"q$q3-err\"' '$R' && ! grep -qF 'id=\"q$q4-err\"' '$R'"
shows "invalid: the form's summary" "$R" form-error sv.offline.err.form
long=$(head -c 4001 /dev/zero | tr '\0' 'x')
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "customer=NOPE$S&channel=email&date=$tomorrow" \
    --data "q${q1}=9&q${q2}=11&q${q3}=7" --data "q${q4}=$long"
expect_status "invalid: bad values are 422" 422 "$R"
shows "invalid: an unknown customer code" "$R" customer-error sv.offline.err.customer_none
shows "invalid: a channel that is not offline" "$R" channel-error sv.offline.err.channel
shows "invalid: a day in the future" "$R" date-error sv.offline.err.future
shows "invalid: a rating out of range" "$R" "q$q1-err" sv.form.range
shows "invalid: an NPS out of range" "$R" "q$q2-err" sv.form.range
shows "invalid: an option that does not exist" "$R" "q$q3-err" sv.form.option
shows "invalid: a long text too long" "$R" "q$q4-err" sv.form.too_long
check "kept: the customer typed" has "$R" "name=\"customer\" value=\"NOPE$S\""
check "kept: the day typed" has "$R" "value=\"$tomorrow\""
check "kept: the long text typed" has "$R" "$long</textarea>"
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data-urlencode "customer=线下_$S" --data "channel=phone&date=2026-02-30" \
    --data "q${q1}=4&q${q2}=8" --data-urlencode "q${q4}=保留的意见_$S"
expect_status "invalid: a name instead of a code is 422" 422 "$R"
shows "invalid: a name lists the customers to choose from" "$R" customer-error \
    sv.offline.err.customer_pick
check "invalid: the matches are listed under the field" sh -c \
    "grep -qF '?customer=$C1\"' '$R' && grep -qF '?customer=$C3\"' '$R'"
shows "invalid: a day that does not exist" "$R" date-error err.date
check "kept: the channel chosen" has "$R" 'value="phone" selected'
check "kept: the rating chosen" has "$R" "id=\"q$q1-4\" value=\"4\" autocomplete=\"off\" checked"
check "kept: the text typed" has "$R" "保留的意见_$S</textarea>"
check "invalid: nothing stored" test "$(responses "$act")" = 0

# ---- a valid entry ----
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=visit&date=$yesterday" \
    --data "q${q1}=4&q${q2}=9&q${q3}=2" --data-urlencode "q${q4}=上门时客户说：<script>x</script>"
expect_status "save: 303" 303 "$R"
loc=$(header "$R" Location)
rid=${loc##*saved=}
check "save: redirected to the form with the response saved ($loc)" \
    test "$loc" = "/admin/surveys/$act/offline?saved=$rid"
check "save: channel, customer, entered_by, not pilot" test \
    "$(sql "SELECT CONCAT_WS(',', channel, customer_id, entered_by, pilot, invitation_id IS NULL) FROM survey_response WHERE id = '$rid'")" \
    = "visit,$c1,$admin_id,0,1"
check "save: the day answered is stored (Beijing day)" test \
    "$(sql "SELECT DATE(submitted_at + INTERVAL 8 HOUR) FROM survey_response WHERE id = '$rid'")" = "$yesterday"
check "save: every answer stored" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(question_id, '=', COALESCE(num, text)) ORDER BY question_id SEPARATOR ';') FROM survey_answer WHERE response_id = '$rid'")" \
    = "$q1=4;$q2=9;$q3=2;$q4=上门时客户说：<script>x</script>"
check "save: audited in the same action" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_response' AND entity_id = '$rid' AND action = 'offline_entry' AND user_id = $admin_id AND after_json LIKE '%\"channel\":\"visit\"%'")" = 1
get "$R" "$A" "$loc"
expect_status "save: the page after the save is 200" 200 "$R"
check "save: the flash message is shown" has "$R" "$(text sv.offline.saved)"
check "save: it names the customer and links to enter another" sh -c \
    "grep -qF '$C1 甲线下_$S' '$R' && grep -qF 'id=\"offline-another\"' '$R'"
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "customer=$C3&channel=event&date=$today&q${q1}=5&q${q2}=10"
expect_status "save: today, another channel: 303" 303 "$R"
rid2=$(header "$R" Location); rid2=${rid2##*saved=}
check "save: today's entry keeps the time of entry (today in Beijing)" test \
    "$(sql "SELECT CONCAT(channel, DATE(submitted_at + INTERVAL 8 HOUR)) FROM survey_response WHERE id = '$rid2'")" = "event$today"

# ---- pilot: allowed, kept apart ----
post "$R" "$A" "/admin/surveys/$pil/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=phone&date=$today&q${p1}=3"
expect_status "pilot: offline answers are accepted (303)" 303 "$R"
check "pilot: stored with pilot = 1 (kept apart from the results)" test \
    "$(sql "SELECT pilot FROM survey_response WHERE survey_id = $pil")" = 1
get "$R" "$A" "/admin/surveys/$pil/offline"
check "pilot: the form says the answers are kept apart" has "$R" 'id="offline-pilot"'

# ---- the survey's period bounds the day answered ----
sql "UPDATE survey SET opens_on = '$(day -5)', closes_on = '$(day -2)', version = version + 1 WHERE id = $pil" > /dev/null
n=$(responses "$pil")
post "$R" "$A" "/admin/surveys/$pil/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=phone&date=$(day -6)&q${p1}=3"
expect_status "period: a day before the survey opened is 422" 422 "$R"
shows "period: says the survey opened later" "$R" date-error sv.offline.err.before_open
post "$R" "$A" "/admin/surveys/$pil/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=phone&date=$(day -1)&q${p1}=3"
expect_status "period: a day after the survey closed is 422" 422 "$R"
shows "period: says the survey had closed" "$R" date-error sv.offline.err.after_close
check "period: nothing stored" test "$(responses "$pil")" = "$n"
post "$R" "$A" "/admin/surveys/$pil/offline" --data "_csrf=$T" \
    --data "customer=$C1&channel=phone&date=$(day -3)&q${p1}=3"
expect_status "period: a day within it is saved (303)" 303 "$R"

# ---- department scope ----
TM=$(tok "$M")
get "$R" "$M" "/admin/surveys/$act/offline?q=%E7%BA%BF%E4%B8%8B_$S"
check "scope: the search lists only the viewer's department" sh -c \
    "grep -qF '?customer=$C1\"' '$R' && ! grep -qF '?customer=$C2\"' '$R'"
get "$R" "$M" "/admin/surveys/$act/offline?customer=$C2"
shows "scope: another department's customer cannot be chosen" "$R" \
    customer-error sv.offline.err.customer_none
n=$(responses "$act")
post "$R" "$M" "/admin/surveys/$act/offline" --data "_csrf=$TM" \
    --data "customer=$C2&channel=visit&date=$today&q${q1}=4&q${q2}=9"
expect_status "scope: POST for another department's customer is 422" 422 "$R"
shows "scope: the message is at the customer field" "$R" customer-error \
    sv.offline.err.customer_none
check "scope: nothing stored" test "$(responses "$act")" = "$n"
post "$R" "$M" "/admin/surveys/$act/offline" --data "_csrf=$TM" \
    --data "customer=$C1&channel=phone&date=$today&q${q1}=2&q${q2}=3"
expect_status "scope: the own department's customer: 303" 303 "$R"
rid3=$(header "$R" Location); rid3=${rid3##*saved=}
check "scope: entered_by is the account manager" test \
    "$(sql "SELECT entered_by FROM survey_response WHERE id = '$rid3'")" = "$am_id"
get "$R" "$O" "/admin/surveys/$act/offline?saved=$rid3"
check "scope: another department does not see whose answers were saved" \
    sh -c "! grep -qF 'id=\"offline-saved\"' '$R'"
TN=$(tok "$A")
get "$R" "$N" "/admin/surveys/$act/offline"
expect_status "permission: an analyst cannot open the offline form (403)" 403 "$R"
get "$tmp/ntok" "$N" /admin/customers
post "$R" "$N" "/admin/surveys/$act/offline" --data "_csrf=$(csrf_in "$tmp/ntok")" \
    --data "customer=$C1&channel=phone&date=$today&q${q1}=2&q${q2}=3"
expect_status "permission: an analyst cannot store offline answers (403)" 403 "$R"

# ---- manyi-ctl interview-sample on fixture months ----
# Months long past (the demo's data is recent): a free year per run.
y=$((1900 + 0x$S % 90))
while [ "$(sql "SELECT COUNT(*) FROM survey_interview_sample WHERE month LIKE '$y-%'")" != 0 ]; do
	y=$((y + 1))
done
MA=$y-03 MB=$y-06 MC=$y-09 MD=$y-11
ins=$tmp/ins.sql
: > "$ins"
# MA: 41 customers served (some twice), 4 others only on the days around
# the month; MB: the same 41 customers; MC: 3 customers (owner, no owner,
# inactive owner); MD: nobody.
for i in $(seq 1 41); do
	code=GS$S-$(printf %03d "$i")
	echo "INSERT INTO customer (code, name, owner_id, department_id) VALUES ('$code', '抽样_$S $i', $( [ $((i % 3)) = 0 ] && echo NULL || echo "$am_id"), $dept_id);" >> "$ins"
	echo "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) VALUES (LAST_INSERT_ID(), '$MA-$(printf %02d $((1 + i % 28)))', 'visit', 's', $admin_id);" >> "$ins"
	echo "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) SELECT id, '$MB-15', 'phone', 's', $admin_id FROM customer WHERE code = '$code';" >> "$ins"
	[ $((i % 5)) = 0 ] && echo "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) SELECT id, '$MA-31', 'phone', 's', $admin_id FROM customer WHERE code = '$code';" >> "$ins"
done
for i in 1 2 3 4; do
	code=GX$S-$i
	echo "INSERT INTO customer (code, name, owner_id, department_id) VALUES ('$code', '界外_$S $i', $am_id, $dept_id);" >> "$ins"
	case $i in
	1|2) d="$y-02-28" ;;
	*) d="$y-04-01" ;;
	esac
	echo "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) VALUES (LAST_INSERT_ID(), '$d', 'visit', 's', $admin_id);" >> "$ins"
done
for i in 1 2 3; do
	case $i in
	1) o=$am_id ;;
	2) o=NULL ;;
	3) o=$gone_id ;;
	esac
	echo "INSERT INTO customer (code, name, owner_id, department_id) VALUES ('GC$S-$i', '$( [ "$i" = 3 ] && echo =)九月_$S $i', $o, $dept_id);" >> "$ins"
	echo "INSERT INTO interaction (customer_id, occurred_on, method, summary, executor_id) VALUES (LAST_INSERT_ID(), '$MC-1$i', 'visit', 's', $admin_id);" >> "$ins"
done
mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi < "$ins" > "$tmp/ins.out" 2>&1 ||
    not_ok "fixture: interactions inserted" "$(cat "$tmp/ins.out")"
sampled() { sql "SELECT COUNT(*) FROM survey_interview WHERE month = '$1'"; }

check "sample: an unknown survey is refused" sh -c \
    "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' interview-sample --month $MA --survey nope-$S"
check "sample: a draft survey is refused" sh -c \
    "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' interview-sample --month $MA --survey g-drf-$S"
ctl interview-sample --month "$y-13" --survey "g-act-$S" > "$tmp/o" 2>&1
check "sample: a bad month is a usage error (2)" test $? = 2
ctl interview-sample --month "$MA" --pct 0 --survey "g-act-$S" > "$tmp/o" 2>&1
check "sample: --pct 0 is a usage error (2)" test $? = 2
check "sample: refusals drew nothing" test "$(sampled "$MA")" = 0
pct=$(sql "SELECT value FROM setting WHERE name = 'survey.interview_pct'")
check "sample: the setting survey.interview_pct is 5 by default" test "$pct" = 5
ctl interview-sample --month "$MA" --survey "g-act-$S" > "$tmp/o1" 2>&1
check "sample: the run succeeds" test $? = 0
check "sample: 41 served in $MA (the days around the month do not count), 5% rounded up = 3 drawn" \
    has "$tmp/o1" "$MA: 41 customers served, 3 drawn (5%, survey g-act-$S)"
check "sample: 3 interviews stored" test "$(sampled "$MA")" = 3
check "sample: every drawn customer was served in the month" test \
    "$(sql "SELECT COUNT(*) FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MA' AND c.code LIKE 'GS$S-%' AND i.survey_id = $act AND i.status = 'pending'")" = 3
check "sample: each is assigned to the customer's owner, or the survey's owner" test \
    "$(sql "SELECT COUNT(*) FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MA' AND i.assignee_id = COALESCE(c.owner_id, $so_id)")" = 3
check "sample: the draw is audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'interview_sample' AND after_json LIKE '%\"month\":\"$MA\"%\"drawn\":3%'")" = 1
first=$(sql "SELECT GROUP_CONCAT(customer_id ORDER BY customer_id) FROM survey_interview WHERE month = '$MA'")
ctl interview-sample --month "$MA" --pct 50 --survey "g-act-$S" > "$tmp/o2" 2>&1
check "sample: a second run succeeds" test $? = 0
check "sample: a second run says the month is drawn and draws nothing" \
    has "$tmp/o2" "nothing new drawn"
check "sample: a second run prints what exists" has "$tmp/o2" "GS$S-"
check "sample: idempotent: the same 3 interviews" test \
    "$(sql "SELECT GROUP_CONCAT(customer_id ORDER BY customer_id) FROM survey_interview WHERE month = '$MA'")" = "$first"
ctl interview-sample --month "$MB" --pct 10 --survey "g-act-$S" > "$tmp/o3" 2>&1
check "sample: --pct 10 of 41 served rounds 4.1 up to 5" \
    has "$tmp/o3" "$MB: 41 customers served, 5 drawn (10%"
check "sample: 5 interviews stored for $MB" test "$(sampled "$MB")" = 5
ctl interview-sample --month "$MC" --pct 1 --survey "g-act-$S" > "$tmp/o4" 2>&1
check "sample: at least one when anyone was served (1% of 3)" \
    has "$tmp/o4" "$MC: 3 customers served, 1 drawn"
ctl interview-sample --month "$MD" --survey "g-act-$S" > "$tmp/o5" 2>&1
check "sample: a month nobody was served draws nobody" \
    has "$tmp/o5" "$MD: 0 customers served, 0 drawn"
check "sample: and nothing is stored for it" test "$(sampled "$MD")" = 0
# MC drawn again with everyone, in a fresh month row: all three.
sql "DELETE FROM survey_interview WHERE month = '$MC'; DELETE FROM survey_interview_sample WHERE month = '$MC'" > /dev/null
ctl interview-sample --month "$MC" --pct 100 --survey "g-act-$S" > "$tmp/o6" 2>&1
check "sample: --pct 100 draws every customer served" test "$(sampled "$MC")" = 3
check "sample: owner -> owner; no owner or inactive owner -> the survey's owner" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(c.code, '=', i.assignee_id) ORDER BY c.code) FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MC'")" \
    = "GC$S-1=$am_id,GC$S-2=$so_id,GC$S-3=$so_id"

# ---- the interviews page ----
get "$R" "$A" "/admin/interviews?month=$MC"
expect_status "interviews: GET is 200" 200 "$R"
check "interviews: the nav links to the page" has "$R" 'href="/admin/interviews"'
check "interviews: the month's three customers are listed" sh -c \
    "grep -qF 'GC$S-1' '$R' && grep -qF 'GC$S-2' '$R' && grep -qF 'GC$S-3' '$R'"
check "interviews: the progress starts at 0 / 3" sh -c \
    "grep -qF 'id=\"progress-done\">0<' '$R' && grep -qF 'id=\"progress-total\">3<' '$R'"
check "interviews: the sample's figures (served, drawn)" sh -c \
    "grep -qF 'id=\"sample-drawn\">3<' '$R' && grep -qF 'id=\"sample-served\">3<' '$R'"
iv1=$(sql "SELECT i.id FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MC' AND c.code = 'GC$S-1'")
iv2=$(sql "SELECT i.id FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MC' AND c.code = 'GC$S-2'")
check "interviews: a link enters the interview through the offline form" \
    has "$R" "href=\"/admin/surveys/$act/offline?interview=$iv1\""
get "$R" "$M" "/admin/interviews?month=$MC&mine=1"
check "interviews: 'mine' lists only the viewer's interviews" sh -c \
    "grep -qF 'GC$S-1' '$R' && ! grep -qF 'GC$S-2' '$R' && grep -qF 'id=\"progress-total\">1<' '$R'"
get "$R" "$O" "/admin/interviews?month=$MC"
check "interviews: another department sees none of them" sh -c \
    "! grep -qF 'GC$S-1' '$R' && grep -qF 'id=\"progress-total\">0<' '$R'"
get "$R" "$A" "/admin/interviews?month=$MD"
check "interviews: a month drawn with nobody served shows an empty sample" sh -c \
    "grep -qF 'id=\"interview-empty\"' '$R' && grep -qF 'id=\"progress-total\">0<' '$R'"
get "$R" "$A" "/admin/interviews?month=$y-01"
check "interviews: a month without a sample says so" has "$R" 'id="interview-none"'
get "$R" "$A" "/admin/interviews?month=2026-13"
shows "interviews: a bad month says so" "$R" month-error interview.err.month
get "$R" "$N" "/admin/interviews"
expect_status "permission: an analyst cannot see the interviews (403)" 403 "$R"

# ---- entering an interview ----
get "$R" "$A" "/admin/surveys/$act/offline?interview=$iv1"
expect_status "interview: the form is 200" 200 "$R"
check "interview: the customer is the interview's, fixed" sh -c \
    "grep -qF 'name=\"interview\" value=\"$iv1\"' '$R' && grep -qF 'GC$S-1' '$R' && ! grep -qF 'name=\"customer\"' '$R'"
check "interview: the channel is phone by default" has "$R" 'value="phone" selected'
get "$R" "$A" "/admin/surveys/$pil/offline?interview=$iv1"
expect_status "interview: through another survey's form is 404" 404 "$R"
get "$R" "$O" "/admin/surveys/$act/offline?interview=$iv1"
expect_status "interview: another department cannot enter it (404)" 404 "$R"
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "interview=$iv1&channel=phone&date=$today&q${q1}=4"
expect_status "interview: a missing answer is 422" 422 "$R"
check "interview: the interview stays on the form" has "$R" "name=\"interview\" value=\"$iv1\""
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "interview=$iv1&customer=$C2&channel=phone&date=$today&q${q1}=4&q${q2}=7"
expect_status "interview: saved (303)" 303 "$R"
rid4=$(header "$R" Location); rid4=${rid4##*saved=}
check "interview: done with its response id, in the same action" test \
    "$(sql "SELECT CONCAT(status, ',', response_id, ',', done_at IS NOT NULL) FROM survey_interview WHERE id = $iv1")" = "done,$rid4,1"
cust_gc1=$(sql "SELECT id FROM customer WHERE code = 'GC$S-1'")
check "interview: the response is the interview customer's (a customer field is ignored), phone" test \
    "$(sql "SELECT CONCAT(customer_id, ',', channel) FROM survey_response WHERE id = '$rid4'")" = "$cust_gc1,phone"
check "interview: the audit row names the interview" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_response' AND entity_id = '$rid4' AND after_json LIKE '%\"interview_id\":$iv1%'")" = 1
get "$R" "$A" "/admin/surveys/$act/offline?saved=$rid4"
check "interview: the page after the save links back to the interviews" \
    has "$R" "href=\"/admin/interviews?month=$MC\""
get "$R" "$A" "/admin/interviews?month=$MC"
check "interviews: progress moved to 1 / 3 (33%)" sh -c \
    "grep -qF 'id=\"progress-done\">1<' '$R' && grep -qF 'id=\"progress-pct\">33<' '$R' && grep -qF 'width: 33%' '$R'"
check "interviews: the done interview links to its answers" \
    has "$R" "/admin/surveys/$act/responses/$rid4"
get "$R" "$A" "/admin/surveys/$act/offline?interview=$iv1"
expect_status "interview: a done interview cannot be entered again (409)" 409 "$R"
n=$(responses "$act")
post "$R" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
    --data "interview=$iv1&channel=phone&date=$today&q${q1}=4&q${q2}=7"
expect_status "interview: a second entry is 409" 409 "$R"
check "interview: and stores nothing" test "$(responses "$act")" = "$n"

# ---- unreachable ----
post "$R" "$A" "/admin/interviews/$iv2/unreachable" --data "_csrf=$T" --data "note="
expect_status "unreachable: a note is required (422)" 422 "$R"
shows "unreachable: the message is at the note" "$R" "note-$iv2-error" err.required
post "$R" "$O" "/admin/interviews/$iv2/unreachable" --data "_csrf=$(tok "$O")" \
    --data-urlencode "note=试试"
expect_status "unreachable: another department cannot mark it (404)" 404 "$R"
post "$R" "$N" "/admin/interviews/$iv2/unreachable" \
    --data "_csrf=$(csrf_in "$tmp/ntok")" --data-urlencode "note=试试"
expect_status "unreachable: an analyst cannot mark it (403)" 403 "$R"
post "$R" "$A" "/admin/interviews/$iv2/unreachable" --data "_csrf=$T" \
    --data-urlencode "note=三次无人接听 <i>_$S"
expect_status "unreachable: marked (303)" 303 "$R"
check "unreachable: back to the month" test "$(header "$R" Location)" = "/admin/interviews?month=$MC"
check "unreachable: stored with the note and who" test \
    "$(sql "SELECT CONCAT(status, ',', note, ',', updated_by) FROM survey_interview WHERE id = $iv2")" \
    = "unreachable,三次无人接听 <i>_$S,$admin_id"
check "unreachable: audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'interview' AND entity_id = '$iv2' AND action = 'unreachable'")" = 1
get "$R" "$A" "/admin/interviews?month=$MC"
check "unreachable: counted on the page, the note shown as text" sh -c \
    "grep -qF 'id=\"progress-unreachable\">1<' '$R' && grep -qF '三次无人接听 &lt;i&gt;_$S' '$R'"
post "$R" "$A" "/admin/interviews/$iv2/unreachable" --data "_csrf=$T" --data "note=again"
expect_status "unreachable: only from 'to do' (409)" 409 "$R"
get "$R" "$A" "/admin/interviews?month=$MC&status=unreachable"
check "interviews: the status filter" sh -c \
    "grep -qF 'GC$S-2' '$R' && ! grep -qF 'GC$S-1<' '$R'"
get "$R" "$A" "/admin/surveys/$act/offline?interview=$iv2"
expect_status "unreachable: reached later, it can still be entered" 200 "$R"
post "$R" "$A" "/admin/interviews/999999999/unreachable" --data "_csrf=$T" --data "note=x"
expect_status "unreachable: an unknown interview is 404" 404 "$R"

# ---- two entries of one interview at once: exactly one response ----
iv3=$(sql "SELECT i.id FROM survey_interview i JOIN customer c ON c.id = i.customer_id WHERE i.month = '$MC' AND c.code = 'GC$S-3'")
n=$(responses "$act")
for k in 1 2; do
	post "$tmp/par$k" "$A" "/admin/surveys/$act/offline" --data "_csrf=$T" \
	    --data "interview=$iv3&channel=visit&date=$today&q${q1}=3&q${q2}=6" &
done
wait
check "parallel: one entry saved (303), the other refused (409)" test \
    "$(for k in 1 2; do status_of "$tmp/par$k"; done | sort | tr '\n' ' ')" = "303 409 "
check "parallel: exactly one response stored" test "$(responses "$act")" = $((n + 1))
check "parallel: the interview names that response" test \
    "$(sql "SELECT COUNT(*) FROM survey_interview i JOIN survey_response r ON r.id = i.response_id WHERE i.id = $iv3 AND i.status = 'done'")" = 1

# ---- search and the CSV export ----
get "$R" "$A" "/admin/interviews?month=$MC&q=GC$S-2"
check "search: by code, only the match" sh -c \
    "grep -qF 'GC$S-2' '$R' && ! grep -qF '>GC$S-1<' '$R' && ! grep -qF '>GC$S-3<' '$R'"
check "csv: the page links the export with its filters" \
    has "$R" "href=\"/admin/interviews.csv?month=$MC&amp;q=GC$S-2\""
MOBI=139$(printf '%08d' $(( 0x$S % 100000000 )))
sql "INSERT INTO customer_contact (customer_id, name, mobile, is_primary) VALUES ($cust_gc1, '联系人_$S', '$MOBI', 1)" > /dev/null
get "$R" "$A" "/admin/interviews.csv?month=$MC"
expect_status "csv: 200" 200 "$R"
check "csv: text/csv" sh -c "tr -d '\r' < '$R' | grep -qi '^content-type: text/csv'"
tr -d '\r' < "$R" | sed '1,/^$/d' > "$tmp/csv"
check "csv: starts with a UTF-8 BOM" test "$(head -c 3 "$tmp/csv" | od -An -tx1 | tr -d ' ')" = efbbbf
check "csv: a header and the month's three rows" test "$(wc -l < "$tmp/csv")" = 4
check "csv: the contact's mobile in full for the administrator (pii.view)" \
    has "$tmp/csv" "\"联系人_$S\",\"$MOBI\""
check "csv: a cell starting with = is defused" has "$tmp/csv" "\"'=九月_$S 3\""
check "csv: the status in words" has "$tmp/csv" "\"$(text interview.status.done)\""
check "csv: the export is audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'interview' AND action = 'export' AND after_json LIKE '%\"month\":\"$MC\"%\"rows\":3%'")" -ge 1
get "$R" "$G" "/admin/interviews.csv?month=$MC"
check "csv: an agent (no pii.view) gets the mobile masked" sh -c \
    "grep -qF '\"$(printf %.3s "$MOBI")****$(printf '%s' "$MOBI" | tail -c 4)\"' '$R' && ! grep -qF '$MOBI' '$R'"
get "$R" "$O" "/admin/interviews.csv?month=$MC"
check "csv: another department's export has the header only" test \
    "$(tr -d '\r' < "$R" | sed '1,/^$/d' | wc -l)" = 1

finish
