// SPDX-License-Identifier: GPL-2.0
/*
 * Immediates the boot code fills in (x86 asm/runtime-const.h), in a
 * changed function: a pointer-sized one and a shift count.  The new
 * code's copies keep the placeholders, and the tables must not be
 * carried (a module cannot have them).
 */
unsigned long f(unsigned long x, unsigned int h);

unsigned long f(unsigned long x, unsigned int h)
{
	unsigned long max;

	asm volatile("movabs $0x0123456789abcdef, %0\n1:\n\t"
		     ".pushsection runtime_ptr_USER_PTR_MAX, \"a\"\n\t"
		     ".long 1b - 8 - .\n\t"
		     ".popsection" : "=r" (max));
	asm volatile("shrl $12, %k0\n1:\n\t"
		     ".pushsection runtime_shift_d_hash_shift, \"a\"\n\t"
		     ".long 1b - 1 - .\n\t"
		     ".popsection" : "+r" (h));
	return (x <= max ? x : max + 1) + h;
}
