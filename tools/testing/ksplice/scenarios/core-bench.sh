# SPDX-License-Identifier: GPL-2.0
# The pause of the machine, over 100 undo/apply cycles of a one-function
# update (ksplice_core_version) and of a 50-function one
# (ksplice_core_many): median and p99 pause_ns of the 200 switches each;
# and, in the same guest, the time of 100 empty stop_machine() calls,
# the floor of the method.
# Needs /modules/ksplice_core_version.ko, kst_target.ko,
# ksplice_core_many.ko and kst_stopbench.ko
# (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
N=100

need_modules ksplice_core_version kst_target ksplice_core_many kst_stopbench

# cycles UPDATE: N undo/apply cycles, pause_ns of each switch in /tmp/p.UPDATE
cycles() {
	d=/sys/kernel/ksplice/$1
	rm -f /tmp/p.$1
	i=0
	while [ $i -lt $N ]; do
		echo reversed >$d/stage || return 1
		cat $d/pause_ns >>/tmp/p.$1
		echo applied >$d/stage || return 1
		cat $d/pause_ns >>/tmp/p.$1
		i=$((i + 1))
	done
}

stats() {
	sort -n /tmp/p.$1 >/tmp/s.$1
	n=$(wc -l </tmp/s.$1)
	echo "$1: $n switches, pause_ns median $(sed -n "$(( (n + 1) / 2 ))p" /tmp/s.$1)" \
		"p99 $(sed -n "$(( (n * 99 + 99) / 100 ))p" /tmp/s.$1)" \
		"max $(tail -1 /tmp/s.$1)"
}

plan 10
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "insmod the one-function update" insmod $M/ksplice_core_version.ko
ok "$N cycles of the one-function update" cycles core_version
diag "$(stats core_version)"
ok "insmod kst_target" insmod $M/kst_target.ko
ok "before: the 50 functions sum to 1225" grep -qx 1225 /proc/kst_target_sum
ok "insmod the 50-function update: they sum to 51225" \
	sh -c "insmod $M/ksplice_core_many.ko && grep -qx 51225 /proc/kst_target_sum"
ok "$N cycles of the 50-function update" cycles core_many
diag "$(stats core_many)"
ok "undo and rmmod all" \
	sh -c 'for u in core_version core_many; do echo reversed >/sys/kernel/ksplice/$u/stage || exit 1; done; grep -qx 1225 /proc/kst_target_sum && rmmod ksplice_core_version ksplice_core_many kst_target'
ok "insmod kst_stopbench" insmod $M/kst_stopbench.ko
ok "100 empty stop_machine() calls" sh -c 'cat /proc/kst_stop_machine >/tmp/p.stop_machine'
diag "$(stats stop_machine)"
rmmod kst_stopbench
