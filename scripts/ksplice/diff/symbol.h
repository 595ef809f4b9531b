/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: canonical symbol names and pre/post symbol matching.
 *
 * gcc renames local functions it clones or splits (foo.isra.0,
 * foo.constprop.1, foo.part.0, foo.cold) and numbers function-scope
 * static variables (counter.3, __key.12, __func__.5, CSWTCH.7).  The
 * numbers are not stable between two compilations of different source,
 * so symbols are matched by canonical name and, for static variables,
 * by the function that uses them.
 */
#ifndef KSPLICE_DIFF_SYMBOL_H
#define KSPLICE_DIFF_SYMBOL_H

#include "../elf/kelf.h"

/* foo.constprop.0.isra.0 -> foo, foo.part.1 -> foo.part, x.3 -> x */
char *kd_canon_name(const char *name);
/* Only the numeric components removed: foo.isra.0 -> foo.isra */
char *kd_clone_key(const char *name);

/* Symbols that are never matched nor reported (section, file, $a...). */
bool kd_sym_ignored(const struct kd_sym *sym);
/* A static variable numbered by gcc (counter.3). */
bool kd_sym_numbered(const struct kd_sym *sym);

/* Fill in sym->canon and sym->key. */
void kd_symbols_prepare(struct kd_elf *kelf);
/* Set sym->twin for both objects (needs the owners, see item.h). */
void kd_symbols_match(struct kd_elf *pre, struct kd_elf *post);

#endif /* KSPLICE_DIFF_SYMBOL_H */
