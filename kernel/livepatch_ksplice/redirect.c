// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: replacing a function through its ftrace site.
 *
 * The jump goes right after a function's ftrace site (arch code).  Other
 * runtime code patching sometimes owns those bytes: a static branch that
 * opens the function (crng_ready() in urandom_read_iter()), or the
 * static call a function tail-calls (x86_pmu_sched_task() is endbr64,
 * the ftrace site, one move and jmp __SCT__x86_pmu_sched_task).  A jump
 * written over them would break the next time their owner rewrites them,
 * so the arch code refuses those bytes.  When the function's ftrace site
 * is at its entry, such a function is replaced through that site
 * instead: an ftrace_ops with FTRACE_OPS_FL_IPMODIFY, whose handler
 * makes ftrace return into the new function rather than the old one, as
 * upstream livepatch replaces every function.
 *
 * The switch stays atomic.  The ftrace_ops is registered before the
 * machine stops, but its handler changes nothing until the update is
 * armed, which happens with the machine stopped, with the jumps; undo
 * disarms it there too, and unregisters it afterwards.  A task that
 * entered the old function before the switch has a return address into
 * it (the ftrace call's, at least), which the stack check sees.
 *
 * An update stacked on one that redirects a function writes no site of
 * its own for it: its jump goes into the new code of the update below,
 * as for any stacked function (switch.c).
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/ftrace.h>
#include <linux/slab.h>

#include "ksplice_internal.h"

/**
 * struct ksplice_redirect - the ftrace_ops of one update
 * @ops:	registered with a filter of the functions' ftrace sites
 * @armed:	the update is applied: the handler redirects
 * @nr:		number of @to entries
 * @to:		for each function: its ftrace site and its new code
 */
struct ksplice_redirect {
	struct ftrace_ops ops;
	bool armed;
	unsigned int nr;
	struct {
		unsigned long ip;
		unsigned long target;
	} to[] __counted_by(nr);
};

/*
 * Called by ftrace at the site of each redirected function, preemption
 * disabled, from any context (NMI included): it takes no lock and calls
 * nothing that ftrace could trace.
 */
static void notrace ksplice_redirect_handler(unsigned long ip,
					     unsigned long parent_ip,
					     struct ftrace_ops *ops,
					     struct ftrace_regs *fregs)
{
	struct ksplice_redirect *r = container_of(ops, struct ksplice_redirect,
						  ops);
	unsigned int i;

	if (!READ_ONCE(r->armed))
		return;
	for (i = 0; i < r->nr; i++) {
		if (r->to[i].ip == ip) {
			ftrace_regs_set_instruction_pointer(fregs,
							    r->to[i].target);
			return;
		}
	}
}

/**
 * ksplice_redirect_site() - can a function be replaced through ftrace
 * @addr: the function
 * @ip: set to its ftrace site
 *
 * Return: true if the function's ftrace site is at its entry (after an
 * endbr64 on x86), where a redirection replaces the whole function.
 */
bool ksplice_redirect_site(unsigned long addr, unsigned long *ip)
{
	unsigned long site = ftrace_location(addr);

	if (!site || !ksplice_arch_ftrace_at_entry(addr, site))
		return false;
	*ip = site;
	return true;
}

/**
 * ksplice_redirect_prepare() - register the ftrace_ops of an update
 * @s: the update, about to be applied
 * @below: for each patch, the update below it when stacking, or NULL
 *
 * Registers, unarmed, one ftrace_ops for the functions of @s that take
 * no jump and have no update below them.
 *
 * Context: ksplice_mutex held; may sleep.
 * Return: 0, or a negative errno with the cause recorded in @s.
 */
int ksplice_redirect_prepare(struct ksplice_state *s,
			     struct ksplice_patch **below)
{
	const char *first = NULL;
	struct ksplice_redirect *r;
	struct ksplice_patch *p;
	unsigned int i, n = 0;
	int ret;

	for (i = 0; i < s->nr_patches; i++)
		n += s->patches[i].redirect && !below[i];
	if (!n)
		return 0;
	r = kzalloc(struct_size(r, to, n), GFP_KERNEL);
	if (!r) {
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY,
			     "the ftrace_ops of %u functions", n);
		return -ENOMEM;
	}
	r->ops.func = ksplice_redirect_handler;
	/*
	 * PERMANENT: ftrace may not be switched off (sysctl
	 * kernel.ftrace_enabled) while the update depends on it.
	 */
	r->ops.flags = FTRACE_OPS_FL_DYNAMIC | FTRACE_OPS_FL_IPMODIFY |
		       FTRACE_OPS_FL_PERMANENT;
	r->nr = n;
	n = 0;
	for (i = 0; i < s->nr_patches; i++) {
		p = &s->patches[i];
		if (!p->redirect || below[i])
			continue;
		if (!first)
			first = p->func->name;
		r->to[n].ip = p->site;
		r->to[n].target = p->new_addr;
		ret = ftrace_set_filter_ip(&r->ops, p->site, 0, 0);
		if (ret) {
			ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
				     "%s: its ftrace site cannot be filtered (%d)",
				     p->func->name, ret);
			goto free;
		}
		n++;
	}
	ret = register_ftrace_function(&r->ops);
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s: cannot redirect it through its ftrace site (%d)",
			     first, ret);
		goto free;
	}
	s->redirect = r;
	return 0;
free:
	ftrace_free_filter(&r->ops);
	kfree(r);
	return ret;
}

/**
 * ksplice_redirect_arm() - switch the redirection of an update
 * @s: the update
 * @on: redirect (applied) or not
 *
 * Context: inside stop_machine(), every other CPU waiting.
 */
void ksplice_redirect_arm(struct ksplice_state *s, bool on)
{
	if (s->redirect)
		WRITE_ONCE(s->redirect->armed, on);
}

/**
 * ksplice_redirect_release() - unregister the ftrace_ops of an update
 * @s: an update that is not applied (never was, or was reversed)
 *
 * Context: ksplice_mutex held; may sleep.
 */
void ksplice_redirect_release(struct ksplice_state *s)
{
	struct ksplice_redirect *r = s->redirect;

	if (!r)
		return;
	WARN_ON_ONCE(r->armed);
	/* Waits for every handler that may still run (RCU tasks). */
	unregister_ftrace_function(&r->ops);
	ftrace_free_filter(&r->ops);
	s->redirect = NULL;
	kfree(r);
}
