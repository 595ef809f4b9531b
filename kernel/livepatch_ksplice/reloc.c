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
#include <linux/uaccess.h>

#include "ksplice_internal.h"

static const enum mod_mem_type ksplice_ro_types[] = {
	MOD_TEXT, MOD_RODATA, MOD_INIT_TEXT, MOD_INIT_RODATA,
};

/*
 * Write @len bytes at @site, which must lie in the update module @mod (or,
 * for updates without a module, in writable kernel memory).
 */
static int ksplice_write_site(struct module *mod, void *site, const u8 *buf,
			      int len)
{
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

/**
 * ksplice_reloc_write() - write one relocation into an update
 * @mod: the update module (NULL for updates without one)
 * @r: the relocation
 * @addr: the address of its target
 *
 * Return: 0; -ERANGE if the value does not fit the field, -EOPNOTSUPP
 * for a relocation type the architecture does not handle, -EPERM if the
 * site is outside the update.
 */
int ksplice_reloc_write(struct module *mod, const struct ksplice_reloc *r,
			unsigned long addr)
{
	u8 buf[16];
	int len;

	len = ksplice_arch_reloc(r->type, (unsigned long)r->site,
				 addr + r->addend, buf);
	if (len == -ERANGE)
		return len;
	if (len < 0 || len > sizeof(buf))
		return -EOPNOTSUPP;
	if (!len)
		return 0;
	return ksplice_write_site(mod, r->site, buf, len);
}

/**
 * ksplice_runtime_const_bytes() - the bytes of a runtime constant's immediate
 * @width: 8 for runtime_const_ptr(), 1 for runtime_const_shift_right_32()
 * @var: the address of the variable in vmlinux
 * @buf: set to the bytes, in the order the immediate holds them
 *
 * As the boot code does (runtime_const_init()): the pointer immediate
 * gets the whole unsigned long, the shift count the low byte of the u32.
 *
 * Return: @width, -EINVAL for another width, -EFAULT if the variable
 * cannot be read.
 */
int ksplice_runtime_const_bytes(u32 width, unsigned long var, u8 *buf)
{
	unsigned long ptr;
	u32 shift;

	switch (width) {
	case sizeof(unsigned long):
		if (copy_from_kernel_nofault(&ptr, (void *)var, sizeof(ptr)))
			return -EFAULT;
		memcpy(buf, &ptr, sizeof(ptr));
		return width;
	case 1:
		if (copy_from_kernel_nofault(&shift, (void *)var,
					     sizeof(shift)))
			return -EFAULT;
		buf[0] = (u8)shift;
		return width;
	}
	return -EINVAL;
}

/*
 * An immediate that the boot code filled in with a variable's value
 * (KSPLICE_RELOC_RUNTIME_CONST): the new code gets the current value,
 * which for these variables no longer changes after boot.
 */
static int ksplice_runtime_const(struct ksplice_state *s,
				 const struct ksplice_reloc *r,
				 unsigned long var)
{
	u8 buf[sizeof(unsigned long)];
	int len, ret;

	len = ksplice_runtime_const_bytes(r->type, var, buf);
	if (len == -EINVAL) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "runtime constant %s at %pS: width %u is not supported",
			     r->name, r->site, r->type);
		return len;
	}
	if (len < 0) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "runtime constant %s cannot be read", r->name);
		return len;
	}
	ret = ksplice_write_site(s->update->mod, r->site, buf, len);
	if (ret)
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation site %pS (for runtime constant %s) is outside the update or cannot be written",
			     r->site, r->name);
	return ret;
}

static int ksplice_relocate_one(struct ksplice_state *s,
				const struct ksplice_reloc *r)
{
	struct ksplice_symkey key = ksplice_key_of(r);
	const char *obj = r->objname ? r->objname : "vmlinux";
	unsigned long addr;
	unsigned int count;
	int ret;

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
	if (ksplice_match_sym(&s->match, &key, &addr))
		ret = 0;
	else
		ret = ksplice_lookup(r->name, r->objname, &addr, &count);
	/* Copies of one header function in several objects: which is ours? */
	if (ret == -E2BIG)
		ret = ksplice_match_sym_neighbour(s, r, &addr);
	if (ret == -ENOMEM) {
		ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY, "resolving %s",
			     r->name);
		return ret;
	}
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

	if (r->flags & KSPLICE_RELOC_RUNTIME_CONST)
		return ksplice_runtime_const(s, r, addr);
	ret = ksplice_reloc_write(s->update->mod, r, addr);
	if (ret == -ERANGE) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation type %u at %pS to %s%+ld overflows",
			     r->type, r->site, r->name, r->addend);
		return ret;
	}
	if (ret == -EOPNOTSUPP) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation type %u at %pS is not supported",
			     r->type, r->site);
		return ret;
	}
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "relocation site %pS (for %s) is outside the update or cannot be written",
			     r->site, r->name);
		return ret;
	}
	return 0;
}

/*
 * An early relocation (early.c) was written from kallsyms alone when the
 * module came in.  Hold the module it points into for as long as the
 * update is registered, and check that run-pre matching, if it resolved
 * the same name, found the same address.
 */
static int ksplice_check_early(struct ksplice_state *s,
			       const struct ksplice_reloc *r)
{
	struct ksplice_symkey key = ksplice_key_of(r);
	const char *obj = r->objname ? r->objname : "vmlinux";
	unsigned long addr, matched;
	unsigned int count;
	int ret;

	if (!r->name)
		return 0;
	ret = ksplice_get_target(s, r->objname);
	if (ret)
		return ret;
	if (!ksplice_match_sym(&s->match, &key, &matched))
		return 0;
	if (ksplice_lookup(r->name, r->objname, &addr, &count) ||
	    addr != matched) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s in %s: the key written at load is not the one run-pre matching found",
			     r->name, obj);
		return -ENOENT;
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
	for (i = 0; u->early_relocs && i < u->nr_early_relocs; i++) {
		ret = ksplice_check_early(s, &u->early_relocs[i]);
		if (ret)
			return ret;
	}
	s->relocated = true;
	return 0;
}
