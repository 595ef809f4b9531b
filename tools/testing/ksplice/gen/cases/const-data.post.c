// SPDX-License-Identifier: GPL-2.0
/* Changed static read-only data travels with the code that uses it. */
static const int table[8] = { 1, 2, 3, 4, 5, 6, 7, 9 };
int lookup(unsigned int i);

int lookup(unsigned int i)
{
	return table[i & 7];
}
