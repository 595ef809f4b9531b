// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update of a function whose jump site belongs to a
 * static call: kst_target_call() of kst_target (a tail call through the
 * static call kst_target_sc) returns 5 instead of 1; built again as
 * ksplice_core_redirect2, which returns 6 and stacks on this one.
 */

#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>

#ifdef KST_REDIRECT_SECOND
#define KST_REDIRECT_NAME	"core_redirect2"
#define KST_REDIRECT_VALUE	6
#else
#define KST_REDIRECT_NAME	"core_redirect"
#define KST_REDIRECT_VALUE	5
#endif

static noinline __noipa int core_redirect_call(void)
{
	return KST_REDIRECT_VALUE;
}

static const struct ksplice_func core_redirect_funcs[] = {
	{ .name = "kst_target_call", .objname = "kst_target",
	  .new_func = core_redirect_call },
};

static struct ksplice_update core_redirect_update = {
	.name = KST_REDIRECT_NAME,
	.mod = THIS_MODULE,
	.funcs = core_redirect_funcs,
	.nr_funcs = ARRAY_SIZE(core_redirect_funcs),
};

static int __init core_redirect_init(void)
{
	return ksplice_register(&core_redirect_update);
}

static void __exit core_redirect_exit(void)
{
	ksplice_unregister(&core_redirect_update);
}

module_init(core_redirect_init);
module_exit(core_redirect_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: kst_target_call in kst_target");
