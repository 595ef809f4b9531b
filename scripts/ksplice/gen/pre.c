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

static void pre_sites(struct sel *s, struct kg_tfunc *f,
		      const struct kd_item *a, GElf_Addr v, GElf_Addr size)
{
	size_t i, j;

	for (i = 0; i < s->pre->nr_secs; i++) {
		struct kd_sec *sec = &s->pre->secs[i];
		const struct ks_special *st;
		struct kg_special_desc d;
		enum kg_site_kind kind = 0;
		unsigned int width = 0;
		GElf_Addr esize;
		const char *var;

		st = ks_special_find(s->pre->arch, sec->name, KS_WANT_SITE);
		if (st)
			kind = (enum kg_site_kind)st->site;
		if (kg_runtime_const(s->pre, sec->name, &var, &width))
			kind = KG_SITE_RUNTIME_CONST;
		if (!kind)
			continue;
		kg_special_lookup(s->pre, sec, &d);
		esize = kg_entry_size(s->pre, sec, &d);
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
			site.offset = target - v;
			site.kind = kind;
			site.len = kind == KG_SITE_RUNTIME_CONST ? width :
				   site_len(s->pre, kind, sec, r->offset,
					    a->sec, target);
			KD_PUSH(f->sites, f->nr_sites, f->cap_sites, site);
		}
	}
}

static void pre_relocs(struct sel *s, struct kg_tfunc *f,
		       const struct kd_item *a, GElf_Addr v, GElf_Addr size)
{
	struct kd_rela *rel;
	size_t n, i;

	rel = kd_relas_in(a->sec, v, v + size, &n);
	for (i = 0; i < n; i++) {
		const struct kd_rela *r = &rel[i];
		struct kg_treloc tr;
		struct kd_target t;
		const struct kg_export *e;

		memset(&tr, 0, sizeof(tr));
		kd_resolve(s->pre, a->sec, r, &t);
		tr.site_off = r->offset - v;
		tr.type = r->type;
		tr.type_name = kd_rela_type_name(s->pre, r->type);
		tr.objname = s->objname;
		switch (t.kind) {
		case KD_T_NONE:
			continue;
		case KD_T_ITEM:
			tr.name = kd_strdup(t.item->sym->name);
			tr.addend = (GElf_Sxword)(r->sym->value + r->addend -
						  t.item->sym->value);
			if (t.item->sym->bind == STB_LOCAL)
				tr.flags |= KG_RELOC_LOCAL;
			break;
		case KD_T_SYM:
			tr.name = kd_strdup(t.sym->name);
			tr.addend = r->addend;
			if (t.sym->bind == STB_LOCAL)
				tr.flags |= KG_RELOC_LOCAL;
			if (t.sym->shndx == SHN_UNDEF) {
				e = kg_symvers_find(t.sym->name);
				if (e)
					tr.objname = kg_export_objname(e);
			}
			break;
		default:
			/* Anonymous: named by its section. */
			tr.name = kd_strdup(t.sec->name);
			tr.addend = (GElf_Sxword)(r->sym->value + r->addend);
			tr.flags |= KG_RELOC_SECTION | KG_RELOC_LOCAL;
			break;
		}
		KD_PUSH(f->relocs, f->nr_relocs, f->cap_relocs, tr);
	}
}

static void add_func(struct sel *s, const struct kd_item *b)
{
	const struct kd_item *a = b->twin;
	struct kg_tfunc f;
	GElf_Addr v, size;

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
	f.new_alias = kd_strdup(kg_fn_alias(s, b));
	f.object = s->label;
	f.pre = kd_malloc(size);
	memcpy(f.pre, a->sec->data + v, size);
	f.pre_size = size;
	pre_relocs(s, &f, a, v, size);
	pre_sites(s, &f, a, v, size);
	kg_add_alias_use(s->t, f.new_alias);
	KD_PUSH(s->t->funcs, s->t->nr_funcs, s->t->cap_funcs, f);
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
