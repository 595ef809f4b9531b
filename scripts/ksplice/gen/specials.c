// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the special sections of the update: the entries of
 * loader-processed tables (bug, exception, jump label, alternative,
 * ftrace, ORC, ... tables) that belong to the carried code, and x86's
 * runtime constants.
 */
#include <stdlib.h>
#include <string.h>

#include "sel.h"

static enum kg_special gen_kind(enum ks_gen_kind k)
{
	switch (k) {
	case KS_GEN_TABLE:
		return KG_SPEC_TABLE;
	case KS_GEN_ANNOTATION:
		return KG_SPEC_ANNOTATION;
	case KS_GEN_PARALLEL:
		return KG_SPEC_PARALLEL;
	case KS_GEN_SKIP:
		return KG_SPEC_SKIP;
	case KS_GEN_UNKNOWN:
		return KG_SPEC_UNKNOWN;
	case KS_GEN_RUNTIME_CONST:
		return KG_SPEC_RUNTIME_CONST;
	default:
		return KG_SPEC_NONE;
	}
}

void kg_special_lookup(const struct kd_elf *kelf, const struct kd_sec *sec,
		       struct kg_special_desc *d)
{
	const struct ks_special *r;

	memset(d, 0, sizeof(*d));
	r = ks_special_find(kelf->arch, sec->name, KS_WANT_GEN);
	if (r) {
		d->kind = gen_kind(r->gen);
		d->entsize = r->entsize;
		d->loader_only = r->loader_only;
		d->companion = r->companion;
		return;
	}
	/* Tables the differ knows and we do not: refuse when used. */
	if (sec->special == KD_SPECIAL_TABLE)
		d->kind = KG_SPEC_UNKNOWN;
	else if (!kd_sec_alloc(sec) || sec->special == KD_SPECIAL_IGNORE)
		d->kind = KG_SPEC_SKIP;
}

/* Every entry of @esize bytes starts with a relocation. */
static bool entries_start_with_relocs(const struct kd_sec *sec,
				      GElf_Addr esize)
{
	GElf_Addr off;
	size_t n;

	if (!esize || sec->size % esize)
		return false;
	for (off = 0; off < sec->size; off += esize) {
		struct kd_rela *r = kd_relas_in(sec, off, off + esize, &n);

		if (!n || r[0].offset != off)
			return false;
	}
	return true;
}

GElf_Addr kg_entry_size(const struct kd_elf *kelf, const struct kd_sec *sec,
			const struct kg_special_desc *d)
{
	bool ptr64 = kelf->ehdr.e_ident[EI_CLASS] == ELFCLASS64;

	if (sec->sh.sh_entsize && !(sec->size % sec->sh.sh_entsize))
		return sec->sh.sh_entsize;
	if (d->entsize)
		return sec->size % d->entsize ? 0 : d->entsize;
	if (!strcmp(sec->name, "__bug_table")) {
		/* With or without CONFIG_DEBUG_BUGVERBOSE. */
		static const unsigned int sizes[] = { 12, 8 };
		size_t i;

		for (i = 0; i < 2; i++)
			if (entries_start_with_relocs(sec, sizes[i]))
				return sizes[i];
		return 0;
	}
	if (d->kind == KG_SPEC_ANNOTATION && sec->nr_relas) {
		/* One relocation per entry: its width is the entry's. */
		GElf_Addr w = kd_rela_width(kelf, sec->relas[0].type);

		if (!w)
			w = ptr64 ? 8 : 4;
		return entries_start_with_relocs(sec, w) ? w : 0;
	}
	return 0;
}

bool kg_jump_entry_layout(const struct kd_elf *kelf, unsigned int *code,
			  unsigned int *key)
{
	*code = kelf->arch->jump_code_off;
	*key = kelf->arch->jump_key_off;
	return *key != 0;
}

bool kg_early_key_field(const struct kd_elf *kelf, const char *section,
			unsigned int *key)
{
	unsigned int code;

	if (!strcmp(section, "__jump_table"))
		return kg_jump_entry_layout(kelf, &code, key);
	if (!strcmp(section, ".static_call_sites") &&
	    kelf->arch->static_call_key_off) {
		*key = kelf->arch->static_call_key_off;
		return true;
	}
	return false;
}

bool kg_runtime_const(const struct kd_elf *kelf, const char *section,
		      const char **var, unsigned int *width)
{
	const struct ks_arch *arch = kelf->arch;
	size_t i;

	for (i = 0; i < arch->nr_runtime_consts; i++) {
		const char *prefix = arch->runtime_consts[i].prefix;

		if (!kd_starts_with(section, prefix) ||
		    !section[strlen(prefix)])
			continue;
		*var = section + strlen(prefix);
		*width = arch->runtime_consts[i].width;
		return true;
	}
	return false;
}

