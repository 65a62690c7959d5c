#!/bin/sh
# Survey results against a running stack (tools/stack.sh), through nginx:
# a fixture survey (13 questions: 8 ratings on three dimensions, NPS,
# CES, long text, single and multiple choice) with hand-made responses
# (SQL), then: the cleaning marks exactly the expected responses with the
# right reasons (page and manyi-ctl, twice = no change), the figures on
# the results page equal hand-computed ones (CSAT, score, NPS, CES,
# dimensions and their flags) with pilot and marked responses left out,
# an overturn counts a response again, the filters change the figures
# as computed, the responses list and its states, one response, the CSV
# (BOM, columns, one row per response, labels, formula guard), a text
# answer with markup stays text everywhere, the customer's page lists
# its response, every state change is audited, bad filters are 422.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
set -u
. "$REPO/tests/lib.sh"
stack_init

S=$(rand 3)

# The text of the element with this id's "score-value" / class cell.
val() {	# val FILE ID: the first score-value cell in the row with that id
	tr -d '\r' < "$1" | grep -o "id=\"$2\".*" | head -1 |
	    sed -n 's/.*class="text-end score-value">\([^<]*\)<.*/\1/p'
}
num() {	# num FILE ID: the text of <div ... id="ID">TEXT</div>
	tr -d '\r' < "$1" | sed -n "s/.*id=\"$2\">\([^<]*\)<.*/\1/p" | head -1
}
dim() {	# dim FILE CODE: "MEAN FLAG" of a dimension row
	d_row=$(tr -d '\r' < "$1" | grep -o "<tr id=\"dim-$2\".*" | head -1)
	d_mean=$(printf '%s' "$d_row" | sed -n 's/.*class="text-end dim-mean">\([^<]*\)<.*/\1/p')
	case $d_row in *dim-below*) d_flag=below ;; *) d_flag=ok ;; esac
	printf '%s %s' "$d_mean" "$d_flag"
}
want() {	# want NAME GOT EXPECTED
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi
}

A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
admin_id=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")

