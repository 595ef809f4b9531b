/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: classification of every item of the two objects.
 */
#ifndef KSPLICE_DIFF_CLASSIFY_H
#define KSPLICE_DIFF_CLASSIFY_H

#include "../elf/kelf.h"
#include "item.h"

enum kd_class {
	KD_UNCHANGED,
	KD_CHANGED,		/* function changed */
	KD_NEW,			/* function only in post */
	KD_NEW_DATA,		/* data only in post */
	KD_CHANGED_DATA,	/* data whose content changed */
	KD_INIT,		/* __init/__exit code or data changed or new */
	KD_LINENO_ONLY,		/* only __LINE__ moved: no change */
	KD_DELETED,		/* only in pre */
	KD_NR_CLASSES,
};

/* A changed or new function that uses an unchanged static variable. */
struct kd_use {
	const struct kd_item *func;	/* post */
	const struct kd_sym *var;	/* pre's name for the variable */
};

struct kd_result {
	struct kd_use *uses;
	size_t nr_uses, cap_uses;
	size_t count[KD_NR_CLASSES];
};

const char *kd_class_name(int cls);
/* Whether the class needs an update (changed, new, data, init). */
bool kd_class_functional(int cls);

void kd_classify(struct kd_elf *pre, struct kd_elf *post,
		 struct kd_result *res);

#endif /* KSPLICE_DIFF_CLASSIFY_H */
