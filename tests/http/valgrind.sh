#!/bin/sh
# valgrind: no leak and no memory error in the request loop.  A plain
# (non-sanitizer) build of manyi-survey and manyi-admin serves a few
# hundred requests of every kind over FastCGI under valgrind (the admin
# signed in, searching customers too), then gets
# SIGTERM; the leak summary must show nothing definitely or indirectly
# lost, and no errors.  Needs RUN (a started stack: its database and
# config) and REPO; the binaries come from PLAIN (default REPO/build).
set -u
. "$REPO/tests/lib.sh"
PLAIN=${PLAIN:-$REPO/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
client() { python3 "$REPO/tests/http/fcgi_client.py" "$@"; }

for prog in survey admin; do
	sock=$tmp/$prog.sock
	MANYI_DATADIR=$REPO valgrind --quiet --leak-check=full \
	    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	    --log-file="$tmp/$prog.vg" \
	    "$PLAIN/manyi-$prog" --config "$RUN/manyi.conf" --listen "unix:$sock" \
	    --threads 4 --pidfile "$tmp/$prog.pid" 2> "$tmp/$prog.err" &
	vpid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	mount=/$prog
	[ "$prog" = survey ] && mount=/s
	: > "$tmp/out"
	for req in "GET $mount/" "GET $mount/?lang=en" "GET $mount/healthz" \
	    "GET $mount/nope" "PUT $mount/" "GET $mount/?q=%FF"; do
		# shellcheck disable=SC2086
		client "$sock" --keep 40 $req >> "$tmp/out" 2>&1
	done
	client "$sock" --keep 40 POST "$mount/lang" "lang=en&_csrf=x" >> "$tmp/out" 2>&1
	client "$sock" --keep 20 POST "$mount/lang" "a=%00" >> "$tmp/out" 2>&1
	# ---- D: the survey answering pages under valgrind too: a
	# 10-question survey, GET form, POST with bad answers (422), good
	# answers (303, stored), an invitation token, the thank-you page.
	if [ "$prog" = survey ]; then
		vsql() { mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1"; }
		vslug=vg-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
		vtok=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
		vid=$(vsql "INSERT INTO survey (slug, status, title_zh, thanks_zh) VALUES ('$vslug', 'active', '检查', '谢谢'); SELECT LAST_INSERT_ID();")
		for k in 1 2 3 4 5 6 7 8; do
			vsql "INSERT INTO survey_question (survey_id, position, kind, dimension, text_zh) VALUES ($vid, $k, 'rating', 'quality', '评分 $k')"
		done
		vsql "INSERT INTO survey_question (survey_id, position, kind, text_zh) VALUES ($vid, 9, 'nps', '推荐'); INSERT INTO survey_question (survey_id, position, kind, required, text_zh) VALUES ($vid, 10, 'long', 0, '建议')"
		vsql "INSERT INTO survey_invitation (survey_id, channel, token_hash) VALUES ($vid, 'sms', UNHEX(SHA2('$vtok', 256)))"
		vq=$(vsql "SELECT GROUP_CONCAT(id ORDER BY position) FROM survey_question WHERE survey_id = $vid")
		# A fresh address each run: the open-link rate limit starts at 0.
		vaddr=10.$(( $(od -An -N1 -tu1 /dev/urandom) )).$(( $(od -An -N1 -tu1 /dev/urandom) )).7
		python3 - "$sock" "$vslug" "$vq" "$vtok" "$vaddr" "$REPO/tests/http" > "$tmp/sv.out" 2>&1 <<'PY'
import re, socket, sys
sock, slug, qids, tok, addr, here = sys.argv[1:7]
sys.path.insert(0, here)
from fcgi_client import form_request
csrf = "0123456789abcdef0123456789abcdef"
qids = qids.split(",")
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sock)

def req(method, uri, body=""):
    return form_request(s, method, uri, body, addr, "manyi_csrf=" + csrf)

page = req("GET", "/s/" + slug)
st = re.search(r'name="_st" value="([0-9a-f.]+)"', page).group(1)
good = "&".join("q%s=%d" % (q, 4) for q in qids[:9]) + "&q%s=%%3Cb%%3E" % qids[9]
for i in range(10):
    req("GET", "/s/" + slug + ("?lang=en" if i % 2 else ""))
    req("POST", "/s/" + slug, "_csrf=%s&_st=%s&q%s=9&q%s=x" % (csrf, st, qids[0], qids[8]))
for i in range(5):
    req("POST", "/s/" + slug, "_csrf=%s&_st=%s&%s" % (csrf, st, good))
    req("GET", "/s/" + slug + "/thanks")
req("GET", "/s/" + slug + "?t=" + tok)
req("POST", "/s/" + slug, "_csrf=%s&_st=%s&t=%s&%s" % (csrf, st, tok, good))
req("POST", "/s/" + slug, "_csrf=%s&_st=%s&t=%s&%s" % (csrf, st, tok, good))
req("POST", "/s/" + slug, "_csrf=%s&_st=%s&website=x&%s" % (csrf, st, good))
PY
		check "valgrind survey: answering pages (200 x17, 422 x10, 303 x7, 409 x1)" test \
		    "$(grep -c ' Status: 200' "$tmp/sv.out"),$(grep -c ' Status: 422' "$tmp/sv.out"),$(grep -c ' Status: 303' "$tmp/sv.out"),$(grep -c ' Status: 409' "$tmp/sv.out")" = "17,10,7,1"
		check "valgrind survey: 6 responses stored, 10 answers each" test \
		    "$(vsql "SELECT CONCAT(COUNT(DISTINCT r.id), ',', COUNT(*)) FROM survey_response r JOIN survey_answer a ON a.response_id = r.id WHERE r.survey_id = $vid")" = "6,60"
	fi
	# The customer search's copy in memory (customer_find.c) under
	# valgrind: signed in, searches; a rename by SQL between them (the
	# copy brought up to date, the old one freed).
	if [ "$prog" = admin ]; then
		vsql() { mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1"; }
		vc=$(vsql "SELECT id FROM customer ORDER BY id LIMIT 1")
		vname=$(vsql "SELECT name FROM customer WHERE id = $vc")
		python3 - "$sock" "$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" \
		    "$REPO/tests/http" "$RUN/db.sock" "$vc" > "$tmp/ad.out" 2>&1 <<'PY'
import re, socket, subprocess, sys, urllib.parse
sock, pw, here, dbsock, cid = sys.argv[1:6]
sys.path.insert(0, here)
from fcgi_client import form_request
csrf = "0123456789abcdef0123456789abcdef"
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(60)
s.connect(sock)
sid = ""

def req(method, uri, body=""):
    return form_request(s, method, uri, body, "127.0.0.1",
        "manyi_csrf=" + csrf + ("; manyi_session=" + sid if sid else ""))

out = req("POST", "/admin/login", "_csrf=%s&login=admin&password=%s" %
          (csrf, urllib.parse.quote(pw)))
sid = re.search(r"manyi_session=([^;\r\n]+)", out).group(1)
for q in ["KH", "%E7%8E%8B", "zzzz", "138", "KH&tier=basic&sort=name"]:
    req("GET", "/admin/customers?q=" + q)
subprocess.run(["mariadb", "--no-defaults", "-S", dbsock, "-uroot", "manyi",
    "-e", "UPDATE customer SET name = CONCAT(name, ' vg') WHERE id = " + cid],
    check=True)
for q in ["vg", "KH", "%E7%8E%8B"]:
    req("GET", "/admin/customers?q=" + q)
PY
		vsql "UPDATE customer SET name = '$(printf '%s' "$vname" | sed "s/'/''/g")' WHERE id = $vc"
		check "valgrind admin: signed in, 8 searches (303, 200 x8)" test \
		    "$(grep -c ' Status: 303' "$tmp/ad.out"),$(grep -c ' Status: 200' "$tmp/ad.out")" = "1,8"
	fi
	n=$(grep -c '^Status:' "$tmp/out")
	check "valgrind $prog: all 300 requests answered" test "$n" -eq 300
	kill -TERM "$vpid"
	wait "$vpid"
	if grep -Eq 'definitely lost|indirectly lost|Invalid (read|write)|uninitialised|ERROR SUMMARY: [1-9]' "$tmp/$prog.vg"; then
		not_ok "valgrind $prog: no leak and no memory error" "$(head -60 "$tmp/$prog.vg")"
	else
		ok "valgrind $prog: no leak and no memory error"
	fi
done
finish
