// SPDX-License-Identifier: GPL-2.0
/* A new static function, called from a changed one. */
static __attribute__((noinline)) int clamp_sum(int x, int y)
{
	int s = x + y;

	return s > 100 ? 100 : s;
}

int api(int x, int y)
{
	return clamp_sum(x, y);
}
