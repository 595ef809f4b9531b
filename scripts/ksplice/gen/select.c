// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: what the update carries (changed and new functions,
 * new data, hooks), and the refusals of what it cannot carry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sel.h"
#include "../diff/types.h"

static size_t pm_hash(const void *k, size_t cap)
{
	uintptr_t v = (uintptr_t)k;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ULL;
	return (v >> 7) & (cap - 1);
}

void *kg_map_get(const struct ptrmap *m, const void *k)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = pm_hash(k, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return m->vals[i];
	return NULL;
}

void kg_map_put(struct ptrmap *m, const void *k, void *v)
{
	size_t i;

	if (2 * (m->nr + 1) > m->cap) {
		struct ptrmap n = { 0 };

		n.cap = m->cap ? 2 * m->cap : 64;
		n.keys = kd_calloc(n.cap, sizeof(*n.keys));
		n.vals = kd_calloc(n.cap, sizeof(*n.vals));
		for (i = 0; i < m->cap; i++)
			if (m->keys[i])
				kg_map_put(&n, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		*m = n;
	}
	for (i = pm_hash(k, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k) {
			m->vals[i] = v;
			return;
		}
	m->keys[i] = k;
	m->vals[i] = v;
	m->nr++;
}

/* ---- items ---- */

bool kg_is_cold_of(const struct kd_item *child,
		   const struct kd_item *parent)
{
	const char *c = child->sym->name, *p = parent->sym->name;
	size_t n = strlen(p);

	return child != parent && child->func &&
	       !strncmp(c, p, n) && kd_starts_with(c + n, ".cold");
}

struct kg_piece *kg_include_item(struct sel *s, const struct kd_item *item)
{
	struct kg_piece *p = kg_map_get(&s->item_piece, item);
	const struct kd_gap *gap;
	GElf_Addr start, end;
	size_t i;

	if (p)
		return p;
	if (item->whole) {
		start = 0;
		end = item->sec->size;
	} else {
		start = item->start;
		end = item->start + item->size;
		/* A function's padding goes with it (call thunks). */
		if (item->func) {
			GElf_Addr prev_end = 0;

			for (i = 0; i < item->sec->nr_items; i++) {
				const struct kd_item *o = item->sec->items[i];

				if (o->start < item->start &&
				    o->start + o->size > prev_end)
					prev_end = o->start + o->size;
			}
			if (prev_end <= start &&
			    start - prev_end <= KG_MAX_PADDING)
				start = prev_end;
		}
		if (kg_piece_covering(s, item->sec, start, end))
			kg_error("%s: %s overlaps another piece of %s",
				 s->label, item_name(item), item->sec->name);
		gap = kd_gap_in(item->sec, start, end);
		if (gap)
			kg_error("%s: %s: %s (%s+0x%llx): it cannot be moved into an update",
				 s->label, item_name(item), gap->why,
				 item->sec->name, (unsigned long long)gap->off);
	}
	p = kg_add_piece(s, item->sec, start, end, item->func ? item : NULL,
			 false);
	kg_map_put(&s->item_piece, item, p);
	kg_map_put(&s->wanted, item, (void *)item);
	s->carried++;

	/* foo.cold is part of foo. */
	if (item->func)
		for (i = 0; i < s->post->nr_items; i++)
			if (kg_is_cold_of(s->post->items[i], item))
				kg_include_item(s, s->post->items[i]);
	return p;
}

bool kg_item_carried(const struct sel *s, const struct kd_item *item)
{
	return kg_map_get(&s->wanted, item) != NULL;
}

/* ---- what the update carries ---- */

/* New data that must not be carried, or refused. */
static bool skip_new_data(struct sel *s, const struct kd_item *item)
{
	const char *sec = item->sec->name;

	if (!strcmp(sec, ".export_symbol") ||
	    kd_starts_with(sec, "___ksymtab") ||
	    kd_starts_with(sec, "__ksymtab")) {
		kg_warn("%s: the update does not export new symbols (%s)",
			s->label, item_name(item));
		return true;
	}
	if (kd_starts_with(sec, ".ksplice_hook_"))
		return true;
	if (!strcmp(sec, "__param") || kd_starts_with(sec, "__tracepoint") ||
	    !strcmp(sec, "_ftrace_events") || kd_starts_with(sec, ".init") ||
	    kd_starts_with(sec, ".exit"))
		kg_error("%s: %s: new data in %s cannot be applied live",
			 s->label, item_name(item), sec);
	return false;
}

/* An item of @kelf with a relocation to @target (data only: !@code). */
static const struct kd_item *referrer(const struct kd_elf *kelf,
				      const struct kd_item *target, bool code)
{
	size_t i, j, n;

	for (i = 0; i < kelf->nr_items; i++) {
		const struct kd_item *it = kelf->items[i];
		struct kd_rela *r = kd_item_relas(it, &n);

		if (it == target || (!code && it->func))
			continue;
		for (j = 0; j < n; j++) {
			struct kd_target t;

			kd_resolve(kelf, it->sec, &r[j], &t);
			if (t.kind == KD_T_ITEM && t.item == target)
				return it;
		}
	}
	return NULL;
}

/*
 * Changed constant data that other data points at: the running kernel
 * reaches the old copy through that pointer (a structure it registered
 * keeps it), and a new copy would change nothing it reads.
 */
static void refuse_pointed_data(struct sel *s, const struct kd_item *b)
{
	const struct kd_item *via = referrer(s->post, b, false);

	if (via)
		kg_error("%s: %s: changed read-only data is reached through a pointer in %s, which the running kernel keeps using: the update cannot change what it reads; refused (convert it in a ksplice_apply hook instead)",
			 s->label, item_name(b), item_name(via));
}

/* Changed constant data that no carried code reaches changes nothing. */
static void check_unreached_data(struct sel *s)
{
	size_t i;

	for (i = 0; i < s->post->nr_items; i++) {
		const struct kd_item *b = s->post->items[i];

		if (!kg_map_get(&s->deferred, b) || kg_item_carried(s, b))
			continue;
		kg_error("%s: %s: changed read-only data that no code of the update uses: the running kernel would keep the old copy; refused",
			 s->label, item_name(b));
	}
}

/*
 * Code that runs where the kernel allows no instrumentation: entry code
 * before the kernel's state is set up, noinstr and idle code before RCU
 * watches.  A jump into module text there is not safe.
 */
static const char *const noinstr_sections[] = {
	".noinstr.text", ".entry.text", ".cpuidle.text", ".irqentry.text",
	".softirqentry.text",
};

static void refuse_noinstr(struct sel *s, const struct kd_item *b)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(noinstr_sections); i++)
		if (!strcmp(b->sec->name, noinstr_sections[i]))
			kg_error("%s: %s: noinstr or entry code (%s) cannot be replaced live: it runs where no instrumentation, tracing or jump to module code is allowed",
				 s->label, item_name(b), b->sec->name);
}

