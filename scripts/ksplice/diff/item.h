/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: items and relocation targets.
 *
 * An item is what gets classified: a function or a data object.  With
 * -ffunction-sections/-fdata-sections an item is a whole section (for a
 * function this includes the call-padding nops before its symbol); in a
 * section shared by several symbols (.init.text, .data..percpu, ...)
 * each symbol's range is an item.
 *
 * A relocation's target is resolved to something that can be compared
 * between the two objects: an item plus an offset, a named symbol, a
 * string or constant of a mergeable section (compared by content), or a
 * chunk of an anonymous section (compared by content, recursively).
 */
#ifndef KSPLICE_DIFF_ITEM_H
#define KSPLICE_DIFF_ITEM_H

#include "../elf/kelf.h"

struct kd_item {
	struct kd_elf *kelf;
	struct kd_sec *sec;
	struct kd_sym *sym;	/* main symbol */
	GElf_Addr start;	/* offset in sec */
	GElf_Xword size;
	bool whole;		/* covers the whole section */
	bool func;
	bool init;
	bool writable;
	struct kd_item *twin;

	/* Special-section entries attributed to this item. */
	struct kd_entry **entries;
	size_t nr_entries;
	size_t cap_entries;

	/* Classification (classify.c). */
	int cls;
};

enum kd_target_kind {
	KD_T_NONE,	/* no symbol */
	KD_T_SYM,	/* named symbol that is no item (e.g. undefined) */
	KD_T_ITEM,	/* an item */
	KD_T_STR,	/* a string of a mergeable string section */
	KD_T_CONST,	/* an entity of a mergeable constant section */
	KD_T_CHUNK,	/* a chunk of an anonymous section */
};

struct kd_target {
	enum kd_target_kind kind;
	struct kd_sym *sym;
	struct kd_item *item;
	struct kd_sec *sec;
	GElf_Addr start;	/* STR, CONST, CHUNK: range in sec */
	GElf_Addr end;
	GElf_Sxword delta;	/* raw target offset relative to the above */
};

bool kd_is_init_section(const char *name);

/* Build items, symbol->item links and anonymous chunk bounds. */
void kd_items_build(struct kd_elf *kelf);
/* Item containing @pos in @sec; if @near, also the next one shortly after. */
struct kd_item *kd_item_at(const struct kd_sec *sec, GElf_Sxword pos,
			   bool near);
void kd_resolve(const struct kd_elf *kelf, const struct kd_sec *from,
		const struct kd_rela *rela, struct kd_target *t);
/* Set the owners of local symbols: the functions that reference them. */
void kd_owners_compute(struct kd_elf *kelf);
/* Set item->twin from the symbol twins. */
void kd_items_twin(struct kd_elf *pre, struct kd_elf *post);

/* Relocations inside an item. */
struct kd_rela *kd_item_relas(const struct kd_item *item, size_t *nr);

#endif /* KSPLICE_DIFF_ITEM_H */
