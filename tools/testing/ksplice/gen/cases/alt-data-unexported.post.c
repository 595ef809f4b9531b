// SPDX-License-Identifier: GPL-2.0
/* An alternative's replacement reads a variable that is not exported:
 * no stub can help a data reference. */
#include "specials.h"

int f(int x);

int f(int x)
{
	ALT_INSN("xor %%eax, %%eax", "movl hidden_var(%%rip), %%eax");
	return x + 2;
}
