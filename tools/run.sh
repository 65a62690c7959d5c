#!/bin/bash
# Run Manyi locally, from a fresh checkout, in one command:
#   tools/run.sh [stack options]   install what is missing (tools/deps.sh),
#                                  build into build/, start the private
#                                  stack with demo data
#   tools/run.sh stop              stop it (same as tools/stack.sh stop)
#   tools/run.sh status            what runs
# Stack options (passed to tools/stack.sh start): --port N (default 8080),
# --apache N, --threads N, --run DIR.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$REPO/build

say() { printf 'run: %s\n' "$*"; }
die() { printf 'run: error: %s\n' "$*" >&2; exit 1; }

case ${1:-} in
stop|status)
	exec "$REPO/tools/stack.sh" "$@"
	;;
-h|--help)
	sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac

"$REPO/tools/deps.sh"

# ---- build (out of tree, in build/) ----
cd "$REPO"
if [ ! -x configure ]; then
	say "autoreconf -fi"
	autoreconf -fi >/tmp/manyi-autoreconf.log 2>&1 || {
		tail -n 30 /tmp/manyi-autoreconf.log >&2
		die "autoreconf failed (log: /tmp/manyi-autoreconf.log)"
	}
fi
if [ ! -f "$BUILD/Makefile" ]; then
	# configure refuses an out-of-tree build while the source tree itself
	# is configured; "make distclean" undoes an in-tree configure.
	if [ -f "$REPO/config.status" ]; then
		say "the source tree is configured in place: make distclean there first"
		make -C "$REPO" distclean >/tmp/manyi-distclean.log 2>&1 || {
			tail -n 20 /tmp/manyi-distclean.log >&2
			die "make distclean failed; remove $REPO/config.status by hand"
		}
	fi
	say "configure (in build/)"
	mkdir -p "$BUILD"
	(cd "$BUILD" && ../configure -q) || {
		tail -n 30 "$BUILD/config.log" >&2
		die "configure failed (log: $BUILD/config.log)"
	}
fi
say "make -j2 (in build/)"
make -C "$BUILD" -j2 >/tmp/manyi-make.log 2>&1 || {
	grep -E 'error|Error' /tmp/manyi-make.log | head -n 30 >&2 || true
	tail -n 20 /tmp/manyi-make.log >&2
	die "build failed (log: /tmp/manyi-make.log)"
}

# ---- the stack ----
"$REPO/tools/stack.sh" start --demo --build "$BUILD" "$@"

port=8080
apache=
rundir=run
prev=
for a in "$@"; do
	case $prev in
	--port) port=$a ;;
	--apache) apache=$a ;;
	--run) rundir=$a ;;
	esac
	case $a in
	--run=*) rundir=${a#*=} ;;
	--port=*) port=${a#*=} ;;
	--apache=*) apache=${a#*=} ;;
	esac
	prev=$a
done
cat <<EOF

Manyi is running:
  http://127.0.0.1:$port/s/       surveys (public)
  http://127.0.0.1:$port/c/       complaints (public)
  http://127.0.0.1:$port/admin/   administration (intranet)
  http://127.0.0.1:$port/feed/    XML feed for other systems
EOF
[ -z "$apache" ] || echo "  (the same through Apache: http://127.0.0.1:$apache/s/ ...)"
case $rundir in /*) rdir=$rundir ;; *) rdir=$REPO/$rundir ;; esac
pw=$(sed -n 's/^demo_admin=//p' "$rdir/secrets" 2>/dev/null)
[ -n "$pw" ] && echo "Demo administrator: login admin, password $pw
Other demo staff, same password: zhang.wei and li.na (account managers),
  wang.fang (supervisor), liu.yang (agent), chen.jing (analyst)"

stopcmd="tools/run.sh stop"
[ "$rundir" = run ] || stopcmd="$stopcmd --run $rundir"
echo "Logs: $rundir/log/    Stop: $stopcmd  (= tools/stack.sh stop)"
