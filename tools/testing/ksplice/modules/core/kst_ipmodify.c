// SPDX-License-Identifier: GPL-2.0
/*
 * Another ftrace user that owns kst_target_value() of kst_target, the
 * way upstream livepatch owns the functions it replaces: an ftrace_ops
 * with FTRACE_OPS_FL_IPMODIFY.  On x86 it sends the call to its own
 * function, which returns 4; on ARM (whose ftrace site follows the
 * prologue) it only counts the calls, in
 * /sys/module/kst_ipmodify/parameters/calls.
 */

#include <linux/ftrace.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

static unsigned int calls;
module_param(calls, uint, 0444);
MODULE_PARM_DESC(calls, "calls of kst_target_value seen");

static noinline int kst_ipmodify_value(bool block)
{
	return 4;
}

static void notrace kst_ipmodify_handler(unsigned long ip,
					 unsigned long parent_ip,
					 struct ftrace_ops *op,
					 struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);

	calls++;
	if (IS_ENABLED(CONFIG_X86) && regs)
		instruction_pointer_set(regs,
					(unsigned long)kst_ipmodify_value);
}

static struct ftrace_ops kst_ipmodify_ops = {
	.func = kst_ipmodify_handler,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY,
};

static int __init kst_ipmodify_init(void)
{
	static unsigned char name[] = "kst_target_value";
	int ret;

	ret = ftrace_set_filter(&kst_ipmodify_ops, name, strlen(name), 1);
	if (ret)
		return ret;
	ret = register_ftrace_function(&kst_ipmodify_ops);
	if (ret)
		ftrace_free_filter(&kst_ipmodify_ops);
	return ret;
}

static void __exit kst_ipmodify_exit(void)
{
	unregister_ftrace_function(&kst_ipmodify_ops);
	ftrace_free_filter(&kst_ipmodify_ops);
}

module_init(kst_ipmodify_init);
module_exit(kst_ipmodify_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test: an FTRACE_OPS_FL_IPMODIFY user of kst_target_value");
