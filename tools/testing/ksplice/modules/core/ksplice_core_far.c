// SPDX-License-Identifier: GPL-2.0
/*
 * The update of version_proc_show(), with its text made too big for what
 * is left of a filled module area (ksplice_core_far.h).
 */
#define CORE_VERSION_NAME	"core_far"
#include "ksplice_core_version.c"
#include "ksplice_core_far.h"
