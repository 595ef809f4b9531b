// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of how the ksplice core chooses between out-of-line copies
 * of one function with the same code in several objects (a header's
 * static inline that gcc emits out of line): kallsyms has the name
 * twice, and run-pre matching finds both copies equal.  The core uses
 * what it has resolved: a caller's reference, or the neighbours of the
 * copy in its object's .text (twin_a.c, twin_b.c).
 */

#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/kallsyms.h>
#include <linux/ksplice.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#ifdef CONFIG_MITIGATION_RETHUNK
#include <asm/nospec-branch.h>
#endif

#include "../ksplice_internal.h"
#include "ksplice_kunit.h"

#ifdef CONFIG_X86_64
#define KW_ABS		R_X86_64_64
#else
#define KW_ABS		R_ARM_ABS32
#endif

/* Where a relocation of the "new code" writes the copy it resolved. */
static unsigned long kw_slot;

static noinline __noipa int kw_anchor_new(int x)
{
	return x - 4;
}

static noinline __noipa int kw_twin_new(int x)
{
	return x * 5 + 3;
}

/*
 * The places in their object's .text, as the generator would record
 * them: the anchor at 10, the copy just before or after it, where it is.
 * (Addresses of the functions switched are kept out of the test's own
 * frames, where the stack check would find them.)
 */
static noinline u32 kw_order(bool b)
{
	unsigned long twin = b ? (unsigned long)READ_ONCE(ksplice_kunit_twin_b) :
			     (unsigned long)READ_ONCE(ksplice_kunit_twin_a);
	unsigned long anchor = b ? (unsigned long)ksplice_kunit_twin_anchor_b :
			       (unsigned long)ksplice_kunit_twin_anchor_a;

	return twin > anchor ? 11 : 9;
}

static noinline unsigned long kw_addr(int (**fn)(int))
{
	return (unsigned long)READ_ONCE(*fn);
}

static noinline int kw_call(int (**fn)(int), int x)
{
	return READ_ONCE(*fn)(x);
}

/* Both copies exist, with one name and one code. */
static void ksplice_twin_test_setup(struct kunit *test)
{
	unsigned long addr;
	unsigned int count;

	KUNIT_ASSERT_NE(test, kw_addr(&ksplice_kunit_twin_a),
			kw_addr(&ksplice_kunit_twin_b));
	KUNIT_EXPECT_EQ(test, ksplice_lookup("ksplice_kunit_twin", NULL, &addr,
					     &count), -E2BIG);
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_a, 1), 7);
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_b, 1), 7);
}

/*
 * A reference of the new code to the twin of one object: resolved to
 * that object's copy, from the update's function of the same object;
 * not resolved when the update has none.
 */
/*
 * The tables live outside the test's frames, which the stack check reads
 * (they hold the addresses of the code being switched).
 */
static struct ksplice_func kw_reloc_func = {
	.name = "ksplice_kunit_twin_anchor_b", .new_func = kw_anchor_new,
	.unit = "twin_b.o", .order = 10,
};
static struct ksplice_reloc kw_reloc = {
	.site = &kw_slot, .name = "ksplice_kunit_twin", .type = KW_ABS,
	.flags = KSPLICE_RELOC_LOCAL, .unit = "twin_b.o",
};
static const struct ksplice_update kw_reloc_update = {
	.name = "kunit_twin_reloc", .funcs = &kw_reloc_func, .nr_funcs = 1,
	.relocs = &kw_reloc, .nr_relocs = 1,
};

static void ksplice_twin_test_reloc(struct kunit *test)
{
	const struct ksplice_update *u = &kw_reloc_update;

	kw_reloc_func.unit = "twin_b.o";
	kw_reloc.order = kw_order(true);
	kw_slot = 0;
	KUNIT_ASSERT_EQ(test, ksplice_register(u), 0);
	KUNIT_EXPECT_EQ(test, kw_slot, kw_addr(&ksplice_kunit_twin_b));
	ksplice_unregister(u);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));

	/* Another object's function is no neighbour: still ambiguous. */
	kw_reloc_func.unit = "twin_a.p";
	kw_slot = 0;
	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	KUNIT_EXPECT_EQ(test, ksplice_register(u), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_FAILED_TO_FIND);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail, "ambiguous"));
	KUNIT_EXPECT_EQ(test, kw_slot, 0);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
}

