// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: comparison of byte ranges of two objects.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "../elf/util.h"

#define KD_CMP_MAX_DEPTH (sizeof(((struct kd_cmp *)0)->stack) / \
			  sizeof(((struct kd_cmp *)0)->stack[0]))

void kd_cmp_init(struct kd_cmp *c, const struct kd_elf *pre,
		 const struct kd_elf *post)
{
	memset(c, 0, sizeof(*c));
	c->pre = pre;
	c->post = post;
}

void kd_diff_free(struct kd_diff *d)
{
	free(d->runs);
	memset(d, 0, sizeof(*d));
}

bool kd_diff_empty(const struct kd_diff *d)
{
	return !d->size && !d->relocs && !d->nr_runs;
}

static bool sym_equal(const struct kd_sym *a, const struct kd_sym *b)
{
	if (a->twin)
		return a->twin == b;
	/* Symbols that could not be matched at all: same name. */
	return !b->twin && a->shndx == SHN_UNDEF && b->shndx == SHN_UNDEF &&
	       !strcmp(a->name, b->name);
}

static bool bytes_equal(const struct kd_sec *sa, GElf_Addr a,
			const struct kd_sec *sb, GElf_Addr b, GElf_Addr len)
{
	GElf_Addr i;

	for (i = 0; i < len; i++)
		if (kd_byte(sa, a + i) != kd_byte(sb, b + i))
			return false;
	return true;
}

/*
 * Text that differs only in the numbers of __UNIQUE_ID_ names: a
 * trace event's print_fmt holds its TP_printk() arguments as text, and
 * min() there declares __UNIQUE_ID_x_639; a header that uses
 * __COUNTER__ once more makes it __UNIQUE_ID_x_640 in every includer.
 * The text means the same.
 */
#define KD_UNIQUE_ID "__UNIQUE_ID_"

/* The end of the name at @i that starts with KD_UNIQUE_ID, or @i. */
static GElf_Addr unique_id_at(const struct kd_sec *sec, GElf_Addr i,
			      GElf_Addr end, GElf_Addr *digits)
{
	size_t plen = strlen(KD_UNIQUE_ID), k;
	GElf_Addr e;

	if (end - i <= plen)
		return i;
	for (k = 0; k < plen; k++)
		if (kd_byte(sec, i + k) != (unsigned char)KD_UNIQUE_ID[k])
			return i;
	for (e = i + plen; e < end &&
	     (isalnum(kd_byte(sec, e)) || kd_byte(sec, e) == '_'); e++)
		;
	for (*digits = e; *digits > i + plen && isdigit(kd_byte(sec, *digits - 1));
	     (*digits)--)
		;
	return *digits < e ? e : i;
}

static bool equal_but_counters(const struct kd_sec *sa, GElf_Addr a,
			       GElf_Addr alen, const struct kd_sec *sb,
			       GElf_Addr b, GElf_Addr blen)
{
	GElf_Addr i = a, j = b, ea, eb, da, db;

	while (i < a + alen && j < b + blen) {
		ea = unique_id_at(sa, i, a + alen, &da);
		eb = unique_id_at(sb, j, b + blen, &db);
		if (ea != i && eb != j && da - i == db - j &&
		    bytes_equal(sa, i, sb, j, da - i)) {
			i = ea;
			j = eb;
			continue;
		}
		if (kd_byte(sa, i) != kd_byte(sb, j))
			return false;
		i++;
		j++;
	}
	return i == a + alen && j == b + blen;
}

static bool chunk_equal(struct kd_cmp *c, const struct kd_target *ta,
			const struct kd_target *tb)
{
	GElf_Addr len = ta->end - ta->start;
	size_t i;
	bool r;

	if (len != tb->end - tb->start)
		return false;
	for (i = 0; i < c->depth; i++)
		if (c->stack[i].a == ta->sec && c->stack[i].b == tb->sec &&
		    c->stack[i].oa == ta->start && c->stack[i].ob == tb->start)
			return true;	/* a cycle: equal unless shown not */
	if (c->depth >= KD_CMP_MAX_DEPTH)
		return false;
	c->stack[c->depth].a = ta->sec;
	c->stack[c->depth].b = tb->sec;
	c->stack[c->depth].oa = ta->start;
	c->stack[c->depth].ob = tb->start;
	c->depth++;
	r = kd_cmp_range(c, ta->sec, ta->start, len, tb->sec, tb->start, len,
			 NULL);
	c->depth--;
	return r;
}

