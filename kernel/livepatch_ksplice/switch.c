// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: applying and reversing an update.
 *
 * Apply: write the relocations, run the pre_apply and check_apply hooks
 * (they may sleep, and refuse), then stop the machine.  With every CPU
 * stopped, check that no task is inside a function being replaced (see
 * stack.c) and that no kprobe sits on the bytes the jump takes; if all
 * is clear, write the jumps and run the apply hooks, which may refuse, in
 * which case the bytes are put back before the machine restarts.  If a
 * task is in the way, restart the machine, wait and try again, a bounded
 * number of times (ksplice.max_tries, ksplice.retry_delay_ms), then give
 * up: code_busy.  Then run the post_apply hooks, or the fail_apply hooks
 * if anything failed after pre_apply started.
 *
 * A function whose first bytes belong to other code patching takes no
 * jump: it is redirected through its ftrace site (redirect.c), armed
 * and disarmed where the jumps are written.
 *
 * Reverse is the mirror image: the check is against the update's whole
 * text, and the saved bytes go back.  Updates that replace the same
 * function stack: the jump of the newest is at the function, and the
 * bytes it saved are the jump of the one below; a second jump goes at
 * the entry of the one below's new code, which its other new functions
 * call directly.  So undo must go newest first, and an undo out of
 * order is refused, naming the update to undo first.
 *
 * The machine is stopped with text_mutex held (taken, like kprobes and
 * jump labels do, inside cpus_read_lock()), so no other code patching is
 * half done while the jumps are written, and with kprobes held off
 * (kprobes_hold()), so that no probe is half registered.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/ksplice.h>
#include <linux/ktime.h>
#include <linux/memory.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/string.h>

#include "ksplice_internal.h"

static u64 ksplice_seq;

static const char * const ksplice_hook_names[KSPLICE_NR_HOOK_KINDS] = {
	[KSPLICE_HOOK_PRE_APPLY]	= "pre_apply",
	[KSPLICE_HOOK_CHECK_APPLY]	= "check_apply",
	[KSPLICE_HOOK_APPLY]		= "apply",
	[KSPLICE_HOOK_POST_APPLY]	= "post_apply",
	[KSPLICE_HOOK_FAIL_APPLY]	= "fail_apply",
	[KSPLICE_HOOK_PRE_REVERSE]	= "pre_reverse",
	[KSPLICE_HOOK_CHECK_REVERSE]	= "check_reverse",
	[KSPLICE_HOOK_REVERSE]		= "reverse",
	[KSPLICE_HOOK_POST_REVERSE]	= "post_reverse",
	[KSPLICE_HOOK_FAIL_REVERSE]	= "fail_reverse",
};

/*
 * Run the hooks of one kind, in order.  For the kinds that may refuse,
 * stop at the first that returns non-zero and return its value, with the
 * hook in @failed; the others run to the end and return 0.
 */
static int ksplice_run_hooks(struct ksplice_state *s,
			     enum ksplice_hook_kind kind, bool may_refuse,
			     const struct ksplice_hook **failed)
{
	const struct ksplice_hook *h = s->update->hooks[kind];
	unsigned int i, n = s->update->nr_hooks[kind];
	int ret;

	if (!h)
		return 0;
	for (i = 0; i < n; i++) {
		if (!h[i].fn)
			continue;
		ret = h[i].fn();
		if (ret && may_refuse) {
			if (failed)
				*failed = &h[i];
			return ret;
		}
	}
	return 0;
}

/* Run hooks that may refuse; on refusal record call_failed. */
static int ksplice_call(struct ksplice_state *s, enum ksplice_hook_kind kind)
{
	const struct ksplice_hook *failed = NULL;
	int ret;

	ret = ksplice_run_hooks(s, kind, true, &failed);
	if (ret)
		ksplice_fail(s, KSPLICE_CAUSE_CALL_FAILED,
			     "%s hook %ps returned %d", ksplice_hook_names[kind],
			     failed->fn, ret);
	return ret;
}

/**
 * ksplice_top() - the update whose code runs for a function now
 * @self: an update to leave out (the one being switched), or NULL
 * @addr: the function
 * @owner: set to the update found, if not NULL
 *
 * Context: ksplice_mutex held.
 * Return: the patch of the newest applied update (other than @self) that
 * replaces the function at @addr, or NULL.
 */
