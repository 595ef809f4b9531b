// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: the self-match sweep, a test interface (built with the
 * KUnit tests, for tools/testing/ksplice/sweep): the running kernel
 * run-pre matches every function of a table as "make ksplice" would
 * make it for each, and applies nothing.  A false no_match on a kernel
 * built from the same tree is a bug of the matcher; the sweep counts
 * them and logs each, with the offset and the bytes where it differs.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <kunit/visibility.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "ksplice_internal.h"

/**
 * ksplice_sweep() - run-pre match every function of a table
 * @u: the table: functions with pre code (their new_func is not used)
 *
 * All functions are matched as one update would match them, so that
 * names resolve consistently, and those whose code several candidates
 * have are told apart by their neighbours.  Each function that does not
 * match is logged: "ksplice: sweep: NAME (UNIT): CAUSE: details", and for
 * no_match the bytes expected and found.  Nothing is written.
 *
 * Context: process context, may sleep; takes ksplice_mutex.
 * Return: 0, -EINVAL for a bad table, -ENOMEM.
 */
VISIBLE_IF_KUNIT int ksplice_sweep(const struct ksplice_update *u)
{
	unsigned int counts[KSPLICE_NR_CAUSES] = { };
	enum ksplice_cause *res;
	struct ksplice_state *s;
	struct ksplice_patch *p;
	unsigned int i, k;
	int ret;

	if (ksplice_check_update(u))
		return -EINVAL;
	s = ksplice_state_alloc(u);
	res = kcalloc(u->nr_funcs, sizeof(*res), GFP_KERNEL);
	if (s)
		s->patches = kcalloc(u->nr_funcs, sizeof(*s->patches),
				     GFP_KERNEL);
	if (!s || !res || !s->patches) {
		kfree(res);
		if (s)
			ksplice_state_put(s);
		return -ENOMEM;
	}
	s->nr_patches = u->nr_funcs;
	s->match.verbose = true;

	mutex_lock(&ksplice_mutex);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < u->nr_funcs; i++) {
			p = &s->patches[i];
			p->func = &u->funcs[i];
			if (p->addr || res[i] || !p->func->pre_code)
				continue;
			s->cause = KSPLICE_CAUSE_NONE;
			s->detail[0] = '\0';
			ret = ksplice_match_func(s, p, k);
			if (ret == -EAGAIN)
				continue;
			if (!ret)
				continue;
			res[i] = s->cause ? s->cause : KSPLICE_CAUSE_UNEXPECTED;
			pr_info("sweep: %s (%s): %s: %s\n", p->func->name,
				p->func->unit ? p->func->unit : "?",
				ksplice_cause_name(res[i]), s->detail);
		}
	}
	for (i = 0; i < u->nr_funcs; i++) {
		if (!u->funcs[i].pre_code)
			res[i] = KSPLICE_CAUSE_UNEXPECTED;
		counts[res[i] < KSPLICE_NR_CAUSES ? res[i] :
		       KSPLICE_CAUSE_UNEXPECTED]++;
	}
	mutex_unlock(&ksplice_mutex);
	pr_info("sweep: %s: %u functions: %u matched, %u no_match, %u failed_to_find, %u other\n",
		u->name, u->nr_funcs, counts[KSPLICE_CAUSE_NONE],
		counts[KSPLICE_CAUSE_NO_MATCH],
		counts[KSPLICE_CAUSE_FAILED_TO_FIND],
		u->nr_funcs - counts[KSPLICE_CAUSE_NONE] -
		counts[KSPLICE_CAUSE_NO_MATCH] -
		counts[KSPLICE_CAUSE_FAILED_TO_FIND]);

	kfree(res);
	ksplice_state_put(s);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ksplice_sweep);
