/* SPDX-License-Identifier: GPL-2.0 */
/* Stub for compiling generated ksplice tables in user space. */
#ifndef _STUB_LINUX_KERNEL_H
#define _STUB_LINUX_KERNEL_H
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
