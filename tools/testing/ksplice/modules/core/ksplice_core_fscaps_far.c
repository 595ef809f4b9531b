// SPDX-License-Identifier: GPL-2.0
/*
 * The update of fscaps_show(), with its text made too big for what is
 * left of a filled module area (ksplice_core_far.h): the 8-byte jump it
 * then needs would take fscaps_show's ftrace site.
 */
#define CORE_FSCAPS_NAME	"core_fscaps_far"
#include "ksplice_core_fscaps.c"
#include "ksplice_core_far.h"
