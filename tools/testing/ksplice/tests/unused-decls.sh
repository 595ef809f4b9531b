#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/ksplice/ksplice-unused-decls.awk: when make ksplice may leave
# an object that reaches the patch through headers uncompiled because
# the patch only adds declarations the object does not use.  Each case
# is a translation unit before and after, preprocessed as ksplice-build
# does (gcc -E, line markers and blank lines dropped); the awk must say
# "unused" exactly where expected.  For every case it accepts, both
# sides are also compiled (gcc -O2): the objects must have the same
# code, data and symbols, or the claim behind the shortcut is wrong.
# Prints TAP.
. "$(dirname "$0")/lib.sh"

awkf=$KS_TOP/scripts/ksplice/ksplice-unused-decls.awk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The unit every case edits: a bit of everything a header holds.
cat >"$work/base.h" <<'EOF'
struct item {
	int a;
	long b;
};
extern int item_count;
int item_get(struct item *it,
	     int flags);
static inline int item_twice(const struct item *it)
{
	return it->a * 2 + (it->b == 1);
}
static const char item_name[] = "x{(;";
static struct item item_default = {
	.a = 1,
};
extern void item_old(void);
static inline long item_spare(long v)
{
	return v + 1;
}
struct item_pair {
	int x;
} /* pair */
__attribute__((__aligned__(8)));
#define NEW_HERE
EOF
cat >"$work/unit.c" <<'EOF'
#include "unit.h"
int use(struct item *it)
{
	return item_twice(it) + item_get(it, 0) + item_count + item_name[0] +
	       item_default.a;
}
EOF

# case NAME EXPECT SED: the header edited by SED; EXPECT 0 = unused
# declarations added, removed or changed only, 1 = not.
cases=0
case_() {
	local name=$1 expect=$2 script=$3 d=$work/$1 rc same=0 what
	cases=$((cases + 1))
	mkdir -p "$d/pre" "$d/post"
	cp "$work/base.h" "$d/pre/unit.h"
	sed "$script" "$work/base.h" >"$d/post/unit.h"
	for s in pre post; do
		cp "$work/unit.c" "$d/$s/"
		gcc -E "$d/$s/unit.c" -o "$d/$s.i" 2>"$d/err" &&
			sed -e '/^# [0-9]/d' -e '/^[[:space:]]*$/d' "$d/$s.i" >"$d/$s.t" ||
			{ t_ok "$name: preprocesses" 1 "$d/err"; return; }
	done
	for s in pre post; do
		awk -v items=1 -f "$awkf" "$d/$s.t" >"$d/$s.d"
	done
	diff "$d/pre.d" "$d/post.d" >"$d/diff"
	awk -f "$awkf" "$d/diff" "$d/post.d" 2>"$d/err"
	rc=$?
	if [ "$expect" -eq 0 ] && [ $rc -eq 0 ]; then
		# The claim itself: nothing the object emits changed.
		t_same_code "$d" || same=1
	fi
	what="a change that may matter"
	[ "$expect" -eq 0 ] && what="unused declarations only"
	[ $rc -eq "$expect" ] && [ $same -eq 0 ]
	t_ok "$name: $what" $? "$d/diff"
}

t_plan 47

# Accepted: declarations the unit never names, added, removed or changed.
case_ prototype 0 's/^#define NEW_HERE$/extern void item_new_hook(void);/'
case_ prototype-no-extern 0 's/^#define NEW_HERE$/struct item *item_lookup(int id, const char *name);/'
case_ prototype-attributes 0 's/^#define NEW_HERE$/extern int __attribute__((__warn_unused_result__)) item_try(struct item *) __attribute__ ((__nonnull__(1)));/'
case_ extern-variable 0 's/^#define NEW_HERE$/extern unsigned long item_new_flags[4];/'
case_ two-prototypes 0 's/^#define NEW_HERE$/void item_a(void);\nvoid item_b(int,\n\t    long);/'
case_ static-inline 0 's/^#define NEW_HERE$/static inline int item_thrice(const struct item *it)\n{\n\tif (it->a > 3) {\n\t\treturn it->a * 3;\n\t}\n\treturn "}"[0];\n}/'
case_ inline-calls-new 0 's/^#define NEW_HERE$/extern void item_slow(struct item *);\nstatic inline __attribute__((__always_inline__)) void item_fast(struct item *it)\n{\n\titem_slow(it);\n}/'
case_ at-top 0 '1i extern int item_first(void);'
case_ after-body 0 's/^}$/}\nextern void item_after(void);/'
case_ after-prototype 0 's/^\t     int flags);$/\t     int flags);\nlong item_other(long);/'
case_ pointer-return 0 's/^#define NEW_HERE$/extern const char *const *item_names(void);/'

