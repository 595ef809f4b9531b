// SPDX-License-Identifier: GPL-2.0
/* ksplice_core_redirect.c, returning 6: it stacks on that update. */
#define KST_REDIRECT_SECOND
#include "ksplice_core_redirect.c"
