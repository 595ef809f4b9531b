/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice host tools: the ELF model of a relocatable object, shared by
 * the differ and the generator.  Loading is the only part of the tools
 * that reads with libelf (the generator's write.c writes its output
 * with it); everything else works on the structures below.  What
 * depends on the architecture comes from ../arch/ through kelf->arch.
 */
#ifndef KSPLICE_ELF_KELF_H
#define KSPLICE_ELF_KELF_H

#include <stdbool.h>
#include <stdint.h>
#include <gelf.h>

#include "../arch/arch.h"

struct kd_item;
struct kd_entry;

/*
 * One relocation.  For REL objects (32-bit ARM, i386) the addend is
 * extracted from the bytes at the site.  @mask has the bits of the bytes
 * at @offset that belong to the relocated field (@mlen bytes): they are
 * ignored when bytes are compared.
 */
struct kd_rela {
	GElf_Addr offset;
	unsigned int type;
	unsigned int symidx;
	struct kd_sym *sym;		/* NULL when symidx == 0 */
	GElf_Sxword addend;
	unsigned char mask[8];
	unsigned char mlen;
	unsigned int seq;		/* position in the file */
};

struct kd_sym {
	unsigned int index;
	const char *name;
	char *canon;		/* canonical name (symbol.c) */
	char *key;		/* name with numeric components removed */
	unsigned char type;
	unsigned char bind;
	unsigned int shndx;
	struct kd_sec *sec;	/* NULL if undefined, absolute or common */
	GElf_Addr value;
	GElf_Xword size;

	/* Filled in by later passes. */
	struct kd_sym *twin;	/* matching symbol in the other object */
	struct kd_item *item;	/* item that this symbol names */
	/* Functions that reference it (foo.cold and foo.part count as foo). */
	const char **owners;
	size_t nr_owners, cap_owners;
	char *owner_key;	/* the sorted owners, one string */
};

enum kd_special_kind {
	KD_SPECIAL_NONE = 0,
	KD_SPECIAL_TABLE,	/* entries point into functions */
	KD_SPECIAL_REF,		/* only referenced; never classified */
	KD_SPECIAL_IGNORE,	/* of no interest at all */
};

struct kd_sec {
	unsigned int index;
	const char *name;
	GElf_Shdr sh;
	const unsigned char *data;	/* NULL for SHT_NOBITS */
	size_t size;
	struct kd_rela *relas;		/* sorted by offset */
	size_t nr_relas;

	/* Filled in by later passes. */
	enum kd_special_kind special;
	const char *special_name;	/* normalized name for reports */
	struct kd_item **items;		/* sorted by start */
	size_t nr_items;
	GElf_Addr *bounds;		/* chunk starts, sorted */
	size_t nr_bounds;

	/* Set when loading (branch.c). */
	unsigned char *own_data;	/* bytes the model rewrote */
	struct kd_gap *gaps;		/* branches no relocation can carry */
	size_t nr_gaps;
};

/*
 * A direct branch from one function of a shared section to another
 * that the assembler resolved and that cannot be made a relocation (a
 * short jump, undecodable code): the function cannot be moved.
 */
struct kd_gap {
	GElf_Addr off;
	const char *why;
};

struct kd_elf {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	bool rel;			/* implicit addends (SHT_REL) */
	bool big_endian;
	const struct ks_arch *arch;
	struct kd_sec *secs;		/* indexed by section number */
	size_t nr_secs;
	struct kd_sym *syms;		/* indexed by symbol number */
	size_t nr_syms;

	/* Filled in by later passes. */
	struct kd_item **items;		/* all items, in section order */
	size_t nr_items;
	struct kd_entry *entries;	/* attributed special entries */
	size_t nr_entries;
};

struct kd_elf *kd_elf_open(const char *path);
void kd_elf_close(struct kd_elf *kelf);

/*
 * The header and the sections only (no symbols, no relocations): enough
 * to read another object's type information at little cost.  Freed,
 * whole, by kd_elf_close_sections().
 */
struct kd_elf *kd_elf_open_sections(const char *path);
void kd_elf_close_sections(struct kd_elf *kelf);

const char *kd_machine_name(unsigned int machine);

/* Width in bytes of the field a relocation of @type writes (0: none). */
unsigned int kd_rela_width(const struct kd_elf *kelf, unsigned int type);

/* Read an unsigned little/big-endian value of @width bytes (1..8). */
uint64_t kd_read(const struct kd_elf *kelf, const unsigned char *p,
		 unsigned int width);
/* Byte of @sec at @off (0 for SHT_NOBITS or out of range). */
unsigned char kd_byte(const struct kd_sec *sec, GElf_Addr off);

/* Sort the relocations of @sec by offset (file order within one). */
void kd_relas_sort(struct kd_sec *sec);
/* Relocations of @sec with start <= offset < end. */
struct kd_rela *kd_relas_in(const struct kd_sec *sec, GElf_Addr start,
			    GElf_Addr end, size_t *nr);

bool kd_sec_exec(const struct kd_sec *sec);
bool kd_sec_alloc(const struct kd_sec *sec);
bool kd_sec_writable(const struct kd_sec *sec);

/*
 * Bias to add to the addend of @rela, found in @from, to get the offset
 * in the target that the relocated field designates (e.g. 4 for an x86
 * PC-relative displacement at the end of an instruction, 5 if an imm8
 * follows it).  @alt selects alternative guesses (0 = best guess, from
 * the instruction); returns false when there is no such alternative.
 */
bool kd_rela_bias(const struct kd_elf *kelf, const struct kd_sec *from,
		  const struct kd_rela *rela, int alt, GElf_Sxword *bias);

/*
 * Turn the direct branches between functions of one section, which the
 * assembler resolved without a relocation, into relocations (branch.c).
 */
void kd_branches_add(struct kd_elf *kelf);
/* The gaps of @sec in [start, end), NULL if none. */
const struct kd_gap *kd_gap_in(const struct kd_sec *sec, GElf_Addr start,
			       GElf_Addr end);

/* Whether the relocation type is a call or jump to a function. */
bool kd_rela_is_call(const struct kd_elf *kelf, const struct kd_rela *rela);
/* The relocation is the target of a direct call or jump instruction. */
bool kd_rela_is_branch(const struct kd_elf *kelf, const struct kd_sec *sec,
		       const struct kd_rela *rela);
/* Name of a relocation type, for comments (NULL: unknown). */
const char *kd_rela_type_name(const struct kd_elf *kelf, unsigned int type);
/* Rewrite the implicit addend of a REL relocation (false: unsupported). */
bool kd_rel_set_addend(const struct kd_elf *kelf, unsigned char *p,
		       unsigned int type, GElf_Sxword addend);

#endif /* KSPLICE_ELF_KELF_H */
