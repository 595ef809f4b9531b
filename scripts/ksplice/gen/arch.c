// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: what the generator knows about each architecture.
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
 *   arm
 *	__bug_table		12 (bug_addr, file, line, flags) or 8
 *	__ex_table		2 x unsigned long (asm/extable.h)
 *	__jump_table		3 x u32 (asm/jump_label.h)
 *	.ARM.exidx*		2 words; .ARM.extab* is referenced by them
 *	.alt.smp.init		2 words (asm/assembler.h ALT_SMP)
 *	.pv_table		one word (asm/memory.h)
 *	__mcount_loc		one pointer
 *
 * x86_64's runtime constants (asm/runtime-const.h) are tables of s32,
 * runtime_ptr_<var> and runtime_shift_<var>, each entry pointing at the
 * 8-byte immediate of a movabs or the 1-byte count of a shrl.
 *
 * objtool's annotations (.discard.*) hold one relocation per entry,
 * except .discard.unwind_hints (struct unwind_hint, 12 bytes).
 */
#include <string.h>

#include "gen.h"
#include "../diff/util.h"

#ifndef R_X86_64_PLT32
#define R_X86_64_PLT32 4
#endif
#ifndef R_X86_64_REX_GOTPCRELX
#define R_X86_64_REX_GOTPCRELX 42
#endif

struct special_row {
	unsigned int machine;	/* 0: any */
	const char *name;
	bool prefix;
	enum kg_special kind;
	unsigned int entsize;	/* 0: see kg_entry_size() */
	bool loader_only;
	const char *companion;
};

#define ANY 0

static const struct special_row special_rows[] = {
	/* Tables the module loader (or the core kernel) walks. */
	{ ANY, "__bug_table", false, KG_SPEC_TABLE, 0, true, NULL },
	{ EM_X86_64, "__ex_table", false, KG_SPEC_TABLE, 12, true, NULL },
	{ EM_386, "__ex_table", false, KG_SPEC_TABLE, 12, true, NULL },
	{ EM_ARM, "__ex_table", false, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_X86_64, "__jump_table", false, KG_SPEC_TABLE, 16, true, NULL },
	{ EM_386, "__jump_table", false, KG_SPEC_TABLE, 12, true, NULL },
	{ EM_ARM, "__jump_table", false, KG_SPEC_TABLE, 12, true, NULL },
	{ EM_X86_64, ".altinstructions", false, KG_SPEC_TABLE, 14, true, NULL },
	{ EM_386, ".altinstructions", false, KG_SPEC_TABLE, 14, true, NULL },
	{ EM_X86_64, ".static_call_sites", false, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_X86_64, ".retpoline_sites", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".return_sites", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".call_sites", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".ibt_endbr_seal", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".orc_unwind_ip", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".orc_unwind", false, KG_SPEC_PARALLEL, 6, true,
	  ".orc_unwind_ip" },
	{ EM_X86_64, ".kcfi_traps", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, ".smp_locks", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_386, ".smp_locks", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, "__mcount_loc", false, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_386, "__mcount_loc", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_ARM, "__mcount_loc", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_X86_64, "__patchable_function_entries", false, KG_SPEC_TABLE, 8,
	  true, NULL },
	{ EM_386, "__patchable_function_entries", false, KG_SPEC_TABLE, 4,
	  true, NULL },
	{ EM_ARM, "__patchable_function_entries", false, KG_SPEC_TABLE, 4,
	  true, NULL },
	{ EM_X86_64, "_kprobe_blacklist", false, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_386, "_kprobe_blacklist", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_ARM, "_kprobe_blacklist", false, KG_SPEC_TABLE, 4, true, NULL },
	{ EM_ARM, ".ARM.exidx", true, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_ARM, ".alt.smp.init", false, KG_SPEC_TABLE, 8, true, NULL },
	{ EM_ARM, ".pv_table", false, KG_SPEC_TABLE, 4, true, NULL },

	/* Immediates the boot code fills in: see kg_runtime_const(). */
	{ EM_X86_64, "runtime_ptr_", true, KG_SPEC_RUNTIME_CONST, 4, false,
	  NULL },
	{ EM_X86_64, "runtime_shift_", true, KG_SPEC_RUNTIME_CONST, 4, false,
	  NULL },

	/* Code and data that table entries point at: copied by piece. */
	{ ANY, ".altinstr_replacement", false, KG_SPEC_NONE, 0, true, NULL },

	/* objtool's annotations of the new code. */
	{ ANY, ".discard.unwind_hints", false, KG_SPEC_ANNOTATION, 12, false,
	  NULL },
	{ ANY, ".discard.", true, KG_SPEC_ANNOTATION, 0, false, NULL },

	/* Never part of an update. */
	{ ANY, ".orc_header", false, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".modinfo", false, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, "__versions", false, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".comment", false, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".note", true, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".eh_frame", false, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".debug", true, KG_SPEC_SKIP, 0, false, NULL },
	{ ANY, ".gnu.linkonce.this_module", false, KG_SPEC_SKIP, 0, false,
	  NULL },
	{ ANY, ".ksplice_hook_", true, KG_SPEC_SKIP, 0, false, NULL },

	/* Tables that point into functions but that we cannot carry. */
	{ ANY, ".parainstructions", false, KG_SPEC_UNKNOWN, 0, true, NULL },
};

