/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 32-bit ARM jump code of ksplice: the constants and encoders behind the
 * architecture hooks declared in <linux/ksplice.h> and implemented in
 * arch/arm/kernel/ksplice.c.  ARM mode only: Thumb-2 kernels do not
 * select HAVE_KSPLICE.
 */
#ifndef _ASM_ARM_KSPLICE_H
#define _ASM_ARM_KSPLICE_H

#include <linux/types.h>

/* b <target>, condition "always": imm24 is (target - (pc + 8)) / 4. */
#define KSPLICE_ARM_B		0xea000000
#define KSPLICE_ARM_B_IMM_MASK	0x00ffffff
/* ldr pc, [pc, #-4]: load the PC from the word that follows. */
#define KSPLICE_ARM_LDR_PC	0xe51ff004

#define KSPLICE_ARM_NEAR_SIZE	4	/* b */
#define KSPLICE_ARM_FAR_SIZE	8	/* ldr pc, [pc, #-4]; .word target */

/* The PC reads 8 bytes ahead of the instruction in ARM mode. */
#define KSPLICE_ARM_PC_BIAS	8

/* What the running kernel puts where the compiler put something else. */
#define KSPLICE_ARM_NOP		0xe1a00000	/* mov r0, r0 (arm_gen_nop()) */
#define KSPLICE_ARM_NOP_HINT	0xe320f000	/* nop (ARMv6K and later) */
#define KSPLICE_ARM_MCOUNT_NOP	0xe28dd004	/* add sp, sp, #4 (ftrace) */

/* Reach of b/bl: a signed 24-bit word offset from the PC, +-32 MiB. */
#define KSPLICE_ARM_B_MIN	(-0x2000000L)
#define KSPLICE_ARM_B_MAX	0x1fffffcL

/* <asm/elf.h> lacks it; the differ may see it in older objects. */
#ifndef R_ARM_PLT32
#define R_ARM_PLT32		27
#endif

/* For the KUnit tests (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
int ksplice_arm_encode_jump(unsigned long site, unsigned long target,
			    u8 *insn);
int ksplice_arm_encode_far(unsigned long site, unsigned long target,
			   u8 *insn);
int ksplice_arm_reloc_field(u32 type, u32 old, unsigned long site,
			    unsigned long value, u32 *new);
#endif

#endif /* _ASM_ARM_KSPLICE_H */
