// SPDX-License-Identifier: GPL-2.0
/*
 * One of two static functions of the same name (see dup_b.c): kallsyms
 * gives two addresses for it, which the core must refuse to guess between.
 */

#include <linux/compiler.h>

#include "ksplice_kunit.h"

static noinline __noipa int ksplice_kunit_dup(int x)
{
	return x * 3 + 1;
}

int (*ksplice_kunit_dup_a)(int x) = ksplice_kunit_dup;
