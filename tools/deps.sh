#!/bin/bash
# Install what Manyi needs to build, test, benchmark and run its private
# stack on Debian 12, from Debian's packages (and npm for the browser
# tests).  Idempotent: asks apt only when a package is missing.  Works
# without a terminal (CI).  Run as root (or with sudo available).
#
# usage: tools/deps.sh
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)

say() { printf 'deps: %s\n' "$*"; }
die() { printf 'deps: error: %s\n' "$*" >&2; exit 1; }

PACKAGES="
	gcc g++ make autoconf automake pkg-config
	libfcgi-dev libmariadb-dev libctemplate-dev libxml2-dev
	libargon2-dev libsodium-dev
	check
	mariadb-server mariadb-client
	nginx-light apache2 spawn-fcgi
	libjs-bootstrap5
	curl wrk
	chromium fonts-noto-cjk
	clang libclang-rt-14-dev valgrind
"

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo -n"
else
	SUDO=
fi

command -v dpkg-query >/dev/null 2>&1 ||
	die "dpkg-query not found: this script is for Debian 12"

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
		grep -q 'install ok installed'
}

missing=
for p in $PACKAGES; do
	installed "$p" || missing="$missing $p"
done
# Node.js for the browser tests, from Debian only if there is none yet.
if ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs npm"
elif [ -f "$REPO/tests/browser/package.json" ] &&
	! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

if [ -z "$missing" ]; then
	say "Debian packages: all present"
else
	[ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ] ||
		die "missing packages:$missing; run as root"
	say "Debian packages missing:$missing"
	# Installing nginx, Apache or MariaDB must not start the system's own
	# servers (port 80, /run/mysqld): the project runs private ones
	# (tools/stack.sh).  A policy-rc.d that says "no" does that, only for
	# the time of this install and only if the machine has none.
	policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\n# tools/deps.sh: no service starts while installing\nexit 101\n' |
			$SUDO tee "$policy" >/dev/null
		$SUDO chmod 755 "$policy"
		trap '$SUDO rm -f "$policy"' EXIT
	fi
	export DEBIAN_FRONTEND=noninteractive
	say "apt-get update"
	$SUDO apt-get update -q >/tmp/manyi-apt-update.log 2>&1 || {
		tail -n 20 /tmp/manyi-apt-update.log >&2
		die "apt-get update failed (log: /tmp/manyi-apt-update.log)"
	}
	say "apt-get install$missing"
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing \
		</dev/null >/tmp/manyi-apt-install.log 2>&1 || {
		tail -n 30 /tmp/manyi-apt-install.log >&2
		die "apt-get install failed (log: /tmp/manyi-apt-install.log)"
	}
	for p in $missing; do
		case $p in nodejs|npm) continue ;; esac
		installed "$p" || die "$p is still not installed after apt-get install"
	done
	say "Debian packages: installed"
fi

# The browser tests' npm packages (playwright-core drives Debian's
# chromium; no browser is ever downloaded).
BROWSER=$REPO/tests/browser
if [ -f "$BROWSER/package.json" ]; then
	if [ -d "$BROWSER/node_modules" ]; then
		say "npm packages in tests/browser: present"
	else
		command -v npm >/dev/null 2>&1 || die "npm not found"
		say "npm install in tests/browser"
		(cd "$BROWSER" &&
			PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit \
				--no-fund </dev/null >/tmp/manyi-npm-install.log 2>&1) || {
			tail -n 30 /tmp/manyi-npm-install.log >&2
			rm -rf "$BROWSER/node_modules"
			die "npm install failed in tests/browser (log: /tmp/manyi-npm-install.log)"
		}
		say "npm packages in tests/browser: installed"
	fi
else
	say "tests/browser/package.json absent: no npm packages to install"
fi
say "done"
