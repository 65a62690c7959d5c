#!/bin/sh
# The README's test command: install what is missing, build with ASan and
# UBSan, start a private stack (MariaDB, the programs, nginx, Apache) on
# loopback from nothing, run every test layer, stop the stack, and end
# with one line "N passed, N failed".
#
#   tools/test.sh [--quick]     --quick skips distcheck and valgrind
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
quick=""
[ "${1:-}" = "--quick" ] && quick=yes

RUN=$REPO/run-test
BUILD=$REPO/build-san
PLAIN=$REPO/build
PORT=${MANYI_TEST_PORT:-18080}
APORT=${MANYI_TEST_APACHE_PORT:-18081}
LOGS=$RUN/test-logs
export REPO RUN BUILD PORT APORT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$REPO/tests/lsan.supp:print_suppressions=0

passed=0
failed=0
say() { printf '==> %s\n' "$*"; }

# count LAYER LOGFILE: add the log's assertions to the totals.
count() {
	p=$(grep -Ec '^ok - |:P:' "$2" 2>/dev/null)
	f=$(grep -Ec '^not ok - |:[FE]:' "$2" 2>/dev/null)
	passed=$((passed + p))
	failed=$((failed + f))
	say "$1: $p passed, $f failed"
	grep -E '^not ok - |:[FE]:' "$2" | head -30
}

# one LAYER LOG COMMAND...: a layer that is a single pass/fail step.
one() {
	layer=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		echo "ok - $layer" >> "$log"
	else
		echo "not ok - $layer" >> "$log"
		tail -40 "$log"
	fi
	count "$layer" "$log"
}

stop_stack() {
	"$REPO/tools/stack.sh" stop --run "$RUN" > /dev/null 2>&1 || true
}

say "installing what is missing"
"$REPO/tools/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

# A fresh stack: a test run never reuses an old database.
stop_stack
rm -rf "$RUN"
mkdir -p "$LOGS"
trap stop_stack EXIT INT TERM

say "building with ASan + UBSan in $BUILD"
[ -f "$REPO/config.status" ] && make -C "$REPO" distclean > /dev/null 2>&1
[ -x "$REPO/configure" ] || autoreconf -fi > "$LOGS/autoreconf.log" 2>&1
if ! { mkdir -p "$BUILD" && cd "$BUILD" &&
    { [ -f Makefile ] || "$REPO/configure" -q --enable-sanitizers; } &&
    make -j2 > "$LOGS/build-san.log" 2>&1; }; then
	tail -40 "$LOGS/build-san.log"
	echo "0 passed, 1 failed"
	exit 1
fi
cd "$REPO"
if grep -q 'warning:' "$LOGS/build-san.log"; then
	grep 'warning:' "$LOGS/build-san.log" | head
	echo "not ok - the build has compiler warnings" > "$LOGS/warnings.log"
else
	echo "ok - the build has no compiler warnings" > "$LOGS/warnings.log"
fi
count "compiler warnings" "$LOGS/warnings.log"

