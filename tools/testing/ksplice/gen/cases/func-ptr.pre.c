// SPDX-License-Identifier: GPL-2.0
/* The new code takes the address of a function it replaces: the
 * running function's address, so that function pointers compare equal. */
long show(long x);
long caller(long x);

__attribute__((noinline)) long show(long x)
{
	return x + (long)&show;
}

long caller(long x)
{
	return show(x) + 1;
}
