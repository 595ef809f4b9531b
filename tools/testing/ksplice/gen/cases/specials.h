/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-style special-section entries, as x86_64 inline assembly. */
struct static_key {
	int enabled;
};

static inline __attribute__((always_inline)) int branch(struct static_key *key)
{
	asm goto("1: jmp %l[yes]\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - ., %l[yes] - .\n\t"
		 ".quad %c0 + 2 - .\n\t"
		 ".popsection" : : "i"(key) : : yes);
	return 0;
yes:
	return 1;
}

static inline __attribute__((always_inline)) int load(const int *p)
{
	int v;

	asm volatile("1: movl (%1), %0\n2:\n\t"
		     ".pushsection __ex_table, \"a\"\n\t"
		     ".balign 4\n\t"
		     ".long 1b - ., 2b - ., 0\n\t"
		     ".popsection" : "=r"(v) : "r"(p));
	return v;
}

#define ALT_CALL(a, b)							\
	asm volatile("661: call " #a "\n662:\n\t"			\
		     ".pushsection .altinstructions, \"a\"\n\t"		\
		     ".long 661b - ., 6631f - .\n\t"			\
		     ".long 0x00010123\n\t"				\
		     ".byte 662b - 661b, 6632f - 6631f\n\t"		\
		     ".popsection\n\t"					\
		     ".pushsection .altinstr_replacement, \"ax\"\n"	\
		     "6631: call " #b "\n6632:\n\t"			\
		     ".popsection" : : : "memory", "rax", "rcx", "rdx",	\
		     "rsi", "rdi", "r8", "r9", "r10", "r11")

#define ALT_INSN(orig, repl)						\
	asm volatile("661: " orig "\n662:\n\t"				\
		     ".pushsection .altinstructions, \"a\"\n\t"		\
		     ".long 661b - ., 6631f - .\n\t"			\
		     ".long 0x00010123\n\t"				\
		     ".byte 662b - 661b, 6632f - 6631f\n\t"		\
		     ".popsection\n\t"					\
		     ".pushsection .altinstr_replacement, \"ax\"\n"	\
		     "6631: " repl "\n6632:\n\t"			\
		     ".popsection" : : : "memory", "rax")

/* A paravirt call site (ALT_CALL_ALWAYS: flags ALT_FLAG_DIRECT_CALL). */
#define ALT_PV_CALL(slot)						\
	asm volatile("661: call *" #slot "(%%rip)\n662:\n\t"		\
		     ".pushsection .altinstructions, \"a\"\n\t"		\
		     ".long 661b - ., 6631f - .\n\t"			\
		     ".long 0x00020003\n\t"				\
		     ".byte 662b - 661b, 6632f - 6631f\n\t"		\
		     ".popsection\n\t"					\
		     ".pushsection .altinstr_replacement, \"ax\"\n"	\
		     "6631: call BUG_func\n6632:\n\t"			\
		     ".popsection" : : : "memory", "rax", "rcx", "rdx",	\
		     "rsi", "rdi", "r8", "r9", "r10", "r11")
