#!/bin/sh
# Survey design against a running stack (tools/stack.sh), through nginx:
# every page, every validation message (422, input kept), the questions
# (add, edit, reorder, remove with a confirmation), the version bump and
# the audit row of every change, the warning above 15 questions, the
# status changes draft -> pilot -> active -> closed (and the refused
# ones, with their confirmation step), frozen questions, copying, the
# preview from the public page's own code, stored XSS shown as text, and
# what a role without surveys.design can do.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# It creates its own users and surveys (names carry a random suffix, so
# reruns do not collide).
set -u
. "$REPO/tests/lib.sh"
stack_init
TOK_PAGE=/admin/surveys

S=$(rand 3)

ver() { sql "SELECT version FROM survey WHERE id = $1"; }
audits() {	# audits ENTITY ID ACTION: the number of such audit rows
	sql "SELECT COUNT(*) FROM audit WHERE entity = '$1' AND entity_id = $2 AND action = '$3'"
}

# ---- users: admin, an analyst (design), an account manager (view) ----
A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
dept=$(sql "SELECT name FROM department WHERE id = (SELECT MIN(id) FROM department WHERE active = 1)")
AN=sv_an_$S AM=sv_am_$S
an_pw=$(mkuser "$AN" analyst "$dept")
am_pw=$(mkuser "$AM" account_manager "$dept")
admin_id=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")
an_id=$(sql "SELECT id FROM \`user\` WHERE login = '$AN'")
N=$tmp/jar.analyst
M=$tmp/jar.am
check "analyst signs in" signin "$AN" "$an_pw" "$N"
check "account manager signs in" signin "$AM" "$am_pw" "$M"
T=$(tok "$A")
TN=$(tok "$N")
TM=$(tok "$M")
today=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)")
later=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) + INTERVAL 30 DAY")
past=$(sql "SELECT DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL 10 DAY")
# A free tag that a customer carries (target groups are checked against it).
tag=标签_$S
sql "INSERT INTO customer_tag (customer_id, tag) SELECT MIN(id), '$tag' FROM customer" > /dev/null

# ---- the list and the new form ----
for p in /admin/surveys /admin/surveys/new "/admin/surveys?sort=title" \
    "/admin/surveys?sort=opens&status=active" "/admin/surveys?sort=status&page=3" \
    "/admin/surveys?sort=bogus&status=bogus&page=x"; do
	get "$R" "$A" "$p"
	expect_status "admin: GET $p is 200" 200 "$R"
done
get "$R" "$A" /admin/
check "nav: the menu links to /admin/surveys with its label" has "$R" \
    "href=\"/admin/surveys\">$(m sv.design.nav)<"
get "$R" "$A" "/admin/surveys?q=nothing_like_this_$S"
check "list: a search without matches shows the empty state" has "$R" 'id="surveys-empty"'

# Paging: 25 surveys of this run found by a search, 20 on a page.
i=1
while [ $i -le 25 ]; do
	printf "INSERT INTO survey (slug, title_zh) VALUES ('pg-%s-%02d', '分页_%s_%02d');\n" "$S" $i "$S" $i
	i=$((i + 1))
done > "$tmp/pg.sql"
mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi < "$tmp/pg.sql"
get "$R" "$A" "/admin/surveys?q=pg-$S&sort=title"
check "list: a search finds 25 and shows the first 20 by title" sh -c \
    "[ \$(grep -c 'href=\"/admin/surveys/[0-9]*\"' '$R') = 20 ] && grep -q '分页_${S}_01' '$R' && ! grep -q '分页_${S}_21' '$R'"
check "list: ... with the total and a link to the next page" sh -c \
    "grep -q 'id=\"surveys-total\">$(m sv.design.list.total)25' '$R' && grep -q 'page=2&amp;sort=title&amp;q=pg-$S' '$R'"
get "$R" "$A" "/admin/surveys?q=pg-$S&sort=title&page=2"
check "list: page 2 shows the other 5" sh -c \
    "[ \$(grep -c 'href=\"/admin/surveys/[0-9]*\"' '$R') = 5 ] && grep -q '分页_${S}_25' '$R'"
get "$R" "$A" "/admin/surveys?q=pg-$S&sort=title&page=99"
check "list: a page past the end shows the last page" grep -q "分页_${S}_25" "$R"

# ---- hostile input ----
post "$R" "$A" /admin/surveys/new --data "_csrf=$T" --data target=all \
    --data owner=$admin_id --data "title_zh=$(head -c 70000 /dev/zero | tr '\0' x)"
check "hostile: a 70 KB field is refused with a 4xx, not a crash" sh -c \
    "case '$(status_of "$R")' in 4??) exit 0 ;; *) exit 1 ;; esac"
post "$R" "$A" /admin/surveys/new --data "_csrf=$T&target=all&owner=$admin_id&title_zh=%ff%fe"
expect_status "hostile: a title that is not UTF-8 is 400" 400 "$R"
post "$R" "$A" "/admin/surveys/1/questions/new" --data "_csrf=$T&kind=single&text_zh=q&options_zh=a%00b"
check "hostile: a NUL in the options is a 4xx" sh -c \
    "case '$(status_of "$R")' in 4??) exit 0 ;; *) exit 1 ;; esac"

