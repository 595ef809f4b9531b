#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make ksplice's one-side shortcut for a "defining" header: a header fix
# whose tokens change only by #define and #undef lines (a new flag, ID
# or size; a changed value) leaves a reader uncompiled, from one
# preprocessing, when the reader's unpatched text never expands, tests
# or names one of those macros, and has no __LINE__ on a line that
# moved.  Two steps, as ksplice-build takes them:
#  - the header: its tokens on both sides, continued lines joined
#    (ksplice-macro-changes.awk -v join=1), their diff, and the awk's
#    second form, which says whether only #define and #undef lines
#    change and prints the macros' names; none of them written in the
#    header but on its #define and #undef lines, none a CONFIG_ name;
#  - the reader: preprocessed from the unpatched side with line markers,
#    -dU and -Wundef, also in system headers (after the kernel's
#    -fdiagnostics-color=always, undone); ksplice-lineshift.awk, at least
#    one macro line, no pragma turning -Wundef off, and none of the
#    names in the text or in the warnings, nor in the other files the
#    unit reads; flags with -w (no warnings at all) are never settled
#    so.
# Each case edits the header a unit includes and says what both steps
# must find.  Where the reader is settled, both sides are also compiled
# (gcc -O2): code, data and symbols must be the same, or the shortcut
# is wrong.  Prints TAP.
. "$(dirname "$0")/lib.sh"

changes=$KS_TOP/scripts/ksplice/ksplice-macro-changes.awk
lineshift=$KS_TOP/scripts/ksplice/ksplice-lineshift.awk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The header every case edits, after NEW_HERE unless it says otherwise;
# a __LINE__ before every edit but one.
cat >"$work/base.h" <<'EOF'
static inline int item_where(void)
{
	return __LINE__;
}
#define ITEM_SHIFT 4
#define ITEM_SIZE (1 << ITEM_SHIFT)
#define ITEM_SPARE 7
#define ITEM_WIDE(x) \
	((x) * \
	 2)
#define ITEM_TAKE(x) ITEM_MODE_##x
enum item_mode { ITEM_MODE_SLOW = 1 };
struct item {
	int a;
	long b;
};
static inline int item_scaled(int v)
{
	return v << ITEM_SHIFT;
}
extern int item_get(struct item *it, int flags);
static inline int item_opt(void)
{
	return IS_ENABLED(ITEM_HDR_OPT);
}
#define NEW_HERE
EOF
# kconfig.h's way to test a macro in code: the name pasted, and dropped
# unexpanded when it is undefined.
cat >"$work/kc.h" <<'EOF'
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __is_defined(option)
#define IS_MODULE(option) __is_defined(option##_MODULE)
EOF
# A system header the reader includes: GCC keeps its warnings quiet.
# It evaluates a pasted name, which no file writes whole.
cat >"$work/deep.h" <<'EOF'
#pragma GCC system_header
#define DEEP_SEL(x) ITEM_DEEP_##x
#if DEEP_SEL(LEVEL) > 1
static int deep = 2;
#else
static int deep;
#endif
EOF
# The reader: expands ITEM_SIZE and, through its own macros, pastes a
# name; tests macros of its own, one in a system header, one with
# IS_ENABLED(); holds a name in a string.
cat >"$work/unit.c" <<'EOF'
#include "kc.h"
#include "unit.h"
#include "deep.h"
#define SEL(x) ITEM_TAKE(x)
static const char *tag = "ITEM_TAGGED";
#ifdef ITEM_FEATURE
static int feature = 1;
#else
static int feature;
#endif
#if ITEM_LEVEL > 1
static int level = 2;
#else
static int level;
#endif
#if SEL(LEVEL)
static int pasted = 1;
#else
static int pasted;
#endif
int item_users;
int use(struct item *it)
{
	return item_get(it, ITEM_SIZE) + item_scaled(it->a) + item_where() +
	       tag[0] + feature + level + pasted + SEL(SLOW) + item_users + deep +
	       IS_ENABLED(ITEM_OPTION) + item_opt() + IS_MODULE(CONFIG_ITEM_PART);
}
EOF

