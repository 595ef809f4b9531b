// SPDX-License-Identifier: GPL-2.0
/*
 * A second update of version_proc_show(), to stack on the first.
 */
#define CORE_VERSION_NAME	"core_version2"
#include "ksplice_core_version.c"
