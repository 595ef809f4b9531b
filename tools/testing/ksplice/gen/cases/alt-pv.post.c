// SPDX-License-Identifier: GPL-2.0
/* A paravirt call: "call *slot(%rip)", which the boot code turns into a
 * direct call to what the slot holds (ALT_FLAG_DIRECT_CALL). */
#include "specials.h"

int f(int x);

int f(int x)
{
	ALT_PV_CALL(exported_slot);
	return x + 2;
}
