#!/bin/sh
# The public survey pages (manyi-survey, /s/<slug>) against a running
# stack (tools/stack.sh), through nginx: every survey state, every
# validation message with the other answers kept, a good submission
# (303 -> thank-you, one response with all answers, reload stores
# nothing), one-time tokens (also two parallel submissions), pilot
# invitations, the honeypot, the start stamp, the open-link rate limit
# (429), stored XSS kept verbatim and never echoed raw, English, the
# definition cache following a new version, and the public database
# account's reach.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx),
#   APORT (Apache, optional).
# It creates its own surveys (slugs carry a random suffix, so reruns do
# not collide).
set -u
. "$REPO/tests/lib.sh"
base=http://127.0.0.1:$PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
R=$tmp/r
J=$tmp/jar

sql() {	# sql STATEMENT: as MariaDB root, tab-separated, no headers
	mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1" 2>&1
}
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
S=$(rand 3)

get() {
	g_out=$1 g_path=$2
	shift 2
	curl -s -i --max-time 30 -b "$J" -c "$J" "$@" "$base$g_path" \
	    > "$g_out" 2>&1 || true
}
post() {
	p_out=$1 p_path=$2
	shift 2
	curl -s -i --max-time 30 -b "$J" -c "$J" -H "Origin: $base" \
	    "$@" "$base$p_path" > "$p_out" 2>&1 || true
}
csrf_in() { sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
stamp_in() { sed -n 's/.*name="_st" value="\([0-9a-f.]*\)".*/\1/p' "$1" | head -1; }
header() { tr -d '\r' < "$1" | sed -n "/^\$/q;s/^$2: //Ip" | tail -1; }
state_is() { grep -q "data-key=\"$2\"" "$1"; }
responses() { sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $1"; }

# ---- fixtures ----
mk_survey() {	# mk_survey SLUG STATUS OPENS CLOSES TITLE_EN: prints the id
	sql "INSERT INTO survey (slug, status, title_zh, title_en, intro_zh,
	    intro_en, thanks_zh, thanks_en, opens_on, closes_on, min_seconds)
	    VALUES ('$1', '$2', '服务满意度调查 $S', '$5', '请根据最近一次服务作答。',
	    'Please think of your last service.', '谢谢您的反馈_$S', 'Thanks a lot_$S',
	    $3, $4, 30); SELECT LAST_INSERT_ID();"
}
mk_q() {	# mk_q SURVEY POS KIND REQUIRED DIM TEXT_ZH TEXT_EN: prints the id
	sql "INSERT INTO survey_question (survey_id, position, kind, required,
	    dimension, text_zh, text_en, help_zh, help_en) VALUES ($1, $2, '$3', $4,
	    $5, '$6', '$7', IF($2 = 1, '1 分最低，5 分最高', ''),
	    IF($2 = 1, '1 is lowest, 5 highest', ''));
	    SELECT LAST_INSERT_ID();"
}
mk_inv() {	# mk_inv SURVEY TOKEN PILOT: prints the id
	sql "INSERT INTO survey_invitation (survey_id, channel, token_hash, pilot)
	    VALUES ($1, 'sms', UNHEX(SHA2('$2', 256)), $3); SELECT LAST_INSERT_ID();"
}

A=sva-$S
a_id=$(mk_survey "$A" active NULL "CURDATE() + INTERVAL 30 DAY" "Service survey $S")
i=1
for dim in quality response aftersales value attitude efficiency quality response; do
	eval "q$i=\$(mk_q $a_id $i rating 1 \"'$dim'\" '评分问题$i' 'Rating question $i')"
	i=$((i + 1))
done
q9=$(mk_q "$a_id" 9 nps 1 NULL '您向朋友推荐我们的可能性有多大？' 'How likely are you to recommend us?')
q10=$(mk_q "$a_id" 10 long 0 NULL '还有什么建议？' 'Anything else?')
check "fixture: 10 questions" test "$(sql "SELECT COUNT(*) FROM survey_question WHERE survey_id = $a_id")" = 10

