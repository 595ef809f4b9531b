// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the pre side: the code of every replaced function as
 * the running kernel has it, its relocations and its sites the kernel
 * rewrites at boot, for run-pre matching.
 */
#include <stdlib.h>
#include <string.h>

#include "sel.h"

/* Bytes the kernel rewrites at a site, from the arch layer. */
static unsigned int site_len(const struct kd_elf *kelf, enum kg_site_kind k,
			     const struct kd_sec *esec, GElf_Addr eoff,
			     const struct kd_sec *fsec, GElf_Addr site)
{
	bool e = esec->data && eoff < esec->size;
	bool f = fsec->data && site < fsec->size;

	return kelf->arch->site_len((enum ks_site_kind)k,
				    e ? esec->data + eoff : NULL,
				    e ? esec->size - eoff : 0,
				    f ? fsec->data + site : NULL,
				    f ? fsec->size - site : 0);
}

static bool pre_reloc(struct sel *s, const struct kd_elf *kelf,
		      const struct kd_sec *sec, const struct kd_rela *r,
		      GElf_Addr base, struct kg_treloc *tr);

/*
 * The replacement of the .altinstructions entry at @eoff of @esec (its
 * second field points at it, its length is the entry's byte 13, its
 * flags the high half of the third field): bytes and relocations.
 * Without them the core accepts the original instructions only.
 */
static void alt_site(struct sel *s, const struct kd_elf *kelf,
		     const struct kd_sec *esec, GElf_Addr eoff,
		     struct kg_tsite *site)
{
	const struct kd_rela *rr = NULL;
	const struct kd_sec *rsec;
	struct kd_rela *rel;
	struct kg_treloc tr;
	GElf_Addr start, len;
	unsigned int fl;
	size_t i, n;

	if (kelf->ehdr.e_machine != EM_X86_64 || eoff + 14 > esec->size)
		return;
	for (i = 0; i < esec->nr_relas && !rr; i++)
		if (esec->relas[i].offset == eoff + 4)
			rr = &esec->relas[i];
	if (!rr || !rr->sym || !rr->sym->sec ||
	    strcmp(rr->sym->sec->name, ".altinstr_replacement"))
		return;
	rsec = rr->sym->sec;
	start = rr->sym->value + rr->addend;
	len = kd_byte(esec, eoff + 13);
	if (start + len > rsec->size || (len && !rsec->data))
		return;
	fl = kd_byte(esec, eoff + 10) | kd_byte(esec, eoff + 11) << 8;
	site->alt_flags = KG_ALT_REPL;
	if (fl & 0x2)		/* ALT_FLAG_DIRECT_CALL */
		site->alt_flags |= KG_ALT_DIRECT_CALL;
	site->repl = len ? rsec->data + start : NULL;
	site->repl_len = len;
	rel = kd_relas_in(rsec, start, start + len, &n);
	for (i = 0; i < n; i++)
		if (pre_reloc(s, kelf, rsec, &rel[i], start, &tr))
			KD_PUSH(site->repl_relocs, site->nr_repl_relocs,
				site->cap_repl_relocs, tr);
}

static void pre_sites(struct sel *s, struct kg_tfunc *f,
		      const struct kd_item *a, GElf_Addr v, GElf_Addr size)
{
	const struct kd_elf *kelf = a->kelf;
	size_t i, j;

	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];
		const struct ks_special *st;
		struct kg_special_desc d;
		enum kg_site_kind kind = 0;
		unsigned int width = 0;
		GElf_Addr esize;
		const char *var;

		st = ks_special_find(kelf->arch, sec->name, KS_WANT_SITE);
		if (st)
			kind = (enum kg_site_kind)st->site;
		if (kg_runtime_const(kelf, sec->name, &var, &width))
			kind = KG_SITE_RUNTIME_CONST;
		if (!kind)
			continue;
		kg_special_lookup(kelf, sec, &d);
		esize = kg_entry_size(kelf, sec, &d);
		if (!esize)
			continue;
		for (j = 0; j < sec->nr_relas; j++) {
			const struct kd_rela *r = &sec->relas[j];
			struct kg_tsite site;
			GElf_Addr target;

			/* The code pointer is each entry's first field. */
			if (r->offset % esize || !r->sym || r->sym->sec != a->sec)
				continue;
			target = r->sym->value + r->addend;
			if (target < v || target >= v + size)
				continue;
			memset(&site, 0, sizeof(site));
			site.offset = target - v;
			site.kind = kind;
			site.len = kind == KG_SITE_RUNTIME_CONST ? width :
				   site_len(kelf, kind, sec, r->offset,
					    a->sec, target);
			if (kind == KG_SITE_ALTERNATIVE)
				alt_site(s, kelf, sec, r->offset, &site);
			KD_PUSH(f->sites, f->nr_sites, f->cap_sites, site);
		}
	}
}

