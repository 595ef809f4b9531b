// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: ARM relocations and special sections.
 *
 * ARM objects have REL relocations: the addend is in the relocated
 * field, in the instruction's own encoding.
 *
 * Special sections and the size of their entries, from the 6.12 headers:
 *	__bug_table		12 (bug_addr, file, line, flags) or 8
 *	__ex_table		2 x unsigned long (asm/extable.h)
 *	__jump_table		3 x u32 (asm/jump_label.h)
 *	.ARM.exidx*		2 words; .ARM.extab* is referenced by them
 *	.alt.smp.init		2 words (asm/assembler.h ALT_SMP)
 *	.pv_table		one word (asm/memory.h)
 *	__mcount_loc		one pointer
 */
#include <elf.h>
#include <string.h>

#include "../arch.h"

/* Older <elf.h> call it R_ARM_THM_PC22. */
#ifndef R_ARM_THM_CALL
#define R_ARM_THM_CALL 10
#endif

#define TABLE(size)	.gen = KS_GEN_TABLE, .entsize = size, .loader_only = true

static const struct ks_special arm_specials[] = {
	{ "__ex_table", TABLE(8) },
	{ "__jump_table", TABLE(12) },
	{ "__mcount_loc", TABLE(4) },
	{ "__patchable_function_entries", TABLE(4) },
	{ "_kprobe_blacklist", TABLE(4) },
	{ ".ARM.exidx", true, TABLE(8) },
	{ ".alt.smp.init", TABLE(8) },
	{ ".pv_table", TABLE(4) },
};

static unsigned int arm_width(unsigned int type)
{
	return type == R_ARM_NONE || type == R_ARM_V4BX ? 0 : 4;
}

static const struct ks_reloc_name arm_names[] = {
	{ R_ARM_ABS32, "R_ARM_ABS32" },
	{ R_ARM_REL32, "R_ARM_REL32" },
	{ R_ARM_PC24, "R_ARM_PC24" },
	{ R_ARM_CALL, "R_ARM_CALL" },
	{ R_ARM_JUMP24, "R_ARM_JUMP24" },
	{ R_ARM_PREL31, "R_ARM_PREL31" },
	{ R_ARM_MOVW_ABS_NC, "R_ARM_MOVW_ABS_NC" },
	{ R_ARM_MOVT_ABS, "R_ARM_MOVT_ABS" },
	{ R_ARM_MOVW_PREL_NC, "R_ARM_MOVW_PREL_NC" },
	{ R_ARM_MOVT_PREL, "R_ARM_MOVT_PREL" },
	{ R_ARM_TARGET1, "R_ARM_TARGET1" },
	{ R_ARM_TARGET2, "R_ARM_TARGET2" },
	{ R_ARM_V4BX, "R_ARM_V4BX" },
};

static const char *arm_name(unsigned int type)
{
	return ks_reloc_name_of(arm_names, ARRAY_SIZE(arm_names), type);
}

static bool arm_is_call(unsigned int type)
{
	return type == R_ARM_CALL || type == R_ARM_JUMP24 ||
	       type == R_ARM_PC24 || type == R_ARM_THM_CALL ||
	       type == R_ARM_THM_JUMP24;
}