void kg_find_alt_orig(struct sel *s)
{
	const struct ks_arch *alt = s->post->arch;
	size_t i, j;

	for (i = 0; i < s->post->nr_secs; i++) {
		struct kd_sec *sec = &s->post->secs[i];

		if (strcmp(sec->name, ".altinstructions") || !sec->data ||
		    !alt->alt_size)
			continue;
		for (j = 0; j < sec->nr_relas; j++) {
			const struct kd_rela *r = &sec->relas[j];
			struct range rg;

			if (r->offset % alt->alt_size || !r->sym ||
			    !r->sym->sec ||
			    r->offset + alt->alt_len_off + 1 > sec->size)
				continue;
			rg.sec = r->sym->sec;
			rg.start = r->sym->value + r->addend;
			rg.end = rg.start + sec->data[r->offset +
						      alt->alt_len_off];
			KD_PUSH(s->alt_orig, s->nr_alt_orig, s->cap_alt_orig,
				rg);
		}
	}
}

/* The carried function an entry belongs to, if any. */
static const struct kd_item *entry_owner(struct sel *s, struct kd_sec *sec,
					 GElf_Addr off, GElf_Addr size)
{
	struct kd_rela *r;
	size_t n, i;

	r = kd_relas_in(sec, off, off + size, &n);
	for (i = 0; i < n; i++) {
		struct kd_target t;

		kd_resolve(s->post, sec, &r[i], &t);
		if (t.kind == KD_T_ITEM && t.item->func &&
		    kg_map_get(&s->item_piece, t.item))
			return t.item;
	}
	return NULL;
}

static void copy_table(struct sel *s, struct kd_sec *sec,
		       const struct kg_special_desc *d)
{
	GElf_Addr esize = kg_entry_size(s->post, sec, d), off;

	if (!sec->nr_relas)
		return;
	for (off = 0; esize && off + esize <= sec->size; off += esize) {
		const struct kd_item *owner;
		struct kd_rela *rel;
		struct kg_piece *p;
		bool keep = true;
		size_t n, i;

		owner = entry_owner(s, sec, off, esize);
		if (!owner)
			continue;
		if (d->kind == KG_SPEC_UNKNOWN)
			break;
		rel = kd_relas_in(sec, off, off + esize, &n);
		for (i = 0; i < n && keep; i++) {
			struct res r;

			kg_resolve(s, sec, &rel[i], d->loader_only, &r);
			if (d->kind == KG_SPEC_ANNOTATION) {
				/* objtool's hints: only about carried code. */
				keep = r.d == D_KEEP && kg_keep_exists(s, &r);
			} else if (r.d == D_FAIL &&
				   kg_tracepoint_key(s, sec, off, &rel[i], &r)) {
				kg_warn("%s: %s: tracepoint %s stays disabled in the new code (its key is not exported)",
					s->label, item_name(owner),
					r.name + strlen("__tracepoint_"));
			} else if (r.d == D_FAIL &&
				   !kg_early_key(s, sec, off, &rel[i], &r)) {
				kg_error("%s: %s: %s entry: %s", s->label,
					 item_name(owner), sec->name, r.why);
			}
			free(r.why);
		}
		if (!keep)
			continue;
		p = kg_add_piece(s, sec, off, off + esize, owner, true);
		kg_scan_piece(s, p);
	}
	if (d->kind == KG_SPEC_UNKNOWN || !esize) {
		const struct kd_item *owner = NULL;
		size_t i;

		for (i = 0; i < sec->nr_relas && !owner; i++)
			owner = entry_owner(s, sec, sec->relas[i].offset, 1);
		if (owner)
			kg_error("%s: %s: special section %s is not supported (%s)",
				 s->label, item_name(owner), sec->name,
				 esize ? "unknown table" :
				 "cannot tell the size of its entries");
	}
}

/*
 * x86's runtime constants: each entry of runtime_ptr_<var> or
 * runtime_shift_<var> points at an immediate that the boot code filled
 * in with the value of <var>.  The copy in the new code still holds the
 * compiler's placeholder, and a module cannot have the table (the core
 * kernel walks it once, at boot): each entry about carried code becomes
 * a ksplice reloc that has the core write the variable's current value.
 */
