// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of ksplice's run-pre matching on x86_64: synthetic pre and
 * running byte sequences, one case per runtime form (accepted, and a
 * one-byte change elsewhere rejected), relocation sites, and same-named
 * candidates told apart by their code.
 */

#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/kallsyms.h>
#include <linux/ksplice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include <asm/alternative.h>

#include "../ksplice_internal.h"
#include "ksplice_kunit.h"

#define ADDR	0xffffffff81200000UL

/*
 * Every synthetic function ends with the same 4 bytes:
 * mov %edi,%eax; ret; int3 (0x89, 0xf8, 0xc3, 0xcc).
 */

struct ksplice_mt {
	struct ksplice_match m;
	struct ksplice_func f;
};

/*
 * Match @pre against @run and, if that matches, against @run with one
 * byte of the body (past every site) changed, which must be a mismatch
 * at that byte.  Return the first result.
 */
static int ksplice_mt_run(struct kunit *test, const u8 *pre, size_t n,
			  const u8 *run, size_t size,
			  const struct ksplice_site *sites, unsigned int nr_sites,
			  const struct ksplice_reloc *relocs,
			  unsigned int nr_relocs)
{
	struct ksplice_mt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct ksplice_cand c = { .addr = ADDR, .code = run, .size = size };
	u8 *bad;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->f = (struct ksplice_func) {
		.name = "f", .pre_code = pre, .pre_size = n,
		.pre_sites = sites, .nr_pre_sites = nr_sites,
		.pre_relocs = relocs, .nr_pre_relocs = nr_relocs,
	};
	ret = ksplice_match_code(&t->m, &t->f, &c);
	ksplice_match_free(&t->m);
	if (ret)
		return ret;

	/* The negative case: the final "mov", 4 bytes before the end. */
	bad = kunit_kmalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad);
	memcpy(bad, run, size);
	bad[n - 4] ^= 0x01;
	c.code = bad;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&t->m, &t->f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, t->m.fail_off, n - 4);
	KUNIT_EXPECT_EQ(test, t->m.nr_syms, 0);
	ksplice_match_free(&t->m);
	return ret;
}

#define MT(test, pre, run, sites, relocs)				\
	ksplice_mt_run(test, pre, sizeof(pre), run, sizeof(run),	\
		       sites, ARRAY_SIZE(sites), relocs, ARRAY_SIZE(relocs))

static const struct ksplice_site no_sites[0];
static const struct ksplice_reloc no_relocs[0];

