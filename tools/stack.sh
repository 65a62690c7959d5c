#!/bin/bash
# Manyi's private test stack, everything under one run folder, nothing in
# /etc or /var touched:
#   MariaDB (own datadir, unix socket only), the four FastCGI programs on
#   unix sockets, nginx on 127.0.0.1:PORT, optionally Apache on
#   127.0.0.1:N.
#
# usage: tools/stack.sh start|stop|restart|status [options]
#   --run DIR      run folder (default <repo>/run): db/, sock/, pid/, log/
#   --build DIR    where the built programs are (default <repo>/build)
#   --port N       nginx port (default 8080)
#   --apache N     also run Apache (mod_proxy_fcgi) on 127.0.0.1:N
#   --threads N    threads per program (default: the number of CPUs)
#   --demo         load sql/demo.sql (idempotent)
#
# start is idempotent: data in DIR/db and the passwords in DIR/secrets are
# kept; what is already running is left running (nginx and Apache reload
# their configuration).  Stop with "tools/stack.sh stop".
# Runs as root (Debian 12); only pid files are used to stop processes.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
RUN=$REPO/run
BUILD=$REPO/build
PORT=8080
APACHE_PORT=
THREADS=$(nproc)
DEMO=0
PROGS="survey complaint admin feed"
ACCOUNTS="ctl admin feed survey complaint"
HOTLINE=400-820-8820

say() { printf 'stack: %s\n' "$*"; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }
usage() {
	sed -n '/^# usage:/,/^#   --demo/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# The last lines of a log, to explain a failure.
tail_log() {
	if [ -s "$1" ]; then
		printf -- '--- last lines of %s ---\n' "$1" >&2
		tail -n "${2:-12}" "$1" >&2
		printf -- '---\n' >&2
	fi
}

[ $# -ge 1 ] || usage
CMD=$1
shift
while [ $# -gt 0 ]; do
	case $1 in
	--run) RUN=${2:?--run needs a folder}; shift ;;
	--run=*) RUN=${1#*=} ;;
	--build) BUILD=${2:?--build needs a folder}; shift ;;
	--build=*) BUILD=${1#*=} ;;
	--port) PORT=${2:?--port needs a number}; shift ;;
	--port=*) PORT=${1#*=} ;;
	--apache) APACHE_PORT=${2:?--apache needs a port}; shift ;;
	--apache=*) APACHE_PORT=${1#*=} ;;
	--threads) THREADS=${2:?--threads needs a number}; shift ;;
	--threads=*) THREADS=${1#*=} ;;
	--demo) DEMO=1 ;;
	-h|--help) usage ;;
	*) die "unknown option $1 (try --help)" ;;
	esac
	shift
done

number() {
	case $2 in
	''|*[!0-9]*) die "$1 must be a number, not '$2'" ;;
	esac
}
number --port "$PORT"
number --threads "$THREADS"
[ -z "$APACHE_PORT" ] || number --apache "$APACHE_PORT"

mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
# The paths go unquoted into nginx, Apache and sed: keep them plain.
for p in "$RUN" "$BUILD" "$REPO"; do
	case $p in
	*[!A-Za-z0-9._/+-]*) die "path '$p' has characters other than letters, digits and ._/+-" ;;
	esac