# ---- create: every validation message, input kept ----
base_fields() {	# the fields of a good survey, after extra ones
	printf '%s\n' "--data-urlencode" "title_zh=问卷_$S" "--data" \
	    "target=all" "--data" "owner=$admin_id" "--data" "min_seconds=30"
}
bad() {	# bad NAME PATTERN [curl args]: a create that fails with PATTERN
	b_name=$1 b_pat=$2
	shift 2
	post "$R" "$A" /admin/surveys/new --data "_csrf=$T" "$@"
	expect_status "invalid: $b_name is 422" 422 "$R"
	check "invalid: $b_name shows its message" has "$R" "$b_pat"
}
bad "missing title" "$(m err.required)" --data target=all --data owner=$admin_id \
    --data-urlencode "goal=keep_$S"
check "invalid: the input is kept" has "$R" "value=\"keep_$S\""
check "invalid: the field is marked" grep -q 'is-invalid" id="title_zh"' "$R"
bad "title too long" "$(m err.too_long)" --data target=all --data owner=$admin_id \
    --data "title_zh=$(printf 'x%.0s' $(seq 201))"
bad "slug with capitals" "$(m sv.design.err.slug)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "slug=Bad-Slug"
check "invalid: the bad slug is kept" has "$R" 'value="Bad-Slug"'
bad "slug too short" "$(m sv.design.err.slug)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "slug=ab"
bad "slug starting with -" "$(m sv.design.err.slug)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "slug=-abc"
for reserved in lang healthz; do
	bad "slug $reserved is the survey site's own path" \
	    "$(m sv.design.err.slug_reserved)" --data target=all \
	    --data owner=$admin_id --data "title_zh=t" --data "slug=$reserved"
done
bad "unknown tier" "$(m err.enum)" --data target=tier:nope --data owner=$admin_id --data "title_zh=t"
bad "unknown value tag" "$(m err.enum)" --data target=value_tag:gold --data owner=$admin_id --data "title_zh=t"
bad "unknown target kind" "$(m err.enum)" --data target=planet:mars --data owner=$admin_id --data "title_zh=t"
bad "free tag missing" "$(m sv.design.err.target_tag)" --data target=tag --data owner=$admin_id --data "title_zh=t"
bad "free tag nobody has" "$(m sv.design.err.tag_unknown)" --data target=tag \
    --data-urlencode "target_tag=无人使用_$S" --data owner=$admin_id --data "title_zh=t"
bad "bad opening date" "$(m err.date)" --data target=all --data owner=$admin_id \
    --data "title_zh=t" --data "opens_on=2026-02-30"
bad "closing before opening" "$(m sv.design.err.period_order)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "opens_on=$later" --data "closes_on=$today"
check "invalid: both dates are kept" sh -c "grep -q 'value=\"$later\"' '$R' && grep -q 'value=\"$today\"' '$R'"
bad "owner missing" "$(m err.required)" --data target=all --data "title_zh=t"
bad "owner not a number" "$(m err.int)" --data target=all --data owner=abc --data "title_zh=t"
bad "owner unknown" "$(m sv.design.err.owner)" --data target=all --data owner=4294967295 --data "title_zh=t"
bad "minimum time out of range" "$(m err.range)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "min_seconds=99999"
bad "introduction too long" "$(m err.too_long)" --data target=all \
    --data owner=$admin_id --data "title_zh=t" --data "intro_zh=$(printf 'y%.0s' $(seq 2001))"
bad "three checks beyond the validators at once" "$(m sv.design.err.tag_unknown)" \
    --data target=tag --data-urlencode "target_tag=无人使用_$S" --data owner=4294967295 \
    --data "title_zh=t" --data "opens_on=$later" --data "closes_on=$today"
check "invalid: ... every message is shown (tag, period, owner)" sh -c \
    "grep -q '$(m sv.design.err.period_order)' '$R' && grep -q '$(m sv.design.err.owner)' '$R'"
check "invalid: nothing was stored" test "$(sql "SELECT COUNT(*) FROM survey WHERE title_zh = 't'")" = 0

# ---- create: a generated slug, XSS in the title stays text ----
XSS='<script>alert(1)</script>'
post "$R" "$A" /admin/surveys/new --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data-urlencode "title_en=Satisfaction $S" \
    --data-urlencode "intro_zh=您好，请花两分钟。" --data-urlencode "thanks_zh=谢谢！" \
    --data-urlencode "goal=满意度 85 → 90" --data "target=tier:core" \
    --data "owner=$an_id" --data "min_seconds=20"
