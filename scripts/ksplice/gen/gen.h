/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-gen: the update generator.
 *
 * For each pair of pre/post objects, the differ (../diff/) classifies
 * every function and data item.  select.c decides what the update
 * module carries, resolve.c how each reference of that code is
 * resolved, specials.c which special-section entries go with it and
 * pre.c what run-pre matching needs of the replaced functions; they
 * build an output object in memory (struct kg_out, out.c) that write.c
 * writes with libelf, and table records (struct kg_tables) that
 * tables.c turns into C.
 */
#ifndef KSPLICE_GEN_H
#define KSPLICE_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../elf/kelf.h"
#include "../diff/item.h"
#include "../diff/classify.h"
#include "../elf/util.h"

#define KG_PROG "ksplice-gen"

/* Exit status of refusals and bad input. */
#define KG_EXIT_ERROR 1

void kg_error(const char *fmt, ...) __noreturn __printf(1, 2);
void kg_warn(const char *fmt, ...) __printf(1, 2);
extern bool kg_verbose;
/* The patch changes a header: a type may change outside the .c files. */
extern bool kg_headers_changed;
extern const char *kg_layout_refs;
/* --layout-only: check the layouts, select and write nothing. */
extern bool kg_layout_only;
void kg_info(const char *fmt, ...) __printf(1, 2);

/* ---- Module.symvers (symvers.c) ---- */

struct kg_export {
	const char *name;
	const char *module;	/* "vmlinux" or the module's path */
	const char *ns;		/* namespace or NULL */
};

void kg_symvers_load(const char *path);
const struct kg_export *kg_symvers_find(const char *name);
/* Module name (as the kernel spells it) of a Module.symvers entry. */
char *kg_export_objname(const struct kg_export *e);

/* System.map (sysmap.c): whether vmlinux lacks @name (false: no map). */
void kg_sysmap_load(const char *path);
bool kg_sysmap_lacks(const char *name);

/* ---- special sections (specials.c, from the arch layer) ---- */

/* How the generator treats a section that is not an item. */
enum kg_special {
	KG_SPEC_NONE,		/* not special: items, strings, chunks */
	KG_SPEC_TABLE,		/* loader-processed table: copy entries */
	/* objtool's (.discard.*): entries about carried code only */
	KG_SPEC_ANNOTATION,
	KG_SPEC_PARALLEL,	/* indexed like its companion table */
	KG_SPEC_SKIP,		/* never copied (notes, metadata) */
	KG_SPEC_UNKNOWN,	/* a table we do not know: refuse */
	/* immediates the boot code fills in: a ksplice reloc per entry */
	KG_SPEC_RUNTIME_CONST,
};

struct kg_special_desc {
	enum kg_special kind;
	/* Entry size, 0: from sh_entsize, else per entry (specials.c). */
	unsigned int entsize;
	/* For PARALLEL: the table it follows, and its own entry size. */
	const char *companion;
	/*
	 * Relocations the core would write later are not allowed: the
	 * loader uses the entries before the update's init runs.
	 */
	bool loader_only;
};

void kg_special_lookup(const struct kd_elf *kelf, const struct kd_sec *sec,
		       struct kg_special_desc *d);
/* Entry size of a table section; 0 when it cannot be determined. */
GElf_Addr kg_entry_size(const struct kd_elf *kelf, const struct kd_sec *sec,
			const struct kg_special_desc *d);
/* Jump-label entry layout: offsets of code, target and key fields. */
bool kg_jump_entry_layout(const struct kd_elf *kelf, unsigned int *code,
			  unsigned int *key);
/*
 * The key field of a table whose entries name a static key or static
 * call: the core resolves it when the update module comes in, before
 * the loader's own notifiers read the table (KSPLICE_EARLY relocs).
 */
bool kg_early_key_field(const struct kd_elf *kelf, const char *section,
			unsigned int *key);
/*
 * A table of runtime constants (x86 asm/runtime-const.h): the variable
 * it names and the width of the immediates its entries point at.
 */
bool kg_runtime_const(const struct kd_elf *kelf, const char *section,
		      const char **var, unsigned int *width);

/* ---- the output object (out.c builds it, write.c writes it) ---- */

