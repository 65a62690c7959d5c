# Shared helpers for the shell test layers.  Each check prints one line,
# "ok - NAME" or "not ok - NAME" (with details), so tools/test.sh can
# count every assertion across layers; a script exits 1 if any failed.
passed=0
failed=0

ok() {
	passed=$((passed + 1))
	printf 'ok - %s\n' "$1"
}

not_ok() {
	failed=$((failed + 1))
	printf 'not ok - %s\n' "$1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -40
	return 0
}

# check NAME COMMAND...: passes if the command succeeds.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$out"
	fi
}

# has FILE PATTERN: the file contains the fixed string.
has() {
	grep -qF -- "$2" "$1"
}

# status FILE: the Status of a CGI response / the HTTP status of curl -i.
status_of() {
	sed -n '1{s/^Status: \([0-9]*\).*/\1/p;s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p;q}' "$1" | tr -d '\r'
}

# expect_status NAME WANT FILE
expect_status() {
	got=$(status_of "$3")
	if [ "$got" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "expected status $2, got '$got'
$(head -c 600 "$3")"
	fi
}

finish() {
	printf '# %d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}

# ---- stack tests ----------------------------------------------------------
# Helpers of the tests against a running stack (tests/http/feature-*.sh).
# They need REPO (checkout), RUN (run folder), BUILD (binaries) and PORT
# (nginx) set, and stack_init run first (base, tmp, R).  A test may
# redefine any of them after sourcing this file; the other layers
# (access.sh, stack.sh, cgi.sh, valgrind.sh) define their own and do not
# call stack_init.

# stack_init: base (nginx's address), tmp (a folder removed at exit; a
# test with more to clean sets its own EXIT trap afterwards) and R (a
# scratch answer file).
stack_init() {
	base=http://127.0.0.1:$PORT
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	R=$tmp/r
}

sql() {	# sql STATEMENT: as MariaDB root, tab-separated, no headers
	mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1" 2>&1
}
ctl() { MANYI_DATADIR="$REPO" "$BUILD/manyi-ctl" --config "$RUN/manyi.conf" "$@"; }
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
# expect NAME WANT GOT: ok when GOT is WANT, else not ok naming both.
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "want '$2', got '$3'"; fi
}
# kv KEY: the value in the KPI page's row kpi-KEY of the answer in $R.
kv() { tr -d '\n' < "$R" | sed -n "s/.*<tr id=\"kpi-$1\">\(.*\)/\1/p" | sed 's/<\/tr>.*//' |
    sed -n 's/.*class="text-end kpi-value">\([^<]*\)<.*/\1/p'; }

# get OUT JAR PATH [curl args]: the whole answer (status line, headers,
# body) in OUT; cookies read from and written to JAR.  HTTP_TIMEOUT
# (seconds, default 30) bounds each request.
get() {
	g_out=$1 g_jar=$2 g_path=$3
	shift 3
	curl -s -i --max-time "${HTTP_TIMEOUT:-30}" -b "$g_jar" -c "$g_jar" \
	    "$@" "$base$g_path" > "$g_out" 2>&1 || true
}
# post OUT JAR PATH [curl args]: as from one of our own pages (Origin).
# HTTP_POST_TIMEOUT overrides HTTP_TIMEOUT for posts; HTTP_NO_EXPECT=1
# sends no "Expect: 100-continue", so the first status line is the answer.
post() {
	p_out=$1 p_jar=$2 p_path=$3
	shift 3
	curl -s -i --max-time "${HTTP_POST_TIMEOUT:-${HTTP_TIMEOUT:-30}}" \
	    ${HTTP_NO_EXPECT:+-H Expect:} -b "$p_jar" -c "$p_jar" \
	    -H "Origin: $base" "$@" "$base$p_path" > "$p_out" 2>&1 || true
}
csrf_in() { sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
header() { tr -d '\r' < "$1" | sed -n "/^\$/q;s/^$2: //Ip" | tail -1; }
body() { tr -d '\r' < "$1" | sed '1,/^$/d'; }

# signin LOGIN PASSWORD JAR [curl args for the form post]: true on 303.
signin() {
	s_login=$1 s_pw=$2 s_jar=$3
	shift 3
	get "$tmp/tok" "$s_jar" /admin/login
	post "$tmp/si" "$s_jar" /admin/login \
	    --data "_csrf=$(csrf_in "$tmp/tok")" \
	    --data-urlencode "login=$s_login" --data-urlencode "password=$s_pw" "$@"
	[ "$(status_of "$tmp/si")" = 303 ]
}
# tok JAR: the session's CSRF token, read from TOK_PAGE (default /admin/).
tok() { get "$tmp/tk" "$1" "${TOK_PAGE:-/admin/}"; csrf_in "$tmp/tk"; }
mkuser() {	# mkuser LOGIN ROLE DEPT: prints the password
	m_pw="Pw-$(rand 8)-x"
	printf '%s\n' "$m_pw" | ctl user add --login "$1" --role "$2" \
	    --department "$3" --name "$1" > "$tmp/ctl.out" 2>&1
	printf '%s' "$m_pw"
}
# m KEY: a catalog message in Chinese (the default language), the part
# before any "%s", HTML-escaped as a page shows it.
m() {
	cat "$REPO"/i18n/zh-CN/*.txt | sed -n "s/^$1 = //p" | head -1 |
	    sed 's/%s.*//; s/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&#34;/g'
}
