// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the 32-bit ARM jump code of ksplice: encoding of the
 * jump (branch and literal forms, the exact reach of a branch), where it
 * goes in a function and when the 8-byte form is refused, writing it with
 * the machine stopped and running through it, relocation fields per
 * type, writes into read-only memory, and the saved state of a task;
 * ftrace switched on and off while a jump is in place; and run-pre
 * matching of code that the boot code rewrote (ARM_PATCH_PHYS_VIRT) or
 * that calls code it rewrote (ARM_PATCH_IDIV).
 */

#include <kunit/test.h>
#include <linux/cacheflush.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/elf.h>
#include <linux/execmem.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/ksplice.h>
#include <linux/memory.h>
#include <linux/sched/task_stack.h>
#include <linux/set_memory.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <asm/hwcap.h>
#include <asm/ksplice.h>
#include <asm/memory.h>
#include <asm/opcodes.h>
#include <asm/smp_plat.h>

#include "../ksplice_internal.h"
#include "ksplice_kunit.h"

#define SITE	0xc0100000UL

#define MOV_R0_42	0xe3a0002a	/* mov r0, #42 */
#define BX_LR		0xe12fff1e	/* bx lr */

/* Word @i of an encoded jump (or code buffer), as an opcode. */
static u32 karm_word(const u8 *insn, unsigned int i)
{
	u32 w;

	memcpy(&w, insn + 4 * i, sizeof(w));
	return w;
}

static u32 karm_op(const u8 *insn, unsigned int i)
{
	return __mem_to_opcode_arm(karm_word(insn, i));
}

static void ksplice_arm_test_jump_near(struct kunit *test)
{
	u8 insn[KSPLICE_MAX_JUMP];

	/* To the next-but-one word: the PC reads 8 ahead, offset 0. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, SITE + 8, insn), 4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xea000000);
	/* Forward. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, SITE + 0x1000, insn),
			4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xea0003fe);
	/* To itself: "b ." */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, SITE, insn), 4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xeafffffe);
	/* Backward. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, SITE - 0x100, insn),
			4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xeaffffbe);
	/* Module area (below PAGE_OFFSET) to kernel text and back. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(0xbf000000UL, SITE, insn),
			4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0),
			0xea000000 | ((SITE - 0xbf000008UL) >> 2));
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, 0xbf000000UL, insn),
			4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0),
			0xea000000 |
			(((0xbf000000UL - SITE - 8) >> 2) & 0xffffff));
}

static void ksplice_arm_test_jump_range(struct kunit *test)
{
	u8 insn[KSPLICE_MAX_JUMP];

	/* The farthest forward branch: +32 MiB - 4 from the PC. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE,
			SITE + 8 + 0x1fffffcUL, insn), 4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xea7fffff);
	/* One word further: the literal form. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE,
			SITE + 8 + 0x2000000UL, insn), 8);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), KSPLICE_ARM_LDR_PC);
	KUNIT_EXPECT_EQ(test, karm_word(insn, 1), SITE + 8 + 0x2000000UL);
	/* The farthest backward branch: -32 MiB from the PC. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE,
			SITE + 8 - 0x2000000UL, insn), 4);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xea800000);
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE,
			SITE + 8 - 0x2000004UL, insn), 8);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), KSPLICE_ARM_LDR_PC);
	KUNIT_EXPECT_EQ(test, karm_word(insn, 1), SITE + 8 - 0x2000004UL);
	/* Far away: a vmalloc address from kernel text. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_jump(SITE, 0xf0800000UL, insn),
			8);
	KUNIT_EXPECT_EQ(test, karm_word(insn, 1), 0xf0800000UL);
}

static void ksplice_arm_test_jump_far(struct kunit *test)
{
	static const u8 want[] = { 0x04, 0xf0, 0x1f, 0xe5,
				   0x40, 0x30, 0x20, 0x10 };
	u8 insn[KSPLICE_MAX_JUMP];

	/* The literal form works at any distance, even a near one. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_far(SITE, SITE + 16, insn), 8);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), 0xe51ff004);
	KUNIT_EXPECT_EQ(test, karm_word(insn, 1), SITE + 16);
	if (!IS_ENABLED(CONFIG_CPU_BIG_ENDIAN)) {
		KUNIT_ASSERT_EQ(test, ksplice_arm_encode_far(SITE, 0x10203040UL,
							     insn), 8);
		KUNIT_EXPECT_MEMEQ(test, insn, want, sizeof(want));
	}
	/* ARM code only: no Thumb targets, no misaligned sites. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_encode_jump(SITE, SITE + 0x101, insn),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_arm_encode_jump(SITE + 2, SITE + 0x100,
						      insn), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_arm_encode_far(SITE, 0xf0800001UL, insn),
			-EINVAL);
}

/* Functions to put jumps in (traced ones have an mcount site). */
static noinline __noipa int ksplice_kunit_arm_leaf(int x)
{
	return x + 3;
}

/* Read with READ_ONCE(): the compiler must not see through them. */
static int (*karm_leaf)(int) = ksplice_kunit_arm_leaf;

static noinline __noipa int ksplice_kunit_arm_frame(int x)
{
	return READ_ONCE(karm_leaf)(x) * x + READ_ONCE(karm_leaf)(x + 1);
}

static noinline __noipa notrace int ksplice_kunit_arm_notrace(int x)
{
	return x * 5 + 3;
}

static noinline __noipa notrace int ksplice_kunit_arm_new(int x)
{
	return x * 5 + 4;
}

static int (*karm_notrace)(int) = ksplice_kunit_arm_notrace;

static noinline int karm_call_notrace(int x)
{
	return READ_ONCE(karm_notrace)(x);
}

static unsigned long karm_size(struct kunit *test, unsigned long entry)
{
	unsigned long size = 0, off = 0;

	KUNIT_EXPECT_TRUE(test, kallsyms_lookup_size_offset(entry, &size, &off));
	KUNIT_EXPECT_EQ(test, off, 0);
	return size;
}

static void ksplice_arm_test_site(struct kunit *test)
{
	unsigned long entry, size, site = 0, mcount;
	const char *why = NULL;

	/* Traced or not, the jump goes at the entry. */
	entry = (unsigned long)karm_leaf;
	size = karm_size(test, entry);
	KUNIT_ASSERT_EQ(test, ksplice_arch_jump_site(entry, size, &site, &why),
			0);
	KUNIT_EXPECT_EQ(test, site, entry);
	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE)) {
		/* "push {lr}" at least comes before the mcount call. */
		mcount = ftrace_location(entry);
		KUNIT_EXPECT_GE(test, mcount, entry + 4);
		KUNIT_EXPECT_LT(test, mcount, entry + size);
		KUNIT_EXPECT_FALSE(test, ftrace_text_reserved((void *)site,
							      (void *)(site + 3)));
	}

	entry = (unsigned long)karm_notrace;
	size = karm_size(test, entry);
	KUNIT_ASSERT_EQ(test, ksplice_arch_jump_site(entry, size, &site, &why),
			0);
	KUNIT_EXPECT_EQ(test, site, entry);
	KUNIT_EXPECT_EQ(test, ftrace_location(entry), 0);

	/* Too short, not ARM code. */
	why = NULL;
	KUNIT_EXPECT_EQ(test, ksplice_arch_jump_site(entry, 2, &site, &why),
			-ENOSPC);
	KUNIT_EXPECT_NOT_NULL(test, why);
	why = NULL;
	KUNIT_EXPECT_EQ(test, ksplice_arch_jump_site(entry + 1, size, &site,
						     &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);
}

