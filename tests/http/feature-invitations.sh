#!/bin/sh
# Survey invitations against a running stack (tools/stack.sh), through
# nginx: the staff page (counts, list, filters), generating for the
# target group and for a chosen list (CSV with BOM, columns, link format,
# token length, only hashes stored), unknown codes, every validation
# message, wrong status, the pilot rules (chosen list only, at most 10,
# a warning below 5, counted apart), masking without pii.view, the audit
# row, a generated link opening the public survey, the CRM call POST
# /feed/invitations (good, no key, wrong key, disabled key, unknown
# survey/customer, draft survey, XML that parses) and manyi-ctl apikey.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# It makes its own surveys, users and keys (names carry a random suffix,
# so reruns do not collide) and uses the demo customers.
set -u
. "$REPO/tests/lib.sh"
stack_init
HTTP_TIMEOUT=60

S=$(rand 3)

# mksurvey SLUG STATUS [TARGET_KIND TARGET_VALUE]: a survey with one
# rating question; prints its id.
mksurvey() {
	sql "INSERT INTO survey (slug, status, title_zh, title_en, target_kind,
	    target_value, opens_on, closes_on) VALUES ('$1', '$2', '邀请测试 $1',
	    'Invitation test $1', '${3:-all}', '${4:-}', CURDATE() - INTERVAL 1 DAY,
	    CURDATE() + INTERVAL 30 DAY);
	    SET @s = LAST_INSERT_ID();
	    INSERT INTO survey_question (survey_id, position, kind, required,
	    dimension, text_zh, text_en) VALUES (@s, 1, 'rating', 1, 'quality',
	    '产品质量如何 $1', 'How is the quality $1');
	    SELECT @s"
}
count() { sql "SELECT COUNT(*) FROM survey_invitation WHERE $1"; }
# The data rows of a CSV answer (header row and BOM left out).
csv_rows() { body "$1" | sed 1d; }
links() { body "$1" | sed 1d | sed 's/.*,"\([^"]*\)"$/\1/'; }

# ---- users: the administrator, a user with surveys.invite but neither
# pii.view nor all departments, and an analyst (no surveys.invite) ----
A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
admin_id=$(sql "SELECT id FROM \`user\` WHERE login = 'admin'")
dept_id=$(sql "SELECT MIN(id) FROM department WHERE active = 1")
dept=$(sql "SELECT name FROM department WHERE id = $dept_id")
sql "INSERT INTO role (code, sort) VALUES ('t_inv_$S', 900);
    INSERT INTO role_permission (role_id, permission) SELECT id, p FROM role,
    (SELECT 'surveys.view' p UNION SELECT 'surveys.invite') x
    WHERE code = 't_inv_$S'" > /dev/null
NP=t_np_$S AN=t_an_$S
np_pw=$(mkuser "$NP" "t_inv_$S" "$dept")
an_pw=$(mkuser "$AN" analyst "$dept")
P=$tmp/jar.nopii
N=$tmp/jar.analyst
check "a user with surveys.invite but not pii.view signs in" signin "$NP" "$np_pw" "$P"
check "analyst signs in" signin "$AN" "$an_pw" "$N"
T=$(tok "$A")
PT=$(tok "$P")

# ---- surveys of every status ----
act=$(mksurvey "t-inv-act-$S" active tier core)
all=$(mksurvey "t-inv-all-$S" active)
pil=$(mksurvey "t-inv-pil-$S" pilot)
drf=$(mksurvey "t-inv-drf-$S" draft)
cls=$(mksurvey "t-inv-cls-$S" closed)
check "setup: five surveys" sh -c "[ -n '$act' ] && [ -n '$all' ] && [ -n '$pil' ] && [ -n '$drf' ] && [ -n '$cls' ]"
ncore=$(sql "SELECT COUNT(*) FROM customer WHERE tier = 'core'")
ncust=$(sql "SELECT COUNT(*) FROM customer")
check "setup: demo customers, some of tier core ($ncore of $ncust)" test "$ncore" -gt 0
# Customers in the viewer's department (for the user limited to it) and
# others; codes of the demo.
codes=$(sql "SELECT code FROM customer WHERE department_id = $dept_id ORDER BY id LIMIT 20")
c1=$(echo "$codes" | sed -n 1p) c2=$(echo "$codes" | sed -n 2p) c3=$(echo "$codes" | sed -n 3p)
other=$(sql "SELECT code FROM customer WHERE department_id IS NULL OR department_id <> $dept_id ORDER BY id LIMIT 1")
check "setup: three customers of the department and one elsewhere" \
    sh -c "[ -n '$c3' ] && [ -n '$other' ]"

