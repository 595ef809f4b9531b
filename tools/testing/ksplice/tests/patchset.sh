#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tests of "make patchset": a numbered git-format-patch series, one
# logical change per patch, reproducible.  (That it git-ams onto a
# pristine tree and builds is what the harness does with it for every
# kernel build; run-tests reports that as its own test points.)
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/ks-patchset.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$work/out

t_plan 5
mk_pristine "$work/src"
make -s -C "$KS_TOP" patchset KSRC="$work/src" OUT="$work/p1" >"$out" 2>&1
t_ok "make patchset succeeds" $? "$out"
n=$(ls "$work/p1" | wc -l)
[ "$n" -ge 3 ] && ls "$work/p1" | head -1 | grep -q '^0001-'
t_ok "it writes a numbered series ($n patches)" $? "$out"
bad=0
for p in "$work/p1"/*.patch; do
	grep -q "^Subject: \[PATCH [0-9]*/$n\] " "$p" || { echo "no numbered subject: $p"; bad=1; }
	grep -q '^From: ' "$p" && grep -q '^---$' "$p" || { echo "not format-patch: $p"; bad=1; }
done >"$work/fmt"
t_ok "each patch is in git format-patch form" $bad "$work/fmt"
# One concern each: no file is changed by two patches.
grep -h '^diff --git ' "$work/p1"/*.patch | sort | uniq -d >"$work/dups"
[ ! -s "$work/dups" ]
t_ok "no file is touched by two patches" $? "$work/dups"
make -s -C "$KS_TOP" patchset KSRC="$work/src" OUT="$work/p2" >"$out" 2>&1 &&
	diff -r "$work/p1" "$work/p2" >"$out" 2>&1
t_ok "the series is reproducible" $? "$out"
t_done
