// SPDX-License-Identifier: GPL-2.0
/*
 * One of two static functions of the same name (see dup_a.c): kallsyms
 * gives two addresses for it, which the core must refuse to guess between.
 */

#include <linux/compiler.h>

#include "ksplice_kunit.h"

static noinline __noipa int ksplice_kunit_dup(int x)
{
	return x * 3 + 2;
}

int (*ksplice_kunit_dup_b)(int x) = ksplice_kunit_dup;
