#!/bin/sh
# The customer archive against a running stack (tools/stack.sh), through
# nginx: every page, access by role, create with a generated code, every
# validation message (422, input kept), edit, review, masking of contacts,
# search and filters, the CSV export (BOM, masking, formula defusing,
# audit) and the CSV import (preview with bad rows, nothing written until
# confirmed, one transaction), and an XSS name shown escaped.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# It creates its own users and customers (names carry a random suffix, so
# reruns do not collide).
set -u
. "$REPO/tests/lib.sh"
stack_init
TOK_PAGE=/admin/customers

S=$(rand 3)
# A mobile number unique to this run (138 + 8 digits from the suffix).
MOB=138$(printf '%08d' $(( 0x$S % 100000000 )))
MOB2=139$(printf '%08d' $(( (0x$S + 7) % 100000000 )))

# ---- users: an administrator, an owner, an analyst in one department ----
A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
dept_id=$(sql "SELECT MIN(id) FROM department WHERE active = 1")
dept=$(sql "SELECT name FROM department WHERE id = $dept_id")
other_id=$(sql "SELECT MAX(id) FROM department WHERE active = 1 AND id <> $dept_id")
other=$(sql "SELECT name FROM department WHERE id = $other_id")
AM=c_am_$S AN=c_an_$S OT=c_ot_$S
mkuser "$AM" account_manager "$dept" > /dev/null
mkuser "$OT" account_manager "$other" > /dev/null
an_pw=$(mkuser "$AN" analyst "$dept")
am_id=$(sql "SELECT id FROM \`user\` WHERE login = '$AM'")
ot_id=$(sql "SELECT id FROM \`user\` WHERE login = '$OT'")
N=$tmp/jar.analyst
check "analyst signs in" signin "$AN" "$an_pw" "$N"
T=$(tok "$A")
year=$(date -u +%Y)

# ---- every page for the administrator ----
for p in /admin/customers /admin/customers/new /admin/customers/import \
    "/admin/customers?sort=health&low=1&unreviewed=1" \
    "/admin/customers?sort=due&page=2" "/admin/customers?sort=updated" \
    "/admin/customers?sort=name&value_tag=high&stage=signed&tier=core"; do
	get "$R" "$A" "$p"
	expect_status "admin: GET $p is 200" 200 "$R"
done
get "$R" "$A" /admin/customers
check "nav: the layout links to /admin/customers" has "$R" 'href="/admin/customers"'

# ---- create: generated code, contacts, tags ----
post "$R" "$A" /admin/customers/new --data "_csrf=$T" \
    --data-urlencode "name=甲公司_$S" --data "kind=company" \
    --data-urlencode "industry=制造业" --data "owner=$am_id" \
    --data "value_tag=high" --data "stage=signed" --data "complaint_type=vip" \
    --data-urlencode "tags=重点_$S, 华南" --data "birthday=1980-02-29" \
    --data "annual_spend=60000.50" --data "interactions_per_month=2.5" \
    --data "repurchase_count=3" --data-urlencode "notes=第一行" \
    --data-urlencode "cname_1=张三" --data-urlencode "ctitle_1=经理" \
    --data "cmobile_1=$MOB" --data "cemail_1=zhang_$S@example.com" \
    --data-urlencode "cname_2=李四" --data "cmobile_2=$MOB2"
