// SPDX-License-Identifier: GPL-2.0
/* A new global variable, used by a changed function. */
int limit = 5;

int api(int x)
{
	return x > limit ? limit : x;
}

int other(int x)
{
	return x + limit;
}
