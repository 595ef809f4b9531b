// SPDX-License-Identifier: GPL-2.0
/*
 * A tail call to the static function just before it in a shared
 * section: the assembler makes it a 2-byte jmp, which no relocation
 * can carry.  Changing tail() must be refused, naming it.
 */
#define __sched __attribute__((section(".sched.text"), noinline))

int ext(int x);
int tail(int x);

static __sched int helper(int x)
{
	return ext(x) * 5 + 1;
}

__sched int tail(int x)
{
	if (x > 3)
		return helper(x);
	return ext(x) + 1;
}
