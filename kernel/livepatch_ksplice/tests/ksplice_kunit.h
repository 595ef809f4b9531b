/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the ksplice KUnit tests: functions they replace at run time.
 */
#ifndef _KSPLICE_KUNIT_H
#define _KSPLICE_KUNIT_H

/* Two static functions named ksplice_kunit_dup, in dup_a.c and dup_b.c. */
extern int (*ksplice_kunit_dup_a)(int x);
extern int (*ksplice_kunit_dup_b)(int x);

/* Two static ksplice_kunit_twin of one code, in twin_a.c and twin_b.c. */
extern int (*ksplice_kunit_twin_a)(int x);
extern int (*ksplice_kunit_twin_b)(int x);
int ksplice_kunit_twin_anchor_a(int x);
int ksplice_kunit_twin_anchor_b(int x);

/* A paravirt-like slot, found through kallsyms (match_kunit.c). */
extern void *ksplice_kunit_pv_slot;

/* A global data target of run-pre matching (input_kunit.c). */
extern int ksplice_kunit_datum;

/* A symbol key for run-pre matching, without an object file. */
#define KSPLICE_KEY(n, o, fl)						\
	((struct ksplice_symkey) { .name = (n), .objname = (o), .flags = (fl) })

#endif /* _KSPLICE_KUNIT_H */
