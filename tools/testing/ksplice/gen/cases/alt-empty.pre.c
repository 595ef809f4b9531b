// SPDX-License-Identifier: GPL-2.0
/* An empty replacement shares its offset with the next function's: only
 * the changed function's (empty) replacement is carried. */
#include "specials.h"

int f(int x);
int g(int x);

int f(int x)
{
	ALT_INSN("nop", "");
	return x + 1;
}

int g(int x)
{
	ALT_CALL(exported_a, hidden_b);
	return x + 3;
}
