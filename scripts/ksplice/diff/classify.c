// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: classification of every item of the two objects.
 */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "compare.h"
#include "lineno.h"
#include "special.h"
#include "../elf/util.h"

static const char *const class_names[KD_NR_CLASSES] = {
	[KD_UNCHANGED] = "unchanged",
	[KD_CHANGED] = "changed",
	[KD_NEW] = "new",
	[KD_NEW_DATA] = "new-data",
	[KD_CHANGED_DATA] = "changed-data",
	[KD_INIT] = "init",
	[KD_LINENO_ONLY] = "lineno-only",
	[KD_DELETED] = "deleted",
};

const char *kd_class_name(int cls)
{
	if (cls < 0 || cls >= KD_NR_CLASSES)
		return "?";
	return class_names[cls];
}

bool kd_class_functional(int cls)
{
	return cls == KD_CHANGED || cls == KD_NEW || cls == KD_NEW_DATA ||
	       cls == KD_CHANGED_DATA || cls == KD_INIT;
}

/* Entries of @item from the table named @name, in order. */
static size_t entries_named(const struct kd_item *item, const char *name,
			    struct kd_entry **out)
{
	size_t i, n = 0;

	for (i = 0; i < item->nr_entries; i++)
		if (!strcmp(item->entries[i]->name, name))
			out[n++] = item->entries[i];
	return n;
}

static bool specials_differ_in(struct kd_cmp *c, const struct kd_item *a,
			       const struct kd_item *b, const char *name,
			       struct kd_lines *lines)
{
	struct kd_entry **ea, **eb;
	size_t na, nb, i;
	bool other = false;

	ea = kd_calloc(a->nr_entries, sizeof(*ea));
	eb = kd_calloc(b->nr_entries, sizeof(*eb));
	na = entries_named(a, name, ea);
	nb = entries_named(b, name, eb);
	if (na != nb)
		other = true;
	for (i = 0; i < na && !other; i++) {
		struct kd_diff d = { 0 };

		if (!kd_cmp_range(c, ea[i]->sec, ea[i]->off, ea[i]->size,
				  eb[i]->sec, eb[i]->off, eb[i]->size, &d) &&
		    !(kd_special_has_lines(name) &&
		      kd_lines_from_entry(c, ea[i], eb[i], &d, lines)))
			other = true;
		kd_diff_free(&d);
	}
	free(ea);
	free(eb);
	return other;
}

/* Compare the special entries of two functions. */
static bool specials_differ(struct kd_cmp *c, const struct kd_item *a,
			    const struct kd_item *b, struct kd_lines *lines)
{
	size_t i;

	for (i = 0; i < a->nr_entries; i++)
		if (specials_differ_in(c, a, b, a->entries[i]->name, lines))
			return true;
	for (i = 0; i < b->nr_entries; i++)
		if (specials_differ_in(c, a, b, b->entries[i]->name, lines))
			return true;
	return false;
}

static int classify_pair(struct kd_cmp *c, struct kd_item *a,
			 struct kd_item *b)
{
	struct kd_lines lines = { 0 };
	struct kd_diff d = { 0 };
	bool other = false;
	int cls;

	kd_cmp_range(c, a->sec, a->start, a->size, b->sec, b->start, b->size,
		     &d);
	if (a->func && b->func)
		kd_cmp_drop_branches(c, a, b, &d);
	if (a->func || b->func)
		other = specials_differ(c, a, b, &lines);
	if (kd_diff_empty(&d) && !other && !lines.nr)
		cls = KD_UNCHANGED;
	else if (a->func && b->func && !other &&
		 kd_lines_explain(c, a, b, &d, &lines))
		cls = KD_LINENO_ONLY;
	else if (b->init)
		cls = KD_INIT;
	else if (b->func)
		cls = KD_CHANGED;
	else
		cls = KD_CHANGED_DATA;
	kd_diff_free(&d);
	kd_lines_free(&lines);
	return cls;
}

struct visits {
	struct {
		const struct kd_sec *sec;
		GElf_Addr start;
	} *v;
	size_t nr, cap;
};