B=svb-$S
b_id=$(mk_survey "$B" active "CURDATE() - INTERVAL 1 DAY" NULL "")
qs=$(mk_q "$b_id" 1 single 1 NULL '您是通过什么渠道了解我们的？' '')
qm=$(mk_q "$b_id" 2 multiple 1 NULL '您使用过哪些服务？' '')
qt=$(mk_q "$b_id" 3 short 0 NULL '您的职位' '')
qc=$(mk_q "$b_id" 4 ces 0 NULL '办理是否轻松？' '')
sql "INSERT INTO survey_option (question_id, position, label_zh) VALUES
    ($qs, 1, '朋友介绍'), ($qs, 2, '广告'), ($qs, 3, '网络搜索'),
    ($qm, 1, '安装'), ($qm, 2, '维修'), ($qm, 3, '培训'), ($qm, 4, '咨询')" >/dev/null

D=svd-$S; d_id=$(mk_survey "$D" draft NULL NULL "")
P=svp-$S; p_id=$(mk_survey "$P" pilot NULL NULL "")
C=svc-$S; c_id=$(mk_survey "$C" closed NULL NULL "")
N=svn-$S; n_id=$(mk_survey "$N" active "CURDATE() + INTERVAL 10 DAY" NULL "")
E=sve-$S; e_id=$(mk_survey "$E" active NULL "CURDATE() - INTERVAL 1 DAY" "")
for s in $d_id $p_id $c_id $n_id $e_id; do
	mk_q "$s" 1 rating 1 "'quality'" '总体满意度' '' >/dev/null
done
pq=$(sql "SELECT id FROM survey_question WHERE survey_id = $p_id")
# Submissions from this address start from zero in the rate limit.
sql "DELETE FROM survey_rate" >/dev/null
sql "UPDATE setting SET value = '20' WHERE name = 'survey.rate_per_hour'" >/dev/null

# The rated answers of survey A (all valid), as curl arguments.
good_a() {
	echo "--data q$q1=5 --data q$q2=4 --data q$q3=3 --data q$q4=2 --data q$q5=1 --data q$q6=4 --data q$q7=5 --data q$q8=3 --data q$q9=9"
}

# ---- every state ----
get "$R" /s/
expect_status "home /s/ still 200" 200 "$R"
get "$R" "/s/$D"
expect_status "draft: 404" 404 "$R"
check "draft: says not published" state_is "$R" sv.public.draft
get "$R" "/s/$P"
expect_status "pilot, open link: 403" 403 "$R"
check "pilot: says trial only" state_is "$R" sv.public.pilot
get "$R" "/s/$C"
expect_status "closed: 410" 410 "$R"
check "closed: says closed" state_is "$R" sv.public.closed
get "$R" "/s/$E"
expect_status "past its closing date: 410" 410 "$R"
check "past closing: says closed" state_is "$R" sv.public.closed
get "$R" "/s/$N"
expect_status "not yet open: 403" 403 "$R"
check "not yet open: names the opening day" has "$R" "$(sql "SELECT CURDATE() + INTERVAL 10 DAY")"
get "$R" "/s/nosuch-$S"
expect_status "unknown: 404" 404 "$R"
check "unknown: clear page" state_is "$R" sv.public.unknown
get "$R" "/s/nosuch-$S/thanks"
expect_status "unknown thanks: 404" 404 "$R"
post "$R" "/s/$C" --data "_csrf=x"
expect_status "POST without a valid CSRF token: 403" 403 "$R"

# ---- the form ----
get "$R" "/s/$A"
expect_status "active: 200" 200 "$R"
T=$(csrf_in "$R")
ST=$(stamp_in "$R")
check "form: 10 questions" test "$(grep -c 'class="card mb-3 sv-q' "$R")" = 10
check "form: rating 1 labelled 非常不满意" has "$R" "<strong>1</strong> · 非常不满意"
check "form: rating 5 labelled 非常满意" has "$R" "<strong>5</strong> · 非常满意"
check "form: NPS runs 0 to 10" sh -c "grep -q 'id=\"q$q9-0\"' '$R' && grep -q 'id=\"q$q9-10\"' '$R'"
check "form: long text area" has "$R" "<textarea class=\"form-control\" name=\"q$q10\""
check "form: help text" has "$R" '1 分最低，5 分最高'
check "form: required marks" has "$R" '（必答）'
check "form: honeypot" has "$R" 'name="website"'
check "form: signed start stamp" test -n "$ST"
check "form: CSRF token" test -n "$T"
check "form: survey intro" has "$R" '请根据最近一次服务作答。'
check "form: phone viewport from the layout" has "$R" 'width=device-width'
check "form: no inline styles (the CSP forbids them)" sh -c "! grep -q 'style=' '$R'"
check "form: no-store" sh -c "tr -d '\r' < '$R' | grep -qi '^Cache-Control: no-store'"

