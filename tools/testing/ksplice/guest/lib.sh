# SPDX-License-Identifier: GPL-2.0
# TAP helpers for guest scenarios.  Lines go to the console prefixed with
# "#KS# "; the harness strips the prefix and reads them as TAP.
#
#   plan N                 declare N test points
#   ok "desc" CMD...       test point: passes when CMD succeeds
#   not_ok_if "desc" CMD   test point: passes when CMD fails
#   diag "text"            a TAP comment

KS_N=0

tap() {
	echo "#KS# $*"
}

plan() {
	tap "TAP version 13"
	tap "1..$1"
}

diag() {
	tap "# $*"
}

ok() {
	local desc=$1 out
	shift
	KS_N=$((KS_N + 1))
	if out=$("$@" 2>&1); then
		tap "ok $KS_N - $desc"
	else
		tap "not ok $KS_N - $desc"
		printf '%s\n' "$out" | head -20 | while IFS= read -r l; do diag "  $l"; done
	fi
}

not_ok_if() {
	local desc=$1
	shift
	KS_N=$((KS_N + 1))
	if "$@" >/dev/null 2>&1; then
		tap "not ok $KS_N - $desc"
	else
		tap "ok $KS_N - $desc"
	fi
}

# The number of CPUs the guest sees: stop_machine on one CPU tests
# nothing, so every scenario asserts there are at least two.
cpus_online() {
	grep -c '^processor' /proc/cpuinfo
}

at_least_two_cpus() {
	[ "$(cpus_online)" -ge 2 ]
}

# need_modules NAME...: a scenario's test modules (tools/testing/ksplice/
# modules) must be in /modules; if one is not, the scenario is one
# failed point and ends there.
need_modules() {
	for m in "$@"; do
		if [ ! -f "/modules/$m.ko" ]; then
			plan 1
			tap "not ok 1 - /modules/$m.ko is missing (build tools/testing/ksplice/modules)"
			exit 0
		fi
	done
}

# ftrace, for scenarios that mount tracefs at $T (default below).
T=${T:-/sys/kernel/tracing}
# traced FUNC FILE: does reading FILE make the function trace show FUNC?
traced() {
	echo >$T/trace
	cat "$2" >/dev/null
	grep -q " $1 <-" $T/trace
}
tracing() {
	echo "$1" >$T/set_ftrace_filter && echo function >$T/current_tracer
}
untrace() {
	echo nop >$T/current_tracer && echo >$T/set_ftrace_filter
}
retrace() {
	echo nop >$T/current_tracer && echo function >$T/current_tracer
}
# ftrace disables itself, loudly, when it finds unexpected bytes.
ftrace_sane() {
	! dmesg | grep -qi 'ftrace bug\|ftrace failed\|ftrace.*faulted'
}
