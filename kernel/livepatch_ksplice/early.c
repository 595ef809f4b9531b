// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: the keys of the new code's static branches and static
 * calls, written when the update module comes in.
 *
 * The new code of an update may test a static key (or make a static
 * call) that vmlinux does not export.  Its __jump_table and
 * .static_call_sites entries then name a symbol the module loader cannot
 * resolve, and the loader's own notifiers read them at
 * MODULE_STATE_COMING (jump_label_module_notify, priority 1; the
 * static-call one, priority 0), well before the update's init could
 * write the relocation.  So the generator leaves these key fields to a
 * separate table, ksplice_early_relocs, and this notifier, which runs
 * first, resolves and writes them.  The jump-label code then finds a
 * real key and patches the new code to follow it, for as long as the
 * module is loaded, like for any module that uses an exported key.
 *
 * Static calls have a second way in.  A call of the new code to a
 * trampoline the loader resolves (an exported __SCT__ symbol) gets its
 * .static_call_sites entry from objtool, run on the update module, with
 * the trampoline standing in for the key it cannot see; the static-call
 * notifier then only accepts trampolines exported on their own
 * (EXPORT_STATIC_CALL_TRAMP) and refuses the module.  For an update,
 * whose code is the kernel's own, this notifier puts the key
 * (__SCK__NAME for the trampoline __SCT__NAME) in such entries first.
 *
 * Only kallsyms can resolve names this early (run-pre matching has not
 * run): a name with more than one address is refused, failed_to_find,
 * and the module does not load.  ksplice_relocate() checks later that
 * run-pre matching, where it resolved the same names, agrees.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/static_call_types.h>
#include <linux/string.h>

#include "ksplice_internal.h"

#define KSPLICE_MOD_PREFIX	"ksplice_"

static int ksplice_early_one(struct module *mod, const struct ksplice_reloc *r)
{
	const char *name = mod->name + strlen(KSPLICE_MOD_PREFIX);
	const char *obj = r->objname ? r->objname : "vmlinux";
	unsigned long addr;
	unsigned int count;
	int ret;

	if (!r->name || !r->site) {
		pr_err("%s: aborted: unexpected: an early relocation without a symbol or a site\n",
		       name);
		return -EINVAL;
	}
	if (r->objname && strcmp(r->objname, "vmlinux")) {
		bool loaded;

		preempt_disable();
		loaded = find_module(r->objname) != NULL;
		preempt_enable();
		if (!loaded) {
			pr_err("%s: aborted: target_not_loaded: module %s is not loaded (it has the key %s)\n",
			       name, r->objname, r->name);
			return -ENODEV;
		}
	}
	ret = ksplice_lookup(r->name, r->objname, &addr, &count);
	if (ret == -ENOENT) {
		pr_err("%s: aborted: failed_to_find: %s not found in %s (key of a static branch or call)\n",
		       name, r->name, obj);
		return ret;
	}
	if (ret) {
		pr_err("%s: aborted: failed_to_find: %s is ambiguous in %s (key of a static branch or call; more than one address)\n",
		       name, r->name, obj);
		return -ENOENT;
	}
	ret = ksplice_reloc_write(mod, r, addr);
	if (ret) {
		pr_err("%s: aborted: unexpected: early relocation at %pS to %s%+ld cannot be written (%d)\n",
		       name, r->site, r->name, r->addend, ret);
		return ret;
	}
	return 0;
}

#ifdef CONFIG_HAVE_STATIC_CALL_INLINE
/* Where the call of a .static_call_sites entry is, for messages. */
static void *ksplice_call_site(const struct static_call_site *site)
{
	return (void *)((long)site->addr + (long)&site->addr);
}

/* A .static_call_sites entry that names a trampoline: give it its key. */
static int ksplice_static_call_key(struct module *mod,
				   struct static_call_site *site)
{
	const char *name = mod->name + strlen(KSPLICE_MOD_PREFIX);
	unsigned long raw = (long)site->key + (long)&site->key;
	unsigned long flags = raw & STATIC_CALL_SITE_FLAGS;
	unsigned long tramp = raw & ~STATIC_CALL_SITE_FLAGS;
	char sym[KSYM_NAME_LEN];
	unsigned long size, off, key;
	unsigned int count;
	char *modname;
	long rel;

