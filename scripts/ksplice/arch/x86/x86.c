// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: x86 relocations and special sections.
 *
 * Special sections and the size of their entries, from the 6.12 headers:
 *
 *   x86_64
 *	__bug_table		struct bug_entry: 12 with DEBUG_BUGVERBOSE
 *				(relative bug_addr and file, line, flags),
 *				8 without (asm-generic/bug.h)
 *	__ex_table		struct exception_table_entry: 3 x int
 *				(asm/extable.h)
 *	__jump_table		struct jump_entry: s32 code, s32 target,
 *				long key (linux/jump_label.h)
 *	.altinstructions	struct alt_instr, __packed: 14 (asm/alternative.h)
 *	.static_call_sites	struct static_call_site: 2 x s32
 *	.retpoline_sites, .return_sites, .call_sites, .ibt_endbr_seal,
 *	.smp_locks, .orc_unwind_ip, .kcfi_traps:  s32 each
 *	.orc_unwind		struct orc_entry: 6, parallel to .orc_unwind_ip
 *	__mcount_loc, __patchable_function_entries, _kprobe_blacklist:
 *				one pointer
 *   i386: as x86_64 with 4-byte pointers and absolute bug_addr/file
 *
 * x86_64's runtime constants (asm/runtime-const.h) are tables of s32,
 * runtime_ptr_<var> and runtime_shift_<var>, each entry pointing at the
 * 8-byte immediate of a movabs or the 1-byte count of a shrl.
 *
 * objtool's annotations (.discard.*) hold one relocation per entry,
 * except .discard.unwind_hints (struct unwind_hint, 12 bytes).
 */
#include <elf.h>
#include <string.h>

#include "../arch.h"

#ifndef R_X86_64_PLT32
#define R_X86_64_PLT32 4
#endif
#ifndef R_X86_64_REX_GOTPCRELX
#define R_X86_64_REX_GOTPCRELX 42
#endif

#define G(kind)		.gen = KS_GEN_##kind
#define TABLE(size)	G(TABLE), .entsize = size, .loader_only = true

static const struct ks_special x86_64_specials[] = {
	{ "__ex_table", TABLE(12) },
	{ "__jump_table", TABLE(16) },
	{ ".altinstructions", TABLE(14) },
	{ ".static_call_sites", TABLE(8) },
	{ ".retpoline_sites", TABLE(4) },
	{ ".return_sites", TABLE(4) },
	{ ".call_sites", TABLE(4) },
	{ ".ibt_endbr_seal", TABLE(4) },
	{ ".orc_unwind_ip", TABLE(4) },
	{ ".orc_unwind", G(PARALLEL), .entsize = 6, .loader_only = true,
	  .companion = ".orc_unwind_ip" },
	{ ".kcfi_traps", TABLE(4) },
	{ ".smp_locks", TABLE(4) },
	{ "__mcount_loc", TABLE(8) },
	{ "__patchable_function_entries", TABLE(8) },
	{ "_kprobe_blacklist", TABLE(8) },
	{ "runtime_ptr_", true, G(RUNTIME_CONST), .entsize = 4 },
	{ "runtime_shift_", true, G(RUNTIME_CONST), .entsize = 4 },
};

static const struct ks_special i386_specials[] = {
	{ "__ex_table", TABLE(12) },
	{ "__jump_table", TABLE(12) },
	{ ".altinstructions", TABLE(14) },
	{ ".smp_locks", TABLE(4) },
	{ "__mcount_loc", TABLE(4) },
	{ "__patchable_function_entries", TABLE(4) },
	{ "_kprobe_blacklist", TABLE(4) },
};

static const struct ks_runtime_const x86_64_runtime_consts[] = {
	{ "runtime_ptr_", 8 },
	{ "runtime_shift_", 1 },
};

/* Field width of a relocation on x86_64. */
static unsigned int x86_64_width(unsigned int type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
	case R_X86_64_PC64:
	case R_X86_64_GOTOFF64:
	case R_X86_64_GOTPC64:
	case R_X86_64_SIZE64:
	case R_X86_64_DTPMOD64:
	case R_X86_64_DTPOFF64:
	case R_X86_64_TPOFF64:
		return 8;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	default:
		return 4;
	}
}

static unsigned int i386_width(unsigned int type)
{
	switch (type) {
	case R_386_NONE:
		return 0;
	case R_386_16:
	case R_386_PC16:
		return 2;
	case R_386_8:
	case R_386_PC8:
		return 1;
	default:
		return 4;
	}
}

