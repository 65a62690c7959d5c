#!/bin/sh
# Program tests: each FastCGI program run as a plain CGI program with an
# environment and a body, as a web server would.  No server, no database
# (it is configured to a socket that does not exist), so this runs in
# `make check` and `make distcheck`.
set -u
srcdir=${top_srcdir:-$(dirname "$0")/../..}
builddir=${top_builddir:-.}
. "$srcdir/tests/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/manyi.conf" <<CONF
[db]
socket = $tmp/no-such.sock
timeout = 1
[site]
hotline = 400-820-8820
CONF

# cgi OUT PROGRAM METHOD URI [VAR=VALUE ...] < body
cgi() {
	out=$1 prog=$2 method=$3 uri=$4
	shift 4
	env -i PATH="$PATH" MANYI_DATADIR="${MANYI_DATADIR:-$srcdir}" \
	    MANYI_CONF="$tmp/manyi.conf" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
	    GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$method" \
	    REQUEST_URI="$uri" SERVER_PROTOCOL=HTTP/1.1 HTTP_HOST=example.test \
	    REMOTE_ADDR=192.0.2.7 "$@" "$builddir/$prog" > "$out" 2> "$out.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "exit $rc" >> "$out"
		cat "$out.err" >> "$out"
	fi
}

body() { printf '%s' "$1" > "$tmp/body"; }
post() {	# post OUT PROG URI BODYFILE [VAR=VALUE ...]
	out=$1 prog=$2 uri=$3 file=$4
	shift 4
	cgi "$out" "$prog" POST "$uri" \
	    CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH="$(wc -c < "$file" | tr -d ' ')" "$@" < "$file"
}

R=$tmp/r
tok=0123456789abcdef0123456789abcdef

