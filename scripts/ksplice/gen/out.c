// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the output object (struct kg_out): its sections,
 * symbols and relocations, and the pieces of input sections copied
 * into it.  write.c writes it.
 */
#include <stdlib.h>
#include <string.h>

#include "sel.h"

struct kg_osym *kg_new_osym(struct sel *s, const char *name,
			    unsigned char type, unsigned char bind)
{
	struct kg_osym *o = kd_calloc(1, sizeof(*o));

	o->name = kd_strdup(name);
	o->type = type;
	o->bind = bind;
	KD_PUSH(s->out.syms, s->out.nr_syms, s->out.cap_syms, o);
	return o;
}

static bool valid_c_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool osym_exists(const struct sel *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->out.nr_syms; i++)
		if (!strcmp(s->out.syms[i]->name, name))
			return true;
	return false;
}

/* A global alias __ksplice_<k>_<what>, unique in the output. */
struct kg_osym *kg_new_alias(struct sel *s, const char *what,
			     struct kg_osec *osec, GElf_Addr value)
{
	char *name = kd_asprintf("__ksplice_%d_%s", s->obj->index, what);
	struct kg_osym *o;
	char *p;
	int n = 1;

	for (p = name; *p; p++)
		if (!valid_c_char(*p))
			*p = '_';
	while (osym_exists(s, name)) {
		free(name);
		name = kd_asprintf("__ksplice_%d_%s_%d", s->obj->index, what,
				   ++n);
		for (p = name; *p; p++)
			if (!valid_c_char(*p))
				*p = '_';
	}
	o = kg_new_osym(s, name, STT_NOTYPE, STB_GLOBAL);
	free(name);
	o->osec = osec;
	o->value = value;
	return o;
}

static struct kg_osec *osec_for(struct sel *s, struct kd_sec *isec)
{
	struct kg_osec *o = s->omap[isec->index];
	char what[32];

	if (o)
		return o;
	o = kd_calloc(1, sizeof(*o));
	o->name = kd_strdup(isec->name);
	o->isec = isec;
	o->type = isec->sh.sh_type;
	o->flags = isec->sh.sh_flags & ~(GElf_Xword)SHF_GROUP;
	o->entsize = isec->sh.sh_entsize;
	o->align = isec->sh.sh_addralign ? isec->sh.sh_addralign : 1;
	KD_PUSH(s->out.secs, s->out.nr_secs, s->out.cap_secs, o);
	s->omap[isec->index] = o;

	o->secsym = kg_new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	snprintf(what, sizeof(what), "sec%zu", s->out.nr_secs);
	o->alias = kg_new_alias(s, what, o, 0)->name;
	return o;
}

/* Place [start, end) of @isec in its output section. */
struct kg_piece *kg_add_piece(struct sel *s, struct kd_sec *isec,
			      GElf_Addr start, GElf_Addr end,
			      const struct kd_item *owner, bool entry)
{
	struct kg_osec *o = osec_for(s, isec);
	struct kg_piece *p = kd_calloc(1, sizeof(*p));
	GElf_Addr out, size = end - start;
	size_t i, idx = isec->index;

	/* Keep the input's alignment of the piece. */
	out = (o->size + o->align - 1) / o->align * o->align;
	out += start % o->align;
	p->isec = isec;
	p->start = start;
	p->end = end;
	p->out = out;
	p->osec = o;
	p->owner = owner;
	p->entry = entry;

	if (o->type != SHT_NOBITS) {
		o->data = kd_realloc(o->data, out + size);
		/* Gaps in code: int3 on x86, zeros elsewhere. */
		memset(o->data + o->size,
		       kd_sec_exec(isec) ? s->post->arch->code_fill : 0,
		       out - o->size);
		for (i = 0; i < size; i++)
			o->data[out + i] = kd_byte(isec, start + i);
	}
	o->size = out + size;
	KD_PUSH(o->pieces, o->nr_pieces, o->cap_pieces, p);
	KD_PUSH(s->ipieces[idx], s->nr_ipieces[idx], s->cap_ipieces[idx], p);
	KD_PUSH(s->work, s->nr_work, s->cap_work, p);

	/*
	 * The symbols inside, local: objtool and kallsyms want them.  New
	 * globals stay global: other objects of the update may use them.
	 */
	if (!entry) {
		for (i = 0; i < s->post->nr_syms; i++) {
			struct kd_sym *sym = &s->post->syms[i];
			struct kg_osym *c;

			if (sym->sec != isec || sym->type == STT_SECTION ||
			    sym->type == STT_FILE || !*sym->name ||
			    kd_starts_with(sym->name, ".L") ||
			    sym->value < start || sym->value >= end ||
			    s->symcopy[i])
				continue;
			c = kg_new_osym(s, sym->name, sym->type,
					sym->bind != STB_LOCAL &&
					kg_update_defines(sym->name) ?
					STB_GLOBAL : STB_LOCAL);
			c->osec = o;
			c->value = sym->value - start + out;
			c->size = sym->size;
			s->symcopy[i] = c;
		}
	}
	return p;
}

/* The carried piece of @sec that holds [start, end), if any. */
struct kg_piece *kg_piece_covering(const struct sel *s,
				   const struct kd_sec *sec,
				   GElf_Addr start, GElf_Addr end)
{
	size_t i, idx = sec->index;

	for (i = 0; i < s->nr_ipieces[idx]; i++) {
		struct kg_piece *p = s->ipieces[idx][i];

		if (p->start <= start && end <= p->end && !p->entry)
			return p;
	}
	return NULL;
}

struct kg_osym *kg_undef_osym(struct sel *s, const char *name)
{
	struct kg_osym *o;
	size_t i;