static void ksplice_match_test_identical(struct kunit *test)
{
	static const u8 pre[] = { 0x55, 0x48, 0x89, 0xe5, 0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 run[] = { 0x55, 0x48, 0x89, 0xe5, 0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 other[] = { 0x55, 0x48, 0x89, 0xe6, 0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	struct ksplice_func f = { .name = "f", .pre_code = pre,
				  .pre_size = sizeof(pre) };
	struct ksplice_cand c = { .addr = ADDR, .code = other,
				  .size = sizeof(other) };
	struct ksplice_match m = { };

	KUNIT_EXPECT_EQ(test, MT(test, pre, run, no_sites, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m.fail_off, 3);
}

static void ksplice_match_test_endbr(struct kunit *test)
{
	static const u8 pre[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 endbr[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 sealed[] = { 0x66, 0x0f, 0x1f, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 junk[] = { 0x66, 0x0f, 0x1f, 0x01, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, endbr, no_sites, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, sealed, no_sites, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, junk, no_sites, no_relocs),
			-ENOEXEC);
}

static void ksplice_match_test_fentry(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 4, .len = 5, .kind = KSPLICE_SITE_MCOUNT },
	};
	static const u8 pre[] = { 0xf3, 0x0f, 0x1e, 0xfa,
				  0xe8, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 nop[] = { 0x66, 0x0f, 0x1f, 0x00,
				  0x0f, 0x1f, 0x44, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 call[] = { 0xf3, 0x0f, 0x1e, 0xfa,
				   0xe8, 0x12, 0x34, 0x56, 0x78, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jmp[] = { 0xf3, 0x0f, 0x1e, 0xfa,
				  0xe9, 0x12, 0x34, 0x56, 0x78, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, nop, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, call, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, jmp, s, no_relocs), -ENOEXEC);
	/* Without the site, the nop is a difference. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, nop, no_sites, no_relocs),
			-ENOEXEC);
}

static void ksplice_match_test_jump_label(struct kunit *test)
{
	static const struct ksplice_site s2[] = {
		{ .offset = 1, .len = 2, .kind = KSPLICE_SITE_JUMP_LABEL },
	};
	static const struct ksplice_site s5[] = {
		{ .offset = 1, .len = 0, .kind = KSPLICE_SITE_JUMP_LABEL },
	};
	static const u8 pre2[] = { 0x55, 0x66, 0x90, 0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jmp2[] = { 0x55, 0xeb, 0x10, 0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 pre5[] = { 0x55, 0xe9, 0x10, 0x00, 0x00, 0x00, 0x5d,
				   0x89, 0xf8, 0xc3, 0xcc };
	static const u8 nop5[] = { 0x55, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0x5d,
				   0x89, 0xf8, 0xc3, 0xcc };
	static const u8 call5[] = { 0x55, 0xe8, 0x10, 0x00, 0x00, 0x00, 0x5d,
				    0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre2, jmp2, s2, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre2, pre2, s2, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre5, nop5, s5, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre5, call5, s5, no_relocs), -ENOEXEC);
}

/* stac (0f 01 cb) as the replacement of three one-byte nops. */
static const u8 mt_stac[] = { 0x0f, 0x01, 0xcb };

static void ksplice_match_test_alternative(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 1, .len = 3, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL, .repl = mt_stac,
		  .repl_len = sizeof(mt_stac) },
	};
	static const struct ksplice_site unknown[] = {
		{ .offset = 1, .len = 3, .kind = KSPLICE_SITE_ALTERNATIVE },
	};
	/* Another site at the offset does not get in the way. */
	static const struct ksplice_site two[] = {
		{ .offset = 1, .len = 2, .kind = KSPLICE_SITE_BUG },
		{ .offset = 1, .len = 3, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL, .repl = mt_stac,
		  .repl_len = sizeof(mt_stac) },
	};
	static const u8 pre[] = { 0x55, 0x90, 0x90, 0x90,
				  0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 stac[] = { 0x55, 0x0f, 0x01, 0xcb,
				   0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	/* The original, its nops made one by the boot code. */
	static const u8 nop3[] = { 0x55, 0x0f, 0x1f, 0x00,
				   0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	/* clac (0f 01 ca): neither the original nor the replacement. */
	static const u8 clac[] = { 0x55, 0x0f, 0x01, 0xca,
				   0x5d, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, stac, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, nop3, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, pre, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, stac, two, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, clac, s, no_relocs), -ENOEXEC);
	/* One byte off in the replacement. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, clac, two, no_relocs), -ENOEXEC);
	/* Without the replacement in the tables, only the original. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, stac, unknown, no_relocs),
			-ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, pre, nop3, unknown, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, stac, no_sites, no_relocs),
			-ENOEXEC);
}

/*
 * A site length longer than the alternative does not make the bytes
 * after it padding: they are compared as code.
 */
static void ksplice_match_test_alternative_len(struct kunit *test)
{
	static const struct ksplice_site wide[] = {
		{ .offset = 1, .len = 6, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL, .repl = mt_stac,
		  .repl_len = sizeof(mt_stac) },
	};
	static const u8 pre[] = { 0x55, 0x90, 0x90, 0x90, 0x31, 0xc0, 0x90,
				  0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	/* The replacement, then "xor %eax,%eax; nop" as in the pre code. */
	static const u8 stac[] = { 0x55, 0x0f, 0x01, 0xcb, 0x31, 0xc0, 0x90,
				   0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	/* ... and padded to the wide length: what the boot code writes. */
	static const u8 padded[] = { 0x55, 0x0f, 0x01, 0xcb, 0x0f, 0x1f, 0x00,
				     0x5d, 0x89, 0xf8, 0xc3, 0xcc };
	/* The original's nops as a jump over int3 (add_nop()). */
	static const u8 jmp[] = { 0x55, 0xeb, 0x01, 0xcc, 0x31, 0xc0, 0x90,
				  0x5d, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, stac, wide, no_relocs), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, pre, padded, wide, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, jmp, wide, no_relocs), 0);
}

/*
 * A replacement that calls or jumps elsewhere: the boot code moves the
 * displacement to reach the same target from the site, and shortens a
 * jmp that can be.  The target is that of the replacement's relocation.
 */
static void ksplice_match_test_alternative_reloc(struct kunit *test)
{
	static const u8 call_g[] = { 0xe8, 0x00, 0x00, 0x00, 0x00 };
	static const u8 jmp_g[] = { 0xe9, 0x00, 0x00, 0x00, 0x00 };
	static const struct ksplice_reloc to_g[] = {
		{ .site = (void *)1, .name = "g", .type = R_X86_64_PLT32,
		  .addend = -4 },
	};
	/* The pre code calls g too, elsewhere: the two must agree. */
	static const struct ksplice_reloc also_g[] = {
		{ .site = (void *)7, .name = "g", .type = R_X86_64_PLT32,
		  .addend = -4 },
	};
	struct ksplice_site s = {
		.offset = 1, .len = 5, .kind = KSPLICE_SITE_ALTERNATIVE,
		.alt_flags = KSPLICE_ALT_REPL, .repl = call_g,
		.repl_len = sizeof(call_g), .repl_relocs = to_g,
		.nr_repl_relocs = 1,
	};
	/* push; [orig: 5 nops]; call g; mov; ret; int3 */
	u8 pre[] = { 0x55, 0x0f, 0x1f, 0x44, 0x00, 0x00,
		     0xe8, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	u8 run[sizeof(pre)];
	struct ksplice_match m = { };
	struct ksplice_func f = {
		.name = "f", .pre_code = pre, .pre_size = sizeof(pre),
		.pre_sites = &s, .nr_pre_sites = 1,
		.pre_relocs = also_g, .nr_pre_relocs = 1,
	};
	struct ksplice_cand c = { .addr = ADDR, .code = run,
				  .size = sizeof(run) };
	unsigned long g = ADDR + 0x40;

	memcpy(run, pre, sizeof(pre));
	/* call g at 1 (rel to 6) and at 6 (rel to 11) */
	run[1] = 0xe8;
	put_unaligned_le32((u32)(g - (ADDR + 6)), run + 2);
	put_unaligned_le32((u32)(g - (ADDR + 11)), run + 7);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
	KUNIT_EXPECT_EQ(test, m.nr_syms, 1);
	ksplice_match_free(&m);

	/* The replacement calls another address than the pre code's g. */
	put_unaligned_le32((u32)(g + 1 - (ADDR + 6)), run + 2);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m.nr_syms, 0);
	ksplice_match_free(&m);

	/* jmp g, written as jmp8 + int3 where g is near. */
	s.repl = jmp_g;
	g = ADDR + 0x20;
	put_unaligned_le32((u32)(g - (ADDR + 11)), run + 7);
	run[1] = 0xeb;
	run[2] = (u8)(g - (ADDR + 3));
	memset(run + 3, 0xcc, 3);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
	ksplice_match_free(&m);
	run[2]++;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	ksplice_match_free(&m);
}

/* What a paravirt call's slot holds: the target of its direct call. */
void *ksplice_kunit_pv_slot;

static noinline __noipa void ksplice_kunit_pv_target(void)
{
}

/*
 * A paravirt call (ALT_FLAG_DIRECT_CALL): "call *slot(%rip)" becomes a
 * direct call to what the slot holds, or nops for nop_func.
 */
static void ksplice_match_test_paravirt(struct kunit *test)
{
	static const u8 call_bug[] = { 0xe8, 0x00, 0x00, 0x00, 0x00 };
	static const struct ksplice_site s[] = {
		{ .offset = 0, .len = 6, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL | KSPLICE_ALT_DIRECT_CALL,
		  .repl = call_bug, .repl_len = sizeof(call_bug) },
	};
	static const struct ksplice_reloc slot[] = {
		{ .site = (void *)2, .name = "ksplice_kunit_pv_slot",
		  .type = R_X86_64_PC32, .addend = -4 },
	};
	/* call *ksplice_kunit_pv_slot(%rip) */
	static const u8 pre[] = { 0xff, 0x15, 0x00, 0x00, 0x00, 0x00,
				  0x89, 0xf8, 0xc3, 0xcc };
	static const u8 nops[] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
				   0x89, 0xf8, 0xc3, 0xcc };
	u8 run[sizeof(pre)];

	ksplice_kunit_pv_slot = (void *)ksplice_kunit_pv_target;
	memcpy(run, pre, sizeof(pre));
	run[0] = 0xe8;
	put_unaligned_le32((u32)((unsigned long)ksplice_kunit_pv_target -
				 (ADDR + 5)), run + 1);
	run[5] = 0x90;
	KUNIT_EXPECT_EQ(test, MT(test, pre, run, s, slot), 0);
	/* A call one byte off what the slot holds. */
	run[1]++;
	KUNIT_EXPECT_EQ(test, MT(test, pre, run, s, slot), -ENOEXEC);
	/* nops only where the slot holds nop_func. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, nops, s, slot), -ENOEXEC);
	ksplice_kunit_pv_slot = (void *)nop_func;
	KUNIT_EXPECT_EQ(test, MT(test, pre, nops, s, slot), 0);
	ksplice_kunit_pv_slot = NULL;
}

static void ksplice_match_test_static_call(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 1, .len = 5, .kind = KSPLICE_SITE_STATIC_CALL },
	};
	static const u8 pre[] = { 0x55, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 call[] = { 0x55, 0xe8, 0xaa, 0xbb, 0xcc, 0xdd, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 nop[] = { 0x55, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 tail[] = { 0x55, 0xe9, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 ret[] = { 0x55, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0x89, 0xf8, 0xc3, 0xcc };

	/* __static_call_return0: three cs prefixes, xor %eax,%eax */
	static const u8 ret0[] = { 0x55, 0x2e, 0x2e, 0x2e, 0x31, 0xc0, 0x89, 0xf8, 0xc3, 0xcc };
	/* ... one byte off: xor %eax,%ecx */
	static const u8 ret0_off[] = { 0x55, 0x2e, 0x2e, 0x2e, 0x31, 0xc1, 0x89, 0xf8, 0xc3, 0xcc };
	/* A conditional tail call: jne rel32, 6 bytes. */
	static const struct ksplice_site s6[] = {
		{ .offset = 1, .len = 5, .kind = KSPLICE_SITE_STATIC_CALL },
	};
	static const u8 jcc[] = { 0x55, 0x0f, 0x85, 0x00, 0x00, 0x00, 0x00,
				  0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jcc_to[] = { 0x55, 0x0f, 0x85, 0x12, 0x34, 0x56, 0x78,
				     0x89, 0xf8, 0xc3, 0xcc };
	static const u8 je_to[] = { 0x55, 0x0f, 0x84, 0x12, 0x34, 0x56, 0x78,
				    0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, call, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, nop, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, tail, ret, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, ret0, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, ret0_off, s, no_relocs), -ENOEXEC);
	/* A call site never becomes a ret, nor a jmp. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, ret, s, no_relocs), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, pre, tail, s, no_relocs), -ENOEXEC);
	/* A tail call site never becomes nops, nor clears %eax. */
	KUNIT_EXPECT_EQ(test, MT(test, tail, nop, s, no_relocs), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, tail, ret0, s, no_relocs), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, jcc, jcc_to, s6, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, jcc, je_to, s6, no_relocs), -ENOEXEC);
}

static void ksplice_match_test_retpoline(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 1, .len = 5, .kind = KSPLICE_SITE_RETPOLINE },
	};
	static const struct ksplice_site s6[] = {
		{ .offset = 1, .len = 6, .kind = KSPLICE_SITE_RETPOLINE },
	};
	static const u8 call[] = { 0x55, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 thunk[] = { 0x55, 0xe8, 0x12, 0x34, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 rax[] = { 0x55, 0xff, 0xd0, 0x0f, 0x1f, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 r11[] = { 0x55, 0x41, 0xff, 0xd3, 0x66, 0x90, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 lfence[] = { 0x55, 0x0f, 0xae, 0xe8, 0xff, 0xd0,
				     0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jmp[] = { 0x55, 0xe9, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jmprax[] = { 0x55, 0xff, 0xe0, 0xcc, 0xcc, 0xcc,
				     0x89, 0xf8, 0xc3, 0xcc };
	/* jne __x86_indirect_thunk_rax -> je 1f; jmp *%rax; nop; 1: */
	static const u8 jcc[] = { 0x55, 0x0f, 0x85, 0x00, 0x00, 0x00, 0x00,
				  0x89, 0xf8, 0xc3, 0xcc };
	static const u8 jccrax[] = { 0x55, 0x74, 0x04, 0xff, 0xe0, 0x66,
				     0x90, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, call, thunk, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, call, rax, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, call, r11, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, call, lfence, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, jmp, jmprax, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, jcc, jccrax, s6, no_relocs), 0);
	/* A call does not become a jmp. */
	KUNIT_EXPECT_EQ(test, MT(test, call, jmprax, s, no_relocs), -ENOEXEC);
}

static void ksplice_match_test_return(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 1, .len = 5, .kind = KSPLICE_SITE_RETURN },
	};
	static const u8 pre[] = { 0x5d, 0xe9, 0x00, 0x00, 0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 ret[] = { 0x5d, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 thunk[] = { 0x5d, 0xe9, 0x40, 0x30, 0x20, 0x10, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 bad[] = { 0x5d, 0xc3, 0xcc, 0xcc, 0xcc, 0x55, 0x89, 0xf8, 0xc3, 0xcc };

	/* No site, but the relocation names the thunk. */
	static const struct ksplice_reloc r[] = {
		{ .site = (void *)2, .name = "__x86_return_thunk",
		  .addend = -4, .type = R_X86_64_PLT32 },
	};

	KUNIT_EXPECT_EQ(test, MT(test, pre, ret, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, thunk, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, bad, s, no_relocs), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, pre, ret, no_sites, r), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, bad, no_sites, r), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, MT(test, pre, ret, no_sites, no_relocs),
			-ENOEXEC);
}

/*
 * A short jump whose displacement byte is e9, then a jmp to the return
 * thunk (shrinker_free, memcmp and others): the thunk's field is two
 * bytes after that e9, which is no jcc rel32 opcode.  The site is the
 * jmp's, one byte on; taken a byte early, a ret in the running code was
 * refused, and a call where the pre code has the jmp was accepted.
 */
static void ksplice_match_test_return_after_short_jump(struct kunit *test)
{
	/* test %eax,%eax; jne -23; jmp __x86_return_thunk; mov; ret */
	static const u8 pre[] = { 0x85, 0xc0, 0x75, 0xe9, 0xe9, 0x00, 0x00,
				  0x00, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 ret[] = { 0x85, 0xc0, 0x75, 0xe9, 0xc3, 0xcc, 0xcc,
				  0xcc, 0xcc, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 thunk[] = { 0x85, 0xc0, 0x75, 0xe9, 0xe9, 0x10, 0x20,
				    0x30, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 call[] = { 0x85, 0xc0, 0x75, 0xe9, 0xe8, 0x10, 0x20,
				   0x30, 0x00, 0x89, 0xf8, 0xc3, 0xcc };
	static const struct ksplice_reloc r[] = {
		{ .site = (void *)5, .name = "__x86_return_thunk",
		  .addend = -4, .type = R_X86_64_PLT32 },
	};

	KUNIT_EXPECT_EQ(test, MT(test, pre, ret, no_sites, r), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, thunk, no_sites, r), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, call, no_sites, r), -ENOEXEC);
}

static void ksplice_match_test_smp_lock(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 0, .len = 1, .kind = KSPLICE_SITE_SMP_LOCK },
	};
	/* lock incl (%rdi) -> ds incl (%rdi) */
	static const u8 pre[] = { 0xf0, 0xff, 0x07, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 run[] = { 0x3e, 0xff, 0x07, 0x89, 0xf8, 0xc3, 0xcc };

	KUNIT_EXPECT_EQ(test, MT(test, pre, run, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, pre, s, no_relocs), 0);
}

static void ksplice_match_test_padding(struct kunit *test)
{
	static const u8 pre[] = { 0x55, 0x5d, 0x89, 0xf8, 0xc3, 0xcc, 0x90, 0x90 };
	/* The running function runs to the next symbol: more padding. */
	static const u8 run[] = { 0x55, 0x5d, 0x89, 0xf8, 0xc3, 0xcc, 0xcc, 0x66, 0x0f, 0x1f,
				  0x44, 0x00, 0x00, 0xcc };
	static const u8 longer[] = { 0x55, 0x5d, 0x89, 0xf8, 0xc3, 0xcc, 0x90, 0x90, 0xc3 };
	static const u8 shorter[] = { 0x55, 0x5d, 0x89, 0xf8 };
	struct ksplice_func f = { .name = "f", .pre_code = pre,
				  .pre_size = sizeof(pre) };
	struct ksplice_cand c = { .addr = ADDR, .code = longer,
				  .size = sizeof(longer) };
	struct ksplice_match m = { };

	/*
	 * (ksplice_mt_run() is not used: the pre ends with padding.)  What
	 * follows the pre code is not compared: kallsyms sizes are not exact.
	 */
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
	c.code = shorter;
	c.size = sizeof(shorter);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	c.code = run;
	c.size = sizeof(run);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
	c.size = sizeof(pre) - 2;	/* without the pre's trailing nops */
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
}

static void ksplice_match_test_relocs(struct kunit *test)
{
	/*
	 * call helper; call helper; lea str(%rip),%rdi; at 0, 5 and 10:
	 * fields at 1, 6 and 13 (PLT32 and PC32, addend -4).
	 */
	static const struct ksplice_reloc r[] = {
		{ .site = (void *)1, .name = "helper", .addend = -4,
		  .type = R_X86_64_PLT32, .flags = KSPLICE_RELOC_LOCAL },
		{ .site = (void *)6, .name = "helper", .addend = -4,
		  .type = R_X86_64_PLT32, .flags = KSPLICE_RELOC_LOCAL },
		{ .site = (void *)13, .name = ".rodata.str1.1", .addend = 4,
		  .type = R_X86_64_PC32,
		  .flags = KSPLICE_RELOC_LOCAL | KSPLICE_RELOC_SECTION },
	};
	static const u8 pre[] = { 0xe8, 0, 0, 0, 0, 0xe8, 0, 0, 0, 0,
				  0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x89, 0xf8, 0xc3, 0xcc };
	/* helper at ADDR + 0x100: disp 0xfb from 5, 0xf6 from 10. */
	static const u8 run[] = { 0xe8, 0xfb, 0, 0, 0, 0xe8, 0xf6, 0, 0, 0,
				  0x48, 0x8d, 0x3d, 0x40, 0, 0, 0, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 split[] = { 0xe8, 0xfb, 0, 0, 0, 0xe8, 0xf7, 0, 0, 0,
				    0x48, 0x8d, 0x3d, 0x40, 0, 0, 0, 0x89, 0xf8, 0xc3, 0xcc };
	struct ksplice_func f = { .name = "f", .pre_code = pre,
				  .pre_size = sizeof(pre), .pre_relocs = r,
				  .nr_pre_relocs = ARRAY_SIZE(r) };
	struct ksplice_cand c = { .addr = ADDR, .code = run,
				  .size = sizeof(run) };
	struct ksplice_match m = { };
	unsigned long addr = 0;

	KUNIT_EXPECT_EQ(test, MT(test, pre, run, no_sites, r), 0);

	KUNIT_ASSERT_EQ(test, ksplice_match_code(&m, &f, &c), 0);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(&m, &KSPLICE_KEY("helper", NULL, 0),
						  &addr));
	KUNIT_EXPECT_EQ(test, addr, ADDR + 0x100);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(&m, &KSPLICE_KEY("helper", "vmlinux", 0),
						  &addr));
	/* Section targets are not symbols the new code may use. */
	KUNIT_EXPECT_FALSE(test, ksplice_match_sym(&m, &KSPLICE_KEY(".rodata.str1.1", NULL, 0),
						   &addr));
	/* Consistent across functions: another "helper" is refused. */
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &KSPLICE_KEY("helper", NULL, 0),
						ADDR + 0x200), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &KSPLICE_KEY("helper", NULL, 0),
						ADDR + 0x100), 0);
	c.code = split;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m.fail_off, 6);
	KUNIT_EXPECT_STREQ(test, m.fail_sym, "helper");
	ksplice_match_free(&m);
}

static void ksplice_match_test_pick(struct kunit *test)
{
	/* Two static "dup"s: lea 1(%rdi,%rdi,2) and lea 2(%rdi,%rdi,2). */
	static const u8 a[] = { 0x8d, 0x44, 0x3f, 0x01, 0x89, 0xf8, 0xc3, 0xcc };
	static const u8 b[] = { 0x8d, 0x44, 0x3f, 0x02, 0x89, 0xf8, 0xc3, 0xcc };
	struct ksplice_func f = { .name = "dup", .pre_code = b,
				  .pre_size = sizeof(b) };
	struct ksplice_cand c[] = {
		{ .addr = ADDR, .code = a, .size = sizeof(a) },
		{ .addr = ADDR + 0x40, .code = b, .size = sizeof(b) },
	};
	struct ksplice_match m = { };
	unsigned int which = 9;

	KUNIT_EXPECT_EQ(test, ksplice_match_pick(&m, &f, c, 2, &which), 0);
	KUNIT_EXPECT_EQ(test, which, 1);
	f.pre_code = a;
	KUNIT_EXPECT_EQ(test, ksplice_match_pick(&m, &f, c, 2, &which), 0);
	KUNIT_EXPECT_EQ(test, which, 0);
	/* Identical code: no way to choose. */
	c[1].code = a;
	KUNIT_EXPECT_EQ(test, ksplice_match_pick(&m, &f, c, 2, &which), -E2BIG);
	/* Neither: the mismatch is reported. */
	c[0].code = b;
	c[1].code = b;
	KUNIT_EXPECT_EQ(test, ksplice_match_pick(&m, &f, c, 2, &which),
			-ENOEXEC);
	KUNIT_EXPECT_EQ(test, m.fail_off, 3);
	ksplice_match_free(&m);
}

struct ksplice_mt_dups {
	unsigned long addr[4];
	unsigned int nr;
};

static int ksplice_mt_dup(void *data, unsigned long addr)
{
	struct ksplice_mt_dups *d = data;

	if (d->nr < ARRAY_SIZE(d->addr))
		d->addr[d->nr++] = addr;
	return 0;
}

/* The real same-named static functions of dup_a.c and dup_b.c. */
static void ksplice_match_test_pick_kallsyms(struct kunit *test)
{
	struct ksplice_mt_dups d = { };
	struct ksplice_cand c[2];
	struct ksplice_match m = { };
	struct ksplice_func f = { .name = "ksplice_kunit_dup" };
	unsigned long size, off, want = (unsigned long)ksplice_kunit_dup_b;
	unsigned int i, which = 9;
	u8 *buf;

	kallsyms_on_each_match_symbol(ksplice_mt_dup, "ksplice_kunit_dup", &d);
	KUNIT_ASSERT_EQ(test, d.nr, 2);
	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_TRUE(test, kallsyms_lookup_size_offset(d.addr[i],
								    &size,
								    &off));
		buf = kunit_kmalloc(test, size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_ASSERT_EQ(test, copy_from_kernel_nofault(buf,
				(void *)d.addr[i], size), 0);
		c[i] = (struct ksplice_cand) { .addr = d.addr[i], .code = buf,
					       .size = size };
		if (d.addr[i] == want) {
			f.pre_code = buf;
			f.pre_size = size;
		}
	}
	KUNIT_ASSERT_NOT_NULL(test, f.pre_code);
	KUNIT_EXPECT_EQ(test, ksplice_match_pick(&m, &f, c, 2, &which), 0);
	KUNIT_EXPECT_EQ(test, c[which].addr, want);
	ksplice_match_free(&m);
}

/*
 * runtime_const_ptr() and runtime_const_shift_right_32(): the pre code
 * has the placeholders, the running code the values written at boot.
 */
static void ksplice_match_test_runtime_const(struct kunit *test)
{
	static const struct ksplice_site s[] = {
		{ .offset = 2, .len = 8, .kind = KSPLICE_SITE_RUNTIME_CONST },
		{ .offset = 12, .len = 1, .kind = KSPLICE_SITE_RUNTIME_CONST },
	};
	/* movabs $imm, %rax; shr $imm, %esi */
	static const u8 pre[] = { 0x48, 0xb8, 0xef, 0xcd, 0xab, 0x89, 0x67,
				  0x45, 0x23, 0x01, 0xc1, 0xee, 0x0c,
				  0x89, 0xf8, 0xc3, 0xcc };
	static const u8 run[] = { 0x48, 0xb8, 0x00, 0xf0, 0xff, 0xff, 0xff,
				  0xff, 0xff, 0x00, 0xc1, 0xee, 0x13,
				  0x89, 0xf8, 0xc3, 0xcc };
	/* The opcode next to the immediate is code: shl, not shr. */
	static const u8 shl[] = { 0x48, 0xb8, 0x00, 0xf0, 0xff, 0xff, 0xff,
				  0xff, 0xff, 0x00, 0xc1, 0xe6, 0x13,
				  0x89, 0xf8, 0xc3, 0xcc };
	struct ksplice_site bad = { .offset = 2, .len = 4,
				    .kind = KSPLICE_SITE_RUNTIME_CONST };

	KUNIT_EXPECT_EQ(test, MT(test, pre, run, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, pre, s, no_relocs), 0);
	KUNIT_EXPECT_EQ(test, MT(test, pre, shl, s, no_relocs), -ENOEXEC);
	/* Without the sites, the boot-time values are differences. */
	KUNIT_EXPECT_EQ(test, MT(test, pre, run, no_sites, no_relocs),
			-ENOEXEC);
	/* Only the two widths of asm/runtime-const.h are sites. */
	KUNIT_EXPECT_EQ(test, ksplice_arch_match_site(&bad, pre + 2, run + 2,
						      sizeof(pre) - 2, ADDR + 2),
			0);
}

static struct kunit_case ksplice_match_test_cases[] = {
	KUNIT_CASE(ksplice_match_test_identical),
	KUNIT_CASE(ksplice_match_test_endbr),
	KUNIT_CASE(ksplice_match_test_fentry),
	KUNIT_CASE(ksplice_match_test_jump_label),
	KUNIT_CASE(ksplice_match_test_alternative),
	KUNIT_CASE(ksplice_match_test_alternative_len),
	KUNIT_CASE(ksplice_match_test_alternative_reloc),
	KUNIT_CASE(ksplice_match_test_paravirt),
	KUNIT_CASE(ksplice_match_test_static_call),
	KUNIT_CASE(ksplice_match_test_retpoline),
	KUNIT_CASE(ksplice_match_test_return),
	KUNIT_CASE(ksplice_match_test_return_after_short_jump),
	KUNIT_CASE(ksplice_match_test_smp_lock),
	KUNIT_CASE(ksplice_match_test_runtime_const),
	KUNIT_CASE(ksplice_match_test_padding),
	KUNIT_CASE(ksplice_match_test_relocs),
	KUNIT_CASE(ksplice_match_test_pick),
	KUNIT_CASE(ksplice_match_test_pick_kallsyms),
	{}
};

static struct kunit_suite ksplice_match_suite = {
	.name = "ksplice_match",
	.test_cases = ksplice_match_test_cases,
};

kunit_test_suite(ksplice_match_suite);