say "unit tests (Check) and program tests (CGI)"
make -C "$BUILD" check > "$LOGS/check.log" 2>&1
cat "$BUILD"/tests/unit/*.log "$BUILD"/tests/http/*.log > "$LOGS/make-check.log" 2>/dev/null
grep -q '^# FAIL: *0$' "$LOGS/check.log" || tail -20 "$LOGS/check.log"
count "unit + CGI" "$LOGS/make-check.log"

say "database layer against a throwaway MariaDB (Check)"
sh "$REPO/tests/db/run.sh" "$BUILD" > "$LOGS/db.log" 2>&1 ||
    grep -q ':[FE]:' "$LOGS/db.log" || echo "not ok - the database tests ran" >> "$LOGS/db.log"
count "database layer" "$LOGS/db.log"

say "starting the stack: MariaDB, programs, nginx :$PORT, Apache :$APORT"
if ! "$REPO/tools/stack.sh" start --run "$RUN" --build "$BUILD" --port "$PORT" \
    --apache "$APORT" --demo > "$LOGS/stack-start.log" 2>&1; then
	tail -40 "$LOGS/stack-start.log"
	echo "not ok - the stack starts" >> "$LOGS/stack-start.log"
else
	echo "ok - the stack starts from nothing" >> "$LOGS/stack-start.log"
fi
count "stack start" "$LOGS/stack-start.log"

say "stack tests through nginx and Apache"
sh "$REPO/tests/http/stack.sh" > "$LOGS/stack.log" 2>&1
count "stack" "$LOGS/stack.log"

say "access control: permissions, CSRF, sessions, throttling, audit"
sh "$REPO/tests/http/access.sh" > "$LOGS/access.log" 2>&1
count "access" "$LOGS/access.log"

# Each feature's stack tests: tests/http/feature-*.sh, a layer each.
for t in "$REPO"/tests/http/feature-*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	say "stack tests: ${name#feature-}"
	sh "$t" > "$LOGS/$name.log" 2>&1
	grep -q '^# [0-9]* passed' "$LOGS/$name.log" ||
	    echo "not ok - $name ran to the end" >> "$LOGS/$name.log"
	count "${name#feature-}" "$LOGS/$name.log"
done

if [ -f "$REPO/tests/browser/smoke.mjs" ]; then
	say "browser test (headless Chromium)"
	BASE=http://127.0.0.1:$PORT SHOTS=$RUN/screenshots LOGIN=admin \
	    PASSWORD=$(sed -n 's/^demo_admin=//p' "$RUN/secrets") \
	    node "$REPO/tests/browser/smoke.mjs" > "$LOGS/browser.log" 2>&1 ||
	    echo "not ok - the browser test ran to the end" >> "$LOGS/browser.log"
	count "browser" "$LOGS/browser.log"
fi

if [ -f "$REPO/tests/browser/access.mjs" ]; then
	say "browser access test (headless Chromium)"
	# The users access.sh created: LOGIN, PASSWORD, XSS_LOGIN, XSS_PASSWORD.
	( set -a; . "$RUN/access-users.env"; set +a
	  BASE=http://127.0.0.1:$PORT SHOTS=$RUN/screenshots \
	      node "$REPO/tests/browser/access.mjs" ) > "$LOGS/browser-access.log" 2>&1 ||
	    echo "not ok - the browser access test ran to the end" >> "$LOGS/browser-access.log"
	count "browser access" "$LOGS/browser-access.log"
fi

if [ -f "$REPO/tests/browser/customers.mjs" ]; then
	say "browser customer test (headless Chromium)"
	BASE=http://127.0.0.1:$PORT SHOTS=$RUN/screenshots LOGIN=admin \
	    PASSWORD=$(sed -n 's/^demo_admin=//p' "$RUN/secrets") \
	    node "$REPO/tests/browser/customers.mjs" > "$LOGS/browser-customers.log" 2>&1 ||
	    echo "not ok - the browser customer test ran to the end" >> "$LOGS/browser-customers.log"
	count "browser customers" "$LOGS/browser-customers.log"
fi

# Each feature's browser test: tests/browser/feature-*.mjs, signed in as
# the demo administrator.
for t in "$REPO"/tests/browser/feature-*.mjs; do
	[ -f "$t" ] || continue
	name=browser-$(basename "$t" .mjs)
	say "browser test: ${name#browser-feature-} (headless Chromium)"
	BASE=http://127.0.0.1:$PORT SHOTS=$RUN/screenshots LOGIN=admin \
	    PASSWORD=$(sed -n 's/^demo_admin=//p' "$RUN/secrets") \
	    node "$t" > "$LOGS/$name.log" 2>&1 ||
	    echo "not ok - $name ran to the end" >> "$LOGS/$name.log"
	count "${name#browser-feature-} (browser)" "$LOGS/$name.log"
done

say "fuzzing the parsers (bounded)"
one "fuzz: form, cookie and validator parsers" "$LOGS/fuzz.log" \
    sh "$REPO/tests/fuzz/run.sh" "${MANYI_FUZZ_SECONDS:-30}"

if [ -z "$quick" ]; then
	say "valgrind: no leak in the request loop"
	if { mkdir -p "$PLAIN" && cd "$PLAIN" &&
	    { [ -f Makefile ] || "$REPO/configure" -q; } &&
	    make -j2 > "$LOGS/build.log" 2>&1; }; then
		cd "$REPO"
		sh "$REPO/tests/http/valgrind.sh" > "$LOGS/valgrind.log" 2>&1
		count "valgrind" "$LOGS/valgrind.log"
	else
		cd "$REPO"
		one "plain build for valgrind" "$LOGS/build.log" false
	fi
	say "make distcheck"
	one "make distcheck" "$LOGS/distcheck.log" make -C "$PLAIN" distcheck
fi

stop_stack
# The programs have exited: a leak or an error the sanitizers found in
# any request (reported to the program's log) fails the run.
say "sanitizer reports in the programs' logs"
one "no ASan, LSan or UBSan report in the programs' logs" \
    "$LOGS/sanitizer.log" sh -c "! grep -E -A20 \
    'ERROR: (Address|Leak)Sanitizer|runtime error:' '$RUN'/log/*.log"
trap - EXIT INT TERM
echo "logs: $LOGS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