# ---- validation: a message per question, other answers kept ----
n0=$(responses "$a_id")
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST"
expect_status "empty: 422" 422 "$R"
check "empty: 9 required messages" test "$(grep -c '这是必答题' "$R")" = 9
check "empty: the optional long text has none" sh -c "! grep -q 'id=\"q$q10-err\"' '$R'"
check "empty: summary names the count" has "$R" '有 9 个问题需要修改'
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" --data "q$q1=6" \
    --data "q$q2=abc" --data "q$q3=3" --data "q$q4=4" --data "q$q5=5" \
    --data "q$q6=1" --data "q$q7=2" --data "q$q8=3" --data "q$q9=11" \
    --data-urlencode "q$q10=保留的文字_$S <b>x</b>"
expect_status "out of range: 422" 422 "$R"
check "out of range: q1 (6) gets the range message" sh -c "grep -A0 'id=\"q$q1-err\"' '$R' | grep -q '请在给出的分值中选择一个'"
check "out of range: q2 (abc) gets the range message" sh -c "grep 'id=\"q$q2-err\"' '$R' | grep -q '请在给出的分值中选择一个'"
check "out of range: NPS 11 gets the range message" sh -c "grep 'id=\"q$q9-err\"' '$R' | grep -q '请在给出的分值中选择一个'"
check "out of range: q3=3 kept" has "$R" "id=\"q$q3-3\" value=\"3\" autocomplete=\"off\" checked"
check "out of range: q8=3 kept" has "$R" "id=\"q$q8-3\" value=\"3\" autocomplete=\"off\" checked"
check "out of range: text kept, escaped" has "$R" "保留的文字_$S &lt;b&gt;x&lt;/b&gt;</textarea>"
check "out of range: no other message" test "$(grep -c 'class="invalid-feedback' "$R")" = 3
check "out of range: the start stamp is kept" has "$R" "value=\"$ST\""
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a) --data "q$q1=4"
expect_status "two values for one rating: 422" 422 "$R"
check "two values: one answer only message" sh -c "grep 'id=\"q$q1-err\"' '$R' | grep -q '此题只能给出一个答案'"
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a) \
    --data "q$q10=$(head -c 4001 /dev/zero | tr '\0' x)"
expect_status "long text over 4000: 422" 422 "$R"
check "long text over 4000: too long message" sh -c "grep 'id=\"q$q10-err\"' '$R' | grep -q '回答过长'"
check "validation stored nothing" test "$(responses "$a_id")" = "$n0"

get "$R" "/s/$B"
TB=$(csrf_in "$R"); STB=$(stamp_in "$R")
check "B: single choice radios" has "$R" "type=\"radio\" name=\"q$qs\" id=\"q$qs-2\" value=\"2\""
check "B: multiple choice checkboxes" has "$R" "type=\"checkbox\" name=\"q$qm\" id=\"q$qm-4\""
check "B: short text input" has "$R" "name=\"q$qt\" id=\"q$qt-text\" maxlength=\"200\""
check "B: CES 1 to 7" sh -c "grep -q 'id=\"q$qc-7\"' '$R' && ! grep -q 'id=\"q$qc-8\"' '$R'"
post "$R" "/s/$B" --data "_csrf=$TB" --data "_st=$STB" --data "q$qs=9" \
    --data "q$qm=1" --data "q$qm=9" --data "q$qt=$(head -c 201 /dev/zero | tr '\0' y)" --data "q$qc=8"
expect_status "B: bad choices: 422" 422 "$R"
check "B: single 9 -> option message" sh -c "grep 'id=\"q$qs-err\"' '$R' | grep -q '请从给出的选项中选择'"
check "B: multiple 1+9 -> option message" sh -c "grep 'id=\"q$qm-err\"' '$R' | grep -q '请从给出的选项中选择'"
check "B: multiple keeps the valid box 1" has "$R" "id=\"q$qm-1\" value=\"1\" checked"
check "B: short 201 chars -> too long" sh -c "grep 'id=\"q$qt-err\"' '$R' | grep -q '回答过长'"
check "B: CES 8 -> range" sh -c "grep 'id=\"q$qc-err\"' '$R' | grep -q '请在给出的分值中选择一个'"
post "$R" "/s/$B" --data "_csrf=$TB" --data "_st=$STB" --data "q$qs=2" --data "q$qs=3"
expect_status "B: two single answers, no multiple: 422" 422 "$R"
check "B: two single answers -> one answer message" sh -c "grep 'id=\"q$qs-err\"' '$R' | grep -q '此题只能给出一个答案'"
check "B: empty multiple -> required" sh -c "grep 'id=\"q$qm-err\"' '$R' | grep -q '这是必答题'"
post "$R" "/s/$B" --data "_csrf=$TB" --data "_st=$STB" --data "q$qs=3" \
    --data "q$qm=2" --data "q$qm=4" --data-urlencode "q$qt=  经理  "
