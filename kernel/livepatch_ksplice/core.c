// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: the registry of updates loaded into this kernel.
 *
 * An update module's init calls ksplice_register(), which applies the
 * update before it returns; its exit calls ksplice_unregister().  One
 * mutex serialises everything the core does, so two updates loaded at
 * once are applied one after the other, never interleaved.
 *
 * Updates normally come in modules, but the core works the same with
 * update->mod == NULL (the KUnit tests do that): there is then no module
 * to hold while the update is applied.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <kunit/visibility.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ksplice_internal.h"

DEFINE_MUTEX(ksplice_mutex);
LIST_HEAD(ksplice_updates);

unsigned int ksplice_max_tries = 5;
module_param_named(max_tries, ksplice_max_tries, uint, 0644);
MODULE_PARM_DESC(max_tries,
		 "times to try the switch before aborting with code_busy");

unsigned int ksplice_retry_delay_ms = 10;
module_param_named(retry_delay_ms, ksplice_retry_delay_ms, uint, 0644);
MODULE_PARM_DESC(retry_delay_ms,
		 "wait before the second try, doubled at each further one");

/* The cause of the last failed apply or reverse, for the KUnit tests. */
VISIBLE_IF_KUNIT enum ksplice_cause ksplice_last_cause;
VISIBLE_IF_KUNIT char ksplice_last_detail[KSPLICE_DETAIL_LEN];

static const struct {
	const char *name;
	int err;
} ksplice_causes[KSPLICE_NR_CAUSES] = {
	[KSPLICE_CAUSE_NONE]		  = { "none", 0 },
	[KSPLICE_CAUSE_NO_MATCH]	  = { "no_match", ENOEXEC },
	[KSPLICE_CAUSE_CODE_BUSY]	  = { "code_busy", EBUSY },
	[KSPLICE_CAUSE_TARGET_NOT_LOADED] = { "target_not_loaded", ENODEV },
	[KSPLICE_CAUSE_FAILED_TO_FIND]	  = { "failed_to_find", ENOENT },
	[KSPLICE_CAUSE_OUT_OF_MEMORY]	  = { "out_of_memory", ENOMEM },
	[KSPLICE_CAUSE_CALL_FAILED]	  = { "call_failed", ECANCELED },
	[KSPLICE_CAUSE_MODULE_BUSY]	  = { "module_busy", EBUSY },
	[KSPLICE_CAUSE_UNEXPECTED]	  = { "unexpected", EINVAL },
	[KSPLICE_CAUSE_OUT_OF_ORDER]	  = { "out_of_order", EBUSY },
};

/**
 * ksplice_cause_name() - the one word for an abort cause
 * @cause: the cause
 *
 * Return: "none", "no_match", "code_busy", ...
 */
const char *ksplice_cause_name(enum ksplice_cause cause)
{
	if (cause >= KSPLICE_NR_CAUSES)
		cause = KSPLICE_CAUSE_UNEXPECTED;
	return ksplice_causes[cause].name;
}

/**
 * ksplice_cause_errno() - the errno an abort cause makes insmod fail with
 * @cause: the cause
 *
 * Return: a positive errno (EBUSY for code_busy, ...), 0 for none.
 */
int ksplice_cause_errno(enum ksplice_cause cause)
{
	if (cause >= KSPLICE_NR_CAUSES)
		cause = KSPLICE_CAUSE_UNEXPECTED;
	return ksplice_causes[cause].err;
}

/**
 * ksplice_fail() - record why an operation fails
 * @s: the update
 * @cause: the cause
 * @fmt: details, printf style
 *
 * The first failure of an operation is the one recorded.
 */
