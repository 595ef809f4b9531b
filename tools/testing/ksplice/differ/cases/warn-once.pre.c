// SPDX-License-Identifier: GPL-2.0
/*
 * WARN_ON() becomes WARN_ON_ONCE(): only the flags of the bug table
 * entry change (BUGFLAG_ONCE), which is a change, not a line move.
 */
#include "fake_bug.h"

int once(int x)
{
	FAKE_WARN_ON(x > 16);
	return x + 1;
}
