#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tests of "make patch-kernel KSRC=DIR": applies, is idempotent, and
# refuses bad trees leaving them exactly as they were.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/ks-patch-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$work/out
pk() { make -s -C "$KS_TOP" patch-kernel KSRC="$1" >"$out" 2>&1; }

t_plan 12

mk_pristine "$work/a"
pk "$work/a"; rc=$?
t_ok "applies to a pristine tree" $rc "$out"
missing=0
while read -r f; do
	cmp -s "$KS_TOP/$f" "$work/a/$f" || { echo "missing: $f"; missing=1; }
done < <(cd "$KS_TOP" && git ls-files arch Documentation include kernel scripts tools) >"$work/m"
t_ok "every overlay file is in the tree" $missing "$work/m"
grep -q 'livepatch_ksplice' "$work/a/kernel/Makefile" &&
	grep -q '^ksplice:' "$work/a/Makefile" &&
	grep -q 'select HAVE_KSPLICE' "$work/a/arch/x86/Kconfig"
t_ok "the changes to existing files are in" $? "$out"

fp=$(tree_fingerprint "$work/a")
pk "$work/a"; rc=$?
t_ok "a second run succeeds" $rc "$out"
grep -q 'already applied' "$out"
t_ok "a second run says it is already applied" $? "$out"
[ "$(tree_fingerprint "$work/a")" = "$fp" ]
t_ok "a second run changes nothing" $? "$out"

pk "$work/nonexistent"; rc=$?
[ $rc -ne 0 ] && grep -q 'no such directory' "$out"
t_ok "refuses a missing directory" $? "$out"

mkdir -p "$work/notkernel/sub" && echo hello >"$work/notkernel/file"
fp=$(tree_fingerprint "$work/notkernel")
pk "$work/notkernel"; rc=$?
[ $rc -ne 0 ] && grep -q 'is not a Linux kernel source tree' "$out" &&
	[ "$(tree_fingerprint "$work/notkernel")" = "$fp" ]
t_ok "refuses a directory that is not a kernel tree, unchanged" $? "$out"

# A tree where one hunk cannot apply: kernel/Makefile lost the line the
# change hangs on.  Everything else would apply.
mk_pristine "$work/b"
sed 's|^obj-y += livepatch/$|obj-y += livepatch-renamed/|' \
	"$work/b/kernel/Makefile" >"$work/km" && rm "$work/b/kernel/Makefile" &&
	mv "$work/km" "$work/b/kernel/Makefile"
fp=$(tree_fingerprint "$work/b")
sums=$(cd "$work/b" && md5sum Makefile arch/Kconfig arch/x86/Kconfig kernel/Makefile)
pk "$work/b"; rc=$?
[ $rc -ne 0 ]
t_ok "refuses a tree where a hunk fails" $? "$out"
grep -q 'kernel/Makefile' "$out" && grep -q 'not changed' "$out"
t_ok "the error names the file whose change fails" $? "$out"
[ "$(tree_fingerprint "$work/b")" = "$fp" ] &&
	[ "$(cd "$work/b" && md5sum Makefile arch/Kconfig arch/x86/Kconfig kernel/Makefile)" = "$sums" ] &&
	[ ! -e "$work/b/kernel/livepatch_ksplice" ]
t_ok "that tree is left exactly as it was" $? "$out"

# A tree holding part of the set: one overlay file, no hunks.
mk_pristine "$work/c"
mkdir -p "$work/c/include/linux" && cp "$KS_TOP/include/linux/ksplice.h" "$work/c/include/linux/"
fp=$(tree_fingerprint "$work/c")
pk "$work/c"; rc=$?
[ $rc -ne 0 ] && grep -q 'part of the patch set' "$out" &&
	[ "$(tree_fingerprint "$work/c")" = "$fp" ]
t_ok "refuses a half-patched tree, unchanged" $? "$out"

t_done
