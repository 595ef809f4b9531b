// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: finding the running functions an update replaces, and
 * the modules it patches or refers to.
 *
 * A function that comes with its pre code is found by run-pre matching
 * (match.c), which also tells apart static functions of the same name.
 * Without pre code (hand-made updates), names are resolved through
 * kallsyms alone, and a name that kallsyms gives more than one address
 * for is refused: failed_to_find.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <asm/sections.h>

#include "ksplice_internal.h"

struct ksplice_each {
	const char *name;
	int (*fn)(void *data, unsigned long addr);
	void *data;
};

static int ksplice_each_module(void *data, const char *name,
			       unsigned long addr)
{
	struct ksplice_each *e = data;

	if (strcmp(name, e->name))
		return 0;
	return e->fn(e->data, addr);
}

/**
 * ksplice_kallsyms_each() - call @fn for every address kallsyms has for @name
 * @name: the symbol
 * @objname: NULL or "vmlinux" for the kernel image, else a module name
 * @fn: called with @data and each address (aliases may repeat); a
 *	non-zero return stops the walk
 * @data: for @fn
 *
 * Context: may sleep (module symbols are walked under module_mutex).
 */
void ksplice_kallsyms_each(const char *name, const char *objname,
			   int (*fn)(void *data, unsigned long addr),
			   void *data)
{
	struct ksplice_each e = { .name = name, .fn = fn, .data = data };

	if (ksplice_is_vmlinux(objname))
		kallsyms_on_each_match_symbol(fn, name, data);
	else
		module_kallsyms_on_each_symbol(objname, ksplice_each_module,
					       &e);
}

struct ksplice_search {
	unsigned long addr;
	unsigned int count;		/* distinct addresses seen, at most 2 */
};

static int ksplice_search_add(void *data, unsigned long addr)
{
	struct ksplice_search *ss = data;

	if (ss->count && ss->addr == addr)
		return 0;		/* an alias of the one we have */
	if (!ss->count)
		ss->addr = addr;
	ss->count++;
	return ss->count > 1;		/* ambiguous: stop looking */
}

/**
 * ksplice_lookup() - find a symbol of the running kernel
 * @name: the symbol, as kallsyms names it
 * @objname: NULL or "vmlinux" for the kernel image, else a module name
 * @addr: set to its address when there is exactly one
 * @count: set to the number of distinct addresses found (0, 1 or 2,
 *	   2 meaning "more than one")
 *
 * Return: 0 if the name has exactly one address, -ENOENT if none,
 * -E2BIG if more than one.
 */
int ksplice_lookup(const char *name, const char *objname,
		   unsigned long *addr, unsigned int *count)
{
	struct ksplice_search ss = { };

	ksplice_kallsyms_each(name, objname, ksplice_search_add, &ss);
	*count = ss.count;
	if (!ss.count)
		return -ENOENT;
	if (ss.count > 1)
		return -E2BIG;
	*addr = ss.addr;
	return 0;
}

/**
 * ksplice_get_target() - reference a module the update depends on
 * @s: the update
 * @objname: the module's name (NULL or "vmlinux": nothing to do)
 *
 * The reference is held for as long as the update is registered, so
 * that a patched module, or one the new code refers to, stays loaded.
 *
 * Return: 0, or a negative errno with the cause recorded in @s
 * (target_not_loaded, module_busy, out_of_memory).
 */
int ksplice_get_target(struct ksplice_state *s, const char *objname)
{
	struct module *mod, **targets;
	unsigned int i;
	bool live;

	if (ksplice_is_vmlinux(objname))
		return 0;

	preempt_disable();
	mod = find_module(objname);
	for (i = 0; mod && i < s->nr_targets; i++) {
		if (s->targets[i] == mod) {
			preempt_enable();
			return 0;
		}
	}
	live = mod && mod->state == MODULE_STATE_LIVE && try_module_get(mod);
	preempt_enable();
	if (!mod) {
		ksplice_fail(s, KSPLICE_CAUSE_TARGET_NOT_LOADED,
			     "module %s is not loaded", objname);
		return -ENODEV;
	}
	if (!live) {
		ksplice_fail(s, KSPLICE_CAUSE_MODULE_BUSY,
			     "module %s is coming or going", objname);
		return -EBUSY;
	}
	targets = krealloc_array(s->targets, s->nr_targets + 1,
				 sizeof(*targets), GFP_KERNEL);
	if (!targets) {
		module_put(mod);
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY, "target list");
		return -ENOMEM;
	}
	targets[s->nr_targets++] = mod;
	s->targets = targets;
	return 0;
}