void kg_special_lookup(const struct kd_elf *kelf, const struct kd_sec *sec,
		       struct kg_special_desc *d)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < ARRAY_SIZE(special_rows); i++) {
		const struct special_row *r = &special_rows[i];

		if (r->machine != ANY && r->machine != kelf->ehdr.e_machine)
			continue;
		if (r->prefix ? !kd_starts_with(sec->name, r->name)
			      : strcmp(sec->name, r->name))
			continue;
		d->kind = r->kind;
		d->entsize = r->entsize;
		d->loader_only = r->loader_only;
		d->companion = r->companion;
		return;
	}
	/* Tables the differ knows and we do not: refuse when used. */
	if (sec->special == KD_SPECIAL_TABLE)
		d->kind = KG_SPEC_UNKNOWN;
	else if (!kd_sec_alloc(sec) || sec->special == KD_SPECIAL_IGNORE)
		d->kind = KG_SPEC_SKIP;
}

/* Every entry of @esize bytes starts with a relocation. */
static bool entries_start_with_relocs(const struct kd_sec *sec,
				      GElf_Addr esize)
{
	GElf_Addr off;
	size_t n;

	if (!esize || sec->size % esize)
		return false;
	for (off = 0; off < sec->size; off += esize) {
		struct kd_rela *r = kd_relas_in(sec, off, off + esize, &n);

		if (!n || r[0].offset != off)
			return false;
	}
	return true;
}

GElf_Addr kg_entry_size(const struct kd_elf *kelf, const struct kd_sec *sec,
			const struct kg_special_desc *d)
{
	bool ptr64 = kelf->ehdr.e_ident[EI_CLASS] == ELFCLASS64;

	if (sec->sh.sh_entsize && !(sec->size % sec->sh.sh_entsize))
		return sec->sh.sh_entsize;
	if (d->entsize)
		return sec->size % d->entsize ? 0 : d->entsize;
	if (!strcmp(sec->name, "__bug_table")) {
		/* With or without CONFIG_DEBUG_BUGVERBOSE. */
		static const unsigned int sizes[] = { 12, 8 };
		size_t i;

		for (i = 0; i < 2; i++)
			if (entries_start_with_relocs(sec, sizes[i]))
				return sizes[i];
		return 0;
	}
	if (d->kind == KG_SPEC_ANNOTATION && sec->nr_relas) {
		/* One relocation per entry: its width is the entry's. */
		GElf_Addr w = kd_rela_width(kelf, sec->relas[0].type);

		if (!w)
			w = ptr64 ? 8 : 4;
		return entries_start_with_relocs(sec, w) ? w : 0;
	}
	return 0;
}

bool kg_rela_is_branch(const struct kd_elf *kelf, const struct kd_sec *sec,
		       const struct kd_rela *rela)
{
	unsigned char op, op2;

	if (!kd_sec_exec(sec) || !kd_rela_is_call(kelf, rela))
		return false;
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
	case EM_386:
		if (rela->offset < 1 || !sec->data)
			return false;
		op = sec->data[rela->offset - 1];
		op2 = rela->offset >= 2 ? sec->data[rela->offset - 2] : 0;
		/* call, jmp, jcc rel32 */
		return op == 0xe8 || op == 0xe9 ||
		       (op2 == 0x0f && (op & 0xf0) == 0x80);
	case EM_ARM:
		return true;
	}
	return false;
}

