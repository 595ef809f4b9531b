# SPDX-License-Identifier: GPL-2.0
# Reboot scenario, second boot into the same kernel: what ksplice.service
# does (ksplice-apply --boot) brings back A then B, and refuses the
# update of another build; then B is uninstalled.
. /lib.sh
. /data/persist.lib

in_order() {
	[ "$(sed -n 's/^\(persist_[ab]\): applied .*/\1/p' /tmp/boot.out | tr '\n' ' ')" = "persist_a persist_b " ]
}
a_busy() { ! echo reversed 2>/dev/null >$A/stage; }
other_refused() {
	grep -q "distro_otherbuild.ko: refused: made for another build of $KVER" /tmp/boot.out &&
		! dmesg | grep -q distro_otherbuild && ! test -e /sys/kernel/ksplice/distro_otherbuild
}
b_uninstalled() {
	ksplice-undo --uninstall persist_b && ! test -e $B && ! ls $KEPT | grep -q persist_b
}
unmount() { sync && cd / && umount /var; }
# A third update, with two applied: ksplice-apply names the new one.
third() {
	ksplice-apply $M/ksplice-distro_signed.ko >/tmp/third.out 2>&1 &&
		grep -q '^distro_signed: applied ' /tmp/third.out && ksplice-undo distro_signed
}

plan 13
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "the disk is mounted on /var" mount_var
ok "after the reboot: /proc/version is the original" shows_none
dmesg -c >/dev/null
# ksplice.service: ExecStart=ksplice-apply --boot
ksplice-apply --boot >/tmp/boot.out 2>&1
rc=$?
diag "$(cat /tmp/boot.out)"
ok "ksplice-apply --boot exits 1: one kept update was not applied" [ $rc -eq 1 ]
ok "it applied A, then B, in the order they were installed" in_order
ok "B shows" shows B
ok "undoing A first is refused: B was applied after it" a_busy
ok "the update of another build was refused by build ID, never loaded" other_refused
rm -f $KEPT/0003-ksplice-distro_otherbuild.ko
ok "with A and B applied, ksplice-apply of a third names it, not A or B" third
diag "$(cat /tmp/third.out)"
ok "ksplice-undo --uninstall persist_b reverses, unloads and forgets B" b_uninstalled
ok "A shows again" shows A
not_ok_if "uninstalling B again fails" ksplice-undo --uninstall persist_b
ok "the disk unmounts cleanly" unmount
