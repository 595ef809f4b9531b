# SPDX-License-Identifier: GPL-2.0
# Run-pre matching, end to end (the guest half of the "match" suite;
# match/build makes what it needs).  One boot, four stories:
#
#  1. An update made from a source tree in which the function it changes
#     differs from the running kernel (edited, the kernel not rebuilt)
#     fails insmod with no_match; the kernel log names the function and
#     the first offset that differed, which the host worked out from the
#     two updates' pre code; nothing is left and nothing changed.
#  2. The same fix made from the right tree then applies, and it replaces
#     the right one of vmlinux's two static m_show functions: /proc/modules
#     (kernel/module/procfs.c) changes, /proc/mounts (fs/namespace.c) stays
#     byte-identical, and sysfs names the address kallsyms has for the
#     first, not the second.  After undo /proc/modules is as before.
#  3. An update made from a source tree in which m_show differs from the
#     running one only in a string literal of the same length (same code,
#     same relocations) fails insmod with no_match: strings are compared
#     by content.
#  4. One update that changes both static m_show, of two files: each is
#     matched and resolved within its own object file, and both
#     /proc/modules and /proc/mounts change; undo restores both.
#  5. Stacking as users stack.  A changes meminfo_proc_show and the
#     show_val_kb it calls (" KB").  B, a second fix of show_val_kb
#     (" kb"), made from a tree with A's fix in it, applies on A: its
#     pre code is A's new code.  Its jump also takes A's own copy of
#     show_val_kb, which A's meminfo_proc_show calls directly.  The same
#     fix made beside A (from the tree without A's fix) is refused with
#     no_match naming A: it would drop A's fix.  Undo goes B then A, and
#     B does not come back without A.
#
# Needs /modules/ksplice-$FIX.ko, ksplice-$STALE.ko, ksplice-$STRING.ko,
# ksplice-$BOTH.ko, ksplice-stack_{a,b,beside}.ko, binfmt_misc.ko (a
# module to give /proc/modules a line) and /data/match.env.
. /lib.sh

plan 52
if [ ! -f /data/match.env ]; then
	tap "not ok 1 - /data/match.env is missing (run match/build)"
	exit 0
fi
. /data/match.env
D=/sys/kernel/ksplice/$FIX
MARK='[ksplice: m_show fixed]'
MARK_RE='\[ksplice: m_show fixed\]'

# modules_as_before: /proc/modules reads as it did before the update,
# now or within three seconds.  Every exec takes a reference on each
# binary format it tries, binfmt_misc first (it puts itself at the head
# of the list), so a read beside an exec (cat piped into cmp, or any
# other process starting) can show binfmt_misc used once.  So read into
# a file with nothing started beside the read, and read again when it
# differs: a difference that stays is what this point is for, and it
# is printed.
modules_as_before() {
	local try=0
	while :; do
		cat /proc/modules >/tmp/modules.now || return 1
		cmp -s /tmp/modules.now /tmp/modules.0 && return 0
		try=$((try + 1))
		[ $try -gt 3 ] && break
		sleep 1
	done
	diff /tmp/modules.0 /tmp/modules.now
	return 1
}

ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "binfmt_misc.ko loads, to be listed in /proc/modules" insmod /modules/binfmt_misc.ko
cat /proc/modules >/tmp/modules.0
cat /proc/mounts >/tmp/mounts.0
ok "before: /proc/modules lists binfmt_misc" grep -q '^binfmt_misc ' /tmp/modules.0
not_ok_if "before: /proc/modules has no line the fixed m_show would print" \
	grep -qF "$MARK" /tmp/modules.0
ok "before: /proc/mounts lists /proc and /sys" \
	sh -c 'grep -q "^proc /proc proc " /tmp/mounts.0 && grep -q "^sysfs /sys sysfs " /tmp/mounts.0'

# --- 1. the update made from the wrong source
insmod /modules/ksplice-$STALE.ko >/tmp/stale.out 2>&1
echo $? >/tmp/stale.rc
ok "the update made from the edited source fails insmod" sh -c '! grep -qx 0 /tmp/stale.rc'
diag "insmod: $(cat /tmp/stale.out)"
dmesg | grep "ksplice: $STALE: " >/tmp/stale.log
diag "log: $(cat /tmp/stale.log)"
ok "the kernel log says: $STALE: aborted: no_match, naming $FUNC" \
	grep -q "^ksplice: $STALE: aborted: no_match: $FUNC in vmlinux: " /tmp/stale.log
ok "the log names the first offset that differs, $OFF (the host's count)" \
	grep -q ": the code differs at offset $OFF (2 candidates)\$" /tmp/stale.log