# case_ NAME HEADER READER SED [FLAGS]: the header edited by SED; HEADER
# 1 when it must count as defining, READER 1 when the unit must be
# settled from its unpatched side alone (then its code must be the
# same).  FLAGS: the reader's preprocessing flags instead of the usual
# ones, as by a compiler that ignores -dU or a unit built with -w.
# With "first" set, that line goes before the reader's first.
case_() {
	local name=$1 d=$work/$1 h r same=0 s
	local flags=${5:--dU -Wundef -Wsystem-headers -Wno-error -fdiagnostics-color=never}
	t_header_case "$d" "$work" "$4"
	for s in pre post; do
		cp "$work/deep.h" "$work/kc.h" "$d/$s/"
		[ -z "${first:-}" ] ||
			{ printf '%s\n' "$first"; cat "$work/unit.c"; } >"$d/$s/unit.c"
	done
	h=0
	awk -v join=1 -f "$changes" "$d/pre.tok" >"$d/pre.j" &&
		awk -v join=1 -f "$changes" "$d/post.tok" >"$d/post.j" &&
		{ diff "$d/pre.j" "$d/post.j" >"$d/diff"; [ $? -eq 1 ]; } &&
		awk -f "$changes" "$d/diff" >"$d/names" 2>>"$d/err" &&
		! grep -q '^CONFIG_' "$d/names" &&
		! grep -Ev '^#[[:space:]]*(define|undef)[[:space:]]' "$d/pre.j" |
			grep -qwF -f "$d/names" &&
		h=1
	r=0
	if [ $h -eq 1 ]; then
		s=$(diff "$d/pre/unit.h" "$d/post/unit.h" | sed -n '1s/^\([0-9]*\).*/\1/p')
		echo "unit.h $s $(wc -l <"$d/pre/unit.h")" >"$d/shifted"
		# (word splitting of FLAGS wanted)
		# shellcheck disable=SC2086
		[[ " $flags " != *" -w "* ]] &&
		(cd "$d/pre" && gcc -fdiagnostics-color=always -E $flags \
			unit.c -o ../pre.i 2>../pre.w) &&
			awk -f "$lineshift" "$d/shifted" "$d/pre.i" &&
			grep -q '^#define ' "$d/pre.i" &&
			! grep -qE '^[[:space:]]*#[[:space:]]*pragma .*diagnostic.*undef' "$d/pre.i" &&
			! grep -qwF -f "$d/names" "$d/pre.i" "$d/pre.w" &&
			! grep -qwF -f "$d/names" "$d/pre/unit.c" "$d/pre/kc.h" "$d/pre/deep.h" &&
			r=1
	fi
	if [ $r -eq 1 ]; then
		t_same_code "$d" || same=1
	fi
	[ $h -eq "$2" ] && [ $r -eq "$3" ] && [ $same -eq 0 ]
	t_ok "$name: defining $h (want $2), settled from one side $r (want $3)" $? \
		"$d/diff" "$d/names" "$d/pre.w" "$d/err"
}

t_plan 30

# Defining, and the reader settled: it neither expands nor tests them.
case_ new-macro 1 1 's/^#define NEW_HERE$/&\n#define ITEM_MAX 64/'
case_ new-function-like 1 1 's/^#define NEW_HERE$/&\n#define item_max(a, b) ((a) > (b) ? (a) : (b))/'
case_ new-continued 1 1 's/^#define NEW_HERE$/&\n#define ITEM_LIMIT \\\n\t(ITEM_SIZE * 2)/'
case_ changed-unused 1 1 's/^#define ITEM_SPARE 7$/#define ITEM_SPARE 9/'
case_ changed-continued 1 1 's/^\t 2)$/\t 3)/'
case_ removed-unused 1 1 '/^#define ITEM_SPARE 7$/d'
case_ undef 1 1 's/^#define NEW_HERE$/&\n#undef ITEM_SPARE/'
case_ two-new 1 1 's/^#define NEW_HERE$/&\n#define ITEM_A 1\n#define ITEM_B 2/'

