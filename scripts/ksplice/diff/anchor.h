/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: the data layout that section anchors make code depend on.
 */
#ifndef KSPLICE_DIFF_ANCHOR_H
#define KSPLICE_DIFF_ANCHOR_H

#include <stdbool.h>

#include "../elf/kelf.h"

/*
 * Whether @rela of @kelf reaches data through a section anchor: on
 * 32-bit ARM, a reference to a .LANCHOR label of a data section, from
 * which the code loads objects at fixed offsets.
 */
bool kd_rela_anchored(const struct kd_elf *kelf, const struct kd_rela *rela);

/*
 * How @post_sec of @post (compared with the same-named section of @pre,
 * through the symbols' twins) changes its layout: an object added,
 * removed, moved or resized, or the section's size.  NULL if it keeps
 * it; else a malloc'ed phrase ("counter is added").
 */
char *kd_layout_change(const struct kd_elf *pre, const struct kd_elf *post,
		       const struct kd_sec *post_sec);

struct kd_anchor_change {
	const struct kd_sec *sec;	/* of post */
	const char *func;		/* a function that reaches it */
	char *why;
};

/*
 * The data sections of @post that its code reaches through anchors and
 * whose layout changes, each once, in section order; kd_anchor_free().
 */
struct kd_anchor_change *kd_anchor_changes(const struct kd_elf *pre,
					   const struct kd_elf *post,
					   size_t *nr);
void kd_anchor_free(struct kd_anchor_change *c, size_t nr);

#endif /* KSPLICE_DIFF_ANCHOR_H */