/**
 * ksplice_put_targets() - drop the references ksplice_get_target() took
 * @s: the update
 */
void ksplice_put_targets(struct ksplice_state *s)
{
	while (s->nr_targets)
		module_put(s->targets[--s->nr_targets]);
	kfree(s->targets);
	s->targets = NULL;
}

/**
 * ksplice_text_ok() - is @addr the text of a function we may write a jump into?
 * @objname: NULL or "vmlinux" for the kernel image, else a module name
 * @addr: the address
 *
 * Return: whether @addr is live (not init) text of @objname.
 */
bool ksplice_text_ok(const char *objname, unsigned long addr)
{
	struct module *mod;
	bool ok;

	if (ksplice_is_vmlinux(objname))
		return core_kernel_text(addr) && !is_kernel_inittext(addr);
	preempt_disable();
	mod = __module_address(addr);
	ok = mod && !strcmp(mod->name, objname) &&
	     within_module_mem_type(addr, mod, MOD_TEXT);
	preempt_enable();
	return ok;
}

/*
 * Is @addr in the update's own text, where code may run for as long as the
 * update is loaded (not its init text, which goes after init)?
 */
static bool ksplice_own_text(struct ksplice_state *s, unsigned long addr)
{
	struct module *mod = s->update->mod;

	if (!mod)
		return core_kernel_text(addr) && !is_kernel_inittext(addr);
	return within_module_mem_type(addr, mod, MOD_TEXT);
}

/*
 * Functions the switch itself runs, or that the stopped machine may run
 * while the jumps are written: replacing them would change the code
 * doing the replacing.  make ksplice refuses them too, with the
 * functions that are always busy (scripts/ksplice/gen/select.c).
 */
static const char * const ksplice_own_chain[] = {
	"stop_machine", "stop_machine_cpuslocked", "multi_cpu_stop",
	"cpu_stopper_thread", "stop_machine_yield", "ack_state",
	"set_state", "text_poke", "text_poke_copy", "text_poke_copy_locked",
	"__text_poke", "text_poke_memcpy", "text_poke_memset",
	"__patch_text_real", "__patch_text", "patch_text", "patch_map",
	"patch_unmap", "ksplice_stop_fn", "ksplice_switch_stopped",
	"ksplice_check_tasks", "ksplice_arch_write_jump",
	"ksplice_arch_sync_cpu", "ksplice_write_all",
};

static bool ksplice_in_text(unsigned long addr, const char *start,
			    const char *end)
{
	return addr >= (unsigned long)start && addr < (unsigned long)end;
}

/*
 * Code that must never be replaced: why, or NULL.  noinstr and entry
 * code run where nothing may be traced or patched (and before the
 * kernel's own state is set up); what kprobes refuse to probe
 * (NOKPROBE_SYMBOL: the exception, NMI and debug paths) may run while
 * the machine is stopped, in an NMI, under the very writes; and the
 * core's own call chain would change under it.
 */