/* When the 8-byte form is needed, the function must have room for it. */
static void ksplice_arm_test_far_room(struct kunit *test)
{
	unsigned long entry, size, mcount;
	u8 insn[KSPLICE_MAX_JUMP];

	/* notrace: the first two words are free. */
	entry = (unsigned long)karm_notrace;
	size = karm_size(test, entry);
	KUNIT_ASSERT_GE(test, size, 8);
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry,
			entry + 0x4000000UL, insn), 8);
	KUNIT_EXPECT_EQ(test, karm_op(insn, 0), KSPLICE_ARM_LDR_PC);
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry, entry + 0x1000,
						       insn), 4);
	/* Not a function's entry: no far jump (its size is unknown). */
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry + 4,
			entry + 0x4000000UL, insn), -EINVAL);

	if (!IS_ENABLED(CONFIG_DYNAMIC_FTRACE))
		kunit_skip(test, "no dynamic ftrace");

	/*
	 * A leaf without a prologue: "push {lr}; bl __gnu_mcount_nc" are
	 * its first two words.  A branch is fine, the literal would sit on
	 * the ftrace site: refused.
	 */
	entry = (unsigned long)karm_leaf;
	mcount = ftrace_location(entry);
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry, entry + 0x1000,
						       insn), 4);
	if (mcount == entry + 4)
		KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry,
				entry + 0x4000000UL, insn), -EBUSY);
	else
		kunit_info(test, "leaf: mcount site at +%lu", mcount - entry);

	/* With a prologue, the mcount site is further in: room. */
	entry = (unsigned long)ksplice_kunit_arm_frame;
	mcount = ftrace_location(entry);
	if (mcount >= entry + 8)
		KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry,
				entry + 0x4000000UL, insn), 8);
	else
		kunit_info(test, "frame: mcount site at +%lu", mcount - entry);
}

/* Write a jump the way the core does: text_mutex, all CPUs stopped. */
struct karm_write {
	unsigned long site;
	const u8 *insn;
	unsigned int len;
	atomic_t cpus;
	int done;
};

static int karm_write_fn(void *data)
{
	struct karm_write *w = data;

	if (atomic_inc_return(&w->cpus) == 1) {
		ksplice_arch_write_jump(w->site, w->insn, w->len);
		/* The writes before the others go on. */
		smp_store_release(&w->done, 1);
	} else {
		/* Pairs with the release above. */
		while (!smp_load_acquire(&w->done))
			cpu_relax();
	}
	ksplice_arch_sync_cpu();
	return 0;
}

static void karm_write(unsigned long site, const u8 *insn, unsigned int len)
{
	struct karm_write w = { .site = site, .insn = insn, .len = len };

	cpus_read_lock();
	mutex_lock(&text_mutex);
	stop_machine_cpuslocked(karm_write_fn, &w, cpu_online_mask);
	mutex_unlock(&text_mutex);
	cpus_read_unlock();
}

/* Put a jump in ksplice_kunit_arm_notrace, call it, take the jump out. */
static void karm_jump_and_back(struct kunit *test, const u8 *jump,
			       unsigned int len, int want)
{
	unsigned long entry = (unsigned long)karm_notrace;
	u8 before[16], now[16];

	KUNIT_ASSERT_LE(test, len, sizeof(before));
	memcpy(before, (void *)entry, sizeof(before));
	KUNIT_ASSERT_EQ(test, karm_call_notrace(2), 13);

	karm_write(entry, jump, len);
	memcpy(now, (void *)entry, sizeof(now));
	KUNIT_EXPECT_MEMEQ(test, now, jump, len);
	KUNIT_EXPECT_MEMEQ(test, now + len, before + len, sizeof(now) - len);
	KUNIT_EXPECT_EQ(test, karm_call_notrace(2), want);

	/* The saved bytes undo it exactly. */
	karm_write(entry, before, len);
	memcpy(now, (void *)entry, sizeof(now));
	KUNIT_EXPECT_MEMEQ(test, now, before, sizeof(now));
	KUNIT_EXPECT_EQ(test, karm_call_notrace(2), 13);
}

static void ksplice_arm_test_run_near(struct kunit *test)
{
	unsigned long entry = (unsigned long)karm_notrace;
	u8 insn[KSPLICE_MAX_JUMP];

	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(entry,
			(unsigned long)ksplice_kunit_arm_new, insn), 4);
	karm_jump_and_back(test, insn, 4, 14);
}

static void ksplice_arm_test_run_far(struct kunit *test)
{
	unsigned long entry = (unsigned long)karm_notrace, far;
	u8 insn[KSPLICE_MAX_JUMP];
	u32 *code;
	long dist;

	/* The literal form, to a near target. */
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_far(entry,
			(unsigned long)ksplice_kunit_arm_new, insn), 8);
	karm_jump_and_back(test, insn, 8, 14);

	/* And to code really out of reach of a branch: in vmalloc space. */
	code = __vmalloc_node_range(PAGE_SIZE, PAGE_SIZE, VMALLOC_START,
				    VMALLOC_END, GFP_KERNEL, PAGE_KERNEL_EXEC,
				    0, NUMA_NO_NODE, __builtin_return_address(0));
	KUNIT_ASSERT_NOT_NULL(test, code);
	code[0] = __opcode_to_mem_arm(MOV_R0_42);
	code[1] = __opcode_to_mem_arm(BX_LR);
	flush_icache_range((unsigned long)code, (unsigned long)(code + 2));
	far = (unsigned long)code;
	dist = (long)(far - (entry + 8));
	if (dist >= KSPLICE_ARM_B_MIN && dist <= KSPLICE_ARM_B_MAX) {
		vfree(code);
		kunit_skip(test, "vmalloc space is within a branch's reach");
	}
	KUNIT_EXPECT_EQ(test, ksplice_arch_encode_jump(entry, far, insn), 8);
	karm_jump_and_back(test, insn, 8, 42);
	vfree(code);
}

