# SPDX-License-Identifier: GPL-2.0
# Undo checks all of the update's code, not only its new functions: a
# task asleep in a helper that only the update has (reached by a tail
# call, so no return address into the new function is on its stack)
# makes undo fail with code_busy, naming the task, and rmmod is refused;
# once the task has left, both work.  Without that check the module was
# freed under the sleeping task, whose wake-up then ran freed text.
# Needs /modules/kst_target.ko and /modules/ksplice_core_tail.ko.
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_tail

need_modules kst_target ksplice_core_tail

value_is() { grep -qx "value=$1" /proc/kst_target; }

plan 13
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
echo 3 >/sys/module/ksplice/parameters/max_tries
echo 5 >/sys/module/ksplice/parameters/retry_delay_ms
ok "insmod kst_target" insmod $M/kst_target.ko
ok "before: value=1" value_is 1
ok "insmod the update" insmod $M/ksplice_core_tail.ko
ok "applied: value=3 (from the helper)" value_is 3

cat /proc/kst_target_block >/dev/null 2>&1 &
sleeper=$!
sleep 1
ok "a reader sleeps in the update's helper (pid $sleeper)" test -d /proc/$sleeper
dmesg -c >/dev/null
ok "undo fails while the task is in the update's code" \
	sh -c "! echo reversed >$D/stage"
dmesg | grep 'ksplice:' | while IFS= read -r l; do diag "$l"; done
ok "the log says code_busy, naming the task" \
	sh -c "dmesg | grep -q 'ksplice: core_tail: reverse aborted: code_busy: cat (pid $sleeper) in core_tail'"
ok "abort_cause is code_busy, conflicts names the task, stage is applied" \
	sh -c "grep -qx code_busy $D/abort_cause && grep -q '^cat $sleeper ' $D/conflicts && grep -qx applied $D/stage"
not_ok_if "rmmod of the update is refused" rmmod ksplice_core_tail

kill $sleeper
wait $sleeper 2>/dev/null
ok "once the task has left, undo works: value=1" \
	sh -c "echo reversed >$D/stage && grep -qx value=1 /proc/kst_target"
ok "rmmod the update, then the target" \
	sh -c 'rmmod ksplice_core_tail && rmmod kst_target'
ok "the woken task left no trace in the log (no fault)" \
	sh -c "! dmesg | grep -qiE 'Oops|BUG:|Unable to handle'"
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
