/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bug table entry like the kernel's: the site's address (relative),
 * the line number and flags, in section __bug_table.
 */
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define FAKE_BUG()							\
	asm volatile("1:\tnop\n\t"					\
		     ".pushsection __bug_table,\"aw\"\n\t"		\
		     ".balign 4\n\t"					\
		     ".long 1b - .\n\t"					\
		     ".short " __stringify(__LINE__) "\n\t"		\
		     ".short 0\n\t"					\
		     ".popsection")