ok "no sysfs directory is left for $STALE" sh -c "! test -e /sys/kernel/ksplice/$STALE"
ok "no module ksplice_$STALE is left" sh -c "! grep -q '^ksplice_$STALE ' /proc/modules"
ok "after the abort: /proc/modules is as before" modules_as_before
ok "after the abort: /proc/mounts is byte-identical" sh -c 'cat /proc/mounts | cmp -s - /tmp/mounts.0'

# --- 3. the update made from a source that differs in a string only
dmesg -c >/dev/null
insmod /modules/ksplice-$STRING.ko >/tmp/string.out 2>&1
echo $? >/tmp/string.rc
ok "the update made from a source with another string fails insmod" \
	sh -c '! grep -qx 0 /tmp/string.rc'
dmesg | grep "ksplice: $STRING: " >/tmp/string.log
diag "log: $(cat /tmp/string.log)"
ok "the log says no_match in $FUNC: the running code points at other data (a string)" \
	grep -q "^ksplice: $STRING: aborted: no_match: $FUNC in vmlinux: the running code points at other data than \.rodata\..*str" /tmp/string.log
ok "no sysfs directory or module is left for $STRING" \
	sh -c "! test -e /sys/kernel/ksplice/$STRING && ! grep -q '^ksplice_$STRING ' /proc/modules"
ok "after the abort: /proc/modules is as before" modules_as_before

# --- 2. the update made from the right source, for one of two m_show
ok "the update made from the right source applies" insmod /modules/ksplice-$FIX.ko
ok "stage is applied" grep -qx applied $D/stage
cat /proc/modules >/tmp/modules.1
cat /proc/mounts >/tmp/mounts.1
ok "while applied: every /proc/modules line has what the fixed m_show prints" \
	sh -c "grep -q '^binfmt_misc .* $MARK_RE\$' /tmp/modules.1 &&
		! grep -vqF '$MARK' /tmp/modules.1"
ok "while applied: /proc/mounts (the other m_show) is byte-identical" \
	cmp -s /tmp/mounts.1 /tmp/mounts.0

# Addresses as offsets from _stext, which the host can know too (KASLR
# moves the kernel as a whole).
stext=$(awk '$3 == "_stext" { print $1; exit }' /proc/kallsyms)
rels() {	# the offsets from _stext of the kallsyms entries named $1
	awk -v n="$1" '$3 == n && $4 == "" { print $1 }' /proc/kallsyms |
		while read -r a; do echo $((0x$a - 0x$stext)); done
}
rels "$FUNC" | sort -n >/tmp/cands
diag "kallsyms: $FUNC at _stext + $(tr '\n' ' ' </tmp/cands); host: $RIGHT_REL (fixed), $OTHER_REL (other)"
ok "kallsyms has two $FUNC, where the host found them in vmlinux" \
	sh -c "printf '%s\n' $RIGHT_REL $OTHER_REL | sort -n | cmp -s - /tmp/cands"
got=$(awk -v n="$FUNC" '$1 == n && $2 == "vmlinux" { print $3 }' $D/functions)
diag "functions: $(cat $D/functions)"
ok "functions lists one $FUNC" test "$(grep -c "^$FUNC " $D/functions)" = 1
ok "the replaced $FUNC is kernel/module/procfs.c's (_stext + $RIGHT_REL)" \
	test "$((${got:-0} - 0x$stext))" = "$RIGHT_REL"
ok "... not fs/namespace.c's (_stext + $OTHER_REL)" \
	test "$((${got:-0} - 0x$stext))" != "$OTHER_REL"

ok "writing reversed undoes it" sh -c "echo reversed >$D/stage"
ok "after undo: /proc/modules has no line the fixed m_show prints" \
	sh -c "cat /proc/modules | grep -q '^binfmt_misc ' && ! grep -qF '$MARK' /proc/modules"
ok "after undo: /proc/mounts is byte-identical" sh -c 'cat /proc/mounts | cmp -s - /tmp/mounts.0'
ok "rmmod works after undo" rmmod ksplice_$FIX
ok "after rmmod: /proc/modules is as before" modules_as_before

# --- 4. one update, two static m_show of two files
BD=/sys/kernel/ksplice/$BOTH
ok "the update of both m_show applies" insmod /modules/ksplice-$BOTH.ko
ok "stage is applied" grep -qx applied $BD/stage
cat /proc/modules >/tmp/modules.2
cat /proc/mounts >/tmp/mounts.2
ok "while applied: /proc/modules (kernel/module/procfs.c) has the new line end" \
	grep -q '^binfmt_misc .* \[ksplice: both m_show fixed\]$' /tmp/modules.2