# ---- fixture: two customers, the survey, its questions ----
ca=$(sql "INSERT INTO customer (code, name, tier, value_tag) VALUES ('TR$S-A', '结果测试甲 $S', 'core', 'high'); SELECT LAST_INSERT_ID()")
cb=$(sql "INSERT INTO customer (code, name, tier, value_tag) VALUES ('TR$S-B', '结果测试乙 $S', 'basic', 'normal'); SELECT LAST_INSERT_ID()")
sid=$(sql "INSERT INTO survey (slug, status, title_zh, title_en, min_seconds) VALUES ('t-res-$S', 'active', '结果测试问卷 $S', 'Results test $S', 30); SELECT LAST_INSERT_ID()")
q() {	# q POSITION KIND DIMENSION: prints the question id
	sql "INSERT INTO survey_question (survey_id, position, kind, required, dimension, text_zh, text_en) VALUES ($sid, $1, '$2', 0, $3, '题目 $1', 'Question $1'); SELECT LAST_INSERT_ID()"
}
Q1=$(q 1 rating "'quality'"); Q2=$(q 2 rating "'quality'"); Q3=$(q 3 rating "'quality'")
Q4=$(q 4 rating "'response'"); Q5=$(q 5 rating "'response'"); Q6=$(q 6 rating "'response'")
Q7=$(q 7 rating "'value'"); Q8=$(q 8 rating "'value'")
Q9=$(q 9 nps NULL); Q10=$(q 10 ces NULL); Q11=$(q 11 long NULL)
Q12=$(q 12 single NULL); Q13=$(q 13 multiple NULL)
sql "INSERT INTO survey_option (question_id, position, label_zh, label_en) VALUES ($Q12, 1, '选项甲', 'Option A'), ($Q12, 2, '选项乙', 'Option B'), ($Q13, 1, '功能X', 'X'), ($Q13, 2, '功能Y', 'Y'), ($Q13, 3, '功能Z', 'Z')" > /dev/null
# Invitations: three answered, one not, one pilot.
inv() {	# inv CUSTOMER CHANNEL PILOT: prints the invitation id
	sql "INSERT INTO survey_invitation (survey_id, customer_id, channel, token_hash, pilot, created_at) VALUES ($sid, $1, '$2', UNHEX(SHA2('$S-$(rand 8)', 256)), $3, '2026-03-01 02:00:00'); SELECT LAST_INSERT_ID()"
}
I1=$(inv "$ca" crm 0); I2=$(inv "$cb" email 0); I3=$(inv "$ca" sms 0)
inv "$cb" email 0 > /dev/null; I5=$(inv "$cb" email 1)
# resp INVITATION CUSTOMER CHANNEL PILOT SUBMITTED DURATION ADDR "r1 .. r8" NPS CES TEXT SINGLE MULTI
resp() {
	r_id=$(sql "INSERT INTO survey_response (survey_id, survey_version, invitation_id, customer_id, channel, pilot, submitted_at, duration_s, addr_hash) VALUES ($sid, 1, $1, $2, '$3', $4, '$5', $6, UNHEX(MD5('$S-$7'))); SELECT LAST_INSERT_ID()")
	set -- "$r_id" "$8" "$9" "${10}" "${11}" "${12}" "${13}"
	k=0
	for v in $2; do
		k=$((k + 1))
		eval "qq=\$Q$k"
		sql "INSERT INTO survey_answer (response_id, question_id, num) VALUES ($1, $qq, $v)" > /dev/null
	done
	sql "INSERT INTO survey_answer (response_id, question_id, num) VALUES ($1, $Q9, $3), ($1, $Q10, $4), ($1, $Q12, $6), ($1, $Q13, $7)" > /dev/null
	[ -n "$5" ] && sql "INSERT INTO survey_answer (response_id, question_id, text) VALUES ($1, $Q11, '$5')" > /dev/null
	printf '%s' "$1"
}
XSS='<script>alert(1)</script>很好'
R1=$(resp "$I1" "$ca" crm 0 '2026-03-10 04:00:00' 100 h1 "5 5 5 4 4 4 3 3" 10 2 "$XSS" 1 5)
R2=$(resp "$I2" "$cb" email 0 '2026-04-30 17:00:00' 200 h2 "4 4 4 2 2 2 3 3" 6 5 '=HYPERLINK(1)' 2 2)
R3=$(resp NULL NULL link 0 '2026-05-20 02:00:00' 90 h3 "5 4 5 5 4 5 4 4" 9 1 "价格 $S 合适" 1 7)
R4=$(resp NULL NULL link 0 '2026-05-21 02:00:00' 10 h4 "1 2 1 2 1 2 1 2" 0 7 '' 2 1)
R5=$(resp "$I3" "$ca" sms 0 '2026-03-11 02:00:00' 150 h5 "3 3 3 3 3 3 3 3" 5 4 '' 1 1)
R6=$(resp NULL NULL link 0 '2026-05-20 03:00:00' 100 h3 "2 3 2 3 2 3 2 3" 3 3 '' 2 2)
R7=$(resp "$I5" "$cb" email 1 '2026-02-20 02:00:00' 100 h7 "1 1 2 1 1 1 1 1" 0 7 '' 1 1)
check "fixture: seven responses" test "$(sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $sid")" = 7
RES=/admin/surveys/$sid

# ---- before cleaning: every non-pilot response counts ----
get "$R" "$A" "$RES/results"
expect_status "results: 200" 200 "$R"
want "results: before cleaning 6 valid" "$(num "$R" n-valid)" 6
want "results: pilot shown apart (1)" "$(num "$R" n-pilot)" 1
want "results: 4 non-pilot invitations" "$(num "$R" n-invited)" 4
want "results: response rate 3 / 4 = 75.0%" "$(num "$R" n-rate)" "75.0%"

# ---- clean now: exactly the expected marks ----
T=$(csrf_in "$R")
post "$R" "$A" "$RES/clean" --data "_csrf=$T"
expect_status "clean: 303" 303 "$R"
want "clean: back to the results" "$(header "$R" Location | sed 's|^.*/admin|/admin|')" "$RES/results"
marks=$(sql "SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(invalid_reason, '-')) ORDER BY id) FROM survey_response WHERE survey_id = $sid")
want "clean: R4 fast, R5 straight, R6 duplicate of R3, the rest unmarked" "$marks" \
    "$R1:-,$R2:-,$R3:-,$R4:fast,$R5:straight,$R6:duplicate,$R7:-"