# Defining, but the reader must be compared in full: it expands one,
# tests one with #ifdef, evaluates an undefined one in #if (by name, or
# pasted), a new macro would expand a word of its text, it holds the
# name in a string, a __LINE__ follows the change, or its text shows no
# macro lines at all (no -dU).
case_ expanded 1 0 's/^#define ITEM_SIZE (1 << ITEM_SHIFT)$/#define ITEM_SIZE (1 << (ITEM_SHIFT + 1))/'
case_ tested 1 0 's/^#define NEW_HERE$/&\n#define ITEM_FEATURE/'
case_ evaluated 1 0 's/^#define NEW_HERE$/&\n#define ITEM_LEVEL 3/'
case_ evaluated-pasted 1 0 's/^#define NEW_HERE$/&\n#define ITEM_MODE_LEVEL 1/'
case_ plain-word 1 0 's/^#define NEW_HERE$/&\n#define item_users 0/'
case_ in-string 1 0 's/^#define NEW_HERE$/&\n#define ITEM_TAGGED 1/'
case_ removed-used 1 0 '/^#define ITEM_SIZE (1 << ITEM_SHIFT)$/d'
case_ before-line 1 0 '1i #define ITEM_MAX 64'
case_ no-macro-lines 1 0 's/^#define NEW_HERE$/&\n#define ITEM_MAX 64/' -E
# A pasted name evaluated in a system header's #if, or in a unit built
# with -w; a new macro in a unit whose text turns -Wundef off.
case_ evaluated-system 1 0 's/^#define NEW_HERE$/&\n#define ITEM_DEEP_LEVEL 3/'
case_ evaluated-no-warnings 1 0 's/^#define NEW_HERE$/&\n#define ITEM_MODE_LEVEL 1/' \
	"-dU -Wundef -Wsystem-headers -Wno-error -fdiagnostics-color=never -w"
first='_Pragma("GCC diagnostic ignored \"-Wundef\"")' \
	case_ evaluated-pragma-off 1 0 's/^#define NEW_HERE$/&\n#define ITEM_MAX 64/'
# A new macro the reader's code tests with IS_ENABLED(): no trace of
# it in the text, -dU or the warnings.
case_ is-enabled 1 0 's/^#define NEW_HERE$/&\n#define ITEM_OPTION 1/'

# Not defining: any other line changes too, or the header names the
# macro outside its #define: expanded by its own inline, an enumerator
# a new macro would replace (the reader pastes its name), tested with
# IS_ENABLED() in an inline.
case_ expanded-by-inline 0 0 's/^#define ITEM_SHIFT 4$/#define ITEM_SHIFT 5/'
case_ in-header-enum 0 0 's/^#define NEW_HERE$/&\n#define ITEM_MODE_SLOW 5/'
case_ with-prototype 0 0 's/^#define NEW_HERE$/&\n#define ITEM_MAX 64\nextern void item_new(void);/'
case_ new-condition 0 0 's/^#define NEW_HERE$/&\n#ifdef ITEM_SPARE\n#define ITEM_MAX 64\n#endif/'
case_ in-inline 0 0 's/^\treturn v << ITEM_SHIFT;$/\treturn v << (ITEM_SHIFT + 1);/'
case_ include 0 0 's/^#define NEW_HERE$/&\n#include <stddef.h>/'
case_ pragma 0 0 's/^#define NEW_HERE$/&\n#pragma GCC diagnostic ignored "-Wundef"/'
case_ is-enabled-in-header 0 0 's/^#define NEW_HERE$/&\n#define ITEM_HDR_OPT 1/'
# A Kconfig-like name: IS_MODULE() and CONFIG_##x paste it from parts
# (the reader writes IS_MODULE(CONFIG_ITEM_PART), never this name).
case_ config-name 0 0 's/^#define NEW_HERE$/&\n#define CONFIG_ITEM_PART_MODULE 1/'
t_done
