# SPDX-License-Identifier: GPL-2.0
# Stacking: two updates of the same function.  The newest shows; undoing
# the older first is refused, naming the newer; undo in order works.
# Needs /modules/ksplice_core_version.ko and ksplice_core_version2.ko
# (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
A=/sys/kernel/ksplice/core_version
B=/sys/kernel/ksplice/core_version2

need_modules ksplice_core_version ksplice_core_version2

cat /proc/version >/tmp/orig
shows() { grep -q "^ksplice_$1 relocs=ok Linux version " /proc/version; }

plan 14
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "insmod A" insmod $M/ksplice_core_version.ko
ok "A shows" shows core_version
ok "insmod B on top of A" insmod $M/ksplice_core_version2.ko
ok "B shows" shows core_version2
dmesg -c >/dev/null
ok "undoing A first is refused" sh -c "! echo reversed >$A/stage"
ok "the log names B as the update to undo first" \
	sh -c "dmesg | grep -q 'ksplice: core_version: reverse aborted: out_of_order: undo core_version2 first'"
ok "A is still applied, abort_cause out_of_order" \
	sh -c "grep -qx applied $A/stage && grep -qx out_of_order $A/abort_cause"
ok "B still shows" shows core_version2
ok "undo B" sh -c "echo reversed >$B/stage"
ok "A shows after undoing B" shows core_version
ok "undo A: the original shows" \
	sh -c "echo reversed >$A/stage && cmp -s /proc/version /tmp/orig"
ok "rmmod both" sh -c 'rmmod ksplice_core_version2 && rmmod ksplice_core_version'
ok "the directories are gone" sh -c "! test -e $A && ! test -e $B"