static const struct ks_reloc_name x86_64_names[] = {
	{ R_X86_64_64, "R_X86_64_64" },
	{ R_X86_64_PC32, "R_X86_64_PC32" },
	{ R_X86_64_PLT32, "R_X86_64_PLT32" },
	{ R_X86_64_32, "R_X86_64_32" },
	{ R_X86_64_32S, "R_X86_64_32S" },
	{ R_X86_64_PC64, "R_X86_64_PC64" },
	{ R_X86_64_GOTPCREL, "R_X86_64_GOTPCREL" },
	{ R_X86_64_GOTPCRELX, "R_X86_64_GOTPCRELX" },
	{ R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX" },
};

static const char *x86_64_name(unsigned int type)
{
	return ks_reloc_name_of(x86_64_names, ARRAY_SIZE(x86_64_names), type);
}

static const struct ks_reloc_name i386_names[] = {
	{ R_386_32, "R_386_32" },
	{ R_386_PC32, "R_386_PC32" },
	{ R_386_PLT32, "R_386_PLT32" },
};

static const char *i386_name(unsigned int type)
{
	return ks_reloc_name_of(i386_names, ARRAY_SIZE(i386_names), type);
}

static bool x86_64_is_call(unsigned int type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32;
}

static bool i386_is_call(unsigned int type)
{
	return type == R_386_PC32 || type == R_386_PLT32;
}

/*
 * Bytes from an x86 rip-relative disp32 at @off to the end of its
 * instruction: 4, plus the size of an immediate operand that follows.
 * The ModRM byte before the displacement tells a memory operand; the
 * opcode before it tells whether an immediate follows.
 */
static int disp_bias(const unsigned char *d, size_t size, uint64_t off,
		     bool is64)
{
	unsigned char modrm, op, reg;
	bool opsize16 = false;
	uint64_t q;
	int imm = 0;

	if (!d || off < 2 || off + 4 > size)
		return 4;
	modrm = d[off - 1];
	if ((modrm & 0xc7) != 0x05)	/* mod 00, r/m 101: rip-relative */
		return 4;
	reg = (modrm >> 3) & 7;
	op = d[off - 2];
	if (off >= 3 && d[off - 3] == 0x0f) {
		/* bt/bts/btr/btc $imm8, shld/shrd $imm8, pshufd, cmpps... */
		if (op == 0xba || op == 0xa4 || op == 0xac || op == 0x70 ||
		    op == 0xc2 || op == 0xc4 || op == 0xc5 || op == 0xc6)
			imm = 1;
		return 4 + imm;
	}
	if (off >= 4 && d[off - 3] == 0x3a && d[off - 4] == 0x0f)
		return 5;
	/* Operand-size prefix, before an optional REX prefix (x86_64). */
	q = off - 2;
	if (q && is64 && (d[q - 1] & 0xf0) == 0x40)
		q--;
	opsize16 = q && d[q - 1] == 0x66;

	switch (op) {
	case 0x80: case 0x82: case 0x83:	/* grp1 r/m, imm8 */
	case 0xc0: case 0xc1:			/* shifts by imm8 */
	case 0xc6:				/* mov r/m8, imm8 */
	case 0x6b:				/* imul r, r/m, imm8 */
		imm = 1;
		break;
	case 0x81: case 0xc7: case 0x69:	/* imm16/32 forms */
		imm = opsize16 ? 2 : 4;
		break;
	case 0xf6:				/* test r/m8, imm8 */
		imm = reg <= 1 ? 1 : 0;
		break;
	case 0xf7:				/* test r/m, imm16/32 */
		imm = reg <= 1 ? (opsize16 ? 2 : 4) : 0;
		break;
	}
	return 4 + imm;
}

static bool bias(const unsigned char *d, size_t size, uint64_t off,
		 bool pcrel, bool is64, int alt, int64_t *b)
{
	/* Fallback guesses after a rip-relative displacement. */
	static const int guesses[] = { 4, 5, 6, 8 };

	*b = 0;
	if (!pcrel)
		return alt == 0;
	if (alt == 0) {
		*b = disp_bias(d, size, off, is64);
		return true;
	}
	if (alt < 0 || alt > (int)(ARRAY_SIZE(guesses)))
		return false;
	*b = guesses[alt - 1];
	return true;
}

static bool x86_64_bias(const unsigned char *d, size_t size, uint64_t off,
			unsigned int type, int alt, int64_t *b)
{
	bool pcrel;

	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
	case R_X86_64_GOTPC32:
		pcrel = true;
		break;
	default:
		pcrel = false;
	}
	return bias(d, size, off, pcrel, true, alt, b);
}

