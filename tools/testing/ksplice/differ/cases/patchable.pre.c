// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled with -fpatchable-function-entry=16,16 like the kernel's call
 * padding: every function symbol sits 16 bytes into its section.
 */
static __attribute__((noinline)) int helper(int x)
{
	return x + 1;
}

int api(int x)
{
	return helper(x) * 2;
}

int other(int x)
{
	return x - 5;
}
