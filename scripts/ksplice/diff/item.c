// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: items and relocation targets.
 */
#include <stdlib.h>
#include <string.h>

#include "item.h"
#include "symbol.h"
#include "../elf/util.h"

bool kd_is_init_section(const char *name)
{
	size_t len = strlen(name);

	return kd_starts_with(name, ".init.") ||
	       kd_starts_with(name, ".exit.") ||
	       kd_starts_with(name, ".initcall") ||
	       !strcmp(name, ".init") || !strcmp(name, ".exit") ||
	       (len > 5 && !strcmp(name + len - 5, ".init"));
}

static bool item_sym_candidate(const struct kd_sym *sym)
{
	if (kd_sym_ignored(sym) || !sym->sec)
		return false;
	switch (sym->type) {
	case STT_FUNC:
	case STT_GNU_IFUNC:
	case STT_OBJECT:
	case STT_TLS:
		break;
	case STT_NOTYPE:
		/* Assembly code with no type (SYM_CODE_START, ENTRY). */
		if (kd_sec_exec(sym->sec))
			break;
		return false;
	default:
		return false;
	}
	/* Call-padding and CFI prefix symbols belong to the function. */
	return !kd_starts_with(sym->name, "__pfx_") &&
	       !kd_starts_with(sym->name, "__cfi_");
}

static int sym_order(const void *a, const void *b)
{
	const struct kd_sym *sa = *(struct kd_sym *const *)a;
	const struct kd_sym *sb = *(struct kd_sym *const *)b;

	if (sa->value != sb->value)
		return sa->value < sb->value ? -1 : 1;
	/* Prefer the global name, then the larger size, for aliases. */
	if ((sa->bind == STB_LOCAL) != (sb->bind == STB_LOCAL))
		return sa->bind == STB_LOCAL ? 1 : -1;
	if (sa->size != sb->size)
		return sa->size > sb->size ? -1 : 1;
	return sa->index < sb->index ? -1 : 1;
}

static bool sec_has_items(const struct kd_sec *sec)
{
	if (sec->special != KD_SPECIAL_NONE || !kd_sec_alloc(sec))
		return false;
	return sec->sh.sh_type == SHT_PROGBITS ||
	       sec->sh.sh_type == SHT_NOBITS ||
	       sec->sh.sh_type == SHT_INIT_ARRAY ||
	       sec->sh.sh_type == SHT_FINI_ARRAY;
}

static void build_sec_items(struct kd_elf *kelf, struct kd_sec *sec,
			    struct kd_sym **syms, size_t n)
{
	size_t i, groups = 0, cap = 0;

	for (i = 0; i < n; i++)
		if (!i || syms[i]->value != syms[i - 1]->value)
			groups++;

	for (i = 0; i < n; i++) {
		struct kd_item *item;
		size_t j;

		if (i && syms[i]->value == syms[i - 1]->value) {
			syms[i]->item = syms[i - 1]->item;
			continue;
		}
		item = kd_calloc(1, sizeof(*item));
		item->kelf = kelf;
		item->sec = sec;
		item->sym = syms[i];
		item->func = kd_sec_exec(sec) || syms[i]->type == STT_FUNC ||
			     syms[i]->type == STT_GNU_IFUNC;
		item->init = kd_is_init_section(sec->name);
		item->writable = kd_sec_writable(sec);
		if (groups == 1) {
			item->whole = true;
			item->start = 0;
			item->size = sec->size;
		} else {
			item->start = syms[i]->value;
			item->size = syms[i]->size;
			if (!item->size) {
				GElf_Addr end = sec->size;

				for (j = i + 1; j < n; j++)
					if (syms[j]->value != syms[i]->value) {
						end = syms[j]->value;
						break;
					}
				item->size = end > item->start ?
					     end - item->start : 0;
			}
		}
		/* Malformed symbols must not reach outside the section. */
		if (item->start > sec->size)
			item->start = sec->size;
		if (item->size > sec->size - item->start)
			item->size = sec->size - item->start;
		syms[i]->item = item;
		KD_PUSH(sec->items, sec->nr_items, cap, item);
	}
}

static void add_bound(struct kd_sec *sec, size_t *cap, GElf_Sxword pos)
{
	if (pos < 0 || (GElf_Addr)pos >= sec->size)
		return;
	KD_PUSH(sec->bounds, sec->nr_bounds, *cap, (GElf_Addr)pos);
}

