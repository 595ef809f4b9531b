// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: the stack check, run with the machine stopped.
 *
 * A function may be switched only when no task is inside it: no task's
 * saved instruction pointer, and no word anywhere on the live part of its
 * kernel stack, points into it.  Like the original Ksplice this is
 * conservative: it does not unwind, so a stale word that happens to
 * point into the function counts too (the switch is then retried, and in
 * the end refused), but a return address can never be missed, whatever
 * the unwinder or the compiler did.
 *
 * Which stacks: every thread (for_each_process_thread) plus each CPU's
 * idle task, from the stack pointer it was switched out at to the top of
 * its stack (vmapped or not: the task's own stack pages, referenced
 * while they are read).  The machine is stopped, so every task but the
 * stopper threads is switched out.  The stoppers run the check, or wait
 * for it in stop_machine() with interrupts off: their stacks hold only
 * the stopper loop and this code, which never runs replaced code once
 * the jumps are written.  They are skipped, because the words this code
 * uses (the very addresses checked) would make every check fail.  The
 * task that asked for the switch (insmod, or a writer of "stage") is
 * switched out in stop_machine() too; its stack is checked above the
 * frame where it entered the core, for the same reason.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "ksplice_internal.h"

static int ksplice_range_cmp(const void *a, const void *b)
{
	const struct ksplice_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/**
 * ksplice_ranges_sort() - sort ranges for ksplice_range_find()
 * @r: the ranges
 * @nr: how many
 */
void ksplice_ranges_sort(struct ksplice_range *r, unsigned int nr)
{
	unsigned long max_end = 0;
	unsigned int i;

	sort(r, nr, sizeof(*r), ksplice_range_cmp, NULL);
	for (i = 0; i < nr; i++) {
		max_end = max(max_end, r[i].end);
		r[i].max_end = max_end;
	}
}

/**
 * ksplice_range_find() - which range holds an address
 * @r: ranges sorted by ksplice_ranges_sort() (they may overlap)
 * @nr: how many
 * @val: the address
 *
 * Return: the index of a range with start <= @val < end, or -1.
 */
int ksplice_range_find(const struct ksplice_range *r, unsigned int nr,
		       unsigned long val)
{
	unsigned int lo = 0, hi = nr, i;

	if (!nr || val < r[0].start)
		return -1;
	/* The last range starting at or before @val... */
	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r[mid].start <= val)
			lo = mid;
		else
			hi = mid;
	}
	/* ...or one before it that reaches further. */
	for (i = lo + 1; i-- > 0 && r[i].max_end > val;) {
		if (val < r[i].end)
			return i;
	}
	return -1;
}

/**
 * ksplice_scan_words() - look for a word pointing into the ranges
 * @lo: first word to look at
 * @hi: end of the words (exclusive)
 * @r: ranges sorted by start
 * @nr: how many
 * @which: set to the index of the range hit
 *
 * Return: the index of the first word (from @lo) that points into a
 * range, or -1 if none does.
 */
long ksplice_scan_words(const unsigned long *lo, const unsigned long *hi,
			const struct ksplice_range *r, unsigned int nr,
			int *which)
{
	unsigned long min, max, val;
	const unsigned long *w;
	int hit;

	if (!nr)
		return -1;
	min = r[0].start;
	max = r[nr - 1].max_end;
	for (w = lo; w < hi; w++) {
		val = READ_ONCE_NOCHECK(*w);
		if (val < min || val >= max)
			continue;
		hit = ksplice_range_find(r, nr, val);
		if (hit >= 0) {
			*which = hit;
			return w - lo;
		}
	}
	return -1;
}

static void ksplice_record(struct ksplice_state *s, struct task_struct *t,
			   const struct ksplice_range *r, unsigned long val)
{
	struct ksplice_conflict *c;

	s->nr_conflicts_seen++;
	if (s->nr_conflicts >= KSPLICE_MAX_CONFLICTS)
		return;
	c = &s->conflicts[s->nr_conflicts++];
	strscpy_pad(c->comm, t->comm, sizeof(c->comm));
	c->pid = task_pid_nr(t);
	c->func = r->name;
	c->addr = val;
}

/* Check one switched-out task; true if it is inside a range. */
static bool ksplice_check_task(struct ksplice_state *s, struct task_struct *t,
			       const struct ksplice_range *r, unsigned int nr,
			       unsigned long bound)
{
	const unsigned long *base, *top, *lo;
	unsigned long sp, ip;
	long word;
	int which;

	base = try_get_task_stack(t);
	if (!base)
		return false;		/* dead: its stack is gone */
	top = (const unsigned long *)((const char *)base + THREAD_SIZE);

	ip = ksplice_arch_task_ip(t);
	which = ksplice_range_find(r, nr, ip);
	if (ip && which >= 0) {
		ksplice_record(s, t, &r[which], ip);
		put_task_stack(t);
		return true;
	}

	sp = bound ? bound : ksplice_arch_task_sp(t);
	lo = (const unsigned long *)ALIGN(sp, sizeof(long));
	if (lo < base || lo >= top)
		lo = base;		/* a stack pointer off its stack: all of it */
	word = ksplice_scan_words(lo, top, r, nr, &which);
	if (word >= 0)
		ksplice_record(s, t, &r[which], READ_ONCE_NOCHECK(lo[word]));
	put_task_stack(t);
	return word >= 0;
}

/**
 * ksplice_check_tasks() - is any task inside the given ranges?
 * @s: the update; conflicts found are recorded in it
 * @r: ranges sorted by start
 * @nr: how many
 * @initiator: the task that asked for the switch
 * @stack_bound: where @initiator entered the core (its stack is checked
 *		 from there up)
 *
 * Context: inside stop_machine(), on the CPU doing the switch.
 * Return: the number of tasks found inside.
 */
unsigned int ksplice_check_tasks(struct ksplice_state *s,
				 const struct ksplice_range *r,
				 unsigned int nr,
				 struct task_struct *initiator,
				 unsigned long stack_bound)
{
	struct task_struct *g, *t;
	unsigned int found = 0;
	int cpu;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (t == current || task_curr(t))
			continue;	/* a stopper thread */
		found += ksplice_check_task(s, t, r, nr,
					    t == initiator ? stack_bound : 0);
	}
	for_each_online_cpu(cpu) {
		t = idle_task(cpu);
		if (t != current && !task_curr(t))
			found += ksplice_check_task(s, t, r, nr, 0);
	}
	rcu_read_unlock();
	return found;
}