static const char *ksplice_refused(const struct ksplice_func *f,
				   unsigned long addr)
{
	unsigned int i;

	if (ksplice_is_vmlinux(f->objname)) {
		for (i = 0; i < ARRAY_SIZE(ksplice_own_chain); i++) {
			if (!strcmp(f->name, ksplice_own_chain[i]))
				return "the switch itself runs it (stop_machine, text poking)";
		}
	}
	if (ksplice_in_text(addr, __noinstr_text_start, __noinstr_text_end))
		return "it is noinstr code";
	if (ksplice_in_text(addr, __entry_text_start, __entry_text_end) ||
	    ksplice_in_text(addr, __irqentry_text_start,
			    __irqentry_text_end) ||
	    ksplice_in_text(addr, __softirqentry_text_start,
			    __softirqentry_text_end))
		return "it is entry code";
	if (IS_ENABLED(CONFIG_KPROBES) && within_kprobe_blacklist(addr))
		return "it is NOKPROBE_SYMBOL (an exception, NMI or entry path)";
	return NULL;
}

/*
 * A function that an ftrace user redirects already (upstream livepatch,
 * a BPF trampoline: FTRACE_OPS_FL_IPMODIFY) does not run its own body:
 * a jump written there would be reported applied while the other
 * redirection keeps running (x86), or would take over from it (ARM).
 */
static int ksplice_redirected(struct ksplice_state *s,
			      const struct ksplice_func *f, unsigned long addr)
{
	char owner[KSYM_SYMBOL_LEN];
	unsigned long ip = ftrace_location(addr);
	struct ksplice_patch *top;

	if (!ip || !ftrace_ipmodify_owner(ip, owner, sizeof(owner)))
		return 0;
	/*
	 * An applied update's own redirection (redirect.c): this one
	 * stacks on it, as every update stacked there does (switch.c).
	 */
	top = ksplice_top(s, addr, NULL);
	if (top && top->redirect)
		return 0;
	ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
		     "%s in %s is redirected by another ftrace user (FTRACE_OPS_FL_IPMODIFY: %s%s)",
		     f->name, f->objname ? f->objname : "vmlinux", owner,
		     strstarts(owner, "klp_") ? ", livepatch" : "");
	return -EBUSY;
}

static int ksplice_resolve_func(struct ksplice_state *s,
				struct ksplice_patch *p, bool last)
{
	const struct ksplice_func *f = p->func;
	const char *obj = f->objname ? f->objname : "vmlinux";
	char cold[KSYM_NAME_LEN];
	unsigned long off, addr;
	unsigned int count;
	bool match_only = f->flags & KSPLICE_FUNC_MATCH_ONLY;
	const char *why = NULL;
	int ret;

	if (!f->name || (!f->new_func && !match_only)) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "a function without a name or new code");
		return -EINVAL;
	}
	ret = ksplice_get_target(s, f->objname);
	if (ret)
		return ret;

	if (f->pre_code) {
		/* Run-pre matching picks the candidate (match.c). */
		ret = ksplice_match_func(s, p, last);
		if (ret)
			return ret;
	} else {
		ret = ksplice_lookup(f->name, f->objname, &p->addr, &count);
	}
	if (ret == -ENOENT) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s not found in %s", f->name, obj);
		return ret;
	}
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s is ambiguous in %s (more than one address)",
			     f->name, obj);
		return ret;
	}
	if (!kallsyms_lookup_size_offset(p->addr, &p->size, &off) || off) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s in %s has no size", f->name, obj);
		return -ENOENT;
	}
	if (!ksplice_text_ok(f->objname, p->addr)) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s in %s is not in live kernel text", f->name,
			     obj);
		return -EINVAL;
	}
	/* Matched for the names its code resolved: nothing is written. */
	if (match_only)
		return 0;
	why = ksplice_refused(f, p->addr);
	if (why) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s in %s cannot be replaced safely: %s", f->name,
			     obj, why);
		return -EPERM;
	}
	ret = ksplice_redirected(s, f, p->addr);
	if (ret)
		return ret;

	/*
	 * The compiler may have split off a cold part, which jumps back into
	 * the middle of the function: a task in it counts as inside.
	 */
	if (snprintf(cold, sizeof(cold), "%s.cold", f->name) < sizeof(cold) &&
	    !ksplice_lookup(cold, f->objname, &addr, &count) &&
	    kallsyms_lookup_size_offset(addr, &p->cold_size, &off) && !off)
		p->cold_addr = addr;

	p->new_addr = (unsigned long)f->new_func;
	if (!ksplice_own_text(s, p->new_addr)) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "the new code of %s (%pS) is not in the update's text",
			     f->name, f->new_func);
		return -EINVAL;
	}
	if (!kallsyms_lookup_size_offset(p->new_addr, &p->new_size, &off) ||
	    off) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "the new code of %s (%pS) is not a symbol",
			     f->name, f->new_func);
		return -EINVAL;
	}

	ret = ksplice_arch_jump_site(p->addr, p->size, &p->site, &why);
	/* Other code patching owns the bytes: replace it through ftrace. */
	if (ret == -EBUSY && ksplice_redirect_site(p->addr, &p->site)) {
		pr_info("%s: %s is replaced through its ftrace site: %s\n",
			s->update->name, f->name, why);
		p->redirect = true;
		p->len = 0;
		return 0;
	}
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s cannot take a jump: %s", f->name,
			     why ? why : "no jump code for this architecture");
		return ret;
	}
	ret = ksplice_arch_encode_jump(p->site, p->new_addr, p->jump);
	if (ret < 0 || ret > KSPLICE_MAX_JUMP) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "no jump from %s to its new code (%d)", f->name,
			     ret);
		return ret < 0 ? ret : -EINVAL;
	}
	p->len = ret;
	return 0;
}

