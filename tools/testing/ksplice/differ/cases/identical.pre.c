// SPDX-License-Identifier: GPL-2.0
/* Same source twice: nothing may be reported. */
extern int printf(const char *, ...);

static int calls;

static __attribute__((noinline)) int helper(int x)
{
	return x * 7 + 3;
}

int api(int x)
{
	calls++;
	printf("api %d\n", x);
	return helper(x) + calls;
}
