#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make ksplice's one-side shortcut for a "declaring" header: a header
# fix that only adds or removes declarations (a new function's
# prototype, as most fixes that add a function have; one made static)
# leaves a reader uncompiled, from one preprocessing, when the reader's
# unpatched text names none of them but in the removed declarations
# themselves, defines none of their other words as a macro, and has no
# __LINE__ on a line that moved.  Two steps, as ksplice-build takes them:
#  - the header: its tokens' declarations on both sides
#    (ksplice-unused-decls.awk -v items=1), their diff, and the awk's
#    header mode, which says whether only such declarations are added
#    or removed and prints their names (with the times the removed ones
#    hold each) and words;
#  - the reader: preprocessed from the unpatched side with line markers
#    and -dN; ksplice-lineshift.awk, no "#define WORD" in the text, and
#    each name no more times than the removed declarations hold it.
# Each case edits the header a unit includes and says what both steps
# must find.  Where the reader is settled, both sides are also compiled
# (gcc -O2): code, data and symbols must be the same, or the shortcut
# is wrong.  Prints TAP.
. "$(dirname "$0")/lib.sh"

decls=$KS_TOP/scripts/ksplice/ksplice-unused-decls.awk
lineshift=$KS_TOP/scripts/ksplice/ksplice-lineshift.awk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The header every case edits, after NEW_HERE unless it says otherwise.
cat >"$work/base.h" <<'EOF'
struct item {
	int a;
	long b;
};
#define ITEM_LONG long
#define ITEM_DECLARE(n) int n = 1
extern int item_count;
int item_get(struct item *it, int flags);
static inline int item_where(void)
{
	return __LINE__;
}
static struct item item_default = {
	.a = 1,
};
static inline long item_spare(long v)
{
	return v + 1;
}
extern void item_old(void);
#define NEW_HERE
EOF
# The reader: calls, a string with a name in it, a macro of its own.
cat >"$work/unit.c" <<'EOF'
#include "unit.h"
#define item_later() 0
static const char *tag = "item_tagged";
int use(struct item *it)
{
	return item_get(it, 0) + item_count + item_default.a + item_where() +
	       tag[0] + item_later();
}
EOF

# case_ NAME HEADER READER SED [PLAIN]: the header edited by SED; HEADER
# 1 when it must count as declaring, READER 1 when the unit must be
# settled from its unpatched side alone (then its code must be the
# same).  PLAIN: the unit preprocessed without -dN, as by a compiler
# that ignores it.
case_() {
	local name=$1 d=$work/$1 h r same=0 first s
	t_header_case "$d" "$work" "$4"
	for s in pre post; do
		awk -v items=1 -f "$decls" "$d/$s.tok" >"$d/$s.d"
	done
	diff "$d/pre.d" "$d/post.d" >"$d/diff"
	awk -v header=1 -f "$decls" "$d/diff" >"$d/words" 2>>"$d/err"
	h=$(($? == 0))
	r=0
	if [ $h -eq 1 ]; then
		awk '$1 == "name" { print $2, $3 }' "$d/words" >"$d/allow"
		cut -d' ' -f1 "$d/allow" >"$d/names"
		awk '$1 == "word" { print "^#define " $2 "$" }' "$d/words" >"$d/macros"
		first=$(diff "$d/pre/unit.h" "$d/post/unit.h" | sed -n '1s/^\([0-9]*\).*/\1/p')
		echo "unit.h $first $(wc -l <"$d/pre/unit.h")" >"$d/shifted"
		(cd "$d/pre" && gcc -E "${5:--dN}" unit.c -o ../pre.i) 2>>"$d/err" &&
			awk -f "$lineshift" "$d/shifted" "$d/pre.i" &&
			grep -q '^#define ' "$d/pre.i" &&
			! grep -qE -f "$d/macros" "$d/pre.i" &&
			grep -owF -f "$d/names" "$d/pre.i" |
			awk 'NR == FNR { n[$1] = $2; next } ++c[$0] > n[$0] { exit 1 }' "$d/allow" - &&
			r=1
	fi
	if [ $r -eq 1 ]; then
		t_same_code "$d" || same=1
	fi
	[ $h -eq "$2" ] && [ $r -eq "$3" ] && [ $same -eq 0 ]
	t_ok "$name: declaring $h (want $2), settled from one side $r (want $3)" $? \
		"$d/diff" "$d/words" "$d/err"
}