# ---- pages and headers ----
for p in survey:/s/ complaint:/c/; do
	prog=manyi-${p%%:*} uri=${p#*:}
	cgi "$R" "$prog" GET "$uri" < /dev/null
	expect_status "$prog home page answers 200" 200 "$R"
	check "$prog page is Chinese by default" has "$R" '<html lang="zh-CN">'
	check "$prog sends the CSP header" has "$R" \
	    "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'"
	check "$prog sends nosniff" has "$R" "X-Content-Type-Options: nosniff"
	check "$prog sends Referrer-Policy" has "$R" "Referrer-Policy: same-origin"
	check "$prog names the charset" has "$R" \
	    "Content-Type: text/html; charset=utf-8"
	check "$prog shows the hotline from the config" has "$R" "400-820-8820"
	check "$prog page carries a CSRF cookie" has "$R" "Set-Cookie: manyi_csrf="
done

cgi "$R" manyi-survey GET "/s/?lang=en" < /dev/null
check "?lang=en gives English" has "$R" '<html lang="en">'
check "?lang=en is remembered in a cookie" has "$R" "Set-Cookie: manyi_lang=en;"
cgi "$R" manyi-survey GET /s/ HTTP_COOKIE="manyi_lang=en" < /dev/null
check "the language cookie gives English" has "$R" "Customer satisfaction survey"
cgi "$R" manyi-survey GET /s/ HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9" < /dev/null
check "Accept-Language en gives English" has "$R" '<html lang="en">'
cgi "$R" manyi-survey GET /s/ HTTP_ACCEPT_LANGUAGE="fr-FR,zh-CN;q=0.5" < /dev/null
check "Accept-Language zh-CN gives Chinese" has "$R" "客户满意度调查"
cgi "$R" manyi-survey GET "/s/?lang=en" HTTP_COOKIE="manyi_lang=zh-CN" < /dev/null
check "?lang= wins over the cookie" has "$R" '<html lang="en">'

cgi "$R" manyi-survey HEAD /s/ < /dev/null
expect_status "HEAD answers 200" 200 "$R"
if [ "$(sed -n '/^\r*$/,$p' "$R" | wc -c)" -le 2 ]; then
	ok "HEAD has no body"
else
	not_ok "HEAD has no body" "$(head -c 300 "$R")"
fi

# ---- routing errors ----
cgi "$R" manyi-survey GET /s/no/such/page < /dev/null
expect_status "unknown path is 404" 404 "$R"
check "the 404 page says so in Chinese" has "$R" "找不到您要访问的页面"
cgi "$R" manyi-survey GET /elsewhere/ < /dev/null
expect_status "a path outside the mount is 404" 404 "$R"
cgi "$R" manyi-survey PUT /s/ < /dev/null
expect_status "PUT on a page is 405" 405 "$R"
check "405 names the allowed methods" has "$R" "Allow: GET, HEAD"
cgi "$R" manyi-survey BREW /s/ < /dev/null
expect_status "an unknown method is 405" 405 "$R"
cgi "$R" manyi-survey GET /s/lang < /dev/null
expect_status "GET on a POST-only route is 405" 405 "$R"
check "405 for a POST route allows POST" has "$R" "Allow: POST"

# ---- the database is down ----
cgi "$R" manyi-survey GET /s/healthz < /dev/null
expect_status "healthz without a database is 503" 503 "$R"
cgi "$R" manyi-admin GET /admin/ < /dev/null
expect_status "a database page without the database is 503" 503 "$R"
check "the 503 page explains in Chinese" has "$R" "系统暂时无法访问数据库"
check "the 503 page asks to retry" has "$R" "Retry-After: 2"
cgi "$R" manyi-feed GET /feed/ < /dev/null
expect_status "the feed without a database is 503" 503 "$R"

# ---- a real POST: the footer's language form ----
body "_csrf=$tok&lang=en&next=%2Fs%2F"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok" \
    HTTP_ORIGIN=http://example.test
expect_status "a valid POST redirects with 303" 303 "$R"
check "the POST sets the language" has "$R" "Set-Cookie: manyi_lang=en;"
check "the POST goes back where it came from" has "$R" "Location: /s/"

body "_csrf=$tok&lang=xx&next=%2Fs%2F"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "an invalid field value is 400" 400 "$R"
body "_csrf=$tok&lang=en&next=%2F%2Fevil.example"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "an off-site return address is refused" 400 "$R"

# ---- CSRF ----
body "lang=en"
post "$R" manyi-survey /s/lang "$tmp/body"
expect_status "POST without a CSRF token is 403" 403 "$R"
check "nothing was stored: no cookie set on 403" sh -c "! grep -q 'manyi_lang=' '$R'"
body "_csrf=$tok&lang=en"
post "$R" manyi-survey /s/lang "$tmp/body" \
    HTTP_COOKIE="manyi_csrf=ffffffffffffffffffffffffffffffff"
expect_status "POST with another token is 403" 403 "$R"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok" \
    HTTP_ORIGIN=http://evil.example
expect_status "POST from another origin is 403" 403 "$R"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok" \
    HTTP_REFERER=http://evil.example/page
expect_status "POST with a foreign Referer is 403" 403 "$R"

# ---- hostile and malformed input: clear 4xx, never a crash ----
body "_csrf=$tok&lang=en"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=-5 HTTP_COOKIE="manyi_csrf=$tok" < "$tmp/body"
expect_status "negative CONTENT_LENGTH is 400" 400 "$R"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=abc HTTP_COOKIE="manyi_csrf=$tok" < "$tmp/body"
expect_status "non-numeric CONTENT_LENGTH is 400" 400 "$R"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=999999999999999999999999 HTTP_COOKIE="manyi_csrf=$tok" < "$tmp/body"
expect_status "overflowing CONTENT_LENGTH is 400" 400 "$R"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=500 HTTP_COOKIE="manyi_csrf=$tok" < "$tmp/body"
expect_status "a body shorter than CONTENT_LENGTH is 400" 400 "$R"

head -c 1100000 /dev/zero | tr '\0' 'a' > "$tmp/big"
post "$R" manyi-survey /s/lang "$tmp/big" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "a body over 1 MiB is 413" 413 "$R"
check "the 413 page explains" has "$R" "提交的内容过大"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=5000000 HTTP_COOKIE="manyi_csrf=$tok" < /dev/null
expect_status "a declared length over the limit is 413" 413 "$R"

body "_csrf=$tok&lang=%FF%FE"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "invalid UTF-8 in a field is 400" 400 "$R"
body "_csrf=$tok&lang=en%00"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "%00 in a field is 400" 400 "$R"
body "_csrf=$tok&lang=%zz"
post "$R" manyi-survey /s/lang "$tmp/body" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "a broken %-escape is 400" 400 "$R"
awk 'BEGIN { printf "_csrf='"$tok"'&lang=en"; for (i = 0; i < 10000; i++) printf "&f%d=x", i }' > "$tmp/many"
post "$R" manyi-survey /s/lang "$tmp/many" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "10,000 fields is 400" 400 "$R"
awk 'BEGIN { printf "_csrf='"$tok"'&lang="; for (i = 0; i < 70000; i++) printf "a" }' > "$tmp/long"
post "$R" manyi-survey /s/lang "$tmp/long" HTTP_COOKIE="manyi_csrf=$tok"
expect_status "a 70 KB field is 400" 400 "$R"
body "_csrf=$tok&lang=en"
cgi "$R" manyi-survey POST /s/lang CONTENT_TYPE=text/plain \
    CONTENT_LENGTH="$(wc -c < "$tmp/body")" HTTP_COOKIE="manyi_csrf=$tok" < "$tmp/body"
expect_status "a body that is not a form is 415" 415 "$R"
cgi "$R" manyi-survey GET "/s/?q=%FF" < /dev/null
expect_status "invalid UTF-8 in the query is 400" 400 "$R"
cgi "$R" manyi-survey GET "/s/?q=a%00b" < /dev/null
expect_status "%00 in the query is 400" 400 "$R"
cgi "$R" manyi-survey GET /s/ HTTP_COOKIE="$(printf 'a=\001')" < /dev/null
expect_status "a control character in a cookie is 400" 400 "$R"
cgi "$R" manyi-survey GET "$(printf '/s/\377')" < /dev/null
expect_status "invalid UTF-8 in the path is 400" 400 "$R"

# ---- XSS: what a client sends comes back escaped ----
cgi "$R" manyi-survey GET "/s/no<script>alert(1)</script>" < /dev/null
check "a hostile path is not echoed raw" sh -c "! grep -q '<script>alert' '$R'"

# ---- command lines ----
for prog in manyi-survey manyi-complaint manyi-admin manyi-feed; do
	check "$prog --version" sh -c "'$builddir/$prog' --version | grep -q '^$prog '"
	if env MANYI_DATADIR="$srcdir" "$builddir/$prog" --config /nonexistent.conf \
	    > "$R" 2>&1 < /dev/null; then
		not_ok "$prog refuses a missing config file"
	else
		check "$prog names the missing config file" has "$R" "/nonexistent.conf"
	fi
done
if env MANYI_DATADIR=/nonexistent "$builddir/manyi-survey" > "$R" 2>&1 < /dev/null; then
	not_ok "a missing template folder stops the program"
else
	ok "a missing template folder stops the program"
fi
check "manyi-ctl version" sh -c "'$builddir/manyi-ctl' version | grep -q '^manyi-ctl '"
"$builddir/manyi-ctl" frobnicate > "$R" 2>&1
check "manyi-ctl rejects an unknown command" test $? -eq 2

finish