# ---- the page ----
url=/admin/surveys/$act/invitations
get "$R" "$A" "$url"
expect_status "page: GET $url is 200 for the administrator" 200 "$R"
check "page: counts of invitations per channel (real)" has "$R" 'id="count-real-email"'
check "page: pilot invitations counted apart" has "$R" 'id="count-pilot-total"'
check "page: the generate form is there" has "$R" 'id="invite-form"'
check "page: the target group is described (tier core)" has "$R" '核心'
check "page: no invitation yet: the empty state" has "$R" 'id="invite-empty"'
get "$R" "$N" "$url"
expect_status "page: an analyst (no surveys.invite) gets 403" 403 "$R"
get "$R" "$A" /admin/surveys/99999999/invitations
expect_status "page: an unknown survey is 404" 404 "$R"
get "$R" "$A" /admin/surveys/abc/invitations
expect_status "page: a bad id is 404" 404 "$R"

# ---- generate for the target group (tier core) ----
post "$R" "$A" "$url" --data "_csrf=$T&mode=target&channel=email"
expect_status "target: 200" 200 "$R"
check "target: text/csv" test "$(header "$R" Content-Type)" = 'text/csv; charset=utf-8'
cd_h=$(header "$R" Content-Disposition)
check "target: Content-Disposition names the file" test "$cd_h" = "attachment; filename=\"invitations-$act.csv\""
body "$R" > "$tmp/t.csv"
check "target: starts with the UTF-8 BOM" sh -c "head -c 3 '$tmp/t.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "target: the header row: code, name, contact, mobile, e-mail, channel, link" \
    has "$tmp/t.csv" '"客户编号","客户名称","联系人","手机","电子邮件","渠道","链接"'
check "target: one row per core customer ($ncore)" test "$(csv_rows "$R" | wc -l)" = "$ncore"
check "target: every row has 7 cells" sh -c "body '$R' | sed 1d | awk -F'\",\"' 'NF != 7 { bad = 1 } END { exit bad }'"
check "target: the rows are the core customers" test \
    "$(csv_rows "$R" | cut -d, -f1 | tr -d '"' | sort | tr '\n' ' ')" = \
    "$(sql "SELECT code FROM customer WHERE tier = 'core' ORDER BY code" | sort | tr '\n' ' ')"
check "target: stored, one per customer, channel email, not pilot, by the admin" test \
    "$(count "survey_id = $act AND channel = 'email' AND pilot = 0 AND created_by = $admin_id AND used_at IS NULL")" = "$ncore"
check "target: the stored customers are the core ones" test \
    "$(sql "SELECT COUNT(*) FROM survey_invitation i JOIN customer c ON c.id = i.customer_id WHERE i.survey_id = $act AND c.tier = 'core'")" = "$ncore"
links "$R" > "$tmp/links"
check "link: absolute, $base/s/<slug>?t=<token of >= 22 base64url characters>" \
    sh -c "grep -Evx '$base/s/t-inv-act-$S\\?t=[A-Za-z0-9_-]{22,}' '$tmp/links' | { ! grep -q .; }"
check "link: every token differs" test "$(sed 's/.*t=//' "$tmp/links" | sort -u | wc -l)" = "$ncore"
t1=$(sed -n '1s/.*t=//p' "$tmp/links")
check "link: the token has at least 22 characters (${#t1})" test "${#t1}" -ge 22
check "hash: the SHA-256 of the token is stored" test \
    "$(count "survey_id = $act AND token_hash = UNHEX(SHA2('$t1', 256))")" = 1
