#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/ksplice/ksplice-lineshift.awk: when make ksplice may leave an
# object that reaches the patch only through headers uncompiled, from
# one preprocessing, because the patch only moves lines of a header (a
# comment or a blank line) and no __LINE__ of the object was on a moved
# line.  Each case edits a header that a unit includes; the awk reads
# the unit preprocessed from the unpatched side, with line markers, as
# ksplice-build does, and must say "settled" (exit 0) or "compare both
# sides" (exit 1) as expected.  Where it settles, both sides are also
# compiled (gcc -O2): code, data and symbols must be the same, or the
# shortcut is wrong.  Where a case says the code differs, it must: the
# case then shows what the awk has to catch.  Prints TAP.
. "$(dirname "$0")/lib.sh"

awkf=$KS_TOP/scripts/ksplice/ksplice-lineshift.awk
decls=$KS_TOP/scripts/ksplice/ksplice-unused-decls.awk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every way a __LINE__ of a header reaches an includer's text, one
# region apart from the next (the /* X */ lines are where cases edit).
cat >"$work/unit.h" <<'EOF'
/* unit.h */
#define STR_(x) #x
#define STR(x) STR_(x)
#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
extern int sink(int, const char *);
/* A */
static inline int plain(void)
{
	return sink(__LINE__, "p");
}
/* B */
static inline int text(void)
{
	return sink(0, STR(__LINE__));
}
/* C */
static int PASTE(slot_, __LINE__) __attribute__((__used__));
/* D */
#define CALL(a, b) sink(a, b)
static inline int spread(void)
{
	return CALL(
		/* E */
		__LINE__,
		"s");
}
/* F */
#include "sub.h"
static inline int after_sub(void)
{
	return sink(__LINE__, "a");
}
/* H */
#define AT_USE() sink(__LINE__, "u")
/* G */
EOF
cat >"$work/sub.h" <<'EOF'
/* sub.h */
/* S */
static inline int nested(void)
{
	return sink(__LINE__, "n");
}
/* T */
EOF
cat >"$work/unit.c" <<'EOF'
#include "unit.h"
int use(void)
{
	return plain() + text() + spread() + nested() + after_sub() +
	       AT_USE() + sink(__LINE__, "c");
}
EOF

# case NAME EXPECT UNUSED CODE FILE PRE_SED POST_SED: FILE (unit.h or
# sub.h) is made by PRE_SED from its base on both sides, then edited by
# POST_SED on the post side only (moving lines, nothing else).  EXPECT:
# 0 settled, 1 compare both.  UNUSED: the same for the second step
# ksplice-build takes, the suspect lines listed (-v list=1) and
# settled by ksplice-unused-decls.awk -v hits when each lies in a
# declaration the unit never uses.  CODE: same (the objects must be
# the same, checked when either step settles), differs (they must
# differ), any.
cases=0
case_() {
	local name=$1 expect=$2 unused=$3 code=$4 file=$5 pre_sed=$6 post_sed=$7
	local d=$work/$1 f first rc rc2 same=0 what
	cases=$((cases + 1))
	mkdir -p "$d/pre" "$d/post"
	for f in unit.h sub.h unit.c; do
		cp "$work/$f" "$d/pre/$f"
	done
	[ -n "$pre_sed" ] && sed -i "$pre_sed" "$d/pre/$file"
	cp "$d/pre/"* "$d/post/"
	sed -i "$post_sed" "$d/post/$file"
	# The neutral list as ksplice-build writes it.
	first=$(diff "$d/pre/$file" "$d/post/$file" | sed -n '1s/^\([0-9]*\).*/\1/p')
	[ -n "$first" ] || { t_ok "$name: the case moves lines" 1; return; }
	echo "$file $first $(wc -l <"$d/pre/$file")" >"$d/neutral"
	(cd "$d/pre" && gcc -E "$d/pre/unit.c" -o "$d/pre.i") 2>"$d/err" ||
		{ t_ok "$name: preprocesses" 1 "$d/err"; return; }
	awk -v srctree="$d/pre" -f "$awkf" "$d/neutral" "$d/pre.i" 2>>"$d/err"
	rc=$?
	awk -v srctree="$d/pre" -v list=1 -f "$awkf" "$d/neutral" "$d/pre.i" >"$d/hits" 2>>"$d/err" &&
		{ [ ! -s "$d/hits" ] || awk -v hits="$d/hits" -f "$decls" "$d/pre.i"; } 2>>"$d/err"
	rc2=$?
	t_same_code "$d"
	same=$?
	[ $same -ne 2 ] || { t_ok "$name: compiles" 1 "$d/err"; return; }
	case $code in
	same) [ $same -eq 0 ] || rc=9 ;;
	differs) [ $same -eq 1 ] || rc=9 ;;
	esac
	[ "$expect" -eq 0 ] || [ "$unused" -eq 0 ] && [ $same -ne 0 ] && rc=9
	what="compare both sides"
	[ "$expect" -eq 0 ] && what="settled from one side"
	[ "$expect" -eq 1 ] && [ "$unused" -eq 0 ] && what="settled once the suspect lines are found unused"
	[ $rc -eq "$expect" ] && [ $((rc2 != 0)) -eq "$unused" ]
	t_ok "$name: $what${code:+ (code: $code)}" $? "$d/err" "$d/hits"
}

