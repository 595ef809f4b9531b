// SPDX-License-Identifier: GPL-2.0
/* Entries of special sections go with their function. */
#include "specials.h"

extern struct static_key exported_key;
static struct static_key local_key;
int f(const int *p);
int g(const int *p);

int f(const int *p)
{
	ALT_CALL(exported_a, exported_b);
	return branch(&exported_key) + load(p);
}

int g(const int *p)
{
	ALT_CALL(exported_a, exported_b);
	return branch(&local_key) + load(p) * 2;
}
