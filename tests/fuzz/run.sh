#!/bin/sh
# Build the fuzz harnesses with libFuzzer, ASan and UBSan: form/cookie/
# validators (fuzz_form.c, seeds in corpus/) and multipart/form-data
# (fuzz_multipart.c, seeds in corpus_multipart/); run each on a copy of
# its seed corpus for half the time.
#
#   tests/fuzz/run.sh [SECONDS]       (default 30)
#
# BUILD names the configured build directory that holds config.h (the
# repository root by default, for an in-tree ./configure); CC the clang
# to use.  The last line is "fuzz: OK <N> runs" (both harnesses), or the
# script exits non-zero and keeps the crashing input and the log, naming
# both.
set -u

secs=${1:-30}
case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top}
CC=${CC:-clang}

if [ ! -f "$build/config.h" ]; then
	echo "fuzz: no config.h in $build: run ./configure there or set BUILD" >&2
	exit 2
fi
if ! command -v "$CC" > /dev/null 2>&1; then
	echo "fuzz: $CC not found (apt-get install clang libclang-rt-dev)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/manyi-fuzz.XXXXXX") || exit 2
keep=
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each harness: its source, its seed corpus folder, its share of the time.
# The parsers of form.c get half each, so the total stays SECONDS.
total=0
fuzz_one() {
	name=$1 corpus=$2 t=$3
	bin=$work/$name
	if ! "$CC" -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
	    -I "$top/src/core" -I "$build" -I "$top" \
	    -o "$bin" "$top/tests/fuzz/$name.c" "$top/src/core/form.c" \
	    "$top/src/core/csv.c" "$top/src/core/valid.c" \
	    "$top/src/core/arena.c" "$top/src/core/textfind.c"; then
		echo "fuzz: the harness $name does not build" >&2
		exit 1
	fi

	# Run on a copy: new inputs libFuzzer finds never land in the
	# repository.
	mkdir "$work/$name.corpus" "$work/$name.artifacts"
	cp "$top/tests/fuzz/$corpus/"* "$work/$name.corpus/"
	log=$work/$name.log
	{
		"$bin" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 \
		    -max_len=4096 -print_final_stats=1 \
		    -artifact_prefix="$work/$name.artifacts/" \
		    "$work/$name.corpus" 2>&1
		echo $? > "$work/rc"
	} | tee "$log" | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|invariant|^SUMMARY|^==[0-9]+=='
	rc=$(cat "$work/rc")

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -ne 0 ] || ls "$work/$name.artifacts/"* > /dev/null 2>&1; then
		keep=yes
		echo "fuzz: $name FAILED (libFuzzer exit $rc); log: $log" >&2
		for f in "$work/$name.artifacts/"*; do
			[ -f "$f" ] || continue
			echo "fuzz: reproducer: $f" >&2
			od -c "$f" | head -20 >&2
			echo "fuzz: rerun with: $bin $f" >&2
		done
		exit 1
	fi
	if [ -z "$runs" ]; then
		keep=yes
		echo "fuzz: $name FAILED: no run count in $log" >&2
		exit 1
	fi
	echo "fuzz: $name: $runs runs"
	total=$((total + runs))
}

half=$((secs / 2))
[ "$half" -ge 1 ] || half=1
fuzz_one fuzz_form corpus "$half"
fuzz_one fuzz_multipart corpus_multipart "$((secs - half > 0 ? secs - half : 1))"
echo "fuzz: OK $total runs"
