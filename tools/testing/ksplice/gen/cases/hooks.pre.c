// SPDX-License-Identifier: GPL-2.0
/* Changed data with a hook that converts it. */
int limit = 5;
int check(int x);

int check(int x)
{
	return x < limit;
}
