// SPDX-License-Identifier: GPL-2.0
/*
 * Names numbered by __COUNTER__ (the kernel's __UNIQUE_ID()), shifted
 * by one in post as a header that uses the counter once more shifts
 * them: each stub is still the same code and the same symbol, and
 * neither the code that reaches the stubs nor the table of pointers to
 * them changes.  Laid out as x86's KVM emulator lays out its fastop
 * stubs: a local function of a numbered name in plain .text, a global
 * label at its address, a read-only table of the labels.
 */
#ifdef __arm__
#define RET "bx lr"
#define TYPE "%function"
#else
#define RET "ret"
#define TYPE "@function"
#endif

#if 1 /* SHIFT: a header uses the counter once more */
enum { header_use = __COUNTER__ };
#endif

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define UNIQUE_ID(p) PASTE(__UNIQUE_ID_, PASTE(p, __COUNTER__))
#define STR_(x) #x
#define STR(x) STR_(x)

#define STUB_(name, id)							\
	asm(".pushsection .text, \"ax\"\n\t"				\
	    ".type " STR(id) ", " TYPE "\n"				\
	    ".globl " #name "\n"					\
	    STR(id) ":\n"						\
	    #name ":\n\t"						\
	    "nop\n\t"							\
	    RET "\n\t"							\
	    ".size " STR(id) ", . - " STR(id) "\n\t"			\
	    ".popsection")
#define STUB(name) STUB_(name, UNIQUE_ID(nop))

STUB(stub_a);
STUB(stub_b);
STUB(stub_c);

void stub_a(void);
void stub_b(void);
void stub_c(void);

void (*const stub_table[])(void) = { stub_a, stub_b, stub_c };

void call_b(void)
{
	stub_b();
}
