/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice host tools: layouts of the structures and unions of pre and
 * post, from the BTF type information the compiler writes (-gbtf).
 *
 * The running kernel's instances of a structure keep the layout they
 * were made with: new code that reads them with another layout reads
 * garbage.  A structure or union whose layout changed (a field added,
 * removed, retyped or moved) and whose instances can outlive the
 * replaced code is a change no update can make.
 */
#ifndef KSPLICE_DIFF_TYPES_H
#define KSPLICE_DIFF_TYPES_H

#include <stdbool.h>

#include "../elf/kelf.h"

struct kd_layout_change {
	const char *kind;	/* "struct", "union" or "typedef" */
	char *name;
	char *field;		/* NULL: only the size changed */
	const char *what;	/* "added", "removed", "retyped", "moved" */
	char *user;		/* function or variable of pre that uses it */
	bool user_is_var;
};

/* Whether both objects have type information to compare. */
bool kd_types_present(const struct kd_elf *pre, const struct kd_elf *post);

/*
 * The first structure or union of pre, named or named by a typedef,
 * whose layout post changes.  Returns false when there is none (or no
 * type information).
 */
bool kd_types_compare(const struct kd_elf *pre, const struct kd_elf *post,
		      struct kd_layout_change *chg);

/*
 * The next structure or union (after post's type id *@from, 0 to start),
 * or typedef of a nameless one, that post defines and pre does not: the
 * running code of the object only declared it, or never used it, so its
 * running layout is not in pre.  Sets *@from, @kind ("struct", "union"
 * or "typedef") and @name (to free).
 */
bool kd_types_unseen(const struct kd_elf *pre, const struct kd_elf *post,
		     uint32_t *from, const char **kind, char **name);

/*
 * @kind @name as @other (another pre object) defines it, against
 * post's: 1 if the layouts differ (@chg filled), 0 if not, -1 if either
 * object has no definition of it.
 */
int kd_types_compare_one(const struct kd_elf *other, const struct kd_elf *post,
			 const char *kind, const char *name,
			 struct kd_layout_change *chg);

#endif /* KSPLICE_DIFF_TYPES_H */
