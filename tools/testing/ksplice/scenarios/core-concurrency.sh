# SPDX-License-Identifier: GPL-2.0
# Two insmods of different updates at once: the core serialises them and
# both end applied.
# Needs /modules/ksplice_core_version.ko, kst_target.ko and
# ksplice_core_busy.ko (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules

need_modules ksplice_core_version kst_target ksplice_core_busy

cat /proc/version >/tmp/orig

plan 8
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "insmod kst_target" insmod $M/kst_target.ko
insmod $M/ksplice_core_version.ko & a=$!
insmod $M/ksplice_core_busy.ko & b=$!
wait $a; ra=$?
wait $b; rb=$?
ok "both insmods succeed ($ra, $rb)" test "$ra$rb" = 00
ok "both updates are applied" \
	sh -c 'grep -qx applied /sys/kernel/ksplice/core_version/stage && grep -qx applied /sys/kernel/ksplice/core_busy/stage'
ok "both behaviours changed" \
	sh -c 'grep -q "^ksplice_core_version relocs=ok" /proc/version && grep -qx value=2 /proc/kst_target'
ok "the log shows two applies" \
	sh -c '[ $(dmesg | grep -Ec "ksplice: core_(version|busy): applied") -eq 2 ]'
echo reversed >/sys/kernel/ksplice/core_version/stage &
echo reversed >/sys/kernel/ksplice/core_busy/stage &
wait
ok "two undos at once both work" \
	sh -c 'cmp -s /proc/version /tmp/orig && grep -qx value=1 /proc/kst_target'
ok "rmmod all" \
	sh -c 'rmmod ksplice_core_version && rmmod ksplice_core_busy && rmmod kst_target'
