// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: x86 instruction lengths and direct branches.
 *
 * Enough of the x86 encoding to walk compiled kernel code instruction
 * by instruction: legacy and REX prefixes, the one-, two- and three-byte
 * opcode maps, VEX, ModRM/SIB/displacement and immediates.  What it does
 * not know (far branches, 16-bit addressing, EVEX, 3DNow!) it rejects,
 * and its callers then refuse rather than guess.
 */
#include <elf.h>
#include <string.h>

#include "../arch.h"

#ifndef R_X86_64_PLT32
#define R_X86_64_PLT32 4
#endif

/* Operand flags of an opcode. */
#define OP_MODRM	0x001
#define OP_IMM8		0x002
#define OP_IMMZ		0x004	/* 16 or 32 bits, by operand size */
#define OP_IMM16	0x008
#define OP_IMMV		0x010	/* 16, 32 or 64 bits (mov reg, imm) */
#define OP_REL8		0x020
#define OP_REL32	0x040
#define OP_MOFFS	0x080	/* an address as wide as the mode's */
#define OP_BAD		0x100
#define OP_GRP3		0x200	/* f6/f7: an immediate for /0 and /1 only */
#define OP_ENTER	0x400	/* imm16, imm8 */

static unsigned int one_byte(unsigned char op, bool is64)
{
	if (op < 0x40) {
		switch (op & 7) {
		case 0: case 1: case 2: case 3:
			return OP_MODRM;
		case 4:
			return OP_IMM8;
		case 5:
			return OP_IMMZ;
		}
		/* push/pop of segments, daa, das, aaa, aas */
		return is64 ? OP_BAD : 0;
	}
	if (op < 0x60)
		return 0;		/* inc/dec (i386), push, pop */
	if (op >= 0x70 && op <= 0x7f)
		return OP_REL8;
	if (op >= 0x84 && op <= 0x8f)
		return OP_MODRM;
	if (op >= 0x90 && op <= 0x9f)
		return op == 0x9a ? OP_BAD : 0;
	if (op >= 0xb0 && op <= 0xb7)
		return OP_IMM8;
	if (op >= 0xb8 && op <= 0xbf)
		return OP_IMMV;
	if (op >= 0xd8 && op <= 0xdf)
		return OP_MODRM;	/* x87 */
	switch (op) {
	case 0x60: case 0x61:
		return is64 ? OP_BAD : 0;
	case 0x62:
		return OP_BAD;		/* EVEX, bound */
	case 0x63:
		return OP_MODRM;
	case 0x68:
		return OP_IMMZ;
	case 0x69:
		return OP_MODRM | OP_IMMZ;
	case 0x6a:
		return OP_IMM8;
	case 0x6b:
		return OP_MODRM | OP_IMM8;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
		return 0;
	case 0x80: case 0x83:
		return OP_MODRM | OP_IMM8;
	case 0x81:
		return OP_MODRM | OP_IMMZ;
	case 0x82:
		return is64 ? OP_BAD : OP_MODRM | OP_IMM8;
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		return OP_MOFFS;
	case 0xa8:
		return OP_IMM8;
	case 0xa9:
		return OP_IMMZ;
	case 0xa4: case 0xa5: case 0xa6: case 0xa7:
	case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
		return 0;
	case 0xc0: case 0xc1: case 0xc6:
		return OP_MODRM | OP_IMM8;
	case 0xc2: case 0xca:
		return OP_IMM16;
	case 0xc7:
		return OP_MODRM | OP_IMMZ;	/* also xbegin rel32 */
	case 0xc8:
		return OP_ENTER;
	case 0xc3: case 0xc9: case 0xcb: case 0xcc: case 0xcf:
		return 0;
	case 0xcd:
		return OP_IMM8;
	case 0xce:
		return is64 ? OP_BAD : 0;
	case 0xd0: case 0xd1: case 0xd2: case 0xd3:
		return OP_MODRM;
	case 0xd4: case 0xd5:
		return is64 ? OP_BAD : OP_IMM8;
	case 0xd7:
		return 0;
	case 0xe0: case 0xe1: case 0xe2: case 0xe3:
		return OP_REL8;		/* loop, jcxz */
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		return OP_IMM8;
	case 0xe8: case 0xe9:
		return OP_REL32;
	case 0xeb:
		return OP_REL8;
	case 0xec: case 0xed: case 0xee: case 0xef:
	case 0xf1: case 0xf4: case 0xf5:
	case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
		return 0;
	case 0xf6: case 0xf7:
		return OP_MODRM | OP_GRP3;
	case 0xfe: case 0xff:
		return OP_MODRM;
	}
	return OP_BAD;
}

