/* SPDX-License-Identifier: GPL-2.0 */
/* Stub for compiling generated ksplice tables in user space. */
