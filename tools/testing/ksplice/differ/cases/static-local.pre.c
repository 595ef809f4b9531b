// SPDX-License-Identifier: GPL-2.0
/*
 * A function with a static local changes.  Both functions have a static
 * "counter", and post swaps their order so that gcc's numbering of the
 * two counters changes too: the uses-static line must name pre's one.
 */
int tick(void)
{
	static int counter;

	return ++counter;
}

int bump(int n)
{
	static int counter;

	counter += n;
	return counter;
}
