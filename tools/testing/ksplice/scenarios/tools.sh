# SPDX-License-Identifier: GPL-2.0
# The user tools of tools/ksplice (ksplice-apply, ksplice-view,
# ksplice-undo), as the patch set installs them, over two hand-made
# updates: core_version (/proc/version) and core_busy (kst_target, with a
# task asleep inside the function for the failure path).
# Needs /modules/{ksplice_core_version,kst_target,ksplice_core_busy}.ko
# (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
need_modules ksplice_core_version kst_target ksplice_core_busy

cat /proc/version >/tmp/orig
is_new() { grep -q '^ksplice_core_version relocs=ok ' /proc/version; }
# out FILE CMD...: run CMD, its output (both streams) to FILE; CMD's status.
out() {
	f=$1
	shift
	"$@" >"$f" 2>&1
}
echo 2 >/sys/module/ksplice/parameters/max_tries
echo 1 >/sys/module/ksplice/parameters/retry_delay_ms

plan 22
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "the tools are installed" sh -c 'command -v ksplice-apply && command -v ksplice-undo && command -v ksplice-view'
ok "ksplice-view with nothing applied prints only the header" \
	sh -c '[ "$(ksplice-view | wc -l)" -eq 1 ]'
not_ok_if "ksplice-apply without arguments fails" ksplice-apply
ok "ksplice-apply of a missing file names it" \
	sh -c 'o=$(ksplice-apply /nonexistent.ko 2>&1); [ $? -eq 1 ] &&
		echo "$o" | grep -q "/nonexistent.ko: no such file"'
not_ok_if "before: /proc/version is the original" is_new

ok "ksplice-apply applies an update" out /tmp/apply ksplice-apply $M/ksplice_core_version.ko
diag "$(cat /tmp/apply)"
ok "it says what it replaced and the pause" \
	grep -Eq '^core_version: applied \(machine stopped [0-9]+ ns\): version_proc_show$' /tmp/apply
ok "applied: /proc/version shows the new code" is_new
ok "ksplice-view lists it as applied with one function" \
	sh -c 'ksplice-view | grep -Eq "^core_version +applied +[0-9]+ +1$"'
ok "ksplice-view NAME shows stage and functions" \
	sh -c 'ksplice-view core_version >/tmp/view &&
		grep -qx "stage:       applied" /tmp/view &&
		grep -Eq "^  version_proc_show vmlinux 0x[0-9a-f]+$" /tmp/view'
not_ok_if "ksplice-view of an unknown update fails" ksplice-view no_such_update

# The failure path: a task asleep in the target function.
insmod $M/kst_target.ko
cat /proc/kst_target_block >/dev/null 2>&1 &
sleeper=$!
sleep 1
not_ok_if "ksplice-apply fails while a task is inside the function" \
	out /tmp/busy ksplice-apply $M/ksplice_core_busy.ko
diag "$(cat /tmp/busy)"
ok "it prints the kernel's abort record, naming the task" \
	grep -q "ksplice: core_busy: aborted: code_busy: cat (pid $sleeper) in kst_target_value" /tmp/busy
ok "nothing is left loaded" sh -c '! grep -q "^ksplice_core_busy " /proc/modules'
kill $sleeper
wait $sleeper 2>/dev/null
ok "-q applies quietly once the task has left" \
	sh -c '[ -z "$(ksplice-apply -q /modules/ksplice_core_busy.ko)" ] && grep -qx value=2 /proc/kst_target'

# Undo: by name, by module name, and -k.
cat /proc/kst_target_block >/dev/null 2>&1 &
sleeper=$!
sleep 1
not_ok_if "ksplice-undo fails while a task is inside the new code" \
	out /tmp/undo ksplice-undo core_busy
ok "it names the cause and the task" \
	sh -c "grep -q 'core_busy: not reversed: code_busy' /tmp/undo &&
		grep -qE 'in the way: cat $sleeper (kst_target_value|core_busy)' /tmp/undo"
kill $sleeper
wait $sleeper 2>/dev/null
ok "ksplice-undo ksplice_core_busy reverses and unloads it" \
	sh -c 'ksplice-undo ksplice_core_busy && grep -qx value=1 /proc/kst_target &&
		! grep -q "^ksplice_core_busy " /proc/modules'
ok "ksplice-undo -k reverses and keeps the module" \
	sh -c 'ksplice-undo -k core_version && ! grep -q "^ksplice_core_version relocs" /proc/version &&
		grep -qx reversed /sys/kernel/ksplice/core_version/stage'
ok "ksplice-undo of a reversed update unloads it" \
	sh -c 'ksplice-undo ksplice-core_version.ko && ! test -e /sys/kernel/ksplice/core_version'
ok "after: /proc/version is the original" cmp -s /proc/version /tmp/orig
rmmod kst_target
echo 5 >/sys/module/ksplice/parameters/max_tries
echo 10 >/sys/module/ksplice/parameters/retry_delay_ms
