# SPDX-License-Identifier: GPL-2.0
# Reboot scenario, third boot: only A comes back; removing its package
# (postrm: ksplice-undo --uninstall) undoes and forgets it.
. /lib.sh
. /data/persist.lib

a_alone() {
	ksplice-apply --boot >/tmp/boot.out 2>&1 && grep -q '^persist_a: applied ' /tmp/boot.out &&
		! grep -q persist_b /tmp/boot.out
}
a_not_b() { shows A && ! test -e $B; }
dpkg_r() { dpkg -r "$DEBPKG" >/tmp/dpkg.out 2>&1; }
none_loaded() { shows_none && ! test -e $A; }
nothing_kept() { [ -z "$(ls $KEPT)" ]; }
unmount() { sync && cd / && umount /var; }

plan 9
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "the disk is mounted on /var" mount_var
ok "after the reboot: /proc/version is the original" shows_none
ok "ksplice-apply --boot applies A alone" a_alone
diag "$(cat /tmp/boot.out)"
ok "A shows, B is not there" a_not_b
ok "dpkg -r of the package undoes A (postrm)" dpkg_r
diag "$(cat /tmp/dpkg.out)"
ok "the original shows, nothing is loaded" none_loaded
ok "nothing is kept for $KVER" nothing_kept
ok "the disk unmounts cleanly" unmount