static void ksplice_arm_test_reloc_fields(struct kunit *test)
{
	u32 w = 0;

	/* Data words. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_ABS32, 0x55555555,
			SITE, 0xc0123457UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xc0123457);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_TARGET1, 0, SITE,
			0xbf001000UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xbf001000);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_REL32, 0, SITE,
			SITE - 0x10, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xfffffff0);

	/* PREL31 keeps bit 31 and reaches +-1 GiB. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0x80000000,
			SITE, SITE + 0x100, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x80000100);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0x7fffffff,
			SITE, SITE - 4, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x7ffffffc);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0, SITE,
			SITE + 0x3fffffffUL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x3fffffff);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0, SITE,
			SITE - 0x40000000UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x40000000);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0, SITE,
			SITE + 0x40000000UL, &w), -ERANGE);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PREL31, 0, SITE,
			SITE - 0x40000004UL, &w), -ERANGE);

	/* Branches: S + A - P, with A = -8 from the instruction. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_CALL, 0xebfffffe,
			SITE, SITE + 0x1000, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xeb000400);
	/* The condition and the opcode stay: bne. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_JUMP24, 0x1afffffe,
			SITE, SITE + 0x1000, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x1a000400);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PC24, 0xeafffffe,
			SITE, SITE - 0x1000, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xeafffc00);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_PLT32, 0xebfffffe,
			SITE, SITE - 0x1000, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xebfffc00);
	/* Exact reach. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_CALL, 0xebfffffe,
			SITE, SITE + 0x1fffffcUL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xeb7fffff);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_CALL, 0xebfffffe,
			SITE, SITE + 0x2000000UL, &w), -ERANGE);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_JUMP24, 0xeafffffe,
			SITE, SITE - 0x2000000UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xea800000);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_JUMP24, 0xeafffffe,
			SITE, SITE - 0x2000004UL, &w), -ERANGE);
	/* To Thumb code, or from a blx: not supported. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_CALL, 0xebfffffe,
			SITE, SITE + 0x1001, &w), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_CALL, 0xfafffffe,
			SITE, SITE + 0x1000, &w), -EINVAL);

	/* movw r3 / movt r3: imm16 split into imm4:imm12, old field gone. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_MOVW_ABS_NC,
			0xe30f3fff, SITE, 0xc0123456UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xe3033456);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_MOVT_ABS,
			0xe34f3fff, SITE, 0xc0123456UL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xe34c3012);
	/* A conditional movt (movtne r5) keeps its condition and register. */
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_MOVT_ABS,
			0x13405000, SITE, 0xbf00ffffUL, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0x134b5f00);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_MOVW_PREL_NC,
			0xe3003000, SITE, SITE - 0x10, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xe30f3ff0);
	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_MOVT_PREL,
			0xe3403000, SITE, SITE - 0x10, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xe34f3fff);

	KUNIT_EXPECT_EQ(test, ksplice_arm_reloc_field(R_ARM_THM_CALL, 0, SITE,
			SITE, &w), -ENOEXEC);
}

/* ksplice_arch_reloc() reads the site and returns memory order. */
static u32 karm_reloc_site[2];

static void ksplice_arm_test_reloc_bytes(struct kunit *test)
{
	unsigned long site = (unsigned long)&karm_reloc_site[0];
	u8 buf[16];
	u32 w;

	karm_reloc_site[0] = __opcode_to_mem_arm(0xe3002000);	/* movw r2 */
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_ARM_MOVW_ABS_NC, site,
						 0x12345678UL, buf), 4);
	memcpy(&w, buf, 4);
	KUNIT_EXPECT_EQ(test, __mem_to_opcode_arm(w), 0xe3052678);

	karm_reloc_site[0] = 0x80000000;
	KUNIT_ASSERT_EQ(test, ksplice_arch_reloc(R_ARM_PREL31, site, site + 8,
						 buf), 4);
	memcpy(&w, buf, 4);
	KUNIT_EXPECT_EQ(test, w, 0x80000008);

	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_ARM_CALL, site,
						 site + 0x2000000UL, buf),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc(R_ARM_V4BX, site, site,
						 buf), -ENOEXEC);
}

/* Relocations through the whole register path, into writable memory. */
static u32 karm_abs_site;
static u32 karm_call_site = 0xebfffffe;		/* bl . */
static u32 karm_movw_site = 0xe3001000;		/* movw r1, #0 */
static u32 karm_movt_site = 0xe3401000;		/* movt r1, #0 */

static const struct ksplice_reloc karm_relocs[] = {
	{ .site = &karm_abs_site, .name = "ksplice_kunit_arm_notrace",
	  .addend = 4, .type = R_ARM_ABS32 },
	{ .site = &karm_call_site, .name = "ksplice_kunit_arm_new",
	  .addend = -8, .type = R_ARM_CALL },
	{ .site = &karm_movw_site, .name = "ksplice_kunit_arm_leaf",
	  .type = R_ARM_MOVW_ABS_NC },
	{ .site = &karm_movt_site, .name = "ksplice_kunit_arm_leaf",
	  .type = R_ARM_MOVT_ABS },
};

static const struct ksplice_update karm_reloc_update = {
	.name = "kunit_arm_relocs",
	.relocs = karm_relocs,
	.nr_relocs = ARRAY_SIZE(karm_relocs),
};

static const struct ksplice_reloc karm_bad_reloc = {
	.site = &karm_abs_site, .name = "ksplice_kunit_arm_notrace",
	.addend = 0x50000000, .type = R_ARM_PREL31,
};

static const struct ksplice_update karm_bad_update = {
	.name = "kunit_arm_bad",
	.relocs = &karm_bad_reloc,
	.nr_relocs = 1,
};

static void ksplice_arm_test_relocate(struct kunit *test)
{
	unsigned long call = (unsigned long)&karm_call_site;
	unsigned long leaf = (unsigned long)ksplice_kunit_arm_leaf;
	unsigned long target;
	u32 op;

	if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN))
		kunit_skip(test, "sites hold little-endian opcodes");
	KUNIT_ASSERT_EQ(test, ksplice_register(&karm_reloc_update), 0);
	KUNIT_EXPECT_EQ(test, karm_abs_site,
			(u32)(unsigned long)ksplice_kunit_arm_notrace + 4);
	/* Decode the bl: PC + 8 + imm24 * 4. */
	op = karm_call_site;
	KUNIT_EXPECT_EQ(test, op >> 24, 0xeb);
	target = call + 8 + ((long)(op << 8) >> 6);
	KUNIT_EXPECT_EQ(test, target, (unsigned long)ksplice_kunit_arm_new);
	KUNIT_EXPECT_EQ(test, karm_movw_site,
			0xe3001000 | ((leaf & 0xf000) << 4) | (leaf & 0xfff));
	KUNIT_EXPECT_EQ(test, karm_movt_site,
			0xe3401000 | ((leaf >> 12) & 0xf0000) |
			((leaf >> 16) & 0xfff));
	ksplice_unregister(&karm_reloc_update);

	/* Out of PREL31's reach: refused. */
	KUNIT_EXPECT_EQ(test, ksplice_register(&karm_bad_update), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&karm_bad_update));
}

