#!/bin/sh
# Benchmark (not a test): the public survey program in one run.
#   1. GET /s/<slug> of a 10-question survey (8 ratings across the
#      dimensions, 1 NPS, 1 long text) against nginx serving the same
#      bytes as a static file (bench/page.sh), 64 connections;
#   2. POST /s/<slug>: valid answers, each validated and stored durably
#      (response + 10 answers in one transaction), counted as 303s by wrk
#      (bench/survey-post.lua) against the rows added.
#
#   bench/survey.sh [SECONDS] [CONNECTIONS]
#
# It uses its own stack (restarted for each part) with a plain optimised
# build, and an open link with the rate limit off (survey.rate_per_hour
# = 0) in that stack's database only:
#   BUILD (default REPO/build, the plain build tools/run.sh makes),
#   RUN (default REPO/run-bench), PORT (18132), APORT (18133),
#   THREADS (request threads per program, default the number of CPUs,
#   the same for both parts: submissions are stored by the survey
#   program's own two committer threads, so request threads never wait
#   on the database), POST_ONLY=1 to skip the page part.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-10}
CONNS=${2:-64}
BUILD=${BUILD:-$REPO/build}
RUN=${RUN:-$REPO/run-bench}
PORT=${PORT:-18132}
APORT=${APORT:-18133}
THREADS=${THREADS:-$(nproc)}
base=http://127.0.0.1:$PORT
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

stack() {	# stack THREADS: (re)start the stack with that many threads
	"$REPO/tools/stack.sh" restart --run "$RUN" --build "$BUILD" \
	    --port "$PORT" --apache "$APORT" --threads "$1" \
	    > "$dir/stack.log" 2>&1 || {
		cat "$dir/stack.log" >&2
		exit 1
	}
}
stack "$THREADS"
sql() { mariadb --no-defaults -S "$RUN/db.sock" -uroot manyi -N -B -e "$1"; }
# CPU time (ms) of the survey program, its database and nginx: per
# request, it says what the run would do on idle cores.
cpu_ms() {	# cpu_ms PID...: user + system time of the processes and threads
	for p in "$@"; do cat "/proc/$p/stat"; done 2>/dev/null |
	    awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { print int(t * 1000 / hz) }'
}

# ---- the survey ----
slug=bench-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
sid=$(sql "INSERT INTO survey (slug, status, title_zh, title_en, intro_zh,
    thanks_zh, min_seconds) VALUES ('$slug', 'active', '售后服务满意度调查',
    'After-sales satisfaction survey', '感谢您选择我们的服务。以下 10 个问题约需 3 分钟。',
    '感谢您的反馈！', 30); SELECT LAST_INSERT_ID();")
i=1
for dim in quality response aftersales value attitude efficiency quality response; do
	sql "INSERT INTO survey_question (survey_id, position, kind, required,
	    dimension, text_zh, help_zh) VALUES ($sid, $i, 'rating', 1, '$dim',
	    '您对我们第 $i 项服务的满意程度如何？', '请根据最近一次服务的体验作答。')"
	i=$((i + 1))
done
sql "INSERT INTO survey_question (survey_id, position, kind, required, text_zh)
    VALUES ($sid, 9, 'nps', 1, '您向朋友或同事推荐我们的可能性有多大？'),
    ($sid, 10, 'long', 0, '您还有什么意见或建议？')"
sql "UPDATE setting SET value = '0' WHERE name = 'survey.rate_per_hour'"
sleep 1.1	# the setting is re-read at most once a second

echo "# manyi-survey benchmark: $(nproc) cores, $THREADS request threads per program (+ 2 committers in manyi-survey), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. the page against a static copy ----
if [ -z "${POST_ONLY:-}" ]; then
	spid=$(cat "$RUN/pid/survey.pid")
	npids=$(pgrep -P "$(cat "$RUN/nginx.pid")" | tr '\n' ' ')
	c0s=$(cpu_ms "$spid"); c0n=$(cpu_ms $npids)
	PORT=$PORT SPORT=$((PORT + 7000)) sh "$REPO/bench/page.sh" "/s/$slug" \
	    "$SECS" "$CONNS" | tee "$dir/page.out"
	c1s=$(cpu_ms "$spid"); c1n=$(cpu_ms $npids)
	awk -v secs="$SECS" -v s=$((c1s - c0s)) -v x=$((c1n - c0n)) '
	    /^suite page/ { n = $(NF - 3) * secs }
	    END { if (n > 0) printf "CPU per page: manyi-survey %.0f us, nginx %.0f us\n", 1000 * s / n, 1000 * x / n }' "$dir/page.out"