want "clean: every response has cleaned_at" \
    "$(sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $sid AND cleaned_at IS NULL")" 0
snap=$(sql "SELECT GROUP_CONCAT(id, COALESCE(invalid_reason, '-'), cleaned_at ORDER BY id) FROM survey_response WHERE survey_id = $sid")
check "clean: audited with the counts" sh -c "
    mariadb --no-defaults -S '$RUN/db.sock' -uroot manyi -N -B -e \"SELECT after_json FROM audit WHERE entity = 'survey' AND entity_id = '$sid' AND action = 'clean' ORDER BY id LIMIT 1\" |
    grep -q '\"checked\":7.*\"duplicate\":1.*\"fast\":1.*\"straight\":1'"
sleep 1
post "$R" "$A" "$RES/clean" --data "_csrf=$T"
expect_status "clean again: 303" 303 "$R"
want "clean again: nothing changes" "$(sql "SELECT GROUP_CONCAT(id, COALESCE(invalid_reason, '-'), cleaned_at ORDER BY id) FROM survey_response WHERE survey_id = $sid")" "$snap"

# manyi-ctl clean-responses: a new fast response, marked once.
R8=$(resp NULL NULL link 0 '2026-06-01 02:00:00' 5 h8 "4 5 4 5 4 5 4 5" 8 2 '' 1 1)
check "ctl: clean-responses --survey marks the new one" sh -c \
    "MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' clean-responses --survey $sid | grep -q '^clean-responses: 1 checked, 0 valid, 0 duplicate, 1 fast'"
want "ctl: R8 is marked fast" "$(sql "SELECT invalid_reason FROM survey_response WHERE id = $R8")" fast
check "ctl: a second run checks nothing" sh -c \
    "MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' clean-responses --survey $sid | grep -q '^clean-responses: 0 checked'"
check "ctl: a bad survey id is refused (2)" sh -c \
    "MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' clean-responses --survey x1 2>/dev/null; test \$? = 2"

# ---- the figures, by hand (R1, R2, R3 count) ----
# Ratings: R1 5,5,5,4,4,4,3,3 (33); R2 4,4,4,2,2,2,3,3 (24);
# R3 5,4,5,5,4,5,4,4 (36): 24 ratings, sum 93, mean 3.875, score 77.5;
# 4-5: 6 + 3 + 8 = 17 of 24 = 70.8%.  NPS 10, 6, 9: (2 - 1) / 3 = 33.3.
# CES 2, 5, 1: 2.67.  Quality 41/9 = 4.56 (above 3.875); response
# 32/9 = 3.56 and value 20/6 = 3.33 are below: flagged.
get "$R" "$A" "$RES/results"
want "results: 3 valid" "$(num "$R" n-valid)" 3
want "results: 4 marked (R4, R5, R6, R8)" "$(num "$R" n-marked)" 4
want "results: 1 pilot" "$(num "$R" n-pilot)" 1
want "results: CSAT 70.8%" "$(val "$R" score-csat)" "70.8%"
want "results: satisfaction score 77.5" "$(val "$R" score-score)" "77.5"
want "results: NPS 33.3" "$(val "$R" score-nps)" "33.3"
want "results: CES 2.67" "$(val "$R" score-ces)" "2.67"
want "results: mean rating 3.88" "$(num "$R" score-mean)" "3.88"
want "results: quality 4.56, not flagged" "$(dim "$R" quality)" "4.56 ok"
want "results: response 3.56, flagged" "$(dim "$R" response)" "3.56 below"
want "results: value 3.33, flagged" "$(dim "$R" value)" "3.33 below"
check "results: per-question charts (13 questions, 12 charts + 2 dimension charts)" \
    test "$(grep -o '<svg' "$R" | wc -l)" = 14
check "results: question 12's chart labels its options" has "$R" '>选项乙</text>'
check "results: the XSS answer is text" has "$R" '&lt;script&gt;alert(1)&lt;/script&gt;很好'
check "results: no live script from an answer" sh -c "! grep -qF '<script>alert(1)' '$R'"
check "results: print styles (filters not printed)" has "$R" 'd-print-none" id="results-filter"'

