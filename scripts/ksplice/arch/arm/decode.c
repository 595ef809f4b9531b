// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: ARM (A32) direct branches.
 *
 * Every A32 instruction is one word; b and bl carry a 24-bit word
 * displacement from the instruction's address plus 8.  Whether a word
 * is an instruction at all (literal pools sit between functions' code)
 * is for the caller to know, from the $a/$d mapping symbols.
 */
#include <elf.h>
#include <string.h>

#include "../arch.h"

bool ks_arm_decode(const unsigned char *p, size_t avail, bool big_endian,
		   struct ks_insn *insn)
{
	uint32_t w;

	memset(insn, 0, sizeof(*insn));
	if (avail < 4)
		return false;
	w = ks_get32(p, big_endian);
	insn->len = 4;
	if ((w & 0x0e000000) != 0x0a000000)
		return true;
	insn->disp_off = 0;
	insn->disp_len = 4;
	insn->target = 8 + ((int64_t)(int32_t)(w << 8) >> 6);
	if ((w >> 28) == 0xf) {
		/* blx to Thumb code: no relocation keeps its H bit. */
		insn->kind = KS_INSN_CALL;
		return true;
	}
	if (w & 0x01000000) {
		insn->kind = KS_INSN_CALL;
		/* The linker may turn an unconditional bl into blx. */
		insn->rtype = (w >> 28) == 0xe ? R_ARM_CALL : R_ARM_JUMP24;
	} else {
		insn->kind = (w >> 28) == 0xe ? KS_INSN_JUMP : KS_INSN_JCC;
		insn->rtype = R_ARM_JUMP24;
	}
	insn->addend = -8;
	return true;
}

/* REL: the field holds the addend, in words. */
void ks_arm_set_branch_field(unsigned char *p, const struct ks_insn *insn,
			     bool rel, bool big_endian)
{
	uint32_t w = ks_get32(p, big_endian);
	uint32_t imm = rel ? ((uint32_t)(insn->addend >> 2) & 0x00ffffff) : 0;

	ks_put32(p, (w & 0xff000000) | imm, big_endian);
}

static uint32_t ror32(uint32_t v, unsigned int r)
{
	r &= 31;
	return r ? (v >> r) | (v << (32 - r)) : v;
}

bool ks_arm_mov_imm(uint32_t insn, uint32_t *val)
{
	if ((insn & 0x0ff00000) == 0x03000000) {		/* movw */
		*val = ((insn >> 4) & 0xf000) | (insn & 0xfff);
		return true;
	}
	if ((insn & 0x0fef0000) == 0x03a00000) {		/* mov #imm */
		*val = ror32(insn & 0xff, 2 * ((insn >> 8) & 0xf));
		return true;
	}
	return false;
}
