#!/bin/sh
# Access-control tests against a running stack (tools/stack.sh), through
# nginx: the permission matrix (tests/http/perm_matrix.txt), CSRF,
# sessions, login throttling, least privilege at the database, the audit
# trail, stored XSS, and secrets kept out of the logs.
# The environment names the stack, as for stack.sh:
#   REPO (checkout), RUN (run folder), BUILD (binaries), PORT (nginx).
# It creates its own users (logins end in a random suffix, so reruns do
# not collide) and writes $RUN/access-users.env (LOGIN, PASSWORD,
# XSS_LOGIN, XSS_PASSWORD: an administrator and the user whose display
# name is a script tag) for tests/browser/access.mjs; tools/test.sh
# passes that file's values to the browser test.
set -u
. "$REPO/tests/lib.sh"
base=http://127.0.0.1:$PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
R=$tmp/r
MATRIX=$REPO/tests/http/perm_matrix.txt
ROLES="admin supervisor agent account_manager analyst"

# ---- helpers ----
sql() {	# sql STATEMENT: as MariaDB root, tab-separated, no headers
	mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1" 2>&1
}
ctl() { MANYI_DATADIR="$REPO" "$BUILD/manyi-ctl" --config "$RUN/manyi.conf" "$@"; }
conf_value() {	# conf_value SECTION KEY
	awk -v s="[$1]" -v k="$2" '
	    /^\[/ { in_s = ($0 == s) }
	    in_s && $1 == k { sub(/^[^=]*=[ \t]*/, ""); print; exit }' "$RUN/manyi.conf"
}
db() {	# db ACCOUNT SQL: as the program's own MariaDB account
	mariadb --no-defaults -S "$RUN/db.sock" -u "manyi_$1" \
	    -p"$(conf_value "db.$1" password)" manyi -e "$2" 2>&1
}
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
sha() { printf %s "$1" | sha256sum | cut -c1-64; }
S=$(rand 3)		# this run's suffix
secrets=$tmp/secrets	# every password and session id used here
: > "$secrets"
remember() { [ -n "$1" ] && printf '%s\n' "$1" >> "$secrets"; return 0; }

# get OUT JAR PATH [curl args]: headers and body in OUT; cookies kept.
get() {
	g_out=$1 g_jar=$2 g_path=$3
	shift 3
	curl -s -i --max-time 20 -b "$g_jar" -c "$g_jar" "$@" "$base$g_path" \
	    > "$g_out" 2>&1 || true
}
# post OUT JAR PATH [curl args]: a POST from one of our own pages.
post() {
	p_out=$1 p_jar=$2 p_path=$3
	shift 3
	curl -s -i --max-time 20 -b "$p_jar" -c "$p_jar" -H "Origin: $base" \
	    "$@" "$base$p_path" > "$p_out" 2>&1 || true
}
# post_bare OUT JAR PATH [curl args]: without an Origin header.
post_bare() {
	p_out=$1 p_jar=$2 p_path=$3
	shift 3
	curl -s -i --max-time 20 -b "$p_jar" -c "$p_jar" "$@" "$base$p_path" \
	    > "$p_out" 2>&1 || true
}
# code COOKIE PATH: the status of a GET with just this session cookie.
code() {
	curl -s -o "$tmp/code.out" -D "$tmp/code.hdr" -w '%{http_code}' \
	    --max-time 20 -b "manyi_session=$1" "$base$2"
}
csrf_in() { sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
header() {	# header FILE NAME: the value of a response header
	tr -d '\r' < "$1" | sed -n "/^\$/q;s/^$2: //Ip" | tail -1
}
set_session() {	# set_session FILE: the manyi_session value set by a response
	tr -d '\r' < "$1" | sed -n 's/^[Ss]et-[Cc]ookie: manyi_session=\([0-9a-f]*\);.*/\1/p' | tail -1
}
jar_session() {	# jar_session JAR: the session cookie a browser holds
	awk -F '\t' '$6 == "manyi_session" { v = $7 } END { print v }' "$1" 2>/dev/null
}
plant() {	# plant JAR VALUE: a cookie jar holding only this session id
	printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tmanyi_session\t%s\n' "$2" > "$1"
}
login_msg() {	# login_msg FILE: the sign-in page's error message
	sed -n 's/.*id="login-error">\([^<]*\)<.*/\1/p' "$1" | head -1
}

# token JAR: the _csrf of a page for this browser (the session's token
# when signed in, else the manyi_csrf cookie's).
token() {
	get "$tmp/tok" "$1" /admin/password
	t_val=$(csrf_in "$tmp/tok")
	if [ -z "$t_val" ]; then
		get "$tmp/tok" "$1" /admin/login
		t_val=$(csrf_in "$tmp/tok")
	fi
	printf '%s' "$t_val"
}

# signin LOGIN PASSWORD JAR [OUT]: through the form, as a browser does;
# true on 303.  The response is in OUT (default $tmp/si).
signin() {
	s_out=${4:-$tmp/si}
	s_tok=$(token "$3")
	post "$s_out" "$3" /admin/login --data "_csrf=$s_tok" \
	    --data-urlencode "login=$1" --data-urlencode "password=$2" \
	    --data "next=%2Fadmin%2F"
	remember "$(jar_session "$3")"
	[ "$(status_of "$s_out")" = 303 ]
}
# attempt LOGIN PASSWORD [OUT]: one sign-in attempt from a fresh browser;
# prints the status.
attempt() {
	a_out=${3:-$tmp/att}
	rm -f "$tmp/att.jar"
	signin "$1" "$2" "$tmp/att.jar" "$a_out"
	status_of "$a_out"
}
signed_in() {	# signed_in JAR: the browser's session is valid
	get "$tmp/sgn" "$1" /admin/password
	[ "$(status_of "$tmp/sgn")" = 200 ]
}

# Users: mkuser LOGIN ROLE [NAME]; pw_of LOGIN; uid_of LOGIN.
: > "$tmp/users"
mkuser() {
	m_pw="Pw-$(rand 8)-x"
	printf '%s %s\n' "$1" "$m_pw" >> "$tmp/users"
	remember "$m_pw"
	if [ $# -ge 3 ]; then
		printf '%s\n' "$m_pw" | ctl user add --login "$1" --role "$2" \
		    --department "$dept_name" --name "$3"
	else
		printf '%s\n' "$m_pw" | ctl user add --login "$1" --role "$2" \
		    --department "$dept_name"
	fi > "$tmp/ctl.out" 2>&1
}
pw_of() { awk -v l="$1" '$1 == l { p = $2 } END { print p }' "$tmp/users"; }
uid_of() { sql "SELECT id FROM \`user\` WHERE login = '$1'"; }

# The routes of manyi-admin as src/admin/main.c declares them now.
sed -n 's/^[[:space:]]*{[[:space:]]*HTTP_\([A-Z]*\),[[:space:]]*"\([^"]*\)".*/\1 \2/p' \
    "$REPO/src/admin/main.c" > "$tmp/routes"
built() {	# built METHOD PATH (with <x> placeholders): in main.c?
	grep -qxF "$1 $(printf '%s' "$2" | sed 's/<[a-z]*>/*/g')" "$tmp/routes"
}

# form.py FILE ACTION [OP...]: the fields of the form posting to ACTION
# (a path; a form without action counts as posting to it), urlencoded,
# as a browser would submit them (disabled fields left out).  OPs: name=value (replace), +name=value
# (add), -name (drop), @password=value (every password input),
# ~part=v1,v2 (for the choice fields whose name contains part: choose the
# first of these values that is offered, nothing else), --list.
cat > "$tmp/form.py" <<'PY'
import sys, html.parser, urllib.parse
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True)
        s.forms, s.cur, s.sel, s.ta = [], None, None, None
    def handle_starttag(s, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            s.cur = {'action': a.get('action') or '', 'f': [], 'opts': []}
            s.forms.append(s.cur)
        elif s.cur is None:
            return
        elif 'disabled' in a and tag in ('input', 'select', 'textarea'):
            return
        elif tag == 'input':
            t, n = (a.get('type') or 'text').lower(), a.get('name')
            if not n or t in ('submit', 'button', 'image', 'reset', 'file'):
                return
            if t in ('checkbox', 'radio'):
                v = a.get('value') or 'on'
                s.cur['opts'].append((n, v))
                if 'checked' not in a:
                    return
                s.cur['f'].append([n, v, t])
            else:
                s.cur['f'].append([n, a.get('value') or '', t])
        elif tag == 'select':
            s.sel = {'n': a.get('name'), 'first': None, 'chosen': [],
                     'multi': 'multiple' in a}
        elif tag == 'option' and s.sel is not None:
            v = a.get('value') or ''
            s.cur['opts'].append((s.sel['n'], v))
            if s.sel['first'] is None:
                s.sel['first'] = v
            if 'selected' in a:
                s.sel['chosen'].append(v)
        elif tag == 'textarea':
            s.ta = [a.get('name'), '', 'textarea']
    def handle_data(s, d):
        if s.ta is not None:
            s.ta[1] += d
    def handle_endtag(s, tag):
        if tag == 'select' and s.sel is not None and s.cur is not None:
            ch = s.sel['chosen'] or ([] if s.sel['multi'] or s.sel['first'] is None else [s.sel['first']])
            for v in ch:
                s.cur['f'].append([s.sel['n'], v, 'select'])
            s.sel = None
        elif tag == 'textarea' and s.ta is not None:
            if s.cur is not None and s.ta[0]:
                s.cur['f'].append(s.ta)
            s.ta = None
        elif tag == 'form':
            s.cur = None
p = P()
p.feed(open(sys.argv[1], encoding='utf-8', errors='replace').read())
want = sys.argv[2]
forms = [f for f in p.forms if f['action'].split('?')[0] in (want, '')]
if not forms:
    sys.exit('no form posting to %s (forms: %s)' % (want, [f['action'] for f in p.forms]))
f, opts = forms[0]['f'], forms[0]['opts']
for op in sys.argv[3:]:
    if op == '--list':
        for n, v, t in f:
            print('%s\t%s\t%s' % (n, t, v))
        for n, v in opts:
            print('%s\toption\t%s' % (n, v))
        sys.exit(0)
    if op.startswith('-'):
        f = [x for x in f if x[0] != op[1:]]
    elif op.startswith('+'):
        n, v = op[1:].split('=', 1)
        f.append([n, v, 'added'])
    elif op.startswith('@password='):
        for x in f:
            if x[2] == 'password':
                x[1] = op[len('@password='):]
    elif op.startswith('~'):
        part, cands = op[1:].split('=', 1)
        names = {n for n, v in opts if part in n}
        f = [x for x in f if x[0] not in names]
        for c in cands.split(','):
            hit = [n for n, v in opts if n in names and v == c]
            if hit:
                f.append([hit[0], c, 'chosen'])
                break
        else:
            sys.exit('none of %s offered for *%s*: %s' % (cands, part, [o for o in opts if o[0] in names]))
    else:
        n, v = op.split('=', 1)
        f = [x for x in f if x[0] != n] + [[n, v, 'set']]
print(urllib.parse.urlencode([(n, v) for n, v, t in f]))
PY
form() { python3 "$tmp/form.py" "$@"; }

# ---- set-up ----
# Every test user belongs to an active department (the edit page needs
# one); <dept> in the matrix is that department.
dept_id=$(sql "SELECT MIN(id) FROM department WHERE active = 1")
dept_name=$(sql "SELECT name FROM department WHERE id = $dept_id")
# <survey> in the matrix: a throwaway draft survey (no questions) made
# for this run; pages of other surveys' states are tested by their own
# feature scripts.
survey_id=$(sql "INSERT INTO survey (slug, title_zh, title_en) VALUES ('t-access-$S', '访问测试 $S', 'Access test $S'); SELECT LAST_INSERT_ID()")
# Attempts left by earlier runs of this script must not throttle this one.
sql "DELETE FROM login_attempt WHERE login LIKE 't\\_%'" > /dev/null
setup_ok=yes
for role in $ROLES; do
	if ! mkuser "t_${role}_$S" "$role" "Test $role $S"; then
		setup_ok="$setup_ok; $role: $(cat "$tmp/ctl.out")"
	fi
done
XSS_NAME='<script>alert(1)</script>'
for u in victim:agent bf:agent tm:agent pw:agent fix:agent fixa:analyst \
    out:agent idle:agent deact:agent role:supervisor xss:agent; do
	if [ "${u%%:*}" = xss ]; then
		mkuser "t_xss_$S" agent "$XSS_NAME" || setup_ok="$setup_ok; xss: $(cat "$tmp/ctl.out")"
	else
		mkuser "t_${u%%:*}_$S" "${u#*:}" || setup_ok="$setup_ok; ${u%%:*}: $(cat "$tmp/ctl.out")"
	fi
done
if [ "$setup_ok" = yes ]; then
	ok "set-up: manyi-ctl creates one user per role and the test users"
else
	not_ok "set-up: manyi-ctl creates one user per role and the test users" "$setup_ok"
fi
mask=$(umask)
umask 077
cat > "$RUN/access-users.env" <<ENV
LOGIN=t_admin_$S
PASSWORD=$(pw_of "t_admin_$S")
XSS_LOGIN=t_xss_$S
XSS_PASSWORD=$(pw_of "t_xss_$S")
ENV
umask "$mask"
victim_id=$(uid_of "t_victim_$S")

bad=""
for role in $ROLES; do
	signin "t_${role}_$S" "$(pw_of "t_${role}_$S")" "$tmp/jar.$role" ||
	    bad="$bad $role:$(status_of "$tmp/si")"
done
get "$R" "$tmp/jar.anon" /admin/login
if [ -z "$bad" ]; then
	ok "set-up: one user per role signs in through the form (303)"
else
	not_ok "set-up: one user per role signs in through the form (303)" "failed:$bad"
fi

# ---- the permission matrix ----
# cell WHO METHOD PATH BODY: the status WHO gets (302 only if it leads to
# the sign-in page).
cell() {
	c_jar=$tmp/jar.$1
	if [ "$2" = GET ]; then
		get "$tmp/cell" "$c_jar" "$3"
	else
		c_tok=$(token "$c_jar")
		case $4 in
		-) c_body="_csrf=$c_tok" ;;
		form) c_body="_csrf=$c_tok&$(cat "$tmp/formbody")" ;;
		*) c_body="_csrf=$c_tok&$4" ;;
		esac
		post "$tmp/cell" "$c_jar" "$3" --data "$c_body"
	fi
	c_st=$(status_of "$tmp/cell")
	if [ "$c_st" = 302 ]; then
		c_loc=$(header "$tmp/cell" Location)
		case $c_loc in
		/admin/login\?next=*) ;;
		*) c_st="302 to '$c_loc'" ;;
		esac
	fi
	printf '%s' "$c_st"
	# A POST that ended the session (sign-out): sign in again.
	if [ "$2" = POST ] && [ "$1" != anon ] && ! signed_in "$c_jar"; then
		signin "t_${1}_$S" "$(pw_of "t_${1}_$S")" "$c_jar" ||
		    printf ' (and signing in again failed)'
	fi
}

