# SPDX-License-Identifier: GPL-2.0
# A function that another ftrace user owns (FTRACE_OPS_FL_IPMODIFY, as
# upstream livepatch and BPF trampolines register) is not replaced: the
# update aborts with unexpected, naming that user, and nothing changes.
# Once that user has gone, the same update applies.  Without the check
# the update reported itself applied on x86 while the other redirection
# kept running (kst_target showed 4, not 2).
# Needs /modules/kst_target.ko, kst_ipmodify.ko and ksplice_core_busy.ko.
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_busy

need_modules kst_target kst_ipmodify ksplice_core_busy

value_is() { grep -qx "value=$1" /proc/kst_target; }
# What kst_target shows while kst_ipmodify owns it: x86 redirects to 4,
# ARM only counts.
owned=4
[ "$(uname -m)" = x86_64 ] || owned=1

plan 11
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "insmod kst_target" insmod $M/kst_target.ko
ok "insmod kst_ipmodify (an IPMODIFY ftrace user of kst_target_value)" \
	insmod $M/kst_ipmodify.ko
ok "owned: value=$owned, and the owner sees the calls" \
	sh -c "grep -qx value=$owned /proc/kst_target &&
		test \"\$(cat /sys/module/kst_ipmodify/parameters/calls)\" -gt 0"
dmesg -c >/dev/null
not_ok_if "insmod of an update of kst_target_value fails" \
	insmod $M/ksplice_core_busy.ko
dmesg | grep 'ksplice:' | while IFS= read -r l; do diag "$l"; done
ok "the log says unexpected, naming the function and the owner" \
	sh -c "dmesg | grep -q 'ksplice: core_busy: aborted: unexpected: kst_target_value in kst_target is redirected by another ftrace user (FTRACE_OPS_FL_IPMODIFY: kst_ipmodify_handler'"
ok "nothing is left of the update, and value=$owned still" \
	sh -c "! test -e $D && ! grep -q '^ksplice_core_busy ' /proc/modules &&
		grep -qx value=$owned /proc/kst_target"
ok "rmmod kst_ipmodify: value=1" \
	sh -c 'rmmod kst_ipmodify && grep -qx value=1 /proc/kst_target'
ok "now the update applies: value=2" \
	sh -c "insmod $M/ksplice_core_busy.ko && grep -qx value=2 /proc/kst_target"
ok "undo: value=1" sh -c "echo reversed >$D/stage && grep -qx value=1 /proc/kst_target"
ok "rmmod the update, then the target" \
	sh -c 'rmmod ksplice_core_busy && rmmod kst_target'
