// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: the architecture of an object, and the special
 * sections every architecture has.
 */
#include <string.h>

#include "arch.h"

static const struct ks_arch *const arches[] = {
	&ks_arch_x86_64,
	&ks_arch_i386,
	&ks_arch_arm,
};

const struct ks_arch *ks_arch_of(unsigned int machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i]->machine == machine)
			return arches[i];
	return NULL;
}

uint32_t ks_get32(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

void ks_put32(unsigned char *p, uint32_t v, bool big_endian)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[big_endian ? 3 - i : i] = v >> (8 * i);
}

const char *ks_reloc_name_of(const struct ks_reloc_name *names, size_t nr,
			     unsigned int type)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

#define D(kind)		.diff = KS_DIFF_##kind
#define G(kind)		.gen = KS_GEN_##kind
#define SITE(kind)	.site = KS_SITE_##kind

/*
 * Sections of every architecture.  Tables such as __bug_table are cut
 * into entries that go with the function they point into; referenced
 * sections go with what points at them; the rest is of no interest.
 * An architecture's rows (x86/, arm/) say how big the entries are.
 */
static const struct ks_special common[] = {
	{ "__bug_table", D(TABLE), G(TABLE), .loader_only = true, SITE(BUG) },
	{ "__ex_table", D(TABLE) },
	{ ".altinstructions", D(TABLE), SITE(ALTERNATIVE) },
	{ "__jump_table", D(TABLE), SITE(JUMP_LABEL) },
	{ ".static_call_sites", D(TABLE), SITE(STATIC_CALL) },
	{ ".retpoline_sites", D(TABLE), SITE(RETPOLINE) },
	{ ".return_sites", D(TABLE), SITE(RETURN) },
	{ ".call_sites", D(TABLE) },
	{ ".ibt_endbr_seal", D(TABLE) },
	{ "__mcount_loc", D(TABLE), SITE(MCOUNT) },
	{ "__patchable_function_entries", D(TABLE) },
	{ ".smp_locks", D(TABLE), SITE(SMP_LOCK) },
	/* A table that points into functions but that we cannot carry. */
	{ ".parainstructions", D(TABLE), G(UNKNOWN), .loader_only = true },
	{ ".orc_unwind_ip", D(TABLE) },
	{ ".kcfi_traps", D(TABLE) },
	{ "_kprobe_blacklist", D(TABLE) },
	/* objtool's annotations of the code. */
	{ ".discard.unwind_hints", D(TABLE), G(ANNOTATION), .entsize = 12 },
	{ ".discard.", true, D(TABLE), G(ANNOTATION) },
	{ ".ARM.exidx", true, D(TABLE), .report = ".ARM.exidx" },
	/* Immediates the boot code fills in (asm/runtime-const.h). */
	{ "runtime_ptr_", true, D(TABLE) },
	{ "runtime_shift_", true, D(TABLE) },
	{ ".alt.smp.init", SITE(SMP_ALT) },
	{ ".pv_table", SITE(PV_TABLE) },
	/* Code and data that table entries point at: copied by piece. */
	{ ".altinstr_replacement", D(REF), G(NONE), .loader_only = true },
	{ ".altinstr_aux", D(REF) },
	{ ".fixup", D(REF) },
	{ ".orc_unwind", D(REF) },
	{ ".orc_header", D(REF), G(SKIP) },
	{ "__tracepoints", true, D(REF) },
	{ ".ARM.extab", true, D(REF), .report = ".ARM.extab" },
	{ ".note", true, D(REF), G(SKIP) },
	{ ".comment", D(REF), G(SKIP) },
	/* Never part of an update. */
	{ ".modinfo", D(IGNORE), G(SKIP) },
	{ "__versions", D(IGNORE), G(SKIP) },
	{ ".eh_frame", D(IGNORE), G(SKIP) },
	{ ".gnu.linkonce.this_module", D(IGNORE), G(SKIP) },
	{ ".debug", true, G(SKIP) },
	{ ".ksplice_hook_", true, G(SKIP) },
};

static bool row_matches(const struct ks_special *r, const char *name,
			enum ks_special_want want)
{
	switch (want) {
	case KS_WANT_DIFF:
		if (r->diff == KS_DIFF_UNSET)
			return false;
		break;
	case KS_WANT_GEN:
		if (r->gen == KS_GEN_UNSET)
			return false;
		break;
	case KS_WANT_SITE:
		/* Sites come from a table of exactly this name. */
		if (r->site == KS_SITE_NONE || r->prefix)
			return false;
		break;
	}
	return r->prefix ? !strncmp(name, r->name, strlen(r->name))
			 : !strcmp(name, r->name);
}

const struct ks_special *ks_special_find(const struct ks_arch *arch,
					 const char *name,
					 enum ks_special_want want)
{
	size_t i;

	for (i = 0; arch && i < arch->nr_specials; i++)
		if (row_matches(&arch->specials[i], name, want))
			return &arch->specials[i];
	for (i = 0; i < ARRAY_SIZE(common); i++)
		if (row_matches(&common[i], name, want))
			return &common[i];
	return NULL;
}
