// SPDX-License-Identifier: GPL-2.0
/* Calls a global function that another object of the update adds. */
int exported(int x);
int show(int x);
int show(int x)
{
	return exported(x) + 1;
}
