// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the x86 jump code of ksplice: encoding of the jump, where
 * it goes in a function (endbr64, the ftrace site), and relocations.
 */

#include <kunit/test.h>
#include <linux/elf.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/ksplice.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include <asm/ibt.h>
#include <asm/ksplice.h>

#include "../ksplice_internal.h"

#define SITE	0xffffffff81000000UL

static void ksplice_x86_test_jump_forward(struct kunit *test)
{
	u8 insn[KSPLICE_MAX_JUMP];
	static const u8 want[] = { 0xe9, 0xfb, 0x0f, 0x00, 0x00 };

	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE, SITE + 0x1000,
						       insn), 5);
	KUNIT_EXPECT_MEMEQ(test, insn, want, sizeof(want));

	/* The next instruction: a displacement of zero. */
	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE, SITE + 5, insn), 5);
	KUNIT_EXPECT_EQ(test, insn[0], 0xe9);
	KUNIT_EXPECT_EQ(test, insn[1] | insn[2] | insn[3] | insn[4], 0);
}

static void ksplice_x86_test_jump_backward(struct kunit *test)
{
	u8 insn[KSPLICE_MAX_JUMP];
	static const u8 want[] = { 0xe9, 0xfb, 0xfe, 0xff, 0xff };
	static const u8 self[] = { 0xe9, 0xfb, 0xff, 0xff, 0xff };

	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE, SITE - 0x100,
						       insn), 5);
	KUNIT_EXPECT_MEMEQ(test, insn, want, sizeof(want));
	/* To itself: -5. */
	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE, SITE, insn), 5);
	KUNIT_EXPECT_MEMEQ(test, insn, self, sizeof(self));
}

static void ksplice_x86_test_jump_range(struct kunit *test)
{
	u8 insn[KSPLICE_MAX_JUMP];
	static const u8 max[] = { 0xe9, 0xff, 0xff, 0xff, 0x7f };
	static const u8 min[] = { 0xe9, 0x00, 0x00, 0x00, 0x80 };

	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE,
			SITE + 5 + 0x7fffffffUL, insn), 5);
	KUNIT_EXPECT_MEMEQ(test, insn, max, sizeof(max));
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(SITE,
			SITE + 5 + 0x80000000UL, insn), -ERANGE);
	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(SITE,
			SITE + 5 - 0x80000000UL, insn), 5);
	KUNIT_EXPECT_MEMEQ(test, insn, min, sizeof(min));
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(SITE,
			SITE + 5 - 0x80000001UL, insn), -ERANGE);
}

static void ksplice_x86_test_entry_skip(struct kunit *test)
{
	static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x0f };
	static const u8 sealed[] = { 0x66, 0x0f, 0x1f, 0x00, 0x0f };
	static const u8 plain[] = { 0x55, 0x48, 0x89, 0xe5, 0x0f };

	KUNIT_EXPECT_EQ(test, ksplice_x86_entry_skip(endbr64, false),
			ENDBR_INSN_SIZE);
	KUNIT_EXPECT_EQ(test, ksplice_x86_entry_skip(endbr64, true),
			ENDBR_INSN_SIZE + 5);
	/* An endbr64 sealed at boot is a 4-byte nop, still skipped. */
	KUNIT_EXPECT_EQ(test, ksplice_x86_entry_skip(sealed, false),
			ENDBR_INSN_SIZE);
	KUNIT_EXPECT_EQ(test, ksplice_x86_entry_skip(plain, false), 0);
	KUNIT_EXPECT_EQ(test, ksplice_x86_entry_skip(plain, true), 5);
}

static noinline __noipa int ksplice_kunit_x86_traced(int x)
{
	return x * 7 + 1;
}

static noinline __noipa notrace int ksplice_kunit_x86_notrace(int x)
{
	return x * 7 + 2;
}

/* Loaded at run time: no relocation to an address past an endbr64. */
static int (*ksplice_x86_traced)(int) = ksplice_kunit_x86_traced;
static int (*ksplice_x86_notrace)(int) = ksplice_kunit_x86_notrace;