static bool sec_relocs_matter(const struct kd_sec *sec)
{
	return kd_sec_alloc(sec) || sec->special == KD_SPECIAL_TABLE ||
	       sec->special == KD_SPECIAL_REF;
}

static int sym_by_sec(const void *a, const void *b)
{
	const struct kd_sym *sa = *(struct kd_sym *const *)a;
	const struct kd_sym *sb = *(struct kd_sym *const *)b;

	if (sa->shndx != sb->shndx)
		return sa->shndx < sb->shndx ? -1 : 1;
	return sym_order(a, b);
}

/*
 * Untyped code symbols inside a typed one are labels of it
 * (SYM_INNER_LABEL): the function is the item.  @syms is sorted by
 * section and address.
 */
static size_t drop_inner_labels(struct kd_sym **syms, size_t n)
{
	const struct kd_sym *typed = NULL;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		struct kd_sym *sym = syms[i];

		if (typed && typed->sec != sym->sec)
			typed = NULL;
		if (sym->type == STT_NOTYPE) {
			if (typed && sym->value >= typed->value &&
			    sym->value < typed->value + typed->size)
				continue;
		} else if (!typed || sym->value + sym->size >
				     typed->value + typed->size) {
			typed = sym;
		}
		syms[k++] = sym;
	}
	return k;
}

void kd_items_build(struct kd_elf *kelf)
{
	struct kd_sym **syms = kd_calloc(kelf->nr_syms, sizeof(*syms));
	size_t *caps = kd_calloc(kelf->nr_secs, sizeof(*caps));
	size_t i, j, n = 0, cap = 0;

	/* Candidate symbols, grouped by section, in address order. */
	for (i = 0; i < kelf->nr_syms; i++)
		if (item_sym_candidate(&kelf->syms[i]) &&
		    sec_has_items(kelf->syms[i].sec))
			syms[n++] = &kelf->syms[i];
	kd_sort(syms, n, sizeof(*syms), sym_by_sec);
	n = drop_inner_labels(syms, n);
	for (i = 0; i < n; i = j) {
		struct kd_sec *sec = syms[i]->sec;

		for (j = i; j < n && syms[j]->sec == sec; j++)
			;
		build_sec_items(kelf, sec, syms + i, j - i);
	}
	free(syms);
	for (i = 0; i < kelf->nr_secs; i++)
		for (j = 0; j < kelf->secs[i].nr_items; j++)
			KD_PUSH(kelf->items, kelf->nr_items, cap,
				kelf->secs[i].items[j]);

	/* Chunk bounds of sections: every position something points at. */
	for (i = 0; i < kelf->nr_secs; i++)
		add_bound(&kelf->secs[i], &caps[i], 0);
	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];

		if (sym->sec && sym->type != STT_SECTION)
			add_bound(sym->sec, &caps[sym->shndx], sym->value);
	}
	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];

		if (!sec_relocs_matter(sec))
			continue;
		for (j = 0; j < sec->nr_relas; j++) {
			struct kd_rela *rela = &sec->relas[j];
			GElf_Sxword bias;

			if (!rela->sym || !rela->sym->sec)
				continue;
			kd_rela_bias(kelf, sec, rela, 0, &bias);
			add_bound(rela->sym->sec, &caps[rela->sym->shndx],
				  rela->sym->value + rela->addend + bias);
		}
	}
	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];
		size_t nr = 0;

		kd_sort(sec->bounds, sec->nr_bounds, sizeof(*sec->bounds),
		      kd_addr_cmp);
		for (j = 0; j < sec->nr_bounds; j++)
			if (!nr || sec->bounds[nr - 1] != sec->bounds[j])
				sec->bounds[nr++] = sec->bounds[j];
		sec->nr_bounds = nr;
	}
	free(caps);
}

struct kd_item *kd_item_at(const struct kd_sec *sec, GElf_Sxword pos,
			   bool near)
{
	size_t lo = 0, hi = sec->nr_items;

	if (!sec->nr_items)
		return NULL;
	if (sec->nr_items == 1 && sec->items[0]->whole)
		return sec->items[0];

	/* Last item with start <= pos. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((GElf_Sxword)sec->items[mid]->start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		struct kd_item *item = sec->items[lo - 1];

		if (pos < (GElf_Sxword)(item->start + item->size) ||
		    pos == (GElf_Sxword)item->start)
			return item;
	}
	/* Padding (e.g. __pfx_ nops) just before the next item. */
	if (near && lo < sec->nr_items &&
	    (GElf_Sxword)sec->items[lo]->start - pos <= 64)
		return sec->items[lo];
	return NULL;
}

