// SPDX-License-Identifier: GPL-2.0
/* Changed writable data without a hook: refused. */
int limit = 5;
int check(int x);

int check(int x)
{
	return x < limit;
}
