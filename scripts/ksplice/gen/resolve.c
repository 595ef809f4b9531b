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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sel.h"
#include "../diff/anchor.h"

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
		      bool weak, GElf_Sxword addend, bool loader_only)
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
	 * Nowhere in vmlinux (sysmap.c): insmod could not resolve it.  A
	 * weak reference may name nothing: code tests it for NULL.
	 */
	if (!s->objname && !weak && kg_sysmap_lacks(name)) {
		fail(r, "%s is in neither the running kernel (System.map) nor the update: the change that adds it is not in the patch",
		     name);
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
	    kd_rela_is_branch(s->post, isec, rela) || rela->sym->sec != item->sec)
		return false;
	kd_rela_bias(s->post, isec, rela, 0, &bias);
	return rela->sym->value + rela->addend + bias == item->sym->value;
}

/*
 * 32-bit ARM reaches static data through section anchors (anchor.c): the
 * new code loads the objects around the anchor at the post object's
 * offsets, which hold only while the section keeps its layout and none
 * of its objects is carried (the code would reach the running copies of
 * the others around the carried one).
 */
static char *anchor_refusal(const struct sel *s, const struct kd_rela *rela,
			    const struct kd_item *item)
{
	const struct kd_sec *sec = item->sec;
	char *why;
	size_t i;

	if (item->func || !kd_rela_anchored(s->post, rela))
		return NULL;
	why = kd_layout_change(s->pre, s->post, sec);
	if (why) {
		char *r = kd_asprintf("it reaches %s through a section anchor and the update changes that section's layout (%s)",
				      sec->name, why);

		free(why);
		return r;
	}
	for (i = 0; i < sec->nr_items; i++)
		if (sec->items[i]->cls == KD_CHANGED_DATA ||
		    sec->items[i]->cls == KD_INIT ||
		    kg_item_carried(s, sec->items[i]) ||
		    kg_map_get(&s->deferred, sec->items[i]))
			return kd_asprintf("it reaches %s through a section anchor and the update changes %s there",
					   sec->name, item_name(sec->items[i]));
	return NULL;
}

