// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: ARM (A32) direct branches.
 *
 * Every A32 instruction is one word; b and bl carry a 24-bit word
 * displacement from the instruction's address plus 8.  Whether a word
 * is an instruction at all (literal pools sit between functions' code)
 * is for the caller to know, from the $a/$d mapping symbols.
 */
#include <string.h>

#include "../arch.h"

#ifndef R_ARM_CALL
#define R_ARM_CALL 28
#endif
#ifndef R_ARM_JUMP24
#define R_ARM_JUMP24 29
#endif

static uint32_t get32(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static bool decode(const unsigned char *p, size_t avail, bool big_endian,
		   struct ks_insn *insn)
{
	uint32_t w;

	memset(insn, 0, sizeof(*insn));
	if (avail < 4)
		return false;
	w = get32(p, big_endian);
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
static void set_branch_field(unsigned char *p, const struct ks_insn *insn,
			     bool rel, bool big_endian)
{
	uint32_t w = get32(p, big_endian);
	uint32_t imm = rel ? ((uint32_t)(insn->addend >> 2) & 0x00ffffff) : 0;
	unsigned int k;

	w = (w & 0xff000000) | imm;
	for (k = 0; k < 4; k++)
		p[big_endian ? 3 - k : k] = w >> (8 * k);
}

const struct ks_arch ks_arch_arm = {
	.name = "arm",
	.machine = 40,		/* EM_ARM */
	.insn_align = 4,
	.decode = decode,
	.set_branch_field = set_branch_field,
};