struct ksplice_patch *ksplice_top(struct ksplice_state *self,
				  unsigned long addr,
				  struct ksplice_state **owner)
{
	struct ksplice_patch *top = NULL;
	struct ksplice_state *t;
	unsigned int i;
	u64 seq = 0;

	list_for_each_entry(t, &ksplice_updates, list) {
		if (t == self || t->stage != KSPLICE_STAGE_APPLIED ||
		    t->seq < seq)
			continue;
		for (i = 0; i < t->nr_patches; i++) {
			if (t->patches[i].addr == addr) {
				top = &t->patches[i];
				seq = t->seq;
				if (owner)
					*owner = t;
			}
		}
	}
	return top;
}

/**
 * ksplice_blocker() - the update to undo before this one
 * @s: an applied update
 * @func: set to the name of a function both replace
 *
 * Context: ksplice_mutex held.
 * Return: the newest applied update that replaces a function @s replaces
 * and was applied after it, or NULL if @s may be undone.
 */
struct ksplice_state *ksplice_blocker(struct ksplice_state *s,
				      const char **func)
{
	struct ksplice_state *t, *found = NULL;
	unsigned int i, j;

	list_for_each_entry(t, &ksplice_updates, list) {
		if (t == s || t->stage != KSPLICE_STAGE_APPLIED ||
		    t->seq < s->seq || (found && t->seq < found->seq))
			continue;
		for (i = 0; i < t->nr_patches; i++) {
			for (j = 0; j < s->nr_patches; j++) {
				if (t->patches[i].addr == s->patches[j].addr) {
					found = t;
					*func = s->patches[j].func->name;
				}
			}
		}
	}
	return found;
}

struct ksplice_switch {
	struct ksplice_state *s;
	bool reverse;
	struct ksplice_range *ranges;
	unsigned int nr_ranges;
	/* for each patch: the jump below it, when stacking (apply only) */
	struct ksplice_patch **below;
	struct task_struct *initiator;
	unsigned long stack_bound;
	atomic_t cpus;
	int done;
	bool ran;
	int status;	/* 0, -EAGAIN (busy), -EIO (bad bytes), -ECANCELED */
	int hook_ret;
	const struct ksplice_hook *failed_hook;
	const char *why;
	u64 pause_ns;
};

static void ksplice_add_range(struct ksplice_switch *sw, unsigned long start,
			      unsigned long size, const char *name)
{
	struct ksplice_range *r = &sw->ranges[sw->nr_ranges++];

	r->start = start;
	r->end = start + size;
	r->name = name;
}

/*
 * On undo, a task may be anywhere in the update's code, not only in the
 * new functions: in a new helper they call, in a .cold part, in a hook,
 * in code reached by a tail call or through a function pointer.  The
 * module is freed once the update is reversed, so none of its text may
 * be on any stack.  Updates without a module (KUnit) check their new
 * functions only.
 */
static unsigned int ksplice_update_text(struct ksplice_switch *sw, bool add)
{
	struct module *mod = sw->s->update->mod;
	unsigned int n = 0;

	if (!mod)
		return 0;
	for_each_mod_mem_type(type) {
		if (!mod_mem_type_is_text(type) || !mod->mem[type].size)
			continue;
		n++;
		if (add)
			ksplice_add_range(sw, (unsigned long)mod->mem[type].base,
					  mod->mem[type].size,
					  sw->s->update->name);
	}
	return n;
}

/*
 * Stacking: the update below @p (@q) has new code for the function, and
 * its other new functions call that code directly, not through the
 * function's entry.  A second jump, at the entry of that new code,
 * sends those calls to @p's new code too.
 */
static int ksplice_copy_jump(struct ksplice_state *s, struct ksplice_patch *p,
			     const struct ksplice_patch *q)
{
	const char *why = NULL;
	int ret;

	ret = ksplice_arch_jump_site(q->new_addr, q->new_size, &p->copy_site,
				     &why);
	if (!ret) {
		ret = ksplice_arch_encode_jump(p->copy_site, p->new_addr,
					       p->copy_jump);
		if (ret > KSPLICE_MAX_JUMP)
			ret = -EINVAL;
		why = "no jump from there to the new code";
	}
	if (ret < 0) {
		p->copy_site = 0;
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s: the earlier update's new code of it (%pS) cannot take a jump: %s",
			     p->func->name, (void *)q->new_addr,
			     why ? why : "no jump code");
		return ret;
	}
	p->copy_len = ret;
	return 0;
}

