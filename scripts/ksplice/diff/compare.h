/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: comparison of byte ranges of two objects.
 *
 * Bytes are compared with the relocated fields masked out; relocations
 * are compared by offset, type and target (see item.h), never by bytes.
 */
#ifndef KSPLICE_DIFF_COMPARE_H
#define KSPLICE_DIFF_COMPARE_H

#include "../elf/kelf.h"
#include "item.h"

struct kd_run {
	GElf_Addr start;	/* relative to the compared range */
	GElf_Addr len;
};

/* What differs between two ranges. */
struct kd_diff {
	bool size;		/* lengths or section kinds differ */
	bool relocs;		/* relocations differ */
	struct kd_run *runs;	/* bytes that differ, outside relocations */
	size_t nr_runs;
	size_t cap_runs;
};

struct kd_cmp_pair {
	const struct kd_sec *a, *b;
	GElf_Addr oa, ob;
};

struct kd_cmp {
	const struct kd_elf *pre, *post;
	/* Anonymous chunks being compared, to stop on cycles. */
	struct kd_cmp_pair stack[32];
	size_t depth;
};

void kd_cmp_init(struct kd_cmp *c, const struct kd_elf *pre,
		 const struct kd_elf *post);
void kd_diff_free(struct kd_diff *d);
bool kd_diff_empty(const struct kd_diff *d);

/*
 * Compare [a0, a0 + alen) of @sa (pre) with [b0, b0 + blen) of @sb
 * (post).  Returns true if equal.  If @diff is given, every difference
 * is recorded in it, otherwise the comparison stops at the first one.
 */
bool kd_cmp_range(struct kd_cmp *c, const struct kd_sec *sa, GElf_Addr a0,
		  GElf_Addr alen, const struct kd_sec *sb, GElf_Addr b0,
		  GElf_Addr blen, struct kd_diff *diff);

/*
 * In sections shared by several items, the assembler resolves direct
 * branches between them without relocations, so their displacements
 * change when an earlier item grows.  The model makes relocations of
 * those it can decode (branch.c); drop the runs of @d that are any
 * other such branch (x86 call/jmp/jcc rel32, ARM b/bl) to the same
 * target.
 */
void kd_cmp_drop_branches(struct kd_cmp *c, const struct kd_item *a,
			  const struct kd_item *b, struct kd_diff *d);

/* Compare the targets of two relocations. */
bool kd_cmp_target(struct kd_cmp *c, const struct kd_sec *fa,
		   const struct kd_rela *ra, const struct kd_sec *fb,
		   const struct kd_rela *rb);

#endif /* KSPLICE_DIFF_COMPARE_H */
