#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ksplice never modifies the source or build tree: byte-identical
# (and not even rewritten) after a run, and after a run interrupted with
# SIGINT midway.  The one file a successful run adds is its module.
. "$(dirname "$0")/lib.sh"

ks_arch_vars x86_64
work=$(mktemp -d "${TMPDIR:-/tmp}/ks-untouched.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work
t_plan 7

sample=$KS_DIR/samples/sched-loadavg-header.diff
rm -f "$KS_BUILD/ksplice-untouched_a.ko" "$KS_BUILD/ksplice-untouched_b.ko"
src_fp=$(tree_fingerprint "$KS_SRC")
build_fp=$(tree_fingerprint "$KS_BUILD" --no-modules)

make -s -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" CC="ccache gcc" ksplice \
	PATCH="$sample" KSPLICE_NAME=untouched_a >"$work/out" 2>&1
t_ok "make ksplice succeeds" $? "$work/out"
[ "$(tree_fingerprint "$KS_SRC")" = "$src_fp" ]
t_ok "the source tree is unchanged after a run" $? "$work/out"
[ "$(tree_fingerprint "$KS_BUILD" --no-modules)" = "$build_fp" ] &&
	[ -f "$KS_BUILD/ksplice-untouched_a.ko" ]
t_ok "the build tree is unchanged but for ksplice-untouched_a.ko" $? "$work/out"
rm -f "$KS_BUILD/ksplice-untouched_a.ko"

# Interrupt a run while it compiles.  With job control on, the run is
# its own process group and does not start with SIGINT ignored, as a
# script's background commands otherwise do.
set -m
make -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" CC="ccache gcc" ksplice \
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
t_done