static bool arm_bias(const unsigned char *d, size_t size, uint64_t off,
		     unsigned int type, int alt, int64_t *bias)
{
	(void)d;
	(void)size;
	(void)off;
	switch (type) {
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_PLT32:
		*bias = 8;
		break;
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		*bias = 4;
		break;
	default:
		*bias = 0;
	}
	return alt == 0;
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (bits == 64) ? ~0ULL : (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static void set_mask32(unsigned char mask[8], unsigned char *mlen,
		       uint32_t bits, bool big_endian)
{
	unsigned int i;

	*mlen = 4;
	for (i = 0; i < 4; i++)
		mask[i] = (bits >> (big_endian ? 8 * (3 - i) : 8 * i)) & 0xff;
}

static uint32_t get16(const unsigned char *p, bool big_endian)
{
	return big_endian ? (uint32_t)p[0] << 8 | p[1]
			  : (uint32_t)p[1] << 8 | p[0];
}

/* The implicit addend of an ARM REL relocation, and its bits. */
static void arm_rel_addend(const unsigned char *p, size_t avail,
			   unsigned int type, bool big_endian, int64_t *addend,
			   unsigned char mask[8], unsigned char *mlen)
{
	uint32_t insn, hw1, hw2, s, j1, j2, i1, i2;
	uint64_t off;

	*addend = 0;
	if (type == R_ARM_NONE || type == R_ARM_V4BX) {
		*mlen = 0;
		return;
	}
	if (!p || avail < 4) {
		*mlen = 0;
		return;
	}
	insn = ks_get32(p, big_endian);

	switch (type) {
	case R_ARM_PREL31:
		*addend = sign_extend(insn, 31);
		set_mask32(mask, mlen, 0x7fffffff, big_endian);
		break;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_PLT32:
		*addend = sign_extend((insn & 0x00ffffff) << 2, 26);
		set_mask32(mask, mlen, 0x00ffffff, big_endian);
		break;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		*addend = sign_extend(((insn >> 4) & 0xf000) | (insn & 0x0fff),
				      16);
		set_mask32(mask, mlen, 0x000f0fff, big_endian);
		break;
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		/* Two halfwords, first one at the lower address. */
		hw1 = get16(p, big_endian);
		hw2 = get16(p + 2, big_endian);
		s = (hw1 >> 10) & 1;
		j1 = (hw2 >> 13) & 1;
		j2 = (hw2 >> 11) & 1;
		i1 = !(j1 ^ s);
		i2 = !(j2 ^ s);
		off = (s << 24) | (i1 << 23) | (i2 << 22) |
		      ((hw1 & 0x3ff) << 12) | ((hw2 & 0x7ff) << 1);
		*addend = sign_extend(off, 25);
		*mlen = 4;
		memset(mask, 0xff, 4);
		break;
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
	case R_ARM_THM_MOVW_PREL_NC:
	case R_ARM_THM_MOVT_PREL:
		hw1 = get16(p, big_endian);
		hw2 = get16(p + 2, big_endian);
		*addend = sign_extend(((hw1 & 0xf) << 12) |
				      (((hw1 >> 10) & 1) << 11) |
				      (((hw2 >> 12) & 7) << 8) |
				      (hw2 & 0xff), 16);
		*mlen = 4;
		memset(mask, 0xff, 4);
		break;
	default:
		/* ABS32, REL32, TARGET1/2, GOT and TLS words, ... */
		*addend = (int32_t)insn;
		*mlen = 4;
		memset(mask, 0xff, 4);
		break;
	}
}

static bool arm_rel_set_addend(unsigned char *p, unsigned int type,
			       int64_t addend, bool big_endian)
{
	uint32_t insn = ks_get32(p, big_endian);

	switch (type) {
	case R_ARM_ABS32:
	case R_ARM_REL32:
	case R_ARM_TARGET1:
	case R_ARM_TARGET2:
		insn = (uint32_t)addend;
		break;
	case R_ARM_PREL31:
		if (addend < -(1LL << 30) || addend >= (1LL << 30))
			return false;
		insn = (insn & 0x80000000) | ((uint32_t)addend & 0x7fffffff);
		break;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		if (addend & 3 || addend < -(1LL << 25) || addend >= (1LL << 25))
			return false;
		insn = (insn & 0xff000000) | (((uint32_t)addend >> 2) & 0xffffff);
		break;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		if (addend < -0x8000 || addend > 0x7fff)
			return false;
		insn = (insn & 0xfff0f000) | (((uint32_t)addend & 0xf000) << 4) |
		       ((uint32_t)addend & 0xfff);
		break;
	default:
		return false;
	}
	ks_put32(p, insn, big_endian);
	return true;
}

/* Every call relocation is a b or bl: the field is the instruction. */
static bool arm_branch_site(const unsigned char *d, size_t size, uint64_t off)
{
	(void)d;
	(void)size;
	(void)off;
	return true;
}

static unsigned int arm_site_len(enum ks_site_kind k,
				 const unsigned char *entry, size_t elen,
				 const unsigned char *code, size_t clen)
{
	(void)code;
	(void)clen;
	switch (k) {
	case KS_SITE_ALTERNATIVE:
		return elen > 12 ? entry[12] : 0;
	case KS_SITE_SMP_LOCK:
		return 1;
	case KS_SITE_JUMP_LABEL:
	case KS_SITE_MCOUNT:
	case KS_SITE_STATIC_CALL:
	case KS_SITE_PV_TABLE:
	case KS_SITE_SMP_ALT:
	case KS_SITE_BUG:
		return 4;		/* one instruction */
	default:
		return 0;
	}
}

const struct ks_arch ks_arch_arm = {
	.name = "arm",
	.machine = EM_ARM,
	.insn_align = 4,
	.mapping_symbols = true,
	.decode = ks_arm_decode,
	.set_branch_field = ks_arm_set_branch_field,
	.reloc_width = arm_width,
	.reloc_name = arm_name,
	.reloc_is_call = arm_is_call,
	.reloc_bias = arm_bias,
	.rel_addend = arm_rel_addend,
	.rel_set_addend = arm_rel_set_addend,
	.branch_site = arm_branch_site,
	.site_len = arm_site_len,
	.specials = arm_specials,
	.nr_specials = ARRAY_SIZE(arm_specials),
	.jump_code_off = 0,
	.jump_key_off = 8,
};