/*
 * The relocations of a snapshot's jumps to the return thunk.  When the
 * boot chose a thunk (retbleed=stuff: call-depth tracking's), each copy
 * jumps to it with its own rel32, and the pre object names
 * __x86_return_thunk there; the generator records that relocation.
 */
static struct ksplice_reloc kw_ret_relocs[2];

static unsigned int kw_ret_thunks(const u8 *code, unsigned long addr,
				  unsigned long size)
{
	unsigned int n = 0;
#ifdef CONFIG_MITIGATION_RETHUNK
	unsigned long i, to;

	for (i = 0; i + 5 <= size && n < ARRAY_SIZE(kw_ret_relocs); i++) {
		if (code[i] != 0xe9)
			continue;
		to = addr + i + 5 + (long)(s32)get_unaligned_le32(code + i + 1);
		if (to != (unsigned long)x86_return_thunk)
			continue;
		kw_ret_relocs[n++] = (struct ksplice_reloc) {
			.site = (void *)(i + 1), .name = "__x86_return_thunk",
			.addend = -4, .type = R_X86_64_PLT32,
		};
	}
#endif
	return n;
}

/*
 * The pre code of a copy, as it runs (both copies have these bytes, but
 * for the rel32 of jumps to the return thunk, which get relocations).
 */
static noinline unsigned long kw_snapshot(struct kunit *test,
					  int (**fn)(int), u8 **code,
					  struct ksplice_func *f)
{
	unsigned long addr = kw_addr(fn), size, off;

	if (!kallsyms_lookup_size_offset(addr, &size, &off) || off)
		return 0;
	*code = kunit_kmalloc(test, size, GFP_KERNEL);
	if (!*code)
		return 0;
	memcpy(*code, (void *)addr, size);
	f->nr_pre_relocs = kw_ret_thunks(*code, addr, size);
	f->pre_relocs = f->nr_pre_relocs ? kw_ret_relocs : NULL;
	return size;
}

/*
 * Replacing the twin of one object: its code matches both copies; the
 * update's other function of that object, resolved first even though it
 * comes second, tells which copy is that object's.
 */
static struct ksplice_func kw_replace_funcs[2] = {
	{ .name = "ksplice_kunit_twin", .new_func = kw_twin_new,
	  .unit = "twin_a.o", .flags = KSPLICE_FUNC_LOCAL },
	{ .name = "ksplice_kunit_twin_anchor_a", .new_func = kw_anchor_new,
	  .unit = "twin_a.o", .order = 10 },
};
static struct ksplice_update kw_replace_update = {
	.name = "kunit_twin_replace", .funcs = kw_replace_funcs,
};

static void ksplice_twin_test_replace(struct kunit *test)
{
	struct ksplice_update *u = &kw_replace_update;
	struct ksplice_func *f = kw_replace_funcs;
	struct ksplice_state *s;
	u8 *code = NULL;

	f[0].order = kw_order(false);
	f[0].pre_size = kw_snapshot(test, &ksplice_kunit_twin_a, &code, &f[0]);
	f[0].pre_code = code;
	KUNIT_ASSERT_GT(test, f[0].pre_size, 0);

	u->nr_funcs = 2;
	KUNIT_ASSERT_EQ(test, ksplice_register(u), 0);
	s = ksplice_state_of(u);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, s->patches[0].addr,
			kw_addr(&ksplice_kunit_twin_a));
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_a, 1), 8);
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_b, 1), 7);
	ksplice_unregister(u);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_a, 1), 7);

	/* Without a neighbour: failed_to_find, nothing changed. */
	u->nr_funcs = 1;
	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	KUNIT_EXPECT_EQ(test, ksplice_register(u), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_FAILED_TO_FIND);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail,
					   "matches more than one"));
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_a, 1), 7);
	KUNIT_EXPECT_EQ(test, kw_call(&ksplice_kunit_twin_b, 1), 7);
	f[0].pre_code = NULL;
	f[0].pre_relocs = NULL;
	f[0].nr_pre_relocs = 0;
}

static struct kunit_case ksplice_twin_test_cases[] = {
	KUNIT_CASE(ksplice_twin_test_setup),
	KUNIT_CASE(ksplice_twin_test_reloc),
	KUNIT_CASE(ksplice_twin_test_replace),
	{}
};

static struct kunit_suite ksplice_twin_suite = {
	.name = "ksplice_twin",
	.test_cases = ksplice_twin_test_cases,
};

kunit_test_suite(ksplice_twin_suite);
