#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make ksplice on a header fix that only moves lines (a comment, a blank
# line): each object that reads the header is preprocessed once, from
# the unpatched tree, and left uncompiled when none of its __LINE__s is
# on a moved line (ksplice-lineshift.awk); an object that has one there
# is compared in full.  Either way the patch is no functional change.
# The SKIP line says how many objects were settled from one side.
# So does a header fix that only adds or removes a prototype, for each
# reader that names it nowhere else and has no macro among its words,
# and one that only adds or changes macros, for each reader that never
# expands, tests or names them.
# The line markers that say which lines an object's text came from name
# files as kbuild's srctree does, which differs by layout.
# Usage: ksplice-header-lines.sh [ARCH [LAYOUT]]: ARCH x86_64 (default)
# or arm, cross-compiling as a user would; LAYOUT main (the test kernel,
# default) or one of layouts/lib.sh's, whose kernel layouts/build made.
. "$(dirname "$0")/lib.sh"
. "$KS_DIR/layouts/lib.sh"

layout_vars "${1:-x86_64}" "${2:-main}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ks-header-lines.XXXXXX")
trap 'rm -rf "$work"' EXIT
t_plan 30

# fix NAME HEADER SED: a patch of HEADER made by SED, as $work/NAME.diff.
fix() {
	mkdir -p "$work/$1/a/$(dirname "$2")" "$work/$1/b/$(dirname "$2")"
	cp "$L_SRC/$2" "$work/$1/a/$2"
	sed "$3" "$L_SRC/$2" >"$work/$1/b/$2"
	(cd "$work/$1" && diff -u "a/$2" "b/$2") >"$work/$1.diff"
	[ $? -eq 1 ]
}

# ksplice NAME: make ksplice of $work/NAME.diff (kbuild's output, not
# silenced: the SKIP line is wanted), into $work/NAME.out.
ksplice() {
	TMPDIR=$work layout_make ksplice PATCH="$work/$1.diff" KSPLICE_NAME="$1" \
		>"$work/$1.out" 2>&1
}

# skip_counts NAME: "SETTLED ONCE" from NAME's SKIP line: the objects
# reached through headers left uncompiled, and those of them settled
# from one preprocessing (0 when the line does not say).
skip_counts() {
	sed -n 's/^  SKIP *\([0-9]*\) of \([0-9]*\) objects reached through headers: .*/\1 \2 &/p' "$work/$1.out" |
		awk '{ once = 0
		       if (match($0, /; [0-9]+ of them preprocessed once/))
			       once = substr($0, RSTART + 2, RLENGTH - 2) + 0
		       print $1, $2, once }'
}

# case_ NAME HEADER SED WHERE ONCE: make ksplice of HEADER edited by
# SED (WHERE says where, for the point's name): no functional change,
# and of the objects that read HEADER, every one (ONCE=all), some but
# not all (ONCE=some) or none (ONCE=none) settled from one
# preprocessing.  Three points.
case_() {
	local name=$1 h=$2 settled all once
	fix "$name" "$h" "$3"
	t_ok "$name: the patch is made${4:+ ($4)}" $? "$work/$name.diff"
	! ksplice "$name" && grep -q '^ksplice: error: no functional change' "$work/$name.out"
	t_ok "$name: no functional change" $? "$work/$name.out"
	read -r settled all once < <(skip_counts "$name")
	if [ "$5" = all ]; then
		[ "${all:-0}" -gt 0 ] && [ "$settled" = "$all" ] && [ "$once" = "$all" ]
		t_ok "$name: each of the ${all:-0} objects that read $h preprocessed once" $? "$work/$name.out"
	elif [ "$5" = some ]; then
		[ "${all:-0}" -gt 0 ] && [ "${once:-0}" -gt 0 ] && [ "$once" -lt "$all" ]
		t_ok "$name: ${once:-0} of the ${all:-0} objects that read $h preprocessed once, the others compared or compiled" $? "$work/$name.out"
	else
		[ "${all:-0}" -gt 0 ] && [ "$once" = 0 ]
		t_ok "$name: none of the ${all:-0} objects that read $h settled from one side" $? "$work/$name.out"
	fi
}