static void ksplice_x86_test_site(struct kunit *test)
{
	unsigned long entry, size, off, site, want;
	const char *why = NULL;
	u32 first;

	/* A traced function: after endbr64 (if IBT) and the fentry site. */
	entry = (unsigned long)READ_ONCE(ksplice_x86_traced);
	KUNIT_ASSERT_TRUE(test, kallsyms_lookup_size_offset(entry, &size, &off));
	KUNIT_ASSERT_EQ(test, ksplice_arch_jump_site(entry, size, &site, &why),
			0);
	memcpy(&first, (void *)entry, sizeof(first));
	want = entry + (is_endbr(first) ? ENDBR_INSN_SIZE : 0);
	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE)) {
		KUNIT_EXPECT_EQ(test, ftrace_location(entry), want);
		want += 5;
	}
	KUNIT_EXPECT_EQ(test, site, want);
	KUNIT_EXPECT_FALSE(test, ftrace_text_reserved((void *)site,
						      (void *)(site + 4)));

	/* Too short for a jump. */
	KUNIT_EXPECT_EQ(test, ksplice_arch_jump_site(entry, site - entry + 4,
						     &site, &why), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ksplice_arch_jump_site(entry, site - entry + 5,
						     &site, &why), 0);

	/* notrace: right after the endbr64, if any. */
	entry = (unsigned long)READ_ONCE(ksplice_x86_notrace);
	KUNIT_ASSERT_TRUE(test, kallsyms_lookup_size_offset(entry, &size, &off));
	KUNIT_ASSERT_EQ(test, ksplice_arch_jump_site(entry, size, &site, &why),
			0);
	memcpy(&first, (void *)entry, sizeof(first));
	KUNIT_EXPECT_EQ(test, ftrace_location(entry), 0);
	KUNIT_EXPECT_EQ(test, site,
			entry + (is_endbr(first) ? ENDBR_INSN_SIZE : 0));
}

static void ksplice_x86_test_reloc_values(struct kunit *test)
{
	u8 buf[16];
	unsigned long v = 0xffffffff81234567UL;

	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_64, SITE, v, buf), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf), (u64)v);

	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_PC32, SITE, SITE + 0x100,
						 buf), 4);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf), 0x100);
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_PLT32, SITE, SITE - 4,
						 buf), 4);
	KUNIT_EXPECT_EQ(test, (s32)get_unaligned_le32(buf), -4);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_X86_64_PC32, SITE,
						 SITE + 0x80000000UL, buf),
			-ERANGE);
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_PC64, SITE,
						 SITE - 0x100000000UL, buf), 8);
	KUNIT_EXPECT_EQ(test, (s64)get_unaligned_le64(buf), -0x100000000LL);

	/* Kernel addresses fit 32S (sign-extended), not 32 (zero-extended). */
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_32S, SITE, v, buf), 4);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf), 0x81234567);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_X86_64_32, SITE, v, buf),
			-ERANGE);
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_X86_64_32, SITE, 0x1234, buf),
			4);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(buf), 0x1234);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_X86_64_32S, SITE,
						 0x80000000UL, buf), -ERANGE);

	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_X86_64_GOTPCREL, SITE, v,
						 buf), -ENOEXEC);
}

/* Relocations through the whole register path, into writable memory. */
static u64 ksplice_x86_abs_site;
static u32 ksplice_x86_pc_site;

static const struct ksplice_reloc ksplice_x86_relocs[] = {
	{ .site = &ksplice_x86_abs_site, .name = "ksplice_kunit_x86_traced",
	  .addend = 3, .type = R_X86_64_64 },
	{ .site = &ksplice_x86_pc_site, .name = "ksplice_kunit_x86_notrace",
	  .addend = -4, .type = R_X86_64_PC32 },
};

static const struct ksplice_update ksplice_x86_reloc_update = {
	.name = "kunit_x86_relocs",
	.relocs = ksplice_x86_relocs,
	.nr_relocs = ARRAY_SIZE(ksplice_x86_relocs),
};

static const struct ksplice_reloc ksplice_x86_bad_reloc = {
	.site = &ksplice_x86_pc_site, .name = "ksplice_kunit_x86_notrace",
	.type = R_X86_64_32,
};

static const struct ksplice_update ksplice_x86_bad_update = {
	.name = "kunit_x86_bad",
	.relocs = &ksplice_x86_bad_reloc,
	.nr_relocs = 1,
};

/*
 * Runtime constants: the sites get the variables' values (the whole
 * unsigned long; the low byte of the u32), not their addresses.
 */
static unsigned long __used ksplice_kunit_x86_rc_ptr = 0x00ffffffffffefffUL;
static u32 __used ksplice_kunit_x86_rc_shift = 0x12345614;
static u64 ksplice_x86_rc_ptr_site = 0x0123456789abcdefULL;
static u8 ksplice_x86_rc_shift_site[2] = { 12, 0x5a };

static const struct ksplice_reloc ksplice_x86_rc_relocs[] = {
	{ .site = &ksplice_x86_rc_ptr_site, .name = "ksplice_kunit_x86_rc_ptr",
	  .type = 8, .flags = KSPLICE_RELOC_RUNTIME_CONST },
	{ .site = ksplice_x86_rc_shift_site,
	  .name = "ksplice_kunit_x86_rc_shift",
	  .type = 1, .flags = KSPLICE_RELOC_RUNTIME_CONST },
};

static const struct ksplice_update ksplice_x86_rc_update = {
	.name = "kunit_x86_rc",
	.relocs = ksplice_x86_rc_relocs,
	.nr_relocs = ARRAY_SIZE(ksplice_x86_rc_relocs),
};