exec 3< "$MATRIX"
while read -r method path e_anon e_admin e_sup e_agent e_am e_an body <&3; do
	case $method in ''|'#'*) continue ;; esac
	name="perm matrix: $method /admin$path (anon admin supervisor agent account_manager analyst: $e_anon $e_admin $e_sup $e_agent $e_am $e_an)"
	echo "$method $(printf '%s' "$path" | sed 's/<[a-z]*>/*/g')" >> "$tmp/matrix-routes"
	if ! built "$method" "$path"; then
		not_ok "$name" "not built yet: no route \"$method $(printf '%s' "$path" | sed 's/<[a-z]*>/*/g')\" in src/admin/main.c"
		continue
	fi
	real=/admin$(printf '%s' "$path" | sed "s/<id>/$victim_id/g;s/<dept>/$dept_id/g;s/<none>/0/g;s/<survey>/$survey_id/g")
	: > "$tmp/formbody"
	if [ "$method" = POST ] && [ "${body:-}" = form ]; then
		get "$tmp/formpage" "$tmp/jar.admin" "$real"
		if ! form "$tmp/formpage" "$real" -_csrf > "$tmp/formbody" 2>&1; then
			not_ok "$name" "the form of GET $real (as admin): $(cat "$tmp/formbody")"
			continue
		fi
	fi
	diff=""
	set -- $e_anon $e_admin $e_sup $e_agent $e_am $e_an
	for who in anon $ROLES; do
		got=$(cell "$who" "$method" "$real" "${body:--}")
		[ "$got" = "$1" ] || diff="$diff