expect_status "create: 303" 303 "$R"
sid=$(header "$R" Location); sid=${sid##*/}
slug=$(sql "SELECT slug FROM survey WHERE id = '$sid'")
check "create: a blank slug is generated as s-<8 hex> ($slug)" \
    sh -c "printf '%s' '$slug' | grep -Eqx 's-[0-9a-f]{8}'"
check "create: stored as a draft, version 1, created by admin" test \
    "$(sql "SELECT CONCAT(status, '|', version, '|', target_kind, ':', target_value, '|', owner_id, '|', created_by) FROM survey WHERE id = '$sid'")" = "draft|1|tier:core|$an_id|$admin_id"
check "create: audited" test "$(audits survey "$sid" create)" = 1
get "$R" "$A" "/admin/surveys/$sid"
expect_status "hub: 200" 200 "$R"
check "hub: the flash says it was created" has "$R" "$(m sv.design.created)"
check "xss: the title is shown escaped, never raw" sh -c \
    "grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' '$R' && ! grep -qF '<script>alert(1)' '$R'"
check "hub: the public link is shown" has "$R" "/s/$slug"
check "hub: the target group is named" has "$R" "$(m cust.tier.core)"
check "hub: the empty question list" has "$R" 'id="questions-empty"'
for l in invitations results responses offline preview; do
	check "hub: links to /admin/surveys/$sid/$l" has "$R" "href=\"/admin/surveys/$sid/$l\""
done
get "$R" "$A" "/admin/surveys?q=$slug"
check "list: search by slug finds it" has "$R" "href=\"/admin/surveys/$sid\""
get "$R" "$A" "/admin/surveys?q=Satisfaction%20$S&status=draft"
check "list: search by the English title and status finds it" has "$R" "href=\"/admin/surveys/$sid\""
get "$R" "$A" "/admin/surveys?q=Satisfaction%20$S&status=closed"
check "list: the status filter leaves it out" sh -c "! grep -q 'href=\"/admin/surveys/$sid\"' '$R'"
check "list: ... with the empty state" has "$R" 'id="surveys-empty"'
# A taken slug.
post "$R" "$A" /admin/surveys/new --data "_csrf=$T" --data "title_zh=t" \
    --data target=all --data owner=$admin_id --data "slug=$slug"
expect_status "invalid: a taken slug is 422" 422 "$R"
check "invalid: a taken slug shows its message" has "$R" "$(m sv.design.err.slug_taken)"

# ---- edit the settings ----
get "$R" "$A" "/admin/surveys/$sid/edit"
expect_status "edit: form 200" 200 "$R"
check "edit: the stored target is selected" has "$R" 'value="tier:core" selected'
check "edit: the slug can still change in draft" grep -q 'name="slug"' "$R"
v0=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data-urlencode "title_en=Satisfaction $S" \
    --data-urlencode "intro_zh=您好，请花两分钟。" \
    --data "slug=sv-$S" --data "target=tag" --data-urlencode "target_tag=$tag" \
    --data "owner=$an_id" --data "min_seconds=25" --data "opens_on=$today" --data "closes_on=$later"
expect_status "edit: 303" 303 "$R"
check "edit: saved (slug, free tag, period)" test \
    "$(sql "SELECT CONCAT(slug, '|', target_kind, ':', target_value, '|', min_seconds, '|', opens_on) FROM survey WHERE id = '$sid'")" = "sv-$S|tag:$tag|25|$today"
check "edit: the version grew by one" test "$(ver "$sid")" = $((v0 + 1))
check "edit: audited with before and after" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $sid AND action = 'update' AND before_json LIKE '%\"slug\":\"$slug\"%' AND after_json LIKE '%\"slug\":\"sv-$S\"%'")" = 1
slug=sv-$S
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" --data "title_zh=" \
    --data "target=all" --data "owner=$an_id"
expect_status "edit: invalid is 422" 422 "$R"
check "edit: ... with the message" has "$R" "$(m err.required)"
get "$R" "$A" /admin/surveys/99999999/edit
expect_status "edit: an unknown survey is 404" 404 "$R"
get "$R" "$A" /admin/surveys/abc
expect_status "hub: a survey id that is not a number is 404" 404 "$R"

# ---- questions: every validation message ----
QN=/admin/surveys/$sid/questions/new
get "$R" "$A" "$QN"
expect_status "question: new form 200" 200 "$R"
check "question: the dimensions come from survey_dimension" has "$R" "$(sql "SELECT name_zh FROM survey_dimension WHERE code = 'quality'")"
qbad() {	# qbad NAME PATTERN [curl args]: an add that fails with PATTERN
	b_name=$1 b_pat=$2
	shift 2
	post "$R" "$A" "$QN" --data "_csrf=$T" "$@"
	expect_status "invalid question: $b_name is 422" 422 "$R"
	check "invalid question: $b_name shows its message" has "$R" "$b_pat"
}
qbad "missing text" "$(m err.required)" --data kind=rating --data dimension=quality \
    --data-urlencode "help_zh=keep_$S"
check "invalid question: the input is kept" has "$R" "value=\"keep_$S\""
qbad "text too long" "$(m err.too_long)" --data kind=rating --data dimension=quality \
    --data "text_zh=$(printf 'x%.0s' $(seq 501))"
qbad "unknown kind" "$(m err.enum)" --data kind=essay --data-urlencode "text_zh=q"
qbad "rating without dimension" "$(m sv.design.err.dimension_required)" --data kind=rating --data-urlencode "text_zh=q"
qbad "unknown dimension" "$(m err.enum)" --data kind=rating --data dimension=luck --data-urlencode "text_zh=q"
qbad "dimension on a text question" "$(m sv.design.err.dimension_forbidden)" \
    --data kind=long --data dimension=quality --data-urlencode "text_zh=q"
qbad "dimension on a choice question" "$(m sv.design.err.dimension_forbidden)" \
    --data kind=single --data dimension=quality --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(printf 'a\nb')"
qbad "one option" "$(m sv.design.err.options_count)" --data kind=single \
    --data-urlencode "text_zh=q" --data-urlencode "options_zh=只有一个"
qbad "21 options" "$(m sv.design.err.options_count)" --data kind=multiple \
    --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(seq 1 21)"
qbad "repeated option" "$(m sv.design.err.option_dup)" --data kind=single \
    --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(printf '好\n好\n差')"
qbad "option too long" "$(m sv.design.err.option_long)" --data kind=single \
    --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(printf 'a\n'; printf 'z%.0s' $(seq 201))"
qbad "English options not matching" "$(m sv.design.err.options_en_count)" --data kind=single \
    --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(printf '好\n差')" --data-urlencode "options_en=Good"
qbad "options on a rating" "$(m sv.design.err.options_forbidden)" --data kind=rating \
    --data dimension=quality --data-urlencode "text_zh=q" --data-urlencode "options_zh=$(printf 'a\nb')"
check "invalid question: the options text is kept" has "$R" 'a
b</textarea>'
check "invalid question: nothing was stored" test "$(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = $sid")" = 0
check "invalid question: the version did not change" test "$(ver "$sid")" = $((v0 + 1))