struct kg_osec;

struct kg_osym {
	char *name;
	unsigned char type;
	unsigned char bind;
	struct kg_osec *osec;	/* NULL: undefined (or SHN_ABS if abs) */
	bool abs;
	GElf_Addr value;
	GElf_Xword size;
	bool is_section;
	unsigned int index;	/* in the output symbol table */
};

struct kg_orela {
	GElf_Addr off;
	unsigned int type;
	struct kg_osym *sym;
	GElf_Sxword addend;
};

/* A range of an input section, copied into an output section. */
struct kg_piece {
	struct kd_sec *isec;
	GElf_Addr start, end;
	GElf_Addr out;		/* offset in the output section */
	struct kg_osec *osec;
	bool scanned;		/* relocations processed */
	bool entry;		/* a special-section entry */
	const struct kd_item *owner;	/* function it belongs to */
};

struct kg_osec {
	char *name;
	struct kd_sec *isec;	/* input section it is made from */
	GElf_Word type;
	GElf_Xword flags;
	GElf_Xword entsize;
	GElf_Xword align;
	struct kg_osec *link;	/* SHF_LINK_ORDER target */
	unsigned char *data;	/* NULL for SHT_NOBITS */
	GElf_Addr size;
	struct kg_piece **pieces;	/* in output order */
	size_t nr_pieces, cap_pieces;
	struct kg_orela *relas;
	size_t nr_relas, cap_relas;
	struct kg_osym *secsym;
	char *alias;		/* global symbol at offset 0 */
	unsigned int index;	/* in the output file */
};

struct kg_out {
	const struct kd_elf *post;	/* ELF header template */
	struct kg_osec **secs;
	size_t nr_secs, cap_secs;
	struct kg_osym **syms;
	size_t nr_syms, cap_syms;
};

void kg_write(const struct kg_out *out, const char *path);

/* ---- the tables (resolve.c and pre.c fill them, tables.c writes them) ---- */

#define KG_RELOC_LOCAL		0x1	/* KSPLICE_RELOC_LOCAL */
#define KG_RELOC_SECTION	0x2	/* KSPLICE_RELOC_SECTION */
#define KG_RELOC_RUNTIME_CONST	0x4	/* KSPLICE_RELOC_RUNTIME_CONST */

struct kg_treloc {
	const char *site_sym;	/* alias in the module; NULL: pre offset */
	GElf_Addr site_off;
	char *name;
	const char *objname;
	/*
	 * The object file the code with the relocation came from: a local
	 * name (or an anonymous section piece) means what it means in that
	 * object only, so the core resolves it per object.
	 */
	const char *unit;
	/*
	 * Pre relocations to a string or a piece of read-only data: its
	 * bytes, from data_off past the section's start, for the core to
	 * compare with what the running code points at.
	 */
	const unsigned char *data;
	size_t data_len;
	GElf_Addr data_off;
	GElf_Sxword addend;
	unsigned int type;
	unsigned int flags;
	/* For a local function: its place in the pre object's .text. */
	unsigned int order;
	const char *type_name;
};

/* KSPLICE_SITE_* */
enum kg_site_kind {
	KG_SITE_ALTERNATIVE = KS_SITE_ALTERNATIVE,
	KG_SITE_JUMP_LABEL = KS_SITE_JUMP_LABEL,
	KG_SITE_SMP_LOCK = KS_SITE_SMP_LOCK,
	KG_SITE_MCOUNT = KS_SITE_MCOUNT,
	KG_SITE_STATIC_CALL = KS_SITE_STATIC_CALL,
	KG_SITE_RETPOLINE = KS_SITE_RETPOLINE,
	KG_SITE_RETURN = KS_SITE_RETURN,
	KG_SITE_PARAVIRT = KS_SITE_PARAVIRT,
	KG_SITE_PV_TABLE = KS_SITE_PV_TABLE,
	KG_SITE_SMP_ALT = KS_SITE_SMP_ALT,
	KG_SITE_BUG = KS_SITE_BUG,
	KG_SITE_RUNTIME_CONST = KS_SITE_RUNTIME_CONST,
};

