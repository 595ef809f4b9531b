// SPDX-License-Identifier: GPL-2.0
/* A new global variable, used by a changed function. */
int limit = 5;
int floor_value = 3;

int api(int x)
{
	if (x < floor_value)
		return floor_value;
	return x > limit ? limit : x;
}

int other(int x)
{
	return x + limit;
}
