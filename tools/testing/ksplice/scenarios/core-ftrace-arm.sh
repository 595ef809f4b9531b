# SPDX-License-Identifier: GPL-2.0
# arches: arm
# ftrace and kprobes on a replaced function, on 32-bit ARM.  ARM's ftrace
# site ("push {lr}; bl __gnu_mcount_nc") comes after the prologue, so the
# jump goes at the entry, before it: while an update is applied the old
# function's ftrace site is dead code.  Switching tracing on and off for
# it must still work (ftrace rewrites its site, which the jump does not
# cover), must not trace anything while the jump is there, and must
# trace again after undo.  Two functions: version_proc_show, with a
# prologue (its ftrace site is its fourth word), and fscaps_show, without
# one (the site is its second word, right after the 4-byte branch).
# kprobes: one on the entry refuses apply (code_busy); one on the jump is
# emulated and refuses undo; one in the dead body refuses undo too.
# Needs /modules/ksplice_core_version.ko and ksplice_core_fscaps.ko
# (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_version
F=/sys/kernel/ksplice/core_fscaps
T=/sys/kernel/tracing

need_modules ksplice_core_version ksplice_core_fscaps

is_new() { grep -q '^ksplice_core_version relocs=ok' /proc/version; }
is_old() { ! grep -q '^ksplice_' /proc/version; }
fscaps_new() { [ "$(cat /sys/kernel/fscaps)" = ksplice ]; }
fscaps_old() { grep -qx '[01]' /sys/kernel/fscaps; }
apply_version() {
	echo applied >$D/stage && is_new
}
echo 2 >/sys/module/ksplice/parameters/max_tries
echo 1 >/sys/module/ksplice/parameters/retry_delay_ms

plan 37
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "tracefs mounts" mount -t tracefs nodev $T
ok "version_proc_show and fscaps_show are ftrace sites" \
	sh -c "grep -qx version_proc_show $T/available_filter_functions && grep -qx fscaps_show $T/available_filter_functions"

# With a prologue: the branch takes its first word, ftrace its fourth.
tracing version_proc_show
ok "before: the function tracer sees version_proc_show" \
	traced version_proc_show /proc/version
ok "insmod while the function is traced" insmod $M/ksplice_core_version.ko
ok "applied: the new code runs" is_new
not_ok_if "applied: the old function's ftrace site is dead code: no trace" \
	traced version_proc_show /proc/version
ok "tracing off and on again while applied" retrace
ok "the new code still runs" is_new
not_ok_if "and the old function still is not traced" \
	traced version_proc_show /proc/version
ok "the new function is traced by its own name" \
	sh -c "echo core_version_proc_show >$T/set_ftrace_filter && grep -q core_version_proc_show $T/set_ftrace_filter"
ok "the tracer sees it" traced core_version_proc_show /proc/version
tracing version_proc_show
ok "undo while the old function is traced" \
	sh -c "echo reversed >$D/stage && grep -qx reversed $D/stage"
ok "after undo: the old code runs" \
	is_old
ok "traced after undo" traced version_proc_show /proc/version
untrace
ok "ftrace found the bytes it expected throughout" ftrace_sane

# Without a prologue: the branch takes "push {lr}", ftrace the next word.
tracing fscaps_show
ok "before: the tracer sees fscaps_show" traced fscaps_show /sys/kernel/fscaps
ok "insmod of an update of fscaps_show while it is traced" \
	insmod $M/ksplice_core_fscaps.ko
ok "applied: /sys/kernel/fscaps shows the new code" fscaps_new
not_ok_if "applied: no trace of fscaps_show" \
	traced fscaps_show /sys/kernel/fscaps
ok "tracing off, undo, redo, tracing on: ftrace rewrites the word after the branch" \
	sh -c "echo nop >$T/current_tracer && echo reversed >$F/stage && echo applied >$F/stage && echo function >$T/current_tracer"
ok "the new code runs" fscaps_new
not_ok_if "and fscaps_show is not traced" traced fscaps_show /sys/kernel/fscaps
ok "undo while traced" sh -c "echo reversed >$F/stage"
ok "after undo: the old code runs" fscaps_old
ok "and the tracer sees it at once" traced fscaps_show /sys/kernel/fscaps
untrace
ok "rmmod ksplice_core_fscaps" rmmod ksplice_core_fscaps
ok "ftrace found the bytes it expected throughout" ftrace_sane

# A kprobe on the word the branch takes: apply is refused.
dmesg -c >/dev/null
echo 'p:ksentry version_proc_show' >$T/kprobe_events
ok "apply is refused while a kprobe is on the entry" \
	sh -c "! echo applied >$D/stage"
ok "code_busy, naming the kprobe" \
	sh -c "grep -qx code_busy $D/abort_cause && grep -qx 'kprobe - version_proc_show' $D/conflicts && dmesg | grep -q 'code_busy: kprobe at version_proc_show+0x0/'"
echo '-:ksentry' >>$T/kprobe_events
ok "without it, apply works" apply_version

# A kprobe on the branch itself: emulated; undo waits for it.
echo 'p:ksjump version_proc_show' >>$T/kprobe_events
echo 1 >$T/events/kprobes/ksjump/enable
echo >$T/trace
ok "a kprobe on the branch: the new code still runs, the probe fires" \
	sh -c "grep -q '^ksplice_core_version' /proc/version && grep -q ksjump $T/trace"
ok "undo is refused while it is there" sh -c "! echo reversed >$D/stage"
echo 0 >$T/events/kprobes/ksjump/enable
echo '-:ksjump' >>$T/kprobe_events

# A kprobe in the dead body: it never fires, and undo is refused (the
# original instructions would run again around it).
echo 'p:ksbody version_proc_show+4' >>$T/kprobe_events
echo 1 >$T/events/kprobes/ksbody/enable
echo >$T/trace
ok "a kprobe in the old body does not fire while applied" \
	sh -c "grep -q '^ksplice_core_version' /proc/version && ! grep -q ksbody $T/trace"
ok "undo is refused while it is there" sh -c "! echo reversed >$D/stage"
echo 0 >$T/events/kprobes/ksbody/enable
echo '-:ksbody' >>$T/kprobe_events
ok "without it, undo and rmmod work" \
	sh -c "echo reversed >$D/stage && rmmod ksplice_core_version && ! grep -q '^ksplice_' /proc/version"
ok "ftrace found the bytes it expected throughout" ftrace_sane
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
