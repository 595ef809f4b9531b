// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: the registry of updates loaded into this kernel.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "ksplice_internal.h"

/**
 * ksplice_name_valid() - check an update name
 * @name: the name, without the "ksplice_" module prefix
 *
 * Update names become module names (ksplice_NAME) and sysfs directory
 * names, so they are limited to what both accept: 1 to KSPLICE_NAME_MAX
 * characters from [A-Za-z0-9_].
 *
 * Return: true if @name may name an update.
 */
bool ksplice_name_valid(const char *name)
{
	size_t len = strnlen(name, KSPLICE_NAME_MAX + 1);
	size_t i;

	if (len == 0 || len > KSPLICE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!(c == '_' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(ksplice_name_valid);

static int __init ksplice_init(void)
{
	int ret;

	ret = ksplice_sysfs_init();
	if (ret) {
		pr_err("cannot create /sys/kernel/ksplice: %d\n", ret);
		return ret;
	}
	pr_info("ready\n");
	return 0;
}
core_initcall(ksplice_init);
