// SPDX-License-Identifier: GPL-2.0
/* A static (noinline) function changes; its caller does not. */
static __attribute__((noinline)) int helper(int x, int y)
{
	return x * 7 + y;
}

int api(int x, int y)
{
	return helper(x, y) + 1;
}

int other(int x)
{
	return x - 1;
}
