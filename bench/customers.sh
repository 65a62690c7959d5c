#!/bin/sh
# Server time of the customer list and its neighbours on a running stack.
#
#   PORT=38080 RUN=/work/main/run-demo [N=5] [ONLY=regex] sh bench/customers.sh
#
# Signs in as the demo administrator, requests each URL N times in turn
# and prints the minimum, median and maximum server time of each, read
# from the program's log lines ("<status> <N>us <user>"), not wall time.
# ONLY keeps the URLs matching an extended regular expression.
# Times over 100 ms are marked with "!".  Meant for a database of about
# 100,000 customers (manyi-ctl generate --customers 100000 ...).
set -u
: "${PORT:?PORT: the stack's nginx port}" "${RUN:?RUN: the stack's run directory}"
N=${N:-5}
LIMIT_US=${LIMIT_US:-100000}
base="http://127.0.0.1:$PORT"
log="$RUN/log/admin.log"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

signin() {
	curl -s -c "$tmp/jar" -b "$tmp/jar" "$base/admin/login" > "$tmp/login.html"
	t=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/login.html" | head -1)
	curl -s -o /dev/null -w '%{http_code}' -c "$tmp/jar" -b "$tmp/jar" \
	    -H "Origin: $base" --data-urlencode "_csrf=$t" \
	    --data-urlencode "login=admin" \
	    --data-urlencode "password=$(sed -n 's/^demo_admin=//p' "$RUN/secrets")" \
	    "$base/admin/login"
}
[ "$(signin)" = 303 ] || { echo "bench: cannot sign in" >&2; exit 1; }

# Values the filters need, from a list page.
curl -s -b "$tmp/jar" "$base/admin/customers" > "$tmp/list.html"
owner=$(sed -n 's/.*<option value="\([0-9][0-9]*\)".*/\1/p' "$tmp/list.html" | tail -1)
cust=$(sed -n 's/.*href="[^"]*\/admin\/customers\/\([0-9][0-9]*\)".*/\1/p' "$tmp/list.html" | head -1)
: "${owner:=1}" "${cust:=1}"
industry=$(printf '%s' '物流' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
name=$(printf '%s' '海燕' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
# Rare texts: a full name and a person, a phone number with a dash (the
# text and its digits both looked for).
full=$(printf '%s' '瑞丰商贸有限公司' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
person=$(printf '%s' '周思远' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')

deep=1500	# page 1,500 of 50: offset 74,950 (a search: page 20)
urls=""
for s in code name due health updated; do
	urls="$urls /admin/customers?sort=$s /admin/customers?sort=$s&page=$deep"
done
for f in tier=core tier=basic value_tag=high stage=signed owner=$owner \
    industry=$industry tag=vip low=1 unreviewed=1 \
    "tier=basic&stage=signed" "low=1&unreviewed=1" "owner=$owner&low=1"; do
	for s in code name health updated; do
		urls="$urls /admin/customers?$f&sort=$s"
		urls="$urls /admin/customers?$f&sort=$s&page=$deep"
	done
done
# Text search: everything matches, a thousand, a name (5%), part of a
# mobile, nothing; combined with filters; every sort; deep pages.
for q in KH2026 KH202650 "$name" 1333200 "$name&tier=core" zzzz \
    "$full" "$person" 133-3200 "$person&tier=basic" \
    "$name&owner=$owner" "$name&low=1" "KH2026&tier=basic" \
    "KH2026&stage=signed&unreviewed=1"; do
	urls="$urls /admin/customers?q=$q /admin/customers?q=$q&sort=name&page=20"
done
# Broad searches (more than 5,000 matches, migration 0019): one
# character (6,400), 11,100 codes (together in code order), a company
# suffix in 85% of the customers; alone and with a filter.
one=$(printf '%s' '王' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
ltd=$(printf '%s' '有限公司' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
for q in "$one" "$one&tier=basic" KH20265 "KH20265&stage=signed" "$ltd" \
    "$ltd&tier=basic"; do
	urls="$urls /admin/customers?q=$q /admin/customers?q=$q&sort=name&page=100"
done
for s in code due health updated; do
	urls="$urls /admin/customers?q=$name&sort=$s"
	urls="$urls /admin/customers?q=KH2026&sort=$s&page=$deep"
done
# The middle page (page 1,500 of a filtered list is its last page, which
# is read from the end): filter pairs and triples, a search with them.
mid() {	# mid QUERY: the middle page of the list QUERY selects
	curl -s -b "$tmp/jar" "$base/admin/customers?$1" |
	    sed -n 's/.* \([0-9][0-9]*\) \/ \([0-9][0-9]*\) .*/\2/p' | head -1 |
	    awk '{ print int(($1 + 1) / 2) }'
}
for f in sort=name "tier=basic&stage=signed" "low=1&unreviewed=1" \
    "owner=$owner&stage=signed" "tier=basic&stage=signed&unreviewed=1" \
    "value_tag=normal&owner=$owner&unreviewed=1" "q=$name&owner=$owner" \
    "q=KH2026&tier=basic"; do
	pm=$(mid "$f")
	for s in code name health updated; do
		urls="$urls /admin/customers?$f&sort=$s&page=${pm:-1}"
	done
done
# The KPI page: this month (default), a closed month, a whole year.
y=$(date -u +%Y)
urls="$urls /admin/customers/$cust /admin/kpi"
urls="$urls /admin/kpi?from=$y-01-01&to=$y-01-31"
urls="$urls /admin/kpi?from=$((y - 1))-12-01&to=$y-11-30"
urls="$urls /admin/segments"
if [ -n "${ONLY:-}" ]; then
	urls=$(for u in $urls; do echo "$u"; done | grep -E -- "$ONLY")
fi

printf '%-70s %9s %9s %9s\n' URL min_ms median_ms max_ms
over=0
for u in $urls; do
	start=$(wc -c < "$log")
	i=0
	while [ "$i" -lt "$N" ]; do
		curl -s -o /dev/null -b "$tmp/jar" "$base$u"
		i=$((i + 1))
	done
	sleep 0.2
	path=${u%%\?*}
	tail -c +"$((start + 1))" "$log" |
	    awk -v p="$path" '$3 == "manyi-admin" && $4 == "GET" &&
	    $5 == p && $(NF-1) ~ /^[0-9]+us$/ {
		v = $(NF-1); sub(/us$/, "", v); print v }' |
	    sort -n > "$tmp/t"
	n=$(wc -l < "$tmp/t")
	if [ "$n" -eq 0 ]; then
		printf '%-70s %9s %9s %9s\n' "$u" - - -
		continue
	fi
	min=$(head -1 "$tmp/t")
	med=$(sed -n "$(((n + 1) / 2))p" "$tmp/t")
	max=$(tail -1 "$tmp/t")
	mark=""
	if [ "$max" -gt "$LIMIT_US" ] || [ "$med" -gt "$LIMIT_US" ]; then
		mark=" !"
		over=$((over + 1))
	fi
	printf '%-70s %9.1f %9.1f %9.1f%s\n' "$(printf '%s' "$u" | cut -c1-70)" \
	    "$(echo "$min / 1000" | bc -l)" "$(echo "$med / 1000" | bc -l)" \
	    "$(echo "$max / 1000" | bc -l)" "$mark"
done
echo "over ${LIMIT_US}us: $over"