/* Whether a _kprobe_blacklist entry (NOKPROBE_SYMBOL) names @item. */
static bool blacklisted(const struct kd_item *item)
{
	size_t i;

	for (i = 0; item && i < item->nr_entries; i++)
		if (!strcmp(item->entries[i]->name, "_kprobe_blacklist"))
			return true;
	return item && !strcmp(item->sec->name, ".kprobes.text");
}

/*
 * The function of @kelf named @name up to @len characters: a clone
 * (foo.constprop.0) is what the kernel's kprobes check by its parent's
 * name.
 */
static const struct kd_item *func_named(const struct kd_elf *kelf,
					const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < kelf->nr_syms; i++) {
		const struct kd_sym *sym = &kelf->syms[i];

		if (sym->type == STT_FUNC && sym->item && sym->name &&
		    strlen(sym->name) == len && !strncmp(sym->name, name, len))
			return sym->item;
	}
	return NULL;
}

/*
 * What kprobes may not probe (NOKPROBE_SYMBOL, __kprobes: the exception,
 * NMI and debug paths) may run while the machine is stopped, under the
 * very writes of the switch; the kernel refuses to replace it at insmod
 * (lookup.c), and so do we, now.  Either side's mark counts.
 */
static void refuse_nokprobe(struct sel *s, const struct kd_item *b)
{
	const char *name = item_name(b);
	size_t len = strcspn(name, ".");

	if (blacklisted(b) || blacklisted(b->twin) ||
	    blacklisted(func_named(s->post, name, len)) ||
	    blacklisted(func_named(s->pre, name, len)))
		kg_error("%s: %s: the kernel does not let kprobes probe it (NOKPROBE_SYMBOL or __kprobes: an exception, NMI or debug path that may run during the switch), and cannot replace it live either",
			 s->label, name);
}

