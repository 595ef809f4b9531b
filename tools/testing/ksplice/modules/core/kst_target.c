// SPDX-License-Identifier: GPL-2.0
/*
 * A module for ksplice to patch: /proc/kst_target shows the value of
 * kst_target_value(), and reading /proc/kst_target_block sleeps inside
 * kst_target_value() for a minute, or until the reader is killed, which
 * makes a task that is inside the function an update replaces.
 * /proc/kst_target_sum shows the sum of kst_target_fn_0(0) to
 * kst_target_fn_49(0), for an update of 50 functions (1225 as built).
 * /proc/kst_target_call shows kst_target_call(), a function that only
 * tail-calls a static call: on x86_64 the static call's jmp follows
 * the function's ftrace site, where a jump would go.
 */

#include <linux/delay.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/static_call.h>

static noinline __noipa int kst_target_value(bool block)
{
	if (block)
		msleep_interruptible(60 * 1000);
	return 1;
}

static int kst_target_call_one(void)
{
	return 1;
}

DEFINE_STATIC_CALL(kst_target_sc, kst_target_call_one);

static noinline __noipa int kst_target_call(void)
{
	return static_call(kst_target_sc)();
}

#define KST_FN(n)							\
static noinline __noipa int kst_target_fn_##n(int x)			\
{									\
	return x + n;							\
}
KST_FN(0) KST_FN(1) KST_FN(2) KST_FN(3) KST_FN(4)
KST_FN(5) KST_FN(6) KST_FN(7) KST_FN(8) KST_FN(9)
KST_FN(10) KST_FN(11) KST_FN(12) KST_FN(13) KST_FN(14)
KST_FN(15) KST_FN(16) KST_FN(17) KST_FN(18) KST_FN(19)
KST_FN(20) KST_FN(21) KST_FN(22) KST_FN(23) KST_FN(24)
KST_FN(25) KST_FN(26) KST_FN(27) KST_FN(28) KST_FN(29)
KST_FN(30) KST_FN(31) KST_FN(32) KST_FN(33) KST_FN(34)
KST_FN(35) KST_FN(36) KST_FN(37) KST_FN(38) KST_FN(39)
KST_FN(40) KST_FN(41) KST_FN(42) KST_FN(43) KST_FN(44)
KST_FN(45) KST_FN(46) KST_FN(47) KST_FN(48) KST_FN(49)

static int (* const kst_target_fns[])(int) = {
	kst_target_fn_0, kst_target_fn_1, kst_target_fn_2, kst_target_fn_3,
	kst_target_fn_4, kst_target_fn_5, kst_target_fn_6, kst_target_fn_7,
	kst_target_fn_8, kst_target_fn_9, kst_target_fn_10, kst_target_fn_11,
	kst_target_fn_12, kst_target_fn_13, kst_target_fn_14, kst_target_fn_15,
	kst_target_fn_16, kst_target_fn_17, kst_target_fn_18, kst_target_fn_19,
	kst_target_fn_20, kst_target_fn_21, kst_target_fn_22, kst_target_fn_23,
	kst_target_fn_24, kst_target_fn_25, kst_target_fn_26, kst_target_fn_27,
	kst_target_fn_28, kst_target_fn_29, kst_target_fn_30, kst_target_fn_31,
	kst_target_fn_32, kst_target_fn_33, kst_target_fn_34, kst_target_fn_35,
	kst_target_fn_36, kst_target_fn_37, kst_target_fn_38, kst_target_fn_39,
	kst_target_fn_40, kst_target_fn_41, kst_target_fn_42, kst_target_fn_43,
	kst_target_fn_44, kst_target_fn_45, kst_target_fn_46, kst_target_fn_47,
	kst_target_fn_48, kst_target_fn_49,
};

static int kst_target_sum_show(struct seq_file *m, void *v)
{
	int i, sum = 0;

	for (i = 0; i < ARRAY_SIZE(kst_target_fns); i++)
		sum += kst_target_fns[i](0);
	seq_printf(m, "%d\n", sum);
	return 0;
}

static int kst_target_call_show(struct seq_file *m, void *v)
{
	seq_printf(m, "call=%d\n", kst_target_call());
	return 0;
}

static int kst_target_show(struct seq_file *m, void *v)
{
	seq_printf(m, "value=%d\n", kst_target_value(false));
	return 0;
}

static int kst_target_block_show(struct seq_file *m, void *v)
{
	seq_printf(m, "value=%d\n", kst_target_value(true));
	return 0;
}

static int __init kst_target_init(void)
{
	if (!proc_create_single("kst_target", 0444, NULL, kst_target_show))
		return -ENOMEM;
	if (!proc_create_single("kst_target_block", 0444, NULL,
				kst_target_block_show))
		goto fail;
	if (!proc_create_single("kst_target_sum", 0444, NULL,
				kst_target_sum_show))
		goto fail;
	if (!proc_create_single("kst_target_call", 0444, NULL,
				kst_target_call_show))
		goto fail;
	return 0;
fail:
	remove_proc_entry("kst_target_sum", NULL);
	remove_proc_entry("kst_target_block", NULL);
	remove_proc_entry("kst_target", NULL);
	return -ENOMEM;
}

static void __exit kst_target_exit(void)
{
	remove_proc_entry("kst_target_call", NULL);
	remove_proc_entry("kst_target_sum", NULL);
	remove_proc_entry("kst_target_block", NULL);
	remove_proc_entry("kst_target", NULL);
}

module_init(kst_target_init);
module_exit(kst_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test target module");
