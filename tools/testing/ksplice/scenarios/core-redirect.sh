# SPDX-License-Identifier: GPL-2.0
# arches: x86_64
# A function whose jump site belongs to a static call (kst_target_call
# only tail-calls one: endbr64, the __fentry__ site, jmp __SCT__...).
# A jump there would break the static call, so the core replaces the
# function through its ftrace site (an FTRACE_OPS_FL_IPMODIFY user,
# armed with the machine stopped).  Without that the update aborted with
# "unexpected: kst_target_call cannot take a jump: a static call is where
# the jump would go".  The function tracer still sees the old entry; a
# second update stacks on the first, undo goes in order, the ftrace user
# is gone after undo, and the update applies again.
# Needs /modules/kst_target.ko, ksplice_core_redirect.ko and
# ksplice_core_redirect2.ko (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
A=/sys/kernel/ksplice/core_redirect
B=/sys/kernel/ksplice/core_redirect2
T=/sys/kernel/tracing

need_modules kst_target ksplice_core_redirect ksplice_core_redirect2

# enabled_functions: "NAME [MODULE] (COUNT) R I ..." for an IPMODIFY user.
redirected() { grep '^kst_target_call ' $T/enabled_functions | grep -q ' I '; }
not_listed() { ! grep -q '^kst_target_call ' $T/enabled_functions; }
# stage_and_call CMD DIR STAGE VALUE: CMD succeeds, then DIR/stage reads
# STAGE and /proc/kst_target_call VALUE.
stage_and_call() {
	sh -c "$1" && grep -qx "$3" "$2/stage" &&
		grep -qx "call=$4" /proc/kst_target_call
}
# traced VALUE: the function tracer sees kst_target_call, which shows VALUE.
traced() {
	echo >$T/trace
	grep -qx "call=$1" /proc/kst_target_call &&
		grep -q kst_target_call $T/trace
}

plan 19
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "tracefs mounts" mount -t tracefs nodev $T
ok "insmod kst_target: call=1" sh -c "insmod $M/kst_target.ko && grep -qx call=1 /proc/kst_target_call"
ok "no ftrace user redirects kst_target_call" not_listed
dmesg -c >/dev/null
ok "insmod the update: call=5" stage_and_call "insmod $M/ksplice_core_redirect.ko" $A applied 5
dmesg | grep 'ksplice:' | while IFS= read -r l; do diag "$l"; done
ok "the log says why it goes through ftrace" \
	sh -c "dmesg | grep -q 'ksplice: core_redirect: kst_target_call is replaced through its ftrace site: a static call is where the jump would go'"
ok "enabled_functions shows the core's IPMODIFY user" redirected

echo kst_target_call >$T/set_ftrace_filter
echo function >$T/current_tracer
ok "the function tracer sees the old entry, the new code runs" traced 5

ok "insmod a second update on top: call=6" \
	stage_and_call "insmod $M/ksplice_core_redirect2.ko" $B applied 6
ok "still redirected through ftrace" redirected
dmesg -c >/dev/null
ok "undoing the first update first is refused" sh -c "! echo reversed >$A/stage"
ok "the log names the second as the one to undo first, call=6" \
	stage_and_call "dmesg | grep -q 'ksplice: core_redirect: reverse aborted: out_of_order: undo core_redirect2 first'" $A applied 6
ok "undo the second: call=5" stage_and_call "echo reversed >$B/stage" $B reversed 5
ok "undo the first: call=1, traced still" \
	stage_and_call "echo reversed >$A/stage && cat /proc/kst_target_call >/dev/null" $A reversed 1
ok "... and the tracer saw it" traced 1
echo nop >$T/current_tracer
echo >$T/set_ftrace_filter
ok "no ftrace user redirects kst_target_call any more" not_listed
ok "apply again: call=5" stage_and_call "echo applied >$A/stage" $A applied 5
ok "redirected through ftrace again" redirected
ok "undo, rmmod the updates, then the target" \
	sh -c "echo reversed >$A/stage && grep -qx call=1 /proc/kst_target_call && rmmod ksplice_core_redirect2 && rmmod ksplice_core_redirect && rmmod kst_target && ! dmesg | grep -qi 'ftrace.*\\(bug\\|fail\\)'"