# ---- overturn R4 (fast): it counts again ----
get "$R" "$A" "$RES/responses/$R4"
expect_status "response: 200" 200 "$R"
check "response: shows its mark" has "$R" '作答过快'
check "response: offers the overturn" has "$R" 'id="overturn-form"'
post "$R" "$A" "$RES/responses/$R4/overturn" --data "_csrf=$T"
expect_status "overturn: 303" 303 "$R"
want "overturn: stored with who" "$(sql "SELECT CONCAT(invalid_reason, ':', overturned_by, ':', overturned_at IS NOT NULL) FROM survey_response WHERE id = $R4")" "fast:$admin_id:1"
check "overturn: audited" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_response' AND entity_id = '$R4' AND action = 'overturn'")" = 1
get "$R" "$A" "$RES/responses/$R4"
check "overturn: the page shows who and when" has "$R" 'id="response-overturned"'
check "overturn: no second overturn offered" sh -c "! grep -q 'id=\"overturn-form\"' '$R'"
post "$R" "$A" "$RES/responses/$R4/overturn" --data "_csrf=$T"
expect_status "overturn twice: 422" 422 "$R"
check "overturn twice: says why" has "$R" '标记已被撤销'
post "$R" "$A" "$RES/responses/$R1/overturn" --data "_csrf=$T"
expect_status "overturn of an unmarked response: 422" 422 "$R"
# Now R1-R4: 32 ratings, sum 105, mean 3.28125 -> 65.6; 4-5: 17/32 =
# 53.1%; NPS 10, 6, 9, 0: 0.0; CES 2, 5, 1, 7: 3.75.
get "$R" "$A" "$RES/results"
want "after overturn: 4 valid" "$(num "$R" n-valid)" 4
want "after overturn: CSAT 53.1%" "$(val "$R" score-csat)" "53.1%"
want "after overturn: score 65.6" "$(val "$R" score-score)" "65.6"
want "after overturn: NPS 0.0" "$(val "$R" score-nps)" "0.0"
want "after overturn: CES 3.75" "$(val "$R" score-ces)" "3.75"

# ---- filters ----
# tier core: R1 only (R5 is marked): 33/8 -> 82.5, CSAT 6/8 75.0%, NPS 100.
get "$R" "$A" "$RES/results?tier=core"
want "filter tier=core: 1 valid" "$(num "$R" n-valid)" 1
want "filter tier=core: score 82.5" "$(val "$R" score-score)" "82.5"
want "filter tier=core: CSAT 75.0%" "$(val "$R" score-csat)" "75.0%"
want "filter tier=core: NPS 100.0" "$(val "$R" score-nps)" "100.0"
# channel email: R2 only: 24/8 -> 60.0, CSAT 37.5%, NPS -100, CES 5.00.
get "$R" "$A" "$RES/results?channel=email"
want "filter channel=email: score 60.0" "$(val "$R" score-score)" "60.0"
want "filter channel=email: CSAT 37.5%" "$(val "$R" score-csat)" "37.5%"
want "filter channel=email: NPS -100.0" "$(val "$R" score-nps)" "-100.0"
want "filter channel=email: CES 5.00" "$(val "$R" score-ces)" "5.00"
want "filter channel=email: 2 invitations, 1 answered: 50.0%" "$(num "$R" n-rate)" "50.0%"
# value tag high = customer A = R1 again.
get "$R" "$A" "$RES/results?value_tag=high"
want "filter value_tag=high: score 82.5" "$(val "$R" score-score)" "82.5"
# Beijing dates: R2 was sent 2026-04-30 17:00 UTC = 2026-05-01 Beijing.
get "$R" "$A" "$RES/results?from=2026-05-01&to=2026-05-01"
want "filter period 05-01 (Beijing): R2 only" "$(val "$R" score-score)" "60.0"
get "$R" "$A" "$RES/results?to=2026-04-30"
want "filter period to 04-30: R1 only" "$(val "$R" score-score)" "82.5"
get "$R" "$A" "$RES/results?from=2026-05-20&to=2026-05-31"
# R3 and R4: 36 + 12 = 48 / 16 = 3.0 -> 60.0; 4-5: 8/16 = 50.0%.
want "filter period 05-20..05-31: R3 and R4, score 60.0" "$(val "$R" score-score)" "60.0"
want "filter period 05-20..05-31: CSAT 50.0%" "$(val "$R" score-csat)" "50.0%"
get "$R" "$A" "$RES/results?q=$S"
check "search: finds R3's comment" has "$R" "价格 $S 合适"
check "search: leaves others out" sh -c "! grep -qF 'alert(1)' '$R'"
for bad in "tier=nope" "channel=nope" "from=2026-13-01" "from=2026-05-02&to=2026-05-01" "page=abc" "q=$(printf 'x%.0s' $(seq 101))"; do
	get "$R" "$A" "$RES/results?$bad"
	expect_status "bad filter $bad: 422" 422 "$R"