void kg_resolve(struct sel *s, struct kd_sec *isec,
		const struct kd_rela *rela, bool loader_only,
		struct res *r)
{
	const struct kd_sym *sym;
	struct kd_target t;
	GElf_Addr off;
	char *why;

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
		why = anchor_refusal(s, rela, t.item);
		if (why) {
			fail(r, "%s", why);
			free(why);
			return;
		}
		if ((kg_item_carried(s, t.item) ||
		     kg_map_get(&s->deferred, t.item)) &&
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
			undefined(s, r, sym->name, sym->bind == STB_WEAK,
				  rela->addend, loader_only);
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
		r->piece = kg_piece_covering(s, sym->sec, sym->value,
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
bool kg_keep_exists(const struct sel *s, const struct res *r)
{
	if (r->item)
		return kg_map_get(&s->item_piece, r->item) != NULL;
	if (r->sec)
		return kg_piece_covering(s, r->sec, r->start, r->end) != NULL;
	return true;
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

void kg_add_alias_use(struct kg_tables *t, const char *alias)
{
	size_t i;

	for (i = 0; i < t->nr_aliases; i++)
		if (!strcmp(t->aliases[i], alias))
			return;
	KD_PUSH(t->aliases, t->nr_aliases, t->cap_aliases, kd_strdup(alias));
}

/* Is @name the section @base, or one of its own (@base.SUFFIX)? */
static bool text_named(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (!name[n] || name[n] == '.');
}

/*
 * The text a function's section belongs to in the running kernel: its
 * object's .text (0), its object's .text.unlikely (1, where cold parts
 * and cold functions go), or elsewhere (-1: hot, startup and exit parts,
 * and sections of their own such as .sched.text).  The linker keeps each
 * object's .text, and each object's .text.unlikely, in one piece.
 */
static int text_class(const char *name, bool *shared)
{
	static const char *const elsewhere[] = {
		".text.hot", ".text.startup", ".text.exit", ".text.unknown",
	};
	const char *cold = ".text.unlikely";
	size_t k;

	*shared = !strcmp(name, ".text") || !strcmp(name, cold);
	if (!text_named(name, ".text"))
		return -1;
	for (k = 0; k < ARRAY_SIZE(elsewhere); k++)
		if (text_named(name, elsewhere[k]))
			return -1;
	return text_named(name, cold) ? 1 : 0;
}

/*
 * The place of the function @fn in its object's text, in the order the
 * compiler emitted it (see text_class()): the text in the high 16 bits,
 * then 1, 2, ...; or 0.  Compiled with -ffunction-sections, that is its
 * section's place among the sections of that text; compiled as the
 * running kernel was, one section holds them all, and it is the
 * function's place there by address.  The core compares the places of
 * one text only.
 */
unsigned int kg_text_order(const struct kd_elf *kelf, const struct kd_sym *fn)
{
	const struct kd_sec *sec = fn ? fn->sec : NULL;
	unsigned int n = 0;
	bool shared, s2;
	int class;
	size_t i;

	if (!sec || !kd_sec_exec(sec))
		return 0;
	class = text_class(sec->name, &shared);
	if (class < 0)
		return 0;
	if (shared) {
		/* One per address: aliases share their function's place. */
		GElf_Addr *at = NULL;
		size_t nr = 0, cap = 0;

		for (i = 0; i < kelf->nr_syms; i++) {
			const struct kd_sym *y = &kelf->syms[i];

			if (y->sec == sec && y->type == STT_FUNC &&
			    y->value < fn->value)
				KD_PUSH(at, nr, cap, y->value);
		}
		kd_sort(at, nr, sizeof(*at), kd_addr_cmp);
		for (i = 0; i < nr; i++)
			if (!i || at[i] != at[i - 1])
				n++;
		free(at);
	} else {
		for (i = 0; i < sec->index && i < kelf->nr_secs; i++) {
			const struct kd_sec *t = &kelf->secs[i];

			if (kd_sec_exec(t) && text_class(t->name, &s2) == class &&
			    !s2)
				n++;
		}
	}
	return (unsigned int)class << 16 | (n + 1);
}

/* kg_text_order() of the local function @name of the pre object. */
static unsigned int local_order(const struct kd_elf *pre, const char *name)
{
	size_t i;

	for (i = 0; name && i < pre->nr_syms; i++) {
		const struct kd_sym *y = &pre->syms[i];

		if (y->bind == STB_LOCAL && y->type == STT_FUNC && y->sec &&
		    y->name && !strcmp(y->name, name))
			return kg_text_order(pre, y);
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
	tr->type_name = kd_rela_type_name(s->post, rela->type);
	kg_add_alias_use(s->t, p->osec->alias);
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
				a = kg_new_osym(s, r->abs->name, r->abs->type,
						STB_LOCAL);
				a->abs = true;
				a->value = r->abs->value;
				s->symcopy[r->abs->index] = a;
			}
			kg_emit(s, p, rela, a, rela->addend);
			return;
		}
		if (r->item)
			tp = kg_include_item(s, r->item);
		else if (r->sec) {
			tp = kg_piece_covering(s, r->sec, r->start, r->end);
			if (!tp)
				tp = kg_add_piece(s, r->sec, r->start, r->end,
						  p->owner, false);
		}
		c = rela->sym ? s->symcopy[rela->sym->index] : NULL;
		if (c && !c->is_section && rela->sym->type != STT_SECTION) {
			kg_emit(s, p, rela, c, rela->addend);
			return;
		}
		if (rela->sym->sec != tp->isec)
			kg_error("%s: %s+0x%llx: relocation to %s does not land in %s",
				 s->label, p->isec->name,
				 (unsigned long long)rela->offset,
				 rela->sym->name, tp->isec->name);
		kg_emit(s, p, rela, tp->osec->secsym,
			(GElf_Sxword)(rela->sym->value + rela->addend -
				      tp->start + tp->out));
		return;
	case D_LOADER:
		if (r->exp && r->exp->ns)
			add_namespace(s, r->exp->ns);
		kg_emit(s, p, rela, kg_undef_osym(s, r->name), r->addend);
		return;
	case D_KSPLICE:
		treloc_of(s, p, rela, r, &tr);
		KD_PUSH(s->t->relocs, s->t->nr_relocs, s->t->cap_relocs, tr);
		ptype = s->post->arch->placeholder_type;
		if (ptype && kd_rela_is_branch(s->post, p->isec, rela)) {
			struct kg_orela o = {
				.off = tr.site_off,
				.type = ptype,
				.sym = kg_placeholder(s),
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
bool kg_tracepoint_key(struct sel *s, const struct kd_sec *sec,
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
 * cannot kg_resolve (not exported, or static): resolved early by the core.
 */
bool kg_early_key(struct sel *s, const struct kd_sec *sec, GElf_Addr off,
		  const struct kd_rela *rela, const struct res *r)
{
	unsigned int key_off;

	return r->d == D_FAIL && r->unexported && r->name &&
	       kg_early_key_field(s->post, sec->name, &key_off) &&
	       rela->offset == off + key_off;
}

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
	kg_emit(s, p, rela, kg_disabled_key(s), r->addend & 3);
	kg_info("%s: %s+0x%llx -> %s%s%s (early ksplice reloc: key)",
		s->label, p->isec->name, (unsigned long long)rela->offset,
		r->objname ? r->objname : "", r->objname ? ":" : "", r->name);
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
	unsigned int ptype = s->post->arch->placeholder_type;
	struct kg_osec *o = NULL;
	struct kg_osym *stub;
	struct kg_treloc tr;
	struct kg_orela pr;
	char *sname;
	size_t i;

	if (!ptype || !r->unexported || r->addend != -4 ||
	    !kd_rela_is_branch(s->post, p->isec, rela))
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
		o->secsym = kg_new_osym(s, "", STT_SECTION, STB_LOCAL);
		o->secsym->osec = o;
		o->secsym->is_section = true;
		snprintf(what, sizeof(what), "sec%zu", s->out.nr_secs);
		o->alias = kg_new_alias(s, what, o, 0)->name;
	}
	/* 16 bytes of nop padding (call thunks), jmp rel32, int3. */
	o->data = kd_realloc(o->data, o->size + 32);
	memset(o->data + o->size, 0x90, 16);
	o->data[o->size + 16] = 0xe9;
	memset(o->data + o->size + 17, 0, 4);
	memset(o->data + o->size + 21, 0xcc, 11);
	stub = kg_new_osym(s, sname, STT_FUNC, STB_LOCAL);
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
	tr.type_name = kd_rela_type_name(s->post, ptype);
	KD_PUSH(s->t->relocs, s->t->nr_relocs, s->t->cap_relocs, tr);
	kg_add_alias_use(s->t, o->alias);

	pr.off = o->size + 17;
	pr.type = ptype;
	pr.sym = kg_placeholder(s);
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
	const struct ks_arch *arch = s->post->arch;
	struct kd_sec *rsec = rela->sym ? rela->sym->sec : NULL;
	GElf_Addr start, len;
	struct kg_piece *rp;

	if (strcmp(p->isec->name, ".altinstructions") || !p->isec->data ||
	    !arch->alt_size || rela->offset != p->start + arch->alt_repl_off ||
	    !rsec || strcmp(rsec->name, ".altinstr_replacement") ||
	    p->start + arch->alt_repl_len_off >= p->isec->size)
		return NULL;
	start = rela->sym->value + rela->addend;
	len = p->isec->data[p->start + arch->alt_repl_len_off];
	if (start + len > rsec->size)
		return NULL;
	rp = kg_piece_covering(s, rsec, start, start + len);
	if (!rp)
		rp = kg_add_piece(s, rsec, start, start + len, p->owner, false);
	return rp;
}

void kg_scan_piece(struct sel *s, struct kg_piece *p)
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
			kg_emit(s, p, &relas[i], rp->osec->secsym,
				(GElf_Sxword)(relas[i].sym->value +
					      relas[i].addend - rp->start +
					      rp->out));
			continue;
		}
		kg_resolve(s, p->isec, &relas[i], lo, &r);
		stub = r.d == D_FAIL ? branch_stub(s, p, &relas[i], &r) : NULL;
		if (r.d == D_FAIL && p->entry &&
		    kg_tracepoint_key(s, p->isec, p->start, &relas[i], &r))
			kg_emit(s, p, &relas[i], kg_disabled_key(s), r.addend & 3);
		else if (p->entry &&
			 kg_early_key(s, p->isec, p->start, &relas[i], &r))
			add_early(s, p, &relas[i], &r);
		else if (stub)
			kg_emit(s, p, &relas[i], stub, r.addend);
		else
			apply(s, p, &relas[i], &r);
		free(r.why);
	}
}

void kg_drain(struct sel *s)
{
	while (s->nr_work) {
		struct kg_piece *p = s->work[--s->nr_work];

		kg_scan_piece(s, p);
	}
}