/*
 * Functions of vmlinux that are always on some task's stack, whatever
 * the kernel is doing: the stack check at insmod (stack.c) would find
 * them busy every time, and abort code_busy; and the switch's own
 * chain, which the kernel refuses to replace (lookup.c).  @object NULL:
 * any object of vmlinux (the core's, kernel/livepatch_ksplice/).
 */
static const struct unreplaceable {
	const char *object, *name, *why;
	bool busy;
} unreplaceable[] = {
#define BUSY(object, name, why) { object, name, why, true }
#define OWN(object, name) { object, name, "the switch itself runs it", false }
	BUSY("kernel/sched/core.o", "__schedule",
	     "every task not running was switched out inside it"),
	BUSY("kernel/sched/core.o", "schedule", "every sleeping task waits inside it"),
	BUSY("kernel/sched/core.o", "schedule_idle", "each CPU's idle task waits inside it"),
	BUSY("kernel/sched/build_policy.o", "do_idle", "each CPU's idle task runs inside it"),
	BUSY("kernel/sched/build_policy.o", "cpu_startup_entry",
	     "each CPU's idle task runs inside it"),
	BUSY("kernel/kthread.o", "kthread", "every kernel thread runs inside it"),
	BUSY("kernel/kthread.o", "kthreadd", "the kernel thread daemon never leaves it"),
	BUSY("kernel/workqueue.o", "worker_thread", "every idle workqueue worker waits inside it"),
	BUSY("kernel/workqueue.o", "rescuer_thread", "every workqueue rescuer waits inside it"),
	BUSY("kernel/smpboot.o", "smpboot_thread_fn",
	     "the per-CPU threads (ksoftirqd, cpuhp) wait inside it"),
	OWN("kernel/stop_machine.o", "stop_machine"),
	OWN("kernel/stop_machine.o", "stop_machine_cpuslocked"),
	OWN("kernel/stop_machine.o", "multi_cpu_stop"),
	OWN("kernel/stop_machine.o", "cpu_stopper_thread"),
	OWN("kernel/stop_machine.o", "stop_machine_yield"),
	OWN("kernel/stop_machine.o", "ack_state"),
	OWN("kernel/stop_machine.o", "set_state"),
	OWN("arch/x86/kernel/alternative.o", "text_poke"),
	OWN("arch/x86/kernel/alternative.o", "text_poke_copy"),
	OWN("arch/x86/kernel/alternative.o", "text_poke_copy_locked"),
	OWN("arch/x86/kernel/alternative.o", "__text_poke"),
	OWN("arch/x86/kernel/alternative.o", "text_poke_memcpy"),
	OWN("arch/x86/kernel/alternative.o", "text_poke_memset"),
	OWN("arch/arm/kernel/patch.o", "__patch_text_real"),
	OWN("arch/arm/kernel/patch.o", "__patch_text"),
	OWN("arch/arm/kernel/patch.o", "patch_text"),
	OWN("arch/arm/kernel/patch.o", "patch_map"),
	OWN("arch/arm/kernel/patch.o", "patch_unmap"),
	OWN(NULL, "ksplice_stop_fn"),
	OWN(NULL, "ksplice_switch_stopped"),
	OWN(NULL, "ksplice_check_tasks"),
	OWN(NULL, "ksplice_arch_write_jump"),
	OWN(NULL, "ksplice_arch_sync_cpu"),
	OWN(NULL, "ksplice_write_all"),
#undef BUSY
#undef OWN
};

static void refuse_unreplaceable(struct sel *s, const struct kd_item *b)
{
	const char *name = item_name(b);
	size_t len = strcspn(name, "."), i;

	if (s->objname)
		return;		/* a module's */
	for (i = 0; i < ARRAY_SIZE(unreplaceable); i++) {
		const struct unreplaceable *u = &unreplaceable[i];

		if (strlen(u->name) != len || strncmp(name, u->name, len) ||
		    (u->object && strcmp(s->label, u->object)))
			continue;
		if (u->busy)
			kg_error("%s: %s: cannot be replaced live: %s, so its code is always in use (insmod would abort code_busy)",
				 s->label, name, u->why);
		kg_error("%s: %s: cannot be replaced live: %s (stop_machine, text poking), and the kernel refuses to replace it",
			 s->label, name, u->why);
	}
}