/*
 * The code that runs for @p's function must still be what run-pre
 * matching compared the update with: the function's own, or the new
 * code of the same earlier update.  (An update made on top of another's
 * fix cannot be applied again once that one is reversed.)
 */
static int ksplice_still_matches(struct ksplice_state *s,
				 const struct ksplice_patch *p,
				 const struct ksplice_patch *q,
				 const struct ksplice_state *owner)
{
	unsigned long now = q ? q->new_addr : p->addr;

	if (!p->matched || p->matched == now)
		return 0;
	if (q)
		ksplice_fail(s, KSPLICE_CAUSE_NO_MATCH,
			     "%s: update %s has replaced it since this update was matched",
			     p->func->name, owner->update->name);
	else
		ksplice_fail(s, KSPLICE_CAUSE_NO_MATCH,
			     "%s: this update was made on top of another, which is no longer applied",
			     p->func->name);
	return -ENOEXEC;
}

static int ksplice_prepare_switch(struct ksplice_switch *sw)
{
	struct ksplice_state *s = sw->s, *owner;
	struct ksplice_patch *p, *q;
	unsigned int i;
	int ret;

	sw->ranges = kcalloc(3 * s->nr_patches + ksplice_update_text(sw, false),
			     sizeof(*sw->ranges), GFP_KERNEL);
	sw->below = kcalloc(s->nr_patches + 1, sizeof(*sw->below), GFP_KERNEL);
	if (!sw->ranges || !sw->below) {
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY, "switch ranges");
		return -ENOMEM;
	}
	if (sw->reverse)
		ksplice_update_text(sw, true);
	for (i = 0; i < s->nr_patches; i++) {
		p = &s->patches[i];
		if (sw->reverse) {
			ksplice_add_range(sw, p->new_addr, p->new_size,
					  p->func->name);
			continue;
		}
		ksplice_add_range(sw, p->addr, p->size, p->func->name);
		if (p->cold_addr)
			ksplice_add_range(sw, p->cold_addr, p->cold_size,
					  p->func->name);
		owner = NULL;
		q = ksplice_top(s, p->addr, &owner);
		ret = ksplice_still_matches(s, p, q, owner);
		if (ret)
			return ret;
		p->copy_site = 0;
		p->copy_len = 0;
		if (q && q->redirect != p->redirect) {
			ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
				     "%s: update %s replaced it %s, this update cannot",
				     p->func->name, owner->update->name,
				     q->redirect ? "through its ftrace site" :
						   "with a jump");
			return -EINVAL;
		}
		if (q) {
			/* Stacking: what runs now is the update below's code. */
			ksplice_add_range(sw, q->new_addr, q->new_size,
					  p->func->name);
			sw->below[i] = q;
			ret = ksplice_copy_jump(s, p, q);
			if (ret)
				return ret;
		}
	}
	ksplice_ranges_sort(sw->ranges, sw->nr_ranges);
	return 0;
}

#ifdef CONFIG_KPROBES
/* The first address in [@start, @end) with a kprobe, or 0. */
static unsigned long ksplice_kprobe_at(unsigned long start, unsigned long end)
{
	unsigned long a;

	for (a = start; a < end; a++) {
		if (get_kprobe((void *)a))
			return a;
	}
	return 0;
}
#endif

