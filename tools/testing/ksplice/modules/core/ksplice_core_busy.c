// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update of a function in a module: kst_target_value()
 * of kst_target returns 2 instead of 1.
 */

#include <linux/delay.h>
#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>

static noinline __noipa int core_busy_value(bool block)
{
	if (block)
		msleep_interruptible(60 * 1000);
	return 2;
}

static const struct ksplice_func core_busy_funcs[] = {
	{ .name = "kst_target_value", .objname = "kst_target",
	  .new_func = core_busy_value },
};

static struct ksplice_update core_busy_update = {
	.name = "core_busy",
	.mod = THIS_MODULE,
	.funcs = core_busy_funcs,
	.nr_funcs = ARRAY_SIZE(core_busy_funcs),
};

static int __init core_busy_init(void)
{
	return ksplice_register(&core_busy_update);
}

static void __exit core_busy_exit(void)
{
	ksplice_unregister(&core_busy_update);
}

module_init(core_busy_init);
module_exit(core_busy_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: kst_target_value in kst_target");