mariadb-dump --no-defaults -S "$RUN/db.sock" -uroot --hex-blob manyi > "$tmp/dump.sql" 2>/dev/null
check "hash: the token itself is nowhere in the database (full dump)" sh -c "[ -s '$tmp/dump.sql' ] && ! grep -qF '$t1' '$tmp/dump.sql'"
rm -f "$tmp/dump.sql"
check "audit: one row for the batch: count and channel" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $act AND action = 'invite' AND user_id = $admin_id AND after_json LIKE '%\"count\":$ncore,%' AND after_json LIKE '%\"channel\":\"email\"%'")" = 1
check "audit: the batch's row holds no token" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE after_json LIKE '%$t1%'")" = 0
check "target: the administrator sees contacts unmasked" \
    sh -c "csv_m=\$(sed 1d '$tmp/t.csv' | cut -d, -f4 | tr -d '\"' | grep -c '\\*\\*\\*\\*'); [ \"\$csv_m\" = 0 ]"
get "$R" "$A" "$url"
check "page: the email count shows the batch" sh -c "grep -A0 'id=\"count-real-email\"' '$R' | grep -q '<td class=\"text-end sent\">$ncore</td>'"
check "page: the list shows the invitations" has "$R" 'id="invitations"'

# Skipping those already invited: nobody left.
post "$R" "$A" "$url" --data "_csrf=$T&mode=target&channel=email&skip=1"
expect_status "target, skipping the invited: nobody left is 422" 422 "$R"
check "target, skipping the invited: says so" has "$R" '没有可邀请的客户'
check "target, skipping the invited: nothing more stored" test "$(count "survey_id = $act")" = "$ncore"
# Without skipping: a second invitation each (e.g. a reminder wave, sms).
post "$R" "$A" "$url" --data "_csrf=$T&mode=target&channel=sms"
expect_status "target again on sms, not skipping: 200" 200 "$R"
check "target again: as many new invitations" test "$(count "survey_id = $act AND channel = 'sms'")" = "$ncore"

# ---- a chosen list ----
post "$R" "$A" "$url" --data "_csrf=$T&mode=list&channel=app" \
    --data-urlencode "codes=$c1

  $c2
$c1
$c3  "
expect_status "list: 200" 200 "$R"
check "list: three rows (blank lines, spaces and repeats ignored)" test "$(csv_rows "$R" | wc -l)" = 3
check "list: the rows are the codes given" test \
    "$(csv_rows "$R" | cut -d, -f1 | tr -d '"' | sort | tr '\n' ' ')" = \
    "$(printf '%s\n' "$c1" "$c2" "$c3" | sort | tr '\n' ' ')"
check "list: stored on channel app" test "$(count "survey_id = $act AND channel = 'app'")" = 3
lk=$(links "$R" | head -1)
# Unknown codes: listed back, nothing stored, the input kept.
before=$(count "survey_id = $act")
post "$R" "$A" "$url" --data "_csrf=$T&mode=list&channel=app" \
    --data-urlencode "codes=$c1
NOPE-$S
<b>x$S</b>"
expect_status "list with unknown codes: 422" 422 "$R"
check "list with unknown codes: the message" has "$R" '以下客户编号不存在'
check "list with unknown codes: each unknown code listed" has "$R" "<li>NOPE-$S</li>"
check "list with unknown codes: shown escaped" has "$R" "<li>&lt;b&gt;x$S&lt;/b&gt;</li>"
check "list with unknown codes: a known code is not listed" sh -c "! grep -qF '<li>$c1</li>' '$R'"
check "list with unknown codes: the codes are kept in the form, one per line" \
    sh -c "tr -d '\r' < '$R' | grep -qx 'NOPE-$S'"
check "list with unknown codes: nothing stored" test "$(count "survey_id = $act")" = "$before"

# ---- every validation message ----
post "$R" "$A" "$url" --data "_csrf=$T&channel=email"
expect_status "invalid: no choice of who is 422" 422 "$R"
check "invalid: no choice of who: its message" has "$R" 'id="mode-error"'
post "$R" "$A" "$url" --data "_csrf=$T&mode=target&channel=visit"
expect_status "invalid: a channel not for invitations (visit) is 422" 422 "$R"
check "invalid: the channel's message" has "$R" 'id="channel-error"'
post "$R" "$A" "$url" --data "_csrf=$T&mode=target"
expect_status "invalid: no channel is 422" 422 "$R"
post "$R" "$A" "$url" --data "_csrf=$T&mode=list&channel=email" --data-urlencode "codes=
  "
