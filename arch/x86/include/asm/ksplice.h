/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 jump code of ksplice: the constants behind the architecture hooks
 * declared in <linux/ksplice.h> and implemented in
 * arch/x86/kernel/ksplice.c.
 */
#ifndef _ASM_X86_KSPLICE_H
#define _ASM_X86_KSPLICE_H

#include <linux/types.h>

/* The jump: jmp rel32, opcode e9 and a displacement from the next insn. */
#define KSPLICE_X86_JMP32_OPCODE	0xe9
#define KSPLICE_X86_JMP32_SIZE		5

/*
 * The accounting thunk the boot code copies before callees with call
 * depth tracking, defined in arch/x86/kernel/callthunks.c (which has no
 * header for it).
 */
extern u8 skl_call_thunk_template[];
extern u8 skl_call_thunk_tail[];

/* For the KUnit tests (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
unsigned int ksplice_x86_entry_skip(const void *entry, bool fentry);
unsigned long ksplice_x86_thunk_dest(unsigned long target, unsigned int tsize);
#endif

#endif /* _ASM_X86_KSPLICE_H */
