// SPDX-License-Identifier: GPL-2.0
/*
 * A sweep module (tools/testing/ksplice/sweep/build): the tables
 * "ksplice-gen --sweep" wrote for every function of a group of objects
 * of the running kernel, handed to the core's sweep, which run-pre
 * matches each function, logs the misses and the counts, and applies
 * nothing.  The module then stays loaded, doing nothing, until rmmod.
 */

#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>

int ksplice_sweep(const struct ksplice_update *u);

static struct ksplice_update ksplice_sweep_tables = {
	.name = KSPLICE_SWEEP_NAME,
	.mod = THIS_MODULE,
};

static int __init ksplice_sweep_init(void)
{
	ksplice_sweep_tables.funcs = ksplice_funcs;
	ksplice_sweep_tables.nr_funcs = ksplice_nr_funcs;
	return ksplice_sweep(&ksplice_sweep_tables);
}

static void __exit ksplice_sweep_exit(void)
{
}

module_init(ksplice_sweep_init);
module_exit(ksplice_sweep_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice self-match sweep of " KSPLICE_SWEEP_NAME);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