/* kprobes on the bytes about to change: they would be overwritten. */
static bool ksplice_kprobes_in(struct ksplice_switch *sw)
{
#ifdef CONFIG_KPROBES
	struct ksplice_state *s = sw->s;
	struct ksplice_conflict *c;
	struct ksplice_patch *p;
	unsigned long a, end;
	bool found = false;
	unsigned int i;

	for (i = 0; i < s->nr_patches; i++) {
		p = &s->patches[i];
		/*
		 * On reverse, the body of the function was dead code with a
		 * jump in the middle of its first instruction(s): a probe
		 * anywhere after the jump may sit between the original
		 * instructions, and would break them once they run again.
		 */
		end = sw->reverse ? p->addr + p->size : p->site + p->len;
		a = ksplice_kprobe_at(p->site, end);
		/* The second jump, into the earlier update's code. */
		if (!a && p->copy_len)
			a = ksplice_kprobe_at(p->copy_site,
					      p->copy_site + p->copy_len);
		if (!a)
			continue;
		s->nr_conflicts_seen++;
		found = true;
		if (s->nr_conflicts >= KSPLICE_MAX_CONFLICTS)
			continue;
		c = &s->conflicts[s->nr_conflicts++];
		strscpy(c->comm, "kprobe", sizeof(c->comm));
		c->pid = -1;
		c->func = p->func->name;
		c->addr = a;
	}
	return found;
#else
	return false;
#endif
}

static void ksplice_write_all(struct ksplice_state *s, bool jumps)
{
	struct ksplice_patch *p;
	unsigned int i;

	for (i = s->nr_patches; i-- > 0;) {
		p = &s->patches[i];
		if (p->len)
			ksplice_arch_write_jump(p->site,
						jumps ? p->jump : p->saved,
						p->len);
		if (p->copy_len)
			ksplice_arch_write_jump(p->copy_site,
						jumps ? p->copy_jump :
						p->copy_saved, p->copy_len);
	}
}

/*
 * Are the bytes at each jump site what the core expects before it
 * writes: on apply the original code, or the jump of the update below;
 * on undo its own jump?
 */
static bool ksplice_sites_as_left(struct ksplice_switch *sw)
{
	struct ksplice_state *s = sw->s;
	struct ksplice_patch *p;
	const u8 *want;
	unsigned int i;

	for (i = 0; i < s->nr_patches; i++) {
		p = &s->patches[i];
		want = sw->reverse ? p->jump :
		       sw->below[i] ? sw->below[i]->jump : NULL;
		if (!want)
			continue;
		if ((!sw->reverse && sw->below[i]->len != p->len) ||
		    memcmp((void *)p->site, want, p->len) ||
		    (sw->reverse && p->copy_len &&
		     memcmp((void *)p->copy_site, p->copy_jump, p->copy_len))) {
			sw->why = p->func->name;
			return false;
		}
	}
	return true;
}

/* The switch itself, with the machine stopped: apply or reverse. */
static int ksplice_switch_stopped(struct ksplice_switch *sw)
{
	struct ksplice_state *s = sw->s;
	enum ksplice_hook_kind kind = sw->reverse ? KSPLICE_HOOK_REVERSE :
						    KSPLICE_HOOK_APPLY;
	struct ksplice_patch *p;
	unsigned int i;
	int ret;

	if (ksplice_check_tasks(s, sw->ranges, sw->nr_ranges, sw->initiator,
				sw->stack_bound))
		return -EAGAIN;
	if (ksplice_kprobes_in(sw))
		return -EAGAIN;
	if (!ksplice_sites_as_left(sw))
		return -EIO;

	if (!sw->reverse) {
		for (i = 0; i < s->nr_patches; i++) {
			p = &s->patches[i];
			memcpy(p->saved, (void *)p->site, p->len);
			if (p->copy_len)
				memcpy(p->copy_saved, (void *)p->copy_site,
				       p->copy_len);
		}
	}
	ksplice_write_all(s, !sw->reverse);
	ksplice_redirect_arm(s, !sw->reverse);
	ret = ksplice_run_hooks(s, kind, true, &sw->failed_hook);
	if (ret) {
		ksplice_redirect_arm(s, sw->reverse);
		ksplice_write_all(s, sw->reverse);
		sw->hook_ret = ret;
		return -ECANCELED;
	}
	return 0;
}

/*
 * Runs on every online CPU.  The first to arrive does the work while the
 * others wait, interrupts off; then each serialises its instruction
 * stream so that it sees the new bytes.
 */
