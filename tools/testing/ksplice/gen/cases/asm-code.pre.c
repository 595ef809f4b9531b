// SPDX-License-Identifier: GPL-2.0
/*
 * Assembly code with no symbol type, as SYM_CODE_START() writes it, and
 * a C function next to it: post changes only the assembly.  It is an
 * item like a function, so the change is seen (the tools then refuse
 * it by name).  The label inside typed code (SYM_INNER_LABEL) stays
 * part of its function.
 */
#ifdef __arm__
#define RET "bx lr"
#else
#define RET "ret"
#endif

#ifndef ASM_NOPS
#define ASM_NOPS "nop\n\t"
#endif

asm(".pushsection .text.asm_entry,\"ax\"\n\t"
    ".globl asm_entry\n"
    "asm_entry:\n\t"
    ASM_NOPS
    RET "\n\t"
    ".popsection\n\t"
    ".pushsection .text.asm_func,\"ax\"\n\t"
    ".globl asm_func\n\t"
    ".type asm_func, %function\n"
    "asm_func:\n\t"
    "nop\n"
    ".globl asm_inner\n"
    "asm_inner:\n\t"
    RET "\n\t"
    ".size asm_func, . - asm_func\n\t"
    ".popsection");

int c_func(int x)
{
	return x + 1;
}
