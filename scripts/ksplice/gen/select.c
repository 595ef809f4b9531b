// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: what goes into the update, and how its references are
 * resolved.
 *
 * The update carries the post code of changed and new functions, new
 * data, the hook functions, and what they need that the running kernel
 * does not have: strings and constants of mergeable sections, anonymous
 * pieces of other sections (e.g. .altinstr_aux), and the entries of
 * special sections that belong to the carried functions.  Each piece is
 * copied into a same-named section of the output object.
 *
 * Every relocation of a carried piece is resolved in one of four ways:
 *
 *  keep	the target is carried too: an ELF relocation of the output
 *		object, applied by the module loader;
 *  loader	the target is an exported symbol: an ELF relocation to an
 *		undefined symbol, resolved by the module loader like in any
 *		module (modpost checks it);
 *  ksplice	the target is in the running kernel and not exported, or
 *		it is a function or variable of the same object (the new
 *		code must use the running kernel's storage): a struct
 *		ksplice_reloc that names it as kallsyms does (the pre
 *		object's name), written by the core before the switch;
 *  drop	nothing to relocate.
 *
 * The loader uses special-section entries (and the instructions that
 * alternatives replace) before the update's init runs, so relocations
 * there must be "keep" or "loader"; others are refused, with two
 * exceptions.  A static branch on a tracepoint's key that is not
 * exported is dropped and left disabled in the new code, with a
 * warning.  The key of any other static branch (__jump_table) or
 * static call (.static_call_sites) that is not exported becomes an
 * "early" ksplice reloc: the core writes it when the update module
 * comes in, before the jump-label and static-call code read the entry.
 *
 * On x86, a "ksplice" relocation of a call or jump keeps an ELF
 * relocation to a local placeholder (__ksplice_unresolved, in read-only
 * data) so that objtool, which runs on the linked update module, sees a
 * call to a symbol; the core overwrites the field.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../diff/special.h"
#include "../diff/symbol.h"
#include "../diff/util.h"

#define KG_MAX_PADDING 64

/* ---- a map from pointers to pointers ---- */

struct ptrmap {
	const void **keys;
	void **vals;
	size_t cap, nr;
};

static size_t pm_hash(const void *k, size_t cap)
{
	uintptr_t v = (uintptr_t)k;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ULL;
	return (v >> 7) & (cap - 1);
}

static void *pm_get(const struct ptrmap *m, const void *k)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = pm_hash(k, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k)
			return m->vals[i];
	return NULL;
}

static void pm_put(struct ptrmap *m, const void *k, void *v)
{
	size_t i;

	if (2 * (m->nr + 1) > m->cap) {
		struct ptrmap n = { 0 };

		n.cap = m->cap ? 2 * m->cap : 64;
		n.keys = kd_calloc(n.cap, sizeof(*n.keys));
		n.vals = kd_calloc(n.cap, sizeof(*n.vals));
		for (i = 0; i < m->cap; i++)
			if (m->keys[i])
				pm_put(&n, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		*m = n;
	}
	for (i = pm_hash(k, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k) {
			m->vals[i] = v;
			return;
		}
	m->keys[i] = k;
	m->vals[i] = v;
	m->nr++;
}

/* ---- selection state ---- */

struct range {
	const struct kd_sec *sec;
	GElf_Addr start, end;
};

struct sel {
	struct kg_object *obj;
	struct kd_elf *pre, *post;
	struct kg_tables *t;
	struct kg_out out;
	const char *objname;		/* NULL for vmlinux */
	const char *label;		/* object, for messages */

	struct kg_special_desc *spec;	/* by post section index */
	struct kg_osec **omap;		/* by post section index */
	struct kg_piece ***ipieces;	/* by post section index */
	size_t *nr_ipieces, *cap_ipieces;
	struct ptrmap item_piece;	/* item -> its piece */
	struct ptrmap wanted;		/* items the update carries */
	struct kg_osym **symcopy;	/* by post symbol index */
	struct kg_osym **undef;
	size_t nr_undef, cap_undef;
	struct kg_osym *placeholder;

	struct kg_piece **work;
	size_t nr_work, cap_work;
	struct hook {
		int kind;
		const struct kd_item *func;
	} *hooks;
	size_t nr_hooks, cap_hooks;
	struct range *alt_orig;		/* instructions alternatives replace */
	size_t nr_alt_orig, cap_alt_orig;
	size_t carried;
};

enum disp { D_DROP, D_KEEP, D_LOADER, D_KSPLICE, D_FAIL };

struct res {
	enum disp d;
	/* D_KEEP: the carried target (item, range, or existing piece). */
	const struct kd_item *item;
	struct kd_sec *sec;
	GElf_Addr start, end;
	struct kg_piece *piece;
	const struct kd_sym *abs;
	/* D_LOADER, D_KSPLICE */
	const char *name;
	const char *objname;
	bool local;
	GElf_Sxword addend;
	const struct kg_export *exp;
	/* D_FAIL */
	char *why;
	bool unexported;	/* only because the loader cannot see it */
};

static const char *item_name(const struct kd_item *item)
{
	return item ? item->sym->name : "?";
}

/* ---- output object ---- */

static struct kg_osym *new_osym(struct sel *s, const char *name,
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
static struct kg_osym *new_alias(struct sel *s, const char *what,
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
	o = new_osym(s, name, STT_NOTYPE, STB_GLOBAL);
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

	o->secsym = new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	snprintf(what, sizeof(what), "sec%zu", s->out.nr_secs);
	o->alias = new_alias(s, what, o, 0)->name;
	return o;
}

/* Place [start, end) of @isec in its output section. */
static struct kg_piece *add_piece(struct sel *s, struct kd_sec *isec,
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
		       (kd_sec_exec(isec) &&
			(s->post->ehdr.e_machine == EM_X86_64 ||
			 s->post->ehdr.e_machine == EM_386)) ? 0xcc : 0,
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
			c = new_osym(s, sym->name, sym->type,
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
static struct kg_piece *piece_covering(const struct sel *s,
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

/* ---- items ---- */

static bool is_cold_of(const struct kd_item *child,
		       const struct kd_item *parent)
{
	const char *c = child->sym->name, *p = parent->sym->name;
	size_t n = strlen(p);

	return child != parent && child->func &&
	       !strncmp(c, p, n) && kd_starts_with(c + n, ".cold");
}

static struct kg_piece *include_item(struct sel *s,
				     const struct kd_item *item);

static struct kg_piece *include_item(struct sel *s,
				     const struct kd_item *item)
{
	struct kg_piece *p = pm_get(&s->item_piece, item);
	GElf_Addr start, end;
	size_t i;

	if (p)
		return p;
	if (item->whole) {
		start = 0;
		end = item->sec->size;
	} else {
		start = item->start;
		end = item->start + item->size;
		/* A function's padding goes with it (call thunks). */
		if (item->func) {
			GElf_Addr prev_end = 0;

			for (i = 0; i < item->sec->nr_items; i++) {
				const struct kd_item *o = item->sec->items[i];

				if (o->start < item->start &&
				    o->start + o->size > prev_end)
					prev_end = o->start + o->size;
			}
			if (prev_end <= start &&
			    start - prev_end <= KG_MAX_PADDING)
				start = prev_end;
		}
		if (piece_covering(s, item->sec, start, end))
			kg_error("%s: %s overlaps another piece of %s",
				 s->label, item_name(item), item->sec->name);
	}
	p = add_piece(s, item->sec, start, end, item->func ? item : NULL,
		      false);
	pm_put(&s->item_piece, item, p);
	pm_put(&s->wanted, item, (void *)item);
	s->carried++;

	/* foo.cold is part of foo. */
	if (item->func)
		for (i = 0; i < s->post->nr_items; i++)
			if (is_cold_of(s->post->items[i], item))
				include_item(s, s->post->items[i]);
	return p;
}

static bool item_carried(const struct sel *s, const struct kd_item *item)
{
	return pm_get(&s->wanted, item) != NULL;
}

/* ---- relocation targets ---- */

static void fail(struct res *r, const char *fmt, ...)
	__printf(2, 3);

static void fail(struct res *r, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	r->why = kd_malloc(len + 1);
	va_start(ap, fmt);
	vsnprintf(r->why, len + 1, fmt, ap);
	va_end(ap);
	r->d = D_FAIL;
}

/* A target in the running kernel, named @name (its pre name). */
static void external(struct sel *s, struct res *r, const char *name,
		     bool local, GElf_Sxword addend, bool loader_only)
{
	const struct kg_export *e = local ? NULL : kg_symvers_find(name);

	r->name = name;
	r->local = local;
	r->addend = addend;
	if (e && loader_only) {
		r->d = D_LOADER;
		r->exp = e;
		return;
	}
	r->objname = s->objname;
	if (loader_only) {
		fail(r, "%s%s is not exported, so the module loader cannot resolve it before the update is applied",
		     local ? "static " : "", name);
		r->unexported = true;
		return;
	}
	r->d = D_KSPLICE;
}

static void undefined(struct sel *s, struct res *r, const char *name,
		      GElf_Sxword addend, bool loader_only)
{
	const struct kg_export *e = kg_symvers_find(name);

	r->name = name;
	r->addend = addend;
	/* New in another object of the update: the module link has it. */
	if (kg_update_defines(name)) {
		r->d = D_LOADER;
		return;
	}
	if (e) {
		r->d = D_LOADER;
		r->exp = e;
		return;
	}
	/*
	 * Not exported: vmlinux code refers to vmlinux; a module can only
	 * link to exports, so this is in the same module.
	 */
	r->objname = s->objname;
	if (loader_only) {
		fail(r, "%s is not exported, so the module loader cannot resolve it before the update is applied",
		     name);
		r->unexported = true;
		return;
	}
	r->d = D_KSPLICE;
}

/*
 * The address of a function the update replaces, taken by the new code
 * or data (not a call or jump): it must be the running function's, so
 * that function pointers compare equal whichever code took them; calls
 * through it reach the new code by the jump at its entry.  Special
 * sections point into the new code itself and keep doing so.
 */
static bool takes_replaced_address(const struct sel *s,
				   const struct kd_sec *isec,
				   const struct kd_rela *rela,
				   const struct kd_item *item)
{
	GElf_Sxword bias;

	if (!item->func || item->cls != KD_CHANGED || !item->twin ||
	    s->spec[isec->index].kind != KG_SPEC_NONE ||
	    !strcmp(isec->name, ".altinstr_replacement") ||
	    kd_starts_with(isec->name, ".ksplice_hook_") ||
	    kg_rela_is_branch(s->post, isec, rela) || rela->sym->sec != item->sec)
		return false;
	kd_rela_bias(s->post, isec, rela, 0, &bias);
	return rela->sym->value + rela->addend + bias == item->sym->value;
}

static void resolve(struct sel *s, struct kd_sec *isec,
		    const struct kd_rela *rela, bool loader_only,
		    struct res *r)
{
	const struct kd_sym *sym;
	struct kd_target t;
	GElf_Addr off;

	memset(r, 0, sizeof(*r));
	/* R_*_NONE, R_ARM_V4BX: markers, nothing to write. */
	if (!kd_rela_width(s->post, rela->type)) {
		r->d = D_DROP;
		return;
	}
	kd_resolve(s->post, isec, rela, &t);
	switch (t.kind) {
	case KD_T_NONE:
		r->d = D_DROP;
		return;
	case KD_T_ITEM:
		if (item_carried(s, t.item) &&
		    !takes_replaced_address(s, isec, rela, t.item)) {
			r->d = D_KEEP;
			r->item = t.item;
			return;
		}
		if (t.item->init) {
			fail(r, "%s is __init or __exit code or data",
			     item_name(t.item));
			return;
		}
		if (!t.item->twin) {
			fail(r, "%s is new but cannot be part of the update",
			     item_name(t.item));
			return;
		}
		off = rela->sym->value + rela->addend;
		external(s, r, t.item->twin->sym->name,
			 t.item->twin->sym->bind == STB_LOCAL,
			 (GElf_Sxword)(off - t.item->sym->value), loader_only);
		return;
	case KD_T_SYM:
		sym = t.sym;
		if (sym->shndx == SHN_UNDEF) {
			undefined(s, r, sym->name, rela->addend, loader_only);
			return;
		}
		if (sym->shndx == SHN_ABS) {
			r->d = D_KEEP;
			r->abs = sym;
			return;
		}
		if (!sym->sec) {
			fail(r, "%s is a common or unsupported symbol",
			     sym->name);
			return;
		}
		r->piece = piece_covering(s, sym->sec, sym->value,
					  sym->value);
		if (r->piece) {
			r->d = D_KEEP;
			return;
		}
		external(s, r, sym->twin ? sym->twin->name : sym->name,
			 sym->bind == STB_LOCAL, rela->addend, loader_only);
		return;
	case KD_T_STR:
	case KD_T_CONST:
		r->d = D_KEEP;
		r->sec = t.sec;
		r->start = 0;
		r->end = t.sec->size;
		return;
	case KD_T_CHUNK:
		r->d = D_KEEP;
		r->sec = t.sec;
		r->start = t.start;
		r->end = t.end;
		return;
	}
}

/* Whether a D_KEEP result needs nothing new. */
static bool keep_exists(const struct sel *s, const struct res *r)
{
	if (r->item)
		return pm_get(&s->item_piece, r->item) != NULL;
	if (r->sec)
		return piece_covering(s, r->sec, r->start, r->end) != NULL;
	return true;
}

static struct kg_osym *undef_osym(struct sel *s, const char *name)
{
	struct kg_osym *o;
	size_t i;

	for (i = 0; i < s->nr_undef; i++)
		if (!strcmp(s->undef[i]->name, name))
			return s->undef[i];
	o = new_osym(s, name, STT_NOTYPE, STB_GLOBAL);
	KD_PUSH(s->undef, s->nr_undef, s->cap_undef, o);
	return o;
}

static void add_namespace(struct sel *s, const char *ns)
{
	size_t i;

	for (i = 0; i < s->t->nr_namespaces; i++)
		if (!strcmp(s->t->namespaces[i], ns))
			return;
	KD_PUSH(s->t->namespaces, s->t->nr_namespaces, s->t->cap_namespaces,
		kd_strdup(ns));
}

static void add_alias_use(struct kg_tables *t, const char *alias)
{
	size_t i;

	for (i = 0; i < t->nr_aliases; i++)
		if (!strcmp(t->aliases[i], alias))
			return;
	KD_PUSH(t->aliases, t->nr_aliases, t->cap_aliases, kd_strdup(alias));
}

static void emit(struct sel *s, struct kg_piece *p, const struct kd_rela *rela,
		 struct kg_osym *sym, GElf_Sxword addend)
{
	struct kg_osec *o = p->osec;
	struct kg_orela r;

	r.off = rela->offset - p->start + p->out;
	r.type = rela->type;
	r.sym = sym;
	r.addend = addend;
	if (s->post->rel && addend != rela->addend &&
	    !kg_rel_set_addend(s->post, o->data + r.off, rela->type, addend))
		kg_error("%s: %s+0x%llx: cannot rewrite the addend of a %s relocation",
			 s->label, p->isec->name,
			 (unsigned long long)rela->offset,
			 kg_rela_type_name(s->post, rela->type) ?: "(unknown)");
	KD_PUSH(o->relas, o->nr_relas, o->cap_relas, r);
}

static struct kg_osym *placeholder(struct sel *s)
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
	o->secsym = new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	s->placeholder = new_osym(s, "__ksplice_unresolved", STT_OBJECT,
				  STB_LOCAL);
	s->placeholder->osec = o;
	s->placeholder->value = 16;
	s->placeholder->size = 16;
	return s->placeholder;
}

/*
 * The place of a function's section among the object's .text functions,
 * in the order the compiler emitted them (1, 2, ...), or 0: compiled
 * without -ffunction-sections, as the running kernel was, these are one
 * .text in this order.  Cold, hot, startup and exit parts, and sections
 * of their own, go elsewhere.
 */
static unsigned int text_order(const struct kd_elf *kelf,
			       const struct kd_sec *sec)
{
	static const char *const elsewhere[] = {
		".text.unlikely.", ".text.hot.", ".text.startup.",
		".text.exit.", ".text.unknown.",
	};
	unsigned int n = 0;
	size_t i, k;

	for (i = 0; sec && i <= sec->index && i < kelf->nr_secs; i++) {
		const struct kd_sec *t = &kelf->secs[i];
		bool in_text = !strncmp(t->name, ".text.", 6) && kd_sec_exec(t);

		for (k = 0; in_text && k < ARRAY_SIZE(elsewhere); k++)
			if (!strncmp(t->name, elsewhere[k], strlen(elsewhere[k])))
				in_text = false;
		if (in_text)
			n++;
		else if (t == sec)
			return 0;
	}
	return sec && sec->index < kelf->nr_secs ? n : 0;
}

/* text_order() of the local function @name of the pre object. */
static unsigned int local_order(const struct kd_elf *pre, const char *name)
{
	size_t i;

	for (i = 0; name && i < pre->nr_syms; i++) {
		const struct kd_sym *y = &pre->syms[i];

		if (y->bind == STB_LOCAL && y->type == STT_FUNC && y->sec &&
		    y->name && !strcmp(y->name, name))
			return text_order(pre, y->sec);
	}
	return 0;
}

/*
 * The table record of a relocation the core writes, at @rela of the
 * carried piece @p; the piece's alias is marked used.
 */
static void treloc_of(struct sel *s, const struct kg_piece *p,
		      const struct kd_rela *rela, const struct res *r,
		      struct kg_treloc *tr)
{
	memset(tr, 0, sizeof(*tr));
	tr->site_sym = p->osec->alias;
	tr->site_off = rela->offset - p->start + p->out;
	tr->name = kd_strdup(r->name);
	tr->objname = r->objname;
	tr->unit = s->label;
	tr->addend = r->addend;
	tr->type = rela->type;
	tr->flags = r->local ? KG_RELOC_LOCAL : 0;
	if (r->local)
		tr->order = local_order(s->pre, r->name);
	tr->type_name = kg_rela_type_name(s->post, rela->type);
	add_alias_use(s->t, p->osec->alias);
}

/* Apply a resolution: carry what it needs, emit the relocation. */
static void apply(struct sel *s, struct kg_piece *p, const struct kd_rela *rela,
		  struct res *r)
{
	struct kg_piece *tp = r->piece;
	struct kg_osym *c = rela->sym ? s->symcopy[rela->sym->index] : NULL;
	struct kg_treloc tr;
	unsigned int ptype;

	switch (r->d) {
	case D_DROP:
		return;
	case D_FAIL:
		if (p->owner && p->owner->sec != p->isec)
			kg_error("%s: %s: %s: %s", s->label,
				 item_name(p->owner), p->isec->name, r->why);
		kg_error("%s: %s: %s", s->label,
			 p->owner ? item_name(p->owner) : p->isec->name,
			 r->why);
	case D_KEEP:
		if (r->abs) {
			struct kg_osym *a = s->symcopy[r->abs->index];

			if (!a) {
				a = new_osym(s, r->abs->name, r->abs->type,
					     STB_LOCAL);
				a->abs = true;
				a->value = r->abs->value;
				s->symcopy[r->abs->index] = a;
			}
			emit(s, p, rela, a, rela->addend);
			return;
		}
		if (r->item)
			tp = include_item(s, r->item);
		else if (r->sec) {
			tp = piece_covering(s, r->sec, r->start, r->end);
			if (!tp)
				tp = add_piece(s, r->sec, r->start, r->end,
					       p->owner, false);
		}
		c = rela->sym ? s->symcopy[rela->sym->index] : NULL;
		if (c && !c->is_section && rela->sym->type != STT_SECTION) {
			emit(s, p, rela, c, rela->addend);
			return;
		}
		if (rela->sym->sec != tp->isec)
			kg_error("%s: %s+0x%llx: relocation to %s does not land in %s",
				 s->label, p->isec->name,
				 (unsigned long long)rela->offset,
				 rela->sym->name, tp->isec->name);
		emit(s, p, rela, tp->osec->secsym,
		     (GElf_Sxword)(rela->sym->value + rela->addend -
				   tp->start + tp->out));
		return;
	case D_LOADER:
		if (r->exp && r->exp->ns)
			add_namespace(s, r->exp->ns);
		emit(s, p, rela, undef_osym(s, r->name), r->addend);
		return;
	case D_KSPLICE:
		treloc_of(s, p, rela, r, &tr);
		KD_PUSH(s->t->relocs, s->t->nr_relocs, s->t->cap_relocs, tr);
		ptype = kg_placeholder_type(s->post);
		if (ptype && kg_rela_is_branch(s->post, p->isec, rela)) {
			struct kg_orela o = {
				.off = tr.site_off,
				.type = ptype,
				.sym = placeholder(s),
				.addend = r->addend,
			};

			KD_PUSH(p->osec->relas, p->osec->nr_relas,
				p->osec->cap_relas, o);
		}
		kg_info("%s: %s+0x%llx -> %s%s%s (ksplice reloc)", s->label,
			p->isec->name, (unsigned long long)rela->offset,
			r->objname ? r->objname : "", r->objname ? ":" : "",
			r->name);
		return;
	}
}

static bool in_alt_orig(const struct sel *s, const struct kd_sec *sec,
			GElf_Addr off)
{
	size_t i;

	for (i = 0; i < s->nr_alt_orig; i++)
		if (s->alt_orig[i].sec == sec && s->alt_orig[i].start <= off &&
		    off < s->alt_orig[i].end)
			return true;
	return false;
}

/*
 * A static branch on a tracepoint whose key the loader cannot resolve:
 * the entry stays, with its key replaced by a key of the update that
 * is never enabled, so the tracepoint stays off in the new code (as
 * the jump-label code and objtool see it).  Only for branches that are
 * off by default.
 */
static bool tracepoint_key(struct sel *s, const struct kd_sec *sec,
			   GElf_Addr off, const struct kd_rela *rela,
			   const struct res *r)
{
	unsigned int code_off, key_off;

	return !strcmp(sec->name, "__jump_table") &&
	       kg_jump_entry_layout(s->post, &code_off, &key_off) &&
	       rela->offset == off + key_off && r->name &&
	       kd_starts_with(r->name, "__tracepoint_") && !(r->addend & 1);
}

/*
 * The key of a __jump_table or .static_call_sites entry that the loader
 * cannot resolve (not exported, or static): resolved early by the core.
 */
static bool early_key(struct sel *s, const struct kd_sec *sec, GElf_Addr off,
		      const struct kd_rela *rela, const struct res *r)
{
	unsigned int key_off;

	return r->d == D_FAIL && r->unexported && r->name &&
	       kg_early_key_field(s->post, sec->name, &key_off) &&
	       rela->offset == off + key_off;
}

static struct kg_osym *disabled_key(struct sel *s);

/*
 * The field also gets an ELF relocation, to a key of the update that is
 * never enabled: objtool wants every entry to name a key, and should the
 * core not write the field, the branch stays off rather than following
 * a wild pointer.  The low bits of the addend are the entry's flags.
 */
static void add_early(struct sel *s, struct kg_piece *p,
		      const struct kd_rela *rela, const struct res *r)
{
	struct kg_treloc tr;

	treloc_of(s, p, rela, r, &tr);
	KD_PUSH(s->t->early, s->t->nr_early, s->t->cap_early, tr);
	emit(s, p, rela, disabled_key(s), r->addend & 3);
	kg_info("%s: %s+0x%llx -> %s%s%s (early ksplice reloc: key)",
		s->label, p->isec->name, (unsigned long long)rela->offset,
		r->objname ? r->objname : "", r->objname ? ":" : "", r->name);
}

static struct kg_osym *disabled_key(struct sel *s)
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
	o->secsym = new_osym(s, "", STT_SECTION, STB_LOCAL);
	o->secsym->osec = o;
	o->secsym->is_section = true;
	k = new_osym(s, "__ksplice_disabled_key", STT_OBJECT, STB_LOCAL);
	k->osec = o;
	k->size = 16;
	return k;
}

/*
 * A call or jump to a function the loader cannot resolve, in code the
 * loader rewrites before the update's init runs (alternatives): it
 * goes through a stub of the update instead, a jmp that the core points
 * at the function like any other reference.  Returns NULL if the
 * reference is no plain branch to the function's entry.
 */
static struct kg_osym *branch_stub(struct sel *s, struct kg_piece *p,
				   const struct kd_rela *rela,
				   const struct res *r)
{
	static const char *const name = ".text.__ksplice_stubs";
	unsigned int ptype = kg_placeholder_type(s->post);
	struct kg_osec *o = NULL;
	struct kg_osym *stub;
	struct kg_treloc tr;
	struct kg_orela pr;
	char *sname;
	size_t i;

	if (!ptype || !r->unexported || r->addend != -4 ||
	    !kg_rela_is_branch(s->post, p->isec, rela))
		return NULL;
	sname = kd_asprintf("__ksplice_stub_%s%s%s", r->name,
			    r->objname ? "." : "", r->objname ?: "");
	for (i = 0; i < s->out.nr_syms; i++)
		if (!strcmp(s->out.syms[i]->name, sname)) {
			free(sname);
			return s->out.syms[i];
		}
	for (i = 0; i < s->out.nr_secs; i++)
		if (!strcmp(s->out.secs[i]->name, name))
			o = s->out.secs[i];
	if (!o) {
		char what[32];

		o = kd_calloc(1, sizeof(*o));
		o->name = kd_strdup(name);
		o->type = SHT_PROGBITS;
		o->flags = SHF_ALLOC | SHF_EXECINSTR;
		o->align = 16;
		KD_PUSH(s->out.secs, s->out.nr_secs, s->out.cap_secs, o);
		o->secsym = new_osym(s, "", STT_SECTION, STB_LOCAL);
		o->secsym->osec = o;
		o->secsym->is_section = true;
		snprintf(what, sizeof(what), "sec%zu", s->out.nr_secs);
		o->alias = new_alias(s, what, o, 0)->name;
	}
	/* 16 bytes of nop padding (call thunks), jmp rel32, int3. */
	o->data = kd_realloc(o->data, o->size + 32);
	memset(o->data + o->size, 0x90, 16);
	o->data[o->size + 16] = 0xe9;
	memset(o->data + o->size + 17, 0, 4);
	memset(o->data + o->size + 21, 0xcc, 11);
	stub = new_osym(s, sname, STT_FUNC, STB_LOCAL);
	free(sname);
	stub->osec = o;
	stub->value = o->size + 16;
	stub->size = 5;

	memset(&tr, 0, sizeof(tr));
	tr.site_sym = o->alias;
	tr.site_off = o->size + 17;
	tr.name = kd_strdup(r->name);
	tr.objname = r->objname;
	tr.unit = s->label;
	tr.addend = -4;
	tr.type = ptype;
	tr.flags = r->local ? KG_RELOC_LOCAL : 0;
	if (r->local)
		tr.order = local_order(s->pre, r->name);
	tr.type_name = kg_rela_type_name(s->post, ptype);
	KD_PUSH(s->t->relocs, s->t->nr_relocs, s->t->cap_relocs, tr);
	add_alias_use(s->t, o->alias);

	pr.off = o->size + 17;
	pr.type = ptype;
	pr.sym = placeholder(s);
	pr.addend = -4;
	KD_PUSH(o->relas, o->nr_relas, o->cap_relas, pr);
	o->size += 32;
	kg_info("%s: %s calls %s through a stub (loader-patched code)",
		s->label, p->owner ? item_name(p->owner) : p->isec->name,
		r->name);
	return stub;
}

/*
 * The replacement an .altinstructions entry points at, exactly: its
 * length is in the entry (a chunk of .altinstr_replacement may hold
 * another function's replacement where this one is empty).
 */
static struct kg_piece *alt_replacement(struct sel *s, struct kg_piece *p,
					const struct kd_rela *rela)
{
	struct kd_sec *rsec = rela->sym ? rela->sym->sec : NULL;
	GElf_Addr start, len;
	struct kg_piece *rp;

	if (strcmp(p->isec->name, ".altinstructions") || !p->isec->data ||
	    (s->post->ehdr.e_machine != EM_X86_64 &&
	     s->post->ehdr.e_machine != EM_386) ||
	    rela->offset != p->start + 4 || !rsec ||
	    strcmp(rsec->name, ".altinstr_replacement"))
		return NULL;
	start = rela->sym->value + rela->addend;
	len = p->isec->data[p->start + 13];
	if (start + len > rsec->size)
		return NULL;
	rp = piece_covering(s, rsec, start, start + len);
	if (!rp)
		rp = add_piece(s, rsec, start, start + len, p->owner, false);
	return rp;
}

static void scan_piece(struct sel *s, struct kg_piece *p)
{
	const struct kg_special_desc *d = &s->spec[p->isec->index];
	struct kd_rela *relas;
	size_t n, i;

	if (p->scanned)
		return;
	p->scanned = true;
	relas = kd_relas_in(p->isec, p->start, p->end, &n);
	for (i = 0; i < n; i++) {
		bool lo = d->loader_only ||
			  in_alt_orig(s, p->isec, relas[i].offset);
		struct kg_piece *rp;
		struct kg_osym *stub;
		struct res r;

		rp = alt_replacement(s, p, &relas[i]);
		if (rp) {
			emit(s, p, &relas[i], rp->osec->secsym,
			     (GElf_Sxword)(relas[i].sym->value +
					   relas[i].addend - rp->start +
					   rp->out));
			continue;
		}
		resolve(s, p->isec, &relas[i], lo, &r);
		stub = r.d == D_FAIL ? branch_stub(s, p, &relas[i], &r) : NULL;
		if (r.d == D_FAIL && p->entry &&
		    tracepoint_key(s, p->isec, p->start, &relas[i], &r))
			emit(s, p, &relas[i], disabled_key(s), r.addend & 3);
		else if (p->entry &&
			 early_key(s, p->isec, p->start, &relas[i], &r))
			add_early(s, p, &relas[i], &r);
		else if (stub)
			emit(s, p, &relas[i], stub, r.addend);
		else
			apply(s, p, &relas[i], &r);
		free(r.why);
	}
}

static void drain(struct sel *s)
{
	while (s->nr_work) {
		struct kg_piece *p = s->work[--s->nr_work];

		scan_piece(s, p);
	}
}

/* ---- special sections ---- */

static void find_alt_orig(struct sel *s)
{
	size_t i, j;

	for (i = 0; i < s->post->nr_secs; i++) {
		struct kd_sec *sec = &s->post->secs[i];

		if (strcmp(sec->name, ".altinstructions") || !sec->data)
			continue;
		for (j = 0; j < sec->nr_relas; j++) {
			const struct kd_rela *r = &sec->relas[j];
			struct range rg;

			if (r->offset % 14 || !r->sym || !r->sym->sec ||
			    r->offset + 13 > sec->size)
				continue;
			rg.sec = r->sym->sec;
			rg.start = r->sym->value + r->addend;
			rg.end = rg.start + sec->data[r->offset + 12];
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
		    pm_get(&s->item_piece, t.item))
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

			resolve(s, sec, &rel[i], d->loader_only, &r);
			if (d->kind == KG_SPEC_ANNOTATION) {
				/* objtool's hints: only about carried code. */
				keep = r.d == D_KEEP && keep_exists(s, &r);
			} else if (r.d == D_FAIL &&
				   tracepoint_key(s, sec, off, &rel[i], &r)) {
				kg_warn("%s: %s: tracepoint %s stays disabled in the new code (its key is not exported)",
					s->label, item_name(owner),
					r.name + strlen("__tracepoint_"));
			} else if (r.d == D_FAIL &&
				   !early_key(s, sec, off, &rel[i], &r)) {
				kg_error("%s: %s: %s entry: %s", s->label,
					 item_name(owner), sec->name, r.why);
			}
			free(r.why);
		}
		if (!keep)
			continue;
		p = add_piece(s, sec, off, off + esize, owner, true);
		scan_piece(s, p);
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
		p = piece_covering(s, rel->sym->sec, at, at + width);
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
		add_alias_use(s->t, p->osec->alias);
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
		add_piece(s, sec, idx * d->entsize, (idx + 1) * d->entsize,
			  co->pieces[i]->owner, true);
	}
}

static void copy_specials(struct sel *s)
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
			drain(s);
		}
	}
}

/* SHF_LINK_ORDER sections follow a code section of the output. */
static void link_sections(struct sel *s)
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
		if (owner && pm_get(&s->item_piece, owner))
			o->link = ((struct kg_piece *)
				   pm_get(&s->item_piece, owner))->osec;
		else
			o->flags &= ~(GElf_Xword)SHF_LINK_ORDER;
	}
}