# ---- questions: add, with a version bump and an audit row each ----
qadd() {	# qadd [curl args]: add a question, 303; prints nothing
	post "$R" "$A" "$QN" --data "_csrf=$T" "$@"
}
v1=$(ver "$sid")
qadd --data kind=rating --data dimension=quality --data required=1 \
    --data-urlencode "text_zh=产品质量满意吗_$S" --data-urlencode "text_en=Quality_$S"
expect_status "question: add a rating (303)" 303 "$R"
qadd --data kind=rating --data dimension=response --data required=1 \
    --data-urlencode "text_zh=响应速度满意吗_$S" --data-urlencode "help_zh=从报修到上门"
qadd --data kind=nps --data required=1 --data-urlencode "text_zh=您会推荐我们吗_$S"
expect_status "question: add an NPS without a dimension (303)" 303 "$R"
qadd --data kind=ces --data dimension=efficiency --data-urlencode "text_zh=办理是否轻松_$S"
expect_status "question: add a CES with a dimension (303)" 303 "$R"
qadd --data kind=single --data required=1 --data-urlencode "text_zh=您的渠道_$S" \
    --data-urlencode "text_en=Channel_$S" \
    --data-urlencode "options_zh=$(printf '电话\n\n 网站 \n门店\n')" \
    --data-urlencode "options_en=$(printf 'Phone\nWeb\nShop')"
expect_status "question: add a single choice (303)" 303 "$R"
qadd --data kind=long --data-urlencode "text_zh=其他建议_$S $XSS"
expect_status "question: add a long text (303)" 303 "$R"
qids=$(sql "SELECT GROUP_CONCAT(id ORDER BY position) FROM survey_question WHERE survey_id = $sid")
set -- $(printf '%s' "$qids" | tr ',' ' ')
q1=$1 q2=$2 q3=$3 q4=$4 q5=$5 q6=$6
check "question: six stored in order 1-6" test \
    "$(sql "SELECT GROUP_CONCAT(position ORDER BY position) FROM survey_question WHERE survey_id = $sid")" = "1,2,3,4,5,6"
check "question: kinds, dimensions and required as given" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(kind, ':', COALESCE(dimension, '-'), ':', required) ORDER BY position) FROM survey_question WHERE survey_id = $sid")" \
    = "rating:quality:1,rating:response:1,nps:-:1,ces:efficiency:0,single:-:1,long:-:0"
check "question: options trimmed, blank lines skipped, English beside" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(position, label_zh, '/', label_en) ORDER BY position) FROM survey_option WHERE question_id = $q5")" = "1电话/Phone,2网站/Web,3门店/Shop"
check "question: each add bumped the version (+6)" test "$(ver "$sid")" = $((v1 + 6))
check "question: each add audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_question' AND action = 'create' AND after_json LIKE '%\"survey_id\":$sid,%'")" = 6
get "$R" "$A" "/admin/surveys/$sid"
check "hub: the questions in order with kind, dimension, required" sh -c \
    "tr -d '\r' < '$R' | grep -o '产品质量满意吗_$S\|响应速度满意吗_$S\|您会推荐我们吗_$S\|其他建议_$S' | tr '\n' ' ' | grep -q '^产品质量满意吗_$S 响应速度满意吗_$S 您会推荐我们吗_$S 其他建议_$S'"
check "hub: ... the dimension name" has "$R" "$(sql "SELECT name_zh FROM survey_dimension WHERE code = 'response'")"
check "hub: ... the kind name" has "$R" "$(m sv.design.kind.nps)"
check "hub: ... required / optional" sh -c "grep -q '$(m sv.design.required.yes)' '$R' && grep -q '$(m sv.design.required.no)' '$R'"
check "xss: a question text is shown escaped, never raw" sh -c \
    "grep -qF '其他建议_$S &lt;script&gt;' '$R' && ! grep -qF '<script>alert(1)' '$R'"
check "hub: no warning with 6 questions" sh -c "! grep -q 'id=\"warn-many\"' '$R'"

# ---- questions: edit ----
get "$R" "$A" "/admin/surveys/$sid/questions/$q5"
expect_status "question: edit form 200" 200 "$R"
check "question: the edit form shows the options one per line" has "$R" '电话
网站
门店</textarea>'
v2=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/questions/$q5" --data "_csrf=$T" --data kind=multiple \
    --data-urlencode "text_zh=您的渠道（可多选）_$S" --data-urlencode "options_zh=$(printf '电话\n网站\n门店\n朋友')"
expect_status "question: edit 303" 303 "$R"
check "question: edit saved (kind, text, options, not required)" test \
    "$(sql "SELECT CONCAT(kind, '|', required, '|', (SELECT GROUP_CONCAT(label_zh ORDER BY position) FROM survey_option WHERE question_id = $q5)) FROM survey_question WHERE id = $q5")" = "multiple|0|电话,网站,门店,朋友"