unsigned int kg_placeholder_type(const struct kd_elf *kelf)
{
	/* Only objtool needs to see where calls go; it runs on x86. */
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
		return R_X86_64_PLT32;
	case EM_386:
		return R_386_PC32;
	}
	return 0;
}

#define NAME(x) case x: return #x

const char *kg_rela_type_name(const struct kd_elf *kelf, unsigned int type)
{
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
		switch (type) {
		NAME(R_X86_64_64);
		NAME(R_X86_64_PC32);
		NAME(R_X86_64_PLT32);
		NAME(R_X86_64_32);
		NAME(R_X86_64_32S);
		NAME(R_X86_64_PC64);
		NAME(R_X86_64_GOTPCREL);
		NAME(R_X86_64_GOTPCRELX);
		NAME(R_X86_64_REX_GOTPCRELX);
		}
		break;
	case EM_386:
		switch (type) {
		NAME(R_386_32);
		NAME(R_386_PC32);
		NAME(R_386_PLT32);
		}
		break;
	case EM_ARM:
		switch (type) {
		NAME(R_ARM_ABS32);
		NAME(R_ARM_REL32);
		NAME(R_ARM_PC24);
		NAME(R_ARM_CALL);
		NAME(R_ARM_JUMP24);
		NAME(R_ARM_PREL31);
		NAME(R_ARM_MOVW_ABS_NC);
		NAME(R_ARM_MOVT_ABS);
		NAME(R_ARM_MOVW_PREL_NC);
		NAME(R_ARM_MOVT_PREL);
		NAME(R_ARM_TARGET1);
		NAME(R_ARM_TARGET2);
		NAME(R_ARM_V4BX);
		}
		break;
	}
	return NULL;
}

static uint32_t get32(const struct kd_elf *kelf, const unsigned char *p)
{
	return kd_read(kelf, p, 4);
}

static void put32(const struct kd_elf *kelf, unsigned char *p, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[kelf->big_endian ? 3 - i : i] = v >> (8 * i);
}

bool kg_rel_set_addend(const struct kd_elf *kelf, unsigned char *p,
		       unsigned int type, GElf_Sxword addend)
{
	uint32_t insn;

	if (kelf->ehdr.e_machine == EM_386) {
		if (kd_rela_width(kelf, type) != 4)
			return false;
		put32(kelf, p, (uint32_t)addend);
		return true;
	}
	if (kelf->ehdr.e_machine != EM_ARM)
		return false;
	insn = get32(kelf, p);
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
	put32(kelf, p, insn);
	return true;
}

bool kg_jump_entry_layout(const struct kd_elf *kelf, unsigned int *code,
			  unsigned int *key)
{
	*code = 0;
	*key = 8;
	return kelf->ehdr.e_machine == EM_X86_64 ||
	       kelf->ehdr.e_machine == EM_386 ||
	       kelf->ehdr.e_machine == EM_ARM;
}

bool kg_early_key_field(const struct kd_elf *kelf, const char *section,
			unsigned int *key)
{
	unsigned int code;

	if (!strcmp(section, "__jump_table"))
		return kg_jump_entry_layout(kelf, &code, key);
	/* struct static_call_site: s32 addr, s32 key. */
	if (!strcmp(section, ".static_call_sites") &&
	    kelf->ehdr.e_machine == EM_X86_64) {
		*key = 4;
		return true;
	}
	return false;
}

bool kg_runtime_const(const struct kd_elf *kelf, const char *section,
		      const char **var, unsigned int *width)
{
	static const struct {
		const char *prefix;
		unsigned int width;
	} tabs[] = {
		{ "runtime_ptr_", 8 },
		{ "runtime_shift_", 1 },
	};
	size_t i;

	if (kelf->ehdr.e_machine != EM_X86_64)
		return false;
	for (i = 0; i < ARRAY_SIZE(tabs); i++) {
		if (!kd_starts_with(section, tabs[i].prefix) ||
		    !section[strlen(tabs[i].prefix)])
			continue;
		*var = section + strlen(tabs[i].prefix);
		*width = tabs[i].width;
		return true;
	}
	return false;
}