struct kd_rela *kd_item_relas(const struct kd_item *item, size_t *nr)
{
	return kd_relas_in(item->sec, item->start, item->start + item->size,
			   nr);
}

static bool is_str_start(const struct kd_sec *sec, GElf_Sxword pos)
{
	if (pos < 0 || (GElf_Addr)pos >= sec->size)
		return false;
	return pos == 0 || kd_byte(sec, pos - 1) == 0;
}

static bool is_bound(const struct kd_sec *sec, GElf_Sxword pos)
{
	size_t lo = 0, hi = sec->nr_bounds;

	if (pos < 0)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->bounds[mid] == (GElf_Addr)pos)
			return true;
		if (sec->bounds[mid] < (GElf_Addr)pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static bool is_merge_str(const struct kd_sec *sec)
{
	return (sec->sh.sh_flags & (SHF_MERGE | SHF_STRINGS)) ==
	       (SHF_MERGE | SHF_STRINGS);
}

static GElf_Sxword clamp(const struct kd_sec *sec, GElf_Sxword pos)
{
	if (pos < 0 || !sec->size)
		return 0;
	if ((GElf_Addr)pos >= sec->size)
		return sec->size - 1;
	return pos;
}

void kd_resolve(const struct kd_elf *kelf, const struct kd_sec *from,
		const struct kd_rela *rela, struct kd_target *t)
{
	struct kd_sym *sym = rela->sym;
	GElf_Sxword base, bias, pos;
	struct kd_sec *sec;
	int alt;

	memset(t, 0, sizeof(*t));
	if (!sym) {
		t->kind = KD_T_NONE;
		return;
	}
	if (sym->type != STT_SECTION && !kd_sym_ignored(sym)) {
		if (sym->item) {
			t->kind = KD_T_ITEM;
			t->item = sym->item;
			t->delta = sym->value + rela->addend - sym->item->start;
		} else {
			t->kind = KD_T_SYM;
			t->sym = sym;
			t->delta = rela->addend;
		}
		return;
	}
	sec = sym->sec;
	if (!sec) {
		t->kind = KD_T_SYM;
		t->sym = sym;
		t->delta = rela->addend;
		return;
	}
	base = sym->value + rela->addend;
	t->sec = sec;

	if (sec->nr_items) {
		struct kd_item *item = NULL;

		for (alt = 0;
		     !item && kd_rela_bias(kelf, from, rela, alt, &bias);
		     alt++)
			item = kd_item_at(sec, base + bias, false);
		if (!item) {
			kd_rela_bias(kelf, from, rela, 0, &bias);
			item = kd_item_at(sec, base + bias, true);
		}
		if (item) {
			t->kind = KD_T_ITEM;
			t->item = item;
			t->delta = base - item->start;
			return;
		}
	}

	/*
	 * A label of a merged section (.LC0) with an addend: the linker
	 * adds the addend to wherever it put the label's piece, so the
	 * piece is the label's, wherever the addend leads (past the end of
	 * a string, as a loop's bound, is the next piece in this object
	 * only).  A section symbol's addend says the piece itself.
	 */
	if (sym->type != STT_SECTION && sec->sh.sh_flags & SHF_MERGE) {
		pos = clamp(sec, sym->value);
		goto piece;
	}

	/* Position: the first guess that lands on a plausible start. */
	kd_rela_bias(kelf, from, rela, 0, &bias);
	pos = base + bias;
	for (alt = 0; kd_rela_bias(kelf, from, rela, alt, &bias); alt++) {
		GElf_Sxword p = base + bias;
		bool ok;

		if (is_merge_str(sec))
			ok = is_str_start(sec, p);
		else if (sec->sh.sh_flags & SHF_MERGE && sec->sh.sh_entsize)
			ok = p >= 0 && !(p % sec->sh.sh_entsize);
		else
			ok = is_bound(sec, p);
		if (ok) {
			pos = p;
			break;
		}
	}
	pos = clamp(sec, pos);

piece:
	if (is_merge_str(sec)) {
		GElf_Addr st = pos, end;

		while (st > 0 && kd_byte(sec, st - 1))
			st--;
		end = st;
		while (end < sec->size && kd_byte(sec, end))
			end++;
		if (end < sec->size)
			end++;
		t->kind = KD_T_STR;
		t->start = st;
		t->end = end;
	} else if (sec->sh.sh_flags & SHF_MERGE && sec->sh.sh_entsize) {
		t->kind = KD_T_CONST;
		t->start = pos - pos % sec->sh.sh_entsize;
		t->end = t->start + sec->sh.sh_entsize;
		if (t->end > sec->size)
			t->end = sec->size;
	} else {
		size_t lo = 0, hi = sec->nr_bounds;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (sec->bounds[mid] <= (GElf_Addr)pos)
				lo = mid + 1;
			else
				hi = mid;
		}
		t->kind = KD_T_CHUNK;
		t->start = lo ? sec->bounds[lo - 1] : 0;
		t->end = lo < sec->nr_bounds ? sec->bounds[lo] : sec->size;
	}
	t->delta = base - t->start;
}

