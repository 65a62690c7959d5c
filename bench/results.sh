#!/bin/sh
# Benchmark (not a test): the survey results pages at a given size.
# Makes (once) a generated survey of N responses over a year with
# manyi-ctl survey-demo --slug bench-N (cleaned, so its answers are
# packed), then asks each results page REPEAT times through nginx as the
# demo administrator and prints min / median / max seconds per page.
#
#   bench/results.sh [N] [REPEAT]        (defaults 100000 and 5)
#
# It uses a running stack started with --demo (tools/stack.sh):
#   REPO (checkout, default this one), RUN, BUILD, PORT (nginx).
set -eu
REPO=${REPO:-$(cd "$(dirname "$0")/.." && pwd)}
N=${1:-100000}
REPEAT=${2:-5}
: "${RUN:?RUN: the stack's run folder}" "${BUILD:?BUILD: its build folder}"
: "${PORT:?PORT: its nginx port}"
base=http://127.0.0.1:$PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sql() { mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1"; }

slug=bench-$N
sid=$(sql "SELECT id FROM survey WHERE slug = '$slug'")
if [ -z "$sid" ]; then
	echo "generating $N responses (slug $slug) ..."
	start=$(date +%s)
	MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$RUN/manyi.conf" \
	    survey-demo --slug "$slug" --responses "$N" --seed 7
	echo "generated and cleaned in $(( $(date +%s) - start )) s"
	sid=$(sql "SELECT id FROM survey WHERE slug = '$slug'")
fi
jar=$tmp/jar
curl -s -c "$jar" -b "$jar" "$base/admin/login" > "$tmp/login"
tok=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/login" | head -1)
curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" \
    --data "_csrf=$tok&login=admin" \
    --data-urlencode "password=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" \
    "$base/admin/login"
echo "survey $sid: $(sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $sid") responses; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for p in results "results?tier=core" "results?channel=email" \
    "results?from=$(date -u -d '-90 days' +%F)&to=$(date -u +%F)" \
    "results?q=%E5%94%AE%E5%90%8E" responses "responses?state=marked&page=50" \
    "responses.csv?state=all"; do
	i=0
	: > "$tmp/t"
	while [ $i -lt "$REPEAT" ]; do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" \
		    "$base/admin/surveys/$sid/$p" >> "$tmp/t"
		i=$((i + 1))
	done
	if grep -qv '^200 ' "$tmp/t"; then
		echo "$p: not all 200: $(cut -d' ' -f1 "$tmp/t" | tr '\n' ' ')"
		continue
	fi
	cut -d' ' -f2 "$tmp/t" | sort -n | awk -v p="$p" '{ v[NR] = $1 }
	    END { printf "%-48s min %.3f  median %.3f  max %.3f s\n", p, v[1],
	    v[int((NR + 1) / 2)], v[NR] }'
done