static bool i386_bias(const unsigned char *d, size_t size, uint64_t off,
		      unsigned int type, int alt, int64_t *b)
{
	return bias(d, size, off, type == R_386_PC32 || type == R_386_PLT32,
		    false, alt, b);
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (bits == 64) ? ~0ULL : (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

/* i386 REL: the field holds the addend. */
static void i386_rel_addend(const unsigned char *p, size_t avail,
			    unsigned int type, bool big_endian,
			    int64_t *addend, unsigned char mask[8],
			    unsigned char *mlen)
{
	unsigned int width = i386_width(type), i;
	uint64_t v = 0;

	*addend = 0;
	*mlen = width;
	memset(mask, 0xff, width);
	if (!width || !p || avail < width)
		return;
	for (i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (big_endian ? 8 * (width - 1 - i) : 8 * i);
	*addend = sign_extend(v, 8 * width);
}

static bool i386_rel_set_addend(unsigned char *p, unsigned int type,
				int64_t addend, bool big_endian)
{
	if (i386_width(type) != 4)
		return false;
	ks_put32(p, (uint32_t)addend, big_endian);
	return true;
}

/* call, jmp, jcc rel32: the opcode before the field. */
static bool branch_site(const unsigned char *d, size_t size, uint64_t off)
{
	unsigned char op, op2;

	if (off < 1 || !d || off > size)
		return false;
	op = d[off - 1];
	op2 = off >= 2 ? d[off - 2] : 0;
	return op == 0xe8 || op == 0xe9 ||
	       (op2 == 0x0f && (op & 0xf0) == 0x80);
}

static unsigned int x86_site_len(enum ks_site_kind k,
				 const unsigned char *entry, size_t elen,
				 const unsigned char *code, size_t clen)
{
	switch (k) {
	case KS_SITE_ALTERNATIVE:
		/* struct alt_instr: instrlen at 12. */
		return elen > 12 ? entry[12] : 0;
	case KS_SITE_JUMP_LABEL:
		/* jmp rel8 or its 2-byte nop, else 5 bytes */
		if (clen >= 1 && (code[0] == 0xeb ||
				  (clen >= 2 && code[0] == 0x66 &&
				   code[1] == 0x90)))
			return 2;
		return 5;
	case KS_SITE_SMP_LOCK:
		return 1;
	case KS_SITE_MCOUNT:
	case KS_SITE_STATIC_CALL:
		return 5;
	case KS_SITE_PV_TABLE:
	case KS_SITE_SMP_ALT:
		return 4;
	case KS_SITE_BUG:
		return 2;		/* ud2 */
	default:
		return 0;
	}
}

const struct ks_arch ks_arch_x86_64 = {
	.name = "x86_64",
	.machine = EM_X86_64,
	.code_fill = 0xcc,
	.decode = ks_x86_decode_64,
	.set_branch_field = ks_x86_set_branch_field,
	.reloc_width = x86_64_width,
	.reloc_name = x86_64_name,
	.reloc_is_call = x86_64_is_call,
	.reloc_bias = x86_64_bias,
	.branch_site = branch_site,
	/* objtool runs on the update: it wants to see where calls go. */
	.placeholder_type = R_X86_64_PLT32,
	.line_arg_opcode = 0xbe,	/* mov $imm32, %esi */
	.ibt = true,
	.site_len = x86_site_len,
	.specials = x86_64_specials,
	.nr_specials = ARRAY_SIZE(x86_64_specials),
	.jump_code_off = 0,
	.jump_key_off = 8,
	.alt_size = 14,
	.alt_repl_off = 4,
	.alt_len_off = 12,
	.alt_repl_len_off = 13,
	.static_call_key_off = 4,
	.runtime_consts = x86_64_runtime_consts,
	.nr_runtime_consts = ARRAY_SIZE(x86_64_runtime_consts),
};

const struct ks_arch ks_arch_i386 = {
	.name = "i386",
	.machine = EM_386,
	.code_fill = 0xcc,
	.decode = ks_x86_decode_32,
	.set_branch_field = ks_x86_set_branch_field,
	.reloc_width = i386_width,
	.reloc_name = i386_name,
	.reloc_is_call = i386_is_call,
	.reloc_bias = i386_bias,
	.rel_addend = i386_rel_addend,
	.rel_set_addend = i386_rel_set_addend,
	.branch_site = branch_site,
	.placeholder_type = R_386_PC32,
	.line_arg_opcode = 0xba,	/* mov $imm32, %edx (regparm) */
	.site_len = x86_site_len,
	.specials = i386_specials,
	.nr_specials = ARRAY_SIZE(i386_specials),
	.jump_code_off = 0,
	.jump_key_off = 8,
	.alt_size = 14,
	.alt_repl_off = 4,
	.alt_len_off = 12,
	.alt_repl_len_off = 13,
};