check "question: edit bumped the version" test "$(ver "$sid")" = $((v2 + 1))
check "question: edit audited with before and after" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_question' AND entity_id = $q5 AND action = 'update' AND before_json LIKE '%\"kind\":\"single\"%' AND after_json LIKE '%\"kind\":\"multiple\"%'")" = 1
post "$R" "$A" "/admin/surveys/$sid/questions/$q5" --data "_csrf=$T" --data kind=multiple --data "text_zh="
expect_status "question: an invalid edit is 422" 422 "$R"
get "$R" "$A" "/admin/surveys/$sid/questions/99999999"
expect_status "question: an unknown question is 404" 404 "$R"
other=$(sql "SELECT id FROM survey_question WHERE survey_id <> $sid LIMIT 1")
if [ -n "$other" ]; then
	get "$R" "$A" "/admin/surveys/$sid/questions/$other"
	expect_status "question: another survey's question is 404 here" 404 "$R"
fi

# ---- questions: reorder ----
v3=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/questions/$q3/move" --data "_csrf=$T" --data dir=up
expect_status "move: up 303" 303 "$R"
check "move: the NPS question is now second" test \
    "$(sql "SELECT GROUP_CONCAT(id ORDER BY position) FROM survey_question WHERE survey_id = $sid")" = "$q1,$q3,$q2,$q4,$q5,$q6"
post "$R" "$A" "/admin/surveys/$sid/questions/$q3/move" --data "_csrf=$T" --data dir=down
check "move: down again restores the order" test \
    "$(sql "SELECT GROUP_CONCAT(id ORDER BY position) FROM survey_question WHERE survey_id = $sid")" = "$q1,$q2,$q3,$q4,$q5,$q6"
check "move: each move bumped the version and was audited" sh -c \
    "[ $(ver "$sid") = $((v3 + 2)) ] && [ $(audits survey_question "$q3" move) = 2 ]"
post "$R" "$A" "/admin/surveys/$sid/questions/$q1/move" --data "_csrf=$T" --data dir=up
expect_status "move: the first one up is a 303 too" 303 "$R"
check "move: ... that changes nothing (order, version)" sh -c \
    "[ '$(sql "SELECT GROUP_CONCAT(id ORDER BY position) FROM survey_question WHERE survey_id = $sid")' = '$q1,$q2,$q3,$q4,$q5,$q6' ] && [ $(ver "$sid") = $((v3 + 2)) ]"
post "$R" "$A" "/admin/surveys/$sid/questions/$q1/move" --data "_csrf=$T" --data dir=sideways
expect_status "move: a bad direction is 422" 422 "$R"

# ---- questions: remove, after a confirmation ----
post "$R" "$A" "/admin/surveys/$sid/questions/$q4/delete" --data "_csrf=$T"
expect_status "delete: the first step is a confirmation page (200)" 200 "$R"
check "delete: ... that asks" has "$R" "$(m sv.design.q.delete.question)"
check "delete: ... and names the question" has "$R" "办理是否轻松_$S"
check "delete: ... and nothing is removed yet" test "$(sql "SELECT COUNT(*) FROM survey_question WHERE id = $q4")" = 1
v4=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/questions/$q4/delete" --data "_csrf=$T" --data confirm=1
expect_status "delete: confirmed 303" 303 "$R"
check "delete: removed, the others renumbered 1-5" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(id, '@', position) ORDER BY position) FROM survey_question WHERE survey_id = $sid")" = "$q1@1,$q2@2,$q3@3,$q5@4,$q6@5"
check "delete: version bumped and audited with the old values" sh -c \
    "[ $(ver "$sid") = $((v4 + 1)) ] && [ $(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_question' AND entity_id = $q4 AND action = 'delete' AND before_json LIKE '%办理是否轻松_$S%'") = 1 ]"

# ---- preview: the customer's form, both languages ----
get "$R" "$A" "/admin/surveys/$sid/preview"
expect_status "preview: 200" 200 "$R"
check "preview: the shared form partial with every question" sh -c \
    "grep -q 'id=\"sv-form\"' '$R' && grep -q '产品质量满意吗_$S' '$R' && grep -q '您会推荐我们吗_$S' '$R' && grep -q 'name=\"q$q5\"' '$R'"
check "preview: the submit button is disabled" grep -q 'id="sv-submit" disabled' "$R"
check "preview: the title and introduction" sh -c "grep -q '满意度_$S' '$R' && grep -q '您好，请花两分钟。' '$R'"
check "xss: the preview shows the texts escaped, never raw" sh -c \
    "grep -qF '&lt;script&gt;alert(1)' '$R' && ! grep -qF '<script>alert(1)' '$R'"
get "$R" "$A" "/admin/surveys/$sid/preview?lang=en"
expect_status "preview: in English 200" 200 "$R"
check "preview: English texts where given, Chinese otherwise" sh -c \
    "grep -q 'Quality_$S' '$R' && grep -q 'Satisfaction $S' '$R' && grep -q '响应速度满意吗_$S' '$R'"
get "$R" "$A" "/admin/surveys/$sid/preview?lang=zh-CN"
get "$R" "$A" /admin/surveys/99999999/preview
expect_status "preview: an unknown survey is 404" 404 "$R"

# ---- a warning above 15 questions (setting survey.warn_questions) ----
post "$R" "$A" /admin/surveys/new --data "_csrf=$T" --data "title_zh=多题_$S" \
    --data target=all --data owner=$admin_id
