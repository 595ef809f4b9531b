// SPDX-License-Identifier: GPL-2.0
/*
 * One of two objects with an out-of-line copy of the same static
 * function, with the same code (see twin_kunit.c), as gcc emits a header
 * helper in several objects; and a function of this object only, next
 * to it in this object's .text.
 */

#include <linux/compiler.h>

#include "ksplice_kunit.h"

static noinline __noipa int ksplice_kunit_twin(int x)
{
	return x * 5 + 2;
}

noinline __noipa int ksplice_kunit_twin_anchor_b(int x)
{
	return x - 3;
}

int (*ksplice_kunit_twin_b)(int x) = ksplice_kunit_twin;