/*
 * Writes into read-only text: relocate "movw r0; movt r0; bx lr" (and a
 * "bl" from module memory) after the page is made read-only, and run it.
 */
static noinline __noipa int ksplice_kunit_arm_callee(void)
{
	return 1234;
}

static void ksplice_arm_test_write_ro(struct kunit *test)
{
	unsigned long value = (unsigned long)ksplice_kunit_arm_callee;
	u32 *code, before[4];
	int (*fn)(void);
	u8 buf[16];
	int len;

	code = execmem_alloc(EXECMEM_MODULE_TEXT, PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, code);
	memset(code, 0, PAGE_SIZE);
	code[0] = __opcode_to_mem_arm(0xe3000000);	/* movw r0, #0 */
	code[1] = __opcode_to_mem_arm(0xe3400000);	/* movt r0, #0 */
	code[2] = __opcode_to_mem_arm(BX_LR);
	code[4] = __opcode_to_mem_arm(0xe92d4010);	/* push {r4, lr} */
	code[5] = __opcode_to_mem_arm(0xebfffffe);	/* bl . */
	code[6] = __opcode_to_mem_arm(0xe8bd8010);	/* pop {r4, pc} */
	code[8] = 0x11223344;
	code[9] = 0x55667788;
	flush_icache_range((unsigned long)code, (unsigned long)(code + 10));
	KUNIT_ASSERT_EQ(test, set_memory_ro((unsigned long)code, 1), 0);

	len = ksplice_arch_reloc(R_ARM_MOVW_ABS_NC, (unsigned long)&code[0],
				 value, buf);
	KUNIT_ASSERT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, ksplice_arch_write_ro(&code[0], buf, len), 0);
	len = ksplice_arch_reloc(R_ARM_MOVT_ABS, (unsigned long)&code[1],
				 value, buf);
	KUNIT_ASSERT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, ksplice_arch_write_ro(&code[1], buf, len), 0);
	fn = (void *)code;
	KUNIT_EXPECT_EQ(test, (unsigned long)fn(), value);

	/* A call from module memory to the kernel: within reach. */
	len = ksplice_arch_reloc(R_ARM_CALL, (unsigned long)&code[5],
				 value - 8, buf);
	KUNIT_ASSERT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, ksplice_arch_write_ro(&code[5], buf, len), 0);
	fn = (void *)&code[4];
	KUNIT_EXPECT_EQ(test, fn(), 1234);

	/* Bytes that straddle two words; the bytes around stay. */
	memcpy(before, &code[8], sizeof(u32) * 2);
	KUNIT_EXPECT_EQ(test, ksplice_arch_write_ro((u8 *)&code[8] + 3,
						    "\xaa\xbb\xcc", 3), 0);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)&code[8], before, 3), 0);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)&code[8] + 3, "\xaa\xbb\xcc", 3), 0);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)&code[8] + 6, (u8 *)before + 6, 2),
			0);

	/* Only module and vmalloc memory. */
	KUNIT_EXPECT_EQ(test, ksplice_arch_write_ro(&karm_abs_site, buf, 4),
			-EFAULT);

	KUNIT_EXPECT_EQ(test, set_memory_rw((unsigned long)code, 1), 0);
	execmem_free(code);
}

/* Run-pre matching: targets read back from relocated running code. */
static u32 karm_code[8];

static void karm_put(unsigned int i, u32 type, u32 w)
{
	bool data = type == R_ARM_ABS32 || type == R_ARM_TARGET1 ||
		    type == R_ARM_REL32 || type == R_ARM_PREL31;

	karm_code[i] = data ? w : __opcode_to_mem_arm(w);
}

static void ksplice_arm_test_reloc_target(struct kunit *test)
{
	static const struct {
		u32 type;
		u32 old;
		long addend;
	} cases[] = {
		{ R_ARM_ABS32, 0, 4 },
		{ R_ARM_TARGET1, 0, 0 },
		{ R_ARM_REL32, 0, -4 },
		{ R_ARM_PREL31, 0x80000000, 0 },
		{ R_ARM_CALL, 0xebfffffe, -8 },
		{ R_ARM_JUMP24, 0x1afffffe, -8 },
		{ R_ARM_PC24, 0xeafffffe, -8 },
		{ R_ARM_PLT32, 0xebfffffe, -8 },
	};
	unsigned long site = (unsigned long)&karm_code[0], t, sym;
	unsigned int i;
	u32 w;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sym = site - 0x10000 + 4 * i;
		KUNIT_ASSERT_EQ(test, ksplice_arm_reloc_field(cases[i].type,
				cases[i].old, site, sym + cases[i].addend, &w),
				0);
		karm_put(0, cases[i].type, w);
		t = 0;
		KUNIT_EXPECT_EQ_MSG(test, ksplice_arch_reloc_target(cases[i].type,
				site, (u8 *)&karm_code[0], 4, cases[i].addend, &t),
				4, "type %u", cases[i].type);
		KUNIT_EXPECT_EQ_MSG(test, t, sym, "type %u", cases[i].type);
	}

	/* Not a branch where the relocation says there is one. */
	karm_code[0] = __opcode_to_mem_arm(KSPLICE_ARM_MCOUNT_NOP);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_CALL, site,
			(u8 *)&karm_code[0], 4, -8, &t), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_THM_CALL, site,
			(u8 *)&karm_code[0], 4, 0, &t), -ENOEXEC);
}