wid=$(header "$R" Location); wid=${wid##*/}
i=1
while [ $i -le 15 ]; do
	post "$R" "$A" "/admin/surveys/$wid/questions/new" --data "_csrf=$T" \
	    --data kind=rating --data dimension=quality --data "text_zh=题$i"
	i=$((i + 1))
done
get "$R" "$A" "/admin/surveys/$wid"
check "warning: 15 questions, no warning" sh -c "[ '$(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = $wid")' = 15 ] && ! grep -q 'id=\"warn-many\"' '$R'"
post "$R" "$A" "/admin/surveys/$wid/questions/new" --data "_csrf=$T" \
    --data kind=rating --data dimension=quality --data "text_zh=题16"
get "$R" "$A" "/admin/surveys/$wid"
check "warning: 16 questions show the warning" sh -c "grep -q 'id=\"warn-many\"' '$R' && grep -q '$(m sv.design.warn_many)15' '$R'"

# ---- status: refused moves, confirmation, activation ----
# A survey without questions cannot be piloted.
post "$R" "$A" /admin/surveys/new --data "_csrf=$T" --data "title_zh=空_$S" \
    --data target=all --data owner=$admin_id
eid=$(header "$R" Location); eid=${eid##*/}
post "$R" "$A" "/admin/surveys/$eid/status" --data "_csrf=$T" --data to=pilot
expect_status "status: pilot without questions is 409" 409 "$R"
check "status: ... with its message" has "$R" "$(m sv.design.err.no_questions)"
post "$R" "$A" "/admin/surveys/$eid/status" --data "_csrf=$T" --data to=active --data confirm=1
expect_status "status: activation without questions is 409" 409 "$R"
post "$R" "$A" "/admin/surveys/$eid/status" --data "_csrf=$T" --data to=closed
expect_status "status: draft -> closed is refused (409)" 409 "$R"
check "status: ... with its message" has "$R" "$(m sv.design.err.move)"
post "$R" "$A" "/admin/surveys/$eid/status" --data "_csrf=$T" --data to=retired
expect_status "status: an unknown status is 422" 422 "$R"
post "$R" "$A" "/admin/surveys/$eid/status" --data "_csrf=$T"
expect_status "status: no status is 422" 422 "$R"
check "status: ... and it is still a draft, version 1" test \
    "$(sql "SELECT CONCAT(status, version) FROM survey WHERE id = $eid")" = draft1

# Pilot and back to draft (no confirmation needed).
v5=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=pilot
expect_status "status: draft -> pilot 303" 303 "$R"
check "status: pilot stored, version bumped, audited" sh -c \
    "[ '$(sql "SELECT status FROM survey WHERE id = $sid")' = pilot ] && [ $(ver "$sid") = $((v5 + 1)) ] && [ $(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $sid AND action = 'status' AND before_json = '{\"status\":\"draft\"}' AND after_json = '{\"status\":\"pilot\"}'") = 1 ]"
get "$R" "$A" "/admin/surveys/$sid/questions/new"
expect_status "frozen: in pilot, adding a question is 409" 409 "$R"
check "frozen: ... with the message and a copy button" sh -c \
    "grep -q '$(m sv.design.frozen.text)' '$R' && grep -q 'action=\"/admin/surveys/$sid/copy\"' '$R'"
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=draft
expect_status "status: pilot -> draft 303" 303 "$R"
get "$R" "$A" "/admin/surveys/$sid/questions/new"
expect_status "status: back in draft, questions can change again (200)" 200 "$R"
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=pilot

# A question with (pilot) answers keeps its kind and stays.
sql "INSERT INTO survey_response (survey_id, survey_version, channel, pilot) VALUES ($sid, $(ver "$sid"), 'link', 1)" > /dev/null
rid=$(sql "SELECT MAX(id) FROM survey_response WHERE survey_id = $sid")
sql "INSERT INTO survey_answer (response_id, question_id, num) VALUES ($rid, $q1, 4)" > /dev/null
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=draft
post "$R" "$A" "/admin/surveys/$sid/questions/$q1/delete" --data "_csrf=$T" --data confirm=1
expect_status "answered: removing a question with pilot answers is 409" 409 "$R"
check "answered: ... with its message, and the question stays" sh -c \
    "grep -q '$(m sv.design.err.answered)' '$R' && [ '$(sql "SELECT COUNT(*) FROM survey_question WHERE id = $q1")' = 1 ]"
post "$R" "$A" "/admin/surveys/$sid/questions/$q1" --data "_csrf=$T" --data kind=nps \
    --data-urlencode "text_zh=改题型"
expect_status "answered: changing its kind is 422" 422 "$R"
check "answered: ... with its message" has "$R" "$(m sv.design.err.answered)"
post "$R" "$A" "/admin/surveys/$sid/questions/$q1" --data "_csrf=$T" --data kind=rating \
    --data dimension=quality --data required=1 --data-urlencode "text_zh=产品质量满意吗_$S" \
    --data-urlencode "text_en=Quality_$S" --data-urlencode "help_zh=新说明"
expect_status "answered: its wording can still change (303)" 303 "$R"

# Activation: a confirmation step, then the period is checked.
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data-urlencode "title_en=Satisfaction $S" \
    --data "slug=$slug" --data "target=all" --data "owner=$an_id" \
    --data "opens_on=$past" --data "closes_on=$past"