case_ removes-unused 0 '/^extern void item_old(void);$/d'
case_ unused-prototype-changes 0 's/^extern void item_old(void);$/extern void item_old(int how);/'
case_ unused-inline-changes 0 's/^\treturn v + 1;$/\treturn v + 2;/'
# A static inline's body may hold what emits nothing without a caller:
# asm (a WARN_ON()'s, whose __LINE__ moved), __auto_type, a typedef, a
# static assertion.
case_ unused-inline-asm 0 's/^\treturn v + 1;$/\tasm volatile("nop # 12" : : : "memory");\n&/'
case_ unused-inline-body-words 0 's/^\treturn v + 1;$/\t__auto_type w = v;\n\ttypedef long item_l;\n\t_Static_assert(sizeof(item_l) == sizeof(long), "l");\n\treturn w + 1;/'
case_ unused-inline-once 0 's/^\treturn v + 1;$/\tstatic _Bool item_done __attribute__((__section__(".data.once")));\n\tif (!item_done)\n\t\titem_done = 1;\n&/'
case_ inline-becomes-prototype 0 '/^static inline long item_spare(long v)$/,/^}$/c long item_spare(long v);'

# Refused: each could change what the unit emits, or is not a plain
# declaration.
case_ redeclares-used 1 's/^#define NEW_HERE$/extern int item_get(struct item *it, int flags) __attribute__((__pure__));/'
case_ name-in-string 1 's/^#define NEW_HERE$/extern void x(void);/'
case_ inside-struct 1 's/^\tint a;$/\tint a;\n\tint item_c;/'
case_ inside-function 1 's/^\treturn it->a \* 2/\textern void item_in(void);\n\treturn it->a * 2/'
case_ inside-prototype 1 's/^int item_get(struct item \*it,$/int item_get(struct item *it,\n\t     int more,/'
case_ inside-declaration 1 's|^} /\* pair \*/$|}\nextern void item_p(void);|'
case_ inside-initializer 1 's/^\t.a = 1,$/\t.a = 1,\n\t.b = 2,/'
case_ tentative-definition 1 's/^#define NEW_HERE$/int item_total;/'
case_ static-variable 1 's/^#define NEW_HERE$/static int item_seen;/'
case_ two-declarators 1 's/^#define NEW_HERE$/extern int item_x, item_y;/'
case_ function-pointer 1 's/^#define NEW_HERE$/void (*item_cb)(void);/'
case_ section-attribute 1 's/^#define NEW_HERE$/extern void item_s(void) __attribute__((__section__(".x")));/'
case_ used-attribute 1 's/^#define NEW_HERE$/static inline __attribute__((__used__)) int item_u(void) { return 1; }/'
case_ extern-inline 1 's/^#define NEW_HERE$/inline int item_ext(void) { return 1; }/'
case_ static-not-inline 1 's/^#define NEW_HERE$/static int item_st(void) { return 1; }/'
case_ struct-definition 1 's/^#define NEW_HERE$/struct item_new { int z; };/'
case_ typedef 1 's/^#define NEW_HERE$/typedef int item_t;/'
case_ used-inline-asm 1 's/^\treturn it->a \* 2 + (it->b == 1);$/\tasm volatile("nop # 12");\n&/'
case_ used-inline-once 1 's/^\treturn it->a \* 2 + (it->b == 1);$/\tstatic _Bool item_done __attribute__((__section__(".data.once")));\n\tif (!item_done)\n\t\titem_done = 1;\n&/'
case_ unused-inline-used-local 1 's/^\treturn v + 1;$/\tstatic int item_keep __attribute__((__used__));\n&/'
case_ asm-label 1 's/^#define NEW_HERE$/extern void item_lbl(void) asm("item_real");/'
case_ toplevel-asm 1 's/^#define NEW_HERE$/asm(".globl item_sym");/'
case_ pragma 1 's/^#define NEW_HERE$/#pragma GCC diagnostic ignored "-Wshadow"/'
case_ reserved-name 1 's/^#define NEW_HERE$/extern void __item_low(void);/'
case_ compiler-libcall 1 's/^#define NEW_HERE$/extern void *memcpy(void *, const void *, unsigned long) __attribute__((__nonnull__));/'
case_ changed-line 1 's/^\tlong b;$/\tunsigned long b;/'
case_ removes-used 1 '/^extern int item_count;$/d'
case_ used-inline-changes 1 's/^\treturn it->a \* 2 + (it->b == 1);$/\treturn it->a * 3 + (it->b == 1);/'
case_ moves-used 1 '/^\t     int flags);$/a extern int item_count;
/^extern int item_count;$/d'

[ $cases -eq 40 ] || { echo "# plan: $cases cases run"; exit 1; }
t_done
