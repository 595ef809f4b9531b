/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of every kst_fill_N module (see Kbuild): KST_FILL_KB KiB of
 * .bss, which the module loader allocates with the module's data in the
 * module area, and nothing else.  No init or exit function: loading
 * does nothing, and the module stays until the guest powers off.
 */
#include <linux/compiler.h>
#include <linux/module.h>

#ifdef KST_FILL_KB
static char kst_fill[KST_FILL_KB * 1024] __used;
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test: takes room in the module area");
