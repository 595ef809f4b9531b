/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice host tools: what each architecture contributes.
 *
 * The differ and the generator work on one ELF model (../diff/kelf.h);
 * what depends on the instruction set lives behind struct ks_arch, one
 * instance per architecture (x86/, arm/).  ks_arch_of() picks it by the
 * object's e_machine.
 */
#ifndef KSPLICE_ARCH_H
#define KSPLICE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

struct ks_arch {
	const char *name;
	unsigned int machine;
	/* Bytes per instruction when fixed (ARM), 0 when variable. */
	unsigned int insn_align;
	/*
	 * Decode the instruction at @p, @avail bytes at most.  Returns
	 * false when the bytes are no instruction the decoder knows.
	 */
	bool (*decode)(const unsigned char *p, size_t avail, bool big_endian,
		       struct ks_insn *insn);
	/*
	 * Write @addend into the branch field of @p for REL objects (the
	 * implicit addend), or clear it for RELA ones.
	 */
	void (*set_branch_field)(unsigned char *p, const struct ks_insn *insn,
				 bool rel, bool big_endian);
};

extern const struct ks_arch ks_arch_x86_64;
extern const struct ks_arch ks_arch_i386;
extern const struct ks_arch ks_arch_arm;

/* The architecture of an object's e_machine, NULL if none. */
const struct ks_arch *ks_arch_of(unsigned int machine);

#endif /* KSPLICE_ARCH_H */