t_plan 19

# Settled: the moved lines hold no __LINE__ of the unit.
case_ blank-at-end 0 0 same unit.h '' 's|^/\* G \*/$|\n/* G */|'
case_ comment-at-end 0 0 same unit.h '' 's|^/\* G \*/$|/* a\n * comment\n */|'
case_ sub-blank-at-end 0 0 same sub.h '' 's|^/\* T \*/$|\n/* T */|'
case_ line-removed-at-end 0 0 same unit.h 's|^/\* G \*/$|\n\n/* G */|' '/^$/d'
# unit.c's own __LINE__ and AT_USE() are unit.c's lines: moving unit.h's
# lines after every __LINE__ of unit.h leaves them.
case_ macro-used-elsewhere 0 0 same unit.h '' 's|^/\* H \*/$|\n/* H */|'

# Compared: a __LINE__ on a moved line, however it reaches the text.
case_ plain 1 1 differs unit.h '' 's|^/\* A \*/$|\n/* A */|'
case_ stringified 1 1 differs unit.h '' 's|^/\* B \*/$|\n/* B */|'
case_ pasted 1 1 differs unit.h '' 's|^/\* C \*/$|\n/* C */|'
case_ spread-call 1 1 differs unit.h '' 's|^\t\t/\* E \*/$|\t\t/* E\n\t\t */|'
case_ nested-header 1 1 differs sub.h '' 's|^/\* S \*/$|\n/* S */|'
case_ after-nested-include 1 1 differs unit.h '' 's|^/\* F \*/$|\n/* F */|'
case_ line-removed 1 1 differs unit.h 's|^/\* A \*/$|\n/* A */|' '/^$/d'
# __builtin_LINE() leaves no number in the text.
case_ builtin-line 1 1 differs unit.h \
	's|^/\* G \*/$|static inline int builtin(void) { return sink(__builtin_LINE(), "b"); }\nint call(void) { return builtin(); }\n/* G */|' \
	's|^static inline int builtin|\nstatic inline int builtin|'

# Compared though nothing would change (the check is by numbers in the
# text): a literal equal to its own line, a __LINE__ on the first
# moved line itself.
g=$(grep -n '^/\* G \*/$' "$work/unit.h" | cut -d: -f1)
case_ same-number 1 1 same unit.h \
	"s|^/\\* G \\*/\$|static inline int fixed(void) { return sink($g, \"f\"); }\\nint call(void) { return fixed(); }\\n/* G */|" \
	's|^static inline int fixed|\nstatic inline int fixed|'
case_ comment-after-use 1 1 same unit.h '' 's|^\treturn sink(__LINE__, "a");$|\treturn sink(__LINE__, "a"); /* x\n\t*/|'

# Settled by the second step: each moved __LINE__ is in a static inline
# the unit never calls (a WARN_ON()'s asm and its argument).  Not when
# anything else names it, even a prototype or another inline.
unused='static inline int warned(int x)\n{\n\tasm volatile("# line %c0" : : "i" (__LINE__));\n\treturn sink(__LINE__, "w") + x;\n}'
case_ unused-inline 1 0 same unit.h "s|^/\\* G \\*/\$|$unused\n/* G */|" \
	's|^static inline int warned|\n&|'
case_ unused-inline-declared 1 1 same unit.h \
	"s|^/\\* G \\*/\$|static inline int warned(int x);\n$unused\n/* G */|" \
	's|^static inline int warned(int x)$|\n&|'
case_ unused-inline-named 1 1 same unit.h \
	"s|^/\\* G \\*/\$|$unused\nstatic inline int warns(void) { return warned(1); }\n/* G */|" \
	's|^static inline int warned|\n&|'
case_ unused-static-variable 1 1 differs unit.h \
	"s|^/\\* G \\*/\$|static const int at_line __attribute__((__used__)) = __LINE__;\n/* G */|" \
	's|^static const int at_line|\n&|'

[ $cases -eq 19 ] || { echo "# plan: $cases cases run"; exit 1; }
t_done