bool kd_cmp_target(struct kd_cmp *c, const struct kd_sec *fa,
		   const struct kd_rela *ra, const struct kd_sec *fb,
		   const struct kd_rela *rb)
{
	struct kd_target ta, tb;

	kd_resolve(c->pre, fa, ra, &ta);
	kd_resolve(c->post, fb, rb, &tb);
	if (ta.kind != tb.kind || ta.delta != tb.delta)
		return false;

	switch (ta.kind) {
	case KD_T_NONE:
		return true;
	case KD_T_SYM:
		return sym_equal(ta.sym, tb.sym);
	case KD_T_ITEM:
		return ta.item->twin == tb.item;
	case KD_T_STR:
		return equal_but_counters(ta.sec, ta.start, ta.end - ta.start,
					  tb.sec, tb.start, tb.end - tb.start);
	case KD_T_CONST:
		return ta.end - ta.start == tb.end - tb.start &&
		       bytes_equal(ta.sec, ta.start, tb.sec, tb.start,
				   ta.end - ta.start);
	case KD_T_CHUNK:
		return chunk_equal(c, &ta, &tb);
	}
	return false;
}

static void add_run(struct kd_diff *d, GElf_Addr i)
{
	struct kd_run run = { i, 1 };

	if (d->nr_runs) {
		struct kd_run *last = &d->runs[d->nr_runs - 1];

		if (last->start + last->len == i) {
			last->len++;
			return;
		}
	}
	KD_PUSH(d->runs, d->nr_runs, d->cap_runs, run);
}

static void apply_masks(unsigned char *mask, GElf_Addr len,
			const struct kd_rela *r, size_t n, GElf_Addr base)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < r[i].mlen; k++)
			if (r[i].offset - base + k < len)
				mask[r[i].offset - base + k] &= ~r[i].mask[k];
}

bool kd_cmp_range(struct kd_cmp *c, const struct kd_sec *sa, GElf_Addr a0,
		  GElf_Addr alen, const struct kd_sec *sb, GElf_Addr b0,
		  GElf_Addr blen, struct kd_diff *diff)
{
	struct kd_rela *ra, *rb;
	size_t na, nb, i;
	unsigned char *mask;
	GElf_Addr len;
	bool equal = true;

	ra = kd_relas_in(sa, a0, a0 + alen, &na);
	rb = kd_relas_in(sb, b0, b0 + blen, &nb);
	if (alen != blen) {
		if (!diff)
			return false;
		diff->size = true;
		equal = false;
	}

	if (na != nb) {
		if (!diff)
			return false;
		diff->relocs = true;
		equal = false;
	} else {
		for (i = 0; i < na; i++) {
			if (ra[i].offset - a0 == rb[i].offset - b0 &&
			    ra[i].type == rb[i].type &&
			    kd_cmp_target(c, sa, &ra[i], sb, &rb[i]))
				continue;
			if (!diff)
				return false;
			diff->relocs = true;
			equal = false;
			break;
		}
	}

	len = alen < blen ? alen : blen;
	mask = kd_malloc(len);
	memset(mask, 0xff, len);
	apply_masks(mask, len, ra, na, a0);
	apply_masks(mask, len, rb, nb, b0);
	for (i = 0; i < len; i++) {
		if (!((kd_byte(sa, a0 + i) ^ kd_byte(sb, b0 + i)) & mask[i]))
			continue;
		equal = false;
		if (!diff)
			break;
		add_run(diff, i);
	}
	free(mask);

	/* Section kinds: a variable moving from .bss to .data is fine. */
	if ((sa->sh.sh_flags ^ sb->sh.sh_flags) &
	    (SHF_WRITE | SHF_EXECINSTR | SHF_ALLOC)) {
		if (diff)
			diff->size = true;
		equal = false;
	}
	/*
	 * Data with no pointer in it that differs: the same text but for
	 * counters is no difference.  (Only a chunk compares without
	 * @diff, and chunks of two lengths never come here.)
	 */
	if (!equal && !na && !nb && sa->sh.sh_flags == sb->sh.sh_flags &&
	    !(sa->sh.sh_flags & SHF_EXECINSTR) &&
	    equal_but_counters(sa, a0, alen, sb, b0, blen)) {
		if (diff)
			kd_diff_free(diff);
		return true;
	}
	return equal;
}

