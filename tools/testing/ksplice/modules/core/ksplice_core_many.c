// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update of 50 functions: kst_target_fn_N of
 * kst_target returns x + N + 1000 instead of x + N, so that
 * /proc/kst_target_sum goes from 1225 to 51225.  For measuring the pause
 * of the machine with many functions.
 */

#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>

#define MANY_FN(n)							\
static noinline __noipa int core_many_fn_##n(int x)			\
{									\
	return x + n + 1000;						\
}
MANY_FN(0) MANY_FN(1) MANY_FN(2) MANY_FN(3) MANY_FN(4)
MANY_FN(5) MANY_FN(6) MANY_FN(7) MANY_FN(8) MANY_FN(9)
MANY_FN(10) MANY_FN(11) MANY_FN(12) MANY_FN(13) MANY_FN(14)
MANY_FN(15) MANY_FN(16) MANY_FN(17) MANY_FN(18) MANY_FN(19)
MANY_FN(20) MANY_FN(21) MANY_FN(22) MANY_FN(23) MANY_FN(24)
MANY_FN(25) MANY_FN(26) MANY_FN(27) MANY_FN(28) MANY_FN(29)
MANY_FN(30) MANY_FN(31) MANY_FN(32) MANY_FN(33) MANY_FN(34)
MANY_FN(35) MANY_FN(36) MANY_FN(37) MANY_FN(38) MANY_FN(39)
MANY_FN(40) MANY_FN(41) MANY_FN(42) MANY_FN(43) MANY_FN(44)
MANY_FN(45) MANY_FN(46) MANY_FN(47) MANY_FN(48) MANY_FN(49)

#define MANY(n)								\
	{ .name = "kst_target_fn_" #n, .objname = "kst_target",		\
	  .new_func = core_many_fn_##n }
static const struct ksplice_func core_many_funcs[] = {
	MANY(0), MANY(1), MANY(2), MANY(3), MANY(4),
	MANY(5), MANY(6), MANY(7), MANY(8), MANY(9),
	MANY(10), MANY(11), MANY(12), MANY(13), MANY(14),
	MANY(15), MANY(16), MANY(17), MANY(18), MANY(19),
	MANY(20), MANY(21), MANY(22), MANY(23), MANY(24),
	MANY(25), MANY(26), MANY(27), MANY(28), MANY(29),
	MANY(30), MANY(31), MANY(32), MANY(33), MANY(34),
	MANY(35), MANY(36), MANY(37), MANY(38), MANY(39),
	MANY(40), MANY(41), MANY(42), MANY(43), MANY(44),
	MANY(45), MANY(46), MANY(47), MANY(48), MANY(49),
};

static struct ksplice_update core_many_update = {
	.name = "core_many",
	.mod = THIS_MODULE,
	.funcs = core_many_funcs,
	.nr_funcs = ARRAY_SIZE(core_many_funcs),
};

static int __init core_many_init(void)
{
	return ksplice_register(&core_many_update);
}

static void __exit core_many_exit(void)
{
	ksplice_unregister(&core_many_update);
}

module_init(core_many_init);
module_exit(core_many_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: 50 functions of kst_target");
