/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-gen: the state of the generation of one object, shared by
 * select.c (what the update carries), resolve.c (how each reference of
 * the carried code is resolved), out.c (the output object), specials.c
 * (special sections) and pre.c (the replaced functions).
 */
#ifndef KSPLICE_GEN_SEL_H
#define KSPLICE_GEN_SEL_H

#include "gen.h"
#include "../diff/special.h"
#include "../diff/symbol.h"
#include "../elf/util.h"

/* Call-padding before a function that goes with it. */
#define KG_MAX_PADDING 64

/* ---- a map from pointers to pointers ---- */

struct ptrmap {
	const void **keys;
	void **vals;
	size_t cap, nr;
};

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
	struct ptrmap deferred;		/* changed constants, if reached */
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

static inline const char *item_name(const struct kd_item *item)
{
	return item ? item->sym->name : "?";
}

/* select.c */
void *kg_map_get(const struct ptrmap *m, const void *k);
void kg_map_put(struct ptrmap *m, const void *k, void *v);
bool kg_is_cold_of(const struct kd_item *child, const struct kd_item *parent);
struct kg_piece *kg_include_item(struct sel *s, const struct kd_item *item);
bool kg_item_carried(const struct sel *s, const struct kd_item *item);
char *kg_fn_alias(struct sel *s, const struct kd_item *f);

/* out.c: the output object */
struct kg_osym *kg_new_osym(struct sel *s, const char *name,
			    unsigned char type, unsigned char bind);
struct kg_osym *kg_new_alias(struct sel *s, const char *what,
			     struct kg_osec *osec, GElf_Addr value);
struct kg_piece *kg_add_piece(struct sel *s, struct kd_sec *isec,
			      GElf_Addr start, GElf_Addr end,
			      const struct kd_item *owner, bool entry);
struct kg_piece *kg_piece_covering(const struct sel *s,
				   const struct kd_sec *sec,
				   GElf_Addr start, GElf_Addr end);
struct kg_osym *kg_undef_osym(struct sel *s, const char *name);
void kg_emit(struct sel *s, struct kg_piece *p, const struct kd_rela *rela,
	     struct kg_osym *sym, GElf_Sxword addend);
struct kg_osym *kg_placeholder(struct sel *s);
struct kg_osym *kg_disabled_key(struct sel *s);
void kg_link_sections(struct sel *s);
void kg_annotate_noendbr(struct sel *s, struct kg_osec *o, GElf_Addr off);

/* resolve.c: references of the carried code */
unsigned int kg_text_order(const struct kd_elf *kelf, const struct kd_sym *fn);
void kg_resolve(struct sel *s, struct kd_sec *isec,
		const struct kd_rela *rela, bool loader_only,
		struct res *r);
bool kg_keep_exists(const struct sel *s, const struct res *r);
void kg_add_alias_use(struct kg_tables *t, const char *alias);
bool kg_tracepoint_key(struct sel *s, const struct kd_sec *sec,
		       GElf_Addr off, const struct kd_rela *rela,
		       const struct res *r);
bool kg_early_key(struct sel *s, const struct kd_sec *sec, GElf_Addr off,
		  const struct kd_rela *rela, const struct res *r);
void kg_scan_piece(struct sel *s, struct kg_piece *p);
void kg_drain(struct sel *s);

/* specials.c */
void kg_find_alt_orig(struct sel *s);
void kg_copy_specials(struct sel *s);

/* pre.c */
void kg_replaced_funcs(struct sel *s);
size_t kg_sweep_funcs(struct sel *s, size_t *weak);
void kg_match_only_funcs(struct sel *s, size_t reloc0, size_t func0);

#endif /* KSPLICE_GEN_SEL_H */