/* KSPLICE_ALT_* */
#define KG_ALT_REPL		0x1
#define KG_ALT_DIRECT_CALL	0x2

struct kg_tsite {
	GElf_Addr offset;
	unsigned int len;
	enum kg_site_kind kind;
	/*
	 * An alternative's replacement, from the pre object's own
	 * .altinstr_replacement: its bytes and relocations (site_off an
	 * offset into the bytes), for the core to accept that and the
	 * original bytes only.
	 */
	unsigned int alt_flags;
	const unsigned char *repl;
	unsigned int repl_len;
	struct kg_treloc *repl_relocs;
	size_t nr_repl_relocs, cap_repl_relocs;
};

struct kg_tfunc {
	char *name;
	const char *objname;
	char *new_alias;
	const char *object;	/* object file: the core's unit, comments */
	bool local;		/* a static function */
	bool match_only;	/* not replaced: KSPLICE_FUNC_MATCH_ONLY */
	/* Its place among the pre object's .text functions, or 0. */
	unsigned int order;
	unsigned char *pre;
	GElf_Addr pre_size;
	struct kg_treloc *relocs;
	size_t nr_relocs, cap_relocs;
	struct kg_tsite *sites;
	size_t nr_sites, cap_sites;
};

struct kg_thook {
	int kind;
	char *alias;
	char *func;		/* for comments */
};

struct kg_tables {
	const char *name;
	unsigned int machine;
	struct kg_tfunc *funcs;
	size_t nr_funcs, cap_funcs;
	struct kg_treloc *relocs;
	size_t nr_relocs, cap_relocs;
	struct kg_treloc *early;	/* keys of __jump_table etc. */
	size_t nr_early, cap_early;
	struct kg_thook *hooks;
	size_t nr_hooks, cap_hooks;
	char **aliases;		/* every alias the tables use */
	size_t nr_aliases, cap_aliases;
	char **namespaces;	/* symbol namespaces to import */
	size_t nr_namespaces, cap_namespaces;
};

extern const char *const kg_hook_kinds[];
#define KG_NR_HOOK_KINDS 10
int kg_hook_kind(const char *section);

void kg_tables_write(const struct kg_tables *t, const char *path);

/* ---- one object pair (select.c) ---- */

struct kg_object {
	int index;		/* 1-based, for alias names */
	const char *owner;	/* "vmlinux" or a module name */
	const char *pre_path, *post_path, *out_path;
	/*
	 * The object as the running kernel compiled it, where the pre
	 * object's code is not that (ARM: section anchors); NULL if it is.
	 * Run-pre matching compares its code.
	 */
	const char *run_path;
	/*
	 * The pre source compiled with every type it defines, used or
	 * not: the running layouts of the types its new code starts to
	 * use (--types; NULL: none).
	 */
	const char *types_path;
	const char *label;	/* the object, in messages */
	struct kd_elf *pre, *post, *run;
	struct kd_result res;
	bool hooks;		/* the update supplies hooks (any object) */
	/* Every object of the update, this one among them. */
	const struct kg_object *update;
	size_t nr_update;
};

void kg_object_diff(struct kg_object *obj);
/* Whether the object has .ksplice_hook_* sections. */
bool kg_object_has_hooks(const struct kg_object *obj);
/*
 * Select, write OUT.o, and add to the tables (the caller has checked
 * every object's layouts first).  Returns the number of functions and
 * data items the update carries for this object.
 */
size_t kg_object_generate(struct kg_object *obj, struct kg_tables *t);
/* Refuse a changed layout of a type the object's new code uses. */
void kg_object_check_layout(const struct kg_object *obj);
/*
 * --sweep: add every function of the pre object, without new code, but
 * the weak ones (counted in @weak).
 */
size_t kg_object_sweep(struct kg_object *obj, struct kg_tables *t,
			size_t *weak);

/*
 * Global symbols that objects of the update define anew: a reference to
 * one from another object of the update is linked inside the module.
 */
void kg_update_globals_add(const struct kg_object *obj);
bool kg_update_defines(const char *name);

/* Owner names as the kernel spells them (NULL for vmlinux). */
const char *kg_objname(const char *owner);

#endif /* KSPLICE_GEN_H */