expect_status "create: 303" 303 "$R"
loc=$(header "$R" Location)
cid=${loc##*/}
code=$(sql "SELECT code FROM customer WHERE id = '$cid'")
check "create: the code is generated as KH$year + 3 or more digits ($code)" \
    sh -c "printf '%s' '$code' | grep -Eqx 'KH${year}[0-9]{3,}'"
check "create: department is the owner's" test \
    "$(sql "SELECT department_id FROM customer WHERE id = '$cid'")" = "$dept_id"
check "create: two contacts, the first primary" test \
    "$(sql "SELECT GROUP_CONCAT(name, is_primary ORDER BY id) FROM customer_contact WHERE customer_id = '$cid'")" = "张三1,李四0"
check "create: tags stored" test \
    "$(sql "SELECT GROUP_CONCAT(tag ORDER BY tag) FROM customer_tag WHERE customer_id = '$cid'")" = "华南,重点_$S"
check "create: a customer never contacted is due on its creation day (Beijing date)" test \
    "$(sql "SELECT DATEDIFF(next_due_on, DATE(created_at + INTERVAL 8 HOUR)) FROM customer WHERE id = '$cid'")" = "0"
check "create: audited with contacts masked" sh -c "
    a=\$(mariadb --no-defaults -S '$RUN/db.sock' -uroot manyi -N -B -e \"SELECT after_json FROM audit WHERE entity = 'customer' AND entity_id = '$cid' AND action = 'create'\")
    printf '%s' \"\$a\" | grep -q '138\*\*\*\*' && ! printf '%s' \"\$a\" | grep -q '$MOB'"
# A second customer in the same year takes the next number.
post "$R" "$A" /admin/customers/new --data "_csrf=$T" \
    --data-urlencode "name=乙公司_$S" --data "kind=person" --data "owner=$ot_id" \
    --data "value_tag=normal" --data "stage=prospect" --data "complaint_type=normal"
expect_status "create: second customer 303" 303 "$R"
cid2=$(header "$R" Location); cid2=${cid2##*/}
code2=$(sql "SELECT code FROM customer WHERE id = '$cid2'")
check "create: the next code is higher ($code2 > $code)" test \
    "$(sql "SELECT CAST(SUBSTRING('$code2', 7) AS UNSIGNED) > CAST(SUBSTRING('$code', 7) AS UNSIGNED)")" = 1
check "create: next due of a normal customer never contacted is its creation day" test \
    "$(sql "SELECT next_due_on = DATE(created_at + INTERVAL 8 HOUR) FROM customer WHERE id = '$cid2'")" = 1

# ---- every validation message: 422, input kept ----
bad() {	# bad NAME PATTERN [curl args]: a create that must fail with PATTERN
	b_name=$1 b_pat=$2
	shift 2
	post "$R" "$A" /admin/customers/new --data "_csrf=$T" "$@"
	expect_status "invalid: $b_name is 422" 422 "$R"
	check "invalid: $b_name shows its message" has "$R" "$b_pat"
}
ok_fields="--data kind=company --data owner=$am_id --data value_tag=normal --data stage=prospect --data complaint_type=normal"
# shellcheck disable=SC2086
bad "missing name" '此项为必填项' $ok_fields --data "industry=keep_$S"
check "invalid: the input is kept" has "$R" "value=\"keep_$S\""
check "invalid: the field is marked" has "$R" 'id="name" name="name"'
bad "name too long" '内容过长' $ok_fields --data "name=$(printf 'x%.0s' $(seq 201))"
bad "bad kind" '请从列表中选择' --data "name=n_$S" --data kind=robot --data owner=$am_id --data value_tag=normal --data stage=prospect --data complaint_type=normal
bad "code characters" '编号只能包含字母' $ok_fields --data "name=n_$S" --data-urlencode "code=KH 1"
bad "code taken" '此编号已被其他客户使用' $ok_fields --data "name=n_$S" --data "code=$code"
check "invalid: the taken code is kept" has "$R" "value=\"$code\""
bad "too many tags" '标签每个' $ok_fields --data "name=n_$S" --data "tags=$(seq -s, 1 21)"
bad "tag too long" '标签每个' $ok_fields --data "name=n_$S" --data "tags=$(printf 'y%.0s' $(seq 41))"
bad "bad birthday" '请输入有效日期' $ok_fields --data "name=n_$S" --data "birthday=2023-02-29"
bad "bad anniversary" '请输入有效日期' $ok_fields --data "name=n_$S" --data "anniversary=31/12/2020"
bad "cycle out of range" '数值超出允许范围' $ok_fields --data "name=n_$S" --data "cycle_days=5"
bad "cycle not a number" '请输入整数' $ok_fields --data "name=n_$S" --data "cycle_days=abc"
bad "negative spend" '不小于 0' $ok_fields --data "name=n_$S" --data "annual_spend=-1"
bad "spend three decimals" '不小于 0' $ok_fields --data "name=n_$S" --data "annual_spend=1.234"
bad "repurchases not a number" '请输入整数' $ok_fields --data "name=n_$S" --data "repurchase_count=x"
bad "contact without a name" '此项为必填项' $ok_fields --data "name=n_$S" --data "cmobile_1=$MOB"
bad "contact bad mobile" '11 位手机号码' $ok_fields --data "name=n_$S" --data "cname_1=王" --data "cmobile_1=12345"
check "invalid: the bad mobile is kept" has "$R" 'value="12345"'
bad "contact bad email" '有效的电子邮箱' $ok_fields --data "name=n_$S" --data "cname_3=王" --data "cemail_3=not-an-email"
bad "owner missing" '此项为必填项' --data "name=n_$S" --data kind=company --data value_tag=normal --data stage=prospect --data complaint_type=normal
bad "owner inactive or unknown" '在职的客户经理' --data "name=n_$S" --data kind=company --data owner=4294967295 --data value_tag=normal --data stage=prospect --data complaint_type=normal
check "invalid: nothing was created" test "$(sql "SELECT COUNT(*) FROM customer WHERE name = 'n_$S'")" = 0

# ---- edit ----
get "$R" "$A" "/admin/customers/$cid/edit"
expect_status "edit: form 200" 200 "$R"
check "edit: the form shows the stored mobile to a pii.view holder" has "$R" "$MOB"
post "$R" "$A" "/admin/customers/$cid/edit" --data "_csrf=$T" \
    --data-urlencode "name=甲公司改_$S" --data "code=$code" --data "kind=company" \
    --data "owner=$am_id" --data "value_tag=potential" --data "stage=long_term" \
    --data "complaint_type=normal" --data "cycle_days=45" \
    --data-urlencode "cname_1=张三" --data "cmobile_1=$MOB" --data-urlencode "tags=新标签_$S"
expect_status "edit: 303" 303 "$R"
check "edit: saved" test "$(sql "SELECT CONCAT(name, '|', value_tag, '|', cycle_days) FROM customer WHERE id = '$cid'")" = "甲公司改_$S|potential|45"
check "edit: contacts replaced (one left)" test "$(sql "SELECT COUNT(*) FROM customer_contact WHERE customer_id = '$cid'")" = 1
check "edit: tags replaced" test "$(sql "SELECT GROUP_CONCAT(tag) FROM customer_tag WHERE customer_id = '$cid'")" = "新标签_$S"
check "edit: audited with before and after" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'customer' AND entity_id = '$cid' AND action = 'update' AND before_json LIKE '%甲公司_$S%' AND after_json LIKE '%甲公司改_$S%'")" = 1
post "$R" "$A" "/admin/customers/$cid/edit" --data "_csrf=$T" --data "name=" --data "kind=company" \
    --data "owner=$am_id" --data "value_tag=potential" --data "stage=long_term" --data "complaint_type=normal"
expect_status "edit: invalid is 422" 422 "$R"
get "$R" "$A" /admin/customers/99999999/edit
expect_status "edit: unknown customer is 404" 404 "$R"

# ---- review ----
post "$R" "$A" "/admin/customers/$cid/review" --data "_csrf=$T"
expect_status "review: 303" 303 "$R"
check "review: reviewed today by admin" test "$(sql "SELECT reviewed_on = CURDATE() AND reviewed_by = (SELECT id FROM \`user\` WHERE login = 'admin') FROM customer WHERE id = '$cid'")" = 1
check "review: audited" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'customer' AND entity_id = '$cid' AND action = 'review'")" = 1
post "$R" "$A" "/admin/customers/$cid/review" --data "x=1"
expect_status "review: without the CSRF token 403" 403 "$R"

# ---- detail ----
sql "INSERT INTO interaction (customer_id, occurred_on, method, summary, satisfaction, executor_id) VALUES ($cid, CURDATE() - INTERVAL 3 DAY, 'visit', '上门拜访_$S', 5, $am_id), ($cid, CURDATE(), 'phone', '电话回访_$S', 4, $am_id)" > /dev/null
sql "UPDATE customer SET health = 42, health_warning_due = NOW() + INTERVAL 1 DAY WHERE id = $cid" > /dev/null
get "$R" "$A" "/admin/customers/$cid"
expect_status "detail: 200" 200 "$R"
check "detail: the timeline lists interactions newest first" sh -c \
    "tr -d '\r' < '$R' | grep -o '电话回访_$S\|上门拜访_$S' | tr '\n' ' ' | grep -q '^电话回访_$S 上门拜访_$S'"
check "detail: the method name is in the page's language" has "$R" '拜访'
check "detail: the health warning with its deadline" has "$R" 'id="health-warning"'
check "detail: links to record an interaction" has "$R" "/admin/customers/$cid/interactions/new"
check "detail: the full mobile for admin" has "$R" "$MOB"
get "$R" "$N" "/admin/customers/$cid"
expect_status "analyst: detail 200" 200 "$R"
masked=$(printf '%s' "$MOB" | sed 's/^\(...\)....\(....\)$/\1****\2/')
check "analyst: the contact is masked ($masked)" has "$R" "$masked"
check "analyst: the full mobile is not shown" sh -c "! grep -q '$MOB' '$R'"
check "analyst: no edit or review buttons" sh -c "! grep -q 'id=\"review-form\"' '$R'"

# ---- access for the analyst (view, export; no manage, no import) ----
for p in "/admin/customers/new" "/admin/customers/$cid/edit" /admin/customers/import; do
	get "$R" "$N" "$p"
	expect_status "analyst: GET $p is 403" 403 "$R"
done
NT=$(tok "$N")
post "$R" "$N" "/admin/customers/$cid/review" --data "_csrf=$NT"
expect_status "analyst: review is 403" 403 "$R"
post "$R" "$N" /admin/customers/import --data "_csrf=$NT" --data "csv=name"
expect_status "analyst: import is 403" 403 "$R"
get "$R" "$N" "/admin/customers/$cid2"
expect_status "analyst: a customer of another department is 404" 404 "$R"
get "$R" "$N" "/admin/customers?q=_$S"
check "analyst: the list holds only their department's customers" sh -c \
    "grep -q '甲公司改_$S' '$R' && ! grep -q '乙公司_$S' '$R'"
rm -f "$tmp/jar.anon"
get "$R" "$tmp/jar.anon" /admin/customers
expect_status "anonymous: list redirects to sign-in (302)" 302 "$R"

# ---- search and filters ----
get "$R" "$A" "/admin/customers?q=甲公司改_$S"
check "search: by name" has "$R" "$code"
get "$R" "$A" "/admin/customers?q=$code"
check "search: by code" has "$R" "甲公司改_$S"
get "$R" "$A" "/admin/customers?q=$MOB"
check "search: by mobile" has "$R" "$code"
get "$R" "$A" "/admin/customers?q=$(printf '%s' "$MOB" | cut -c4-11)"
check "search: by part of the mobile" has "$R" "$code"
get "$R" "$A" "/admin/customers?q=%E5%BC%A0%E4%B8%89&owner=$am_id"
check "search: by contact name, with the owner filter" has "$R" "$code"
get "$R" "$A" "/admin/customers?q=_$S&owner=$ot_id"
check "filter: owner excludes others" sh -c "! grep -q '$code<' '$R' && grep -q '$code2' '$R'"
get "$R" "$A" "/admin/customers?q=_$S&value_tag=potential&stage=long_term"
check "filter: value tag and stage" sh -c "grep -q '$code' '$R' && ! grep -q '$code2' '$R'"
get "$R" "$A" "/admin/customers?q=_$S&tag=%E6%96%B0%E6%A0%87%E7%AD%BE_$S"
check "filter: free tag" sh -c "grep -q '$code' '$R' && ! grep -q '$code2' '$R'"
get "$R" "$A" "/admin/customers?q=_$S&low=1"
check "filter: health below 60" sh -c "grep -q '$code' '$R' && ! grep -q '$code2' '$R'"
get "$R" "$A" "/admin/customers?q=_$S&unreviewed=1"
check "filter: not reviewed in 30 days" sh -c "! grep -q '$code<' '$R' && grep -q '$code2' '$R'"
sql "UPDATE customer SET industry = '行业_$S', tier = 'core' WHERE id = $cid2" > /dev/null
get "$R" "$A" "/admin/customers?industry=%E8%A1%8C%E4%B8%9A_$S"
check "filter: industry" sh -c "grep -q '$code2' '$R' && ! grep -q '$code<' '$R'"
get "$R" "$A" "/admin/customers?q=_$S&tier=core"
check "filter: tier" sh -c "grep -q '$code2' '$R' && ! grep -q '$code<' '$R'"
get "$R" "$A" "/admin/customers?sort=bogus&page=x&tier=nope"
expect_status "filter: invalid filters are ignored (200)" 200 "$R"

# ---- pages equal a plain query: every sort, every page ----
# The list reads pages past the middle from the end, and several column
# filters along covered indexes (migration 0017); each page must list
# the ids the plain query puts there, in the same order.
page_ids() {	# page_ids JAR URL: the customer ids of a list page, in order
	get "$R" "$1" "$2"
	body "$R" | sed -n 's/.*class="font-monospace"><a href="\/admin\/customers\/\([0-9][0-9]*\)".*/\1/p' |
	    tr '\n' ' '
}
sql_ids() {	# sql_ids WHERE ORDER OFFSET
	sql "SELECT id FROM customer c WHERE $1 ORDER BY $2 LIMIT 50 OFFSET $3" |
	    tr '\n' ' '
}
pages_match() {	# pages_match LABEL JAR QUERY WHERE
	pm_n=$(sql "SELECT COUNT(*) FROM customer c WHERE $4")
	pm_last=$(( (pm_n + 49) / 50 ))
	# The list stops at 100,000 customers: 2,000 pages.
	[ "$pm_last" -le 2000 ] || pm_last=2000
	pm_bad=""
	for pm_s in code:c.code name:c.name,c.id due:c.next_due_on,c.id \
	    health:c.health,c.id updated:"c.updated_at DESC, c.id DESC"; do
		pm_pages="1 $(( (pm_last + 1) / 2 )) $(( pm_last / 2 + 1 )) $pm_last"
		for pm_p in $(echo $pm_pages | tr ' ' '\n' | sort -nu); do
			[ "$pm_p" -ge 1 ] || continue
			pm_got=$(page_ids "$2" "/admin/customers?$3&sort=${pm_s%%:*}&page=$pm_p")
			pm_want=$(sql_ids "$4" "${pm_s#*:}" $(( (pm_p - 1) * 50 )))
			[ "$pm_got" = "$pm_want" ] ||
			    pm_bad="$pm_bad ${pm_s%%:*}/$pm_p"
		done
	done
	check "pages: $1 ($pm_n customers, $pm_last pages) equal the plain query${pm_bad:+ (differ:$pm_bad)}" test -z "$pm_bad"
}
pages_match "no filter" "$A" "x=" "1"
pages_match "not reviewed" "$A" "unreviewed=1" \
    "(c.reviewed_on IS NULL OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY)"
pages_match "value tag and not reviewed" "$A" "value_tag=normal&unreviewed=1" \
    "c.value_tag = 'normal' AND (c.reviewed_on IS NULL OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY)"
pages_match "stage and value tag" "$A" "stage=signed&value_tag=normal" \
    "c.stage = 'signed' AND c.value_tag = 'normal'"
pages_match "health below 60 and not reviewed" "$A" "low=1&unreviewed=1" \
    "c.health < 60 AND (c.reviewed_on IS NULL OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY)"
big=$(sql "SELECT owner_id FROM customer WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY COUNT(*) DESC, owner_id LIMIT 1")
pages_match "owner and stage" "$A" "owner=$big&stage=signed" \
    "c.owner_id = $big AND c.stage = 'signed'"
# A search with a filter, asked for a page past its end: its last page.
sw="c.id IN (SELECT customer_id FROM customer_search WHERE txt LIKE
    CONVERT('%kh%' USING utf8mb4) COLLATE utf8mb4_unicode_ci) AND c.value_tag = 'normal'"
sn=$(sql "SELECT COUNT(*) FROM customer c WHERE $sw")
check "pages: a search with a filter, past its end, shows its last page ($sn customers)" \
    test "$(page_ids "$A" "/admin/customers?q=KH&value_tag=normal&sort=name&page=999")" = \
    "$(sql_ids "$sw" "c.name, c.id" $(( (sn + 49) / 50 * 50 - 50 )))"
pages_match "one department (analyst) and a value tag" "$N" "value_tag=normal" \
    "c.department_id = $dept_id AND c.value_tag = 'normal'"
pages_match "one department (analyst), stage and not reviewed" "$N" \
    "stage=signed&unreviewed=1" \
    "c.department_id = $dept_id AND c.stage = 'signed' AND (c.reviewed_on IS NULL OR c.reviewed_on < CURDATE() - INTERVAL 30 DAY)"

# ---- XSS ----
post "$R" "$A" /admin/customers/new --data "_csrf=$T" \
    --data-urlencode "name=<script>alert(1)</script>_$S" $ok_fields
expect_status "xss: created" 303 "$R"
xid=$(header "$R" Location); xid=${xid##*/}
get "$R" "$A" "/admin/customers/$xid"
check "xss: the detail page escapes the name" sh -c "grep -q '&lt;script&gt;alert(1)&lt;/script&gt;_$S' '$R' && ! grep -q '<script>alert(1)' '$R'"
get "$R" "$A" "/admin/customers?q=alert(1)"
check "xss: the list escapes the name" sh -c "grep -q '&lt;script&gt;' '$R' && ! grep -q '<script>alert(1)' '$R'"

# ---- export ----
sql "UPDATE customer SET industry = '=HYPERLINK(\"x\")' WHERE id = $cid" > /dev/null
before=$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'customer' AND action = 'export'")
get "$R" "$A" "/admin/customers/export.csv?q=_$S"
expect_status "export: 200" 200 "$R"
check "export: text/csv" sh -c "tr -d '\r' < '$R' | grep -qi '^content-type: text/csv'"
check "export: an attachment" sh -c "tr -d '\r' < '$R' | grep -qi '^content-disposition: attachment'"
body "$R" > "$tmp/e.csv"
check "export: starts with the UTF-8 BOM" sh -c "head -c 3 '$tmp/e.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "export: the header row is the catalog's text" has "$tmp/e.csv" '"客户编号","客户名称"'
check "export: one row per customer (3 of this run)" test "$(grep -c "_$S" "$tmp/e.csv")" = 3
check "export: formulas are defused" has "$tmp/e.csv" "\"'=HYPERLINK(\"\"x\"\")\""
check "export: the admin sees the mobile" has "$tmp/e.csv" "$MOB"
check "export: audited with the row count" test "$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'customer' AND action = 'export' AND after_json LIKE '%\"rows\":3%'")" -ge 1
get "$R" "$N" "/admin/customers/export.csv?q=_$S"
expect_status "analyst: export 200" 200 "$R"
check "analyst: the export masks contacts" sh -c "grep -qF '$masked' '$R' && ! grep -q '$MOB' '$R'"
check "analyst: the export holds only their department" sh -c "! grep -q '乙公司_$S' '$R'"
after=$(sql "SELECT COUNT(*) FROM audit WHERE entity = 'customer' AND action = 'export'")
check "export: every export is audited" test "$after" -ge $((before + 2))

# ---- import ----
IT=$tmp/import.csv
printf '\357\273\277code,name,kind,owner_login,value_tag,stage,tags,annual_spend,contact_name,contact_mobile,contact_email\r\n' > "$IT"
printf 'IMA%s,导入甲_%s,company,%s,high,signed,"a,b",1000,赵六,%s,zhao_%s@example.com\r\n' "$S" "$S" "$AM" "$MOB2" "$S" >> "$IT"
printf ',"导入乙_%s ""引号""",person,,潜力,意向,,0,,,\r\n' "$S" >> "$IT"
printf '%s,"导入更新_%s",,,,,,,,,\r\n' "$code2" "$S" >> "$IT"
printf 'IMB%s,,company,,,,,,,,\r\n' "$S" >> "$IT"
printf 'IMA%s,重复_%s,company,,,,,,,,\r\n' "$S" "$S" >> "$IT"
printf 'IMC%s,坏电话_%s,company,,,,,,钱七,12345,\r\n' "$S" "$S" >> "$IT"
printf 'IMD%s,无人_%s,company,nobody_%s,,,,,,,\r\n' "$S" "$S" "$S" >> "$IT"
n_before=$(sql "SELECT COUNT(*) FROM customer")
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data-urlencode "csv@$IT"
expect_status "import: preview 200" 200 "$R"
check "import: row 2 will be created" sh -c "tr -d '\r' < '$R' | grep '导入甲_$S' | grep -q '新建'"
check "import: row 3 (generated code, labels) will be created" sh -c "tr -d '\r' < '$R' | grep '导入乙_$S' | grep -q '新建'"
check "import: row 4 will update (code exists)" sh -c "tr -d '\r' < '$R' | grep '导入更新_$S' | grep -q '更新（编号已存在）'"
check "import: missing name rejected with the reason" sh -c "tr -d '\r' < '$R' | grep 'IMB$S' | grep -q '客户名称: 此项为必填项'"
check "import: duplicate code in the file rejected" sh -c "tr -d '\r' < '$R' | grep '重复_$S' | grep -q '编号与第 2 行重复'"
check "import: bad phone rejected" sh -c "tr -d '\r' < '$R' | grep '坏电话_$S' | grep -q '手机号码: 请输入有效的 11 位手机号码'"
check "import: unknown owner rejected" sh -c "tr -d '\r' < '$R' | grep '无人_$S' | grep -q 'nobody_$S'"
check "import: counts" has "$R" '新建 2 · 更新 1 · 拒绝 4'
check "import: the preview wrote nothing" test "$(sql "SELECT COUNT(*) FROM customer")" = "$n_before"
check "import: the page states the size limit" has "$R" 'KiB'
check "import: the preview carries the CSV back, lines intact" sh -c \
    "tr -d '\r' < '$R' | sed -n '/name=\"csv\" hidden/,/<\/textarea>/p' | grep -qx 'IMB$S,,company,,,,,,,,'"
# The confirmation carries the CSV back in the form.
post "$R" "$A" /admin/customers/import/confirm --data "_csrf=$T" --data-urlencode "csv@$IT"
expect_status "import: confirm 303" 303 "$R"
check "import: two created, nothing rejected written" test "$(sql "SELECT COUNT(*) FROM customer")" = $((n_before + 2))
check "import: the new row has its owner, tags and contact" test \
    "$(sql "SELECT CONCAT(c.owner_id, '|', c.value_tag, '|', (SELECT GROUP_CONCAT(tag ORDER BY tag) FROM customer_tag WHERE customer_id = c.id), '|', (SELECT mobile FROM customer_contact WHERE customer_id = c.id)) FROM customer c WHERE code = 'IMA$S'")" = "$am_id|high|a,b|$MOB2"
check "import: labels become codes, quotes unescaped, code generated" test \
    "$(sql "SELECT CONCAT(kind, '|', value_tag, '|', stage, '|', code REGEXP '^KH[0-9]{7,}$') FROM customer WHERE name = '导入乙_$S \"引号\"'")" = "person|potential|prospect|1"
check "import: the update kept what the file left empty" test \
    "$(sql "SELECT CONCAT(name, '|', kind, '|', owner_id) FROM customer WHERE code = '$code2'")" = "导入更新_$S|person|$ot_id"
check "import: one audit row with counts" test "$(sql "SELECT after_json FROM audit WHERE entity = 'customer' AND action = 'import' ORDER BY id DESC LIMIT 1")" = '{"created":2,"updated":1,"rejected":4}'
# One transaction: a row that fails at write time undoes the whole import.
printf 'code,name\nIME%s,先写_%s\nIMF%s,后败_%s\n' "$S" "$S" "$S" "$S" > "$IT"
trig=$(printf 'DELIMITER //\nCREATE TRIGGER t_fail_%s BEFORE INSERT ON customer FOR EACH ROW BEGIN IF NEW.code = '"'IMF%s'"' THEN SIGNAL SQLSTATE '"'45000'"' SET MESSAGE_TEXT = '"'test'"'; END IF; END//\n' "$S" "$S" |
    mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi 2>&1)
check "import: the test trigger is in place" test -z "$trig"
n_before=$(sql "SELECT COUNT(*) FROM customer")
post "$R" "$A" /admin/customers/import/confirm --data "_csrf=$T" --data-urlencode "csv@$IT"
sql "DROP TRIGGER t_fail_$S" > /dev/null
expect_status "import: a failing write is 422" 422 "$R"
check "import: the page names the failing line" has "$R" '第 3 行写入失败'
check "import: nothing half-imported" test "$(sql "SELECT COUNT(*) FROM customer")" = "$n_before"
# Whole-file problems.
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data-urlencode 'csv=code,name,colour
A,B,C'
expect_status "import: unknown column 422" 422 "$R"
check "import: names the unknown column" has "$R" '无法识别的列名：colour'
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data-urlencode 'csv=name
"never closed'
check "import: an unclosed quote names its line" has "$R" '第 2 行开始的引号没有结束'
# A body that is not UTF-8 (GBK) is refused by the front line.
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data "csv=name%0A%D6%D0%CE%C4"
expect_status "import: a GBK body is refused (400)" 400 "$R"
get "$tmp/h" "$A" /admin/customers/import
check "import: the help text tells how to avoid it" has "$tmp/h" 'CSV UTF-8'
# 100,000 rows are refused whole by the size limit, not half-read.
{ echo "code,name"; seq 1 100000 | awk -v s="$S" '{ printf "H%s%06d,n%d\n", s, $1, $1 }'; } > "$tmp/huge.csv"
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data-urlencode "csv@$tmp/huge.csv"
expect_status "import: 100,000 rows exceed the limit (413)" 413 "$R"
check "import: ... and nothing of them is written" test "$(sql "SELECT COUNT(*) FROM customer WHERE code LIKE 'H$S%'")" = 0
# The export can be imported again (its header is the catalog's text).
get "$R" "$A" "/admin/customers/export.csv?q=IMA$S"
body "$R" > "$tmp/re.csv"
post "$R" "$A" /admin/customers/import --data "_csrf=$T" --data-urlencode "csv@$tmp/re.csv"
check "import: an export reads back as an update" has "$R" '新建 0 · 更新 1 · 拒绝 0'

finish
