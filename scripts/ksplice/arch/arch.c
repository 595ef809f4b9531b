// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: the architecture of an object.
 */
#include <stddef.h>

#include "arch.h"

static const struct ks_arch *const arches[] = {
	&ks_arch_x86_64,
	&ks_arch_i386,
	&ks_arch_arm,
};

const struct ks_arch *ks_arch_of(unsigned int machine)
{
	size_t i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i]->machine == machine)
			return arches[i];
	return NULL;
}
