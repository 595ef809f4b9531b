// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: direct branches between the functions of one
 * section.
 *
 * In a section that several functions share (.sched.text,
 * .spinlock.text, .noinstr.text, .kprobes.text, ...; -ffunction-sections
 * does not split an explicit section), the assembler resolves a call or
 * jump from one function to a local one of the same section itself and
 * writes no relocation.  Copied into an update, such a branch would go
 * wherever the displacement lands next to the copy.  When loading an
 * object, each one becomes a relocation like those the assembler writes
 * (rel32 on x86, b/bl on ARM, to the callee's symbol), with its field
 * rewritten to hold the addend as a relocation's would: the differ
 * compares it by target, the generator resolves it like any other
 * reference (the running callee, or the update's copy), and run-pre
 * matching checks it.  A branch that no relocation can carry (a short
 * jump, code the decoder does not know) is recorded as a gap: a function
 * with one is refused when it would be moved.
 */
#include <stdlib.h>
#include <string.h>

#include "kelf.h"
#include "util.h"
#include "../arch/arch.h"

static bool is_padding_sym(const struct kd_sym *sym)
{
	return kd_starts_with(sym->name, "__pfx_") ||
	       kd_starts_with(sym->name, "__cfi_");
}

static bool is_func(const struct kd_sym *sym)
{
	return (sym->type == STT_FUNC || sym->type == STT_GNU_IFUNC) &&
	       sym->size && !is_padding_sym(sym);
}

/* ARM mapping symbols: $a (A32), $t (Thumb), $d (data), maybe $x.N. */
static char mapping_kind(const struct kd_sym *sym)
{
	const char *n = sym->name;

	if (n[0] != '$' || !n[1] || (n[2] && n[2] != '.'))
		return 0;
	return n[1] == 'a' || n[1] == 't' || n[1] == 'd' ? n[1] : 0;
}

struct sec_syms {
	struct kd_sym **funcs;
	size_t nr_funcs;
	struct kd_sym **maps;	/* ARM mapping symbols, by address */
	size_t nr_maps;
	struct kd_sym *secsym;
};

static int sym_by_value(const void *a, const void *b)
{
	const struct kd_sym *sa = *(struct kd_sym *const *)a;
	const struct kd_sym *sb = *(struct kd_sym *const *)b;

	if (sa->value != sb->value)
		return sa->value < sb->value ? -1 : 1;
	return sa->index < sb->index ? -1 : sa->index > sb->index;
}

/* The mapping kind in force at @off ('a' when there is none). */
static char mapping_at(const struct sec_syms *ss, GElf_Addr off)
{
	char k = ss->nr_maps ? 0 : 'a';
	size_t i;

	for (i = 0; i < ss->nr_maps && ss->maps[i]->value <= off; i++)
		k = mapping_kind(ss->maps[i]);
	return k;
}

static void add_gap(struct kd_sec *sec, size_t *cap, GElf_Addr off,
		    const char *why)
{
	struct kd_gap g = { off, why };

	KD_PUSH(sec->gaps, sec->nr_gaps, *cap, g);
}

/* The symbol a relocation to @target should name. */
static struct kd_sym *target_sym(const struct sec_syms *ss, GElf_Addr target)
{
	size_t i;

	for (i = 0; i < ss->nr_funcs; i++)
		if (ss->funcs[i]->value == target)
			return ss->funcs[i];
	return ss->secsym;
}

static bool has_reloc(const struct kd_sec *sec, GElf_Addr start,
		      GElf_Addr end)
{
	size_t n;

	kd_relas_in(sec, start, end, &n);
	return n != 0;
}

struct added {
	struct kd_rela *relas;
	size_t nr, cap;
	size_t gap_cap;
};

static void add_branch(struct kd_elf *kelf, struct kd_sec *sec,
		       const struct sec_syms *ss, GElf_Addr at,
		       const struct ks_insn *insn, struct added *ad)
{
	GElf_Sxword target = (GElf_Sxword)at + insn->target;
	struct ks_insn field;
	struct kd_rela r;
	struct kd_sym *sym;

	if (target < 0 || (GElf_Addr)target > sec->size) {
		add_gap(sec, &ad->gap_cap, at, "a branch leaves its section");
		return;
	}
	sym = target_sym(ss, target);
	if (!insn->rtype || !sym) {
		add_gap(sec, &ad->gap_cap, at, insn->rtype ?
			"a branch to another function has no symbol to name" :
			"a short branch to another function cannot be relocated");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.offset = at + insn->disp_off;
	r.type = insn->rtype;
	r.sym = sym;
	r.symidx = sym->index;
	r.addend = target - (GElf_Sxword)sym->value + insn->addend;
	r.seq = sec->nr_relas + ad->nr + 1;
	if (!sec->own_data) {
		sec->own_data = kd_malloc(sec->size);
		memcpy(sec->own_data, sec->data, sec->size);
		sec->data = sec->own_data;
	}
	/* The field as the assembler would have left it, and its bits. */
	field = *insn;
	field.addend = r.addend;
	kelf->arch->set_branch_field(sec->own_data + at, &field, kelf->rel,
				     kelf->big_endian);
	if (kelf->rel && kelf->arch->rel_addend) {
		kelf->arch->rel_addend(sec->own_data + r.offset,
				       sec->size - r.offset, r.type,
				       kelf->big_endian, &r.addend, r.mask,
				       &r.mlen);
	} else {
		r.mlen = insn->disp_len;
		memset(r.mask, 0xff, insn->disp_len);
	}
	KD_PUSH(ad->relas, ad->nr, ad->cap, r);
}

/* Decode the function [v, end) of @sec. */
static void scan_func(struct kd_elf *kelf, struct kd_sec *sec,
		      const struct sec_syms *ss, GElf_Addr v, GElf_Addr end,
		      struct added *ad)
{
	const struct ks_arch *arch = kelf->arch;
	GElf_Addr at = v;

	while (at < end) {
		struct ks_insn insn;
		char map = mapping_at(ss, at);

		if (map == 'd') {
			at += arch->insn_align ? arch->insn_align : 1;
			continue;
		}
		if (map != 'a' ||
		    !arch->decode(sec->data + at, end - at, kelf->big_endian,
				  &insn)) {
			add_gap(sec, &ad->gap_cap, at,
				map == 't' ? "Thumb code is not decoded" :
				"an instruction the decoder does not know");
			return;
		}
		if (insn.kind != KS_INSN_OTHER &&
		    (at + insn.target < v || at + insn.target >= end) &&
		    !has_reloc(sec, at + insn.disp_off,
			       at + insn.disp_off + insn.disp_len))
			add_branch(kelf, sec, ss, at, &insn, ad);
		at += insn.len;
	}
}

static void scan_section(struct kd_elf *kelf, struct kd_sec *sec)
{
	struct sec_syms ss = { 0 };
	struct added ad = { 0 };
	size_t i, cap_f = 0, cap_m = 0;

	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];

		if (sym->sec != sec)
			continue;
		if (is_func(sym))
			KD_PUSH(ss.funcs, ss.nr_funcs, cap_f, sym);
		else if (kelf->arch->mapping_symbols && mapping_kind(sym))
			KD_PUSH(ss.maps, ss.nr_maps, cap_m, sym);
		else if (sym->type == STT_SECTION && !ss.secsym)
			ss.secsym = sym;
	}
	/* One function: its branches cannot reach another. */
	if (ss.nr_funcs < 2)
		goto out;
	kd_sort(ss.funcs, ss.nr_funcs, sizeof(*ss.funcs), sym_by_value);
	kd_sort(ss.maps, ss.nr_maps, sizeof(*ss.maps), sym_by_value);
	for (i = 0; i < ss.nr_funcs; i++) {
		GElf_Addr v = ss.funcs[i]->value;
		GElf_Addr end = v + ss.funcs[i]->size;

		if (i && v == ss.funcs[i - 1]->value)
			continue;	/* an alias */
		if (end > sec->size)
			end = sec->size;
		scan_func(kelf, sec, &ss, v, end, &ad);
	}
	if (ad.nr) {
		sec->relas = kd_realloc(sec->relas, (sec->nr_relas + ad.nr) *
						    sizeof(*sec->relas));
		memcpy(sec->relas + sec->nr_relas, ad.relas,
		       ad.nr * sizeof(*ad.relas));
		sec->nr_relas += ad.nr;
		kd_relas_sort(sec);
	}
	free(ad.relas);
out:
	free(ss.funcs);
	free(ss.maps);
}

void kd_branches_add(struct kd_elf *kelf)
{
	size_t i;

	if (!kelf->arch)
		return;
	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];

		if (kd_sec_exec(sec) && kd_sec_alloc(sec) && sec->data &&
		    sec->sh.sh_type == SHT_PROGBITS)
			scan_section(kelf, sec);
	}
}

const struct kd_gap *kd_gap_in(const struct kd_sec *sec, GElf_Addr start,
			       GElf_Addr end)
{
	size_t i;

	for (i = 0; i < sec->nr_gaps; i++)
		if (sec->gaps[i].off >= start && sec->gaps[i].off < end)
			return &sec->gaps[i];
	return NULL;
}
