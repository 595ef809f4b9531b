/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice host tools: what each architecture contributes.
 *
 * The differ and the generator work on one ELF model (../diff/kelf.h);
 * what depends on the architecture lives behind struct ks_arch, one
 * instance per architecture (x86/, arm/): instruction decoding, the
 * relocation types, and the layouts of the special sections.
 * ks_arch_of() picks it by the object's e_machine.  This layer sees
 * bytes and numbers only, never the model.
 */
#ifndef KSPLICE_ARCH_H
#define KSPLICE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ks_arch;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ---- instructions ---- */

/* What one decoded instruction is, as far as the tools care. */
enum ks_insn_kind {
	KS_INSN_OTHER,
	KS_INSN_CALL,		/* direct call */
	KS_INSN_JUMP,		/* direct unconditional jump */
	KS_INSN_JCC,		/* direct conditional jump */
};

struct ks_insn {
	unsigned int len;		/* bytes */
	enum ks_insn_kind kind;
	/* Direct branches: the displacement field and the target. */
	unsigned int disp_off;		/* field's offset in the insn */
	unsigned int disp_len;		/* field's width in bytes */
	int64_t target;			/* relative to the insn's start */
	/*
	 * Relocation type that reaches any target from this branch
	 * (0: none, the field is too narrow) and the addend it needs
	 * for a target symbol at the branch's destination.
	 */
	unsigned int rtype;
	int64_t addend;
};

/* ---- special sections ---- */

/* How the differ treats a section (enum kd_special_kind). */
enum ks_diff_kind {
	KS_DIFF_UNSET,		/* no opinion: the differ's default */
	KS_DIFF_TABLE,		/* entries point into functions */
	KS_DIFF_REF,		/* only referenced; never classified */
	KS_DIFF_IGNORE,		/* of no interest at all */
};

/* How the generator treats a section (enum kg_special). */
enum ks_gen_kind {
	KS_GEN_UNSET,		/* no opinion: the generator's default */
	KS_GEN_NONE,		/* not special: items, strings, chunks */
	KS_GEN_TABLE,		/* loader-processed table: copy entries */
	KS_GEN_ANNOTATION,	/* objtool's: entries about carried code */
	KS_GEN_PARALLEL,	/* indexed like its companion table */
	KS_GEN_SKIP,		/* never copied (notes, metadata) */
	KS_GEN_UNKNOWN,		/* a table we cannot carry: refuse */
	KS_GEN_RUNTIME_CONST,	/* immediates the boot code fills in */
};

/* Sites the kernel rewrites at boot (KSPLICE_SITE_* of <linux/ksplice.h>). */
enum ks_site_kind {
	KS_SITE_NONE,
	KS_SITE_ALTERNATIVE,
	KS_SITE_JUMP_LABEL,
	KS_SITE_SMP_LOCK,
	KS_SITE_MCOUNT,
	KS_SITE_STATIC_CALL,
	KS_SITE_RETPOLINE,
	KS_SITE_RETURN,
	KS_SITE_PARAVIRT,
	KS_SITE_PV_TABLE,
	KS_SITE_SMP_ALT,
	KS_SITE_BUG,
	KS_SITE_RUNTIME_CONST,
};

/* One special section: its name, and what each tool makes of it. */
struct ks_special {
	const char *name;
	bool prefix;			/* @name is a prefix */
	enum ks_diff_kind diff;
	const char *report;		/* differ's name for it, NULL: its own */
	enum ks_gen_kind gen;
	/* Entry size, 0: from sh_entsize, else per entry (gen/). */
	unsigned int entsize;
	/*
	 * The loader uses the entries before the update's init runs:
	 * relocations the core would write later are not allowed.
	 */
	bool loader_only;
	const char *companion;		/* PARALLEL: the table it follows */
	enum ks_site_kind site;		/* entries point at such sites */
};

/* Which tool asks about a special section. */
enum ks_special_want {
	KS_WANT_DIFF,		/* its ks_diff_kind */
	KS_WANT_GEN,		/* its ks_gen_kind */
	KS_WANT_SITE,		/* its ks_site_kind */
};

/*
 * The first row for section @name, of @arch's (may be NULL) then the
 * common ones, that has an opinion on what @want asks.
 */
const struct ks_special *ks_special_find(const struct ks_arch *arch,
					 const char *name,
					 enum ks_special_want want);

/* x86's runtime constants: a table of pointers to immediates. */
struct ks_runtime_const {
	const char *prefix;		/* runtime_ptr_<var> */
	unsigned int width;		/* bytes of each immediate */
};

/* ---- the architecture ---- */

struct ks_arch {
	const char *name;
	unsigned int machine;
	/* Bytes per instruction when fixed (ARM), 0 when variable. */
	unsigned int insn_align;
	/* $a, $t and $d symbols tell code from data (ARM). */
	bool mapping_symbols;
	/* What fills gaps between code pieces (int3 on x86). */
	unsigned char code_fill;

