// SPDX-License-Identifier: GPL-2.0
/* An immediate the boot code fills in (x86 asm/runtime-const.h), in a
 * changed function: the new code's copy would keep the placeholder. */
unsigned long f(unsigned long x);

unsigned long f(unsigned long x)
{
	unsigned long max;

	asm volatile("movabs $0x0123456789abcdef, %0\n1:\n\t"
		     ".pushsection runtime_ptr_USER_PTR_MAX, \"a\"\n\t"
		     ".long 1b - 8 - .\n\t"
		     ".popsection" : "=r" (max));
	return x < max ? x : max;
}
