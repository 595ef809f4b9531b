// SPDX-License-Identifier: GPL-2.0
/*
 * The fixed part of every update module built by "make ksplice": it hands
 * the tables that scripts/ksplice/ksplice-gen wrote (ksplice_tables.c) to
 * the core, which applies the update before insmod returns.
 */

#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>

static struct ksplice_update ksplice_this_update = {
	.name = KSPLICE_UPDATE_NAME,
	.mod = THIS_MODULE,
};

static int __init ksplice_update_init(void)
{
	struct ksplice_update *u = &ksplice_this_update;
	int i;

	u->funcs = ksplice_funcs;
	u->nr_funcs = ksplice_nr_funcs;
	u->relocs = ksplice_relocs;
	u->nr_relocs = ksplice_nr_relocs;
	u->early_relocs = ksplice_early_relocs;
	u->nr_early_relocs = ksplice_nr_early_relocs;
	for (i = 0; i < KSPLICE_NR_HOOK_KINDS; i++) {
		u->hooks[i] = ksplice_hooks[i];
		u->nr_hooks[i] = ksplice_nr_hooks[i];
	}
	return ksplice_register(u);
}

static void __exit ksplice_update_exit(void)
{
	ksplice_unregister(&ksplice_this_update);
}

module_init(ksplice_update_init);
module_exit(ksplice_update_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice update " KSPLICE_UPDATE_NAME);
MODULE_INFO(ksplice, KSPLICE_UPDATE_NAME);