expect_status "B: good: 303" 303 "$R"
check "B: single stored as position, multiple as mask, text trimmed" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(question_id, ':', COALESCE(num, text)) ORDER BY question_id) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.survey_id = $b_id")" \
    = "$qs:3,$qm:10,$qt:经理"

sql "UPDATE survey SET thanks_zh = '第一行 <i>\r\n\n第二行', version = version + 1 WHERE id = $b_id" >/dev/null
sleep 1.2
get "$R" "/s/$B/thanks"
check "B thanks: one paragraph per line, escaped" has "$R" '<p class="lead">第一行 &lt;i&gt;</p><p class="lead">第二行</p>'
check "no inline styles (the CSP forbids them)" sh -c "! grep -q 'style=' '$R'"

# ---- a good submission ----
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a) \
    --data-urlencode "q$q10=<script>alert('x$S')</script>"
expect_status "good: 303" 303 "$R"
loc=$(header "$R" Location)
check "good: to the thank-you page" test "$loc" = "/s/$A/thanks"
check "good: exactly one response" test "$(responses "$a_id")" = $((n0 + 1))
rid=$(sql "SELECT MAX(id) FROM survey_response WHERE survey_id = $a_id")
check "good: all 10 answers stored" test "$(sql "SELECT COUNT(*) FROM survey_answer WHERE response_id = $rid")" = 10
check "good: the rated values" test "$(sql "SELECT GROUP_CONCAT(num ORDER BY q.position) FROM survey_answer a JOIN survey_question q ON q.id = a.question_id WHERE response_id = $rid AND q.kind <> 'long'")" = "5,4,3,2,1,4,5,3,9"
check "good: XSS payload stored verbatim" test "$(sql "SELECT text FROM survey_answer WHERE response_id = $rid AND question_id = $q10")" = "<script>alert('x$S')</script>"
check "good: channel link, version, lang, not pilot, no invitation" test \
    "$(sql "SELECT CONCAT_WS(',', channel, survey_version, lang, pilot, COALESCE(invitation_id, '-')) FROM survey_response WHERE id = $rid")" = "link,1,zh-CN,0,-"
check "good: duration from the signed stamp (started_at set)" test \
    "$(sql "SELECT started_at IS NOT NULL AND duration_s BETWEEN 0 AND 120 FROM survey_response WHERE id = $rid")" = 1
check "good: a keyed address hash, not the address" test \
    "$(sql "SELECT LENGTH(addr_hash) = 16 AND addr_hash <> UNHEX(HEX('127.0.0.1')) FROM survey_response WHERE id = $rid")" = 1
get "$R" "$loc"
expect_status "thanks: 200" 200 "$R"
check "thanks: the survey's thank-you text" has "$R" "谢谢您的反馈_$S"
check "thanks: never echoes the answer" sh -c "! grep -q 'alert(' '$R'"
get "$R" "$loc"
check "thanks reloaded: still one response" test "$(responses "$a_id")" = $((n0 + 1))

# A forged start stamp: stored, duration 0 (the cleaning marks it fast).
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$(date +%s).00000000000000000000000000000000" $(good_a)
expect_status "forged stamp: still stored (303)" 303 "$R"
check "forged stamp: duration 0, no start" test \
    "$(sql "SELECT CONCAT(duration_s, ',', started_at IS NULL) FROM survey_response WHERE survey_id = $a_id ORDER BY id DESC LIMIT 1")" = "0,1"

# ---- honeypot ----
n1=$(responses "$a_id")
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a) --data "website=http://spam.example"
expect_status "honeypot: 303 like a success" 303 "$R"
check "honeypot: to the thank-you page" test "$(header "$R" Location)" = "/s/$A/thanks"
check "honeypot: nothing stored" test "$(responses "$a_id")" = "$n1"

