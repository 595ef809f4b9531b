// SPDX-License-Identifier: GPL-2.0
/*
 * A constant table changes.  Its user's code is the same, but it must
 * use the new copy, so it changes too.
 */
static const int table[4] = { 1, 2, 3, 5 };

int lookup(int i)
{
	return table[i & 3];
}

int other(int i)
{
	return i + 4;
}