static void ksplice_arm_test_reloc_target_movw(struct kunit *test)
{
	unsigned long p0 = (unsigned long)&karm_code[0];
	unsigned long p3 = (unsigned long)&karm_code[3];
	unsigned long sym = 0xc0123456UL, t;
	u32 w;

	/* movw r3, #:lower16:sym+8; ...; movt r3, #:upper16:sym+8 */
	memset(karm_code, 0, sizeof(karm_code));
	karm_put(5, 0, 0xe3003000);		/* ends any search: movw r3 */
	ksplice_arm_reloc_field(R_ARM_MOVW_ABS_NC, 0xe3003000, p0, sym + 8, &w);
	karm_put(0, R_ARM_MOVW_ABS_NC, w);
	karm_put(1, 0, KSPLICE_ARM_NOP);
	karm_put(2, 0, 0xe3002001);		/* movw r2, #1 */
	ksplice_arm_reloc_field(R_ARM_MOVT_ABS, 0xe3403000, p3, sym + 8, &w);
	karm_put(3, R_ARM_MOVT_ABS, w);
	karm_put(4, 0, BX_LR);
	t = 0;
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVW_ABS_NC, p0,
			(u8 *)&karm_code[0], 4, 8, &t), 4);
	KUNIT_EXPECT_EQ(test, t, sym);
	t = 0;
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVT_ABS, p3,
			(u8 *)&karm_code[3], 4, 8, &t), 4);
	KUNIT_EXPECT_EQ(test, t, sym);

	/* PC-relative halves, each relative to its own instruction. */
	sym = p0 - 0x123458;
	ksplice_arm_reloc_field(R_ARM_MOVW_PREL_NC, 0xe3003000, p0, sym - 8, &w);
	karm_put(0, R_ARM_MOVW_PREL_NC, w);
	ksplice_arm_reloc_field(R_ARM_MOVT_PREL, 0xe3403000, p3, sym - 8, &w);
	karm_put(3, R_ARM_MOVT_PREL, w);
	t = 0;
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVW_PREL_NC, p0,
			(u8 *)&karm_code[0], 4, -8, &t), 4);
	KUNIT_EXPECT_EQ(test, t, sym);
	t = 0;
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVT_PREL, p3,
			(u8 *)&karm_code[3], 4, -8, &t), 4);
	KUNIT_EXPECT_EQ(test, t, sym);

	/* r3 loaded again before its movt: no pair for the first movw. */
	karm_put(0, 0, 0xe3003000);
	karm_put(2, 0, 0xe3003001);		/* movw r3, #1 */
	karm_put(3, 0, 0xe3403000);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVW_ABS_NC, p0,
			(u8 *)&karm_code[0], 4, 0, &t), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVT_ABS, p3,
			(u8 *)&karm_code[3], 4, 0, &t), 4);
	KUNIT_EXPECT_EQ(test, t, 0x1);
	/* Another condition is another pair. */
	karm_put(2, 0, 0x13003001);		/* movwne r3, #1 */
	karm_put(3, 0, 0x13403000);		/* movtne r3, #0 */
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVT_ABS, p3,
			(u8 *)&karm_code[3], 4, 0, &t), 4);
	KUNIT_EXPECT_EQ(test, t, 0x1);
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVW_ABS_NC, p0,
			(u8 *)&karm_code[0], 4, 0, &t), -ENOENT);
	/* A movw relocation on something else. */
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(R_ARM_MOVW_ABS_NC, p3,
			(u8 *)&karm_code[4], 4, 0, &t), -EINVAL);
}

static int karm_match(u32 kind, u16 len, u32 pre, u32 run)
{
	struct ksplice_site site = { .offset = 0, .len = len, .kind = kind };
	u32 p = __opcode_to_mem_arm(pre), r = __opcode_to_mem_arm(run);

	return ksplice_arch_match_site(&site, (u8 *)&p, (u8 *)&r, 4, 0);
}

static void ksplice_arm_test_match_site(struct kunit *test)
{
	struct ksplice_site site = { .len = 4, .kind = KSPLICE_SITE_MCOUNT };
	u32 bl = 0xebfffffe, pv = 0xe2810481;	/* add r0, r1, #0x81000000 */

	/* ftrace: the nop, or a call to wherever ftrace wants. */
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_MCOUNT, 4, bl,
					 KSPLICE_ARM_MCOUNT_NOP), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_MCOUNT, 0, bl,
					 0xeb012345), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_MCOUNT, 4, bl,
					 KSPLICE_ARM_NOP), 0);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_MCOUNT, 4, 0xe1a00000,
					 KSPLICE_ARM_MCOUNT_NOP), 0);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_MCOUNT, 5, bl, bl), 0);
	KUNIT_EXPECT_EQ(test, ksplice_arch_match_site(&site, (u8 *)&bl,
						      (u8 *)&bl, 3, 0), 0);

	/* Jump labels: either nop, or a branch. */
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_JUMP_LABEL, 4,
					 KSPLICE_ARM_NOP_HINT, KSPLICE_ARM_NOP),
			4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_JUMP_LABEL, 4,
					 KSPLICE_ARM_NOP_HINT, 0xea000010), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_JUMP_LABEL, 4,
					 0xea000010, KSPLICE_ARM_NOP), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_JUMP_LABEL, 4,
					 KSPLICE_ARM_NOP, 0xe3a00000), 0);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_JUMP_LABEL, 4,
					 KSPLICE_ARM_NOP, 0x0a000010), 0);

	/* phys/virt stubs: only the immediate the boot code patches in. */
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_PV_TABLE, 4, pv,
					 0xe2810440), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_PV_TABLE, 4, pv, pv), 4);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_PV_TABLE, 4, pv,
					 0xe2811481), 0);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_PV_TABLE, 4, pv,
					 0xe2410481), 0);

	/* SMP alternatives on an SMP machine: as compiled. */
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_SMP_ALT, 4, 0xf57ff05b,
					 0xf57ff05b), 4);
	if (is_smp())
		KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_SMP_ALT, 4,
						 0xf57ff05b, KSPLICE_ARM_NOP),
				0);

	/* Other kinds: compared as bytes by the core. */
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_BUG, 4, 0xe7f001f2,
					 0xe7f001f2), 0);
	KUNIT_EXPECT_EQ(test, karm_match(KSPLICE_SITE_ALTERNATIVE, 4, bl, bl),
			0);
}

static void ksplice_arm_test_padding(struct kunit *test)
{
	u32 buf[4] = {
		__opcode_to_mem_arm(KSPLICE_ARM_NOP), 0,
		__opcode_to_mem_arm(KSPLICE_ARM_NOP_HINT),
		__opcode_to_mem_arm(BX_LR),
	};

	KUNIT_EXPECT_EQ(test, ksplice_arch_padding((u8 *)buf, 16), 12);
	KUNIT_EXPECT_EQ(test, ksplice_arch_padding((u8 *)buf, 14), 12);
	KUNIT_EXPECT_EQ(test, ksplice_arch_padding((u8 *)buf, 8), 8);
	KUNIT_EXPECT_EQ(test, ksplice_arch_padding((u8 *)buf, 3), 0);
	KUNIT_EXPECT_EQ(test, ksplice_arch_padding((u8 *)&buf[3], 4), 0);
}

