// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: special sections.
 */
#include <stdlib.h>
#include <string.h>

#include "item.h"
#include "special.h"
#include "../elf/util.h"

bool kd_special_has_lines(const char *name)
{
	return !strcmp(name, "__bug_table");
}

void kd_specials_mark(struct kd_elf *kelf)
{
	size_t i;

	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];
		const struct ks_special *d;

		d = ks_special_find(kelf->arch, sec->name, KS_WANT_DIFF);
		if (d) {
			sec->special = d->diff == KS_DIFF_TABLE ?
				       KD_SPECIAL_TABLE :
				       d->diff == KS_DIFF_REF ?
				       KD_SPECIAL_REF : KD_SPECIAL_IGNORE;
			sec->special_name = d->report ? d->report : sec->name;
		}
		if (sec->special == KD_SPECIAL_NONE &&
		    (!kd_sec_alloc(sec) || sec->sh.sh_type == SHT_GROUP))
			sec->special = KD_SPECIAL_IGNORE;
	}
}

/* Relocations of one entry must look like those of the first one. */
static bool period_strict(const struct kd_sec *sec, GElf_Addr p)
{
	struct kd_rela *first, *r;
	size_t nf, nr, k, i;

	first = kd_relas_in(sec, 0, p, &nf);
	if (!nf)
		return false;
	for (k = 1; k < sec->size / p; k++) {
		r = kd_relas_in(sec, k * p, (k + 1) * p, &nr);
		if (nr != nf)
			return false;
		for (i = 0; i < nr; i++)
			if (r[i].offset - k * p != first[i].offset ||
			    r[i].type != first[i].type)
				return false;
	}
	return true;
}

/* Every entry starts with a relocation. */
static bool period_relaxed(const struct kd_sec *sec, GElf_Addr p)
{
	size_t k, nr;

	for (k = 0; k < sec->size / p; k++) {
		struct kd_rela *r = kd_relas_in(sec, k * p, (k + 1) * p, &nr);

		if (!nr || r[0].offset != k * p)
			return false;
	}
	return true;
}

GElf_Addr kd_special_entry_size(const struct kd_sec *sec)
{
	GElf_Addr p;

	if (!sec->size || !sec->nr_relas)
		return 0;
	/*
	 * An ARM unwind index entry is two words: the function, then inline
	 * unwind data or a pointer into .ARM.extab.  A period guessed from
	 * the relocations would split an entry with both in two, and the
	 * .ARM.extab half would belong to no function.
	 */
	if (sec->sh.sh_type == SHT_ARM_EXIDX && !(sec->size % 8))
		return 8;
	if (sec->sh.sh_entsize && !(sec->size % sec->sh.sh_entsize))
		return sec->sh.sh_entsize;
	for (p = 1; p < sec->size; p++)
		if (!(sec->size % p) && period_strict(sec, p))
			return p;
	if (sec->nr_relas > 1)
		for (p = 1; p < sec->size; p++)
			if (!(sec->size % p) && period_relaxed(sec, p))
				return p;
	return sec->size;
}

static void attribute_sec(struct kd_elf *kelf, struct kd_sec *sec,
			  size_t *cap)
{
	GElf_Addr esize = kd_special_entry_size(sec), off;

	if (!esize)
		return;
	for (off = 0; off + esize <= sec->size; off += esize) {
		struct kd_item *owner = NULL;
		struct kd_entry e;
		struct kd_rela *r;
		size_t n, i;

		r = kd_relas_in(sec, off, off + esize, &n);
		for (i = 0; i < n && !owner; i++) {
			struct kd_target t;

			kd_resolve(kelf, sec, &r[i], &t);
			if (t.kind == KD_T_ITEM && t.item->func)
				owner = t.item;
		}
		if (!owner)
			continue;
		e.name = sec->special_name;
		e.sec = sec;
		e.off = off;
		e.size = esize;
		e.owner = owner;
		KD_PUSH(kelf->entries, kelf->nr_entries, *cap, e);
	}
}

void kd_specials_attribute(struct kd_elf *kelf)
{
	size_t i, cap = 0;

	for (i = 0; i < kelf->nr_secs; i++)
		if (kelf->secs[i].special == KD_SPECIAL_TABLE)
			attribute_sec(kelf, &kelf->secs[i], &cap);
	/* The array is final now: link the entries to their owners. */
	for (i = 0; i < kelf->nr_entries; i++) {
		struct kd_item *item = kelf->entries[i].owner;

		KD_PUSH(item->entries, item->nr_entries, item->cap_entries,
			&kelf->entries[i]);
	}
}
