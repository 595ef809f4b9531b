# SPDX-License-Identifier: GPL-2.0
# code_busy: a task sleeping inside the function an update replaces makes
# insmod fail, naming the task; once it has left, insmod succeeds.  The
# function is in a module (kst_target), so this also covers updates of
# module code and the reference the update takes on its target.
# Needs /modules/kst_target.ko and /modules/ksplice_core_busy.ko
# (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_busy

need_modules kst_target ksplice_core_busy

value_is() { grep -qx "value=$1" /proc/kst_target; }

plan 20
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
# Fail fast: 3 tries, 5 ms then 10 ms apart.
echo 3 >/sys/module/ksplice/parameters/max_tries
echo 5 >/sys/module/ksplice/parameters/retry_delay_ms
ok "the retry knobs are writable" \
	sh -c 'grep -qx 3 /sys/module/ksplice/parameters/max_tries'
ok "insmod kst_target" insmod $M/kst_target.ko
ok "before: value=1" value_is 1

cat /proc/kst_target_block >/dev/null 2>&1 &
sleeper=$!
sleep 1
ok "a reader sleeps inside kst_target_value (pid $sleeper)" \
	test -d /proc/$sleeper
dmesg -c >/dev/null
not_ok_if "insmod fails while a task is inside the function" \
	insmod $M/ksplice_core_busy.ko
ok "the log says code_busy, naming the task and the function" \
	sh -c "dmesg | grep -q 'ksplice: core_busy: aborted: code_busy: cat (pid $sleeper) in kst_target_value'"
dmesg | grep 'ksplice:' | while IFS= read -r l; do diag "$l"; done
ok "no directory is left behind" sh -c "! test -e $D"
ok "the module is not loaded" sh -c '! grep -q "^ksplice_core_busy " /proc/modules'
ok "behaviour unchanged: value=1" value_is 1

kill $sleeper
wait $sleeper 2>/dev/null
ok "once the task has left, insmod succeeds" insmod $M/ksplice_core_busy.ko
ok "applied: value=2" value_is 2
ok "stage is applied, conflicts empty" \
	sh -c "grep -qx applied $D/stage && [ -z \"\$(cat $D/conflicts)\" ]"
ok "functions names the module" \
	sh -c "grep -Eqx 'kst_target_value kst_target 0x[0-9a-f]+' $D/functions"
not_ok_if "rmmod of the patched module is refused" rmmod kst_target
not_ok_if "rmmod of the update is refused" rmmod ksplice_core_busy

# Undo while a task is inside the new code: code_busy, in sysfs too.
cat /proc/kst_target_block >/dev/null 2>&1 &
sleeper=$!
sleep 1
ok "undo fails while a task is inside the new code" \
	sh -c "! echo reversed >$D/stage"
# (A word of its stack may point into the update's other code first:
# then the conflict names the update, whose whole text undo checks.)
ok "abort_cause is code_busy and conflicts names the task" \
	sh -c "grep -qx code_busy $D/abort_cause && grep -qxE 'cat $sleeper (kst_target_value|core_busy)' $D/conflicts"
kill $sleeper
wait $sleeper 2>/dev/null
ok "then undo works: value=1" \
	sh -c "echo reversed >$D/stage && grep -qx value=1 /proc/kst_target"
ok "rmmod the update, then the target" \
	sh -c 'rmmod ksplice_core_busy && rmmod kst_target'
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