$who: expected $1, got $got"
		shift
	done
	if [ -z "$diff" ]; then
		ok "$name"
	else
		not_ok "$name" "$real:$diff"
	fi
done
exec 3<&-
# The menu offers only what the role may open.
if built GET /users; then
	get "$R" "$tmp/jar.agent" /admin/
	check "menu: an agent's menu has no link to /admin/users" sh -c "! grep -q 'href=\"/admin/users\"' '$R'"
	get "$R" "$tmp/jar.admin" /admin/
	check "menu: an administrator's menu links to /admin/users" has "$R" 'href="/admin/users"'
fi
missing=$(grep -vxFf "$tmp/matrix-routes" "$tmp/routes")
if [ -z "$missing" ]; then
	ok "perm matrix: every route of src/admin/main.c has a line in perm_matrix.txt"
else
	not_ok "perm matrix: every route of src/admin/main.c has a line in perm_matrix.txt" \
	    "routes without a line: $missing"
fi

# ---- CSRF ----
A=$tmp/jar.agent
tok_agent=$(token "$A")
tok_an=$(token "$tmp/jar.analyst")
post "$R" "$A" /admin/logout --data ""
expect_status "csrf: sign-out without the token is 403" 403 "$R"
check "csrf: ... and the session is still valid" signed_in "$A"
hash0=$(sql "SELECT password_hash FROM \`user\` WHERE login = 't_agent_$S'")
pw=$(pw_of "t_agent_$S")
post "$R" "$A" /admin/password --data-urlencode "current=$pw" \
    --data "new=Changed-$S-1&confirm=Changed-$S-1"
