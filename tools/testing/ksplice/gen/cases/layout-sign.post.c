// SPDX-License-Identifier: GPL-2.0
/*
 * A field of the same size turned from signed to unsigned: an old
 * instance's -1 would read as 4294967295.  Refused.
 */
typedef unsigned int u32;

struct budget {
	u32 left;
	int id;
};

long budget_left(struct budget *b);
long budget_left(struct budget *b)
{
	return b->left + 1;
}