	/*
	 * Decode the instruction at @p, @avail bytes at most.  Returns
	 * false when the bytes are no instruction the decoder knows.
	 */
	bool (*decode)(const unsigned char *p, size_t avail, bool big_endian,
		       struct ks_insn *insn);
	/*
	 * Write @insn->addend into the branch field of @p for REL objects
	 * (the implicit addend), or clear it for RELA ones.
	 */
	void (*set_branch_field)(unsigned char *p, const struct ks_insn *insn,
				 bool rel, bool big_endian);

	/* Width in bytes of the field a relocation of @type writes. */
	unsigned int (*reloc_width)(unsigned int type);
	/* Name of a relocation type, for comments (NULL: unknown). */
	const char *(*reloc_name)(unsigned int type);
	/* A call or jump to a function. */
	bool (*reloc_is_call)(unsigned int type);
	/*
	 * Bias to add to the addend of a relocation of @type at @off of
	 * code @d (@size bytes) to get the offset in the target it
	 * designates (4 after an x86 rel32, 5 if an imm8 follows; 8 on
	 * ARM).  @alt > 0 asks for further guesses; false: no more.
	 */
	bool (*reloc_bias)(const unsigned char *d, size_t size, uint64_t off,
			   unsigned int type, int alt, int64_t *bias);
	/*
	 * REL objects: the implicit addend of a relocation of @type at
	 * @p (@avail bytes), and the bits of the bytes that hold it.
	 */
	void (*rel_addend)(const unsigned char *p, size_t avail,
			   unsigned int type, bool big_endian, int64_t *addend,
			   unsigned char mask[8], unsigned char *mlen);
	/* REL objects: write @addend in place (false: cannot). */
	bool (*rel_set_addend)(unsigned char *p, unsigned int type,
			       int64_t addend, bool big_endian);
	/* The field at @off of code @d is a direct branch's target. */
	bool (*branch_site)(const unsigned char *d, size_t size, uint64_t off);
	/*
	 * Type of the ELF relocation that keeps a call visible to objtool
	 * when the core writes the field (0: no objtool).
	 */
	unsigned int placeholder_type;
	/* mov $imm32 into the second argument register (line numbers). */
	unsigned char line_arg_opcode;
	/* objtool checks indirect branch tracking (ENDBR) of the update. */
	bool ibt;
	/*
	 * Bytes the kernel rewrites at a site of kind @k: @entry is the
	 * table entry (@elen bytes), @code the site (@clen bytes).
	 */
	unsigned int (*site_len)(enum ks_site_kind k, const unsigned char *entry,
				 size_t elen, const unsigned char *code,
				 size_t clen);

	/* Special sections of this architecture. */
	const struct ks_special *specials;
	size_t nr_specials;
	/* struct jump_entry: offsets of the code and key fields. */
	unsigned int jump_code_off, jump_key_off;
	/*
	 * struct alt_instr (.altinstructions; size 0: none): offsets of
	 * the replacement, and of the lengths of the original and the
	 * replacement (one byte each).
	 */
	unsigned int alt_size, alt_repl_off, alt_len_off, alt_repl_len_off;
	/* struct static_call_site: offset of the key (0: no such table). */
	unsigned int static_call_key_off;
	const struct ks_runtime_const *runtime_consts;
	size_t nr_runtime_consts;
};

extern const struct ks_arch ks_arch_x86_64;
extern const struct ks_arch ks_arch_i386;
extern const struct ks_arch ks_arch_arm;

/* The architecture of an object's e_machine, NULL if none. */
const struct ks_arch *ks_arch_of(unsigned int machine);

/* x86 (x86/decode.c). */
bool ks_x86_decode_64(const unsigned char *p, size_t avail, bool big_endian,
		      struct ks_insn *insn);
bool ks_x86_decode_32(const unsigned char *p, size_t avail, bool big_endian,
		      struct ks_insn *insn);
void ks_x86_set_branch_field(unsigned char *p, const struct ks_insn *insn,
			     bool rel, bool big_endian);

/* ARM (arm/decode.c). */
bool ks_arm_decode(const unsigned char *p, size_t avail, bool big_endian,
		   struct ks_insn *insn);
void ks_arm_set_branch_field(unsigned char *p, const struct ks_insn *insn,
			     bool rel, bool big_endian);
/* The value an A32 movw or mov-immediate puts in its register. */
bool ks_arm_mov_imm(uint32_t insn, uint32_t *val);

/* Names of relocation types, for comments. */
struct ks_reloc_name {
	unsigned int type;
	const char *name;
};

const char *ks_reloc_name_of(const struct ks_reloc_name *names, size_t nr,
			     unsigned int type);

/* Byte order helpers. */
uint32_t ks_get32(const unsigned char *p, bool big_endian);
void ks_put32(unsigned char *p, uint32_t v, bool big_endian);

#endif /* KSPLICE_ARCH_H */
