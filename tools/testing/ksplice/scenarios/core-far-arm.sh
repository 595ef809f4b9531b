# SPDX-License-Identifier: GPL-2.0
# arches: arm
# The 8-byte jump ("ldr pc, [pc, #-4]" and the address) and ftrace, on
# 32-bit ARM.  The kst_fill modules fill the module area, so that the
# updates (with 64 KiB of text) land in the vmalloc area, out of a
# branch's reach of the kernel.  version_proc_show has a prologue: the
# 8-byte jump takes its first two words and its ftrace site (fourth
# word) stays ftrace's, which can switch tracing on and off while the
# update is applied.  fscaps_show has none: its ftrace site is its
# second word, which the 8-byte jump would take, so the update is
# refused (unexpected), saying why, and ftrace keeps working on it.
# Needs /modules/kst_fill_*.ko (tools/testing/ksplice/modules/fill) and
# ksplice_core_far.ko, ksplice_core_fscaps_far.ko (modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_far
T=/sys/kernel/tracing
FILL="8192 4096 2048 1024 512 256 128 64 32 16 8 4 0a 0b 0c 0d"

need_modules ksplice_core_far ksplice_core_fscaps_far kst_fill_8192 kst_fill_0d

is_new() { grep -q '^ksplice_core_far relocs=ok' /proc/version; }
is_old() { ! grep -q '^ksplice_' /proc/version; }
fill() {
	for n in $FILL; do
		insmod $M/kst_fill_$n.ko || return 1
	done
}
# Is the text of module $1 more than a branch's reach (32 MiB) away
# from the function $2?
far() {
	local t f d
	t=$(cat /sys/module/$1/sections/.text) &&
		f=$(grep " $2\$" /proc/kallsyms | cut -d' ' -f1) &&
		[ -n "$t" ] && [ -n "$f" ] || return 1
	d=$(( t - 0x$f ))
	[ $d -lt 0 ] && d=$(( -d ))
	echo "module text $t, $2 0x$f, $d bytes apart"
	[ $d -gt $(( 32 * 1024 * 1024 )) ]
}
echo 2 >/sys/module/ksplice/parameters/max_tries
echo 1 >/sys/module/ksplice/parameters/retry_delay_ms

plan 21
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "tracefs mounts" mount -t tracefs nodev $T
ok "shell arithmetic is wide enough for kernel addresses" \
	test $(( 0xc0000000 - 0x10 )) -gt 0
ok "the fill modules load" fill

tracing version_proc_show
ok "before: the tracer sees version_proc_show" \
	traced version_proc_show /proc/version
ok "insmod ksplice_core_far while version_proc_show is traced" \
	insmod $M/ksplice_core_far.ko
ok "its new code is out of a branch's reach" \
	far ksplice_core_far version_proc_show
ok "applied: the new code runs" is_new
not_ok_if "applied: the old function is not traced" \
	traced version_proc_show /proc/version
ok "tracing off and on again while applied (its site is past the jump)" \
	retrace
ok "the new code still runs" is_new
not_ok_if "and the old function still is not traced" \
	traced version_proc_show /proc/version
ok "undo while traced" sh -c "echo reversed >$D/stage"
ok "after undo: the old code runs" is_old
ok "and the tracer sees it at once" traced version_proc_show /proc/version
untrace
ok "rmmod ksplice_core_far" rmmod ksplice_core_far

# The 8-byte jump would take fscaps_show's ftrace site: refused.
tracing fscaps_show
dmesg -c >/dev/null
ok "an update of fscaps_show that needs the 8-byte jump is refused" \
	sh -c "! insmod $M/ksplice_core_fscaps_far.ko"
ok "the log says why: unexpected, the jump would take the ftrace site" \
	sh -c "dmesg | grep -q 'ksplice: core_fscaps_far: aborted: unexpected: no jump from fscaps_show' && dmesg | grep -q 'no jump from fscaps_show.*: the 8-byte jump that the distance needs would take its ftrace or jump label site'"
ok "fscaps_show is untouched: the old code runs and the tracer sees it" \
	sh -c "grep -qx '[01]' /sys/kernel/fscaps && echo >$T/trace && cat /sys/kernel/fscaps >/dev/null && grep -q ' fscaps_show <-' $T/trace"
ok "tracing off and on again for it" retrace
untrace
ok "ftrace found the bytes it expected throughout" ftrace_sane
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