expect_status "csrf: a password change without the token is 403" 403 "$R"
check "csrf: ... and the password is unchanged" test \
    "$(sql "SELECT password_hash FROM \`user\` WHERE login = 't_agent_$S'")" = "$hash0"
check "csrf: ... and the session is still valid" signed_in "$A"
post "$R" "$A" /admin/logout --data "_csrf=$tok_an"
expect_status "csrf: sign-out with another user's session token is 403" 403 "$R"
check "csrf: ... and the session is still valid" signed_in "$A"
post_bare "$R" "$A" /admin/logout --data "_csrf=$tok_agent" -H "Origin: http://evil.example"
expect_status "csrf: the right token from another Origin is 403" 403 "$R"
post_bare "$R" "$A" /admin/logout --data "_csrf=$tok_agent" -H "Origin: http://127.0.0.1:1"
expect_status "csrf: the right token from this host on another port is 403" 403 "$R"
post_bare "$R" "$A" /admin/logout --data "_csrf=$tok_agent" -H "Referer: http://evil.example/admin/"
expect_status "csrf: no Origin and a foreign Referer is 403" 403 "$R"
check "csrf: ... and the session is still valid" signed_in "$A"
get "$R" "$A" /admin/logout
expect_status "csrf: GET /admin/logout is 405 (a GET never changes state)" 405 "$R"
check "csrf: ... and the next GET is still signed in" signed_in "$A"
if built POST "/users/<id>/activate"; then
	sql "UPDATE \`user\` SET active = 0 WHERE id = $victim_id" > /dev/null
	get "$R" "$tmp/jar.admin" "/admin/users/$victim_id/activate"
	expect_status "csrf: GET /admin/users/<id>/activate is 405" 405 "$R"
	check "csrf: ... and the user stays inactive" test \
	    "$(sql "SELECT active FROM \`user\` WHERE id = $victim_id")" = 0
	sql "UPDATE \`user\` SET active = 1 WHERE id = $victim_id" > /dev/null
fi
for nx in //evil.example/ https://evil.example/; do
	rm -f "$tmp/jar.nx"
	post "$R" "$tmp/jar.nx" /admin/login --data "_csrf=$(token "$tmp/jar.nx")" \
	    --data-urlencode "login=t_fix_$S" --data-urlencode "password=$(pw_of "t_fix_$S")" \
	    --data-urlencode "next=$nx"
	loc=$(header "$R" Location)
	check "sign-in: next=$nx never leads off the site (Location '$loc')" \
	    sh -c "case '$loc' in ''|/[!/]*) exit 0 ;; *) exit 1 ;; esac"
done
rm -f "$tmp/jar.lc"
post "$R" "$tmp/jar.lc" /admin/login --data-urlencode "login=t_fix_$S" \
    --data-urlencode "password=$(pw_of "t_fix_$S")" --data "next=%2Fadmin%2F"
expect_status "csrf: signing in without the form's token is 403 (login CSRF)" 403 "$R"
check "csrf: ... and no session is started" test -z "$(set_session "$R")"

# ---- sessions ----
planted=$(rand 32)
plant "$tmp/jar.fx" "$planted"
signin "t_fix_$S" "$(pw_of "t_fix_$S")" "$tmp/jar.fx" "$R"
new=$(set_session "$R")
remember "$new"
check "fixation: a planted session id is replaced at sign-in" \
    sh -c "[ -n '$new' ] && [ '$new' != '$planted' ]"
check "fixation: the planted id is not valid afterwards (302)" test "$(code "$planted" /admin/)" = 302
check "fixation: ... and the new id is valid (200)" test "$(code "$new" /admin/)" = 200
# An attacker's own valid session, planted in the victim's browser.
signin "t_fixa_$S" "$(pw_of "t_fixa_$S")" "$tmp/jar.fa"
evil=$(jar_session "$tmp/jar.fa")
plant "$tmp/jar.fv" "$evil"
signin "t_fix_$S" "$(pw_of "t_fix_$S")" "$tmp/jar.fv" "$R"
new=$(set_session "$R")
check "fixation: an attacker's valid session id planted before sign-in is replaced" \
    sh -c "[ -n '$new' ] && [ '$new' != '$evil' ]"
check "fixation: ... and the planted id is ended (302), so it never shares the victim's session" \
    test "$(code "$evil" /admin/)" = 302
check "fixation: ... and the new session is the victim's" sh -c \
    "[ '$(code "$new" /admin/)' = 200 ] && grep -q 'id=\"user-name\">t_fix_$S<' '$tmp/code.out'"

signin "t_out_$S" "$(pw_of "t_out_$S")" "$tmp/jar.out" "$R"
old=$(jar_session "$tmp/jar.out")
cookie_line=$(tr -d '\r' < "$R" | grep -i '^set-cookie: manyi_session=')
check "cookie: the session cookie is HttpOnly" sh -c "printf '%s' '$cookie_line' | grep -q '; HttpOnly'"
check "cookie: the session cookie is SameSite=Lax" sh -c "printf '%s' '$cookie_line' | grep -q '; SameSite=Lax'"
check "cookie: the session id is 64 hex digits" sh -c "printf '%s' '$old' | grep -Eqx '[0-9a-f]{64}'"
check "storage: the session id itself is nowhere in table session" test \
    "$(sql "SELECT COUNT(*) FROM session WHERE CONCAT_WS(' ', id_hash, csrf, ip) LIKE '%$old%'")" = 0
check "storage: its SHA-256 is" test \
    "$(sql "SELECT COUNT(*) FROM session WHERE id_hash = '$(sha "$old")'")" = 1
post "$R" "$tmp/jar.out" /admin/logout --data "_csrf=$(token "$tmp/jar.out")"
expect_status "logout: POST /admin/logout with the token is 303" 303 "$R"
check "logout: ... to the sign-in page" test "$(header "$R" Location)" = /admin/login
check "logout: ... and the cookie is cleared" has "$R" "Set-Cookie: manyi_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
check "logout: the old session id reused is sent to sign in (302)" sh -c \
    "[ '$(code "$old" /admin/password)' = 302 ] && grep -qi '^location: /admin/login?next=/admin/password' '$tmp/code.hdr'"
check "logout: the session row is gone" test \
    "$(sql "SELECT COUNT(*) FROM session WHERE id_hash = '$(sha "$old")'")" = 0

# Idle and absolute lifetimes, by ageing the row.
signin "t_idle_$S" "$(pw_of "t_idle_$S")" "$tmp/jar.idle"
c=$(jar_session "$tmp/jar.idle")
h=$(sha "$c")
sql "UPDATE session SET last_seen_at = NOW() - INTERVAL 29 MINUTE WHERE id_hash = '$h'" > /dev/null
check "idle: a session idle for 29 minutes still works" test "$(code "$c" /admin/)" = 200
check "idle: ... and the visit renews it" test \
    "$(sql "SELECT TIMESTAMPDIFF(SECOND, last_seen_at, NOW()) < 60 FROM session WHERE id_hash = '$h'")" = 1
sql "UPDATE session SET last_seen_at = NOW() - INTERVAL 31 MINUTE WHERE id_hash = '$h'" > /dev/null
check "idle: after 31 minutes idle it is rejected (302)" test "$(code "$c" /admin/)" = 302
signin "t_idle_$S" "$(pw_of "t_idle_$S")" "$tmp/jar.idle"
c=$(jar_session "$tmp/jar.idle")
sql "UPDATE session SET expires_at = NOW() - INTERVAL 1 SECOND WHERE id_hash = '$(sha "$c")'" > /dev/null
check "absolute: past its 12 h lifetime a busy session is rejected (302)" test "$(code "$c" /admin/)" = 302

# A password change ends every session of the user and starts a new one.
u=t_pw_$S
pw=$(pw_of "$u")
signin "$u" "$pw" "$tmp/jar.pw1"
signin "$u" "$pw" "$tmp/jar.pw2"
old=$(jar_session "$tmp/jar.pw1")
other=$(jar_session "$tmp/jar.pw2")
newpw="Neu-$(rand 8)-pw"
remember "$newpw"
post "$R" "$tmp/jar.pw1" /admin/password --data "_csrf=$(token "$tmp/jar.pw1")" \
    --data-urlencode "current=$pw" --data-urlencode "new=$newpw" \
    --data-urlencode "confirm=$newpw"
expect_status "password change: POST /admin/password is 303" 303 "$R"
new=$(set_session "$R")
remember "$new"
check "password change: a fresh session id is set" sh -c "[ -n '$new' ] && [ '$new' != '$old' ]"
check "password change: the old cookie is rejected (302)" test "$(code "$old" /admin/)" = 302
check "password change: the session on another device is ended (302)" test "$(code "$other" /admin/)" = 302
check "password change: the new cookie works (200)" test "$(code "$new" /admin/password)" = 200
check "password change: the old password no longer signs in (401)" test "$(attempt "$u" "$pw")" = 401
check "password change: the new one does (303)" test "$(attempt "$u" "$newpw")" = 303
printf '%s %s\n' "$u" "$newpw" >> "$tmp/users"

# Deactivation: the page when it exists, else the column by hand.
attempt "t_fix_$S" "not-the-password" "$tmp/bf0" > /dev/null
u=t_deact_$S
uid=$(uid_of "$u")
signin "$u" "$(pw_of "$u")" "$tmp/jar.dx"
deact_page=""
if built POST "/users/<id>/deactivate"; then
	how="through POST /admin/users/<id>/deactivate"
	get "$tmp/dpage" "$tmp/jar.admin" "/admin/users/$uid/deactivate"
	check "deactivation: the confirmation page (GET) changes nothing" test \
	    "$(sql "SELECT active FROM \`user\` WHERE id = $uid")" = 1
	if fb=$(form "$tmp/dpage" "/admin/users/$uid/deactivate" -_csrf 2>&1); then
		post "$R" "$tmp/jar.admin" "/admin/users/$uid/deactivate" \
		    --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		expect_status "deactivation: the admin confirms on the page (303)" 303 "$R"
	else
		not_ok "deactivation: the admin confirms on the page (303)" "$fb"
	fi
	deact_page=yes
	check "deactivation: the page ended the user's sessions (no row left)" test \
	    "$(sql "SELECT COUNT(*) FROM session WHERE user_id = $uid")" = 0
else
	how="(set active=0 by SQL: POST /admin/users/<id>/deactivate is not built yet)"
	sql "UPDATE \`user\` SET active = 0 WHERE id = $uid" > /dev/null
fi
get "$R" "$tmp/jar.dx" /admin/password
expect_status "deactivation $how: the user's session is rejected at once (302)" 302 "$R"
check "deactivation $how: signing in fails (401)" test "$(attempt "$u" "$(pw_of "$u")" "$tmp/inactive")" = 401
m1=$(login_msg "$tmp/inactive")
check "deactivation: ... with the message of any wrong password" \
    test "$m1" = "$(login_msg "$tmp/bf0")"
check "deactivation: the column is 0" test "$(sql "SELECT active FROM \`user\` WHERE id = $uid")" = 0
if [ -n "$deact_page" ]; then
	post "$R" "$tmp/jar.admin" "/admin/users/$uid/activate" \
	    --data "_csrf=$(token "$tmp/jar.admin")"
	expect_status "reactivation: POST /admin/users/<id>/activate is 303" 303 "$R"
	get "$R" "$tmp/jar.dx" /admin/password
	expect_status "reactivation: the session from before the deactivation stays dead (302)" 302 "$R"
	check "reactivation: the user signs in again (303)" test "$(attempt "$u" "$(pw_of "$u")")" = 303
fi

# Losing a role takes the permission away at once.
u=t_role_$S
uid=$(uid_of "$u")
signin "$u" "$(pw_of "$u")" "$tmp/jar.ro"
if built POST "/users/<id>" && built GET /users; then
	get "$R" "$tmp/jar.ro" /admin/users
	expect_status "role removal: a supervisor sees /admin/users (200)" 200 "$R"
	get "$tmp/upage" "$tmp/jar.admin" "/admin/users/$uid"
	agent_id=$(sql "SELECT id FROM role WHERE code = 'agent'")
	if fb=$(form "$tmp/upage" "/admin/users/$uid" -_csrf "~role=$agent_id,agent" 2>&1); then
		post "$R" "$tmp/jar.admin" "/admin/users/$uid" \
		    --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		expect_status "role removal: the admin makes the supervisor an agent on the edit page (303)" 303 "$R"
	else
		not_ok "role removal: the admin makes the supervisor an agent on the edit page (303)" "$fb"
	fi
	check "role removal: the stored roles are now just agent" test \
	    "$(sql "SELECT GROUP_CONCAT(r.code) FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = $uid")" = agent
	# The page may also end the user's sessions: refused either way.
	get "$R" "$tmp/jar.ro" /admin/users
	st=$(status_of "$R")
	check "role removal (edit page): the user's next request for /admin/users is refused at once (403, or 302: sessions ended; got $st)" \
	    sh -c "[ '$st' = 403 ] || [ '$st' = 302 ]"
	signin "$u" "$(pw_of "$u")" "$tmp/jar.ro"
	get "$R" "$tmp/jar.ro" /admin/users
	expect_status "role removal (edit page): signed in again, users.view is gone (403)" 403 "$R"
	get "$R" "$tmp/jar.ro" /admin/
	expect_status "role removal (edit page): ... and the agent's system.view remains (200)" 200 "$R"
else
	get "$R" "$tmp/jar.ro" /admin/
	expect_status "role removal: the user sees the status page (200)" 200 "$R"
	sql "DELETE FROM user_role WHERE user_id = $uid" > /dev/null
	get "$R" "$tmp/jar.ro" /admin/
	expect_status "role removal (by SQL: the users edit page is not built yet): system.view is gone at once (403)" 403 "$R"
fi

# ---- login throttling ----
u=t_bf_$S
pw=$(pw_of "$u")
codes=""
i=1
while [ $i -le 5 ]; do
	codes="$codes $(attempt "$u" "wrong-$i-password" "$tmp/bf$i")"
	i=$((i + 1))
done
check "throttle: 5 wrong passwords for one account are 401 each" test "$codes" = " 401 401 401 401 401"
attempt "$u" "$pw" "$R" > /dev/null
expect_status "throttle: the 6th attempt, even with the right password, is 429" 429 "$R"
ra=$(header "$R" Retry-After)
check "throttle: ... with a Retry-After header (seconds)" sh -c "printf '%s' '$ra' | grep -Eqx '[1-9][0-9]*'"
check "throttle: ... and the page says why" has "$R" "尝试次数过多"
check "throttle: ... and no session is started" test -z "$(set_session "$R")"
attempt "t_nobody_$S" "wrong-password-0" "$tmp/unknown" > /dev/null
m1=$(login_msg "$tmp/bf1")
m2=$(login_msg "$tmp/unknown")
check "throttle: an unknown login is 401 too" test "$(status_of "$tmp/unknown")" = 401
check "throttle: the message for a wrong password and an unknown login is identical" \
    sh -c "[ -n '$m1' ] && [ '$m1' = '$m2' ]"
sql "UPDATE login_attempt SET at = at - INTERVAL 16 MINUTE WHERE login = '$u'" > /dev/null
check "throttle: after the 15-minute window the right password works (303)" test "$(attempt "$u" "$pw")" = 303

# ---- timing: an unknown login costs an argon2 verification too ----
tj=$tmp/jar.time
rm -f "$tj"
tt=$(token "$tj")
: > "$tmp/times"
for kind in known unknown known unknown known unknown; do
	if [ $kind = known ]; then l=t_tm_$S; else l=t_nobody_tm_$S; fi
	t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 20 -b "$tj" \
	    -H "Origin: $base" --data "_csrf=$tt" --data-urlencode "login=$l" \
	    --data "password=not-the-password" "$base/admin/login")
	echo "$kind $t" >> "$tmp/times"
done
check "timing: the six timed attempts were refused as wrong (401), not as forged (403)" \
    awk '$2 != 401 { print; bad = 1 } END { exit bad }' "$tmp/times"
check "timing: an unknown login is not faster than half a known login with a wrong password" \
    awk '$1 == "known" { k += $3 } $1 == "unknown" { u += $3 }
    END { printf "known %.3fs, unknown %.3fs (3 each)\n", k, u; exit !(u >= k / 2) }' "$tmp/times"
awk '$1 == "known" { k += $3 } $1 == "unknown" { u += $3 }
    END { printf "# timing: known %.3fs, unknown %.3fs (3 each)\n", k, u }' "$tmp/times"

# ---- least privilege at the database ----
denied() {	# denied ACCOUNT SQL: refused for lack of a privilege
	d_out=$(db "$1" "$2")
	case $d_out in
	*denied*) return 0 ;;
	*) printf '%s\n' "not refused: ${d_out:-no error}" "its grants:" \
	    "$(db "$1" "SHOW GRANTS" | grep '^GRANT' | grep -v 'IDENTIFIED BY')"
	   return 1 ;;
	esac
}
for acct in survey complaint; do
	for table in user session audit; do
		check "least privilege: manyi_$acct is refused SELECT on $table" \
		    denied "$acct" "SELECT COUNT(*) FROM \`$table\`"
	done
done
check "least privilege: manyi_admin reads the audit trail" db admin "SELECT COUNT(*) FROM audit"
check "least privilege: manyi_admin is refused UPDATE on audit" \
    denied admin "UPDATE audit SET action = action WHERE id = 0"
check "least privilege: manyi_admin is refused DELETE on audit" \
    denied admin "DELETE FROM audit WHERE id = 0"

# ---- stored XSS: a display name that is a script ----
X=$tmp/jar.xss
signin "t_xss_$S" "$(pw_of "t_xss_$S")" "$X"
xss_id=$(uid_of "t_xss_$S")
escaped() {	# escaped FILE: the name is there, escaped, and never raw
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$1" &&
	    ! grep -qF '<script>alert(1)' "$1"
}
for p in /admin/ /admin/password; do
	get "$R" "$X" "$p"
	check "xss: $p as the user shows the name escaped, never raw" escaped "$R"
done
attempt "x$S\"><script>alert(1)</script>" "wrong-password" "$R" > /dev/null
check "xss: a failed sign-in shows the login typed escaped, never raw" \
    sh -c "[ '$(status_of "$R")' = 401 ] && ! grep -qF '<script>alert(1)' '$R' && grep -qF '&lt;script&gt;alert(1)' '$R'"
for p in "/users" "/users/<id>" "/audit"; do
	real=/admin$(printf '%s' "$p" | sed "s/<id>/$xss_id/")
	# Lists are paged: filter them down to the rows that name the user.
	case $p in
	/users) real="$real?q=t_xss_$S" ;;
	/audit) real="$real?user=manyi-ctl&action=create" ;;
	esac
	if built GET "$p"; then
		get "$R" "$tmp/jar.admin" "$real"
		check "xss: GET /admin$p as admin (200) shows the name escaped, never raw" \
		    sh -c "[ '$(status_of "$R")' = 200 ] && grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' '$R' && ! grep -qF '<script>alert(1)' '$R'"
	else
		not_ok "xss: GET /admin$p as admin (200) shows the name escaped, never raw" \
		    "not built yet: no route \"GET $(printf '%s' "$p" | sed 's/<[a-z]*>/*/g')\" in src/admin/main.c"
	fi
done

# ---- the audit trail ----
acount() { sql "SELECT COUNT(*) FROM audit WHERE $1"; }
aid=$(uid_of "t_admin_$S")
check "audit: manyi-ctl user add wrote 'create' with the new values" test \
    "$(acount "entity = 'user' AND entity_id = $aid AND action = 'create' AND before_json IS NULL AND after_json LIKE '%\"login\":\"t_admin_$S\"%'")" -ge 1
check "audit: a sign-in wrote 'login' by that user" test \
    "$(acount "entity_id = $aid AND user_id = $aid AND action = 'login'")" -ge 1
check "audit: wrong passwords wrote 'login.failed' (5 for the throttled account)" test \
    "$(acount "login = 't_bf_$S' AND action = 'login.failed'")" -ge 5
check "audit: an unknown login wrote 'login.failed' under the name tried" test \
    "$(acount "login = 't_nobody_$S' AND action = 'login.failed' AND entity_id IS NULL")" -ge 1
check "audit: a throttled attempt wrote 'login.throttled'" test \
    "$(acount "login = 't_bf_$S' AND action = 'login.throttled'")" -ge 1
oid=$(uid_of "t_out_$S")
check "audit: sign-out wrote 'logout'" test \
    "$(acount "entity_id = $oid AND user_id = $oid AND action = 'logout'")" -ge 1
pid=$(uid_of "t_pw_$S")
check "audit: the password change wrote 'password.change' with an after value" test \
    "$(acount "entity_id = $pid AND action = 'password.change' AND after_json IS NOT NULL")" -ge 1
check "audit: no row holds a password hash" test \
    "$(acount "CONCAT_WS(' ', before_json, after_json) LIKE '%argon2%'")" = 0

# What the pages (when built) must write.
if built POST "/users/<id>"; then
	get "$tmp/upage" "$tmp/jar.admin" "/admin/users/$victim_id"
	fb=$(form "$tmp/upage" "/admin/users/$victim_id" -_csrf --list 2>&1 |
	    awk -F '\t' '$1 == "display_name" || $1 == "name" { print $1; exit }')
	if [ -n "$fb" ] && fb=$(form "$tmp/upage" "/admin/users/$victim_id" -_csrf \
	    "$fb=Renamed $S" 2>&1); then
		post "$R" "$tmp/jar.admin" "/admin/users/$victim_id" \
		    --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		expect_status "audit: the admin renames a user on the edit page (303)" 303 "$R"
	else
		not_ok "audit: the admin renames a user on the edit page (303)" "no display_name/name field: $fb"
	fi
	check "audit: the user update wrote before/after display_name" test \
	    "$(acount "entity = 'user' AND entity_id = $victim_id AND before_json LIKE '%\"display_name\":\"t_victim_$S\"%' AND after_json LIKE '%\"display_name\":\"Renamed $S\"%'")" -ge 1
else
	not_ok "audit: the user update wrote before/after display_name" \
	    "not built yet: no route \"POST /users/*\" in src/admin/main.c"
fi
if built POST "/users/<id>/password"; then
	# The reset form is on the user's edit page.
	signin "t_victim_$S" "$(pw_of "t_victim_$S")" "$tmp/jar.vi"
	get "$tmp/ppage" "$tmp/jar.admin" "/admin/users/$victim_id"
	rpw="Reset-$(rand 8)-pw"
	remember "$rpw"
	if fb=$(form "$tmp/ppage" "/admin/users/$victim_id/password" -_csrf "@password=$rpw" 2>&1); then
		post "$R" "$tmp/jar.admin" "/admin/users/$victim_id/password" \
		    --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		expect_status "audit: the admin resets a password on the page (303)" 303 "$R"
	else
		not_ok "audit: the admin resets a password on the page (303)" "$fb"
	fi
	check "audit: the reset wrote 'password.reset' (no hash, no password)" test \
	    "$(acount "entity_id = $victim_id AND action = 'password.reset' AND after_json IS NOT NULL AND CONCAT_WS(' ', before_json, after_json) NOT LIKE '%$rpw%'")" -ge 1
	get "$R" "$tmp/jar.vi" /admin/password
	expect_status "password reset: the user's session is ended (302)" 302 "$R"
	check "password reset: the old password no longer signs in (401)" \
	    test "$(attempt "t_victim_$S" "$(pw_of "t_victim_$S")")" = 401
	check "password reset: the user signs in with the new password (303)" \
	    test "$(attempt "t_victim_$S" "$rpw")" = 303
else
	not_ok "audit: the reset wrote 'password.reset'" \
	    "not built yet: no route \"POST /users/*/password\" in src/admin/main.c"
fi
did=$(uid_of "t_deact_$S")
if [ -n "$deact_page" ]; then
	check "audit: the deactivation wrote before/after (active 1 -> 0)" test \
	    "$(acount "entity = 'user' AND entity_id = $did AND action LIKE '%deactivat%' AND before_json IS NOT NULL AND after_json IS NOT NULL")" -ge 1
else
	not_ok "audit: the deactivation wrote before/after (active 1 -> 0)" \
	    "not built yet: no route \"POST /users/*/deactivate\" in src/admin/main.c"
fi
if built POST /roles; then
	an_id=$(sql "SELECT id FROM role WHERE code = 'analyst'")
	rp0=$(sql "SELECT COUNT(*) FROM role_permission")
	max0=$(sql "SELECT COALESCE(MAX(id), 0) FROM audit")
	get "$tmp/rpage" "$tmp/jar.admin" /admin/roles
	if fb=$(form "$tmp/rpage" /admin/roles -_csrf "+rp=$an_id:audit.view" 2>&1); then
		post "$R" "$tmp/jar.admin" /admin/roles --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		expect_status "audit: the admin grants analyst audit.view on /admin/roles (303)" 303 "$R"
		check "audit: the role permissions change wrote before/after" test \
		    "$(acount "id > $max0 AND entity LIKE 'role%' AND before_json IS NOT NULL AND after_json LIKE '%audit.view%'")" -ge 1
		fb=$(form "$tmp/rpage" /admin/roles -_csrf)
		post "$R" "$tmp/jar.admin" /admin/roles --data "_csrf=$(token "$tmp/jar.admin")&$fb"
		check "audit: ... and the matrix is back as it was" test \
		    "$(sql "SELECT COUNT(*) FROM role_permission")" = "$rp0"
	else
		not_ok "audit: the role permissions change wrote before/after" "$fb"
	fi
else
	not_ok "audit: the role permissions change wrote before/after" \
	    "not built yet: no route \"POST /roles\" in src/admin/main.c"
fi

# ---- throttling per address (last: it locks this address out) ----
# The throttle counts failures per REMOTE_ADDR (nginx gives 127.0.0.1).
sql "UPDATE login_attempt SET at = at - INTERVAL 16 MINUTE WHERE login LIKE '%$S%'" > /dev/null
ip=$(sql "SELECT ip FROM login_attempt WHERE login = 't_bf_$S' LIMIT 1")
n0=$(sql "SELECT COUNT(*) FROM login_attempt WHERE ip = '$ip' AND success = 0 AND at > NOW() - INTERVAL 15 MINUTE")
if [ -z "$ip" ] || [ "$n0" -ge 20 ]; then
	not_ok "throttle per address: 20 failures from one address, then 429" \
	    "address '$ip' has $n0 recent failures already"
else
	codes=""
	i=$((n0 + 1))
	while [ $i -le 20 ]; do
		codes="$codes$(attempt "t_nobody_${S}_$i" "wrong-password")"
		i=$((i + 1))
	done
	check "throttle per address: failures $((n0 + 1))-20 from $ip, each with a different unknown name, are 401" \
	    sh -c "[ -z \"\$(printf '%s' '$codes' | sed 's/401//g')\" ]"
	attempt "t_nobody_${S}_21" "wrong-password" "$R" > /dev/null
	expect_status "throttle per address: the 21st attempt from $ip is 429" 429 "$R"
	check "throttle per address: ... even a known account with the right password (429)" \
	    test "$(attempt "t_agent_$S" "$(pw_of "t_agent_$S")")" = 429
	sql "UPDATE login_attempt SET at = at - INTERVAL 16 MINUTE WHERE login LIKE '%$S%'" > /dev/null
	check "throttle per address: after the window the address signs in again (303)" \
	    test "$(attempt "t_agent_$S" "$(pw_of "t_agent_$S")")" = 303
fi

# ---- secrets stay out of the logs ----
for role in $ROLES; do remember "$(jar_session "$tmp/jar.$role")"; done
grep -E '^[0-9a-f]{64}$' "$secrets" | sort -u > "$tmp/sids"
grep -vE '^[0-9a-f]{64}$' "$secrets" | sort -u > "$tmp/pws"
check "secrets: the test used passwords and session ids" \
    sh -c "[ -s '$tmp/sids' ] && [ -s '$tmp/pws' ]"
check "secrets: no password appears in $RUN/log/*.log" \
    sh -c "! grep -rFf '$tmp/pws' '$RUN'/log/*.log"
check "secrets: no session id appears in $RUN/log/*.log" \
    sh -c "! grep -rFf '$tmp/sids' '$RUN'/log/*.log"
sql "SELECT CONCAT_WS(' ', login, before_json, after_json) FROM audit" > "$tmp/audit.txt"
check "secrets: no password or session id appears in the audit trail" \
    sh -c "! grep -Ff '$tmp/pws' '$tmp/audit.txt' && ! grep -Ff '$tmp/sids' '$tmp/audit.txt'"

finish