# A comment at the top of a header without __LINE__: every reader is
# settled from one side.
case_ comment include/linux/sched/loadavg.h '1a /* Load average: fixed-point helpers. */' '' all

# regset.h's static inlines have BUG_ON()s, whose __LINE__ is in the
# text of every reader.  A blank line before them moves it: a reader
# that calls them is compared in full (and compiled: its bug table's
# line numbers change, no functional change), one that does not is
# settled from one side (the moved numbers only in code it never
# emits).
h=include/linux/regset.h
bug=$(grep -n 'BUG_ON' "$L_SRC/$h" | head -1 | cut -d: -f1)
case_ before "$h" "$((bug - 1))a\\
" "a blank line before line $bug" some

# The same blank line after the last of them, before the guard's
# #endif: nothing of the readers' text moves.
last=$(grep -n '^#endif' "$L_SRC/$h" | tail -1 | cut -d: -f1)
case_ after "$h" "$((last - 1))a\\
" "a blank line before line $last" all

# A fix that adds a function declares it in a header: a reader that
# names it nowhere and defines none of the declaration's words as a
# macro is settled from one side (no __LINE__ of loadavg.h's readers
# follows the new line); a declaration every reader already names
# (get_avenrun, declared above it), or one holding a macro (__cold),
# is compared in full, object by object, and is no functional change
# all the same.
h=include/linux/sched/loadavg.h
at=$(grep -n '^extern void calc_global_load(void);' "$L_SRC/$h" | cut -d: -f1)
case_ declared "$h" "${at}a\\
extern void calc_global_load_spare(void);" "a new prototype after line $at" all
case_ declared_named "$h" "${at}a\\
extern void get_avenrun(unsigned long *loads, unsigned long offset, int shift);" \
	"a second prototype of a declared function" none
case_ declared_macro "$h" "${at}a\\
extern void calc_global_load_spare(void) __cold;" "a prototype with __cold" none

# A fix that adds a flag or a size defines it in a header: a reader
# that never expands, tests or names it is settled from one side; a
# macro every reader expands (FIXED_1, in calc_load()'s body), spelled
# with other spaces, is compared in full, and is no functional change.
case_ defined "$h" "${at}a\\
#define LOAD_SPARE_SHIFT 3" "a new macro after line $at" all
case_ defined_used "$h" 's/^#define FIXED_1\t\t(1<<FSHIFT)/#define FIXED_1\t\t(1 << FSHIFT)/' \
	"FIXED_1 respelled" none
# A name the files a reader reads write where its text does not show
# it (IS_ENABLED(NAME) leaves no trace; here a word of a comment in
# fs/proc/internal.h, which only fs/proc/loadavg.o of them reads): that
# reader is compared in full, the others settled from one side.
case_ defined_named "$h" "${at}a\\
#define proc_dir_entries 1" "a new macro named in a comment of fs/proc/internal.h" some

# The prototype removed, as if the function were made static: a reader
# that names it only there is settled from one side; its users are
# compiled, and the one that calls it (timekeeping.c) does not compile.
fix removed "$h" "${at}d"
t_ok "removed: the patch is made (calc_global_load's prototype removed)" $? "$work/removed.diff"
! ksplice removed && grep -q '^ksplice: error: compiling the pre or post objects failed' "$work/removed.out" &&
	grep -q '^ksplice: note: the patch does not compile in .*kernel/time/timekeeping\.o' "$work/removed.out"
t_ok "removed: the reader that calls it does not compile (timekeeping.o named)" $? "$work/removed.out"
read -r settled all once < <(skip_counts removed)
[ "${once:-0}" -gt 0 ] && [ "$settled" = "$once" ] && [ "$settled" -lt "$all" ]
t_ok "removed: the ${once:-0} of the ${all:-0} readers that do not name it settled from one side, the others compiled" $? "$work/removed.out"
t_done
