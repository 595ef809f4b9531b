# SPDX-License-Identifier: GPL-2.0
# arches: x86_64
# ftrace and kprobes on a replaced function.  On x86 the jump goes after
# the __fentry__ site, so tracing the old function (and kprobes on its
# entry, which go through ftrace) keeps working across apply and undo,
# and switching tracing on and off never meets the jump.  A kprobe on the
# bytes the jump takes makes apply (and undo) refuse with code_busy.
# Needs /modules/ksplice_core_version.ko (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_version
T=/sys/kernel/tracing
# endbr64 (IBT) and the __fentry__ call: where the jump goes.
SITE=9

need_modules ksplice_core_version

is_new() { grep -q '^ksplice_core_version relocs=ok' /proc/version; }
traced() {
	echo >$T/trace
	cat /proc/version >/dev/null
	grep -q "$1" $T/trace
}
echo 2 >/sys/module/ksplice/parameters/max_tries
echo 1 >/sys/module/ksplice/parameters/retry_delay_ms

plan 20
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "tracefs mounts" mount -t tracefs nodev $T

# Function tracing of the old function, across apply and undo.
echo version_proc_show >$T/set_ftrace_filter
echo function >$T/current_tracer
ok "before: the function tracer sees version_proc_show" traced version_proc_show
ok "insmod while the function is traced" insmod $M/ksplice_core_version.ko
ok "applied: the new code runs" is_new
ok "applied: the tracer still sees the old entry" traced version_proc_show
ok "tracing off and on again while applied" \
	sh -c "echo nop >$T/current_tracer && echo function >$T/current_tracer"
ok "and it still sees the old entry" traced version_proc_show
ok "undo while traced" sh -c "echo reversed >$D/stage && ! grep -q ^ksplice_ /proc/version"
echo nop >$T/current_tracer
echo >$T/set_ftrace_filter

# A kprobe on the entry (through ftrace) keeps firing while applied.
echo 'p:ksentry version_proc_show' >$T/kprobe_events
echo 1 >$T/events/kprobes/ksentry/enable
ok "apply with a kprobe on the entry" sh -c "echo applied >$D/stage"
echo nop >$T/current_tracer
ok "the entry kprobe fires while applied" traced ksentry
ok "and the new code runs" is_new
echo 0 >$T/events/kprobes/ksentry/enable
echo '-:ksentry' >>$T/kprobe_events
ok "undo" sh -c "echo reversed >$D/stage"

# A kprobe where the jump goes: refused.
dmesg -c >/dev/null
ok "a kprobe at version_proc_show+$SITE" \
	sh -c "echo 'p:kssite version_proc_show+$SITE' >>$T/kprobe_events"
ok "apply is refused while it is there" sh -c "! echo applied >$D/stage"
ok "code_busy, naming the kprobe" \
	sh -c "grep -qx code_busy $D/abort_cause && grep -qx 'kprobe - version_proc_show' $D/conflicts && dmesg | grep -q 'code_busy: kprobe at version_proc_show+0x$SITE'"
echo '-:kssite' >>$T/kprobe_events
ok "without it, apply works" sh -c "echo applied >$D/stage && grep -q '^ksplice_core_version' /proc/version"

# A kprobe put on the jump itself: it is emulated; undo waits for it.
echo "p:kssite version_proc_show+$SITE" >>$T/kprobe_events
echo 1 >$T/events/kprobes/kssite/enable
ok "a kprobe on the jump: the new code still runs, the probe fires" \
	sh -c "grep -q '^ksplice_core_version' /proc/version && grep -q kssite $T/trace"
ok "undo is refused while it is there" sh -c "! echo reversed >$D/stage"
echo 0 >$T/events/kprobes/kssite/enable
echo '-:kssite' >>$T/kprobe_events
ok "without it, undo and rmmod work" \
	sh -c "echo reversed >$D/stage && rmmod ksplice_core_version && ! dmesg | grep -qi 'ftrace.*\(bug\|fail\)'"
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
