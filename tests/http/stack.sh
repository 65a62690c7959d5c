#!/bin/sh
# Stack tests: the programs behind a real nginx and a real Apache
# (mod_proxy_fcgi), with a private MariaDB, all on loopback.
# Expects a stack started by tools/stack.sh; the environment names it:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx),
#   APORT (Apache).
set -u
. "$REPO/tests/lib.sh"
base=http://127.0.0.1:$PORT
abase=http://127.0.0.1:$APORT
tmp=$(mktemp -d)
R=$tmp/r
extra_pids=""
cleanup() {
	for p in $extra_pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

get() {	# get OUT URL [curl args]
	out=$1 url=$2
	shift 2
	curl -s -i --max-time 10 "$@" "$url" > "$out" 2>&1 || true
}

conf_value() {	# conf_value SECTION KEY
	awk -v s="[$1]" -v k="$2" '
	    /^\[/ { in_s = ($0 == s) }
	    in_s && $1 == k { sub(/^[^=]*=[ \t]*/, ""); print; exit }' "$RUN/manyi.conf"
}

# Sign in as the demo administrator (tools/stack.sh --demo made it).
signin() {	# signin BASE JAR
	curl -s -c "$2" -b "$2" "$1/admin/login" > "$tmp/login.html"
	t=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/login.html" | head -1)
	curl -s -o /dev/null -w '%{http_code}' -c "$2" -b "$2" -H "Origin: $1" \
	    --data-urlencode "_csrf=$t" --data-urlencode "login=admin" \
	    --data-urlencode "password=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" \
	    "$1/admin/login"
}
check "nginx: the demo administrator signs in" test "$(signin "$base" "$tmp/jar")" = 303
check "apache: the demo administrator signs in" test "$(signin "$abase" "$tmp/ajar")" = 303
# The highest migration number (numbers may have gaps).
schema=$(ls "$REPO"/sql/migrations/ | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1)

# ---- every program through nginx ----
for p in s c admin feed; do
	get "$R" "$base/$p/healthz"
	expect_status "nginx: /$p/healthz is 200 with the database up" 200 "$R"
done
get "$R" "$base/s/"
expect_status "nginx: the survey home page" 200 "$R"
check "nginx: the page is the suite's HTML" has "$R" '<html lang="zh-CN">'
check "nginx: security headers pass through" has "$R" "X-Content-Type-Options: nosniff"
get "$R" "$base/c/?lang=en"
check "nginx: the complaint page in English" has "$R" "Complaints and suggestions"
get "$R" "$base/admin/"
expect_status "nginx: the admin pages need a sign-in" 302 "$R"
get "$R" "$base/admin/" -b "$tmp/jar"
expect_status "nginx: the admin status page" 200 "$R"
check "nginx: the status page lists migration 0001" has "$R" "foundation"
get "$R" "$base/feed/"
check "nginx: the feed is XML" has "$R" "Content-Type: application/xml; charset=utf-8"
check "nginx: the feed names the schema version" has "$R" "schema=\"$schema\""
if command -v xmllint > /dev/null; then
	sed '1,/^\r*$/d' "$R" > "$tmp/feed.xml"
	check "nginx: the feed is well-formed XML" xmllint --noout "$tmp/feed.xml"
fi
get "$R" "$base/static/bootstrap5/css/bootstrap.min.css"
expect_status "nginx: Bootstrap comes from Debian's package" 200 "$R"
get "$R" "$base/static/manyi.css"
expect_status "nginx: the suite's CSS" 200 "$R"
get "$R" "$base/s/nope"
expect_status "nginx: unknown page is 404" 404 "$R"
check "nginx: the 404 is our page" has "$R" "找不到您要访问的页面"
get "$R" "$base/s/" -X DELETE
expect_status "nginx: DELETE is 405" 405 "$R"
head -c 1500000 /dev/zero | tr '\0' 'a' > "$tmp/big"
get "$R" "$base/s/lang" --data-binary "@$tmp/big" -H "Expect:" \
    -H 'Content-Type: application/x-www-form-urlencoded'
expect_status "nginx: a 1.5 MB body is 413" 413 "$R"
check "nginx: the 413 is our page" has "$R" "提交的内容过大"
get "$R" "$base/s/healthz"
expect_status "nginx: the program serves on after a 413" 200 "$R"

# A whole form round trip: the page's CSRF cookie and token, then POST.
curl -s -c "$tmp/sjar" "$base/s/" > "$tmp/page"
tok=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/page" | head -1)
get "$R" "$base/s/lang" -b "$tmp/sjar" -H "Origin: $base" \
    --data "_csrf=$tok&lang=en&next=%2Fs%2F"
expect_status "nginx: the language form posts and redirects" 303 "$R"
check "nginx: the language form sets the cookie" has "$R" "manyi_lang=en"

# ---- keep-alive: more connections than threads, none waits (no 504) ----
: > "$tmp/urls"
i=0
while [ $i -lt 400 ]; do
	printf 'url = "%s/s/?n=%d"\noutput = "/dev/null"\n' "$base" "$i" >> "$tmp/urls"
	i=$((i + 1))
done
curl -s -Z --parallel-max 64 --max-time 10 -w '%{http_code}\n' -K "$tmp/urls" \
    > "$tmp/codes" 2>&1
n200=$(grep -c '^200$' "$tmp/codes")
if [ "$n200" -eq 400 ]; then
	ok "nginx keep-alive: 400 requests on 64 connections, all 200"
else
	not_ok "nginx keep-alive: 400 requests on 64 connections, all 200" \
	    "$(sort "$tmp/codes" | uniq -c)"
fi

# ---- Apache mod_proxy_fcgi with connection reuse ----
get "$R" "$abase/s/"
expect_status "apache: the survey home page" 200 "$R"
get "$R" "$abase/admin/" -b "$tmp/ajar"
expect_status "apache: the admin status page" 200 "$R"
check "apache: routes on REQUEST_URI" has "$R" "foundation"
: > "$tmp/codes"
i=0
while [ $i -lt 20 ]; do
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
	    -d "lang=en&i=$i" "$abase/s/lang" >> "$tmp/codes"
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
	    "$abase/s/?i=$i" >> "$tmp/codes"
	i=$((i + 1))
done
if [ "$(sort -u "$tmp/codes" | tr '\n' ' ')" = "200 403 " ]; then
	ok "apache: 20 POSTs and GETs over reused connections, none dropped"
else
	not_ok "apache: 20 POSTs and GETs over reused connections, none dropped" \
	    "$(sort "$tmp/codes" | uniq -c)"
fi
check "apache: no broken FastCGI connection in its log" \
    sh -c "! grep -q AH01067 '$RUN'/log/apache-error.log 2>/dev/null"

# ---- the program directly over FastCGI ----
sock=$RUN/sock/survey.sock
python3 "$REPO/tests/http/fcgi_client.py" "$sock" --keep 5 GET /s/ > "$R" 2>&1
check "fastcgi: 5 requests on one kept-alive connection" \
    test "$(grep -c '^Status: 200' "$R")" -eq 5

# fd 0: spawn-fcgi hands the program a listening socket, as mod_fcgid and
# systemd socket activation do.
if command -v spawn-fcgi > /dev/null; then
	spawn-fcgi -s "$RUN/sock/fd0.sock" -P "$tmp/fd0.pid" -- /usr/bin/env \
	    MANYI_DATADIR="$REPO" "$BUILD/manyi-survey" --config "$RUN/manyi.conf" \
	    > /dev/null 2>> "$RUN/log/fd0.log"
	extra_pids="$extra_pids $(cat "$tmp/fd0.pid" 2>/dev/null)"
	python3 "$REPO/tests/http/fcgi_client.py" "$RUN/sock/fd0.sock" GET /s/healthz > "$R" 2>&1
	check "fastcgi on fd 0 (spawn-fcgi) serves" has "$R" "Status: 200"
	kill "$(cat "$tmp/fd0.pid")" 2>/dev/null
else
	not_ok "fastcgi on fd 0 (spawn-fcgi) serves" "spawn-fcgi is not installed"
fi

# SIGTERM with a request in flight: it is answered, then the program exits.
term_start() {	# term_start NAME: a survey program on sock/NAME.sock; tpid
	MANYI_DATADIR="$REPO" "$BUILD/manyi-survey" --config "$RUN/manyi.conf" \
	    --listen "unix:$RUN/sock/$1.sock" --threads 2 --pidfile "$tmp/$1.pid" \
	    2>> "$RUN/log/term.log" &
	tpid=$!
	extra_pids="$extra_pids $tpid"
	i=0
	while [ ! -S "$RUN/sock/$1.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
term_exited() {	# term_exited NAME: ok when tpid ends within 3 s
	# (in this shell, not check's subshell: only the parent reaps it)
	i=0
	while kill -0 "$tpid" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$tpid" 2>/dev/null; then not_ok "$1"; else ok "$1"; fi
}
term_start term
python3 "$REPO/tests/http/fcgi_client.py" "$RUN/sock/term.sock" \
    --pause-after-params 1 --signal "$tpid" GET /s/ > "$R" 2>&1
check "SIGTERM: the request in flight is answered" has "$R" "Status: 200"
term_exited "SIGTERM: the program exits after finishing"
check "SIGTERM: the pid file is removed" test ! -e "$tmp/term.pid"

# SIGTERM with a survey submission in flight: its answer is sent by a
# committer thread after the commit, and the program waits for it.
sql "DELETE FROM survey_rate" > /dev/null
curl -s --max-time 10 -c "$tmp/sjar" "$base/s/csat" > "$tmp/form" || true
ct=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/form" | head -1)
sst=$(sed -n 's/.*name="_st" value="\([0-9a-f.]*\)".*/\1/p' "$tmp/form" | head -1)
sbody="_csrf=$ct&_st=$sst&website="
for q in $(sql "SELECT q.id, q.kind FROM survey_question q JOIN survey s ON s.id = q.survey_id WHERE s.slug = 'csat' ORDER BY q.position" | tr '\t' ':'); do
	case ${q#*:} in
	rating) sbody="$sbody&q${q%%:*}=4" ;;
	nps) sbody="$sbody&q${q%%:*}=9" ;;
	esac
done
csat_n() { sql "SELECT COUNT(*) FROM survey_response r JOIN survey s ON s.id = r.survey_id WHERE s.slug = 'csat'"; }
sn0=$(csat_n)
term_start term2
python3 "$REPO/tests/http/fcgi_client.py" "$RUN/sock/term2.sock" \
    --pause-after-params 1 --signal "$tpid" --param "HTTP_COOKIE=manyi_csrf=$ct" \
    --param "HTTP_ORIGIN=http://127.0.0.1" POST /s/csat "$sbody" > "$R" 2>&1
check "SIGTERM: a survey submission in flight gets its 303" has "$R" "Status: 303"
check "SIGTERM: ... and its response is stored" test "$(csat_n)" = $((sn0 + 1))
term_exited "SIGTERM: the survey program exits after that answer"

# manyi-admin reads the customer search's copy as it starts, before any
# search asks for it (program.warm), and stops cleanly on SIGTERM.
MANYI_DATADIR="$REPO" "$BUILD/manyi-admin" --config "$RUN/manyi.conf" \
    --listen "unix:$RUN/sock/warm.sock" --threads 2 \
    2> "$tmp/warm.log" &
tpid=$!
extra_pids="$extra_pids $tpid"
i=0
while ! grep -q 'customer search: [0-9]* customers read into memory' \
    "$tmp/warm.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "admin: the search's copy is read at start, no request needed" \
    grep -q "customer search: $(sql "SELECT COUNT(*) FROM customer_search") customers read into memory" \
    "$tmp/warm.log"
kill -TERM "$tpid"
term_exited "admin: exits on SIGTERM after its warm start"

# ---- the request log ----
check "one log line per request: id, program, method, path, status, time" \
    grep -Eq '^[0-9T:-]+Z [0-9a-f]{16} manyi-survey GET /s/ 200 [0-9]+us -$' \
    "$RUN/log/survey.log"
check "the log never holds a query string" sh -c "! grep -q 'lang=en' '$RUN/log/survey.log'"

# ---- least privilege at the database ----
db() {	# db ACCOUNT SQL
	mariadb --no-defaults -S "$RUN/db.sock" -u "manyi_$1" \
	    -p"$(conf_value "db.$1" password)" manyi -e "$2" 2>&1
}
check "the survey account reads settings" db survey "SELECT COUNT(*) FROM setting"
if db survey "SELECT * FROM schema_migration" > "$R"; then
	not_ok "the survey account cannot read other tables" "$(cat "$R")"
else
	ok "the survey account cannot read other tables"
fi
if db complaint "INSERT INTO setting (name, value) VALUES ('x', 'y')" > "$R"; then
	not_ok "the complaint account cannot change settings" "$(cat "$R")"
else
	ok "the complaint account cannot change settings"
fi
if db feed "DROP TABLE setting" > "$R"; then
	not_ok "the feed account cannot drop tables" "$(cat "$R")"
else
	ok "the feed account cannot drop tables"
fi

# ---- migrations ----
ctl() { MANYI_DATADIR="$REPO" "$BUILD/manyi-ctl" --config "$RUN/manyi.conf" "$@"; }
check "migrate is idempotent" sh -c "$(command -v env) MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' migrate | grep -q '0 applied now'"
check "migrate --status lists 0001 as applied" sh -c "$(command -v env) MANYI_DATADIR='$REPO' '$BUILD/manyi-ctl' --config '$RUN/manyi.conf' migrate --status | grep -q '^0001 .*applied'"
mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi \
    -e "INSERT INTO schema_migration (version, name) VALUES (9999, 'from_the_future')"
ctl migrate > "$R" 2>&1
rc=$?
check "migrate refuses a database newer than the code (exit 3)" test "$rc" -eq 3
check "migrate says why it refuses" has "$R" "newer than this program knows"
mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi \
    -e "DELETE FROM schema_migration WHERE version = 9999"

# ---- the database goes away and comes back ----
mariadb-admin --no-defaults -S "$RUN/db.sock" -uroot shutdown > /dev/null 2>&1
i=0
while [ -S "$RUN/db.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
get "$R" "$base/s/healthz"
expect_status "database stopped: healthz is 503" 503 "$R"
get "$R" "$base/admin/" -b "$tmp/jar"
expect_status "database stopped: a database page is 503" 503 "$R"
check "database stopped: the 503 page explains" has "$R" "系统暂时无法访问数据库"
get "$R" "$base/s/"
expect_status "database stopped: pages without the database still work" 200 "$R"
"$REPO/tools/stack.sh" start --run "$RUN" --build "$BUILD" --port "$PORT" \
    --apache "$APORT" > "$tmp/restart.log" 2>&1
up=$(date +%s%N)
recovered=""
while [ $(( ($(date +%s%N) - up) / 1000000 )) -lt 2000 ]; do
	if [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/jar" "$base/admin/")" = 200 ]; then
		recovered=yes
		break
	fi
	sleep 0.05
done
if [ -n "$recovered" ]; then
	ok "database back: the programs serve again within 2 s"
else
	not_ok "database back: the programs serve again within 2 s" "$(tail -5 "$tmp/restart.log")"
fi
for p in s c admin feed; do
	get "$R" "$base/$p/healthz"
	expect_status "database back: /$p/healthz is 200" 200 "$R"
done

finish
