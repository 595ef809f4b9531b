// SPDX-License-Identifier: GPL-2.0
/*
 * Several functions in one section (like the kernel's noinstr,
 * __sched, __init): middle() grows, which moves last(), whose call to
 * the static first() crosses middle() and has no relocation.  Only
 * middle() changed.
 */
#define noinstr __attribute__((section(".noinstr.text"), noinline))

extern int ext(int);

static noinstr int first(int x)
{
	return ext(x) * 5 + 1;
}

noinstr int middle(int x)
{
	return x + 2;
}

noinstr int last(int x)
{
	return first(x) + 3;
}
