// SPDX-License-Identifier: GPL-2.0
/*
 * A function with a static local changes.  Both functions have a static
 * "counter", and post swaps their order so that gcc's numbering of the
 * two counters changes too: the uses-static line must name pre's one.
 */
int bump(int n)
{
	static int counter;

	counter += 2 * n;
	return counter;
}

int tick(void)
{
	static int counter;

	return ++counter;
}