done
check "bad filter: the message" has "$R" '筛选条件有误'
get "$R" "$A" "$RES/results?channel=nope"
check "bad channel: its field message" has "$R" '没有这个渠道'

# ---- responses list ----
get "$R" "$A" "$RES/responses?state=marked"
expect_status "responses marked: 200" 200 "$R"
for r in "$R4" "$R5" "$R6" "$R8"; do
	check "responses marked: lists $r" has "$R" "id=\"r-$r\""
done
check "responses marked: not R1" sh -c "! grep -q 'id=\"r-$R1\"' '$R'"
check "responses marked: reasons shown" sh -c "grep -q '直线作答' '$R' && grep -q '重复提交' '$R'"
check "responses marked: the overturned one says so" has "$R" '标记已撤销（计入）'
get "$R" "$A" "$RES/responses?state=pilot"
check "responses pilot: only R7" sh -c "grep -q 'id=\"r-$R7\"' '$R' && ! grep -q 'id=\"r-$R1\"' '$R'"
get "$R" "$A" "$RES/responses?state=valid"
want "responses valid: 4 (R1-R4)" "$(grep -o 'id="r-[0-9]*"' "$R" | wc -l | tr -d ' ')" 4
check "responses: no live script" sh -c "! grep -qF '<script>alert(1)' '$R'"
get "$R" "$A" "$RES/responses?state=bogus"
expect_status "responses: a bad state is 422" 422 "$R"

# ---- data scope: an analyst sees only own-department customers named ----
dept_id=$(sql "SELECT MIN(id) FROM department WHERE active = 1")
dept=$(sql "SELECT name FROM department WHERE id = $dept_id")
sql "UPDATE customer SET department_id = $dept_id WHERE id = $cb" > /dev/null
an_pw="Pw-$(rand 8)-x"
printf '%s\n' "$an_pw" | ctl user add --login "r_an_$S" --role analyst \
    --department "$dept" --name "r_an_$S" > /dev/null 2>&1
N=$tmp/jar.analyst
check "analyst signs in" signin "r_an_$S" "$an_pw" "$N"
get "$R" "$N" "$RES/responses?state=all"
expect_status "analyst: responses 200" 200 "$R"
check "analyst: own department's customer named" has "$R" "TR$S-B"
check "analyst: another department's customer not named" sh -c "! grep -q 'TR$S-A' '$R'"
get "$R" "$N" "$RES/responses/$R1"
check "analyst: response of an out-of-scope customer without its name" sh -c "! grep -q 'TR$S-A' '$R' && grep -q '&lt;script&gt;' '$R'"
get "$R" "$N" "$RES/responses.csv?state=all"
check "analyst: CSV leaves the out-of-scope code empty" sh -c "! grep -q 'TR$S-A' '$R' && grep -q 'TR$S-B' '$R'"

# ---- one response ----
get "$R" "$A" "$RES/responses/$R1"
expect_status "response R1: 200" 200 "$R"
check "response R1: the text answer is text" has "$R" '&lt;script&gt;alert(1)&lt;/script&gt;很好'
check "response R1: no live script" sh -c "! grep -qF '<script>alert(1)' '$R'"
check "response R1: single choice as its label" has "$R" '选项甲'
check "response R1: multiple choice labels joined" has "$R" '功能X; 功能Z'
check "response R1: links its customer" has "$R" "/admin/customers/$ca"
get "$R" "$A" "$RES/responses/abc"
expect_status "response: a bad id is 404" 404 "$R"
other=$(sql "SELECT id FROM survey_response WHERE survey_id <> $sid LIMIT 1")
if [ -n "$other" ]; then
	get "$R" "$A" "$RES/responses/$other"
	expect_status "response: another survey's response is 404 here" 404 "$R"
fi

