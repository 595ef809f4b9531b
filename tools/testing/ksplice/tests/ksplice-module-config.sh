#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What make ksplice asks of the tools and keys a module build needs, only
# where the kernel's configuration needs them: without pahole, a kernel
# with BTF for modules (CONFIG_DEBUG_INFO_BTF_MODULES) is refused, naming
# pahole, and any other builds; a kernel without CONFIG_MODULE_SIG gets
# an unsigned update and no word about keys.  Usage:
# ksplice-module-config.sh [ARCH], against that arch's test kernel.
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64}
ks_arch_vars "$arch"
mkdir -p "$KSPLICE_CACHE/run"
work=$(mktemp -d "$KSPLICE_CACHE/run/ks-modcfg.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
cfg() { grep -qx "CONFIG_$1=y" "$KS_BUILD/.config"; }
# Signing itself is distro/build's (x86_64-distro).
if cfg MODULE_SIG; then t_plan 2; else t_plan 4; fi

build_fp=$(tree_fingerprint "$KS_BUILD" --no-modules)
make -s -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" ${CROSS:+CROSS_COMPILE="$CROSS"} \
	CC="ccache ${CROSS}gcc" ksplice PATCH="$KS_DIR/samples/proc-loadavg-string.diff" \
	KSPLICE_NAME=modcfg PAHOLE=/nonexistent/pahole >"$work/out" 2>&1
rc=$?
ko=$KS_BUILD/ksplice-modcfg.ko
if cfg DEBUG_INFO_BTF_MODULES; then
	[ $rc -ne 0 ] && [ ! -e "$ko" ] &&
		grep -q '^ksplice: error: /nonexistent/pahole is missing: CONFIG_DEBUG_INFO_BTF_MODULES ' "$work/out"
	t_ok "$arch: BTF for modules, no pahole: make ksplice fails, naming pahole" $? "$work/out"
else
	[ $rc -eq 0 ] && [ -f "$ko" ] && ! grep -qi pahole "$work/out"
	t_ok "$arch: no BTF for modules: make ksplice needs no pahole" $? "$work/out"
fi
if ! cfg MODULE_SIG; then
	[ -f "$ko" ] && ! tail -c 28 "$ko" | grep -aq '^~Module signature appended~$'
	t_ok "$arch: no MODULE_SIG: the update is not signed" $?
	! grep -Eqi 'sign|key' "$work/out"
	t_ok "$arch: and make ksplice says nothing about keys" $? "$work/out"
fi
rm -f "$ko"
[ "$(tree_fingerprint "$KS_BUILD" --no-modules)" = "$build_fp" ]
t_ok "$arch: the object tree is unchanged" $?
t_done
