#!/bin/sh
# Benchmark (not a test): in one run, a page of the suite through nginx +
# FastCGI against nginx serving the same bytes as a static file.
#
#   bench/page.sh [PATH] [SECONDS] [CONNECTIONS]
#
# Needs a running stack (tools/run.sh, nginx on :8080 unless PORT is set)
# and wrk.  Prints req/s and p99 for both and the ratio.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
PATH_=${1:-/s/}
SECS=${2:-10}
CONNS=${3:-64}
PORT=${PORT:-8080}
SPORT=${SPORT:-19090}
dir=$(mktemp -d)
trap '[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")"; sleep 0.2; rm -rf "$dir"' EXIT

url=http://127.0.0.1:$PORT$PATH_
curl -fsS "$url" -o "$dir/page.html"
bytes=$(wc -c < "$dir/page.html")

# A second nginx, configured like the stack's, serving the page's bytes.
mkdir -p "$dir/www"
cp "$dir/page.html" "$dir/www/page.html"
cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $dir/t1; proxy_temp_path $dir/t2;
  fastcgi_temp_path $dir/t3; uwsgi_temp_path $dir/t4; scgi_temp_path $dir/t5;
  server {
    listen 127.0.0.1:$SPORT;
    location / { root $dir/www; }
  }
}
CONF
nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
sleep 0.3

run() {	# run URL → "req/s p99"
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$1" > "$dir/wrk.out" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$dir/wrk.out")
	p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.out")
	errs=$(awk '/Non-2xx|Socket errors/ { print }' "$dir/wrk.out")
	[ -n "$errs" ] && echo "  warning: $errs" >&2
	echo "$rps $p99"
}

echo "page $PATH_ ($bytes bytes), $CONNS connections, ${SECS}s each, $(nproc) cores"
set -- $(run "http://127.0.0.1:$SPORT/page.html")
srps=$1 sp99=$2
set -- $(run "$url")
prps=$1 pp99=$2
printf '%-28s %12s req/s  p99 %s\n' "nginx static file" "$srps" "$sp99"
printf '%-28s %12s req/s  p99 %s\n' "suite page $PATH_" "$prps" "$pp99"
awk -v a="$prps" -v b="$srps" 'BEGIN { printf "ratio: %.1f%% of static\n", 100 * a / b }'