/**
 * ksplice_resolve() - find every function an update replaces
 * @s: the update, with no patches yet
 *
 * Fills in @s->patches: the running function, its cold part, the new
 * function, where the jump goes and the jump itself; for a function
 * matched only, the running function.  Checks that the new code and the
 * hooks are in the update's own (not init) text.
 *
 * Context: ksplice_mutex held; may sleep.
 * Return: 0, or a negative errno with the cause recorded in @s.
 */
int ksplice_resolve(struct ksplice_state *s)
{
	const struct ksplice_update *u = s->update;
	unsigned int i, j, k;
	int ret;

	for (k = 0; k < KSPLICE_NR_HOOK_KINDS; k++) {
		for (i = 0; u->hooks[k] && i < u->nr_hooks[k]; i++) {
			if (u->hooks[k][i].fn &&
			    !ksplice_own_text(s, (unsigned long)u->hooks[k][i].fn)) {
				ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
					     "hook %ps is not in the update's text",
					     u->hooks[k][i].fn);
				return -EINVAL;
			}
		}
	}
	if (!u->nr_funcs)
		return 0;
	if (!u->funcs) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED, "no function table");
		return -EINVAL;
	}
	s->patches = kcalloc(u->nr_funcs, sizeof(*s->patches), GFP_KERNEL);
	if (!s->patches) {
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY, "%u functions",
			     u->nr_funcs);
		return -ENOMEM;
	}
	/* The replaced functions first: the switch takes those only. */
	for (i = 0; i < u->nr_funcs; i++) {
		if (!(u->funcs[i].flags & KSPLICE_FUNC_MATCH_ONLY))
			s->patches[s->nr_patches++].func = &u->funcs[i];
	}
	for (i = 0; i < u->nr_funcs; i++) {
		if (u->funcs[i].flags & KSPLICE_FUNC_MATCH_ONLY)
			s->patches[s->nr_patches +
				   s->nr_match_only++].func = &u->funcs[i];
	}
	/*
	 * A function whose code several candidates have is resolved last,
	 * with what the others resolved (ksplice_match_func()).
	 */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < u->nr_funcs; i++) {
			if (s->patches[i].addr)
				continue;
			ret = ksplice_resolve_func(s, &s->patches[i], k);
			if (ret == -EAGAIN)
				continue;
			if (ret)
				return ret;
		}
	}
	for (i = 0; i < s->nr_patches; i++) {
		for (j = 0; j < i; j++) {
			if (s->patches[j].addr == s->patches[i].addr) {
				ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
					     "%s is replaced twice",
					     s->patches[i].func->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}