void ksplice_fail(struct ksplice_state *s, enum ksplice_cause cause,
		  const char *fmt, ...)
{
	va_list args;

	if (s->cause != KSPLICE_CAUSE_NONE)
		return;
	s->cause = cause;
	ksplice_last_cause = cause;
	va_start(args, fmt);
	vscnprintf(s->detail, sizeof(s->detail), fmt, args);
	va_end(args);
	strscpy(ksplice_last_detail, s->detail, sizeof(ksplice_last_detail));
}

/**
 * ksplice_name_valid() - check an update name
 * @name: the name, without the "ksplice_" module prefix
 *
 * Update names become module names (ksplice_NAME) and sysfs directory
 * names, so they are limited to what both accept: 1 to KSPLICE_NAME_MAX
 * characters from [A-Za-z0-9_].
 *
 * Return: true if @name may name an update.
 */
bool ksplice_name_valid(const char *name)
{
	size_t len = strnlen(name, KSPLICE_NAME_MAX + 1);
	size_t i;

	if (len == 0 || len > KSPLICE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!(c == '_' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(ksplice_name_valid);

static struct ksplice_state *ksplice_find(const char *name)
{
	struct ksplice_state *s;

	list_for_each_entry(s, &ksplice_updates, list) {
		if (!strcmp(s->update->name, name))
			return s;
	}
	return NULL;
}

/**
 * ksplice_state_of() - the core's record of a registered update
 * @update: the update
 *
 * Context: ksplice_mutex held, or the caller knows @update stays
 * registered (KUnit).
 * Return: the record, or NULL if @update is not registered.
 */
struct ksplice_state *ksplice_state_of(const struct ksplice_update *update)
{
	struct ksplice_state *s;

	list_for_each_entry(s, &ksplice_updates, list) {
		if (s->update == update)
			return s;
	}
	return NULL;
}

/* Longest pre code, site, and pre data the core accepts in a table. */
#define KSPLICE_MAX_PRE_SIZE	SZ_1M
#define KSPLICE_MAX_SITE_LEN	64
#define KSPLICE_MAX_PRE_DATA	4096

/*
 * Is [@p, @p + @len) inside the update module (@mod NULL: no module, so
 * no bound to check)?
 */
static bool ksplice_in_update(const struct module *mod, const void *p,
			      size_t len)
{
	unsigned long a = (unsigned long)p;

	if (!mod || !len)
		return true;
	return a + len > a && within_module(a, (struct module *)mod) &&
	       within_module(a + len - 1, (struct module *)mod);
}

/* An alternative's replacement, where the tables give one. */
static const char *ksplice_check_alt(const struct ksplice_update *u,
				     const struct ksplice_site *site)
{
	const struct ksplice_reloc *r;
	unsigned int i;

	if (!(site->alt_flags & KSPLICE_ALT_REPL))
		return NULL;
	if (site->repl_len > site->len ||
	    (site->repl_len && !site->repl) ||
	    !ksplice_in_update(u->mod, site->repl, site->repl_len))
		return "an alternative's replacement out of bounds";
	if ((site->nr_repl_relocs && !site->repl_relocs) ||
	    !ksplice_in_update(u->mod, site->repl_relocs,
			       site->nr_repl_relocs * sizeof(*r)))
		return "an alternative's relocations out of bounds";
	for (i = 0; i < site->nr_repl_relocs; i++) {
		r = &site->repl_relocs[i];
		if ((unsigned long)r->site >= site->repl_len ||
		    (r->pre_data_len &&
		     (!r->pre_data || r->pre_data_len > KSPLICE_MAX_PRE_DATA ||
		      !ksplice_in_update(u->mod, r->pre_data,
					 r->pre_data_len))))
			return "an alternative's relocation out of bounds";
	}
	return NULL;
}

/* One replaced function's tables, before anything reads them. */
static const char *ksplice_check_func(const struct ksplice_update *u,
				      const struct ksplice_func *f)
{
	const struct ksplice_reloc *r;
	const struct ksplice_site *site;
	const char *why;
	unsigned int i;

	if (!f->name || !ksplice_in_update(u->mod, f->name, 1))
		return "a function without a name";
	if ((f->flags & KSPLICE_FUNC_MATCH_ONLY) &&
	    (f->new_func || !f->pre_code))
		return "a function matched only, with new code or without pre code";
	if (!f->pre_code)
		return f->nr_pre_relocs || f->nr_pre_sites ?
		       "relocations or sites without pre code" : NULL;
	if (!f->pre_size || f->pre_size > KSPLICE_MAX_PRE_SIZE ||
	    !ksplice_in_update(u->mod, f->pre_code, f->pre_size))
		return "pre_code/pre_size out of bounds";
	if ((f->nr_pre_relocs && !f->pre_relocs) ||
	    !ksplice_in_update(u->mod, f->pre_relocs,
			       f->nr_pre_relocs * sizeof(*f->pre_relocs)))
		return "pre_relocs out of bounds";
	for (i = 0; i < f->nr_pre_relocs; i++) {
		r = &f->pre_relocs[i];
		if ((unsigned long)r->site >= f->pre_size)
			return "a pre relocation site past the pre code";
		if (r->pre_data_len &&
		    (!r->pre_data || r->pre_data_len > KSPLICE_MAX_PRE_DATA ||
		     !ksplice_in_update(u->mod, r->pre_data, r->pre_data_len)))
			return "pre_data out of bounds";
	}
	if ((f->nr_pre_sites && !f->pre_sites) ||
	    !ksplice_in_update(u->mod, f->pre_sites,
			       f->nr_pre_sites * sizeof(*f->pre_sites)))
		return "pre_sites out of bounds";
	for (i = 0; i < f->nr_pre_sites; i++) {
		site = &f->pre_sites[i];
		if (site->offset >= f->pre_size ||
		    site->len > KSPLICE_MAX_SITE_LEN ||
		    site->offset + site->len > f->pre_size)
			return "a pre site out of the pre code or too long";
		if (i && site->offset < f->pre_sites[i - 1].offset)
			return "pre_sites not sorted by offset";
		why = ksplice_check_alt(u, site);
		if (why)
			return why;
	}
	return NULL;
}

/**
 * ksplice_check_update() - check an update's tables as input
 * @u: the update
 *
 * What the update module hands over is checked before anything is looked
 * up: names, bounds of every table, order of the sites.  A bad table is
 * logged as "ksplice: NAME: aborted: unexpected: bad tables: ...".
 *
 * Return: 0 or -EINVAL.
 */
int ksplice_check_update(const struct ksplice_update *u)
{
	const char *mod_name, *why = NULL;
	size_t n = strlen("ksplice_");
	unsigned int i, fn = 0;

	if (!u->name || !ksplice_name_valid(u->name)) {
		pr_err("%.*s: aborted: unexpected: invalid update name\n",
		       KSPLICE_NAME_MAX, u->name ? u->name : "(null)");
		return -EINVAL;
	}
	if (u->mod) {
		mod_name = u->mod->name;
		if (strncmp(mod_name, "ksplice_", n) ||
		    strcmp(mod_name + n, u->name)) {
			pr_err("%s: aborted: unexpected: module %s should be ksplice_%s\n",
			       u->name, mod_name, u->name);
			return -EINVAL;
		}
	}

	if ((u->nr_funcs && !u->funcs) ||
	    !ksplice_in_update(u->mod, u->funcs,
			       u->nr_funcs * sizeof(*u->funcs)))
		why = "the function table is out of bounds";
	else if ((u->nr_relocs && !u->relocs) ||
		 !ksplice_in_update(u->mod, u->relocs,
				    u->nr_relocs * sizeof(*u->relocs)))
		why = "the relocation table is out of bounds";
	else if ((u->nr_early_relocs && !u->early_relocs) ||
		 !ksplice_in_update(u->mod, u->early_relocs,
				    u->nr_early_relocs *
				    sizeof(*u->early_relocs)))
		why = "the early relocation table is out of bounds";
	for (i = 0; !why && i < KSPLICE_NR_HOOK_KINDS; i++) {
		if ((u->nr_hooks[i] && !u->hooks[i]) ||
		    !ksplice_in_update(u->mod, u->hooks[i],
				       u->nr_hooks[i] * sizeof(*u->hooks[i])))
			why = "a hook table is out of bounds";
	}
	for (i = 0; !why && i < u->nr_funcs; i++) {
		fn = i + 1;
		why = ksplice_check_func(u, &u->funcs[i]);
	}
	if (why && fn) {
		pr_err("%s: aborted: unexpected: bad tables: %s (function %u)\n",
		       u->name, why, fn - 1);
		return -EINVAL;
	}
	if (why) {
		pr_err("%s: aborted: unexpected: bad tables: %s\n", u->name, why);
		return -EINVAL;
	}
	return 0;
}

/* Drop what an update holds; it must be off the registry and reversed. */
static void ksplice_release(struct ksplice_state *s)
{
	ksplice_put_targets(s);
	ksplice_sysfs_del(s);
	ksplice_state_put(s);
}

static noinline int ksplice_do_register(const struct ksplice_update *update,
					unsigned long stack_bound)
{
	struct ksplice_state *s;
	int ret;

	ret = ksplice_check_update(update);
	if (ret) {
		ksplice_last_cause = KSPLICE_CAUSE_UNEXPECTED;
		return ret;
	}
	s = ksplice_state_alloc(update);
	if (!s) {
		pr_err("%s: aborted: out_of_memory\n", update->name);
		ksplice_last_cause = KSPLICE_CAUSE_OUT_OF_MEMORY;
		return -ENOMEM;
	}

	mutex_lock(&ksplice_mutex);
	if (ksplice_find(update->name)) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "an update of that name is loaded");
		goto fail_report;
	}
	if (ksplice_resolve(s))
		goto fail_report;
	if (ksplice_sysfs_add(s))
		goto fail_report;
	list_add_tail(&s->list, &ksplice_updates);
	ret = ksplice_state_apply(s, stack_bound);
	if (ret) {
		list_del_init(&s->list);
		goto fail;
	}
	mutex_unlock(&ksplice_mutex);
	kobject_uevent(&s->kobj, KOBJ_ADD);
	return 0;

fail_report:
	pr_err("%s: aborted: %s%s%s\n", update->name,
	       ksplice_cause_name(s->cause), s->detail[0] ? ": " : "",
	       s->detail);
fail:
	ret = -ksplice_cause_errno(s->cause);
	s->gone = true;
	mutex_unlock(&ksplice_mutex);
	ksplice_release(s);
	return ret;
}

/**
 * ksplice_register() - apply an update, from the update module's init
 * @update: the update; it must stay valid until ksplice_unregister()
 *
 * Resolves every replaced function and every relocation, writes the
 * relocations into the update module, runs the hooks and switches to the
 * new code with the machine stopped, once no task is inside the code
 * being replaced.  The update is then listed in /sys/kernel/ksplice/ and
 * its module cannot be unloaded until the update is reversed.
 *
 * On failure nothing has changed, and the kernel log says
 * "ksplice: NAME: aborted: CAUSE: details".
 *
 * Context: process context, may sleep for a while (the switch is retried
 * while tasks are in the way).
 * Return: 0 if the update is applied, else a negative errno: -EBUSY for
 * code_busy and module_busy, -ENOENT for failed_to_find, -ENODEV for
 * target_not_loaded, -ENOEXEC for no_match, -ENOMEM for out_of_memory,
 * -ECANCELED for call_failed, -EINVAL for unexpected.
 */
int ksplice_register(const struct ksplice_update *update)
{
	if (!update)
		return -EINVAL;
	return ksplice_do_register(update, ksplice_stack_bound());
}
EXPORT_SYMBOL_GPL(ksplice_register);

static noinline void ksplice_do_unregister(const struct ksplice_update *update,
					   unsigned long stack_bound)
{
	struct ksplice_state *s;

	mutex_lock(&ksplice_mutex);
	s = ksplice_state_of(update);
	if (!s) {
		mutex_unlock(&ksplice_mutex);
		return;
	}
	if (s->stage == KSPLICE_STAGE_APPLIED &&
	    ksplice_state_reverse(s, stack_bound)) {
		/*
		 * Only a forced unload gets here with the update applied.
		 * The jumps stay, and lead into freed memory: say so loudly.
		 */
		pr_emerg("%s: unloaded while applied and cannot be reversed: the kernel is unstable\n",
			 update->name);
		WARN_ON_ONCE(1);
	}
	list_del_init(&s->list);
	s->gone = true;
	mutex_unlock(&ksplice_mutex);
	ksplice_release(s);
}

/**
 * ksplice_unregister() - forget an update, from the update module's exit
 * @update: the update given to ksplice_register()
 *
 * The update is reversed by then (the module could not be unloaded
 * otherwise); if it is not, for updates without a module, it is
 * reversed here.  Its directory in /sys/kernel/ksplice/ goes away.
 *
 * Context: process context, may sleep.
 */
void ksplice_unregister(const struct ksplice_update *update)
{
	if (update)
		ksplice_do_unregister(update, ksplice_stack_bound());
}
EXPORT_SYMBOL_GPL(ksplice_unregister);

/**
 * ksplice_set_stage() - apply or reverse a registered update
 * @s: the update, registered (sysfs holds it)
 * @want: KSPLICE_STAGE_APPLIED or KSPLICE_STAGE_REVERSED
 * @stack_bound: where the calling task entered the core
 *
 * Context: process context, may sleep; takes ksplice_mutex.
 * Return: 0 (also when the update is in that stage already) or a
 * negative errno; -ENODEV if the update is being unregistered.
 */
int ksplice_set_stage(struct ksplice_state *s, enum ksplice_stage want,
		      unsigned long stack_bound)
{
	int ret;

	mutex_lock(&ksplice_mutex);
	if (s->gone)
		ret = -ENODEV;
	else if (want == KSPLICE_STAGE_APPLIED)
		ret = ksplice_state_apply(s, stack_bound);
	else
		ret = ksplice_state_reverse(s, stack_bound);
	mutex_unlock(&ksplice_mutex);
	return ret;
}

/**
 * ksplice_change_stage() - apply or reverse a registered update
 * @update: the update
 * @want: KSPLICE_STAGE_APPLIED or KSPLICE_STAGE_REVERSED
 *
 * What writing "applied" or "reversed" to its stage file does.
 *
 * Context: process context, may sleep.
 * Return: as ksplice_set_stage(); -ENOENT if @update is not registered.
 */
int ksplice_change_stage(const struct ksplice_update *update,
			 enum ksplice_stage want)
{
	unsigned long bound = ksplice_stack_bound();
	struct ksplice_state *s;
	int ret = -ENOENT;

	mutex_lock(&ksplice_mutex);
	s = ksplice_state_of(update);
	if (s && want == KSPLICE_STAGE_APPLIED)
		ret = ksplice_state_apply(s, bound);
	else if (s)
		ret = ksplice_state_reverse(s, bound);
	mutex_unlock(&ksplice_mutex);
	return ret;
}

static int __init ksplice_init(void)
{
	int ret;

	ret = ksplice_sysfs_init();
	if (ret) {
		pr_err("cannot create /sys/kernel/ksplice: %d\n", ret);
		return ret;
	}
	ret = ksplice_early_init();
	if (ret) {
		pr_err("cannot watch for update modules: %d\n", ret);
		return ret;
	}
	pr_info("ready\n");
	return 0;
}
core_initcall(ksplice_init);
