// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update: replaces fscaps_show(), the function behind
 * /sys/kernel/fscaps, with one that says "ksplice".
 *
 * fscaps_show() is picked for its shape, not its meaning: it has no
 * prologue (a tail call to sysfs_emit()), so on ARM its ftrace site
 * ("push {lr}; bl __gnu_mcount_nc") is its first two words.  The 4-byte
 * branch takes the push and leaves the ftrace site alone; an 8-byte jump
 * would take the site, which the core refuses.
 */

#include <linux/kobject.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#ifndef CORE_FSCAPS_NAME
#define CORE_FSCAPS_NAME	"core_fscaps"
#endif

static ssize_t core_fscaps_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "ksplice\n");
}

static const struct ksplice_func core_fscaps_funcs[] = {
	{ .name = "fscaps_show", .new_func = core_fscaps_show },
};

static struct ksplice_update core_fscaps_update = {
	.name = CORE_FSCAPS_NAME,
	.mod = THIS_MODULE,
	.funcs = core_fscaps_funcs,
	.nr_funcs = ARRAY_SIZE(core_fscaps_funcs),
};

static int __init core_fscaps_init(void)
{
	return ksplice_register(&core_fscaps_update);
}

static void __exit core_fscaps_exit(void)
{
	ksplice_unregister(&core_fscaps_update);
}

module_init(core_fscaps_init);
module_exit(core_fscaps_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: /sys/kernel/fscaps");
