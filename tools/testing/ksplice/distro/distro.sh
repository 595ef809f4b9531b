# SPDX-License-Identifier: GPL-2.0
# The distro kernel's boot options and what its module loading demands:
# preempt=full, call-depth tracking under retbleed=stuff, a signed update
# applied with its BTF, and the kernel's own refusals of an unsigned
# update, of one signed with a key it does not trust, and of one made
# against another build of the same version (MODVERSIONS).
# Needs what distro/build writes: the modules and /data/distro.env.
. /lib.sh
. /data/distro.env

M=/modules
LOADAVG=/proc/loadavg
is_new() { grep -q ksplice $LOADAVG; }
# refused KO MESSAGE: insmod fails, the kernel log says MESSAGE, and the
# module is not loaded.
refused() {
	dmesg -c >/dev/null
	insmod "$1" 2>/tmp/insmod.err && return 1
	diag "insmod: $(cat /tmp/insmod.err)"
	dmesg | grep -F "$2" >/tmp/refused || return 1
	diag "kernel: $(cat /tmp/refused)"
	! grep -q '^ksplice_' /proc/modules
}

plan 17
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "booted with preempt=full" grep -q "preempt=full" /proc/cmdline
ok "preemption is full (dynamic preemption chosen at boot)" \
	sh -c 'dmesg | grep -q "Dynamic Preempt: full"'
# Booted with retbleed=stuff, call-depth tracking must be on (the
# kernel's choice on the QEMU CPU model); without, it must be off.
diag "retbleed: $(cat /sys/devices/system/cpu/vulnerabilities/retbleed)"
if grep -q retbleed=stuff /proc/cmdline; then
	ok "call-depth tracking is on (retbleed: Mitigation: Stuffing)" \
		grep -qx 'Mitigation: Stuffing' /sys/devices/system/cpu/vulnerabilities/retbleed
else
	not_ok_if "call-depth tracking is off without retbleed=stuff" \
		grep -qx 'Mitigation: Stuffing' /sys/devices/system/cpu/vulnerabilities/retbleed
fi

not_ok_if "before: /proc/loadavg is the original" is_new
ok "the signed update is applied" ksplice-apply $M/ksplice-distro_signed.ko
ok "applied: /proc/loadavg shows the new code" is_new
if [ "$HAS_BTF" = 1 ]; then
	ok "its BTF was accepted (/sys/kernel/btf/ksplice_distro_signed)" \
		test -s /sys/kernel/btf/ksplice_distro_signed
else
	ok "it has no BTF and loaded without (no /sys/kernel/btf/ksplice_distro_signed)" \
		test ! -e /sys/kernel/btf/ksplice_distro_signed
fi
ok "undo and unload it" ksplice-undo distro_signed
not_ok_if "after: /proc/loadavg is the original" is_new

ok "an unsigned update is refused: Loading of unsigned module is rejected" \
	refused $M/ksplice-distro_unsigned.ko "Loading of unsigned module is rejected"
ok "one signed with a key the kernel does not trust is refused" \
	refused $M/ksplice-distro_foreign.ko "Loading of module with unavailable key is rejected"
ok "one made against another build is refused: disagrees about version of symbol module_layout" \
	refused $M/ksplice-distro_otherbuild.ko "ksplice_distro_otherbuild: disagrees about version of symbol module_layout"
not_ok_if "none of them changed /proc/loadavg" is_new
ok "none of them left an update" sh -c '[ -z "$(ls /sys/kernel/ksplice)" ]'

# The refusal of another build before any load, by build ID.
mkdir -p /tmp/lib/$KVER
cp $M/ksplice-distro_otherbuild.ko /tmp/lib/$KVER/0001-ksplice-distro_otherbuild.ko
dmesg -c >/dev/null
not_ok_if "ksplice-apply --boot refuses a kept update of another build" \
	sh -c 'KSPLICE_LIBDIR=/tmp/lib ksplice-apply --boot >/tmp/boot.out 2>&1'
ok "naming both build IDs, and without trying to load it" \
	sh -c "grep -q 'refused: made for another build of $KVER (build ID [0-9a-f]*; running $BUILD_ID)' /tmp/boot.out &&
		! dmesg | grep -q disagrees"
