// SPDX-License-Identifier: GPL-2.0
/*
 * A blank line is added above a WARN_ON() and a WARN(): only the line
 * fields of their bug table entries move.  No functional change.
 */
#include "fake_bug.h"

int blank(int x)
{
	FAKE_WARN_ON(x > 16);
	FAKE_WARN(x > 1000, "x is %d\n", x);
	return x + 1;
}