# ---- one-time tokens ----
TOK1=$(rand 16); inv1=$(mk_inv "$a_id" "$TOK1" 0)
get "$R" "/s/$A?t=$TOK1"
expect_status "token: form 200" 200 "$R"
check "token: carried in the form" has "$R" "name=\"t\" value=\"$TOK1\""
check "token: the language link keeps it" has "$R" "href=\"/s/$A?t=$TOK1?lang=en\""
get "$R" "/s/$A?t=$TOK1?lang=en"
check "token: ?t=..?lang=en shows English and keeps the token" sh -c "grep -q 'Very satisfied' '$R' && grep -q 'name=\"t\" value=\"$TOK1\"' '$R'"
get "$R" "/s/$A?t=$TOK1&lang=zh-CN"
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" --data "t=$TOK1" $(good_a)
expect_status "token: submit 303" 303 "$R"
check "token: response tied to the invitation, its channel" test \
    "$(sql "SELECT CONCAT(channel, ',', pilot) FROM survey_response WHERE invitation_id = $inv1")" = "sms,0"
check "token: invitation marked used" test "$(sql "SELECT used_at IS NOT NULL FROM survey_invitation WHERE id = $inv1")" = 1
get "$R" "/s/$A?t=$TOK1"
expect_status "token used: GET 409" 409 "$R"
check "token used: already answered page" state_is "$R" sv.public.already
n2=$(responses "$a_id")
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" --data "t=$TOK1" $(good_a)
expect_status "token used: POST 409" 409 "$R"
check "token used: already answered page on POST" state_is "$R" sv.public.already
check "token used: nothing more stored" test "$(responses "$a_id")" = "$n2"
get "$R" "/s/$A?t=nosuch$S"
expect_status "unknown token: 404" 404 "$R"
check "unknown token: invalid link page" state_is "$R" sv.public.badtoken
TOKB=$(rand 16); mk_inv "$b_id" "$TOKB" 0 >/dev/null
get "$R" "/s/$A?t=$TOKB"
expect_status "another survey's token: 404" 404 "$R"

# Two (eight) parallel submissions with one token: exactly one response.
TOK2=$(rand 16); inv2=$(mk_inv "$a_id" "$TOK2" 0)
for k in 1 2 3 4 5 6 7 8; do
	# Each reads the jar, none writes it (parallel writes would mangle it).
	curl -s -i --max-time 30 -b "$J" -H "Origin: $base" --data "_csrf=$T" \
	    --data "_st=$ST" --data "t=$TOK2" $(good_a) "$base/s/$A" \
	    > "$tmp/par$k" 2>&1 &
done
wait
check "parallel: exactly one response for the token" test "$(sql "SELECT COUNT(*) FROM survey_response WHERE invitation_id = $inv2")" = 1
n303=0; n409=0
for k in 1 2 3 4 5 6 7 8; do
	case $(status_of "$tmp/par$k") in 303) n303=$((n303 + 1)) ;; 409) n409=$((n409 + 1)) ;; esac
done
check "parallel: one 303 and seven 409 ($n303/$n409)" test "$n303,$n409" = "1,7"
[ "$n303,$n409" = "1,7" ] || head -1 "$tmp"/par*

# Twenty tokens, each sent twice at once (forty submissions in flight,
# stored in shared transactions): twenty responses, one per token.
toks=""
for k in $(seq 20); do
	tk=$(rand 16); mk_inv "$a_id" "$tk" 0 >/dev/null; toks="$toks $tk"
done
k=0
for tk in $toks; do
	for rep in 1 2; do
		k=$((k + 1))
		curl -s -i --max-time 30 -b "$J" -H "Origin: $base" --data "_csrf=$T" \
		    --data "_st=$ST" --data "t=$tk" $(good_a) "$base/s/$A" \
		    > "$tmp/many$k" 2>&1 &
	done
done
wait
n303=0; n409=0
for k in $(seq 40); do
	case $(status_of "$tmp/many$k") in 303) n303=$((n303 + 1)) ;; 409) n409=$((n409 + 1)) ;; esac