# ---- CSV ----
get "$R" "$A" "$RES/responses.csv?state=all"
expect_status "csv: 200" 200 "$R"
want "csv: text/csv" "$(header "$R" Content-Type)" "text/csv; charset=utf-8"
body "$R" > "$tmp/csv"
check "csv: starts with the UTF-8 BOM" sh -c "head -c 3 '$tmp/csv' | od -An -tx1 | grep -q 'ef bb bf'"
want "csv: header + 8 rows" "$(grep -c '' "$tmp/csv")" 9
want "csv: 5 meta + 13 question columns" "$(head -1 "$tmp/csv" | awk -F'","' '{print NF}')" 18
check "csv: R1's row has labels and the state" sh -c "grep '^\"$R1\"' '$tmp/csv' | grep -q '\"valid\".*\"选项甲\",\"功能X; 功能Z\"'"
check "csv: formula answer defused" sh -c "grep '^\"$R2\"' '$tmp/csv' | grep -qF \"\\\"'=HYPERLINK(1)\\\"\""
check "csv: marks in the state column" sh -c "grep '^\"$R5\"' '$tmp/csv' | grep -q '\"marked:straight\"' && grep '^\"$R4\"' '$tmp/csv' | grep -q '\"overturned:fast\"' && grep '^\"$R7\"' '$tmp/csv' | grep -q '\"pilot\"'"
check "csv: audited" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = '$sid' AND action = 'export'")" -ge 1
get "$R" "$A" "$RES/responses.csv?state=valid&tier=core"
want "csv: filtered to valid core: 1 row" "$(body "$R" | grep -c '')" 2

# ---- the customer's timeline ----
get "$R" "$A" "/admin/customers/$ca"
expect_status "customer page: 200" 200 "$R"
check "customer page: lists the survey responses" has "$R" 'id="survey-timeline"'
check "customer page: with the survey title" has "$R" "结果测试问卷 $S"
check "customer page: links the response" has "$R" "/admin/surveys/$sid/responses/$R1"
check "customer page: score summary (mean 4.125 shown 4.12, NPS 10)" has "$R" '平均分 4.12 · NPS 10'
check "customer page: the marked one says so" has "$R" '已标记：直线作答'

# ---- the demo survey (a stack started with --demo) ----
demo=$(sql "SELECT id FROM survey WHERE slug = 'csat'")
if [ -n "$demo" ]; then
	want "demo: active" "$(sql "SELECT status FROM survey WHERE id = $demo")" active
	want "demo: 10 questions: 8 ratings, 1 NPS, 1 long text" \
	    "$(sql "SELECT CONCAT(SUM(kind = 'rating'), '/', SUM(kind = 'nps'), '/', SUM(kind = 'long')) FROM survey_question WHERE survey_id = $demo")" "8/1/1"
	want "demo: the ratings cover all six dimensions" \
	    "$(sql "SELECT COUNT(DISTINCT dimension) FROM survey_question WHERE survey_id = $demo AND kind = 'rating'")" 6
	check "demo: responses over most of a year (>= 300 days)" test \
	    "$(sql "SELECT DATEDIFF(MAX(submitted_at), MIN(submitted_at)) FROM survey_response WHERE survey_id = $demo AND pilot = 0")" -ge 300
	check "demo: invitations on at least five channels" test \
	    "$(sql "SELECT COUNT(DISTINCT channel) FROM survey_invitation WHERE survey_id = $demo")" -ge 5
	check "demo: the cleaning marked straight-liners, fast and duplicate ones" test \
	    "$(sql "SELECT COUNT(DISTINCT invalid_reason) FROM survey_response WHERE survey_id = $demo")" = 3
	check "demo: Chinese comments" test \
	    "$(sql "SELECT COUNT(*) FROM survey_answer a JOIN survey_question q ON q.id = a.question_id WHERE q.survey_id = $demo AND q.kind = 'long' AND a.text LIKE '%售后%'")" -gt 0
	get "$R" "$A" "/admin/surveys/$demo/results"
	expect_status "demo: results 200" 200 "$R"
	check "demo: some dimension below the average is flagged" has "$R" 'dim-below'
	check "demo: charts drawn" test "$(grep -o '<svg' "$R" | wc -l)" -ge 10
fi

# ---- an unknown survey ----
get "$R" "$A" /admin/surveys/999999999/results
expect_status "results of an unknown survey: 404" 404 "$R"

finish