/* The running forms of a real function: its ftrace nop and movw/movt. */
static void ksplice_arm_test_match_running(struct kunit *test)
{
	unsigned long entry = (unsigned long)ksplice_kunit_arm_frame;
	unsigned long size = karm_size(test, entry), a, tw = 0, tt = 0;
	unsigned long leaf = (unsigned long)&karm_leaf;
	u32 bl = __opcode_to_mem_arm(0xebfffffe), op;
	struct ksplice_site site = { .len = 4, .kind = KSPLICE_SITE_MCOUNT };
	bool movw = false, movt = false;

	if (IS_ENABLED(CONFIG_DYNAMIC_FTRACE)) {
		a = ftrace_location(entry);
		KUNIT_ASSERT_NE(test, a, 0);
		KUNIT_EXPECT_EQ(test, karm_op((u8 *)a, 0),
				KSPLICE_ARM_MCOUNT_NOP);
		KUNIT_EXPECT_EQ(test, ksplice_arch_match_site(&site, (u8 *)&bl,
				(u8 *)a, entry + size - a, a), 4);
	}
	/* The function loads &karm_leaf (or a section anchor just below). */
	for (a = entry; a < entry + size; a += 4) {
		op = karm_op((u8 *)a, 0);
		if (!movw && (op & 0x0ff00000) == 0x03000000) {
			KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(
					R_ARM_MOVW_ABS_NC, a, (u8 *)a, 4, 0, &tw), 4);
			movw = true;
		} else if (!movt && (op & 0x0ff00000) == 0x03400000) {
			KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(
					R_ARM_MOVT_ABS, a, (u8 *)a, 4, 0, &tt), 4);
			movt = true;
		}
	}
	if (!movw || !movt)
		kunit_skip(test, "no movw/movt in %ps", (void *)entry);
	KUNIT_EXPECT_EQ(test, tw, tt);
	KUNIT_EXPECT_LE(test, tw, leaf);
	KUNIT_EXPECT_LT(test, leaf, tw + PAGE_SIZE);
}

/*
 * The core's run-pre matching of a real function with ARM's hooks: the
 * pre code is the running code with the object's forms put back (the
 * "bl __gnu_mcount_nc", the addend in movw/movt), as "make ksplice"
 * would carry it.
 */
static void karm_put_op(u8 *code, unsigned long off, u32 op)
{
	u32 w = __opcode_to_mem_arm(op);

	memcpy(code + off, &w, sizeof(w));
}

static void ksplice_arm_test_match_code(struct kunit *test)
{
	unsigned long entry = (unsigned long)ksplice_kunit_arm_frame;
	unsigned long size = karm_size(test, entry), off, value = 0, addr = 0;
	unsigned long leaf = (unsigned long)&karm_leaf;
	struct ksplice_site site = { .len = 4, .kind = KSPLICE_SITE_MCOUNT };
	struct ksplice_reloc *relocs;
	struct ksplice_match *m;
	struct ksplice_func *f;
	struct ksplice_cand c;
	unsigned int nr = 0;
	u8 *pre, *run;
	u32 op, imm;

	if (!IS_ENABLED(CONFIG_DYNAMIC_FTRACE))
		kunit_skip(test, "no dynamic ftrace");
	pre = kunit_kmalloc(test, size, GFP_KERNEL);
	run = kunit_kmalloc(test, size, GFP_KERNEL);
	relocs = kunit_kcalloc(test, 2, sizeof(*relocs), GFP_KERNEL);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, pre && run && relocs && m && f);
	memcpy(run, (void *)entry, size);
	memcpy(pre, run, size);

	site.offset = ftrace_location(entry) - entry;
	KUNIT_ASSERT_LT(test, site.offset, size);
	karm_put_op(pre, site.offset, 0xebfffffe);

	for (off = 0; off + 4 <= size && nr < 2; off += 4) {
		op = karm_op(run + off, 0);
		if ((op & 0x0ff00000) != (nr ? 0x03400000 : 0x03000000))
			continue;
		if (!nr) {
			KUNIT_ASSERT_EQ(test, ksplice_arch_reloc_target(
					R_ARM_MOVW_ABS_NC, entry + off,
					run + off, 4, 0, &value), 4);
		}
		relocs[nr] = (struct ksplice_reloc) {
			.site = (void *)off, .name = "karm_leaf",
			.addend = (long)(value - leaf),
			.type = nr ? R_ARM_MOVT_ABS : R_ARM_MOVW_ABS_NC,
		};
		imm = (value - leaf) & 0xffff;
		karm_put_op(pre, off, (op & 0xfff0f000) |
			    ((imm & 0xf000) << 4) | (imm & 0x0fff));
		nr++;
	}
	KUNIT_ASSERT_EQ(test, nr, 2);

	*f = (struct ksplice_func) {
		.name = "ksplice_kunit_arm_frame",
		.pre_code = pre, .pre_size = size,
		.pre_relocs = relocs, .nr_pre_relocs = nr,
		.pre_sites = &site, .nr_pre_sites = 1,
	};
	c = (struct ksplice_cand) { .addr = entry, .code = run, .size = size };
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, f, &c), 0);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(m, &KSPLICE_KEY("karm_leaf", NULL, 0),
						  &addr));
	KUNIT_EXPECT_EQ(test, addr, leaf);
	ksplice_match_free(m);

	/* Traced: the ftrace site calls ftrace's caller. */
	karm_put_op(run, site.offset, 0xeb000100);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, f, &c), 0);
	ksplice_match_free(m);

	/* One other instruction differs: no match, and where. */
	karm_put_op(run, size - 4, karm_op(run + size - 4, 0) ^ 0x10);
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m->fail_off, size - 4);
	ksplice_match_free(m);
}

#ifdef CONFIG_DYNAMIC_FTRACE
/*
 * ftrace switched on and off for a function while a jump is in its
 * entry.  ftrace rewrites only its own site (the "bl __gnu_mcount_nc"
 * after the prologue), which the jump must not cover: it then finds the
 * bytes it expects, the jump stays whole, nothing is traced while the
 * jump is there (the old body is dead code), and tracing works again as
 * soon as the original bytes are back.
 */
static atomic_t karm_traced = ATOMIC_INIT(0);

static void karm_trace_fn(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	atomic_inc(&karm_traced);
}

/* One each: ftrace_free_filter() leaves an ops unusable. */
static struct ftrace_ops karm_ops_near = { .func = karm_trace_fn };
static struct ftrace_ops karm_ops_far = { .func = karm_trace_fn };

static int (*karm_frame)(int) = ksplice_kunit_arm_frame;

static noinline int karm_call_frame(int x)
{
	return READ_ONCE(karm_frame)(x);
}

static noinline int karm_call_leaf(int x)
{
	return READ_ONCE(karm_leaf)(x);
}