/* ---- what the update carries ---- */

/* New data that must not be carried, or refused. */
static bool skip_new_data(struct sel *s, const struct kd_item *item)
{
	const char *sec = item->sec->name;

	if (!strcmp(sec, ".export_symbol") ||
	    kd_starts_with(sec, "___ksymtab") ||
	    kd_starts_with(sec, "__ksymtab")) {
		kg_warn("%s: the update does not export new symbols (%s)",
			s->label, item_name(item));
		return true;
	}
	if (kd_starts_with(sec, ".ksplice_hook_"))
		return true;
	if (!strcmp(sec, "__param") || kd_starts_with(sec, "__tracepoint") ||
	    !strcmp(sec, "_ftrace_events") || kd_starts_with(sec, ".init") ||
	    kd_starts_with(sec, ".exit"))
		kg_error("%s: %s: new data in %s cannot be applied live",
			 s->label, item_name(item), sec);
	return false;
}

static void choose_items(struct sel *s)
{
	size_t i;

	for (i = 0; i < s->post->nr_items; i++) {
		struct kd_item *b = s->post->items[i];

		switch (b->cls) {
		case KD_CHANGED:
		case KD_NEW:
			include_item(s, b);
			break;
		case KD_NEW_DATA:
			if (!skip_new_data(s, b))
				include_item(s, b);
			break;
		case KD_CHANGED_DATA:
			if (!b->writable &&
			    (b->sym->bind == STB_LOCAL || s->obj->hooks)) {
				/* The new code uses a new copy. */
				if (b->sym->bind != STB_LOCAL)
					kg_warn("%s: %s: other objects keep using the old copy of this constant data",
						s->label, item_name(b));
				include_item(s, b);
			} else if (s->obj->hooks) {
				kg_warn("%s: %s: changed data keeps its running contents; the patch's hooks must update it",
					s->label, item_name(b));
			} else {
				kg_error("%s: %s: existing data changed (%s): the running kernel's copy would not change; refused (convert it in a ksplice_apply hook instead)",
					 s->label, item_name(b), b->sec->name);
			}
			break;
		case KD_INIT:
			kg_error("%s: %s: __init or __exit code or data changed (%s): it cannot be updated live",
				 s->label, item_name(b), b->sec->name);
		default:
			break;
		}
	}
}