ok "while applied: /proc/mounts (fs/namespace.c) has the new line after each mount" \
	sh -c "grep -q '^proc /proc proc ' /tmp/mounts.2 &&
		test \"\$(grep -c '^# ksplice: both m_show fixed\$' /tmp/mounts.2)\" = \"\$(grep -vc '^# ksplice' /tmp/mounts.2)\""
diag "functions: $(cat $BD/functions)"
awk -v n="$FUNC" '$1 == n && $2 == "vmlinux" { print $3 }' $BD/functions |
	while read -r a; do echo $((a - 0x$stext)); done | sort -n >/tmp/both.rels
ok "functions lists both $FUNC, at the two addresses kallsyms has" \
	sh -c "printf '%s\n' $RIGHT_REL $OTHER_REL | sort -n | cmp -s - /tmp/both.rels"
ok "writing reversed undoes it" sh -c "echo reversed >$BD/stage"
ok "after undo: /proc/mounts is byte-identical" sh -c 'cat /proc/mounts | cmp -s - /tmp/mounts.0'
ok "rmmod works after undo" rmmod ksplice_$BOTH
ok "after undo and rmmod: /proc/modules is as before" modules_as_before

# --- 5. stacking as users stack
SA=/sys/kernel/ksplice/stack_a
SB=/sys/kernel/ksplice/stack_b
# The units some show_val_kb lines of /proc/meminfo end with (a script,
# for the sh -c of the checks).
cat >/tmp/units <<'EOF'
#!/bin/sh
grep -E '^(MemTotal|MemFree|MemAvailable|Cached|Active): +[0-9]+ [kK][bB]$' /proc/meminfo |
	sed 's/.* //' | sort -u | tr '\n' ' '
EOF
chmod +x /tmp/units
ok "before: every value line of /proc/meminfo ends in kB ($(/tmp/units))" \
	test "$(/tmp/units)" = "kB "
ok "stack_a applies" insmod /modules/ksplice-stack_a.ko
ok "A: /proc/meminfo says Ksplice: stacked, and KB ($(/tmp/units))" \
	sh -c 'grep -qx "Ksplice: stacked" /proc/meminfo && test "$(/tmp/units)" = "KB "'
dmesg -c >/dev/null
not_ok_if "stack_beside (made without A's fix) fails insmod" \
	insmod /modules/ksplice-stack_beside.ko
dmesg | grep 'ksplice: stack_beside: ' >/tmp/beside.log
diag "log: $(cat /tmp/beside.log)"
ok "the log says no_match, naming stack_a, whose code runs there" \
	grep -q "^ksplice: stack_beside: aborted: no_match: [a-z_]* in vmlinux: .*the running code is update stack_a's" /tmp/beside.log
ok "nothing is left of stack_beside; A's KB still" \
	sh -c "! test -e /sys/kernel/ksplice/stack_beside && test \"\$(/tmp/units)\" = 'KB '"
ok "stack_b (made on A's tree) applies" insmod /modules/ksplice-stack_b.ko
ok "B: every value line ends in kb, through A's meminfo_proc_show ($(/tmp/units))" \
	sh -c 'grep -qx "Ksplice: stacked" /proc/meminfo && test "$(/tmp/units)" = "kb "'
ok "undo of A first is refused: out_of_order, naming stack_b" \
	sh -c "! echo reversed >$SA/stage && grep -qx out_of_order $SA/abort_cause &&
		dmesg | grep -q 'ksplice: stack_a: reverse aborted: out_of_order: undo stack_b first'"
ok "undo B: KB again" \
	sh -c "echo reversed >$SB/stage && test \"\$(/tmp/units)\" = 'KB '"
ok "undo A: kB, and no Ksplice line" \
	sh -c "echo reversed >$SA/stage && test \"\$(/tmp/units)\" = 'kB ' &&
		! grep -q Ksplice /proc/meminfo"
dmesg -c >/dev/null
ok "B cannot be applied again without A: no_match" \
	sh -c "! echo applied >$SB/stage && grep -qx no_match $SB/abort_cause &&
		test \"\$(/tmp/units)\" = 'kB '"
diag "log: $(dmesg | grep 'ksplice: stack_b')"
ok "A, then B again: kb" \
	sh -c "echo applied >$SA/stage && echo applied >$SB/stage && test \"\$(/tmp/units)\" = 'kb '"
ok "undo B, A; rmmod both" \
	sh -c "echo reversed >$SB/stage && echo reversed >$SA/stage &&
		rmmod ksplice_stack_b && rmmod ksplice_stack_a && test \"\$(/tmp/units)\" = 'kB '"