expect_status "edit: a period in the past can be saved in draft (303)" 303 "$R"
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=active
expect_status "activate: the first step is a confirmation page (200)" 200 "$R"
check "activate: ... that asks, with a form that confirms" sh -c \
    "grep -q '$(m sv.design.confirm.active)' '$R' && grep -q 'name=\"confirm\" value=\"1\"' '$R'"
check "activate: ... and the survey is still a draft" test "$(sql "SELECT status FROM survey WHERE id = $sid")" = draft
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=active --data confirm=1
expect_status "activate: a period over already is 409" 409 "$R"
check "activate: ... with its message" has "$R" "$(m sv.design.err.period)"
sql "UPDATE survey SET opens_on = NULL, closes_on = NULL WHERE id = $sid" > /dev/null
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=active --data confirm=1
expect_status "activate: no period is 409" 409 "$R"
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data-urlencode "title_en=Satisfaction $S" \
    --data "slug=$slug" --data "target=all" --data "owner=$an_id" \
    --data "opens_on=$today" --data "closes_on=$later"
v6=$(ver "$sid")
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=active --data confirm=1
expect_status "activate: confirmed with a valid period 303" 303 "$R"
check "activate: active, activated_at set, version bumped" sh -c \
    "[ '$(sql "SELECT CONCAT(status, activated_at IS NOT NULL) FROM survey WHERE id = $sid")' = active1 ] && [ $(ver "$sid") = $((v6 + 1)) ]"
check "activate: audited draft -> active" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $sid AND action = 'status' AND after_json = '{\"status\":\"active\"}'")" = 1
get "$R" "$A" "/admin/surveys/$sid"
check "hub: active shows the frozen note and a close button" sh -c \
    "grep -q 'id=\"frozen-note\"' '$R' && grep -q 'id=\"move-closed\"' '$R' && ! grep -q 'id=\"question-new\"' '$R'"

# ---- frozen: every question change is refused, nothing changes ----
v7=$(ver "$sid")
n7=$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_question'")
for req in "GET /questions/new" "POST /questions/new" "GET /questions/$q1" \
    "POST /questions/$q1" "POST /questions/$q1/move" "POST /questions/$q1/delete"; do
	meth=${req%% *} path=/admin/surveys/$sid${req#* }
	if [ "$meth" = GET ]; then
		get "$R" "$A" "$path"
	else
		post "$R" "$A" "$path" --data "_csrf=$T" --data kind=rating \
		    --data dimension=quality --data "text_zh=x" --data dir=down --data confirm=1
	fi
	expect_status "frozen: $meth $path is 409" 409 "$R"
done
check "frozen: ... with the pointer to copy" has "$R" "$(m sv.design.frozen.copy)"
check "frozen: nothing changed (version, questions, audit)" sh -c \
    "[ $(ver "$sid") = $v7 ] && [ $(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = $sid") = 5 ] && [ $(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_question'") = $n7 ]"
get "$R" "$A" "/admin/surveys/$sid/edit"
check "edit: an active survey's slug is locked" sh -c "grep -q 'id=\"slug\" type=\"text\" value=\"$slug\" disabled' '$R' && ! grep -q 'name=\"slug\"' '$R'"
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data "slug=hijack-$S" --data "target=all" \
    --data "owner=$an_id" --data "opens_on=$today"
expect_status "edit: an active survey needs both dates (422)" 422 "$R"
check "edit: ... with its message" has "$R" "$(m sv.design.err.period_active)"
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" \
    --data-urlencode "title_zh=满意度_$S $XSS" --data-urlencode "title_en=Satisfaction $S" \
    --data "slug=hijack-$S" --data "target=all" --data "owner=$an_id" \
    --data "opens_on=$today" --data "closes_on=$later" --data-urlencode "thanks_zh=非常感谢_$S"
expect_status "edit: an active survey's texts can change (303)" 303 "$R"
check "edit: ... but its slug stays" test "$(sql "SELECT CONCAT(slug, '|', thanks_zh) FROM survey WHERE id = $sid")" = "$slug|非常感谢_$S"

# ---- copy ----
nq=$(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = $sid")
post "$R" "$A" "/admin/surveys/$sid/copy" --data "_csrf=$T"
expect_status "copy: 303" 303 "$R"
cid=$(header "$R" Location); cid=${cid##*/}
check "copy: a new draft, version 1, copied_from set, a new slug" test \
    "$(sql "SELECT CONCAT(status, version, '|', copied_from, '|', slug <> '$slug', '|', slug LIKE '$slug-%', '|', created_by) FROM survey WHERE id = '$cid'")" = "draft1|$sid|1|1|$admin_id"
check "copy: the titles are marked as a copy" test \
    "$(sql "SELECT CONCAT(title_zh, '|', title_en) FROM survey WHERE id = '$cid'")" = "满意度_$S $XSS（副本）|Satisfaction $S (copy)"
check "copy: every question, in order, with its options" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(q.position, q.kind, COALESCE(q.dimension, ''), q.required, q.text_zh, q.help_zh, (SELECT COALESCE(GROUP_CONCAT(CONCAT(label_zh, label_en) ORDER BY position), '') FROM survey_option o WHERE o.question_id = q.id)) ORDER BY q.position) FROM survey_question q WHERE q.survey_id = '$cid'")" \
    = "$(sql "SELECT GROUP_CONCAT(CONCAT(q.position, q.kind, COALESCE(q.dimension, ''), q.required, q.text_zh, q.help_zh, (SELECT COALESCE(GROUP_CONCAT(CONCAT(label_zh, label_en) ORDER BY position), '') FROM survey_option o WHERE o.question_id = q.id)) ORDER BY q.position) FROM survey_question q WHERE q.survey_id = $sid")"
check "copy: $nq questions" test "$(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = '$cid'")" = "$nq"
check "copy: the settings come along (period, owner, texts)" test \
    "$(sql "SELECT CONCAT(opens_on, closes_on, owner_id, thanks_zh, min_seconds) FROM survey WHERE id = '$cid'")" = \
    "$(sql "SELECT CONCAT(opens_on, closes_on, owner_id, thanks_zh, min_seconds) FROM survey WHERE id = $sid")"
check "copy: audited" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = '$cid' AND action = 'copy' AND after_json LIKE '%\"copied_from\":$sid,%'")" = 1
check "copy: the original is unchanged" test "$(sql "SELECT CONCAT(status, COUNT(*)) FROM survey s JOIN survey_question q ON q.survey_id = s.id WHERE s.id = $sid")" = "active$nq"
get "$R" "$A" "/admin/surveys/$cid"
check "copy: the copy's hub links back to the original and lets questions change" sh -c \
    "grep -q 'id=\"survey-copied-from\"' '$R' && grep -q 'id=\"question-new\"' '$R'"
post "$R" "$A" "/admin/surveys/$cid/questions/new" --data "_csrf=$T" --data kind=short \
    --data-urlencode "text_zh=新题_$S"
expect_status "copy: the copy takes a new question (303)" 303 "$R"

# ---- close ----
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=closed
expect_status "close: the first step is a confirmation page (200)" 200 "$R"
check "close: ... that asks" has "$R" "$(m sv.design.confirm.closed)"
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=closed --data confirm=1
expect_status "close: confirmed 303" 303 "$R"
check "close: closed, closed_at set, audited" sh -c \
    "[ '$(sql "SELECT CONCAT(status, closed_at IS NOT NULL) FROM survey WHERE id = $sid")' = closed1 ] && [ $(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $sid AND action = 'status' AND after_json = '{\"status\":\"closed\"}'") = 1 ]"