int kg_hook_kind(const char *section)
{
	int k;

	if (!kd_starts_with(section, ".ksplice_hook_"))
		return -1;
	for (k = 0; k < KG_NR_HOOK_KINDS; k++)
		if (!strcmp(section + strlen(".ksplice_hook_"),
			    kg_hook_kinds[k]))
			return k;
	return -1;
}

bool kg_object_has_hooks(const struct kg_object *obj)
{
	size_t i;

	for (i = 0; i < obj->post->nr_secs; i++)
		if (kg_hook_kind(obj->post->secs[i].name) >= 0)
			return true;
	return false;
}

/*
 * The tables point at the entry of each new function.  objtool (with
 * IBT) wants such data references to land on an ENDBR, which a static
 * function whose address the source never takes lacks: annotate it
 * like ANNOTATE_NOENDBR does.  The core jumps there directly.
 */
static void annotate_noendbr(struct sel *s, struct kg_osec *o,
			     GElf_Addr off)
{
	static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	struct kg_osec *a = NULL;
	struct kg_orela r;
	size_t i;

	if (s->post->ehdr.e_machine != EM_X86_64 || !o->data ||
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

static char *fn_alias(struct sel *s, const struct kd_item *f)
{
	struct kg_piece *p = pm_get(&s->item_piece, f);
	struct kg_osym *a;
	char *what;
	size_t i;

	/* One alias per function entry. */
	for (i = 0; i < s->out.nr_syms; i++) {
		a = s->out.syms[i];
		if (a->bind == STB_GLOBAL && a->osec == p->osec &&
		    a->value == f->sym->value - p->start + p->out &&
		    kd_starts_with(a->name, "__ksplice_") &&
		    strstr(a->name, "_fn_"))
			return a->name;
	}
	what = kd_asprintf("fn_%s", f->sym->name);
	a = new_alias(s, what, p->osec, f->sym->value - p->start + p->out);
	free(what);
	annotate_noendbr(s, p->osec, a->value);
	return a->name;
}

static void collect_hooks(struct sel *s)
{
	size_t i, j;

	for (i = 0; i < s->post->nr_secs; i++) {
		struct kd_sec *sec = &s->post->secs[i];
		int kind = kg_hook_kind(sec->name);

		if (kind < 0) {
			if (kd_starts_with(sec->name, ".ksplice_hook_"))
				kg_error("%s: unknown hook section %s",
					 s->label, sec->name);
			continue;
		}
		for (j = 0; j < sec->nr_relas; j++) {
			struct kd_target t;
			struct hook h;

			kd_resolve(s->post, sec, &sec->relas[j], &t);
			if (t.kind != KD_T_ITEM || !t.item->func ||
			    sec->relas[j].sym->value + sec->relas[j].addend !=
			    t.item->sym->value)
				kg_error("%s: %s: a hook must point to a function of the same file",
					 s->label, sec->name);
			include_item(s, t.item);
			h.kind = kind;
			h.func = t.item;
			KD_PUSH(s->hooks, s->nr_hooks, s->cap_hooks, h);
		}
	}
}

/* ---- the pre side: replaced functions ---- */

struct site_table {
	const char *name;
	enum kg_site_kind kind;
};

static const struct site_table site_tables[] = {
	{ ".altinstructions", KG_SITE_ALTERNATIVE },
	{ "__jump_table", KG_SITE_JUMP_LABEL },
	{ ".smp_locks", KG_SITE_SMP_LOCK },
	{ "__mcount_loc", KG_SITE_MCOUNT },
	{ ".static_call_sites", KG_SITE_STATIC_CALL },
	{ ".retpoline_sites", KG_SITE_RETPOLINE },
	{ ".return_sites", KG_SITE_RETURN },
	{ ".pv_table", KG_SITE_PV_TABLE },
	{ ".alt.smp.init", KG_SITE_SMP_ALT },
	{ "__bug_table", KG_SITE_BUG },
};

static unsigned int site_len(const struct kd_elf *kelf, enum kg_site_kind k,
			     const struct kd_sec *esec, GElf_Addr eoff,
			     const struct kd_sec *fsec, GElf_Addr site)
{
	bool x86 = kelf->ehdr.e_machine == EM_X86_64 ||
		   kelf->ehdr.e_machine == EM_386;
	unsigned char b = kd_byte(fsec, site);

	switch (k) {
	case KG_SITE_ALTERNATIVE:
		return kd_byte(esec, eoff + 12);
	case KG_SITE_JUMP_LABEL:
		if (!x86)
			return 4;
		if (b == 0xeb || (b == 0x66 && kd_byte(fsec, site + 1) == 0x90))
			return 2;
		return 5;
	case KG_SITE_SMP_LOCK:
		return 1;
	case KG_SITE_MCOUNT:
	case KG_SITE_STATIC_CALL:
		return x86 ? 5 : 4;
	case KG_SITE_PV_TABLE:
	case KG_SITE_SMP_ALT:
		return 4;
	case KG_SITE_BUG:
		return x86 ? 2 : 4;
	default:
		return 0;
	}
}

static bool pre_reloc(struct sel *s, const struct kd_sec *sec,
		      const struct kd_rela *r, GElf_Addr base,
		      struct kg_treloc *tr);

/*
 * The replacement of the .altinstructions entry at @eoff of @esec (its
 * second field points at it, its length is the entry's byte 13, its
 * flags the high half of the third field): bytes and relocations.
 * Without them the core accepts the original instructions only.
 */
static void alt_site(struct sel *s, const struct kd_sec *esec,
		     GElf_Addr eoff, struct kg_tsite *site)
{
	const struct kd_rela *rr = NULL;
	const struct kd_sec *rsec;
	struct kd_rela *rel;
	struct kg_treloc tr;
	GElf_Addr start, len;
	unsigned int fl;
	size_t i, n;

	if (s->pre->ehdr.e_machine != EM_X86_64 || eoff + 14 > esec->size)
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
		if (pre_reloc(s, rsec, &rel[i], start, &tr))
			KD_PUSH(site->repl_relocs, site->nr_repl_relocs,
				site->cap_repl_relocs, tr);
}

static void pre_sites(struct sel *s, struct kg_tfunc *f,
		      const struct kd_item *a, GElf_Addr v, GElf_Addr size)
{
	size_t i, j, k;

	for (i = 0; i < s->pre->nr_secs; i++) {
		struct kd_sec *sec = &s->pre->secs[i];
		struct kg_special_desc d;
		enum kg_site_kind kind = 0;
		unsigned int width = 0;
		GElf_Addr esize;
		const char *var;

		for (k = 0; k < ARRAY_SIZE(site_tables); k++)
			if (!strcmp(sec->name, site_tables[k].name))
				kind = site_tables[k].kind;
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
			memset(&site, 0, sizeof(site));
			site.offset = target - v;
			site.kind = kind;
			site.len = kind == KG_SITE_RUNTIME_CONST ? width :
				   site_len(s->pre, kind, sec, r->offset,
					    a->sec, target);
			if (kind == KG_SITE_ALTERNATIVE)
				alt_site(s, sec, r->offset, &site);
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
static bool pre_reloc(struct sel *s, const struct kd_sec *sec,
		      const struct kd_rela *r, GElf_Addr base,
		      struct kg_treloc *tr)
{
	const struct kg_export *e;
	struct kd_target t;

	memset(tr, 0, sizeof(*tr));
	kd_resolve(s->pre, sec, r, &t);
	tr->site_off = r->offset - base;
	tr->type = r->type;
	tr->type_name = kg_rela_type_name(s->pre, r->type);
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
		if (pre_reloc(s, a->sec, &rel[i], v, &tr))
			KD_PUSH(f->relocs, f->nr_relocs, f->cap_relocs, tr);
	}
}

/* The table record of the pre function @a; @alias names its new code. */
static void add_pre_func(struct sel *s, const struct kd_item *a,
			 const char *alias)
{
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
	f.new_alias = alias ? kd_strdup(alias) : NULL;
	f.object = s->label;
	f.local = a->sym->bind == STB_LOCAL;
	f.order = text_order(s->pre, a->sec);
	f.pre = kd_malloc(size);
	memcpy(f.pre, a->sec->data + v, size);
	f.pre_size = size;
	pre_relocs(s, &f, a, v, size);
	pre_sites(s, &f, a, v, size);
	if (f.new_alias)
		add_alias_use(s->t, f.new_alias);
	KD_PUSH(s->t->funcs, s->t->nr_funcs, s->t->cap_funcs, f);
}

static void add_func(struct sel *s, const struct kd_item *b)
{
	add_pre_func(s, b->twin, fn_alias(s, b));
}

static void replaced_funcs(struct sel *s)
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

			if (is_cold_of(c, b) && c->twin &&
			    c->cls != KD_CHANGED)
				add_func(s, c);
		}
	}
}