done
# A unix socket path is at most 107 bytes.
[ ${#RUN} -le 80 ] || die "run folder path too long for unix sockets: $RUN"

DBSOCK=$RUN/db.sock
DBPID=$RUN/db.pid
CONF=$RUN/manyi.conf
SECRETS=$RUN/secrets

# ---- processes, by pid file only ----

# A process that has exited but is not reaped yet (a zombie: its parent,
# often init, has not waited for it) counts as gone.
alive() {
	local line
	kill -0 "$1" 2>/dev/null || return 1
	line=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	line=${line##*) }
	[ "${line%% *}" != Z ]
}

# The pid in a pid file, if that process is alive and is ours: its
# command line names a path in the run folder (so a recycled pid is never
# taken for ours).
live_pid() {
	local pid
	[ -s "$1" ] || return 1
	pid=$(head -n 1 "$1" 2>/dev/null | tr -cd 0-9)
	[ -n "$pid" ] || return 1
	alive "$pid" || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$RUN/" ||
		return 1
	echo "$pid"
}

# Stop the process of a pid file: TERM, up to $3 seconds, then KILL.
stop_pidfile() {
	local name=$1 file=$2 wait=${3:-5} pid i
	if ! pid=$(live_pid "$file"); then
		if [ -e "$file" ]; then
			rm -f "$file"
			say "$name: not running (stale pid file removed)"
		else
			say "$name: not running"
		fi
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < wait * 10; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	if alive "$pid"; then
		say "$name: pid $pid still running after ${wait}s, sending KILL"
		kill -KILL "$pid" 2>/dev/null || true
		for ((i = 0; i < 20; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
	fi
	rm -f "$file"
	say "$name: stopped (pid $pid)"
}

# Run a command with no file descriptor above 2 (a daemon must not keep
# a caller's pipe open: a CI runner would wait for its end forever).
clean_exec() {
	local fd
	for fd in "/proc/$BASHPID/fd/"*; do
		fd=${fd##*/}
		if [ "$fd" -gt 2 ] 2>/dev/null; then
			eval "exec $fd>&-" 2>/dev/null || true
		fi
	done
	exec "$@"
}

# Start a daemon in its own session, all output to a log, stdin from
# /dev/null (so no caller's pipe or terminal is held open).
spawn() {
	local log=$1
	shift
	(clean_exec setsid "$@") </dev/null >>"$log" 2>&1 &
	SPAWNED=$!
}

# The pids of a process's children, from /proc/*/stat (field 4 is the
# parent; the name in field 2 may hold spaces, so cut after its ')').
children_of() {
	local parent=$1 f line out=
	for f in /proc/[0-9]*/stat; do
		line=$(cat "$f" 2>/dev/null) || continue
		# shellcheck disable=SC2086 # split the fields on purpose
		set -- ${line##*) }
		[ "${2:-}" = "$parent" ] && out="$out ${f//[!0-9]/}"
	done
	echo "${out# }"
}

# After a reload signal (nginx -s reload, apache2 -k graceful) the master
# starts new workers asynchronously; wait until one appears, so the next
# request meets the new configuration.
wait_new_children() {
	local master=$1 old=$2 now c i
	for ((i = 0; i < 100; i++)); do
		now=$(children_of "$master")
		for c in $now; do
			case " $old " in *" $c "*) ;; *) sleep 0.2; return 0 ;; esac
		done
		sleep 0.1
	done
	say "warning: no new worker of pid $master after 10 s"
}

# ---- MariaDB ----

sql_root() {
	mariadb --no-defaults --protocol=socket -S "$DBSOCK" -uroot \
		--default-character-set=utf8mb4 "$@"
}

db_ping() {
	mariadb-admin --no-defaults --protocol=socket -S "$DBSOCK" -uroot \
		ping >/dev/null 2>&1
}

start_db() {
	local pid i
	if pid=$(live_pid "$DBPID"); then
		if db_ping; then
			say "mariadb: already running (pid $pid)"
			return 0
		fi
		# Running but not answering yet (starting or stopping).
		for ((i = 0; i < 300; i++)); do
			db_ping && break
			sleep 0.1
		done
		db_ping || { tail_log "$RUN/db.err"; die "mariadb: pid $pid runs but does not answer on $DBSOCK"; }
		say "mariadb: already running (pid $pid)"
		return 0
	fi
	if [ ! -d "$RUN/db" ]; then
		say "mariadb: creating the data folder $RUN/db"
		rm -rf "$RUN/db.new"
		if ! mariadb-install-db --no-defaults --datadir="$RUN/db.new" \
			--user=root --auth-root-authentication-method=normal \
			--skip-test-db >"$RUN/log/db-install.log" 2>&1; then
			tail_log "$RUN/log/db-install.log"
			die "mariadb-install-db failed"
		fi
		mv "$RUN/db.new" "$RUN/db"
	fi
	rm -f "$DBPID" "$DBSOCK"
	# A buffer pool that holds the 100,000-customer benchmark data (about
	# 1 GB with its indexes; the default 128 MB sends pages to disk);
	# memory is taken only as pages are used.
	spawn "$RUN/log/db.out" mariadbd --no-defaults --user=root \
		--datadir="$RUN/db" --socket="$DBSOCK" --pid-file="$DBPID" \
		--log-error="$RUN/db.err" --skip-networking \
		--innodb-buffer-pool-size=1G
	for ((i = 0; i < 300; i++)); do
		db_ping && break
		if ! alive "$SPAWNED"; then
			tail_log "$RUN/db.err"
			tail_log "$RUN/log/db.out"
			die "mariadb: mariadbd exited while starting"
		fi
		sleep 0.1
	done
	if ! db_ping; then
		tail_log "$RUN/db.err"
		die "mariadb: no answer on $DBSOCK after 30 s"
	fi
	say "mariadb: started (pid $(cat "$DBPID" 2>/dev/null || echo "$SPAWNED"), socket $DBSOCK)"
}

stop_db() {
	local pid i
	if ! pid=$(live_pid "$DBPID"); then
		rm -f "$DBPID"
		say "mariadb: not running"
		return 0
	fi
	if mariadb-admin --no-defaults --protocol=socket -S "$DBSOCK" -uroot \
		--shutdown-timeout=30 shutdown >/dev/null 2>&1; then
		for ((i = 0; i < 300; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
	fi
	if alive "$pid"; then
		say "mariadb: shutdown command did not stop pid $pid, sending TERM"
		stop_pidfile mariadb "$DBPID" 30
	else
		rm -f "$DBPID"
		say "mariadb: stopped (pid $pid)"
	fi
}

# ---- accounts, configuration, schema ----

random_hex() {
	od -An -tx1 -N16 /dev/urandom | tr -d ' \n'
}

# One password per account in $RUN/secrets ("name=hex"), made once.
ensure_secrets() {
	local a missing=
	(umask 077 && touch "$SECRETS")
	chmod 600 "$SECRETS"
	for a in $ACCOUNTS; do
		grep -q "^$a=[0-9a-f]\{32\}\$" "$SECRETS" || missing="$missing $a"
	done
	for a in $missing; do
		sed -i "/^$a=/d" "$SECRETS"
		echo "$a=$(random_hex)" >>"$SECRETS"
	done
}

secret() {
	sed -n "s/^$1=//p" "$SECRETS" | head -n 1
}

setup_db() {
	local a pw sql
	ensure_secrets
	sql="CREATE DATABASE IF NOT EXISTS manyi CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
	for a in $ACCOUNTS; do
		pw=$(secret "$a")
		sql="$sql
CREATE USER IF NOT EXISTS 'manyi_$a'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'manyi_$a'@'localhost' IDENTIFIED BY '$pw';"
	done
	# manyi-ctl must be able to create the tables before grants.sql
	# (which names tables) can be applied; this one grant names none.
	sql="$sql
GRANT ALL PRIVILEGES ON manyi.* TO 'manyi_ctl'@'localhost';"
	# Passwords on stdin, never on a command line.
	printf '%s\n' "$sql" | sql_root >"$RUN/log/db-setup.log" 2>&1 || {
		tail_log "$RUN/log/db-setup.log"
		die "cannot create the database and accounts"
	}
	say "mariadb: database manyi and accounts manyi_{${ACCOUNTS// /,}} ready"
}

write_conf() {
	local p tmp=$CONF.tmp
	(
		umask 077
		{
			echo "# Written by tools/stack.sh start; rewritten on every start."
			echo "[paths]"
			echo "datadir = $REPO"
			echo
			echo "[server]"
			echo "threads = $THREADS"
			echo
			echo "[db]"
			echo "socket = $DBSOCK"
			echo "name = manyi"
			echo "timeout = 2"
			for p in $ACCOUNTS; do
				echo
				echo "[db.$p]"
				echo "user = manyi_$p"
				echo "password = $(secret "$p")"
			done
			echo
			echo "[site]"
			echo "hotline = $HOTLINE"
		} >"$tmp"
	)
	chmod 600 "$tmp"
	mv "$tmp" "$CONF"
}

migrate() {
	local log=$RUN/log/migrate.log
	if ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" migrate \
		>"$log" 2>&1; then
		tail_log "$log"
		die "manyi-ctl migrate failed"
	fi
	say "schema: $(tail -n 1 "$log")"
	if ! sql_root manyi <"$REPO/sql/grants.sql" >>"$log" 2>&1; then
		tail_log "$log"
		die "applying sql/grants.sql failed"
	fi
	say "schema: sql/grants.sql applied"
	if [ "$DEMO" = 1 ]; then
		if ! sql_root manyi <"$REPO/sql/demo.sql" >>"$log" 2>&1; then
			tail_log "$log"
			die "loading sql/demo.sql failed"
		fi
		say "schema: sql/demo.sql loaded"
		demo_users
	fi
}

# The demo administrator: login "admin", its password made once and kept
# in $RUN/secrets (demo_admin=...); tools/run.sh prints it.
demo_users() {
	local log=$RUN/log/migrate.log pw
	if [ -z "$(sql_root manyi -N -e "SELECT id FROM \`user\` WHERE login = 'admin'" 2>>"$log")" ]; then
		grep -q '^demo_admin=' "$SECRETS" ||
			echo "demo_admin=$(random_hex)" >>"$SECRETS"
		pw=$(secret demo_admin)
		if ! printf '%s\n' "$pw" | MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" \
			--config "$CONF" user add --login admin --role admin \
			--name "系统管理员" --department "客服部" >>"$log" 2>&1; then
			tail_log "$log"
			die "creating the demo administrator failed"
		fi
		say "demo: administrator 'admin' created"
	fi
	demo_staff
	demo_customers
	demo_survey
}

# A few staff of every role (same password as admin), so that owners,
# departments and "my work" look like a real team.
demo_staff() {
	local log=$RUN/log/migrate.log pw entry login role name dept
	pw=$(secret demo_admin)
	for entry in "zhang.wei:account_manager:张伟:客服部" \
	    "li.na:account_manager:李娜:市场部" \
	    "wang.fang:supervisor:王芳:客服部" \
	    "liu.yang:agent:刘洋:客服部" \
	    "chen.jing:analyst:陈静:运营部"; do
		IFS=: read -r login role name dept <<EOF2
$entry
EOF2
		[ -n "$(sql_root manyi -N -e "SELECT id FROM \`user\` WHERE login = '$login'" 2>>"$log")" ] && continue
		printf '%s\n' "$pw" | MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" \
			--config "$CONF" user add --login "$login" --role "$role" \
			--name "$name" --department "$dept" >>"$log" 2>&1 ||
			{ tail_log "$log"; die "creating demo user $login failed"; }
	done
}

# Three hundred generated customers with a year of interactions, then
# their tiers and health, once.
demo_customers() {
	local log=$RUN/log/demo.log n
	n=$(sql_root manyi -N -e "SELECT COUNT(*) FROM customer" 2>>"$log")
	[ "$n" = 0 ] || return 0
	if ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" generate \
		--customers 300 --interactions 3600 --seed 2026 >>"$log" 2>&1 ||
	    ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" segment >>"$log" 2>&1 ||
	    ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" health >>"$log" 2>&1 ||
	    ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" kpi-snapshot >>"$log" 2>&1; then
		tail_log "$log"
		die "generating the demo customers failed"
	fi
	say "demo: 300 customers with a year of interactions, segmented and scored"
}

# The demo survey (slug csat, public at /s/csat): ten questions and a
# year of generated responses from the demo customers, cleaned; made
# once (manyi-ctl survey-demo does nothing if the survey exists).
demo_survey() {
	local log=$RUN/log/demo.log
	if ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" \
		survey-demo --slug csat >>"$log" 2>&1; then
		tail_log "$log"
		die "generating the demo survey failed"
	fi
	say "demo: $(tail -n 1 "$log")"
	# Last month's satisfaction-interview sample (once per month).
	if ! MANYI_DATADIR=$REPO "$BUILD/manyi-ctl" --config "$CONF" \
		interview-sample --survey csat >>"$log" 2>&1; then
		tail_log "$log"
		die "drawing the demo interview sample failed"
	fi
	say "demo: interview sample drawn for last month"
}

# ---- the FastCGI programs ----

start_prog() {
	local p=$1 pid i exe
	local pidf=$RUN/pid/$p.pid sock=$RUN/sock/$p.sock log=$RUN/log/$p.log
	if pid=$(live_pid "$pidf"); then
		exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
		if [ ! -S "$sock" ]; then
			say "manyi-$p: pid $pid runs without its socket; restarting it"
			stop_pidfile "manyi-$p" "$pidf"
		elif [ "${exe% (deleted)}" != "$exe" ]; then
			# make replaced the program file since it started.
			say "manyi-$p: $BUILD/manyi-$p was rebuilt; restarting pid $pid"
			stop_pidfile "manyi-$p" "$pidf"
		else
			say "manyi-$p: already running (pid $pid)"
			return 0
		fi
	fi
	rm -f "$pidf"
	spawn "$log" env MANYI_DATADIR="$REPO" "$BUILD/manyi-$p" \
		--config "$CONF" --listen "unix:$sock" --threads "$THREADS" \
		--pidfile "$pidf"
	for ((i = 0; i < 100; i++)); do
		[ -s "$pidf" ] && [ -S "$sock" ] && break
		if ! alive "$SPAWNED"; then
			tail_log "$log"
			die "manyi-$p exited while starting"
		fi
		sleep 0.1
	done
	if ! [ -s "$pidf" ] || ! [ -S "$sock" ]; then
		tail_log "$log"
		die "manyi-$p: no pid file or socket after 10 s"
	fi
	say "manyi-$p: started (pid $(cat "$pidf"), $sock)"
}

# ---- nginx ----

# The shipped snippets with the installed paths replaced by ours.
copy_snippet() {
	sed -e "s|/run/manyi/|$RUN/sock/|g" \
		-e "s|/usr/local/share/manyi/static/|$REPO/static/|g" \
		"$REPO/conf/$1" >"$RUN/$1"
}

write_nginx_conf() {
	copy_snippet nginx-upstreams.conf
	copy_snippet nginx-manyi.conf
	cat >"$RUN/nginx.conf" <<EOF
# Written by tools/stack.sh start; rewritten on every start.
user root;
worker_processes 2;
daemon on;
pid $RUN/nginx.pid;
error_log $RUN/log/nginx-error.log warn;

events {
	worker_connections 1024;
}

http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	server_tokens off;
	keepalive_timeout 65;
	access_log $RUN/log/nginx-access.log combined buffer=64k flush=1s;

	client_body_temp_path $RUN/tmp/nginx-client-body;
	proxy_temp_path $RUN/tmp/nginx-proxy;
	fastcgi_temp_path $RUN/tmp/nginx-fastcgi;
	uwsgi_temp_path $RUN/tmp/nginx-uwsgi;
	scgi_temp_path $RUN/tmp/nginx-scgi;

	include $RUN/nginx-upstreams.conf;

	server {
		listen 127.0.0.1:$PORT;
		server_name localhost;

		location = / {
			return 302 /s/;
		}

		include $RUN/nginx-manyi.conf;
	}
}
EOF
}

nginx_cmd() {
	nginx -p "$RUN" -e "$RUN/log/nginx-error.log" -c "$RUN/nginx.conf" "$@"
}

# Wait until GET /s/healthz answers 200 on a port.
wait_healthy() {
	local name=$1 port=$2 logf=$3 i
	for ((i = 0; i < 100; i++)); do
		if curl -fsS -o /dev/null --max-time 2 \
			"http://127.0.0.1:$port/s/healthz" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	curl -sS -i --max-time 2 "http://127.0.0.1:$port/s/healthz" >&2 || true
	tail_log "$logf"
	tail_log "$RUN/log/survey.log"
	die "$name: http://127.0.0.1:$port/s/healthz did not answer 200 within 10 s"
}

start_nginx() {
	local pid old
	write_nginx_conf
	if ! nginx_cmd -t >"$RUN/log/nginx-test.log" 2>&1; then
		cat "$RUN/log/nginx-test.log" >&2
		die "nginx: $RUN/nginx.conf is not valid"
	fi
	if pid=$(live_pid "$RUN/nginx.pid"); then
		old=$(children_of "$pid")
		nginx_cmd -s reload >>"$RUN/log/nginx.out" 2>&1 ||
			{ tail_log "$RUN/log/nginx-error.log"; die "nginx: reload failed"; }
		wait_new_children "$pid" "$old"
		say "nginx: already running (pid $pid), configuration reloaded"
	else
		rm -f "$RUN/nginx.pid"
		if ! (clean_exec nginx -p "$RUN" -e "$RUN/log/nginx-error.log" \
			-c "$RUN/nginx.conf") </dev/null >>"$RUN/log/nginx.out" 2>&1; then
			tail_log "$RUN/log/nginx.out"
			tail_log "$RUN/log/nginx-error.log"
			die "nginx did not start"
		fi
		say "nginx: started (pid $(cat "$RUN/nginx.pid" 2>/dev/null || echo '?'))"
	fi
	wait_healthy nginx "$PORT" "$RUN/log/nginx-error.log"
	say "nginx: http://127.0.0.1:$PORT/ answers"
}

# ---- Apache (optional) ----

write_apache_conf() {
	local m
	copy_snippet apache-manyi.conf
	mkdir -p "$RUN/apache-rt" "$RUN/www"
	{
		cat <<EOF
# Written by tools/stack.sh start --apache $APACHE_PORT.
ServerRoot "$RUN"
ServerName 127.0.0.1
PidFile "$RUN/apache.pid"
DefaultRuntimeDir "$RUN/apache-rt"
ErrorLog "$RUN/log/apache-error.log"
LogLevel warn
EOF
		for m in mpm_event authz_core mime alias dir proxy proxy_fcgi \
			expires; do
			echo "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so"
		done
		cat <<EOF
# Apache refuses to run its workers as root; the program sockets are
# mode 0666, so www-data can connect.
User www-data
Group www-data
Listen 127.0.0.1:$APACHE_PORT
TypesConfig /etc/mime.types
LogFormat "%h %l %u %t \"%r\" %>s %b %D" timed
CustomLog "$RUN/log/apache-access.log" timed
ServerTokens Prod
KeepAlive On
MaxKeepAliveRequests 0
Timeout 60

<Directory />
	Options None
	AllowOverride None
	Require all denied
</Directory>
DocumentRoot "$RUN/www"
<Directory "$RUN/www">
	Require all granted
</Directory>

RedirectMatch 302 "^/\$" "/s/"
Include "$RUN/apache-manyi.conf"
EOF
	} >"$RUN/apache.conf"
}

apache_cmd() {
	apache2 -f "$RUN/apache.conf" "$@"
}

start_apache() {
	local pid old
	write_apache_conf
	if ! apache_cmd -t >"$RUN/log/apache-test.log" 2>&1; then
		cat "$RUN/log/apache-test.log" >&2
		die "apache: $RUN/apache.conf is not valid"
	fi
	if pid=$(live_pid "$RUN/apache.pid"); then
		old=$(children_of "$pid")
		apache_cmd -k graceful >>"$RUN/log/apache.out" 2>&1 ||
			{ tail_log "$RUN/log/apache-error.log"; die "apache: reload failed"; }
		wait_new_children "$pid" "$old"
		say "apache: already running (pid $pid), configuration reloaded"
	else
		rm -f "$RUN/apache.pid"
		if ! (clean_exec apache2 -f "$RUN/apache.conf" -k start) \
			</dev/null >>"$RUN/log/apache.out" 2>&1; then
			tail_log "$RUN/log/apache.out"
			tail_log "$RUN/log/apache-error.log"
			die "apache did not start"
		fi
		say "apache: started"
	fi
	wait_healthy apache "$APACHE_PORT" "$RUN/log/apache-error.log"
	say "apache: http://127.0.0.1:$APACHE_PORT/ answers (pid $(cat "$RUN/apache.pid"))"
}

# ---- commands ----

need() {
	command -v "$1" >/dev/null 2>&1 || die "$1 not found: run tools/deps.sh"
}

do_start() {
	local p
	for p in mariadbd mariadb mariadb-admin mariadb-install-db nginx curl setsid; do
		need "$p"
	done
	[ -z "$APACHE_PORT" ] || need apache2
	for p in $PROGS ctl; do
		[ -x "$BUILD/manyi-$p" ] ||
			die "$BUILD/manyi-$p not found: build first (tools/run.sh does), or pass --build DIR"
	done
	mkdir -p "$RUN/log" "$RUN/pid" "$RUN/sock" "$RUN/tmp"
	# Apache's workers (www-data) must reach the sockets in sock/.
	chmod 755 "$RUN" "$RUN/sock"
	start_db
	setup_db
	write_conf
	migrate
	for p in $PROGS; do
		start_prog "$p"
	done
	start_nginx
	[ -z "$APACHE_PORT" ] || start_apache
	if [ "$RUN" = "$REPO/run" ]; then
		say "running; stop with: tools/stack.sh stop"
	else
		say "running; stop with: tools/stack.sh stop --run $RUN"
	fi
}

do_stop() {
	local p
	stop_pidfile nginx "$RUN/nginx.pid"
	stop_pidfile apache "$RUN/apache.pid"
	for p in $PROGS; do
		stop_pidfile "manyi-$p" "$RUN/pid/$p.pid"
		rm -f "$RUN/sock/$p.sock"
	done
	stop_db
}

do_status() {
	local p pid down=0
	show() {
		if pid=$(live_pid "$2"); then
			printf '%-16s running (pid %s)\n' "$1" "$pid"
		elif [ -e "$2" ]; then
			printf '%-16s stopped (stale pid file %s)\n' "$1" "$2"
			down=1
		else
			printf '%-16s stopped\n' "$1"
			down=1
		fi
	}
	show mariadb "$DBPID"
	for p in $PROGS; do
		show "manyi-$p" "$RUN/pid/$p.pid"
	done
	show nginx "$RUN/nginx.pid"
	if [ -e "$RUN/apache.pid" ] || [ -n "$APACHE_PORT" ]; then
		show apache "$RUN/apache.pid"
	fi
	return $((down ? 3 : 0))
}

case $CMD in
start) do_start ;;
stop) do_stop ;;
restart) do_stop; do_start ;;
status) do_status ;;
*) usage ;;
esac
