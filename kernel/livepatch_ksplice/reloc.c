// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: writing the update's references to the running kernel.
 *
 * The module loader cannot resolve them (the targets are static or not
 * exported), so the generator leaves them to the core as struct
 * ksplice_reloc records.  By the time the update's init runs, its text
 * and read-only data are read-only: those sites are written through the
 * architecture's text-writing hook, the others directly.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/string.h>

#include "ksplice_internal.h"

static const enum mod_mem_type ksplice_ro_types[] = {
	MOD_TEXT, MOD_RODATA, MOD_INIT_TEXT, MOD_INIT_RODATA,
};

/*
 * Write @len bytes at @site, which must lie in the update module (or,
 * for updates without a module, in writable kernel memory).
 */
static int ksplice_write_site(struct ksplice_state *s, void *site,
			      const u8 *buf, int len)
{
	struct module *mod = s->update->mod;
	unsigned long a = (unsigned long)site;
	unsigned int i;

	if (!mod) {
		if (core_kernel_text(a) || is_kernel_rodata(a))
			return -EPERM;
		memcpy(site, buf, len);
		return 0;
	}
	if (!within_module(a, mod) || !within_module(a + len - 1, mod))
		return -EPERM;
	for (i = 0; i < ARRAY_SIZE(ksplice_ro_types); i++) {
		if (within_module_mem_type(a, mod, ksplice_ro_types[i]))
			return ksplice_arch_write_ro(site, buf, len);
	}
	memcpy(site, buf, len);
	return 0;
}

static int ksplice_relocate_one(struct ksplice_state *s,
				const struct ksplice_reloc *r)
{
	const char *obj = r->objname ? r->objname : "vmlinux";
	unsigned long addr;
	unsigned int count;
	u8 buf[16];
	int ret, len;

	if (!r->name || !r->site) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "a relocation without a symbol or a site");
		return -EINVAL;
	}
	ret = ksplice_get_target(s, r->objname);
	if (ret)
		return ret;
	/*
	 * A name that run-pre matching resolved (from the running code) is
	 * taken from there: kallsyms may have several addresses for it.
	 */
	if (ksplice_match_sym(&s->match, r->name, r->objname, &addr))
		ret = 0;
	else
		ret = ksplice_lookup(r->name, r->objname, &addr, &count);
	if (ret == -ENOENT) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s not found in %s", r->name, obj);
		return ret;
	}
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s is ambiguous in %s (more than one address)",
			     r->name, obj);
		return ret;
	}

	len = ksplice_arch_reloc(r->type, (unsigned long)r->site,
				 addr + r->addend, buf);
	if (len == -ERANGE) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation type %u at %pS to %s%+ld overflows",
			     r->type, r->site, r->name, r->addend);
		return len;
	}
	if (len < 0 || len > sizeof(buf)) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation type %u at %pS is not supported",
			     r->type, r->site);
		return len < 0 ? len : -EINVAL;
	}
	ret = ksplice_write_site(s, r->site, buf, len);
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation site %pS (for %s) is outside the update or cannot be written",
			     r->site, r->name);
		return ret;
	}
	return 0;
}

/**
 * ksplice_relocate() - write every relocation of an update, once
 * @s: the update
 *
 * Context: ksplice_mutex held; may sleep.
 * Return: 0, or a negative errno with the cause recorded in @s.
 */
int ksplice_relocate(struct ksplice_state *s)
{
	const struct ksplice_update *u = s->update;
	unsigned int i;
	int ret;

	if (s->relocated)
		return 0;
	if (u->nr_relocs && !u->relocs) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED, "no relocation table");
		return -EINVAL;
	}
	for (i = 0; i < u->nr_relocs; i++) {
		ret = ksplice_relocate_one(s, &u->relocs[i]);
		if (ret)
			return ret;
	}
	s->relocated = true;
	return 0;
}