static unsigned int two_byte(unsigned char op)
{
	if (op >= 0x80 && op <= 0x8f)
		return OP_REL32;
	if ((op >= 0x10 && op <= 0x23) || (op >= 0x28 && op <= 0x2f) ||
	    (op >= 0x40 && op <= 0x6f) || (op >= 0x90 && op <= 0x9f) ||
	    (op >= 0xb0 && op <= 0xb9) || (op >= 0xbb && op <= 0xbf) ||
	    op >= 0xd0)
		return OP_MODRM;
	if (op >= 0xc8 && op <= 0xcf)
		return 0;		/* bswap */
	switch (op) {
	case 0x00: case 0x01: case 0x02: case 0x03: case 0x0d:
	case 0x74: case 0x75: case 0x76: case 0x78: case 0x79:
	case 0x7c: case 0x7d: case 0x7e: case 0x7f:
	case 0xa3: case 0xa5: case 0xab: case 0xad: case 0xae: case 0xaf:
	case 0xc0: case 0xc1: case 0xc3: case 0xc7:
		return OP_MODRM;
	case 0x70: case 0x71: case 0x72: case 0x73:
	case 0xa4: case 0xac: case 0xba: case 0xc2:
	case 0xc4: case 0xc5: case 0xc6:
		return OP_MODRM | OP_IMM8;
	case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0b:
	case 0x0e: case 0x30: case 0x31: case 0x32: case 0x33: case 0x34:
	case 0x35: case 0x37: case 0x77: case 0xa0: case 0xa1: case 0xa2:
	case 0xa8: case 0xa9: case 0xaa:
		return 0;
	}
	return OP_BAD;
}

/* Bytes of ModRM, SIB and displacement at @p; 0 if past @avail. */
static unsigned int modrm_len(const unsigned char *p, size_t avail)
{
	unsigned int mod, rm, len = 1;

	if (!avail)
		return 0;
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return 1;
	if (rm == 4) {
		if (avail < 2)
			return 0;
		len++;
		if (mod == 0 && (p[1] & 7) == 5)
			len += 4;
	} else if (mod == 0 && rm == 5) {
		len += 4;		/* rip-relative or absolute disp32 */
	}
	if (mod == 1)
		len += 1;
	else if (mod == 2)
		len += 4;
	return len <= avail ? len : 0;
}

static bool decode(const unsigned char *p, size_t avail, bool is64,
		   struct ks_insn *insn)
{
	bool opsize = false, addrsize = false, rexw = false;
	unsigned int flags, i = 0, n, imm = 0;
	unsigned char op;

	memset(insn, 0, sizeof(*insn));
	/* Legacy prefixes, then REX (64-bit). */
	for (;; i++) {
		if (i >= avail || i > 14)
			return false;
		switch (p[i]) {
		case 0x66:
			opsize = true;
			continue;
		case 0x67:
			addrsize = true;
			continue;
		case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64:
		case 0x65: case 0xf0: case 0xf2: case 0xf3:
			continue;
		}
		if (is64 && (p[i] & 0xf0) == 0x40) {
			rexw = p[i] & 8;
			continue;
		}
		break;
	}
	/* 16-bit addressing is not worth knowing here. */
	if (addrsize && !is64)
		return false;

