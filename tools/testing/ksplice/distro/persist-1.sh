# SPDX-License-Identifier: GPL-2.0
# Reboot scenario, first boot: install two stacked updates of
# version_proc_show(), persist_a from its Debian package (postinst:
# ksplice-apply --install) and persist_b with ksplice-apply --install.
. /lib.sh
. /data/persist.lib

nothing_kept() { [ -z "$(ls $KEPT 2>/dev/null)" ]; }
run_to() {	# run_to FILE CMD...: CMD's output in FILE; CMD's status
	f=$1
	shift
	"$@" >"$f" 2>&1
}
a_kept() { shows A && test -f $KEPT/0001-ksplice-persist_a.ko; }
b_kept() { shows B && test -f $KEPT/0002-ksplice-persist_b.ko; }
boot_again() {
	ksplice-apply --boot >/tmp/boot.out 2>&1 &&
		[ "$(grep -c 'applied already' /tmp/boot.out)" -eq 2 ] && shows B
}
three_kept() { sync && [ "$(ls $KEPT | grep -c '^000[123]-ksplice-')" -eq 3 ]; }
unmount() { cd / && umount /var; }

plan 12
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "the disk is mounted on /var" mount_var
ok "nothing is kept for $KVER yet" nothing_kept
ok "before: /proc/version is the original" shows_none
ok "dpkg -i of the update's package applies it (postinst)" run_to /tmp/dpkg.out dpkg -i /data/$DEB
diag "$(cat /tmp/dpkg.out)"
ok "A shows, and the package kept it as $KEPT/0001-ksplice-persist_a.ko" a_kept
ok "ksplice-apply --install applies B on top of A" \
	run_to /tmp/b.out ksplice-apply --install $M/ksplice-persist_b.ko
diag "$(cat /tmp/b.out)"
ok "B shows, kept as $KEPT/0002-ksplice-persist_b.ko" b_kept
not_ok_if "installing B again is refused" ksplice-apply --install $M/ksplice-persist_b.ko
ok "ksplice-apply --boot now changes nothing" boot_again
# As if kept before the kernel was rebuilt: an update of another build.
cp $M/ksplice-distro_otherbuild.ko $KEPT/0003-ksplice-distro_otherbuild.ko
ok "the kept updates are on the disk" three_kept
ok "the disk unmounts cleanly" unmount