/* The function a split-off part belongs to: foo.cold, foo.part -> foo. */
static char *owner_name(const char *canon)
{
	char *o = kd_strdup(canon);
	char *p = o;

	while ((p = strchr(p + 1, '.'))) {
		if (!strncmp(p, ".cold", 5) && (!p[5] || p[5] == '.')) {
			*p = '\0';
			break;
		}
		if (!strncmp(p, ".part", 5) && (!p[5] || p[5] == '.')) {
			*p = '\0';
			break;
		}
	}
	return o;
}

static void add_owner(struct kd_sym *sym, const char *owner)
{
	size_t i;

	for (i = 0; i < sym->nr_owners; i++)
		if (!strcmp(sym->owners[i], owner))
			return;
	KD_PUSH(sym->owners, sym->nr_owners, sym->cap_owners, owner);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static char *owner_key(struct kd_sym *sym)
{
	size_t i, len = 1;
	char *k;

	kd_sort(sym->owners, sym->nr_owners, sizeof(*sym->owners), str_cmp);
	for (i = 0; i < sym->nr_owners; i++)
		len += strlen(sym->owners[i]) + 1;
	k = kd_malloc(len);
	*k = '\0';
	for (i = 0; i < sym->nr_owners; i++) {
		if (i)
			strcat(k, "\002");
		strcat(k, sym->owners[i]);
	}
	return k;
}

void kd_owners_compute(struct kd_elf *kelf)
{
	size_t i, j, n;

	for (i = 0; i < kelf->nr_items; i++) {
		struct kd_item *item = kelf->items[i];
		struct kd_rela *relas;
		char *owner;

		if (!item->func)
			continue;
		owner = owner_name(item->sym->canon);
		relas = kd_item_relas(item, &n);
		for (j = 0; j < n; j++) {
			struct kd_target t;

			kd_resolve(kelf, item->sec, &relas[j], &t);
			if (t.kind == KD_T_ITEM && t.item != item &&
			    t.item->sym->bind == STB_LOCAL)
				add_owner(t.item->sym, owner);
			else if (t.kind == KD_T_SYM &&
				 t.sym->bind == STB_LOCAL)
				add_owner(t.sym, owner);
		}
	}
	for (i = 0; i < kelf->nr_syms; i++)
		kelf->syms[i].owner_key = owner_key(&kelf->syms[i]);
	/* Aliases of an item share its owners. */
	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];

		if (sym->item && sym->item->sym != sym) {
			free(sym->owner_key);
			sym->owner_key = kd_strdup(sym->item->sym->owner_key);
			sym->owners = sym->item->sym->owners;
			sym->nr_owners = sym->item->sym->nr_owners;
		}
	}
}

void kd_items_twin(struct kd_elf *pre, struct kd_elf *post)
{
	size_t i;

	(void)pre;	/* twins are symmetric */
	for (i = 0; i < post->nr_syms; i++) {
		struct kd_sym *sym = &post->syms[i];
		struct kd_item *a, *b = sym->item;

		if (!b || b->twin || !sym->twin || !sym->twin->item)
			continue;
		a = sym->twin->item;
		if (a->twin)
			continue;
		a->twin = b;
		b->twin = a;
	}
}