done
check "twenty tokens twice at once: 20 x 303 and 20 x 409 ($n303/$n409)" test "$n303,$n409" = "20,20"
inlist=$(for tk in $toks; do printf "UNHEX(SHA2('%s', 256))," "$tk"; done)
got=$(sql "SELECT CONCAT(COUNT(DISTINCT r.id), ',', COUNT(DISTINCT r.invitation_id), ',', COUNT(*)) FROM survey_response r JOIN survey_answer a ON a.response_id = r.id JOIN survey_invitation i ON i.id = r.invitation_id WHERE i.token_hash IN (${inlist%,})")
check "twenty tokens twice at once: exactly one response each, 9 answers each ($got)" test "$got" = "20,20,180"

# ---- pilot ----
TOKP=$(rand 16); invp=$(mk_inv "$p_id" "$TOKP" 1)
get "$R" "/s/$P?t=$TOKP"
expect_status "pilot invitation: form 200" 200 "$R"
post "$R" "/s/$P" --data "_csrf=$T" --data "_st=$(stamp_in "$R")" --data "t=$TOKP" --data "q$pq=4"
expect_status "pilot invitation: submit 303" 303 "$R"
check "pilot invitation: stored with pilot=1" test "$(sql "SELECT pilot FROM survey_response WHERE invitation_id = $invp")" = 1
TOKN=$(rand 16); mk_inv "$p_id" "$TOKN" 0 >/dev/null
get "$R" "/s/$P?t=$TOKN"
expect_status "ordinary invitation to a pilot survey: 403" 403 "$R"
TOKQ=$(rand 16); mk_inv "$a_id" "$TOKQ" 1 >/dev/null
get "$R" "/s/$A?t=$TOKQ"
expect_status "pilot invitation of an active survey: 410" 410 "$R"
check "pilot over page" state_is "$R" sv.public.pilotover

# ---- English ----
get "$R" "/s/$A?lang=en"
check "English: survey title in English" has "$R" "Service survey $S"
check "English: rating labels" has "$R" "<strong>5</strong> · Very satisfied"
check "English: question text" has "$R" "Rating question 1"
check "English: help text" has "$R" "1 is lowest, 5 highest"
check "English: html lang" has "$R" '<html lang="en">'
get "$R" "/s/$B?lang=en"
check "English: survey without English falls back to Chinese text" has "$R" "您是通过什么渠道了解我们的？"
check "English: page texts still English" has "$R" "Choose all that apply."
get "$R" "/s/$A/thanks"
check "English thanks: survey's English text" has "$R" "Thanks a lot_$S"
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST"
check "English: validation messages" has "$R" "This question is required"
get "$R" "/s/$A?lang=zh-CN"

# ---- the cache follows a new version ----
sql "UPDATE survey SET title_zh = '新标题_$S', version = version + 1 WHERE id = $a_id" >/dev/null
sleep 1.2
get "$R" "/s/$A"
check "cache: a new version shows within a second" has "$R" "新标题_$S"
sql "UPDATE survey SET status = 'closed', version = version + 1 WHERE id = $a_id" >/dev/null
sleep 1.2
get "$R" "/s/$A"
expect_status "cache: closing shows within a second (410)" 410 "$R"
sql "UPDATE survey SET status = 'active', version = version + 1 WHERE id = $a_id" >/dev/null
sleep 1.2

# ---- rate limit on open links ----
sql "DELETE FROM survey_rate" >/dev/null
sql "UPDATE setting SET value = '3' WHERE name = 'survey.rate_per_hour'" >/dev/null
sleep 1.2
n3=$(responses "$a_id")
for k in 1 2 3; do
	post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a)
	expect_status "rate: submission $k of 3 is 303" 303 "$R"
done
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" $(good_a)
expect_status "rate: the 4th in the hour is 429" 429 "$R"
check "rate: Retry-After" sh -c "test \"\$(tr -d '\r' < '$R' | sed -n 's/^Retry-After: //p')\" -ge 60"
check "rate: readable page" state_is "$R" sv.public.ratelimit
check "rate: the 4th was not stored" test "$(responses "$a_id")" = $((n3 + 3))
check "rate: counters keep a hash, never the address" test \
    "$(sql "SELECT COUNT(*) FROM survey_rate WHERE LENGTH(addr_hash) = 16 AND addr_hash NOT LIKE '%127.0.0.1%'")" -ge 1
