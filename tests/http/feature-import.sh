#!/bin/sh
# The customer import by file upload against a running stack
# (tools/stack.sh), through nginx (and once through Apache): multipart
# upload with curl -F, the staged preview (counts, every rejected row
# with its reason, paging), nothing written before the confirmation, one
# transaction, a second confirmation that writes nothing, batches private
# to their user, GBK / UTF-16 files refused with the fix named, missing
# column, duplicate codes, malformed multipart (400), oversized body
# (413), no CSRF token (403), a conflict between preview and
# confirmation (nothing half-imported), and 100,000 rows.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx),
#   APORT (Apache).
# Its customers carry a random suffix, so reruns do not collide.  It
# leaves the 100,000 imported customers in the stack's database (deleting
# them would take longer than the whole test); the pages are meant to be
# fast at that size anyway.
set -u
. "$REPO/tests/lib.sh"
stack_init
abase=http://127.0.0.1:${APORT:-0}
# Large files: a minute per page, two per post, and no "Expect:
# 100-continue", so the first status line is the answer.
HTTP_TIMEOUT=60 HTTP_POST_TIMEOUT=120 HTTP_NO_EXPECT=1

S=$(rand 3)
SU=$(printf '%s' "$S" | tr a-f A-F)

batch_in() { sed -n 's/.*name="batch" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
upload() {	# upload OUT JAR FILE [more curl args]: the preview
	u_out=$1 u_jar=$2 u_file=$3
	shift 3
	post "$u_out" "$u_jar" /admin/customers/import -F "_csrf=$T" \
	    -F "file=@$u_file;type=text/csv" "$@"
}
confirm() {	# confirm OUT JAR TOKEN
	post "$1" "$2" /admin/customers/import/confirm --data "_csrf=$T" \
	    --data "batch=$3"
}
ncust() { sql "SELECT COUNT(*) FROM customer"; }
nbatch() { sql "SELECT COUNT(*) FROM import_batch"; }
now_ms() { date +%s%3N; }

A=$tmp/jar.admin
check "admin signs in" signin admin "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" "$A"
get "$R" "$A" /admin/customers/import
expect_status "form: 200" 200 "$R"
T=$(csrf_in "$R")
check "form: a multipart form with a file input" sh -c \
    "grep -q 'enctype=\"multipart/form-data\"' '$R' && grep -q 'type=\"file\"' '$R'"
check "form: the help names the fix for Excel files" has "$R" 'CSV UTF-8'
check "form: the file size limit is stated" has "$R" '32 MiB'
dept=$(sql "SELECT name FROM department WHERE active = 1 ORDER BY id LIMIT 1")
AM=i_am_$S
printf 'Pw-%s-x\n' "$S" | ctl user add --login "$AM" --role account_manager \
    --department "$dept" --name "$AM" > /dev/null 2>&1
am_id=$(sql "SELECT id FROM \`user\` WHERE login = '$AM'")
check "an owner to name in files" test -n "$am_id"

# ---- a good file: BOM, CRLF, labels, tags, contact; one bad row ----
F=$tmp/good.csv
printf '\357\273\277code,name,kind,owner_login,value_tag,stage,tags,annual_spend,contact_name,contact_mobile\r\n' > "$F"
printf 'FA%s,上传甲_%s,company,%s,高价值,signed,"x,y",2000,孙八,13912345678\r\n' "$S" "$S" "$AM" >> "$F"
printf ',上传乙_%s,person,,,,,,,\r\n' "$S" >> "$F"
printf 'FZ%s,,company,,,,,,,\r\n' "$S" >> "$F"
n0=$(ncust)
t0=$(now_ms)
upload "$R" "$A" "$F"
expect_status "upload: preview 200" 200 "$R"
check "upload: counts" has "$R" '新建 2 · 更新 0 · 拒绝 1'
check "upload: the file name is shown" has "$R" 'good.csv'
check "upload: the missing name is rejected with its reason" sh -c \
    "tr -d '\r' < '$R' | grep 'FZ$S' | grep -q '客户名称: 此项为必填项'"
check "upload: the BOM does not reach the first code" sh -c \
    "tr -d '\r' < '$R' | grep -q '>FA$S<'"
check "upload: the timing header" test -n "$(header "$R" X-Import-Check-Ms)"
check "upload: nothing written by the preview" test "$(ncust)" = "$n0"
B1=$(batch_in "$R")
check "upload: the confirmation carries only a batch token" sh -c \
    "[ ${#B1} -eq 32 ] && ! grep -q 'name=\"csv\" hidden' '$R'"
check "upload: the batch is staged for this user" test \
    "$(sql "SELECT CONCAT(status, '|', n_create, '|', n_update, '|', n_reject, '|', u.login) FROM import_batch b JOIN \`user\` u ON u.id = b.user_id WHERE token = '$B1'")" = "staged|2|0|1|admin"
confirm "$R" "$A" "$B1"
expect_status "confirm: 303" 303 "$R"
check "confirm: two customers created" test "$(ncust)" = $((n0 + 2))
check "confirm: owner, value tag label, stage, tags, contact, spend" test \
    "$(sql "SELECT CONCAT(c.owner_id, '|', c.value_tag, '|', c.stage, '|', (SELECT GROUP_CONCAT(tag ORDER BY tag) FROM customer_tag WHERE customer_id = c.id), '|', (SELECT CONCAT(name, '/', mobile, '/', is_primary) FROM customer_contact WHERE customer_id = c.id), '|', c.annual_spend, '|', c.department_id IS NOT NULL, '|', c.next_due_on IS NOT NULL) FROM customer c WHERE code = 'FA$S'")" = "$am_id|high|signed|x,y|孙八/13912345678/1|2000.00|1|1"
check "confirm: a generated KH code and defaults" test \
    "$(sql "SELECT CONCAT(code REGEXP '^KH[0-9]{7,}$', '|', kind, '|', value_tag, '|', stage, '|', owner_id = (SELECT id FROM \`user\` WHERE login = 'admin')) FROM customer WHERE name = '上传乙_$S'")" = "1|person|normal|prospect|1"
check "confirm: the rejected row is not written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code = 'FZ$S'")" = 0
check "confirm: one audit row with counts, no content" test \
    "$(sql "SELECT after_json FROM audit WHERE entity = 'customer' AND action = 'import' ORDER BY id DESC LIMIT 1")" = '{"created":2,"updated":0,"rejected":1}'
na=$(sql "SELECT COUNT(*) FROM audit WHERE action = 'import'")
confirm "$R" "$A" "$B1"
expect_status "confirm again: 303, harmless" 303 "$R"
check "confirm again: says it was imported already" sh -c \
    "tr -d '\r' < '$R' | grep -qi 'set-cookie: manyi_flash=import.already_done'"
check "confirm again: nothing written twice" test "$(ncust)" = $((n0 + 2))
check "confirm again: no second audit row" test \
    "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'import'")" = "$na"
get "$R" "$A" "/admin/customers/import/$B1"
check "a confirmed batch says so and offers no confirmation" sh -c \
    "grep -q 'id=\"import-done\"' '$R' && ! grep -q 'id=\"import-confirm\"' '$R'"
confirm "$R" "$A" 0123456789abcdef0123456789abcdef
expect_status "confirm: an unknown batch is 404" 404 "$R"

# ---- batches are private to their user ----
X=i_ad_$S
xpw="Pw-$(rand 8)-x"
printf '%s\n' "$xpw" | ctl user add --login "$X" --role admin \
    --department "$dept" --name "$X" > /dev/null 2>&1
XJ=$tmp/jar.x
check "a second importer signs in" signin "$X" "$xpw" "$XJ"
printf 'code,name\nPV%s,私有_%s\n' "$S" "$S" > "$tmp/p.csv"
upload "$R" "$A" "$tmp/p.csv"
BP=$(batch_in "$R")
get "$R" "$XJ" "/admin/customers/import/$BP"
expect_status "privacy: another user cannot see the batch (404)" 404 "$R"
XT=$(csrf_in "$R")
post "$R" "$XJ" /admin/customers/import/confirm --data "_csrf=$XT" --data "batch=$BP"
expect_status "privacy: ... nor confirm it (404)" 404 "$R"
check "privacy: nothing written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code = 'PV$S'")" = 0

# ---- updates and duplicate codes (within the file, against the DB) ----
F=$tmp/upd.csv
printf 'code,name,value_tag,contact_name,contact_mobile\n' > "$F"
printf 'fa%s,上传甲改_%s,,周九,13987654321\n' "$SU" "$S" >> "$F"
printf 'FA%s,重复_%s,,,\n' "$S" "$S" >> "$F"
printf 'FB%s,上传丙_%s,潜力,,\n' "$S" "$S" >> "$F"
printf 'FC%s,坏电话_%s,,吴十,12345\n' "$S" "$S" >> "$F"
printf 'FD%s,无联系人_%s,,,13911112222\n' "$S" "$S" >> "$F"
n0=$(ncust)
upload "$R" "$A" "$F"
expect_status "update file: preview 200" 200 "$R"
check "update file: counts" has "$R" '新建 1 · 更新 1 · 拒绝 3'
check "update file: a code in the database is an update" sh -c \
    "tr -d '\r' < '$R' | grep '上传甲改_$S' | grep -q '更新（编号已存在）'"
check "update file: the same code twice in the file (any case) is rejected" sh -c \
    "tr -d '\r' < '$R' | grep '重复_$S' | grep -q '编号与第 2 行重复'"
check "update file: a bad mobile is rejected" sh -c \
    "tr -d '\r' < '$R' | grep '坏电话_$S' | grep -q '手机号码'"
check "update file: a mobile without a contact name is rejected" sh -c \
    "tr -d '\r' < '$R' | grep '无联系人_$S' | grep -q '联系人'"
get "$R" "$A" "/admin/customers/import/$(batch_in "$R")?show=rejected"
expect_status "update file: the rejected rows page 200" 200 "$R"
check "update file: it lists exactly the three rejected rows" test \
    "$(grep -c 'class="import-why"' "$R")" = 3
B2=$(batch_in "$R")
confirm "$R" "$A" "$B2"
expect_status "update file: confirm 303" 303 "$R"
check "update file: the update kept the owner, tags and stage" test \
    "$(sql "SELECT CONCAT(name, '|', owner_id, '|', value_tag, '|', stage, '|', (SELECT GROUP_CONCAT(tag ORDER BY tag) FROM customer_tag WHERE customer_id = c.id)) FROM customer c WHERE code = 'FA$S'")" = "上传甲改_$S|$am_id|high|signed|x,y"
check "update file: the file's contact replaced the primary one" test \
    "$(sql "SELECT GROUP_CONCAT(CONCAT(name, '/', mobile, '/', is_primary)) FROM customer_contact WHERE customer_id = (SELECT id FROM customer WHERE code = 'FA$S')")" = "周九/13987654321/1"
check "update file: one created" test "$(ncust)" = $((n0 + 1))
check "update file: labels become codes" test \
    "$(sql "SELECT value_tag FROM customer WHERE code = 'FB$S'")" = potential

# ---- whole-file problems: encodings, columns ----
printf 'code,name\nGB%s,中文客户_%s\n' "$S" "$S" | iconv -f UTF-8 -t GBK > "$tmp/gbk.csv"
nb=$(nbatch)
upload "$R" "$A" "$tmp/gbk.csv"
expect_status "GBK: 422" 422 "$R"
check "GBK: the message names the likely cause" has "$R" 'GBK'
check "GBK: ... and the fix" has "$R" 'CSV UTF-8'
check "GBK: ... and the line" has "$R" '第 2 行'
check "GBK: nothing written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code = 'GB$S'")" = 0
check "GBK: nothing staged" test "$(nbatch)" = "$nb"
printf 'code,name\nUT%s,中文_%s\n' "$S" "$S" | iconv -f UTF-8 -t UTF-16 > "$tmp/u16.csv"
upload "$R" "$A" "$tmp/u16.csv"
expect_status "UTF-16: 422" 422 "$R"
check "UTF-16: named, with the fix" sh -c "grep -q 'UTF-16' '$R' && grep -q 'CSV UTF-8' '$R'"
printf 'code,industry\nNN%s,x\n' "$S" > "$tmp/nocol.csv"
upload "$R" "$A" "$tmp/nocol.csv"
expect_status "missing column: 422" 422 "$R"
check "missing column: named" has "$R" '缺少必需的列：name'
printf '' > "$tmp/empty.csv"
upload "$R" "$A" "$tmp/empty.csv"
expect_status "empty file: 422" 422 "$R"
get "$R" "$A" /admin/customers/import
check "the form shows in English too" sh -c \
    "curl -s -b '$A' '$base/admin/customers/import?lang=en' | grep -q 'CSV UTF-8 (Comma delimited)'"

# ---- the front line: malformed multipart, size, CSRF ----
printf -- '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode,name\r\n' "$T" > "$tmp/mal"
post "$R" "$A" /admin/customers/import -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$tmp/mal"
expect_status "malformed multipart (no closing boundary): 400" 400 "$R"
printf -- '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n' > "$tmp/mal2"
post "$R" "$A" /admin/customers/import -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$tmp/mal2"
expect_status "malformed multipart (a part without a name): 400" 400 "$R"
post "$R" "$A" /admin/customers/import -H 'Content-Type: multipart/form-data' --data-binary "@$tmp/mal2"
expect_status "multipart without a boundary: 400" 400 "$R"
post "$R" "$A" /admin/customers -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$tmp/mal2"
check "other routes do not take multipart (405/415)" sh -c \
    "s=\$(sed -n 1p '$R' | cut -d' ' -f2); [ \"\$s\" = 405 ] || [ \"\$s\" = 415 ]"
post "$R" "$A" /admin/customers/new -F "_csrf=$T" -F "name=x"
expect_status "a form route refuses a multipart body (415)" 415 "$R"
head -c 35000000 /dev/zero | tr '\0' 'a' > "$tmp/huge.csv"
upload "$R" "$A" "$tmp/huge.csv"
expect_status "a file over the limit: 413" 413 "$R"
post "$R" "$A" /admin/customers/import -F "file=@$F;type=text/csv"
expect_status "no CSRF token in the multipart form: 403" 403 "$R"
post "$R" "$A" /admin/customers/import -F "_csrf=ffffffffffffffffffffffffffffffff" -F "file=@$F;type=text/csv"
expect_status "a wrong CSRF token: 403" 403 "$R"
curl -s -i --max-time 30 -H 'Expect:' -F "_csrf=$T" -F "file=@$F" "$base/admin/customers/import" > "$R" 2>&1
expect_status "without a session: 302 to sign in" 302 "$R"

# ---- a conflict between preview and confirmation: nothing half-imported ----
printf 'code,name\nMA%s,先_%s\nMB%s,中_%s\nMC%s,后_%s\n' "$S" "$S" "$S" "$S" "$S" "$S" > "$tmp/mid.csv"
upload "$R" "$A" "$tmp/mid.csv"
check "conflict: preview counts" has "$R" '新建 3 · 更新 0 · 拒绝 0'
B3=$(batch_in "$R")
sql "INSERT INTO customer (code, name) VALUES ('MB$S', '抢先_$S')" > /dev/null
n0=$(ncust)
confirm "$R" "$A" "$B3"
expect_status "conflict: confirm 422" 422 "$R"
check "conflict: the page names the line and the reason" sh -c \
    "grep -q '第 3 行写入失败' '$R' && grep -q '此编号已被其他客户使用' '$R'"
check "conflict: nothing half-imported" test "$(ncust)" = "$n0"
check "conflict: not even the rows before the conflict" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code IN ('MA$S', 'MC$S')")" = 0
check "conflict: the batch can still be confirmed" has "$R" 'id="import-confirm"'
sql "DELETE FROM customer WHERE code = 'MB$S'" > /dev/null
confirm "$R" "$A" "$B3"
expect_status "conflict resolved: confirm 303" 303 "$R"
check "conflict resolved: all three written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code IN ('MA$S', 'MB$S', 'MC$S')")" = 3

# ---- a customer to update deleted between preview and confirmation ----
sql "INSERT INTO customer (code, name) VALUES ('GN$S', '将删_$S')" > /dev/null
printf 'code,name\nGO%s,新的_%s\nGN%s,改名_%s\n' "$S" "$S" "$S" "$S" > "$tmp/gone.csv"
upload "$R" "$A" "$tmp/gone.csv"
check "gone: preview counts" has "$R" '新建 1 · 更新 1 · 拒绝 0'
B5=$(batch_in "$R")
sql "DELETE FROM customer WHERE code = 'GN$S'" > /dev/null
confirm "$R" "$A" "$B5"
expect_status "gone: confirm 422" 422 "$R"
check "gone: names line 3 and why" sh -c \
    "grep -q '第 3 行写入失败' '$R' && grep -q '预览之后已被删除' '$R'"
check "gone: nothing written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code IN ('GO$S', 'GN$S')")" = 0

# ---- through Apache too ----
if [ "${APORT:-}" != "" ]; then
	AJ=$tmp/jar.apache
	curl -s --max-time 30 -b "$AJ" -c "$AJ" "$abase/admin/login" > "$tmp/al"
	curl -s -i --max-time 30 -b "$AJ" -c "$AJ" -H "Origin: $abase" \
	    --data "_csrf=$(csrf_in "$tmp/al")" --data "login=admin" \
	    --data-urlencode "password=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" \
	    "$abase/admin/login" > /dev/null
	curl -s --max-time 30 -b "$AJ" -c "$AJ" "$abase/admin/customers/import" > "$tmp/af"
	printf 'code,name\nAP%s,阿帕奇_%s\n' "$S" "$S" > "$tmp/ap.csv"
	curl -s -i --max-time 60 -H 'Expect:' -b "$AJ" -c "$AJ" -H "Origin: $abase" \
	    -F "_csrf=$(csrf_in "$tmp/af")" -F "file=@$tmp/ap.csv" \
	    "$abase/admin/customers/import" > "$R"
	expect_status "Apache: an upload previews (200)" 200 "$R"
	check "Apache: counts" has "$R" '新建 1 · 更新 0 · 拒绝 0'
fi

# ---- 100,000 rows (and two bad ones): preview, paging, one transaction ----
BIG=$tmp/big.csv
{
	printf 'code,name,kind,value_tag,tags,annual_spend,contact_name,contact_mobile\r\n'
	seq 1 100000 | awk -v s="$S" '{
		printf "H%s%06d,大批客户%d,%s,%s,%s,%d,联系人%d,139%08d\r\n", s, $1, $1,
		    ($1 % 2 ? "company" : "person"),
		    ($1 % 10 == 0 ? "high" : "normal"),
		    ($1 % 3 == 0 ? "\"批量,测试\"" : ""), $1 * 10, $1, $1
	}'
	printf 'HBAD1%s,坏行一,company,normal,,1,某人,123\r\n' "$S"
	printf 'HBAD2%s,,company,normal,,1,,\r\n' "$S"
} > "$BIG"
n0=$(ncust)
t0=$(now_ms)
upload "$R" "$A" "$BIG"
t1=$(now_ms)
expect_status "100k: preview 200" 200 "$R"
srv1="check $(header "$R" X-Import-Check-Ms) ms, stage $(header "$R" X-Import-Stage-Ms)"
check "100k: counts" has "$R" '新建 100000 · 更新 0 · 拒绝 2'
check "100k: the first page lists 200 rows" test "$(grep -c '<tr><td>' "$R")" = 200
check "100k: a next page" grep -q 'rel="next"' "$R"
check "100k: nothing written yet" test "$(ncust)" = "$n0"
B4=$(batch_in "$R")
get "$R" "$A" "/admin/customers/import/$B4?page=500"
check "100k: page 500 ends with row 100,000" has "$R" ">H${S}100000<"
get "$R" "$A" "/admin/customers/import/$B4?page=501"
check "100k: page 501 holds the two last rows" sh -c \
    "grep -q 'HBAD1$S' '$R' && grep -q 'HBAD2$S' '$R' && ! grep -q 'rel=\"next\"' '$R'"
get "$R" "$A" "/admin/customers/import/$B4?show=rejected"
check "100k: the rejected tab lists both bad rows with reasons" sh -c \
    "[ \$(grep -c 'class=\"import-why\"' '$R') = 2 ] && grep -q '手机号码' '$R' && grep -q '客户名称: 此项为必填项' '$R'"
t2=$(now_ms)
cp "$A" "$tmp/jar2"
confirm "$R" "$A" "$B4" &
cpid=$!
sleep 1
confirm "$tmp/r2" "$tmp/jar2" "$B4"
expect_status "100k: a second confirmation meanwhile is told to wait (409)" 409 "$tmp/r2"
check "100k: ... with a message" has "$tmp/r2" '正在写入'
wait "$cpid"
t3=$(now_ms)
expect_status "100k: confirm 303" 303 "$R"
srv2=$(header "$R" X-Import-Write-Ms)
check "100k: all 100,000 rows landed" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code LIKE 'H$S%'")" = 100000
check "100k: customer count" test "$(ncust)" = $((n0 + 100000))
check "100k: contacts and tags landed" test \
    "$(sql "SELECT CONCAT((SELECT COUNT(*) FROM customer_contact cc JOIN customer c ON c.id = cc.customer_id WHERE c.code LIKE 'H$S%'), '|', (SELECT COUNT(*) FROM customer_tag t JOIN customer c ON c.id = t.customer_id WHERE c.code LIKE 'H$S%'))")" = "100000|66666"
check "100k: values by row" test \
    "$(sql "SELECT CONCAT(name, '|', kind, '|', value_tag, '|', annual_spend) FROM customer WHERE code = 'H${S}000030'")" = "大批客户30|person|high|300.00"
check "100k: the audit row counts" test \
    "$(sql "SELECT after_json FROM audit WHERE entity = 'customer' AND action = 'import' ORDER BY id DESC LIMIT 1")" = '{"created":100000,"updated":0,"rejected":2}'
# ---- expiry: an expired batch cannot be confirmed, and is purged ----
sql "UPDATE import_batch SET expires_at = NOW() - INTERVAL 1 MINUTE WHERE token IN ('$BP', '$B4')" > /dev/null
confirm "$R" "$A" "$BP"
expect_status "expired: confirm is 410" 410 "$R"
check "expired: the message says to upload again" has "$R" '已过期'
check "expired: nothing written" test \
    "$(sql "SELECT COUNT(*) FROM customer WHERE code = 'PV$S'")" = 0
upload "$R" "$A" "$tmp/p.csv"
expect_status "expired: the next preview 200" 200 "$R"
check "expired: batches and their 100,002 rows purged" test \
    "$(sql "SELECT COUNT(*) FROM import_batch WHERE token IN ('$BP', '$B4')")|$(sql "SELECT COUNT(*) FROM import_row r LEFT JOIN import_batch b ON b.id = r.batch_id WHERE b.id IS NULL")" = "0|0"
get "$R" "$A" "/admin/customers/import/$B4"
expect_status "expired: its preview is gone (404)" 404 "$R"

echo "# 100k rows: preview $((t1 - t0)) ms (server: $srv1 ms), confirm $((t3 - t2)) ms (server $srv2 ms)"

finish