expect_status "invalid: a list without codes is 422" 422 "$R"
check "invalid: the codes' message" has "$R" 'id="codes-error"'
post "$R" "$A" "$url" --data "_csrf=$T&mode=everyone&channel=email"
expect_status "invalid: an unknown mode is 422" 422 "$R"
check "invalid: nothing stored by any of them" test "$(count "survey_id = $act")" = "$before"
post "$R" "$A" "$url" --data "_csrf=$T&mode=list&channel=email" \
    --data-urlencode "codes=$(seq 1 10001 | sed 's/^/X/')"
expect_status "invalid: more than 10,000 codes is 422" 422 "$R"
post "$R" "$A" "$url" --data "mode=target&channel=email"
expect_status "csrf: a POST without the form token is 403" 403 "$R"

# ---- wrong status ----
for s in "$drf:draft:草稿" "$cls:closed:已关闭"; do
	sid=${s%%:*} rest=${s#*:}
	st=${rest%%:*} label=${rest#*:}
	get "$R" "$A" /admin/surveys/$sid/invitations
	check "status $st: the page says invitations need pilot or active" has "$R" 'id="invite-not-open"'
	check "status $st: the page names the status ($label)" has "$R" "本调查当前为：$label"
	check "status $st: no generate form" sh -c "! grep -q 'id=\"invite-form\"' '$R'"
	post "$R" "$A" /admin/surveys/$sid/invitations --data "_csrf=$T&mode=list&channel=email&codes=$c1"
	expect_status "status $st: generating is 409" 409 "$R"
	check "status $st: nothing stored" test "$(count "survey_id = $sid")" = 0
done

# ---- pilot ----
purl=/admin/surveys/$pil/invitations
get "$R" "$A" "$purl"
check "pilot: the page explains the pilot" has "$R" 'id="invite-pilot"'
check "pilot: only a chosen list is offered" sh -c "grep -q 'id=\"pilot-list-only\"' '$R' && ! grep -q 'id=\"mode-target\"' '$R'"
post "$R" "$A" "$purl" --data "_csrf=$T&mode=target&channel=email"
expect_status "pilot: the target group is refused (422)" 422 "$R"
check "pilot: the target group: its message" has "$R" '试点状态下只能邀请选定的客户名单'
pc=$(echo "$codes" | sed -n '1,3p')
post "$R" "$A" "$purl" --data "_csrf=$T&mode=list&channel=email" --data-urlencode "codes=$pc"
expect_status "pilot: 3 chosen customers: 200" 200 "$R"
check "pilot: stored as pilot invitations" test "$(count "survey_id = $pil AND pilot = 1")" = 3
get "$R" "$A" "$purl"
check "pilot: fewer than 5 is allowed, with a warning" has "$R" 'id="invite-pilot-few"'
check "pilot: counted apart (pilot total 3)" sh -c "grep 'id=\"count-pilot-total\"' '$R' | grep -q '<td class=\"text-end sent\">3</td>'"
check "pilot: counted apart (real total 0)" sh -c "grep 'id=\"count-real-total\"' '$R' | grep -q '<td class=\"text-end sent\">0</td>'"
pc=$(echo "$codes" | sed -n '4,11p')
post "$R" "$A" "$purl" --data "_csrf=$T&mode=list&channel=email" --data-urlencode "codes=$pc"
expect_status "pilot: 8 more (11 in all) is refused (422)" 422 "$R"
check "pilot: the limit's message says 7 more are allowed" has "$R" '还可添加 7 位'
check "pilot: nothing stored beyond the 3" test "$(count "survey_id = $pil")" = 3
pc=$(echo "$codes" | sed -n '4,10p')
post "$R" "$A" "$purl" --data "_csrf=$T&mode=list&channel=sms" --data-urlencode "codes=$pc"
expect_status "pilot: 7 more (10 in all) is allowed" 200 "$R"
check "pilot: 10 pilot invitations" test "$(count "survey_id = $pil AND pilot = 1")" = 10
get "$R" "$A" "$purl"
check "pilot: at 10 the page says the pilot is full" has "$R" 'id="invite-pilot-full"'
check "pilot: no warning about too few any more" sh -c "! grep -q 'id=\"invite-pilot-few\"' '$R'"
post "$R" "$A" "$purl" --data "_csrf=$T&mode=list&channel=email" --data-urlencode "codes=$(echo "$codes" | sed -n 12p)"
expect_status "pilot: an 11th is refused" 422 "$R"
# Two pilot batches at once (6 + 6 > 10): the survey's row lock makes
# them one after the other, so exactly one is stored.
pil2=$(mksurvey "t-inv-pl2-$S" pilot)
for half in 1 2; do
	if [ $half = 1 ]; then pc=$(echo "$codes" | sed -n '1,6p'); else pc=$(echo "$codes" | sed -n '7,12p'); fi
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 -b "$A" \
	    -H "Origin: $base" --data "_csrf=$T&mode=list&channel=email" \
	    --data-urlencode "codes=$pc" "$base/admin/surveys/$pil2/invitations" \
	    > "$tmp/par.$half" &
done
wait
check "pilot: two batches of 6 at once: one 200, one 422" test \
    "$(cat "$tmp/par.1" "$tmp/par.2" | sort | tr '\n' ' ')" = "200 422 "
check "pilot: two batches of 6 at once: 6 stored, never 12" test "$(count "survey_id = $pil2")" = 6
# Activating keeps everything: the pilot invitations stay, counted apart.
sql "UPDATE survey SET status = 'active' WHERE id = $pil" > /dev/null
get "$R" "$A" "$purl"
check "activated: the pilot invitations are still counted apart (10)" \
    sh -c "grep 'id=\"count-pilot-total\"' '$R' | grep -q '<td class=\"text-end sent\">10</td>'"
post "$R" "$A" "$purl" --data "_csrf=$T&mode=target&channel=email&skip=1"
expect_status "activated: the target group (all) can be invited now" 200 "$R"
check "activated: real invitations for every customer ($ncust), pilot ones kept" test \
    "$(count "survey_id = $pil AND pilot = 0"):$(count "survey_id = $pil AND pilot = 1")" = "$ncust:10"

# ---- masking without pii.view, and the department limit ----
post "$R" "$P" "$url" --data "_csrf=$PT&mode=list&channel=email" --data-urlencode "codes=$c1
$c2"
expect_status "no pii.view: 200" 200 "$R"
body "$R" > "$tmp/m.csv"
mob=$(sql "SELECT k.mobile FROM customer c JOIN customer_contact k ON k.customer_id = c.id WHERE c.code = '$c1' ORDER BY k.is_primary DESC, k.id LIMIT 1")
check "no pii.view: the mobile is masked (like 138****5678)" sh -c "sed 1d '$tmp/m.csv' | cut -d, -f4 | grep -Eq '^\"[0-9]{3}[*]{4}[0-9]{4}\"\$'"
check "no pii.view: the full mobile is not in the file" sh -c "[ -n '$mob' ] && ! grep -qF '$mob' '$tmp/m.csv'"
check "no pii.view: the e-mail is masked" sh -c "sed 1d '$tmp/m.csv' | cut -d, -f5 | grep -q '[*][*][*]@'"
check "no pii.view: the audit row says masked" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey' AND entity_id = $act AND action = 'invite' AND login = '$NP' AND after_json LIKE '%\"masked\":1%'")" = 1
post "$R" "$A" "$url" --data "_csrf=$T&mode=list&channel=email" --data-urlencode "codes=$c1"
check "with pii.view: the full mobile is in the file" has "$R" "$mob"
post "$R" "$P" "$url" --data "_csrf=$PT&mode=list&channel=email" --data-urlencode "codes=$other"
expect_status "department: a customer of another department is refused (422)" 422 "$R"
check "department: ... listed as unknown" has "$R" "<li>$other</li>"

# ---- the list: filters and paging ----
get "$R" "$A" "$url?channel=app"
check "list filter: channel app shows its 3 (+1 by the user without pii)" has "$R" "共 3 份邀请"
get "$R" "$A" "$url?used=1"
check "list filter: answered: none yet" has "$R" 'id="invite-empty"'
get "$R" "$A" "$url?used=0&channel=sms"
check "list filter: not answered on sms: $ncore" has "$R" "共 $ncore 份邀请"
get "$R" "$A" "/admin/surveys/$pil/invitations?kind=pilot"
check "list filter: pilot kind: 10" has "$R" "共 10 份邀请"
get "$R" "$A" "/admin/surveys/$pil/invitations?page=2"
expect_status "list: page 2 is 200" 200 "$R"
check "list: a pager" has "$R" 'page=3'
get "$R" "$A" "$url?page=999999&channel=%3Cx%3E&used=zz&kind=zz"
expect_status "list: hostile filters and a page past the end still answer 200" 200 "$R"

# Answered invitations (used_at is set when a response is stored):
# counted per channel with the response rate, and filtered.
sql "UPDATE survey_invitation SET used_at = NOW() WHERE survey_id = $act AND channel = 'email' ORDER BY id LIMIT 2" > /dev/null
ne=$(count "survey_id = $act AND channel = 'email'")
rate=$(awk -v n="$ne" 'BEGIN { printf "%.1f%%", 200 / n }')
get "$R" "$A" "$url"
check "counts: e-mail answered 2 of $ne, rate $rate" sh -c "grep 'id=\"count-real-email\"' '$R' | grep -q '<td class=\"text-end answered\">2</td><td class=\"text-end rate\">$rate</td>'"
get "$R" "$A" "$url?used=1"
check "list filter: answered: the 2" has "$R" "共 2 份邀请"

# ---- a generated link opens the public survey ----
lt=${lk##*t=}
check "public: the link's token finds its invitation by hash" test \
    "$(count "survey_id = $act AND channel = 'app' AND token_hash = UNHEX(SHA2('$lt', 256))")" = 1
get "$R" "$tmp/jar.public" "${lk#$base}"
expect_status "public: the link opens the survey (200)" 200 "$R"
check "public: the page shows the survey's question" has "$R" "产品质量如何 t-inv-act-$S"

# ---- the CRM call: POST /feed/invitations ----
key=$(ctl apikey add "crm-$S" 2> "$tmp/key.err")
check "apikey add: prints a key once" sh -c "printf '%s' '$key' | grep -Eqx 'mk_[A-Za-z0-9_-]{40,}'"
check "apikey add: only the key's SHA-256 is stored" test \
    "$(sql "SELECT COUNT(*) FROM api_client WHERE name = 'crm-$S' AND key_hash = SHA2('$key', 256) AND active = 1")" = 1
check "apikey add: the same name twice is refused" sh -c "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey add 'crm-$S' >/dev/null 2>&1"
check "apikey add: a bad name is refused" sh -c "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey add 'a b' >/dev/null 2>&1"
check "apikey list: shows the key active" sh -c "MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey list | grep -E '^crm-$S +invitations +active'"
check "apikey list: never shows the key" sh -c "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey list | grep -qF '$key'"
check "apikey add: audited without the key" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'api_client' AND action = 'create' AND after_json LIKE '%crm-$S%' AND after_json NOT LIKE '%$key%'")" = 1
feed() {	# feed OUT KEY BODY
	if [ -n "$2" ]; then
		curl -s -i --max-time 30 -H "Authorization: Bearer $2" --data "$3" "$base/feed/invitations" > "$1" 2>&1 || true
	else
		curl -s -i --max-time 30 --data "$3" "$base/feed/invitations" > "$1" 2>&1 || true
	fi
}
xml_ok() { body "$1" | xmllint --noout - 2>&1; }
code_is() {	# code_is FILE CODE: the error's code element
	[ "$(body "$1" | xmllint --xpath "string(//*[local-name()='code'])" - 2>/dev/null)" = "$2" ]
}
feed "$R" "$key" "survey=t-inv-all-$S&customer=$c1"
expect_status "feed: a good call is 201" 201 "$R"
check "feed: the answer is XML that parses" xml_ok "$R"
check "feed: application/xml" test "$(header "$R" Content-Type)" = 'application/xml; charset=utf-8'
fid=$(body "$R" | xmllint --xpath "string(/*[local-name()='invitation']/@id)" - 2>/dev/null)
flink=$(body "$R" | xmllint --xpath "string(//*[local-name()='link'])" - 2>/dev/null)
check "feed: the invitation's id ($fid) and link" sh -c "[ -n '$fid' ] && printf '%s' '$flink' | grep -Eqx '$base/s/t-inv-all-$S\\?t=[A-Za-z0-9_-]{22,}'"
check "feed: stored on channel crm for the customer, not pilot, made by no user" test \
    "$(sql "SELECT COUNT(*) FROM survey_invitation i JOIN customer c ON c.id = i.customer_id WHERE i.id = '$fid' AND i.survey_id = $all AND c.code = '$c1' AND i.channel = 'crm' AND i.pilot = 0 AND i.created_by IS NULL AND i.token_hash = UNHEX(SHA2('${flink##*t=}', 256))")" = 1
check "feed: audited under the client's name, without the token" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'survey_invitation' AND entity_id = '$fid' AND action = 'create' AND login = 'api:crm-$S' AND user_id IS NULL AND after_json NOT LIKE '%${flink##*t=}%'")" = 1
check "feed: the key's last use is noted" test \
    "$(sql "SELECT last_used_at IS NOT NULL FROM api_client WHERE name = 'crm-$S'")" = 1
if [ -n "${APORT:-}" ]; then
	# Through Apache too: it must pass the Authorization header on.
	curl -s -i --max-time 30 -H "Authorization: Bearer $key" \
	    --data "survey=t-inv-all-$S&customer=$c3" \
	    "http://127.0.0.1:$APORT/feed/invitations" > "$R" 2>&1 || true
	expect_status "feed: a good call through Apache is 201 (Authorization passed on)" 201 "$R"
fi
# [survey] public_url makes the links (manyi-feed run as CGI with the
# stack's configuration plus that setting; a trailing '/' is dropped).
cp "$RUN/manyi.conf" "$tmp/pub.conf"
printf '\n[survey]\npublic_url = https://survey.example.com/\n' >> "$tmp/pub.conf"
printf 'survey=t-inv-all-%s&customer=%s&channel=email' "$S" "$c2" > "$tmp/b"
env -i PATH="$PATH" MANYI_DATADIR="$REPO" MANYI_CONF="$tmp/pub.conf" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" GATEWAY_INTERFACE=CGI/1.1 \
    REQUEST_METHOD=POST REQUEST_URI=/feed/invitations \
    SERVER_PROTOCOL=HTTP/1.1 HTTP_HOST=internal.test REMOTE_ADDR=127.0.0.1 \
    CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=$(wc -c < "$tmp/b") HTTP_AUTHORIZATION="Bearer $key" \
    "$BUILD/manyi-feed" < "$tmp/b" > "$R" 2> "$tmp/cgi.err" || true
expect_status "public_url: the call as CGI is 201" 201 "$R"
check "public_url: the link starts with [survey] public_url" \
    sh -c "grep -Eq '<link>https://survey.example.com/s/t-inv-all-$S\?t=[A-Za-z0-9_-]{22,}</link>' '$R'"
feed "$R" "$key" "survey=t-inv-all-$S&customer=$c2&channel=sms"
expect_status "feed: another channel for invitations (sms) is 201" 201 "$R"
feed "$R" "" "survey=t-inv-all-$S&customer=$c1"
expect_status "feed: no key is 401" 401 "$R"
check "feed: no key: WWW-Authenticate Bearer" test "$(header "$R" WWW-Authenticate)" = 'Bearer realm="manyi-feed"'
check "feed: no key: an XML error with its code" code_is "$R" no_key
feed "$R" "mk_wrong$S" "survey=t-inv-all-$S&customer=$c1"
expect_status "feed: a wrong key is 401" 401 "$R"
check "feed: a wrong key: WWW-Authenticate with invalid_token" test "$(header "$R" WWW-Authenticate)" = 'Bearer realm="manyi-feed", error="invalid_token"'
check "feed: a wrong key: code bad_key" code_is "$R" bad_key
feed "$R" "$key" "survey=NOPE-$S&customer=$c1"
expect_status "feed: an unknown survey is 404" 404 "$R"
check "feed: an unknown survey: code unknown_survey" code_is "$R" unknown_survey
feed "$R" "$key" "survey=t-inv-all-$S&customer=NOPE-$S"
expect_status "feed: an unknown customer is 422" 422 "$R"
check "feed: an unknown customer: code unknown_customer" code_is "$R" unknown_customer
feed "$R" "$key" "survey=t-inv-drf-$S&customer=$c1"
expect_status "feed: a draft survey is 409" 409 "$R"
check "feed: a draft survey: code survey_not_active" code_is "$R" survey_not_active
feed "$R" "$key" "survey=t-inv-cls-$S&customer=$c1"
expect_status "feed: a closed survey is 409" 409 "$R"
feed "$R" "$key" "customer=$c1"
expect_status "feed: no survey is 400" 400 "$R"
check "feed: no survey: code missing_field" code_is "$R" missing_field
feed "$R" "$key" "survey=t-inv-all-$S&customer=$c1&channel=visit"
expect_status "feed: a channel not for invitations is 422" 422 "$R"
check "feed: every error answer parses as XML" xml_ok "$R"
feed "$R" "$key" "survey=t-inv-all-$S&customer=$(printf 'x%.0s' $(seq 300))"
expect_status "feed: an oversized customer code is 422" 422 "$R"
check "feed: nothing stored by the refused calls" test "$(count "survey_id IN ($all, $drf, $cls) AND channel <> 'email'")" = "$([ -n "${APORT:-}" ] && echo 3 || echo 2)"
# A key whose scope does not cover invitations: 403.
sql "UPDATE api_client SET scope = 'reports' WHERE name = 'crm-$S'" > /dev/null
feed "$R" "$key" "survey=t-inv-all-$S&customer=$c1"
expect_status "feed: a key without the invitations scope is 403" 403 "$R"
check "feed: ... code scope" code_is "$R" scope
sql "UPDATE api_client SET scope = 'invitations' WHERE name = 'crm-$S'" > /dev/null
check "apikey disable: works" sh -c "MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey disable 'crm-$S' | grep -q disabled"
check "apikey disable: an unknown name fails" sh -c "! MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' apikey disable 'nope-$S' 2>/dev/null"
check "apikey disable: audited" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'api_client' AND action = 'disable' AND after_json LIKE '%crm-$S%'")" = 1
feed "$R" "$key" "survey=t-inv-all-$S&customer=$c1"
expect_status "feed: a disabled key is 401" 401 "$R"
check "feed: a disabled key: code key_disabled" code_is "$R" key_disabled
# The program's own errors (front line, unknown path) are XML too.
curl -s -i --max-time 30 -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    --data '{"survey": "x"}' "$base/feed/invitations" > "$R" 2>&1 || true
expect_status "feed: a JSON body is 415" 415 "$R"
check "feed: ... answered in XML with code http_415" code_is "$R" http_415
check "feed: ... application/xml" test "$(header "$R" Content-Type)" = 'application/xml; charset=utf-8'
curl -s -i --max-time 30 "$base/feed/nope" > "$R" 2>&1 || true
expect_status "feed: an unknown path is 404" 404 "$R"
has_message() { [ -n "$(body "$1" | xmllint --xpath "string(//*[local-name()='message'])" - 2>/dev/null)" ]; }
check "feed: ... answered in XML with code http_404" code_is "$R" http_404
check "feed: ... with the error page's message" has_message "$R"
curl -s --max-time 30 "$base/feed/" > "$tmp/svc.xml" || true
check "feed: the service document parses and lists the call" sh -c "xmllint --noout '$tmp/svc.xml' && [ \"\$(xmllint --xpath \"string(//*[local-name()='call'][@name='invitation']/@href)\" '$tmp/svc.xml')\" = /feed/invitations ]"

finish
