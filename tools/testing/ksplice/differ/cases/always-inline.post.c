// SPDX-License-Identifier: GPL-2.0
/* An always-inline helper changes: both of its callers change. */
static inline __attribute__((always_inline)) int scale(int x)
{
	return x * 5;
}

int first(int x)
{
	return scale(x) + 1;
}

int second(int x)
{
	return scale(x) - 1;
}

int bystander(int x)
{
	return x * 3;
}
