/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: recognition of changes that only move __LINE__.
 *
 * When lines are added above a BUG()/WARN() site, its bug table entry
 * differs only in the line field, and the function may differ only in
 * immediates that encode the line (e.g. the argument of __might_sleep).
 * Such a function is reported as lineno-only: no functional change.
 */
#ifndef KSPLICE_DIFF_LINENO_H
#define KSPLICE_DIFF_LINENO_H

#include <stdint.h>

#include "compare.h"
#include "special.h"

struct kd_line_pair {
	uint64_t pre, post;
};

struct kd_lines {
	struct kd_line_pair *pairs;
	size_t nr, cap;
};

/*
 * @d is the difference of two entries of a table with line numbers.  If
 * it is a single numeric field, record its values in @lines.
 */
bool kd_lines_from_entry(struct kd_cmp *c, const struct kd_entry *ea,
			 const struct kd_entry *eb, const struct kd_diff *d,
			 struct kd_lines *lines);

/* Whether every byte run of @d encodes a line number. */
bool kd_lines_explain(struct kd_cmp *c, const struct kd_item *a,
		      const struct kd_item *b, const struct kd_diff *d,
		      const struct kd_lines *lines);

void kd_lines_free(struct kd_lines *lines);

#endif /* KSPLICE_DIFF_LINENO_H */
