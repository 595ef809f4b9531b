/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: special sections.
 *
 * Tables such as __bug_table, __jump_table or __mcount_loc are never
 * classified themselves.  They are cut into entries, and each entry is
 * attributed to the function its first code-pointing relocation points
 * into; a function whose entries changed has changed.
 */
#ifndef KSPLICE_DIFF_SPECIAL_H
#define KSPLICE_DIFF_SPECIAL_H

#include "../elf/kelf.h"

struct kd_entry {
	const char *name;	/* normalized section name */
	struct kd_sec *sec;
	GElf_Addr off;
	GElf_Addr size;
	struct kd_item *owner;
};

/* Set sec->special and sec->special_name (before kd_items_build). */
void kd_specials_mark(struct kd_elf *kelf);
/* Cut tables into entries and attribute them (after kd_items_build). */
void kd_specials_attribute(struct kd_elf *kelf);
/* Sections whose entries carry __LINE__ (the bug table). */
bool kd_special_has_lines(const char *name);
/* Size of the entries of a table section (0 if not known). */
GElf_Addr kd_special_entry_size(const struct kd_sec *sec);

#endif /* KSPLICE_DIFF_SPECIAL_H */
