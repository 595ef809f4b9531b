# SPDX-License-Identifier: GPL-2.0
# arches: x86_64
# An update whose new code has a runtime constant (the corpus's
# fixup-section.patch: filldir() in fs/readdir.c, whose access_ok()
# compares with runtime_const_ptr(USER_PTR_MAX)).  The core must write
# USER_PTR_MAX into the new code's immediate: a kprobe on the instruction
# after the movabs (/data/rc.env: RC_AT, RC_REG, found by the driver)
# reads the register and USER_PTR_MAX.  The old getdents(2), which goes
# through filldir() (busybox uses getdents64), reads directories and
# gets EFAULT for kernel and non-canonical buffers.  (EFAULT alone cannot
# tell the placeholder from the value: the placeholder lets the write
# through to a non-canonical address, whose #GP is fixed up quietly.)
# Needs /modules/ksplice-fixup_section.ko, /modules/getdents-probe and
# /data/rc.env (tools/testing/ksplice/runtime-const/run).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/fixup_section
P=$M/getdents-probe
ABOVE=0x0100000000000000	# above USER_PTR_MAX (4 or 5 levels), non-canonical
KERNEL=0xffff888000000000

for f in $M/ksplice-fixup_section.ko $P /data/rc.env; do
	if [ ! -f $f ]; then
		plan 1
		tap "not ok 1 - $f is missing (tools/testing/ksplice/runtime-const/run)"
		exit 0
	fi
done
chmod +x $P
. /data/rc.env
T=/sys/kernel/tracing
[ -e $T/kprobe_events ] || mount -t tracefs nodev $T 2>/dev/null

lists() { ls "$@" >/tmp/ls.out 2>&1 && test -s /tmp/ls.out; }
# A kprobe where the new code has just loaded the immediate.
probe_on() {
	echo "p:ksplice_rc ksplice_fixup_section:$RC_AT imm=%$RC_REG:x64 max=@USER_PTR_MAX:x64" \
		>$T/kprobe_events &&
		echo 1 >$T/events/kprobes/ksplice_rc/enable
}
probe_off() {
	echo 0 >$T/events/kprobes/ksplice_rc/enable &&
		echo >$T/kprobe_events
}
# The probe fired, and the immediate was USER_PTR_MAX, not the placeholder.
imm_is_user_ptr_max() {
	echo >$T/trace
	$P / >/dev/null || return 1
	line=$(grep -m1 'ksplice_rc:' $T/trace) || return 1
	imm=$(echo "$line" | sed -n 's/.* imm=\(0x[0-9a-f]*\).*/\1/p')
	max=$(echo "$line" | sed -n 's/.* max=\(0x[0-9a-f]*\).*/\1/p')
	diag "kprobe: $line"
	[ -n "$imm" ] && [ "$imm" = "$max" ] && [ "$imm" != 0x123456789abcdef ]
}

plan 23
ok "before: getdents (filldir) reads /" $P /
ok "before: getdents into a kernel address: EFAULT" $P -a $KERNEL /
ok "before: getdents just above the user range: EFAULT" $P -a $ABOVE /
ok "insmod applies the update" insmod $M/ksplice-fixup_section.ko
ok "stage is applied" sh -c "grep -qx applied $D/stage"
ok "abort_cause is none" sh -c "grep -qx none $D/abort_cause"
ok "functions lists filldir in vmlinux" \
	sh -c "grep -Eq '^filldir vmlinux 0x[0-9a-f]+' $D/functions"
ok "applied: ls / works" lists /
ok "applied: ls -la /proc works" lists -la /proc
ok "applied: getdents (the new filldir) reads /" $P /
ok "applied: getdents (the new filldir) reads /proc" $P /proc
ok "applied: getdents into a kernel address: EFAULT" $P -a $KERNEL /
ok "applied: getdents just above the user range: EFAULT" $P -a $ABOVE /
ok "applied: a kprobe at $RC_AT (after the movabs)" probe_on
ok "applied: the new code's immediate is USER_PTR_MAX" imm_is_user_ptr_max
diag "kprobe: $(grep -m1 'ksplice_rc:' $T/trace 2>/dev/null | sed 's/.*ksplice_rc: //')"
ok "the kprobe goes" probe_off
not_ok_if "rmmod is refused while applied" rmmod ksplice_fixup_section
ok "writing reversed undoes it" sh -c "echo reversed >$D/stage"
ok "stage is reversed" sh -c "grep -qx reversed $D/stage"
ok "reversed: getdents reads /" $P /
ok "reversed: getdents just above the user range: EFAULT" $P -a $ABOVE /
ok "reversed: ls -la /proc works" lists -la /proc
ok "rmmod works after undo" rmmod ksplice_fixup_section
