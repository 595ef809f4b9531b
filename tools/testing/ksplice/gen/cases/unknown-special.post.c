// SPDX-License-Identifier: GPL-2.0
/* A table the generator does not know points into a changed function. */
int f(int x);

int f(int x)
{
	asm volatile("1: nop\n\t"
		     ".pushsection .parainstructions, \"a\"\n\t"
		     ".balign 8\n\t"
		     ".quad 1b\n\t"
		     ".byte 1, 1\n\t"
		     ".short 0\n\t"
		     ".long 0\n\t"
		     ".popsection");
	return x + 2;
}