static int ksplice_stop_fn(void *data)
{
	struct ksplice_switch *sw = data;
	u64 t0;

	if (atomic_inc_return(&sw->cpus) == 1) {
		t0 = ktime_get_ns();
		sw->status = ksplice_switch_stopped(sw);
		sw->pause_ns = ktime_get_ns() - t0;
		sw->ran = true;
		/* Pairs with the acquire below: the writes are done. */
		smp_store_release(&sw->done, 1);
	} else {
		/* Pairs with the release above. */
		while (!smp_load_acquire(&sw->done))
			cpu_relax();
	}
	ksplice_arch_sync_cpu();
	return 0;
}

static void ksplice_busy_detail(struct ksplice_state *s, char *buf,
				size_t size)
{
	struct ksplice_conflict *c;
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < s->nr_conflicts; i++) {
		c = &s->conflicts[i];
		if (c->pid < 0)
			len += scnprintf(buf + len, size - len,
					 "%skprobe at %pS", i ? ", " : "",
					 (void *)c->addr);
		else
			len += scnprintf(buf + len, size - len,
					 "%s%s (pid %d) in %s", i ? ", " : "",
					 c->comm, c->pid, c->func);
	}
	if (s->nr_conflicts_seen > s->nr_conflicts)
		scnprintf(buf + len, size - len, " and %u more",
			  s->nr_conflicts_seen - s->nr_conflicts);
}

/* Stop the machine and switch, retrying while something is in the way. */
static int ksplice_switch(struct ksplice_state *s, bool reverse,
			  unsigned long stack_bound)
{
	struct ksplice_switch sw = {
		.s = s,
		.reverse = reverse,
		.initiator = current,
		.stack_bound = stack_bound,
	};
	unsigned int tries = max(ksplice_max_tries, 1U);
	unsigned int delay = ksplice_retry_delay_ms;
	unsigned int try;
	char *buf;
	int ret;

	ret = ksplice_prepare_switch(&sw);
	if (!ret && !reverse)
		ret = ksplice_redirect_prepare(s, sw.below);
	if (ret)
		goto out;

	for (try = 1;; try++) {
		atomic_set(&sw.cpus, 0);
		sw.done = 0;
		sw.ran = false;
		sw.status = 0;
		s->nr_conflicts = 0;
		s->nr_conflicts_seen = 0;

		/*
		 * register_kprobe() copies the instruction it probes under
		 * text_mutex, releases it, and arms the probe later: a jump
		 * written in between would be covered by a probe that runs
		 * the copied original.  Holding kprobes off closes that
		 * window; every probe is then either armed (and seen by
		 * ksplice_kprobes_in()) or not begun.
		 */
		kprobes_hold();
		cpus_read_lock();
		mutex_lock(&text_mutex);
		ret = stop_machine_cpuslocked(ksplice_stop_fn, &sw,
					      cpu_online_mask);
		mutex_unlock(&text_mutex);
		cpus_read_unlock();
		kprobes_release();

		if (!sw.ran) {
			ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
				     "stop_machine() failed: %d", ret);
			ret = ret ?: -EIO;
			goto out;
		}
		s->pause_ns = sw.pause_ns;
		ret = sw.status;
		if (ret != -EAGAIN || try >= tries)
			break;
		msleep(delay);
		delay = min(delay * 2, 1000U);
	}

	switch (ret) {
	case 0:
		break;
	case -EAGAIN:
		buf = kmalloc(KSPLICE_DETAIL_LEN, GFP_KERNEL);
		if (buf)
			ksplice_busy_detail(s, buf, KSPLICE_DETAIL_LEN);
		ksplice_fail(s, KSPLICE_CAUSE_CODE_BUSY, "%s (%u tries)",
			     buf ? buf : "", try);
		kfree(buf);
		ret = -EBUSY;
		break;
	case -EIO:
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "the bytes at %s are not what the core wrote there",
			     sw.why);
		break;
	default:
		ksplice_fail(s, KSPLICE_CAUSE_CALL_FAILED,
			     "%s hook %ps returned %d",
			     reverse ? "reverse" : "apply",
			     sw.failed_hook ? sw.failed_hook->fn : NULL,
			     sw.hook_ret);
		break;
	}
out:
	/* Not applied, or no longer: the ftrace_ops can go. */
	if (reverse ? !ret : ret)
		ksplice_redirect_release(s);
	kfree(sw.ranges);
	kfree(sw.below);
	return ret;
}