	for (i = 0; i < s->nr_undef; i++)
		if (!strcmp(s->undef[i]->name, name))
			return s->undef[i];
	o = kg_new_osym(s, name, STT_NOTYPE, STB_GLOBAL);
	KD_PUSH(s->undef, s->nr_undef, s->cap_undef, o);
	return o;
}

void kg_emit(struct sel *s, struct kg_piece *p, const struct kd_rela *rela,
	     struct kg_osym *sym, GElf_Sxword addend)
{
	struct kg_osec *o = p->osec;
	struct kg_orela r;

	r.off = rela->offset - p->start + p->out;
	r.type = rela->type;
	r.sym = sym;
	r.addend = addend;
	if (s->post->rel && addend != rela->addend &&
	    !kd_rel_set_addend(s->post, o->data + r.off, rela->type, addend))
		kg_error("%s: %s+0x%llx: cannot rewrite the addend of a %s relocation",
			 s->label, p->isec->name,
			 (unsigned long long)rela->offset,
			 kd_rela_type_name(s->post, rela->type) ?: "(unknown)");
	KD_PUSH(o->relas, o->nr_relas, o->cap_relas, r);
}

struct kg_osym *kg_placeholder(struct sel *s)
{
	struct kg_osec *o;

	if (s->placeholder)
		return s->placeholder;
	/*
	 * int3 in read-only data: never meant to run.  Like a function,
	 * it follows 16 bytes of nop padding: x86's call depth tracking
	 * looks there for room for an accounting thunk.
	 */
	o = kd_calloc(1, sizeof(*o));
	o->name = kd_strdup(".rodata.__ksplice_unresolved");
	o->type = SHT_PROGBITS;
	o->flags = SHF_ALLOC;
	o->align = 16;
	o->size = 32;
	o->data = kd_malloc(32);
	memset(o->data, 0x90, 16);
	memset(o->data + 16, 0xcc, 16);
	KD_PUSH(s->out.secs, s->out.nr_secs, s->out.cap_secs, o);
	o->secsym = kg_new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	s->placeholder = kg_new_osym(s, "__ksplice_unresolved", STT_OBJECT,
				     STB_LOCAL);
	s->placeholder->osec = o;
	s->placeholder->value = 16;
	s->placeholder->size = 16;
	return s->placeholder;
}

struct kg_osym *kg_disabled_key(struct sel *s)
{
	struct kg_osym *k;
	struct kg_osec *o;
	size_t i;

	for (i = 0; i < s->out.nr_syms; i++)
		if (!strcmp(s->out.syms[i]->name, "__ksplice_disabled_key"))
			return s->out.syms[i];
	/* struct static_key, all zeroes: disabled, default false. */
	o = kd_calloc(1, sizeof(*o));
	o->name = kd_strdup(".data.__ksplice_disabled_key");
	o->type = SHT_PROGBITS;
	o->flags = SHF_ALLOC | SHF_WRITE;
	o->align = 8;
	o->size = 16;
	o->data = kd_calloc(1, 16);
	KD_PUSH(s->out.secs, s->out.nr_secs, s->out.cap_secs, o);
	o->secsym = kg_new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	k = kg_new_osym(s, "__ksplice_disabled_key", STT_OBJECT, STB_LOCAL);
	k->osec = o;
	k->size = 16;
	return k;
}

/* SHF_LINK_ORDER sections follow a code section of the output. */
void kg_link_sections(struct sel *s)
{
	size_t i;

	for (i = 0; i < s->out.nr_secs; i++) {
		struct kg_osec *o = s->out.secs[i];
		const struct kd_item *owner;

		if (!(o->flags & SHF_LINK_ORDER) || !o->isec)
			continue;
		if (o->isec->sh.sh_link < s->post->nr_secs &&
		    s->omap[o->isec->sh.sh_link]) {
			o->link = s->omap[o->isec->sh.sh_link];
			continue;
		}
		owner = o->nr_pieces ? o->pieces[0]->owner : NULL;
		if (owner && kg_map_get(&s->item_piece, owner))
			o->link = ((struct kg_piece *)
				   kg_map_get(&s->item_piece, owner))->osec;
		else
			o->flags &= ~(GElf_Xword)SHF_LINK_ORDER;
	}
}

/*
 * The tables point at the entry of each new function.  objtool (with
 * IBT) wants such data references to land on an ENDBR, which a static
 * function whose address the source never takes lacks: annotate it
 * like ANNOTATE_NOENDBR does.  The core jumps there directly.
 */
void kg_annotate_noendbr(struct sel *s, struct kg_osec *o,
			 GElf_Addr off)
{
	static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	struct kg_osec *a = NULL;
	struct kg_orela r;
	size_t i;

	if (!s->post->arch->ibt || !o->data ||
	    off + 4 > o->size || !memcmp(o->data + off, endbr64, 4))
		return;
	for (i = 0; i < s->out.nr_secs; i++)
		if (!strcmp(s->out.secs[i]->name, ".discard.noendbr"))
			a = s->out.secs[i];
	if (!a) {
		a = kd_calloc(1, sizeof(*a));
		a->name = kd_strdup(".discard.noendbr");
		a->type = SHT_PROGBITS;
		a->align = 1;
		KD_PUSH(s->out.secs, s->out.nr_secs, s->out.cap_secs, a);
	}
	a->data = kd_realloc(a->data, a->size + 4);
	memset(a->data + a->size, 0, 4);
	r.off = a->size;
	r.type = R_X86_64_32;
	r.sym = o->secsym;
	r.addend = off;
	KD_PUSH(a->relas, a->nr_relas, a->cap_relas, r);
	a->size += 4;
}
