// SPDX-License-Identifier: GPL-2.0
/* An alternative whose original instruction calls a non-exported
 * function: the loader may replace it before the core writes it. */
#include "specials.h"

int f(int x);

int f(int x)
{
	ALT_CALL(hidden_a, exported_b);
	return x + 1;
}
