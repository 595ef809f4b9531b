// SPDX-License-Identifier: GPL-2.0
/* Comments and whitespace change; no __LINE__ is used. */
extern int printf(const char *, ...);

static __attribute__((noinline)) int helper(int x)
{
	return x * 7 + 3;
}

int api(int x)
{
	printf("api %d\n", x);
	return helper(x);
}