/* Longest piece of pre data the core compares (its limit is 4096). */
#define KG_PRE_DATA_MAX 256

/*
 * The bytes of a string or of a piece of read-only data that pre code
 * points at, for run-pre matching to compare with the running kernel's.
 * Writable data changes at run time, and bytes that are relocated
 * themselves differ: those pieces get no bytes (their sites are still
 * checked against each other).
 */
static void pre_data(const struct kd_target *t, struct kg_treloc *tr)
{
	const struct kd_sec *sec = t->sec;
	GElf_Addr end = t->end;
	size_t n, i;

	if (t->kind != KD_T_STR && t->kind != KD_T_CONST &&
	    t->kind != KD_T_CHUNK)
		return;
	if (!sec || !sec->data || !kd_sec_alloc(sec) ||
	    kd_sec_writable(sec) || kd_sec_exec(sec) ||
	    t->start >= t->end || t->end > sec->size)
		return;
	kd_relas_in(sec, t->start, t->end, &n);
	if (n)
		return;
	/* A relocation just before the piece may reach into it. */
	for (i = 0; i < sec->nr_relas; i++)
		if (sec->relas[i].offset < t->start &&
		    sec->relas[i].offset + 8 > t->start)
			return;
	if (end - t->start > KG_PRE_DATA_MAX)
		end = t->start + KG_PRE_DATA_MAX;
	tr->data = sec->data + t->start;
	tr->data_len = end - t->start;
	tr->data_off = t->start;
}

/*
 * One relocation of pre code (of a function, or of an alternative's
 * replacement), its site @base bytes into the section: false if it
 * refers to nothing.
 */
static bool pre_reloc(struct sel *s, const struct kd_elf *kelf,
		      const struct kd_sec *sec, const struct kd_rela *r,
		      GElf_Addr base, struct kg_treloc *tr)
{
	const struct kg_export *e;
	struct kd_target t;

	memset(tr, 0, sizeof(*tr));
	kd_resolve(kelf, sec, r, &t);
	tr->site_off = r->offset - base;
	tr->type = r->type;
	tr->type_name = kd_rela_type_name(kelf, r->type);
	tr->objname = s->objname;
	tr->unit = s->label;
	switch (t.kind) {
	case KD_T_NONE:
		return false;
	case KD_T_ITEM:
		tr->name = kd_strdup(t.item->sym->name);
		tr->addend = (GElf_Sxword)(r->sym->value + r->addend -
					   t.item->sym->value);
		if (t.item->sym->bind == STB_LOCAL)
			tr->flags |= KG_RELOC_LOCAL;
		break;
	case KD_T_SYM:
		tr->name = kd_strdup(t.sym->name);
		tr->addend = r->addend;
		if (t.sym->bind == STB_LOCAL)
			tr->flags |= KG_RELOC_LOCAL;
		if (t.sym->shndx == SHN_UNDEF) {
			e = kg_symvers_find(t.sym->name);
			if (e)
				tr->objname = kg_export_objname(e);
		}
		break;
	default:
		/* Anonymous: named by its section. */
		tr->name = kd_strdup(t.sec->name);
		tr->addend = (GElf_Sxword)(r->sym->value + r->addend);
		tr->flags |= KG_RELOC_SECTION | KG_RELOC_LOCAL;
		pre_data(&t, tr);
		break;
	}
	return true;
}

static void pre_relocs(struct sel *s, struct kg_tfunc *f,
		       const struct kd_item *a, GElf_Addr v, GElf_Addr size)
{
	struct kd_rela *rel;
	struct kg_treloc tr;
	size_t n, i;

	rel = kd_relas_in(a->sec, v, v + size, &n);
	for (i = 0; i < n; i++) {
		if (pre_reloc(s, a->kelf, a->sec, &rel[i], v, &tr))
			KD_PUSH(f->relocs, f->nr_relocs, f->cap_relocs, tr);
	}
}

/*
 * The function @a of the pre object as the running kernel compiled it:
 * the same-named function of the "run" object (its code is what run-pre
 * matching compares; its section may hold other functions too), or @a
 * itself.
 */
static const struct kd_item *running_func(const struct sel *s,
					  const struct kd_item *a)
{
	const struct kd_elf *run = s->obj->run;
	size_t i;

	if (!run)
		return a;
	for (i = 0; i < run->nr_items; i++) {
		const struct kd_item *r = run->items[i];

		if (r->func && r->sym && !strcmp(r->sym->name, a->sym->name))
			return r;
	}
	return NULL;
}

/*
 * The table record of the pre function @a; @alias names its new code,
 * or none with @match_only.
 */