static void ksplice_report(struct ksplice_state *s, const char *what)
{
	pr_err("%s: %s: %s%s%s\n", s->update->name, what,
	       ksplice_cause_name(s->cause), s->detail[0] ? ": " : "",
	       s->detail);
}

/**
 * ksplice_state_apply() - apply an update (see the top of this file)
 * @s: a registered update that is not applied
 * @stack_bound: where the calling task entered the core
 *
 * On success the core holds a reference on the update module, so that it
 * cannot be unloaded while applied.
 *
 * Context: ksplice_mutex held; may sleep.
 * Return: 0, or a negative errno with the cause recorded in @s and
 * logged as "ksplice: NAME: aborted: CAUSE: details".
 */
int ksplice_state_apply(struct ksplice_state *s, unsigned long stack_bound)
{
	struct module *mod = s->update->mod;
	int ret;

	if (s->stage == KSPLICE_STAGE_APPLIED)
		return 0;
	s->cause = KSPLICE_CAUSE_NONE;
	s->detail[0] = '\0';

	if (mod && !try_module_get(mod)) {
		ksplice_fail(s, KSPLICE_CAUSE_MODULE_BUSY,
			     "module %s is going away", mod->name);
		goto out;
	}
	ret = ksplice_relocate(s);
	if (ret)
		goto out_put;
	if (ksplice_call(s, KSPLICE_HOOK_PRE_APPLY) ||
	    ksplice_call(s, KSPLICE_HOOK_CHECK_APPLY) ||
	    ksplice_switch(s, false, stack_bound)) {
		ksplice_run_hooks(s, KSPLICE_HOOK_FAIL_APPLY, false, NULL);
		goto out_put;
	}

	s->stage = KSPLICE_STAGE_APPLIED;
	s->seq = ++ksplice_seq;
	s->mod_ref = mod != NULL;
	ksplice_run_hooks(s, KSPLICE_HOOK_POST_APPLY, false, NULL);
	pr_info("%s: applied: %u function%s, machine stopped for %llu ns\n",
		s->update->name, s->nr_patches, s->nr_patches == 1 ? "" : "s",
		s->pause_ns);
	return 0;

out_put:
	if (mod)
		module_put(mod);
out:
	ksplice_report(s, "aborted");
	return -ksplice_cause_errno(s->cause);
}

/**
 * ksplice_state_reverse() - reverse an applied update
 * @s: a registered update
 * @stack_bound: where the calling task entered the core
 *
 * Refused if a later update replaces one of the same functions (undo is
 * last in, first out).  On success the reference on the update module is
 * dropped.
 *
 * Context: ksplice_mutex held; may sleep.
 * Return: 0, or a negative errno with the cause recorded in @s and
 * logged as "ksplice: NAME: reverse aborted: CAUSE: details".
 */
int ksplice_state_reverse(struct ksplice_state *s, unsigned long stack_bound)
{
	struct ksplice_state *blocker;
	const char *func = NULL;

	if (s->stage != KSPLICE_STAGE_APPLIED)
		return 0;
	s->cause = KSPLICE_CAUSE_NONE;
	s->detail[0] = '\0';

	blocker = ksplice_blocker(s, &func);
	if (blocker) {
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_ORDER,
			     "undo %s first: it was applied later and also replaces %s",
			     blocker->update->name, func);
		goto out;
	}
	if (ksplice_call(s, KSPLICE_HOOK_PRE_REVERSE) ||
	    ksplice_call(s, KSPLICE_HOOK_CHECK_REVERSE) ||
	    ksplice_switch(s, true, stack_bound)) {
		ksplice_run_hooks(s, KSPLICE_HOOK_FAIL_REVERSE, false, NULL);
		goto out;
	}

	s->stage = KSPLICE_STAGE_REVERSED;
	ksplice_run_hooks(s, KSPLICE_HOOK_POST_REVERSE, false, NULL);
	if (s->mod_ref)
		module_put(s->update->mod);
	s->mod_ref = false;
	pr_info("%s: reversed, machine stopped for %llu ns\n",
		s->update->name, s->pause_ns);
	return 0;

out:
	ksplice_report(s, "reverse aborted");
	return -ksplice_cause_errno(s->cause);
}