	op = p[i++];
	if ((op == 0xc4 || op == 0xc5) &&
	    (is64 || (i < avail && (p[i] & 0xc0) == 0xc0))) {
		/* VEX: 2 or 3 bytes, then opcode and ModRM. */
		unsigned int map = 1;

		if (op == 0xc4) {
			if (i + 1 >= avail)
				return false;
			map = p[i] & 0x1f;
			i += 2;
		} else {
			i += 1;
		}
		if (i >= avail || map < 1 || map > 3)
			return false;
		op = p[i++];
		flags = OP_MODRM;
		if (map == 3 || (map == 1 && (two_byte(op) & OP_IMM8)))
			flags |= OP_IMM8;
	} else if (op == 0x0f) {
		if (i >= avail)
			return false;
		op = p[i++];
		if (op == 0x38 || op == 0x3a) {
			if (i >= avail)
				return false;
			flags = OP_MODRM | (op == 0x3a ? OP_IMM8 : 0);
			i++;
		} else {
			flags = two_byte(op);
			if (flags & OP_REL32)
				insn->kind = KS_INSN_JCC;
		}
	} else {
		flags = one_byte(op, is64);
		if (op == 0xe8)
			insn->kind = KS_INSN_CALL;
		else if (op == 0xe9 || op == 0xeb)
			insn->kind = KS_INSN_JUMP;
		else if (flags & OP_REL8)
			insn->kind = KS_INSN_JCC;
	}
	if (flags & OP_BAD)
		return false;
	if ((flags & (OP_REL8 | OP_REL32)) && opsize)
		return false;		/* 16-bit branch targets */

	if (flags & OP_MODRM) {
		unsigned char reg;

		if (i >= avail)
			return false;
		reg = (p[i] >> 3) & 7;
		if ((flags & OP_GRP3) && reg <= 1)
			flags |= op == 0xf6 ? OP_IMM8 : OP_IMMZ;
		n = modrm_len(p + i, avail - i);
		if (!n)
			return false;
		i += n;
	}
	if (flags & OP_IMM8)
		imm += 1;
	if (flags & OP_IMMZ)
		imm += opsize ? 2 : 4;
	if (flags & OP_IMM16)
		imm += 2;
	if (flags & OP_IMMV)
		imm += rexw ? 8 : opsize ? 2 : 4;
	if (flags & OP_ENTER)
		imm += 3;
	if (flags & OP_MOFFS)
		imm += is64 ? (addrsize ? 4 : 8) : 4;
	if (flags & (OP_REL8 | OP_REL32)) {
		int64_t disp;

		n = flags & OP_REL8 ? 1 : 4;
		if (i + n > avail)
			return false;
		if (n == 1) {
			disp = (int8_t)p[i];
		} else {
			disp = (int32_t)((uint32_t)p[i] |
					 (uint32_t)p[i + 1] << 8 |
					 (uint32_t)p[i + 2] << 16 |
					 (uint32_t)p[i + 3] << 24);
			insn->rtype = is64 ? R_X86_64_PLT32 : R_386_PC32;
			insn->addend = -4;
		}
		insn->disp_off = i;
		insn->disp_len = n;
		insn->target = i + n + disp;
		i += n;
	}
	if (i + imm > avail)
		return false;
	insn->len = i + imm;
	if (!(flags & (OP_REL8 | OP_REL32)))
		insn->kind = KS_INSN_OTHER;
	return true;
}

bool ks_x86_decode_64(const unsigned char *p, size_t avail, bool big_endian,
		      struct ks_insn *insn)
{
	(void)big_endian;
	return decode(p, avail, true, insn);
}

bool ks_x86_decode_32(const unsigned char *p, size_t avail, bool big_endian,
		      struct ks_insn *insn)
{
	(void)big_endian;
	return decode(p, avail, false, insn);
}

void ks_x86_set_branch_field(unsigned char *p, const struct ks_insn *insn,
			     bool rel, bool big_endian)
{
	uint32_t v = rel ? (uint32_t)insn->addend : 0;
	unsigned int k;

	(void)big_endian;
	for (k = 0; k < 4 && k < insn->disp_len; k++)
		p[insn->disp_off + k] = v >> (8 * k);
}