static void choose_items(struct sel *s)
{
	size_t i;

	for (i = 0; i < s->post->nr_items; i++) {
		struct kd_item *b = s->post->items[i];

		switch (b->cls) {
		case KD_CHANGED:
		case KD_NEW:
			if (b->func && b->sym->type == STT_NOTYPE)
				kg_error("%s: %s: assembly code changed (%s, a symbol with no type, as SYM_CODE_START writes it): assembly cannot be updated live",
					 s->label, item_name(b), b->sec->name);
			if (b->func)
				refuse_noinstr(s, b);
			if (b->func && b->cls == KD_CHANGED) {
				refuse_nokprobe(s, b);
				refuse_unreplaceable(s, b);
			}
			kg_include_item(s, b);
			break;
		case KD_NEW_DATA:
			if (!skip_new_data(s, b))
				kg_include_item(s, b);
			break;
		case KD_CHANGED_DATA:
			if (!b->writable && b->sym->bind == STB_LOCAL &&
			    !s->obj->hooks) {
				refuse_pointed_data(s, b);
				/* Carried when the new code reaches it. */
				kg_map_put(&s->deferred, b, b);
			} else if (!b->writable &&
				   (b->sym->bind == STB_LOCAL || s->obj->hooks)) {
				/* The new code uses a new copy. */
				if (b->sym->bind != STB_LOCAL)
					kg_warn("%s: %s: other objects keep using the old copy of this constant data",
						s->label, item_name(b));
				kg_include_item(s, b);
			} else if (s->obj->hooks) {
				kg_warn("%s: %s: changed data keeps its running contents; the patch's hooks must update it",
					s->label, item_name(b));
			} else {
				kg_error("%s: %s: existing data changed (%s): the running kernel's copy would not change; refused (convert it in a ksplice_apply hook instead)",
					 s->label, item_name(b), b->sec->name);
			}
			break;
		case KD_INIT:
			kg_error("%s: %s: __init or __exit code or data changed (%s): it cannot be updated live",
				 s->label, item_name(b), b->sec->name);
		default:
			break;
		}
	}
}

int kg_hook_kind(const char *section)
{
	int k;

	if (!kd_starts_with(section, ".ksplice_hook_"))
		return -1;
	for (k = 0; k < KG_NR_HOOK_KINDS; k++)
		if (!strcmp(section + strlen(".ksplice_hook_"),
			    kg_hook_kinds[k]))
			return k;
	return -1;
}

bool kg_object_has_hooks(const struct kg_object *obj)
{
	size_t i;

	for (i = 0; i < obj->post->nr_secs; i++)
		if (kg_hook_kind(obj->post->secs[i].name) >= 0)
			return true;
	return false;
}

char *kg_fn_alias(struct sel *s, const struct kd_item *f)
{
	struct kg_piece *p = kg_map_get(&s->item_piece, f);
	struct kg_osym *a;
	char *what;
	size_t i;

	/* One alias per function entry. */
	for (i = 0; i < s->out.nr_syms; i++) {
		a = s->out.syms[i];
		if (a->bind == STB_GLOBAL && a->osec == p->osec &&
		    a->value == f->sym->value - p->start + p->out &&
		    kd_starts_with(a->name, "__ksplice_") &&
		    strstr(a->name, "_fn_"))
			return a->name;
	}
	what = kd_asprintf("fn_%s", f->sym->name);
	a = kg_new_alias(s, what, p->osec, f->sym->value - p->start + p->out);
	free(what);
	kg_annotate_noendbr(s, p->osec, a->value);
	return a->name;
}

static void collect_hooks(struct sel *s)
{
	size_t i, j;

	for (i = 0; i < s->post->nr_secs; i++) {
		struct kd_sec *sec = &s->post->secs[i];
		int kind = kg_hook_kind(sec->name);

		if (kind < 0) {
			if (kd_starts_with(sec->name, ".ksplice_hook_"))
				kg_error("%s: unknown hook section %s",
					 s->label, sec->name);
			continue;
		}
		for (j = 0; j < sec->nr_relas; j++) {
			struct kd_target t;
			struct hook h;

			kd_resolve(s->post, sec, &sec->relas[j], &t);
			if (t.kind != KD_T_ITEM || !t.item->func ||
			    sec->relas[j].sym->value + sec->relas[j].addend !=
			    t.item->sym->value)
				kg_error("%s: %s: a hook must point to a function of the same file",
					 s->label, sec->name);
			kg_include_item(s, t.item);
			h.kind = kind;
			h.func = t.item;
			KD_PUSH(s->hooks, s->nr_hooks, s->cap_hooks, h);
		}
	}
}