static bool visit_once(struct visits *vs, const struct kd_sec *sec,
		       GElf_Addr start)
{
	size_t i;

	for (i = 0; i < vs->nr; i++)
		if (vs->v[i].sec == sec && vs->v[i].start == start)
			return false;
	if (vs->nr == vs->cap) {
		vs->cap = vs->cap ? 2 * vs->cap : 8;
		vs->v = kd_realloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	vs->v[vs->nr].sec = sec;
	vs->v[vs->nr].start = start;
	vs->nr++;
	return true;
}

/*
 * Does the range point, directly or through anonymous chunks, at
 * read-only data that changed?  Code or data that points at it must
 * then use the new copy.
 */
static bool refs_changed_ro(const struct kd_elf *kelf,
			    const struct kd_item *self,
			    const struct kd_sec *sec, GElf_Addr start,
			    GElf_Addr len, struct visits *vs)
{
	struct kd_rela *r;
	size_t n, i;

	r = kd_relas_in(sec, start, start + len, &n);
	for (i = 0; i < n; i++) {
		struct kd_target t;

		kd_resolve(kelf, sec, &r[i], &t);
		if (t.kind == KD_T_ITEM) {
			if (t.item != self && !t.item->func &&
			    !t.item->writable &&
			    t.item->cls == KD_CHANGED_DATA)
				return true;
			continue;
		}
		if (t.kind != KD_T_CHUNK || !visit_once(vs, t.sec, t.start))
			continue;
		if (refs_changed_ro(kelf, self, t.sec, t.start,
				    t.end - t.start, vs))
			return true;
	}
	return false;
}

static bool item_refs_changed_ro(const struct kd_elf *kelf,
				 const struct kd_item *item)
{
	struct visits vs = { 0 };
	bool r;

	r = refs_changed_ro(kelf, item, item->sec, item->start, item->size,
			    &vs);
	free(vs.v);
	return r;
}

static void propagate(struct kd_elf *post)
{
	bool again = true;
	size_t i;

	while (again) {
		again = false;
		for (i = 0; i < post->nr_items; i++) {
			struct kd_item *b = post->items[i];

			if (b->cls != KD_UNCHANGED && b->cls != KD_LINENO_ONLY)
				continue;
			if (!item_refs_changed_ro(post, b))
				continue;
			if (b->init)
				b->cls = KD_INIT;
			else
				b->cls = b->func ? KD_CHANGED : KD_CHANGED_DATA;
			again = true;
		}
	}
}

static void add_use(struct kd_result *res, const struct kd_item *func,
		    const struct kd_sym *var)
{
	struct kd_use u = { func, var };
	size_t i;

	for (i = 0; i < res->nr_uses; i++)
		if (res->uses[i].func == func && res->uses[i].var == var)
			return;
	KD_PUSH(res->uses, res->nr_uses, res->cap_uses, u);
}

static void uses_in(const struct kd_elf *post, const struct kd_item *func,
		    const struct kd_sec *sec, GElf_Addr start, GElf_Addr len,
		    struct kd_result *res)
{
	struct kd_rela *r;
	size_t n, i;

	r = kd_relas_in(sec, start, start + len, &n);
	for (i = 0; i < n; i++) {
		struct kd_target t;
		const struct kd_item *v;

		kd_resolve(post, sec, &r[i], &t);
		if (t.kind != KD_T_ITEM)
			continue;
		v = t.item;
		if (v == func || v->func || !v->twin ||
		    v->cls != KD_UNCHANGED || v->sym->bind != STB_LOCAL)
			continue;
		add_use(res, func, v->twin->sym);
	}
}

static void find_uses(const struct kd_elf *post, struct kd_result *res)
{
	size_t i, j;

	for (i = 0; i < post->nr_items; i++) {
		const struct kd_item *b = post->items[i];

		if (b->cls != KD_CHANGED && b->cls != KD_NEW)
			continue;
		uses_in(post, b, b->sec, b->start, b->size, res);
		for (j = 0; j < b->nr_entries; j++)
			uses_in(post, b, b->entries[j]->sec,
				b->entries[j]->off, b->entries[j]->size, res);
	}
}

void kd_classify(struct kd_elf *pre, struct kd_elf *post,
		 struct kd_result *res)
{
	struct kd_cmp c;
	size_t i;

	kd_cmp_init(&c, pre, post);
	for (i = 0; i < post->nr_items; i++) {
		struct kd_item *b = post->items[i];

		if (b->twin)
			b->cls = classify_pair(&c, b->twin, b);
		else if (b->init)
			b->cls = KD_INIT;
		else
			b->cls = b->func ? KD_NEW : KD_NEW_DATA;
	}
	for (i = 0; i < pre->nr_items; i++) {
		struct kd_item *a = pre->items[i];

		a->cls = a->twin ? a->twin->cls : KD_DELETED;
	}
	propagate(post);
	for (i = 0; i < pre->nr_items; i++)
		if (pre->items[i]->twin)
			pre->items[i]->cls = pre->items[i]->twin->cls;

	find_uses(post, res);
	for (i = 0; i < post->nr_items; i++)
		res->count[post->items[i]->cls]++;
	for (i = 0; i < pre->nr_items; i++)
		if (pre->items[i]->cls == KD_DELETED)
			res->count[KD_DELETED]++;
}
