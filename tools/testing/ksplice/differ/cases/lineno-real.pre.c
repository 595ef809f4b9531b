// SPDX-License-Identifier: GPL-2.0
/*
 * Lines are added above two bug sites, as in lineno.*.c, but check()
 * also really changes: check() is changed, other() is lineno-only.
 */
#include "fake_bug.h"

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
