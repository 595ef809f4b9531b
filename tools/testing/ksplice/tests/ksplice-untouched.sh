#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ksplice never modifies the source or build tree: byte-identical
# (and not even rewritten) after a run, and after a run interrupted with
# SIGINT midway.  The one file a successful run adds is its module.
# Also: V=1 shows the commands and -j runs them in parallel, and the
# same fix as a context diff with CRLF line ends makes the same module.
# Usage: ksplice-untouched.sh [ARCH] (x86_64 or arm; x86_64 by default),
# against that arch's test kernel, with ARCH= and CROSS_COMPILE= as a
# user would cross-compile.
. "$(dirname "$0")/lib.sh"

ks_arch_vars "${1:-x86_64}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ks-untouched.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
t_plan 11

# kmake ARGS...: make in the source tree for the test kernel's arch.
kmake() {
	make -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" "$@"
}

sample=$KS_DIR/samples/sched-loadavg-header.diff
rm -f "$KS_BUILD/ksplice-untouched_a.ko" "$KS_BUILD/ksplice-untouched_b.ko"
src_fp=$(tree_fingerprint "$KS_SRC")
build_fp=$(tree_fingerprint "$KS_BUILD" --no-modules)

kmake -s ksplice PATCH="$sample" KSPLICE_NAME=untouched_a >"$work/out" 2>&1
t_ok "make ksplice succeeds" $? "$work/out"
[ "$(tree_fingerprint "$KS_SRC")" = "$src_fp" ]
t_ok "the source tree is unchanged after a run" $? "$work/out"
[ "$(tree_fingerprint "$KS_BUILD" --no-modules)" = "$build_fp" ] &&
	[ -f "$KS_BUILD/ksplice-untouched_a.ko" ]
t_ok "the build tree is unchanged but for ksplice-untouched_a.ko" $? "$work/out"
mv "$KS_BUILD/ksplice-untouched_a.ko" "$work/serial.ko"

# Interrupt a run while it compiles.  With job control on, the run is
# its own process group and does not start with SIGINT ignored, as a
# script's background commands otherwise do; and env restores SIGINT's
# default for it in case this script itself started with SIGINT ignored
# (run in the background of a non-interactive shell), which a shell
# cannot undo for itself.
set -m
env --default-signal=INT make -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" \
	${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" ksplice \
	PATCH="$sample" KSPLICE_NAME=untouched_b >"$work/out" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 600); do
	grep -q '\[pre\]\|\[post\]\|  POST' "$work/out" && break
	sleep 0.1
done
grep -q '\[pre\]\|\[post\]\|  POST' "$work/out"
t_ok "the run to interrupt got going" $? "$work/out"
kill -INT -- -"$pid"
wait "$pid"
rc=$?
[ $rc -ne 0 ]
t_ok "the interrupted run fails (exit $rc)" $? "$work/out"
[ "$(tree_fingerprint "$KS_SRC")" = "$src_fp" ] &&
	[ "$(tree_fingerprint "$KS_BUILD" --no-modules)" = "$build_fp" ] &&
	[ ! -e "$KS_BUILD/ksplice-untouched_b.ko" ]
t_ok "after SIGINT both trees are unchanged and no module exists" $? "$work/out"
sleep 1
[ -z "$(find "$work" -maxdepth 1 -name 'ksplice-untouched_b.*')" ] &&
	! ls -a "$KS_BUILD" | grep -q '^\.ksplice-.*\.ko\.tmp$'
t_ok "after SIGINT no work directory or temporary file is left" $? "$work/out"

# V=1 prints the commands, here the compiler (of the cross toolchain
# for ARM) with the flags of the pre and post objects; -j2 gives make
# two job slots, which the pre/post compilations and the module build
# share, and must make the same module as the serial run above.
kmake -j2 V=1 ksplice PATCH="$sample" KSPLICE_NAME=untouched_a \
	>"$work/out" 2>&1
t_ok "make ksplice -j2 V=1 succeeds" $? "$work/out"
grep -q "^ *ccache ${CROSS}gcc .*-ffunction-sections" "$work/out"
t_ok "V=1 prints the compiler commands (ccache ${CROSS}gcc ... -ffunction-sections)" $? "$work/out"
cmp "$work/serial.ko" "$KS_BUILD/ksplice-untouched_a.ko" >"$work/cmp" 2>&1
t_ok "-j2 makes the same module as a serial run" $? "$work/cmp"
rm -f "$KS_BUILD/ksplice-untouched_a.ko"

# The sample as "diff -c" writes it, mangled to CRLF as by a mailer:
# patch(1) reads both, and so must make ksplice, to the same module.
f=include/linux/sched/loadavg.h
mkdir -p "$work/ctx/a/${f%/*}" "$work/ctx/b/${f%/*}"
cp "$KS_SRC/$f" "$work/ctx/a/$f"
cp "$KS_SRC/$f" "$work/ctx/b/$f"
patch -s -d "$work/ctx/b" -p1 -i "$sample"
(cd "$work/ctx" && diff -c "a/$f" "b/$f") | sed 's/$/\r/' >"$work/ctx-crlf.diff"
kmake -s ksplice PATCH="$work/ctx-crlf.diff" KSPLICE_NAME=untouched_a >"$work/out" 2>&1 &&
	cmp "$work/serial.ko" "$KS_BUILD/ksplice-untouched_a.ko" >>"$work/out" 2>&1
t_ok "the sample as a context diff with CRLF line ends makes the same module" $? "$work/out"
rm -f "$KS_BUILD/ksplice-untouched_a.ko"
t_done
