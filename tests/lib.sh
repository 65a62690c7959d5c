# Shared helpers for the shell test layers.  Each check prints one line,
# "ok - NAME" or "not ok - NAME" (with details), so tools/test.sh can
# count every assertion across layers; a script exits 1 if any failed.
passed=0
failed=0

ok() {
	passed=$((passed + 1))
	printf 'ok - %s\n' "$1"
}

not_ok() {
	failed=$((failed + 1))
	printf 'not ok - %s\n' "$1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -40
	return 0
}

# check NAME COMMAND...: passes if the command succeeds.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$out"
	fi
}

# has FILE PATTERN: the file contains the fixed string.
has() {
	grep -qF -- "$2" "$1"
}

# status FILE: the Status of a CGI response / the HTTP status of curl -i.
status_of() {
	sed -n '1{s/^Status: \([0-9]*\).*/\1/p;s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p;q}' "$1" | tr -d '\r'
}

# expect_status NAME WANT FILE
expect_status() {
	got=$(status_of "$3")
	if [ "$got" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "expected status $2, got '$got'
$(head -c 600 "$3")"
	fi
}

finish() {
	printf '# %d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
