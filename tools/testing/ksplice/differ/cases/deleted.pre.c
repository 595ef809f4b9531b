// SPDX-License-Identifier: GPL-2.0
/* A static function disappears; its caller changes. */
static __attribute__((noinline)) int old_helper(int x)
{
	return x * 11;
}

int api(int x)
{
	return old_helper(x) + 1;
}
