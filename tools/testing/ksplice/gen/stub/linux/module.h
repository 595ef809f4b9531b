/* SPDX-License-Identifier: GPL-2.0 */
/* Stub for compiling generated ksplice tables in user space. */
#ifndef _STUB_LINUX_MODULE_H
#define _STUB_LINUX_MODULE_H
#define MODULE_IMPORT_NS(ns)						\
	static const char __stub_import_##ns[]				\
	__attribute__((used, section(".modinfo"))) = "import_ns=" #ns
#endif
