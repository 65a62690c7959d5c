#!/bin/sh
# Tests of the MariaDB layer (src/core/db.c) against a live server.
#
#   tests/db/run.sh BUILD_DIR [SOCKET]
#
# Compiles tests/db/check_db.c against BUILD_DIR/libmanyi.a (built
# beforehand), and runs it against the MariaDB server listening on
# SOCKET, as root without a password; without SOCKET, it starts a
# throwaway server of its own in a temporary directory (as root) and
# removes it afterwards.  The tests create and drop their own database,
# manyi_dbtest.  Check's verbose output: one "file:line:P:..." line per
# passing test, ":F:" or ":E:" for a failure.  Exits non-zero on any
# failure.
set -u

usage() {
	echo "usage: $0 BUILD_DIR [SOCKET]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: no directory $1" >&2; exit 2; }
socket=${2:-}

if [ ! -f "$build/libmanyi.a" ]; then
	echo "$0: $build/libmanyi.a is missing: build the core first" >&2
	exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/manyi-dbtest.XXXXXX") || exit 2
dbpid=

cleanup() {
	if [ -n "$dbpid" ]; then
		mariadb-admin --no-defaults -S "$T/db.sock" -uroot \
		    shutdown >/dev/null 2>&1
		i=0
		while kill -0 "$dbpid" 2>/dev/null && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if kill -0 "$dbpid" 2>/dev/null; then
			kill "$dbpid" 2>/dev/null
			sleep 1
			kill -9 "$dbpid" 2>/dev/null
		fi
		dbpid=
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Compile, with the build's sanitizer flags if it has any.
san=$(sed -n 's/^SAN_FLAGS *= *//p' "$build/Makefile" 2>/dev/null | head -n 1)
case $san in
*-fsanitize*)	;;
*)		san= ;;
esac
pkgs="check libmariadb libctemplate fcgi libxml-2.0"
deps=$(pkg-config --cflags --libs $pkgs) || {
	echo "$0: pkg-config $pkgs failed" >&2
	exit 2
}
# shellcheck disable=SC2086
if ! cc -std=gnu11 -g -O1 -Wall -Wextra $san \
    -I"$repo/src/core" -I"$repo/src" -I"$build" \
    -o "$T/check_db" "$here/check_db.c" \
    "$build/libmanyi.a" $deps -lpthread -lstdc++ -lm; then
	echo "$0: cannot compile check_db.c" >&2
	exit 1
fi

if [ -z "$socket" ]; then
	if ! mariadb-install-db --no-defaults --datadir="$T/db" --user=root \
	    --auth-root-authentication-method=normal --skip-test-db \
	    >"$T/install.log" 2>&1; then
		cat "$T/install.log" >&2
		echo "$0: mariadb-install-db failed" >&2
		exit 1
	fi
	mariadbd --no-defaults --user=root --datadir="$T/db" \
	    --socket="$T/db.sock" --pid-file="$T/db.pid" \
	    --log-error="$T/db.err" --skip-networking >/dev/null 2>&1 &
	dbpid=$!
	i=0
	until mariadb-admin --no-defaults -S "$T/db.sock" -uroot ping \
	    >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -ge 300 ] || ! kill -0 "$dbpid" 2>/dev/null; then
			cat "$T/db.err" >&2 2>/dev/null
			echo "$0: the server did not start" >&2
			exit 1
		fi
		sleep 0.1
	done
	socket=$T/db.sock
fi

if [ -n "$san" ]; then
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
	LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$repo/tests/lsan.supp:print_suppressions=0}
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi

start=$(date +%s)
CK_VERBOSITY=verbose MANYI_TEST_DB_SOCKET=$socket "$T/check_db"
rc=$?
echo "# check_db: exit $rc in $(( $(date +%s) - start )) s"
exit $rc