static void add_pre_func(struct sel *s, const struct kd_item *a,
			 const char *alias, bool match_only)
{
	/* Its place in .text, from the compile with a section each. */
	unsigned int order = kg_text_order(a->kelf, a->sym);
	const struct kd_item *run = running_func(s, a);
	struct kg_tfunc f;
	GElf_Addr v, size;

	if (!run)
		kg_error("%s: %s: not in the object compiled as the running kernel was",
			 s->label, a->sym->name);
	a = run;
	memset(&f, 0, sizeof(f));
	v = a->sym->value;
	size = a->sym->size;
	if (!size || v + size > a->start + a->size)
		size = a->start + a->size - v;
	if (a->sec->sh.sh_type == SHT_NOBITS || !a->sec->data ||
	    v + size > a->sec->size)
		kg_error("%s: %s: no code for the running function", s->label,
			 a->sym->name);
	f.name = kd_strdup(a->sym->name);
	f.objname = s->objname;
	f.new_alias = alias ? kd_strdup(alias) : NULL;
	f.object = s->label;
	f.local = a->sym->bind == STB_LOCAL;
	f.match_only = match_only;
	f.order = order;
	f.pre = kd_malloc(size);
	memcpy(f.pre, a->sec->data + v, size);
	f.pre_size = size;
	pre_relocs(s, &f, a, v, size);
	pre_sites(s, &f, a, v, size);
	if (f.new_alias)
		kg_add_alias_use(s->t, f.new_alias);
	KD_PUSH(s->t->funcs, s->t->nr_funcs, s->t->cap_funcs, f);
}

static void add_func(struct sel *s, const struct kd_item *b)
{
	add_pre_func(s, b->twin, kg_fn_alias(s, b), false);
}

/* Whether @a is a function of the pre object with code kept after boot. */
static bool kept_func(const struct kd_item *a)
{
	return a->func && !a->init && a->sym && a->sec &&
	       a->sec->sh.sh_type != SHT_NOBITS && a->sec->data;
}

/*
 * --sweep: the record of every function of the pre object that stays
 * after boot, with no new code, for the self-match sweep (run-pre
 * matching of a whole object against the running kernel).  Weak
 * functions are left out, and counted: where another object defines the
 * function too (an architecture's own), the running code is that one.
 */
size_t kg_sweep_funcs(struct sel *s, size_t *weak)
{
	size_t i, n = 0;

	for (i = 0; i < s->pre->nr_items; i++) {
		const struct kd_item *a = s->pre->items[i];

		if (!kept_func(a))
			continue;
		if (a->sym->bind == STB_WEAK) {
			(*weak)++;
			continue;
		}
		add_pre_func(s, a, NULL, false);
		n++;
	}
	return n;
}

void kg_replaced_funcs(struct sel *s)
{
	size_t i, j;

	for (i = 0; i < s->post->nr_items; i++) {
		struct kd_item *b = s->post->items[i];

		if (!b->func || b->cls != KD_CHANGED || !b->twin)
			continue;
		add_func(s, b);
		/* Its .cold part: the old one is only reached from it. */
		for (j = 0; j < s->post->nr_items; j++) {
			struct kd_item *c = s->post->items[j];

			if (kg_is_cold_of(c, b) && c->twin &&
			    c->cls != KD_CHANGED)
				add_func(s, c);
		}
	}
}

/* Whether a relocation of pre code refers to the local symbol @name. */
static bool refers_to(const struct kd_elf *kelf, const struct kd_sec *sec,
		      const struct kd_rela *r, const char *name)
{
	struct kd_target t;

	kd_resolve(kelf, sec, r, &t);
	if (t.kind == KD_T_ITEM)
		return t.item->sym->bind == STB_LOCAL &&
		       !strcmp(t.item->sym->name, name);
	if (t.kind == KD_T_SYM)
		return t.sym->bind == STB_LOCAL && !strcmp(t.sym->name, name);
	return false;
}

/* Whether the pre code of a function of the tables refers to @name. */
static bool tables_refer_to(const struct sel *s, size_t func0,
			    const char *name)
{
	const struct kg_tfunc *f;
	size_t i, k;

	for (i = func0; i < s->t->nr_funcs; i++) {
		f = &s->t->funcs[i];
		for (k = 0; k < f->nr_relocs; k++)
			if ((f->relocs[k].flags & KG_RELOC_LOCAL) &&
			    !(f->relocs[k].flags & KG_RELOC_SECTION) &&
			    !strcmp(f->relocs[k].name, name))
				return true;
	}
	return false;
}

/* Whether the tables hold the function @name of this object. */
static bool in_tables(const struct sel *s, size_t func0, const char *name)
{
	size_t i;

	for (i = func0; i < s->t->nr_funcs; i++)
		if (!strcmp(s->t->funcs[i].name, name))
			return true;
	return false;
}

