// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: the data layout that section anchors make code depend on.
 *
 * 32-bit ARM reaches the static data of a file through section anchors:
 * the code takes the address of one place in a data section (a .LANCHOR
 * label) and loads the objects around it at fixed offsets.  Those
 * offsets are compiled into the instructions, so new code that uses an
 * anchor is right for the running kernel's data only if the section
 * keeps its layout.  make ksplice compiles pre and post objects with
 * -fdata-sections, which leaves GCC no two objects to anchor together;
 * this is the check that holds should a compiler anchor anyway.
 */
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "item.h"
#include "symbol.h"
#include "../elf/util.h"

bool kd_rela_anchored(const struct kd_elf *kelf, const struct kd_rela *rela)
{
	const struct kd_sym *sym = rela->sym;

	if (kelf->ehdr.e_machine != EM_ARM || !sym || !sym->sec ||
	    !kd_starts_with(sym->name, ".LANCHOR"))
		return false;
	return kd_sec_alloc(sym->sec) && !kd_sec_exec(sym->sec) &&
	       !(sym->sec->sh.sh_flags & SHF_MERGE);
}

static bool laid_out(const struct kd_sym *sym, const struct kd_sec *sec)
{
	return sym->sec == sec && !kd_sym_ignored(sym) &&
	       sym->type != STT_FUNC;
}

char *kd_layout_change(const struct kd_elf *pre, const struct kd_elf *post,
		       const struct kd_sec *post_sec)
{
	const struct kd_sec *pre_sec = NULL;
	size_t i;

	for (i = 0; i < pre->nr_secs && !pre_sec; i++)
		if (pre->secs[i].name &&
		    !strcmp(pre->secs[i].name, post_sec->name))
			pre_sec = &pre->secs[i];
	if (!pre_sec)
		return kd_asprintf("the section is new");
	for (i = 0; i < post->nr_syms; i++) {
		const struct kd_sym *a = &post->syms[i], *b = a->twin;

		if (!laid_out(a, post_sec))
			continue;
		if (!b || b->sec != pre_sec)
			return kd_asprintf("%s is added", a->name);
		if (a->value != b->value || a->size != b->size)
			return kd_asprintf("%s moves or changes size", a->name);
	}
	for (i = 0; i < pre->nr_syms; i++) {
		const struct kd_sym *b = &pre->syms[i];

		if (laid_out(b, pre_sec) && (!b->twin || b->twin->sec != post_sec))
			return kd_asprintf("%s is removed", b->name);
	}
	if (pre_sec->size != post_sec->size)
		return kd_asprintf("its size changes");
	return NULL;
}

struct kd_anchor_change *kd_anchor_changes(const struct kd_elf *pre,
					   const struct kd_elf *post,
					   size_t *nr)
{
	struct kd_anchor_change *c = NULL;
	const char **reached;
	size_t i, j, n = 0, cap = 0;

	*nr = 0;
	if (post->ehdr.e_machine != EM_ARM)
		return NULL;
	/* The first function that reaches each section through an anchor. */
	reached = kd_calloc(post->nr_secs, sizeof(*reached));
	for (i = 0; i < post->nr_secs; i++) {
		const struct kd_sec *sec = &post->secs[i];

		if (!kd_sec_exec(sec))
			continue;
		for (j = 0; j < sec->nr_relas; j++) {
			const struct kd_rela *r = &sec->relas[j];
			const struct kd_item *f;

			if (!kd_rela_anchored(post, r) ||
			    reached[r->sym->sec->index])
				continue;
			f = kd_item_at(sec, r->offset, false);
			reached[r->sym->sec->index] =
				f && f->sym ? f->sym->name : sec->name;
		}
	}
	for (i = 0; i < post->nr_secs; i++) {
		struct kd_anchor_change ch;

		if (!reached[i])
			continue;
		ch.why = kd_layout_change(pre, post, &post->secs[i]);
		if (!ch.why)
			continue;
		ch.sec = &post->secs[i];
		ch.func = reached[i];
		KD_PUSH(c, n, cap, ch);
	}
	free(reached);
	*nr = n;
	return c;
}

void kd_anchor_free(struct kd_anchor_change *c, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(c[i].why);
	free(c);
}