	if (!kernel_text_address(tramp))
		return 0;		/* a key already */
	if (!kallsyms_lookup(tramp, &size, &off, &modname, sym) || off ||
	    strncmp(sym, STATIC_CALL_TRAMP_PREFIX_STR,
		    STATIC_CALL_TRAMP_PREFIX_LEN)) {
		pr_err("%s: aborted: unexpected: static call at %pS to %pS, not a trampoline\n",
		       name, ksplice_call_site(site), (void *)tramp);
		return -EINVAL;
	}
	/* __SCT__NAME -> __SCK__NAME: the prefixes have the same length. */
	BUILD_BUG_ON(STATIC_CALL_KEY_PREFIX_LEN != STATIC_CALL_TRAMP_PREFIX_LEN);
	memcpy(sym, STATIC_CALL_KEY_PREFIX_STR, STATIC_CALL_KEY_PREFIX_LEN);
	if (ksplice_lookup(sym, modname, &key, &count)) {
		pr_err("%s: aborted: failed_to_find: %s %s in %s (key of the static call at %pS)\n",
		       name, sym, count ? "is ambiguous" : "not found",
		       modname ? modname : "vmlinux", ksplice_call_site(site));
		return -ENOENT;
	}
	rel = (long)(key | flags) - (long)&site->key;
	if (rel != (s32)rel ||
	    !within_module_mem_type((unsigned long)&site->key, mod, MOD_DATA)) {
		pr_err("%s: aborted: unexpected: the static call site at %pS cannot take %s\n",
		       name, ksplice_call_site(site), sym);
		return -EINVAL;
	}
	WRITE_ONCE(site->key, (s32)rel);
	return 0;
}

static int ksplice_static_call_keys(struct module *mod)
{
	int i, ret;

	for (i = 0; i < mod->num_static_call_sites; i++) {
		ret = ksplice_static_call_key(mod, &mod->static_call_sites[i]);
		if (ret)
			return ret;
	}
	return 0;
}
#else
static int ksplice_static_call_keys(struct module *mod)
{
	return 0;
}
#endif

/**
 * ksplice_early_relocate() - write an update module's early relocations
 * @mod: the module, coming in (not yet initialised)
 *
 * Context: process context, from the module notifier; may sleep.
 * Return: 0, or a negative errno (the module must not load).
 */
int ksplice_early_relocate(struct module *mod)
{
	const struct ksplice_reloc *relocs;
	const unsigned int *nr;
	unsigned int i;
	int ret;

	if (strncmp(mod->name, KSPLICE_MOD_PREFIX, strlen(KSPLICE_MOD_PREFIX)))
		return 0;
	relocs = (const void *)find_kallsyms_symbol_value(mod,
							  "ksplice_early_relocs");
	nr = (const void *)find_kallsyms_symbol_value(mod,
						      "ksplice_nr_early_relocs");
	if (!relocs || !nr)
		return 0;	/* not made by make ksplice */
	/* The count is input too: the table must end inside the module. */
	if (!within_module((unsigned long)nr, mod) ||
	    !within_module((unsigned long)(nr + 1) - 1, mod) ||
	    (*nr && (!within_module((unsigned long)relocs, mod) ||
		     (unsigned long)(relocs + *nr) < (unsigned long)relocs ||
		     *nr > INT_MAX / sizeof(*relocs) ||
		     !within_module((unsigned long)(relocs + *nr) - 1, mod)))) {
		pr_err("%s: aborted: unexpected: bad tables: ksplice_nr_early_relocs (%u) runs past the module\n",
		       mod->name + strlen(KSPLICE_MOD_PREFIX), *nr);
		return -EINVAL;
	}
	for (i = 0; i < *nr; i++) {
		ret = ksplice_early_one(mod, &relocs[i]);
		if (ret)
			return ret;
	}
	return ksplice_static_call_keys(mod);
}

static int ksplice_module_notify(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	if (action != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	return notifier_from_errno(ksplice_early_relocate(data));
}

/* Before jump_label_module_nb (1) and the static-call notifier (0). */
static struct notifier_block ksplice_module_nb = {
	.notifier_call = ksplice_module_notify,
	.priority = 2,
};

/**
 * ksplice_early_init() - start watching for update modules
 *
 * Return: 0 or a negative errno.
 */
int ksplice_early_init(void)
{
	return register_module_notifier(&ksplice_module_nb);
}
