/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the ksplice core, shared between its files and
 * its KUnit tests.  Nothing here is for update modules: those use
 * <linux/ksplice.h>.
 */
#ifndef _KSPLICE_INTERNAL_H
#define _KSPLICE_INTERNAL_H

#include <linux/kobject.h>
#include <linux/types.h>

/* /sys/kernel/ksplice/, parent of one directory per update. */
extern struct kobject *ksplice_root_kobj;

int ksplice_sysfs_init(void);

#endif /* _KSPLICE_INTERNAL_H */
