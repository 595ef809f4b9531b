#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ksplice refuses bad input with "ksplice: error: ..." naming the
# cause, writes no module, and leaves the source and build trees as they
# were.  Usage: ksplice-refusals.sh [ARCH] (x86_64 or arm; x86_64 by
# default), against that arch's test kernel, cross-compiling as a user
# would (ARCH=, CROSS_COMPILE=).  refusals/refusals.tsv says which
# refusals apply to which arch (an assembly file differs per arch).
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
ks_arch_vars "$arch"
work=$(mktemp -d "${TMPDIR:-/tmp}/ks-refusals.XXXXXX")
trap 'rm -rf "$work"' EXIT
tsv=$KS_DIR/refusals/refusals.tsv
# The refusals of this arch: name and expected error.
grep -v '^#' "$tsv" | while IFS=$'\t' read -r name want arches; do
	[ -z "$arches" ] || echo " $arches " | grep -q " $KS_BASEARCH " || continue
	printf '%s\t%s\n' "$name" "$want"
done >"$work/refusals"
n=$(wc -l <"$work/refusals")
t_plan $(( n * 2 + 8 ))

# ksplice_in OBJTREE ARGS...: make ksplice, stderr+stdout to $work/out.
ksplice_in() {
	local o=$1
	shift
	make -s -C "$KS_SRC" O="$o" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" \
		ksplice "$@" >"$work/out" 2>&1
}

src_fp=$(tree_fingerprint "$KS_SRC")
build_fp=$(tree_fingerprint "$KS_BUILD")

while IFS=$'\t' read -r name want; do
	ksplice_in "$KS_BUILD" PATCH="$KS_DIR/refusals/$name.diff"
	rc=$?
	[ $rc -ne 0 ] && grep -q '^ksplice: error: ' "$work/out" &&
		grep -Eq "$want" "$work/out"
	t_ok "$name: refused, saying /$want/" $? "$work/out"
	mod=ksplice-$(echo "$name" | tr - _).ko
	[ ! -e "$KS_BUILD/$mod" ] && ! ls "$KS_BUILD"/.ksplice-*.tmp >/dev/null 2>&1
	t_ok "$name: no module written" $? "$work/out"
done <"$work/refusals" | tee "$work/tap"
T_N=$(grep -c '^\(not \)\{0,1\}ok ' "$work/tap")
T_FAILED=$(grep -c '^not ok ' "$work/tap")

ksplice_in "$KS_BUILD"
[ $? -ne 0 ] && grep -q 'ksplice: error: no patch given' "$work/out"
t_ok "no PATCH=: refused with usage" $? "$work/out"

ksplice_in "$KS_BUILD" PATCH="$work/nonexistent.diff"
[ $? -ne 0 ] && grep -q 'nonexistent.diff: no such file' "$work/out"
t_ok "a missing patch file: refused" $? "$work/out"

# A configured tree that was never built.
mkdir -p "$work/unbuilt"
cp "$KS_BUILD/.config" "$work/unbuilt/.config"
make -s -C "$KS_SRC" O="$work/unbuilt" ARCH="$KARCH" \
	${CROSS:+CROSS_COMPILE="$CROSS"} olddefconfig >/dev/null 2>&1
ksplice_in "$work/unbuilt" PATCH="$KS_DIR/samples/proc-loadavg-string.diff"
[ $? -ne 0 ] && grep -q 'is not built' "$work/out"
t_ok "an unbuilt tree: refused" $? "$work/out"

# A tree without CONFIG_KSPLICE.
mkdir -p "$work/noksplice"
cp "$KS_BUILD/.config" "$work/noksplice/.config"
"$KS_SRC/scripts/config" --file "$work/noksplice/.config" --disable KSPLICE
make -s -C "$KS_SRC" O="$work/noksplice" ARCH="$KARCH" \
	${CROSS:+CROSS_COMPILE="$CROSS"} olddefconfig >/dev/null 2>&1
ksplice_in "$work/noksplice" PATCH="$KS_DIR/samples/proc-loadavg-string.diff"
[ $? -ne 0 ] && grep -q 'CONFIG_KSPLICE is not set' "$work/out"
t_ok "CONFIG_KSPLICE off: refused" $? "$work/out"

# An object tree that does not exist or was never configured.
mkdir -p "$work/empty"
ksplice_in "$work/empty" PATCH="$KS_DIR/samples/proc-loadavg-string.diff"
[ $? -ne 0 ] && grep -Eq 'Configuration file .*not found|no \.config' "$work/out"
t_ok "an unconfigured tree: refused" $? "$work/out"

ksplice_in "$KS_BUILD" PATCH="$KS_DIR/samples/proc-loadavg-string.diff" KSPLICE_NAME=bad-name
[ $? -ne 0 ] && grep -q 'KSPLICE_NAME=bad-name' "$work/out"
t_ok "an invalid KSPLICE_NAME: refused" $? "$work/out"

[ "$(tree_fingerprint "$KS_SRC")" = "$src_fp" ]
t_ok "the source tree is unchanged after all refusals" $?
[ "$(tree_fingerprint "$KS_BUILD")" = "$build_fp" ]
t_ok "the build tree is unchanged after all refusals" $?
t_done