t_plan 28

# Declaring, and the reader settled: nothing it names, no macro.
case_ prototype 1 1 's/^#define NEW_HERE$/&\nextern void item_new_hook(void);/'
case_ prototype-no-extern 1 1 's/^#define NEW_HERE$/&\nstruct item *item_lookup(int id, const char *name);/'
case_ two-places 1 1 's/^#define NEW_HERE$/&\nlong item_x(long);/; s/^extern void item_old(void);$/&\nvoid item_y(void);/'
case_ extern-variable 1 1 's/^#define NEW_HERE$/&\nextern unsigned long item_flags[4];/'
case_ static-inline 1 1 's/^#define NEW_HERE$/&\nstatic inline int item_thrice(const struct item *it)\n{\n\treturn it->a * 3;\n}/'
case_ attribute 1 1 's/^#define NEW_HERE$/&\nextern int item_try(struct item *) __attribute__((__nonnull__(1)));/'
case_ comment-too 1 1 's/^#define NEW_HERE$/&\n\/* a new hook *\/\nextern void item_hook(void);/'

# Declaring, but the reader must be compared in full: it names the
# declaration, a word of it is a macro (a call of one looks like a
# prototype), a __LINE__ follows it, or its text shows no macros at all
# (the prototype case, the unit preprocessed without -dN).
case_ named 1 0 's/^#define NEW_HERE$/&\nint item_get(struct item *it, int flags) __attribute__((__pure__));/'
case_ named-in-string 1 0 's/^#define NEW_HERE$/&\nextern void item_tagged(void);/'
case_ name-is-macro 1 0 's/^#define NEW_HERE$/&\nextern int item_later(void);/'
case_ word-is-macro 1 0 's/^#define NEW_HERE$/&\nextern ITEM_LONG item_c(void);/'
case_ macro-call 1 0 's/^#define NEW_HERE$/&\nITEM_DECLARE(item_z);/'
case_ before-line 1 0 '1i extern void item_first(void);'
case_ no-macro-lines 1 0 's/^#define NEW_HERE$/&\nextern void item_new_hook(void);/' -E

# Removed or changed, where the reader names them nowhere else: the
# text loses or changes declarations it does not use.
case_ removed 1 1 '/^extern void item_old(void);$/d'
case_ changed 1 1 's/^extern void item_old(void);$/extern void item_old(int how);/'
case_ in-function 1 1 's/^\treturn v + 1;$/\textern void item_in(void);\n&/'
case_ moved 1 1 '/^extern void item_old(void);$/d; s/^#define NEW_HERE$/&\nextern void item_old(void);/'
# The same where the reader uses them: compared in full.
case_ removed-used 1 0 '/^int item_get(struct item \*it, int flags);$/d'
case_ used-inline-changes 1 0 's/^\treturn __LINE__;$/\treturn __LINE__ + 1;/'

# Not declaring: anything but added or removed declarations of the
# plain kinds.
case_ new-macro 0 0 's/^#define NEW_HERE$/&\n#define ITEM_MAX 4/'
case_ in-struct 0 0 's/^\tlong b;$/&\n\tint item_c;/'
case_ in-initializer 0 0 's/^\t.a = 1,$/&\n\t.b = 2,/'
case_ typedef 0 0 's/^#define NEW_HERE$/&\ntypedef int item_t;/'
case_ section 0 0 's/^#define NEW_HERE$/&\nextern void item_s(void) __attribute__((__section__(".x")));/'
case_ two-declarators 0 0 's/^#define NEW_HERE$/&\nextern int item_p, item_q;/'
case_ definition 0 0 's/^#define NEW_HERE$/&\nint item_total;/'
case_ reserved 0 0 's/^#define NEW_HERE$/&\nextern void __item_low(void);/'
t_done