/*
 * A function of the pre object, kept after boot and compiled into the
 * running kernel, whose code refers to the local @name; NULL if none.
 */
static const struct kd_item *pre_func_referring(const struct sel *s,
						const char *name)
{
	const struct kd_rela *rel;
	size_t i, k, n;

	for (i = 0; i < s->pre->nr_items; i++) {
		const struct kd_item *a = s->pre->items[i];

		if (!kept_func(a) || a->sym->bind == STB_WEAK ||
		    !running_func(s, a))
			continue;
		rel = kd_relas_in(a->sec, a->start, a->start + a->size, &n);
		for (k = 0; k < n; k++)
			if (refers_to(s->pre, a->sec, &rel[k], name))
				return a;
	}
	return NULL;
}

/* The local symbol @name of @kelf that is no function, or NULL. */
static const struct kd_sym *local_data(const struct kd_elf *kelf,
				       const char *name)
{
	size_t i;

	for (i = 0; i < kelf->nr_syms; i++) {
		const struct kd_sym *y = &kelf->syms[i];

		if (y->bind == STB_LOCAL && y->name && y->sec &&
		    y->type != STT_FUNC && y->type != STT_SECTION &&
		    !strcmp(y->name, name))
			return y;
	}
	return NULL;
}

/*
 * The static @r names may still be named by no pre relocation, though a
 * pre function that reads it is matched: on ARM the running code reaches
 * statics through a section anchor, a relocation to the first symbol of
 * the section and an offset in the instruction (ldrb r2, [r3, #2]).  Then
 * the static is as far from a symbol of its section that run-pre matching
 * resolves as it is in the object compiled as the running kernel was:
 * the linker moves an input section whole.  @r is rewritten to that
 * symbol, with the distance in its addend.
 */
static void via_section_neighbour(struct sel *s, struct kg_treloc *r,
				   size_t func0)
{
	const struct kd_elf *run = s->obj->run ? s->obj->run : s->pre;
	const struct kd_sym *want = local_data(run, r->name), *at;
	const struct kg_treloc *pr;
	size_t i, k;

	if (!want)
		return;
	for (i = func0; i < s->t->nr_funcs; i++) {
		for (k = 0; k < s->t->funcs[i].nr_relocs; k++) {
			pr = &s->t->funcs[i].relocs[k];
			if (!(pr->flags & KG_RELOC_LOCAL) ||
			    (pr->flags & KG_RELOC_SECTION))
				continue;
			at = local_data(run, pr->name);
			if (!at || at->sec != want->sec)
				continue;
			kg_info("%s: %s is %s%+lld in %s", s->label, r->name,
				at->name,
				(long long)(want->value - at->value),
				want->sec->name);
			r->addend += (GElf_Sxword)(want->value - at->value);
			free(r->name);
			r->name = kd_strdup(at->name);
			return;
		}
	}
}

/*
 * The new code may refer to a static that no replaced function's pre
 * code refers to: after the fix, the compiler inlined into a replaced
 * function a static function it called before, or no longer split one
 * (foo.part.0), whose once-flag or static variable the new code now
 * reads itself.  kallsyms often has several addresses for such a name
 * (every WARN_ON_ONCE() has a __already_done.N).  Run-pre matching of a
 * pre function that refers to it, which the update does not replace,
 * tells which: it is added, matched only (KSPLICE_FUNC_MATCH_ONLY).
 * Where its code reaches the static through a section anchor (ARM), the
 * reference is rewritten to the anchor's symbol (via_section_neighbour()).
 * Local functions are left to kallsyms and the neighbour rule.
 * @reloc0 and @func0: where this object's records start in the tables.
 */
void kg_match_only_funcs(struct sel *s, size_t reloc0, size_t func0)
{
	const struct kd_item *a;
	size_t i;

	for (i = reloc0; i < s->t->nr_relocs; i++) {
		const struct kg_treloc *r = &s->t->relocs[i];

		if (!(r->flags & KG_RELOC_LOCAL) ||
		    (r->flags & KG_RELOC_SECTION) ||
		    !r->unit || strcmp(r->unit, s->label) ||
		    !local_data(s->pre, r->name) ||
		    tables_refer_to(s, func0, r->name))
			continue;
		a = pre_func_referring(s, r->name);
		if (a && !in_tables(s, func0, a->sym->name)) {
			kg_info("%s: %s: matched only, for %s", s->label,
				a->sym->name, r->name);
			add_pre_func(s, a, NULL, true);
		}
		if (!tables_refer_to(s, func0, r->name))
			via_section_neighbour(s, &s->t->relocs[i], func0);
	}
}
