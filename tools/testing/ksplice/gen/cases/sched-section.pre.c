// SPDX-License-Identifier: GPL-2.0
/*
 * Functions that share one explicit section (the kernel's __sched): a
 * call between two of them has no relocation.  wait_for changes to call
 * the static helper of its section; the update must reach the running
 * helper, not whatever lands next to the copy.
 */
#define __sched __attribute__((section(".sched.text"), noinline))

int ext(int x);
int wait_for(int x);
int other(int x);

static __sched int helper(int x)
{
	return ext(x) * 5 + 1;
}

__sched int wait_for(int x)
{
	return ext(x + 2) + 3;
}

__sched int other(int x)
{
	return helper(x) + 3;
}
