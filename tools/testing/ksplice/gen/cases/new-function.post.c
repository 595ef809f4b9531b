// SPDX-License-Identifier: GPL-2.0
/* A new static function called from a changed one; calls to unchanged
 * functions of the same object and to other objects. */
int exported(int x);
int hidden(int x);
int helper(int x);
static int local_helper(int x);

__attribute__((noinline)) int helper(int x)
{
	return x * 3 + exported(x);
}

static __attribute__((noinline)) int local_helper(int x)
{
	return x ^ 0x55;
}

static __attribute__((noinline)) int brand_new(int x)
{
	return x * x + 7;
}

int entry(int x);
int entry(int x)
{
	return helper(x) + local_helper(x) + hidden(x) + brand_new(x);
}
