#!/bin/sh
# valgrind: no leak and no memory error in the request loop.  A plain
# (non-sanitizer) build of manyi-survey and manyi-admin serves a few
# hundred requests of every kind over FastCGI under valgrind, then gets
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
