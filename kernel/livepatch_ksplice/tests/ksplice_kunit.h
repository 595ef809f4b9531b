/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the ksplice KUnit tests: functions they replace at run time.
 */
#ifndef _KSPLICE_KUNIT_H
#define _KSPLICE_KUNIT_H

/* Two static functions named ksplice_kunit_dup, in dup_a.c and dup_b.c. */
extern int (*ksplice_kunit_dup_a)(int x);
extern int (*ksplice_kunit_dup_b)(int x);

/* A paravirt-like slot, found through kallsyms (match_kunit.c). */
extern void *ksplice_kunit_pv_slot;

/* A symbol key for run-pre matching, without an object file. */
#define KSPLICE_KEY(n, o, fl)						\
	((struct ksplice_symkey) { .name = (n), .objname = (o), .flags = (fl) })

#endif /* _KSPLICE_KUNIT_H */
