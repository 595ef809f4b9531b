// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs interface of ksplice: /sys/kernel/ksplice/, one directory per
 * update.  The ABI is documented in
 * Documentation/ABI/testing/sysfs-kernel-ksplice.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kobject.h>
#include <linux/init.h>

#include "ksplice_internal.h"

struct kobject *ksplice_root_kobj;

int __init ksplice_sysfs_init(void)
{
	ksplice_root_kobj = kobject_create_and_add("ksplice", kernel_kobj);
	if (!ksplice_root_kobj)
		return -ENOMEM;
	return 0;
}