static void karm_ftrace_under_jump(struct kunit *test, unsigned long entry,
				   int (*call)(int), int old, const u8 *jump,
				   unsigned int len, struct ftrace_ops *ops)
{
	unsigned long mcount = ftrace_location(entry);
	u8 before[KSPLICE_MAX_JUMP];
	int n;

	KUNIT_ASSERT_GE(test, mcount, entry + len);
	memcpy(before, (void *)entry, len);
	KUNIT_ASSERT_EQ(test, ftrace_set_filter_ip(ops, mcount, 0, 1), 0);
	KUNIT_ASSERT_EQ(test, register_ftrace_function(ops), 0);
	atomic_set(&karm_traced, 0);
	KUNIT_EXPECT_EQ(test, call(2), old);
	KUNIT_EXPECT_GT(test, atomic_read(&karm_traced), 0);

	/* The jump goes in while the function is traced. */
	karm_write(entry, jump, len);
	atomic_set(&karm_traced, 0);
	KUNIT_EXPECT_EQ(test, call(2), 14);
	KUNIT_EXPECT_EQ(test, atomic_read(&karm_traced), 0);

	/* Tracing off and on: ftrace rewrites its site, not the jump. */
	KUNIT_EXPECT_EQ(test, unregister_ftrace_function(ops), 0);
	KUNIT_EXPECT_EQ(test, karm_op((u8 *)mcount, 0), KSPLICE_ARM_MCOUNT_NOP);
	KUNIT_EXPECT_EQ(test, register_ftrace_function(ops), 0);
	KUNIT_EXPECT_TRUE(test, (karm_op((u8 *)mcount, 0) >> 24) == 0xeb);
	KUNIT_EXPECT_MEMEQ(test, (u8 *)entry, jump, len);
	KUNIT_EXPECT_EQ(test, call(2), 14);
	KUNIT_EXPECT_EQ(test, atomic_read(&karm_traced), 0);

	/* The original bytes back: traced again at once. */
	karm_write(entry, before, len);
	KUNIT_EXPECT_EQ(test, call(2), old);
	n = atomic_read(&karm_traced);
	KUNIT_EXPECT_GT(test, n, 0);

	KUNIT_EXPECT_EQ(test, unregister_ftrace_function(ops), 0);
	ftrace_free_filter(ops);
	KUNIT_EXPECT_EQ(test, karm_op((u8 *)mcount, 0), KSPLICE_ARM_MCOUNT_NOP);
	KUNIT_EXPECT_EQ(test, call(2), old);
	KUNIT_EXPECT_EQ(test, atomic_read(&karm_traced), n);
}

static void ksplice_arm_test_ftrace_near(struct kunit *test)
{
	unsigned long entry = (unsigned long)karm_leaf;
	unsigned long new = (unsigned long)ksplice_kunit_arm_new;
	u8 insn[KSPLICE_MAX_JUMP];

	/* No prologue: the site is the word right after the branch. */
	KUNIT_EXPECT_EQ(test, ftrace_location(entry), entry + 4);
	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(entry, new, insn), 4);
	karm_ftrace_under_jump(test, entry, karm_call_leaf, 5, insn, 4,
			       &karm_ops_near);
}

static void ksplice_arm_test_ftrace_far(struct kunit *test)
{
	unsigned long entry = (unsigned long)karm_frame;
	unsigned long new = (unsigned long)ksplice_kunit_arm_new;
	u8 insn[KSPLICE_MAX_JUMP];

	/* A prologue: the 8-byte form has room before the site. */
	KUNIT_EXPECT_GE(test, ftrace_location(entry), entry + 8);
	KUNIT_ASSERT_EQ(test, ksplice_arch_encode_jump(entry,
			entry + 0x4000000UL, insn), 8);
	KUNIT_ASSERT_EQ(test, ksplice_arm_encode_far(entry, new, insn), 8);
	karm_ftrace_under_jump(test, entry, karm_call_frame, 16, insn, 8,
			       &karm_ops_far);
}
#endif /* CONFIG_DYNAMIC_FTRACE: struct ftrace_ops needs the tracer */

/*
 * ARM_PATCH_IDIV: on a CPU with udiv/sdiv the boot code rewrites the
 * first two words of the division helpers themselves; the calls to them
 * stay as compiled.  A function that divides matches its pre code with
 * the call as an ordinary R_ARM_CALL relocation to __aeabi_uidiv.
 */
extern void __aeabi_uidiv(void);

static noinline __noipa notrace unsigned int
ksplice_kunit_arm_div(unsigned int x, unsigned int y)
{
	return x / y + 1;
}

static void ksplice_arm_test_match_idiv(struct kunit *test)
{
	unsigned long entry = (unsigned long)ksplice_kunit_arm_div;
	unsigned long size = karm_size(test, entry), off, dest, addr = 0;
	unsigned long helper = (unsigned long)__aeabi_uidiv;
	struct ksplice_reloc reloc = {
		.name = "__aeabi_uidiv", .addend = -8, .type = R_ARM_CALL,
	};
	struct ksplice_func f = { .name = "ksplice_kunit_arm_div" };
	struct ksplice_cand c = { .addr = entry, .size = size };
	struct ksplice_match *m;
	bool found = false;
	u8 *pre, *run;
	u32 op;

	KUNIT_EXPECT_EQ(test, ksplice_kunit_arm_div(45, 7), 7);
	if (IS_ENABLED(CONFIG_ARM_PATCH_IDIV) && (elf_hwcap & HWCAP_IDIVA)) {
		/* udiv r0, r0, r1; bx lr: the boot code's rewrite. */
		KUNIT_EXPECT_EQ(test, karm_op((u8 *)helper, 0), 0xe730f110);
		KUNIT_EXPECT_EQ(test, karm_op((u8 *)helper, 1), BX_LR);
	} else {
		kunit_info(test, "the division helpers were not rewritten");
	}

	pre = kunit_kmalloc(test, size, GFP_KERNEL);
	run = kunit_kmalloc(test, size, GFP_KERNEL);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, pre && run && m);
	memcpy(run, (void *)entry, size);
	memcpy(pre, run, size);
	for (off = 0; off + 8 <= size; off += 4) {
		op = karm_op(run, off / 4);
		if ((op & 0xff000000) != 0xeb000000)
			continue;
		dest = entry + off + 8 + ((s32)(op << 8) >> 6);
		if (dest != helper)
			continue;
		found = true;
		break;
	}
	KUNIT_ASSERT_TRUE_MSG(test, found, "no bl __aeabi_uidiv in %ps",
			      (void *)entry);
	/* The object's form: "bl ." with the addend in the field. */
	karm_put_op(pre, off, 0xebfffffe);
	reloc.site = (void *)off;
	f.pre_code = pre;
	f.pre_size = size;
	f.pre_relocs = &reloc;
	f.nr_pre_relocs = 1;
	c.code = run;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), 0);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(m, &KSPLICE_KEY("__aeabi_uidiv", NULL, 0),
						  &addr));
	KUNIT_EXPECT_EQ(test, addr, helper);
	ksplice_match_free(m);

	/* One byte of the next instruction differs: no match, there. */
	run[off + 4] ^= 0x01;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m->fail_off, off + 4);
	ksplice_match_free(m);
}