post "$R" "/s/$A" --data "_csrf=$T" --data "_st=$ST" --data "t=$(rand 16)" $(good_a)
check "rate: invitations are not rate-limited (bad token -> 404, not 429)" test "$(status_of "$R")" = 404
# Eight at once with a limit of 3 (shared transactions roll back the
# refused ones alone): three stored, five refused.
sql "DELETE FROM survey_rate" >/dev/null
n4=$(responses "$a_id")
for k in 1 2 3 4 5 6 7 8; do
	curl -s -i --max-time 30 -b "$J" -H "Origin: $base" --data "_csrf=$T" \
	    --data "_st=$ST" $(good_a) "$base/s/$A" > "$tmp/rl$k" 2>&1 &
done
wait
n303=0; n429=0
for k in 1 2 3 4 5 6 7 8; do
	case $(status_of "$tmp/rl$k") in 303) n303=$((n303 + 1)) ;; 429) n429=$((n429 + 1)) ;; esac
done
check "rate, eight at once: 3 x 303 and 5 x 429 ($n303/$n429)" test "$n303,$n429" = "3,5"
check "rate, eight at once: three stored" test "$(responses "$a_id")" = $((n4 + 3))
sql "UPDATE setting SET value = '20' WHERE name = 'survey.rate_per_hour'" >/dev/null
sql "DELETE FROM survey_rate" >/dev/null

# ---- Apache reaches the same page ----
if [ -n "${APORT:-}" ]; then
	curl -s -i --max-time 30 "http://127.0.0.1:$APORT/s/$B" > "$R" 2>&1
	expect_status "Apache: survey page 200" 200 "$R"
	# Submissions through Apache (mod_proxy_fcgi reuses its connections):
	# each is answered by a committer thread after its group commits,
	# and the next request on the same connection is still served.
	abase=http://127.0.0.1:$APORT
	sleep 1.1	# the rate limit set back to 20 above is re-read once a second
	na=$(responses "$a_id")
	curl -s --max-time 30 -b "$J" -c "$J" "$abase/s/$A" > "$tmp/af.html" || true
	TA=$(csrf_in "$tmp/af.html") STA=$(stamp_in "$tmp/af.html")
	n303=0 n200=0
	for i in 1 2 3 4; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -b "$J" -c "$J" \
		    -H "Origin: $abase" --data "_csrf=$TA" --data "_st=$STA" $(good_a) \
		    "$abase/s/$A" || true)
		[ "$code" = 303 ] && n303=$((n303 + 1))
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$abase/s/$A" || true)
		[ "$code" = 200 ] && n200=$((n200 + 1))
	done
	check "Apache: four submissions, each 303 ($n303)" test "$n303" = 4
	check "Apache: four responses stored" test "$(responses "$a_id")" = $((na + 4))
	check "Apache: the page after each submission 200 ($n200)" test "$n200" = 4
	sql "DELETE FROM survey_rate" >/dev/null
fi

# ---- a slug moved to another survey: the cache follows ----
get "$R" "/s/$B"
expect_status "slug move: B answers 200 before" 200 "$R"
sql "UPDATE survey SET slug = '$B-old', version = version + 1 WHERE id = $b_id;
    UPDATE survey SET slug = '$B', version = version + 1 WHERE id = $n_id" >/dev/null
sleep 1.2
get "$R" "/s/$B"
expect_status "slug move: the slug now shows the other survey (not yet open, 403)" 403 "$R"
get "$R" "/s/$B-old"
expect_status "slug move: the old survey under its new slug (200)" 200 "$R"

# ---- the public database account ----
spw=$(sed -n 's/^survey=//p' "$RUN/secrets")
asurvey() { mariadb --no-defaults -S "$RUN/db.sock" -umanyi_survey -p"$spw" manyi -N -B -e "$1" 2>&1; }
check "db account: can read survey definitions" test "$(asurvey "SELECT COUNT(*) FROM survey WHERE id = $a_id")" = 1
check "db account: cannot read customers" sh -c "! mariadb --no-defaults -S '$RUN/db.sock' -umanyi_survey -p'$spw' manyi -e 'SELECT id FROM customer LIMIT 1' >/dev/null 2>&1"
check "db account: cannot read responses" sh -c "! mariadb --no-defaults -S '$RUN/db.sock' -umanyi_survey -p'$spw' manyi -e 'SELECT id FROM survey_response LIMIT 1' >/dev/null 2>&1"
check "db account: cannot read answers" sh -c "! mariadb --no-defaults -S '$RUN/db.sock' -umanyi_survey -p'$spw' manyi -e 'SELECT text FROM survey_answer LIMIT 1' >/dev/null 2>&1"

finish
