// SPDX-License-Identifier: GPL-2.0
/*
 * The constant of a WARN()'s condition changes (16 -> 32) next to the
 * call of __warn_printk(), which takes no line number: a change.
 */
#include "fake_bug.h"

int limit(int x)
{
	FAKE_WARN(x > 32, "x is %d\n", x);
	return x + 1;
}
