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
 * Only kallsyms can resolve names this early (run-pre matching has not
 * run): a name with more than one address is refused, failed_to_find,
 * and the module does not load.  ksplice_relocate() checks later that
 * run-pre matching, where it resolved the same names, agrees.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/notifier.h>
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
		return 0;	/* not made by make ksplice, or none */
	for (i = 0; i < *nr; i++) {
		ret = ksplice_early_one(mod, &relocs[i]);
		if (ret)
			return ret;
	}
	return 0;
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