const char *kg_objname(const char *owner)
{
	return strcmp(owner, "vmlinux") ? owner : NULL;
}

/* The first changed function of the object, to name a type's user. */
static const char *changed_func(const struct kd_elf *post)
{
	size_t i;

	for (i = 0; i < post->nr_items; i++)
		if (post->items[i]->func && post->items[i]->cls == KD_CHANGED)
			return post->items[i]->sym->name;
	return NULL;
}

/* A type the new code of an object defines and its running code did not. */
struct unseen {
	const char *kind;
	char *name;
	bool settled;		/* a running layout was found, the same */
};

/*
 * Checks each unseen type against @other's running layout; returns
 * true, @lc filled, at the first that differs.
 */
static bool unseen_against(const struct kd_elf *other,
			   const struct kg_object *obj, struct unseen *u,
			   size_t nr, size_t *left,
			   struct kd_layout_change *lc)
{
	size_t i;
	int r;

	for (i = 0; i < nr; i++) {
		if (u[i].settled)
			continue;
		r = kd_types_compare_one(other, obj->post, u[i].kind,
					 u[i].name, lc);
		if (r > 0)
			return true;
		if (!r) {
			kg_info("%s: %s %s: new to its code, laid out as in %s",
				obj->label, u[i].kind, u[i].name, other->path);
			u[i].settled = true;
			(*left)--;
		}
	}
	return false;
}

/* Checks the unseen types against the running layouts of the object @path. */
static bool unseen_in(const char *path, const struct kg_object *obj,
		      struct unseen *u, size_t nr, size_t *left,
		      struct kd_layout_change *lc)
{
	struct kd_elf *other = kd_elf_open_sections(path);
	bool changed = unseen_against(other, obj, u, nr, left, lc);

	kd_elf_close_sections(other);
	return changed;
}

/*
 * A type the new code uses whose definition the running code of this
 * object never saw (it only declared the type, or did not use it at
 * all): its old layout is taken from, in turn, the object's pre source
 * compiled with all its types (--types: where the type is in a header
 * the running code included), the update's other pre objects, and the
 * objects the list --layout-refs names: every other object the patch
 * reaches (each includer of a changed header whose preprocessed source
 * changes), where the users of a changed structure are when their
 * code does not change.  A type none of those defines is new: no
 * running code compiled with the patched headers has instances of it.
 * Without that list, it cannot be checked, and that is a refusal.
 * Only where the patch changes a header: else the definition the new
 * code sees (a header's, newly included) is the one the running kernel
 * was compiled with.
 */
static bool unseen_layout_change(const struct kg_object *obj,
				 struct kd_layout_change *lc)
{
	struct unseen *u = NULL, one;
	size_t nr = 0, cap = 0, left, i;
	uint32_t from = 0;
	bool changed = false;
	char line[4096];
	FILE *f = NULL;

	if (!kg_headers_changed)
		return false;
	memset(&one, 0, sizeof(one));
	while (kd_types_unseen(obj->pre, obj->post, &from, &one.kind,
			       &one.name))
		KD_PUSH(u, nr, cap, one);
	left = nr;
	if (left && obj->types_path)
		changed = unseen_in(obj->types_path, obj, u, nr, &left, lc);
	for (i = 0; i < obj->nr_update && left && !changed; i++)
		if (&obj->update[i] != obj)
			changed = unseen_against(obj->update[i].pre, obj, u,
						 nr, &left, lc);
	if (left && !changed && kg_layout_refs) {
		f = fopen(kg_layout_refs, "r");
		if (!f)
			kg_error("%s: cannot be read", kg_layout_refs);
	}
	while (f && left && !changed && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		/* (Its own --types object, on the list too, was asked first.) */
		if (*line && !(obj->types_path &&
			       !strcmp(line, obj->types_path)))
			changed = unseen_in(line, obj, u, nr, &left, lc);
	}
	if (f)
		fclose(f);
	for (i = 0; i < nr && !changed; i++) {
		if (u[i].settled)
			continue;
		if (kg_layout_only)
			continue;	/* for the run with every object */
		if (!kg_layout_refs)
			kg_error("%s: %s %s: the new code uses its definition, which the running code of this object only declared or did not use, and no other object of the update defines it: its layout cannot be checked against the running kernel's; refused",
				 obj->label, u[i].kind, u[i].name);
		kg_info("%s: %s %s: new: no object the patch reaches defines it",
			obj->label, u[i].kind, u[i].name);
	}
	for (i = 0; i < nr; i++)
		free(u[i].name);
	free(u);
	return changed;
}

