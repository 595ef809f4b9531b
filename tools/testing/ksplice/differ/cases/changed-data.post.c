// SPDX-License-Identifier: GPL-2.0
/* The initial value of a global changes; its users do not. */
int limit = 6;
int other_limit = 7;

int api(int x)
{
	return x > limit ? limit : x;
}