#ifdef CONFIG_ARM_PATCH_PHYS_VIRT
/*
 * ARM_PATCH_PHYS_VIRT: virt_to_phys() is a pair of "add rd, rn, #imm"
 * whose immediates the boot code rewrites with the physical offset
 * (.pv_table lists them).  The matcher accepts the rewritten immediates
 * at the listed sites, and only there.
 */
static noinline __noipa notrace phys_addr_t ksplice_kunit_arm_pv(void *p)
{
	return virt_to_phys(p);
}

static void ksplice_arm_test_match_pv(struct kunit *test)
{
	unsigned long entry = (unsigned long)ksplice_kunit_arm_pv;
	unsigned long size = karm_size(test, entry), off;
	struct ksplice_func f = { .name = "ksplice_kunit_arm_pv" };
	struct ksplice_cand c = { .addr = entry, .size = size };
	struct ksplice_site sites[2];
	struct ksplice_match *m;
	unsigned int nr = 0;
	u8 *pre, *run;
	u32 op, rot;

	KUNIT_EXPECT_EQ(test, ksplice_kunit_arm_pv((void *)PAGE_OFFSET),
			PHYS_OFFSET);
	if (IS_ENABLED(CONFIG_ARM_LPAE))
		kunit_skip(test, "LPAE: the stub is movw/adds/mov/adc");

	pre = kunit_kmalloc(test, size, GFP_KERNEL);
	run = kunit_kmalloc(test, size, GFP_KERNEL);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, pre && run && m);
	memcpy(run, (void *)entry, size);
	memcpy(pre, run, size);
	/* add rd, rn, #imm8 ror 8 (bits 31:24), then ror 16 (23:16). */
	for (off = 0; off + 4 <= size && nr < 2; off += 4) {
		op = karm_op(run, off / 4);
		rot = nr ? 0x800 : 0x400;
		if ((op & 0xfff00f00) != (0xe2800000 | rot))
			continue;
		KUNIT_EXPECT_EQ(test, op & 0xff,
				(u32)(__pv_offset >> (nr ? 16 : 24)) & 0xff);
		karm_put_op(pre, off, (op & ~0xffU) | 0x81);
		sites[nr++] = (struct ksplice_site) {
			.offset = off, .len = 4, .kind = KSPLICE_SITE_PV_TABLE,
		};
	}
	KUNIT_ASSERT_EQ_MSG(test, nr, 2, "no __pv_stub in %ps", (void *)entry);
	f.pre_code = pre;
	f.pre_size = size;
	f.pre_sites = sites;
	f.nr_pre_sites = nr;
	c.code = run;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), 0);
	ksplice_match_free(m);

	/* Unlisted, the rewritten immediate is a difference. */
	if (((__pv_offset >> 24) & 0xff) != 0x81) {
		f.nr_pre_sites = 0;
		KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), -ENOEXEC);
		KUNIT_EXPECT_EQ(test, m->fail_off, sites[0].offset);
		ksplice_match_free(m);
		f.nr_pre_sites = nr;
	}

	/* More than the immediate differs at a site: no match. */
	run[sites[1].offset + 1] ^= 0x10;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_GE(test, m->fail_off, sites[1].offset);
	KUNIT_EXPECT_LT(test, m->fail_off, sites[1].offset + 4);
	ksplice_match_free(m);
	run[sites[1].offset + 1] ^= 0x10;

	/* One byte of the instruction after the stub differs: no match. */
	run[sites[1].offset + 4] ^= 0x01;
	KUNIT_EXPECT_EQ(test, ksplice_match_code(m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m->fail_off, sites[1].offset + 4);
	ksplice_match_free(m);
}
#endif

/* The state a switched-out task was saved in. */
static DECLARE_COMPLETION(karm_release);

static int karm_sleeper(void *unused)
{
	wait_for_completion(&karm_release);
	return 0;
}

static void ksplice_arm_test_task_state(struct kunit *test)
{
	char name[KSYM_NAME_LEN];
	unsigned long sp, ip, base;
	struct task_struct *t;

	reinit_completion(&karm_release);
	t = kthread_create(karm_sleeper, NULL, "ksplice_arm_sleep");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	wake_up_process(t);
	while (!wait_task_inactive(t, TASK_UNINTERRUPTIBLE))
		schedule_timeout_uninterruptible(1);

	sp = ksplice_arch_task_sp(t);
	ip = ksplice_arch_task_ip(t);
	base = (unsigned long)task_stack_page(t);
	KUNIT_EXPECT_GE(test, sp, base);
	KUNIT_EXPECT_LT(test, sp, base + THREAD_SIZE);
	KUNIT_EXPECT_TRUE(test, core_kernel_text(ip));
	KUNIT_EXPECT_EQ(test, lookup_symbol_name(ip, name), 0);
	KUNIT_EXPECT_TRUE(test, strstarts(name, "__schedule"));

	complete(&karm_release);
	kthread_stop(t);
	put_task_struct(t);
}

static struct kunit_case ksplice_arm_cases[] = {
	KUNIT_CASE(ksplice_arm_test_jump_near),
	KUNIT_CASE(ksplice_arm_test_jump_range),
	KUNIT_CASE(ksplice_arm_test_jump_far),
	KUNIT_CASE(ksplice_arm_test_site),
	KUNIT_CASE(ksplice_arm_test_far_room),
	KUNIT_CASE(ksplice_arm_test_run_near),
	KUNIT_CASE(ksplice_arm_test_run_far),
	KUNIT_CASE(ksplice_arm_test_reloc_fields),
	KUNIT_CASE(ksplice_arm_test_reloc_bytes),
	KUNIT_CASE(ksplice_arm_test_relocate),
	KUNIT_CASE(ksplice_arm_test_write_ro),
	KUNIT_CASE(ksplice_arm_test_task_state),
	KUNIT_CASE(ksplice_arm_test_reloc_target),
	KUNIT_CASE(ksplice_arm_test_reloc_target_movw),
	KUNIT_CASE(ksplice_arm_test_match_site),
	KUNIT_CASE(ksplice_arm_test_padding),
	KUNIT_CASE(ksplice_arm_test_match_running),
	KUNIT_CASE(ksplice_arm_test_match_code),
#ifdef CONFIG_DYNAMIC_FTRACE
	KUNIT_CASE(ksplice_arm_test_ftrace_near),
	KUNIT_CASE(ksplice_arm_test_ftrace_far),
#endif
	KUNIT_CASE(ksplice_arm_test_match_idiv),
#ifdef CONFIG_ARM_PATCH_PHYS_VIRT
	KUNIT_CASE(ksplice_arm_test_match_pv),
#endif
	{}
};

static struct kunit_suite ksplice_arm_suite = {
	.name = "ksplice_arm",
	.test_cases = ksplice_arm_cases,
};
kunit_test_suite(ksplice_arm_suite);