static void runtime_consts(struct sel *s, struct kd_sec *sec)
{
	static const unsigned char ptr_placeholder[8] = {
		0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
	};
	unsigned int width;
	const char *var;
	GElf_Addr off;

	if (!kg_runtime_const(s->post, sec->name, &var, &width))
		kg_error("%s: %s: not a runtime constant table", s->label,
			 sec->name);
	for (off = 0; off + 4 <= sec->size; off += 4) {
		const struct kd_item *owner = entry_owner(s, sec, off, 4);
		struct kg_treloc tr;
		struct kd_rela *rel;
		struct kg_piece *p;
		GElf_Addr at;
		bool ok;
		size_t n;

		if (!owner)
			continue;
		if (s->objname)
			kg_error("%s: %s: %s: runtime constants exist only in vmlinux",
				 s->label, item_name(owner), sec->name);
		rel = kd_relas_in(sec, off, off + 4, &n);
		if (n != 1 || rel->offset != off || !rel->sym || !rel->sym->sec)
			kg_error("%s: %s: %s entry at 0x%llx: not one relocation to code",
				 s->label, item_name(owner), sec->name,
				 (unsigned long long)off);
		at = rel->sym->value + rel->addend;
		p = kg_piece_covering(s, rel->sym->sec, at, at + width);
		ok = p && p->osec->alias && rel->sym->sec->data;
		/* The placeholders of asm/runtime-const.h, as a check. */
		if (ok && width == 8)
			ok = !memcmp(rel->sym->sec->data + at, ptr_placeholder,
				     8);
		else if (ok)
			ok = rel->sym->sec->data[at] == 12;
		if (!ok)
			kg_error("%s: %s: %s entry at 0x%llx does not point at a placeholder immediate of the new code",
				 s->label, item_name(owner), sec->name,
				 (unsigned long long)off);

		memset(&tr, 0, sizeof(tr));
		tr.site_sym = p->osec->alias;
		tr.site_off = at - p->start + p->out;
		tr.name = kd_strdup(var);
		tr.type = width;
		tr.flags = KG_RELOC_RUNTIME_CONST;
		tr.type_name = width == 8 ? "runtime_ptr" : "runtime_shift";
		KD_PUSH(s->t->relocs, s->t->nr_relocs, s->t->cap_relocs, tr);
		kg_add_alias_use(s->t, p->osec->alias);
		kg_info("%s: %s+0x%llx: %u-byte immediate <- %s (runtime constant)",
			s->label, item_name(owner),
			(unsigned long long)(at - owner->sym->value), width,
			var);
	}
}

/* .orc_unwind follows .orc_unwind_ip entry by entry. */
static void copy_parallel(struct sel *s, struct kd_sec *sec,
			  const struct kg_special_desc *d)
{
	struct kg_special_desc cd;
	struct kd_sec *comp = NULL;
	struct kg_osec *co;
	GElf_Addr cesize;
	size_t i;

	for (i = 0; i < s->post->nr_secs; i++)
		if (!strcmp(s->post->secs[i].name, d->companion))
			comp = &s->post->secs[i];
	if (!comp || !s->omap[comp->index])
		return;
	kg_special_lookup(s->post, comp, &cd);
	cesize = kg_entry_size(s->post, comp, &cd);
	co = s->omap[comp->index];
	for (i = 0; cesize && i < co->nr_pieces; i++) {
		GElf_Addr idx = co->pieces[i]->start / cesize;

		if ((idx + 1) * d->entsize > sec->size)
			kg_error("%s: %s is shorter than %s", s->label,
				 sec->name, comp->name);
		kg_add_piece(s, sec, idx * d->entsize, (idx + 1) * d->entsize,
			     co->pieces[i]->owner, true);
	}
}

void kg_copy_specials(struct sel *s)
{
	size_t i, pass;

	/*
	 * Tables first, then annotations (they only describe carried
	 * code), then parallel arrays.
	 */
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < s->post->nr_secs; i++) {
			struct kd_sec *sec = &s->post->secs[i];
			const struct kg_special_desc *d = &s->spec[i];

			if (pass == 0 && (d->kind == KG_SPEC_TABLE ||
					  d->kind == KG_SPEC_UNKNOWN))
				copy_table(s, sec, d);
			else if (pass == 0 &&
				 d->kind == KG_SPEC_RUNTIME_CONST)
				runtime_consts(s, sec);
			else if (pass == 1 && d->kind == KG_SPEC_ANNOTATION)
				copy_table(s, sec, d);
			else if (pass == 2 && d->kind == KG_SPEC_PARALLEL)
				copy_parallel(s, sec, d);
			kg_drain(s);
		}
	}
}