const char *kg_objname(const char *owner)
{
	return strcmp(owner, "vmlinux") ? owner : NULL;
}

size_t kg_object_generate(struct kg_object *obj, struct kg_tables *t)
{
	struct sel s;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.obj = obj;
	s.pre = obj->pre;
	s.post = obj->post;
	s.t = t;
	s.out.post = obj->post;
	s.objname = kg_objname(obj->owner);
	s.label = obj->label;
	s.spec = kd_calloc(s.post->nr_secs, sizeof(*s.spec));
	s.omap = kd_calloc(s.post->nr_secs, sizeof(*s.omap));
	s.ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.ipieces));
	s.nr_ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.nr_ipieces));
	s.cap_ipieces = kd_calloc(s.post->nr_secs, sizeof(*s.cap_ipieces));
	s.symcopy = kd_calloc(s.post->nr_syms, sizeof(*s.symcopy));
	for (i = 0; i < s.post->nr_secs; i++)
		kg_special_lookup(s.post, &s.post->secs[i], &s.spec[i]);

	find_alt_orig(&s);
	choose_items(&s);
	collect_hooks(&s);
	drain(&s);
	copy_specials(&s);
	link_sections(&s);

	for (i = 0; i < s.nr_hooks; i++) {
		struct kg_thook h;

		h.kind = s.hooks[i].kind;
		h.alias = kd_strdup(fn_alias(&s, s.hooks[i].func));
		h.func = kd_strdup(s.hooks[i].func->sym->name);
		add_alias_use(t, h.alias);
		KD_PUSH(t->hooks, t->nr_hooks, t->cap_hooks, h);
	}
	replaced_funcs(&s);
	/* Every new function's entry gets an alias too. */
	for (i = 0; i < s.post->nr_items; i++)
		if (s.post->items[i]->cls == KD_NEW &&
		    s.post->items[i]->func)
			fn_alias(&s, s.post->items[i]);

	kg_write(&s.out, obj->out_path);
	return s.carried;
}

/*
 * --sweep: the record of every function of the pre object that stays
 * after boot, with no new code, for the self-match sweep (run-pre
 * matching of a whole object against the running kernel).
 */
size_t kg_object_sweep(struct kg_object *obj, struct kg_tables *t)
{
	struct sel s;
	size_t i, n = 0;

	memset(&s, 0, sizeof(s));
	s.obj = obj;
	s.pre = obj->pre;
	s.post = obj->post;
	s.t = t;
	s.objname = kg_objname(obj->owner);
	s.label = obj->label;
	for (i = 0; i < s.pre->nr_items; i++) {
		const struct kd_item *a = s.pre->items[i];

		if (!a->func || a->init || !a->sym || !a->sec ||
		    a->sec->sh.sh_type == SHT_NOBITS || !a->sec->data)
			continue;
		add_pre_func(&s, a, NULL);
		n++;
	}
	return n;
}
