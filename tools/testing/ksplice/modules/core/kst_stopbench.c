// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of ksplice's switch: reading /proc/kst_stop_machine calls
 * stop_machine() with an empty function 100 times and shows how long
 * each call took, in ns, one a line.  bench-apply and soak divide the
 * pause of the switch by it: under QEMU TCG only that ratio means
 * anything.
 */

#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/stop_machine.h>

#define KST_STOP_CALLS	100

static int kst_stop_nothing(void *data)
{
	return 0;
}

static int kst_stop_show(struct seq_file *m, void *v)
{
	u64 t0;
	int i, ret;

	for (i = 0; i < KST_STOP_CALLS; i++) {
		t0 = ktime_get_ns();
		ret = stop_machine(kst_stop_nothing, NULL, cpu_online_mask);
		if (ret)
			return ret;
		seq_printf(m, "%llu\n", ktime_get_ns() - t0);
	}
	return 0;
}

static int __init kst_stopbench_init(void)
{
	if (!proc_create_single("kst_stop_machine", 0444, NULL, kst_stop_show))
		return -ENOMEM;
	return 0;
}

static void __exit kst_stopbench_exit(void)
{
	remove_proc_entry("kst_stop_machine", NULL);
}

module_init(kst_stopbench_init);
module_exit(kst_stopbench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test: the time of an empty stop_machine()");
