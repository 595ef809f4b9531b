# SPDX-License-Identifier: GPL-2.0
# The core end to end with a hand-made update (no generator):
# ksplice_core_version replaces version_proc_show, the function behind
# /proc/version, and writes two relocations to a non-exported symbol.
# Needs /modules/ksplice_core_version.ko (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_version
NEW='^ksplice_core_version relocs=ok Linux version '

need_modules ksplice_core_version

cat /proc/version >/tmp/orig
is_new() { grep -Eq "$NEW" /proc/version; }
is_orig() { cmp -s /proc/version /tmp/orig; }
rest_is_orig() {
	sed 's/^ksplice_core_version relocs=ok //' /proc/version >/tmp/rest &&
		cmp -s /tmp/rest /tmp/orig
}
write_fails_einval() {
	out=$(sh -c "echo $1 >$D/stage" 2>&1) && return 1
	echo "$out" | grep -q 'Invalid argument'
}

plan 27
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "before: /proc/version is the original" is_orig
not_ok_if "before: /proc/version does not show the update" is_new
ok "insmod applies the update" insmod $M/ksplice_core_version.ko
ok "applied: /proc/version shows the new code, relocations right" is_new
ok "applied: the rest of the line is the original banner" rest_is_orig
ok "the kernel log says it was applied" \
	sh -c 'dmesg | grep -q "ksplice: core_version: applied: 1 function,"'
ok "$D exists" test -d $D
ok "stage is applied" sh -c "grep -qx applied $D/stage"
ok "abort_cause is none" sh -c "grep -qx none $D/abort_cause"
ok "conflicts is empty" sh -c "[ -z \"\$(cat $D/conflicts)\" ]"
ok "pause_ns is a positive number" \
	sh -c "grep -Eqx '[0-9]+' $D/pause_ns && [ \$(cat $D/pause_ns) -gt 0 ]"
diag "pause_ns $(cat $D/pause_ns 2>/dev/null)"
ok "functions lists version_proc_show in vmlinux" \
	sh -c "grep -Eqx 'version_proc_show vmlinux 0x[0-9a-f]+' $D/functions"
not_ok_if "rmmod is refused while applied" rmmod ksplice_core_version
ok "still applied after the refused rmmod" is_new
ok "junk written to stage gets EINVAL" write_fails_einval bogus
ok "an empty write to stage gets EINVAL" write_fails_einval "''"
ok "still applied after the junk" sh -c "grep -qx applied $D/stage && grep -Eq '$NEW' /proc/version"
ok "writing reversed undoes it" sh -c "echo reversed >$D/stage"
ok "stage is reversed" sh -c "grep -qx reversed $D/stage"
ok "reversed: /proc/version is the original again" is_orig
ok "writing reversed again is harmless" sh -c "echo reversed >$D/stage"
ok "writing applied applies it again" sh -c "echo applied >$D/stage"
ok "applied again: /proc/version shows the new code" is_new
ok "reversed again" sh -c "echo reversed >$D/stage && cmp -s /proc/version /tmp/orig"
ok "rmmod works after undo" rmmod ksplice_core_version
ok "its directory went with it" sh -c "! test -e $D"