static const struct ksplice_reloc ksplice_x86_rc_missing_reloc = {
	.site = &ksplice_x86_rc_ptr_site, .name = "ksplice_kunit_x86_rc_none",
	.type = 8, .flags = KSPLICE_RELOC_RUNTIME_CONST,
};

static const struct ksplice_update ksplice_x86_rc_missing_update = {
	.name = "kunit_x86_rc_missing",
	.relocs = &ksplice_x86_rc_missing_reloc,
	.nr_relocs = 1,
};

static void ksplice_x86_test_runtime_const(struct kunit *test)
{
	u8 buf[8];

	KUNIT_ASSERT_EQ(test, ksplice_register(&ksplice_x86_rc_update), 0);
	KUNIT_EXPECT_EQ(test, ksplice_x86_rc_ptr_site,
			(u64)READ_ONCE(ksplice_kunit_x86_rc_ptr));
	KUNIT_EXPECT_EQ(test, ksplice_x86_rc_shift_site[0], 0x14);
	/* One byte only. */
	KUNIT_EXPECT_EQ(test, ksplice_x86_rc_shift_site[1], 0x5a);
	ksplice_unregister(&ksplice_x86_rc_update);

	/* No such variable: failed_to_find, nothing written. */
	ksplice_x86_rc_ptr_site = 0x0123456789abcdefULL;
	KUNIT_EXPECT_NE(test, ksplice_register(&ksplice_x86_rc_missing_update),
			0);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause,
			KSPLICE_CAUSE_FAILED_TO_FIND);
	KUNIT_EXPECT_EQ(test, ksplice_x86_rc_ptr_site, 0x0123456789abcdefULL);

	/* USER_PTR_MAX itself, as the boot code wrote it. */
	KUNIT_EXPECT_EQ(test, ksplice_runtime_const_bytes(8,
			(unsigned long)&USER_PTR_MAX, buf), 8);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(buf), (u64)USER_PTR_MAX);
	KUNIT_EXPECT_EQ(test, ksplice_runtime_const_bytes(4,
			(unsigned long)&USER_PTR_MAX, buf), -EINVAL);
}

static void ksplice_x86_test_relocate(struct kunit *test)
{
	unsigned long pc = (unsigned long)&ksplice_x86_pc_site;

	KUNIT_ASSERT_EQ(test, ksplice_register(&ksplice_x86_reloc_update), 0);
	KUNIT_EXPECT_EQ(test, ksplice_x86_abs_site,
			(u64)READ_ONCE(ksplice_x86_traced) + 3);
	KUNIT_EXPECT_EQ(test, (s32)ksplice_x86_pc_site,
			(s32)((unsigned long)READ_ONCE(ksplice_x86_notrace) -
			      4 - pc));
	ksplice_unregister(&ksplice_x86_reloc_update);

	/* A kernel address does not fit R_X86_64_32: refused. */
	KUNIT_EXPECT_EQ(test, ksplice_register(&ksplice_x86_bad_update),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&ksplice_x86_bad_update));
}

/*
 * Call depth tracking (retbleed=stuff): direct calls go to an accounting
 * thunk the boot code writes just before the callee.  A call that far
 * before a function is a call of the function; one byte off is not.
 */
static noinline __noipa int ksplice_x86_callee(int x)
{
	return x + 11;
}

static void ksplice_x86_test_call_thunk(struct kunit *test)
{
	unsigned long f = (unsigned long)ksplice_x86_callee;
	const unsigned int tsize = 10;

	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f - tsize, tsize), f);
	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f, tsize), f);
	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f - tsize - 1, tsize),
			f - tsize - 1);
	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f - tsize + 1, tsize),
			f - tsize + 1);
	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f + 1, tsize), f + 1);
	/* No thunks: nothing is translated. */
	KUNIT_EXPECT_EQ(test, ksplice_x86_thunk_dest(f - tsize, 0), f - tsize);
}

static struct kunit_case ksplice_x86_cases[] = {
	KUNIT_CASE(ksplice_x86_test_jump_forward),
	KUNIT_CASE(ksplice_x86_test_jump_backward),
	KUNIT_CASE(ksplice_x86_test_jump_range),
	KUNIT_CASE(ksplice_x86_test_entry_skip),
	KUNIT_CASE(ksplice_x86_test_site),
	KUNIT_CASE(ksplice_x86_test_reloc_values),
	KUNIT_CASE(ksplice_x86_test_relocate),
	KUNIT_CASE(ksplice_x86_test_runtime_const),
	KUNIT_CASE(ksplice_x86_test_call_thunk),
	{}
};

static struct kunit_suite ksplice_x86_suite = {
	.name = "ksplice_x86",
	.test_cases = ksplice_x86_cases,
};
kunit_test_suite(ksplice_x86_suite);
