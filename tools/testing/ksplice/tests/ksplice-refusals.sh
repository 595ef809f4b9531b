#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ksplice refuses bad input with "ksplice: error: ..." naming the
# cause, writes no module, leaves nothing in its work directory (TMPDIR)
# and leaves the source and build trees as they were.
#
# Usage: ksplice-refusals.sh [ARCH [LAYOUT]]: ARCH is x86_64 (default)
# or arm, cross-compiling as a user would (ARCH=, CROSS_COMPILE=); LAYOUT
# is main (default: the test kernel) or one of the build layouts of
# layouts/lib.sh, whose kernel layouts/build made.
#
# refusals/refusals.tsv is the catalogue: a patch, what the error must
# say, and on which arches; make arguments to add; what the output must
# also say (a note, the hunks that moved); what it must not say.  Cases
# that need trees of their own (unbuilt, unconfigured, without
# CONFIG_KSPLICE) run in the main layout only: they do not depend on it.
. "$(dirname "$0")/lib.sh"
. "$KS_DIR/layouts/lib.sh"

arch=${1:-x86_64}
layout=${2:-main}
layout_vars "$arch" "$layout"
work=$(mktemp -d "${TMPDIR:-/tmp}/ks-refusals.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tmp"
tsv=$KS_DIR/refusals/refusals.tsv
# The cases of this arch (x86_64-distro's are x86_64's), fields
# separated by \037 (read collapses runs of tabs, and columns may be
# empty).
awk -F'\t' -v arch="${KS_BASEARCH:-$arch}" '/^#/ || $1 == "" { next }
	$3 == "" || index(" " $3 " ", " " arch " ") {
		print $1 "\037" $2 "\037" $4 "\037" $5 "\037" $6 "\037" $7 }' "$tsv" >"$work/cases"
n=$(wc -l <"$work/cases")
fixed=12
[ "$layout" = main ] && fixed=$((fixed + 6))
[ "$L_OBJ" != "$L_START" ] && fixed=$((fixed + 1))
t_plan $(( n * 2 + fixed ))

# ksplice_in ARGS...: make ksplice in the layout, with its work directory
# in $work/tmp; stderr and stdout to $work/out.
ksplice_in() {
	TMPDIR=$work/tmp layout_make -s ksplice "$@" >"$work/out" 2>&1
}

# clean NAME: no module, no temporary module, nothing left in TMPDIR.
clean() {
	[ ! -e "$L_OBJ/ksplice-$1.ko" ] && ! ls -a "$L_OBJ" | grep -q '^\.ksplice-.*\.tmp$' &&
		[ -z "$(ls -A "$work/tmp")" ]
}

fp=$(layout_fingerprint)

while IFS=$'\037' read -r name want patch args also absent; do
	patch=${patch:-$name}
	# shellcheck disable=SC2086
	ksplice_in PATCH="$KS_DIR/refusals/$patch.diff" $args
	rc=$?
	[ $rc -ne 0 ] && grep -q '^ksplice: error: ' "$work/out" && grep -Eq "$want" "$work/out" &&
		{ [ -z "$also" ] || grep -Eq "$also" "$work/out"; } &&
		{ [ -z "$absent" ] || ! grep -Eq "$absent" "$work/out"; }
	t_ok "$name: refused, saying /$want/${also:+ and /$also/}${absent:+, not /$absent/}" $? "$work/out"
	clean "$(echo "$patch" | tr - _)"
	t_ok "$name: no module written, nothing left in TMPDIR" $? "$work/out"
	rm -rf "${work:?}"/tmp/* "${work:?}"/tmp/.[!.]* 2>/dev/null
done <"$work/cases" >"$work/tap"
cat "$work/tap"
T_N=$(grep -c '^\(not \)\{0,1\}ok ' "$work/tap")
T_FAILED=$(grep -c '^not ok ' "$work/tap")

ksplice_in
[ $? -ne 0 ] && grep -q 'ksplice: error: no patch given' "$work/out"
t_ok "no PATCH=: refused with usage" $? "$work/out"

ksplice_in PATCH="$work/nonexistent.diff"
[ $? -ne 0 ] && grep -q 'nonexistent.diff: no such file' "$work/out"
t_ok "a missing patch file: refused" $? "$work/out"

# A relative PATCH= is looked for where make was started.
ksplice_in PATCH=nonexistent-relative.diff
[ $? -ne 0 ] && grep -qF "nonexistent-relative.diff: no such file (in $L_START, where make was started)" "$work/out"
t_ok "a missing relative patch file: refused, naming where make was started" $? "$work/out"

# So it is when make starts in the object tree, through the Makefile
# kbuild writes there.
if [ "$L_OBJ" != "$L_START" ]; then
	(cd "$L_OBJ" && TMPDIR=$work/tmp make -s ARCH="$KARCH" ${CROSS:+CROSS_COMPILE="$CROSS"} \
		CC="ccache ${CROSS}gcc" ksplice PATCH=nonexistent-relative.diff) >"$work/out" 2>&1
	[ $? -ne 0 ] && grep -qF "nonexistent-relative.diff: no such file (in $L_OBJ, where make was started)" "$work/out"
	t_ok "the same, make started in the object tree: refused, naming it" $? "$work/out"
fi

# A layout change that the patched .c file's object shows is refused
# from that object alone: the header's other includers are neither
# preprocessed (CPP) nor compiled (CC).  So too when another patched
# .c file's object, checked before it, changes __init code.
for p in layout-early layout-early-init; do
	(cd "$L_START" && TMPDIR=$work/tmp make ${L_O:+O="$L_O"} ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" ksplice \
		PATCH="$KS_DIR/refusals/$p.diff") >"$work/out" 2>&1
	[ $? -ne 0 ] && grep -q 'ksplice: error: fs/proc/generic\.o: struct proc_dir_entry: layout changed' "$work/out" &&
		grep -q '^  CC *fs/proc/generic\.o \[post\]' "$work/out" &&
		! grep -Eq '^  CPP |^  CC *fs/proc/[a-z_]+\.o' <(grep -v 'fs/proc/generic\.o' "$work/out")
	case $p in
	layout-early) t_ok "a layout change the patched .c file shows: refused before the header's other includers are compiled" $? "$work/out" ;;
	*) t_ok "the same beside another .c file's changed __init code: refused as early, naming the layout" $? "$work/out" ;;
	esac
	rm -rf "${work:?}"/tmp/* "${work:?}"/tmp/.[!.]* 2>/dev/null
done

ksplice_in PATCH="$work"
[ $? -ne 0 ] && grep -q 'not a readable file' "$work/out"
t_ok "a directory as PATCH=: refused" $? "$work/out"

ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff" KSPLICE_NAME=bad-name
[ $? -ne 0 ] && grep -q 'KSPLICE_NAME=bad-name' "$work/out"
t_ok "an invalid KSPLICE_NAME: refused" $? "$work/out"

ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff" KSPLICE_WORKDIR=relative/dir
[ $? -ne 0 ] && grep -q 'ksplice: error: KSPLICE_WORKDIR=relative/dir: give an absolute path' "$work/out" &&
	[ ! -e "$L_START/relative" ] && [ ! -e "$L_OBJ/relative" ]
t_ok "a relative KSPLICE_WORKDIR: refused, nothing made" $? "$work/out"

mkdir -p "$work/busy" && echo keep >"$work/busy/file"
ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff" KSPLICE_WORKDIR="$work/busy"
[ $? -ne 0 ] && grep -q "ksplice: error: KSPLICE_WORKDIR=$work/busy: not an empty directory" "$work/out" &&
	[ "$(ls -A "$work/busy")" = file ] && grep -qx keep "$work/busy/file"
t_ok "a KSPLICE_WORKDIR that is not empty: refused, left as it was" $? "$work/out"

if [ "$layout" = main ]; then
	# The same header change built twice: at one KSPLICE_WORKDIR the
	# second build's compiles all come from ccache (a cache of the test's
	# own, so that no other compile counts); at a new temporary
	# directory each time, its patched side does not.
	misses() {
		CCACHE_DIR=$work/ccache ccache --print-stats | awk '$1 == "cache_miss" { print $2 }'
	}
	twice() {	# twice [KSPLICE_WORKDIR=DIR]: the second build's misses
		local m _
		rm -rf "$work/ccache"
		for _ in 1 2; do
			m=$(misses)
			# ccache as a user has it, not in the harness's
			# depend mode (lib.sh), where an include newer than
			# the compile's start makes a miss
			(unset CCACHE_DEPEND
			 CCACHE_DIR=$work/ccache ksplice_in \
				PATCH="$KS_DIR/samples/header-inline-body.diff" "$@") || return 1
			rm -f "$L_OBJ/ksplice-header_inline_body.ko"
		done
		echo $(( $(misses) - m ))
	}
	fresh=$(twice) && shared=$(twice KSPLICE_WORKDIR="$work/wd") &&
		[ "$fresh" -gt 0 ] && [ "$shared" -eq 0 ] && [ ! -e "$work/wd" ] &&
		[ -z "$(ls -A "$work/tmp")" ]
	t_ok "a header change built twice at one KSPLICE_WORKDIR: no compile missed ccache the second time ($shared; $fresh at new directories), the directory removed" $? "$work/out"
	rm -rf "$work/ccache"

	# A header change that breaks every includer, where the compiler's
	# errors name only the header (its inline functions fail): make
	# ksplice names each object the patch does not compile in, all of
	# them under make -k, and says that plain make stopped early; the
	# header's error, the same in each includer, is shown once, and an
	# error past the first 40 lines with the function it is in.
	# kbuild's dependency files tell which objects include the header.
	# The header is named relative to the source tree, not in make
	# ksplice's patched copy, which is gone when the user reads it.
	hdr=fs/proc/internal.h
	want=$(cd "$L_OBJ" && find . -name '.*.o.cmd' -exec grep -l "$hdr" {} + |
		sed 's|^\./||; s|/\.\([^/]*\)\.cmd$|/\1|' | sort)
	nwant=$(echo "$want" | wc -l)
	ksplice_in PATCH="$KS_DIR/refusals/header-breaks-includers.diff" -k
	rc=$?
	got=$(sed -n 's/^ksplice: note: the patch does not compile in [0-9]* objects\{0,1\}: //p' "$work/out" | tr ' ' '\n' | sort)
	[ $rc -ne 0 ] && grep -q '^ksplice: error: compiling the pre or post objects failed' "$work/out" &&
		[ "$nwant" -gt 10 ] && [ "$got" = "$want" ] &&
		[ "$(grep -c "^$hdr:[0-9]*:[0-9]*: error: implicit declaration of function 'PROC_I'" "$work/out")" -eq 1 ] &&
		! grep -qF "$work/tmp/" "$work/out" &&
		grep -Ev '^  C|^ksplice: |^make' "$work/out" | awk 'NR > 40 && /: error: / { last = NR; ctx = prev }
			!/: error: / { prev = $0 } END { exit !(last && ctx ~ /: In function /) }' &&
		! grep -q 'make stopped at the first failures' "$work/out" && clean header_breaks_includers
	t_ok "a header change breaking its $nwant includers, make -k: refused, naming every one, its error shown once, at its path in the source tree" $? \
		<(sed -n '/^ksplice: /p' "$work/out"; echo "includers:" $want)
	rm -rf "${work:?}"/tmp/* "${work:?}"/tmp/.[!.]* 2>/dev/null

	# (make check may itself run under make -k: not this one.)
	MAKEFLAGS='' ksplice_in PATCH="$KS_DIR/refusals/header-breaks-includers.diff"
	rc=$?
	got=$(sed -n 's/^ksplice: note: the patch does not compile in [0-9]* objects\{0,1\}: //p' "$work/out" | wc -w)
	[ $rc -ne 0 ] && [ "$got" -ge 1 ] &&
		grep -q "^ksplice: note: make stopped at the first failures, of $nwant objects: make -k goes on" "$work/out" &&
		clean header_breaks_includers
	t_ok "the same without -k: refused, naming the objects that failed ($got) and saying make -k names every one" $? "$work/out"
	rm -rf "${work:?}"/tmp/* "${work:?}"/tmp/.[!.]* 2>/dev/null
fi

# Another architecture, or another compiler, than the kernel's: the
# objects would not match it (and kbuild would reconfigure the tree).
if [ "$arch" = arm ]; then
	other=(ARCH=x86)
	otherarch=x86
	othercc=(ARCH=arm)
else
	other=(ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-)
	otherarch=arm
	othercc=(ARCH=x86 CROSS_COMPILE=arm-linux-gnueabihf-)
fi
(cd "$L_START" && TMPDIR=$work/tmp make -s ${L_O:+O="$L_O"} "${other[@]}" ksplice \
	PATCH="$KS_DIR/samples/proc-loadavg-string.diff") >"$work/out" 2>&1
[ $? -ne 0 ] && grep -q "configured for ARCH=$KARCH.*this make is for ARCH=$otherarch" "$work/out"
t_ok "ARCH=$otherarch on a $KARCH tree: refused" $? "$work/out"
(cd "$L_START" && TMPDIR=$work/tmp make -s ${L_O:+O="$L_O"} "${othercc[@]}" ksplice \
	PATCH="$KS_DIR/samples/proc-loadavg-string.diff") >"$work/out" 2>&1
[ $? -ne 0 ] && grep -q 'the kernel was built with .*give CC= or CROSS_COMPILE=' "$work/out"
t_ok "another compiler than the kernel's: refused" $? "$work/out"

if [ "$layout" = main ]; then
	# A configured tree that was never built.
	mkdir -p "$work/unbuilt"
	cp "$KS_BUILD/.config" "$work/unbuilt/.config"
	make -s -C "$KS_SRC" O="$work/unbuilt" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} olddefconfig >/dev/null 2>&1
	(L_O=$work/unbuilt; ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff")
	[ $? -ne 0 ] && grep -q 'is not built' "$work/out"
	t_ok "an unbuilt tree: refused" $? "$work/out"

	# A tree without CONFIG_KSPLICE.
	mkdir -p "$work/noksplice"
	cp "$KS_BUILD/.config" "$work/noksplice/.config"
	"$KS_SRC/scripts/config" --file "$work/noksplice/.config" --disable KSPLICE
	make -s -C "$KS_SRC" O="$work/noksplice" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} olddefconfig >/dev/null 2>&1
	(L_O=$work/noksplice; ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff")
	[ $? -ne 0 ] && grep -q 'CONFIG_KSPLICE is not set' "$work/out"
	t_ok "CONFIG_KSPLICE off: refused" $? "$work/out"

	# An object tree that does not exist or was never configured.
	mkdir -p "$work/empty"
	(L_O=$work/empty; ksplice_in PATCH="$KS_DIR/samples/proc-loadavg-string.diff")
	[ $? -ne 0 ] && grep -Eq 'Configuration file .*not found|no \.config' "$work/out"
	t_ok "an unconfigured tree: refused" $? "$work/out"
fi

[ "$(layout_fingerprint)" = "$fp" ]
t_ok "the source and build trees are unchanged after all refusals" $?
t_done