/*
 * A structure or union whose layout the patch changes: the running
 * kernel's instances keep the old one, whatever the new code expects.
 */
void kg_object_check_layout(const struct kg_object *obj)
{
	struct kd_layout_change lc;
	const char *user;
	char *field;

	if (!kd_types_compare(obj->pre, obj->post, &lc) &&
	    !unseen_layout_change(obj, &lc))
		return;
	user = lc.user ? lc.user : changed_func(obj->post);
	field = lc.field ? kd_asprintf("field %s %s", lc.field, lc.what) :
			   kd_strdup("its size changed");
	kg_error("%s: %s %s: layout changed (%s) and %s %s uses it: the running kernel's instances keep the old layout; refused (keep new state in shadow data instead: ksplice_shadow_* in include/linux/ksplice.h)",
		 obj->label, lc.kind, lc.name, field,
		 lc.user_is_var ? "variable" : "function", user ? user : "?");
}

size_t kg_object_generate(struct kg_object *obj, struct kg_tables *t)
{
	struct sel s;
	size_t i, reloc0 = t->nr_relocs, func0 = t->nr_funcs;

	memset(&s, 0, sizeof(s));
	s.obj = obj;
	s.pre = obj->pre;
	s.post = obj->post;
	s.t = t;
	s.out.post = obj->post;
	s.objname = kg_objname(obj->owner);
	s.label = obj->label;
	s.spec = kd_calloc(s.post->nr_secs, sizeof(*s.spec));
	s.omap = kd_calloc(s.post->nr_secs, sizeof(*s.omap));
	s.ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.ipieces));
	s.nr_ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.nr_ipieces));
	s.cap_ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.cap_ipieces));
	s.symcopy = kd_calloc(s.post->nr_syms, sizeof(*s.symcopy));
	for (i = 0; i < s.post->nr_secs; i++)
		kg_special_lookup(s.post, &s.post->secs[i], &s.spec[i]);

	kg_find_alt_orig(&s);
	choose_items(&s);
	collect_hooks(&s);
	kg_drain(&s);
	kg_copy_specials(&s);
	check_unreached_data(&s);
	kg_link_sections(&s);

	for (i = 0; i < s.nr_hooks; i++) {
		struct kg_thook h;

		h.kind = s.hooks[i].kind;
		h.alias = kd_strdup(kg_fn_alias(&s, s.hooks[i].func));
		h.func = kd_strdup(s.hooks[i].func->sym->name);
		kg_add_alias_use(t, h.alias);
		KD_PUSH(t->hooks, t->nr_hooks, t->cap_hooks, h);
	}
	kg_replaced_funcs(&s);
	kg_match_only_funcs(&s, reloc0, func0);
	/* Every new function's entry gets an alias too. */
	for (i = 0; i < s.post->nr_items; i++)
		if (s.post->items[i]->cls == KD_NEW &&
		    s.post->items[i]->func)
			kg_fn_alias(&s, s.post->items[i]);

	kg_write(&s.out, obj->out_path);
	return s.carried;
}

/* --sweep: every function of the pre object, no new code (pre.c). */
size_t kg_object_sweep(struct kg_object *obj, struct kg_tables *t,
			size_t *weak)
{
	struct sel s;

	memset(&s, 0, sizeof(s));
	s.obj = obj;
	s.pre = obj->pre;
	s.post = obj->post;
	s.t = t;
	s.objname = kg_objname(obj->owner);
	s.label = obj->label;
	return kg_sweep_funcs(&s, weak);
}
