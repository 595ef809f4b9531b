// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update whose new code reaches code of its own by a
 * tail call: kst_target_value() of kst_target becomes a jump to a helper
 * of the update, which sleeps like the original when asked to and
 * returns 3.  A task asleep in the helper has no return address into the
 * new function: only the update's whole text covers it.
 */

#include <linux/delay.h>
#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/linkage.h>
#include <linux/module.h>

#ifdef CONFIG_X86_64
#include <asm/ibt.h>
#endif

int core_tail_helper(bool block);
int core_tail_value(bool block);

noinline int core_tail_helper(bool block)
{
	if (block)
		msleep_interruptible(60 * 1000);
	return 3;
}

/*
 * The new function is one jump, written in assembly so that no compiler
 * choice can turn it into a call.
 */
#ifdef CONFIG_X86_64
asm(".pushsection .text.core_tail_value, \"ax\"\n"
	".globl core_tail_value\n"
	".type core_tail_value, @function\n"
	"core_tail_value:\n\t"
	ASM_ENDBR
	"jmp core_tail_helper\n"
	".size core_tail_value, . - core_tail_value\n"
	".popsection\n");
#elif defined(CONFIG_ARM)
asm(".pushsection .text.core_tail_value, \"ax\", %progbits\n"
	".arm\n"
	".align 2\n"
	".globl core_tail_value\n"
	".type core_tail_value, %function\n"
	"core_tail_value:\n\t"
	"b core_tail_helper\n"
	".size core_tail_value, . - core_tail_value\n"
	".popsection\n");
#endif

static const struct ksplice_func core_tail_funcs[] = {
	{ .name = "kst_target_value", .objname = "kst_target",
	  .new_func = core_tail_value },
};

static struct ksplice_update core_tail_update = {
	.name = "core_tail",
	.mod = THIS_MODULE,
	.funcs = core_tail_funcs,
	.nr_funcs = ARRAY_SIZE(core_tail_funcs),
};

static int __init core_tail_init(void)
{
	return ksplice_register(&core_tail_update);
}

static void __exit core_tail_exit(void)
{
	ksplice_unregister(&core_tail_update);
}

module_init(core_tail_init);
module_exit(core_tail_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: kst_target_value tail-calls a helper");