fi

# ---- 2. submissions (a fresh stack: its CPU counters start at 0) ----
stack "$THREADS"
curl -fsS -c "$dir/jar" "$base/s/$slug" -o "$dir/form.html"
csrf=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$dir/form.html" | head -1)
st=$(sed -n 's/.*name="_st" value="\([0-9a-f.]*\)".*/\1/p' "$dir/form.html" | head -1)
body="_csrf=$csrf&_st=$st&website="
for q in $(sql "SELECT id, kind FROM survey_question WHERE survey_id = $sid ORDER BY position" | tr '\t' ':'); do
	id=${q%%:*}
	case ${q#*:} in
	rating) body="$body&q$id=$((id % 5 + 1))" ;;
	nps) body="$body&q$id=9" ;;
	long) body="$body&q$id=%E5%AE%89%E8%A3%85%E5%B8%88%E5%82%85%E5%BE%88%E4%B8%93%E4%B8%9A" ;;
	esac
done
# One POST by hand first: it must be a 303.
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$dir/jar" -H "Origin: $base" \
    --data "$body" "$base/s/$slug")
[ "$code" = 303 ] || { echo "a single POST answered $code, not 303" >&2; exit 1; }

spid=$(cat "$RUN/pid/survey.pid")
dpid=$(cat "$RUN/db.pid")
npids=$(pgrep -P "$(cat "$RUN/nginx.pid")" | tr '\n' ' ')
c0s=$(cpu_ms "$spid"); c0d=$(cpu_ms "$dpid"); c0n=$(cpu_ms $npids)
before=$(sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $sid")
commits() { sql "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_COMMIT'"; }
k0=$(commits)
BODY=$body COOKIE="manyi_csrf=$csrf" ORIGIN=$base wrk -t2 -c"$CONNS" \
    -d"${SECS}s" --latency -s "$REPO/bench/survey-post.lua" \
    "$base/s/$slug" > "$dir/wrk.out" 2>&1
sleep 1	# let the last in-flight requests finish
c1s=$(cpu_ms "$spid"); c1d=$(cpu_ms "$dpid"); c1n=$(cpu_ms $npids)
after=$(sql "SELECT COUNT(*) FROM survey_response WHERE survey_id = $sid")
k1=$(commits)
answers=$(sql "SELECT COUNT(*) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.survey_id = $sid")
n303=$(awk '$1 == "303:" { print $2 }' "$dir/wrk.out")
nother=$(awk '$1 == "other:" { print $2 }' "$dir/wrk.out")
rps=$(awk '/^Requests\/sec/ { print $2 }' "$dir/wrk.out")
p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.out")
added=$((after - before))
durable=$(sql "SELECT CONCAT('innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit, ', log_bin=', @@log_bin)")
printf '%-28s %12s req/s  p99 %s\n' "POST /s/$slug" "$rps" "$p99"
echo "303 answers: $n303, other answers: $nother, responses added: $added, answers added: $((answers - 10 * (before)))"
echo "stored durably: $durable; $((k1 - k0)) commits, $(awk -v n=$((after - before)) -v k=$((k1 - k0)) 'BEGIN { if (k > 0) printf "%.1f", n / k }') submissions per commit"
awk -v n="$added" -v s=$((c1s - c0s)) -v d=$((c1d - c0d)) -v x=$((c1n - c0n)) -v c="$(nproc)" 'BEGIN {
	if (n == 0) exit
	printf "CPU per submission: manyi-survey %.0f us, mariadbd %.0f us, nginx %.0f us; %d cores to themselves would allow about %.0f/s\n",
	    1000 * s / n, 1000 * d / n, 1000 * x / n, c, c * 1e6 / (1000 * (s + d + x) / n) }'

if [ "$nother" = 0 ] && [ "$added" -ge "$n303" ] && [ $((added - n303)) -le "$CONNS" ] &&
    [ "$answers" = $((10 * after)) ]; then
	echo "every 303 has its response; $((added - n303)) more were stored for requests still in flight when wrk stopped (at most one per connection); every response has its 10 answers"
else
	echo "MISMATCH: 303s $n303, non-303 $nother, responses added $added, answers $answers for $after responses"
fi
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
sql "UPDATE setting SET value = '20' WHERE name = 'survey.rate_per_hour'"
