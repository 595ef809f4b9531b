// SPDX-License-Identifier: GPL-2.0
/*
 * Lines are added above two bug sites: their __bug_table entries differ
 * only in the line number, and check() passes the same __LINE__ to a
 * function.  No functional change.
 */
#include "fake_bug.h"
/* post: three more lines */



extern void report(int line);

int check(int x)
{
	if (x < 0) {
		FAKE_BUG(); report(__LINE__);
	}
	return x * 2;
}

int other(int x)
{
	if (x > 1000)
		FAKE_BUG();
	return x + 1;
}
