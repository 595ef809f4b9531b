// SPDX-License-Identifier: GPL-2.0
/* A static branch on a key the module loader cannot resolve. */
#include "specials.h"

static struct static_key local_key;
int f(void);

int f(void)
{
	return branch(&local_key) ? 3 : 4;
}

void *keep_key = &local_key;
