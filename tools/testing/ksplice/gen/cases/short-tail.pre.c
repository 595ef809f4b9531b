// SPDX-License-Identifier: GPL-2.0
/*
 * A tail call to a static function of the same section.  Compiled as
 * the kernel is, one .text for the file, the assembler makes it a
 * 2-byte jmp with no relocation; with a section per function, a 5-byte
 * jmp and a relocation.  The pre code run-pre matching compares must be
 * the former, the running kernel's.
 */
int ext(int x);
int tail(int x);

static __attribute__((noinline)) int helper(int x)
{
	return ext(x) * 5 + 1;
}

int tail(int x)
{
	if (x > 3)
		return helper(x);
	return ext(x) + 1;
}
