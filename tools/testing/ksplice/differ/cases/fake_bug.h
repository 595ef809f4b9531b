/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bug table entries like the kernel's with CONFIG_DEBUG_BUGVERBOSE
 * (struct bug_entry): the site's and the file's addresses (relative),
 * the line number and the flags, 12 bytes in section __bug_table.  The
 * file name is fixed: pre and post are compiled from files of two
 * names.  And WARN() as x86 has it: __warn_printk() for the message,
 * then the bug site with BUGFLAG_WARNING (and BUGFLAG_ONCE for
 * WARN_ON_ONCE).
 */
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#define BUGFLAG_WARNING		(1 << 0)
#define BUGFLAG_ONCE		(1 << 1)

#define FAKE_BUG_FLAGS(flags)						\
	asm volatile("1:\tnop\n\t"					\
		     ".pushsection .rodata.bugfile,\"a\"\n"		\
		     "3:\t.asciz \"case.c\"\n\t"			\
		     ".popsection\n\t"					\
		     ".pushsection __bug_table,\"aw\"\n\t"		\
		     ".balign 4\n"					\
		     "2:\t.long 1b - .\n\t"				\
		     ".long 3b - .\n\t"					\
		     ".short " __stringify(__LINE__) "\n\t"		\
		     ".short " __stringify(flags) "\n\t"		\
		     ".org 2b + 12\n\t"					\
		     ".popsection")

#define FAKE_BUG() FAKE_BUG_FLAGS(0)

extern void __warn_printk(const char *fmt, ...);

#define FAKE_WARN_ON(cond)						\
	do {								\
		if (__builtin_expect(!!(cond), 0))			\
			FAKE_BUG_FLAGS(1);				\
	} while (0)

#define FAKE_WARN_ON_ONCE(cond)						\
	do {								\
		if (__builtin_expect(!!(cond), 0))			\
			FAKE_BUG_FLAGS(3);				\
	} while (0)

#define FAKE_WARN(cond, ...)						\
	do {								\
		if (__builtin_expect(!!(cond), 0)) {			\
			__warn_printk(__VA_ARGS__);			\
			FAKE_BUG_FLAGS(1);				\
		}							\
	} while (0)