post "$R" "$A" "/admin/surveys/$sid/status" --data "_csrf=$T" --data to=active --data confirm=1
expect_status "close: a closed survey does not reopen (409)" 409 "$R"
get "$R" "$A" "/admin/surveys/$sid/edit"
expect_status "close: its settings are frozen too (409)" 409 "$R"
check "close: ... with the message to copy it" has "$R" "$(m sv.design.frozen.closed)"
post "$R" "$A" "/admin/surveys/$sid/edit" --data "_csrf=$T" --data "title_zh=x" --data target=all --data owner=$an_id
expect_status "close: saving its settings is 409" 409 "$R"
get "$R" "$A" "/admin/surveys/$sid/preview"
expect_status "close: the preview still works (200)" 200 "$R"

# ---- every page in English too ----
for p in /admin/surveys /admin/surveys/new "/admin/surveys/$cid" "/admin/surveys/$cid/edit" \
    "/admin/surveys/$cid/questions/new" "/admin/surveys/$cid/questions/$(sql "SELECT MIN(id) FROM survey_question WHERE survey_id = '$cid'")" \
    "/admin/surveys/$cid/preview" "/admin/surveys/$sid"; do
	get "$R" "$A" "$p?lang=en"
	expect_status "english: GET $p is 200" 200 "$R"
done
check "english: the hub speaks English" has "$R" "$(sed -n 's/^sv.design.view.questions = //p' "$REPO/i18n/en/surveys.txt")"
get "$R" "$A" "/admin/surveys?lang=zh-CN"

# ---- roles beyond the matrix ----
get "$R" "$M" "/admin/surveys/$sid"
expect_status "view only: the account manager sees the hub (200)" 200 "$R"
check "view only: ... without edit, copy or status buttons" sh -c \
    "! grep -q 'id=\"survey-edit\"\|id=\"copy-form\"\|class=\"d-inline move-form\"' '$R'"
get "$R" "$M" /admin/surveys
check "view only: ... and without the new survey button" sh -c "! grep -q 'id=\"survey-new\"' '$R'"
post "$R" "$M" "/admin/surveys/$cid/status" --data "_csrf=$TM" --data to=pilot
expect_status "view only: a status change is 403" 403 "$R"
post "$R" "$M" "/admin/surveys/$cid/questions/new" --data "_csrf=$TM" --data kind=short --data "text_zh=x"
expect_status "view only: adding a question is 403" 403 "$R"
get "$R" "$N" "/admin/surveys/$cid"
check "design: the analyst sees the design buttons" sh -c "grep -q 'id=\"survey-edit\"' '$R' && grep -q 'id=\"question-new\"' '$R'"
post "$R" "$N" "/admin/surveys/$cid/status" --data "_csrf=$TN" --data to=pilot
expect_status "design: the analyst starts the copy's pilot (303)" 303 "$R"
check "design: ... audited under the analyst" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = '$cid' AND action = 'status' AND user_id = $an_id")" = 1
post "$R" "$A" "/admin/surveys/$cid/status" --data "x=1" --data to=draft
expect_status "csrf: a status change without the token is 403" 403 "$R"
check "csrf: ... and nothing changed" test "$(sql "SELECT status FROM survey WHERE id = '$cid'")" = pilot

finish