/* Do two section offsets designate the same place in matched items? */
static bool same_place(const struct kd_item *a, GElf_Sxword ta,
		       const struct kd_item *b, GElf_Sxword tb)
{
	struct kd_item *ia = kd_item_at(a->sec, ta, false);
	struct kd_item *ib = kd_item_at(b->sec, tb, false);

	return ia && ib && ia->twin == ib &&
	       ta - (GElf_Sxword)ia->start == tb - (GElf_Sxword)ib->start;
}

static bool no_reloc_at(const struct kd_sec *sec, GElf_Addr start,
			GElf_Addr len)
{
	size_t n;

	kd_relas_in(sec, start, start + len, &n);
	return !n;
}

/*
 * Are the instructions at @sa of @a and @sb of @b the same direct
 * branch (same encoding but the displacement, no relocation) to the
 * same place?  On success, @insn is the decoded one.
 */
static bool same_branch(struct kd_cmp *c, const struct kd_item *a,
			GElf_Addr sa, const struct kd_item *b, GElf_Addr sb,
			struct ks_insn *insn)
{
	const struct ks_arch *arch = c->post->arch;
	GElf_Addr as = a->start + sa, bs = b->start + sb, k;
	struct ks_insn ib;

	if (sa >= a->size || sb >= b->size ||
	    !arch->decode(a->sec->data + as, a->size - sa, c->pre->big_endian,
			  insn) ||
	    !arch->decode(b->sec->data + bs, b->size - sb, c->post->big_endian,
			  &ib) ||
	    insn->kind == KS_INSN_OTHER || !insn->rtype ||
	    ib.kind != insn->kind || ib.len != insn->len ||
	    ib.disp_off != insn->disp_off)
		return false;
	/* The same instruction but for the displacement. */
	for (k = 0; k < insn->disp_off; k++)
		if (kd_byte(a->sec, as + k) != kd_byte(b->sec, bs + k))
			return false;
	if (arch->insn_align &&
	    kd_byte(a->sec, as + (c->pre->big_endian ? 0 : 3)) !=
	    kd_byte(b->sec, bs + (c->post->big_endian ? 0 : 3)))
		return false;
	if (!no_reloc_at(a->sec, as + insn->disp_off, insn->disp_len) ||
	    !no_reloc_at(b->sec, bs + insn->disp_off, insn->disp_len))
		return false;
	return same_place(a, as + insn->target, b, bs + ib.target);
}

/*
 * Is [run] the displacement of direct branches to the same place: on
 * x86 one rel32 (the instruction starts a few bytes before the run),
 * with fixed-width instructions (ARM) every word of the run?
 */
static bool branch_run(struct kd_cmp *c, const struct kd_item *a,
		       const struct kd_item *b, const struct kd_run *run)
{
	unsigned int w = c->post->arch->insn_align;
	struct ks_insn insn;
	GElf_Addr s;

	if (w) {
		for (s = run->start / w * w; s < run->start + run->len; s += w)
			if (s + w > a->size || !same_branch(c, a, s, b, s, &insn))
				return false;
		return true;
	}
	for (s = run->start >= 6 ? run->start - 6 : 0; s < run->start; s++)
		if (same_branch(c, a, s, b, s, &insn) &&
		    s + insn.disp_off <= run->start &&
		    run->start + run->len <= s + insn.disp_off +
					     insn.disp_len)
			return true;
	return false;
}

void kd_cmp_drop_branches(struct kd_cmp *c, const struct kd_item *a,
			  const struct kd_item *b, struct kd_diff *d)
{
	size_t i, n = 0;

	if ((a->whole && b->whole) || d->size || a->size != b->size ||
	    !a->sec->data || !b->sec->data)
		return;
	for (i = 0; i < d->nr_runs; i++) {
		bool branch;

		branch = branch_run(c, a, b, &d->runs[i]);
		if (!branch)
			d->runs[n++] = d->runs[i];
	}
	d->nr_runs = n;
}
