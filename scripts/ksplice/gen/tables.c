// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the C part of the update (ksplice_tables.c).
 *
 * The tables are plain C compiled by the kernel's compiler, so their
 * layout is whatever it makes of include/linux/ksplice.h.  They refer
 * to the new code through the global aliases (__ksplice_<k>_...) that
 * the output objects define; everything else is data: the pre code of
 * each replaced function as bytes, with its relocations and run-time
 * patching sites, the references of the new code to the running kernel,
 * and the hooks.  ksplice-module.c hands them to the core.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../elf/util.h"

const char *const kg_hook_kinds[KG_NR_HOOK_KINDS] = {
	"pre_apply", "check_apply", "apply", "post_apply", "fail_apply",
	"pre_reverse", "check_reverse", "reverse", "post_reverse",
	"fail_reverse",
};

static const char *const hook_enums[KG_NR_HOOK_KINDS] = {
	"KSPLICE_HOOK_PRE_APPLY", "KSPLICE_HOOK_CHECK_APPLY",
	"KSPLICE_HOOK_APPLY", "KSPLICE_HOOK_POST_APPLY",
	"KSPLICE_HOOK_FAIL_APPLY", "KSPLICE_HOOK_PRE_REVERSE",
	"KSPLICE_HOOK_CHECK_REVERSE", "KSPLICE_HOOK_REVERSE",
	"KSPLICE_HOOK_POST_REVERSE", "KSPLICE_HOOK_FAIL_REVERSE",
};

static const char *const site_names[] = {
	[KG_SITE_ALTERNATIVE] = "KSPLICE_SITE_ALTERNATIVE",
	[KG_SITE_JUMP_LABEL] = "KSPLICE_SITE_JUMP_LABEL",
	[KG_SITE_SMP_LOCK] = "KSPLICE_SITE_SMP_LOCK",
	[KG_SITE_MCOUNT] = "KSPLICE_SITE_MCOUNT",
	[KG_SITE_STATIC_CALL] = "KSPLICE_SITE_STATIC_CALL",
	[KG_SITE_RETPOLINE] = "KSPLICE_SITE_RETPOLINE",
	[KG_SITE_RETURN] = "KSPLICE_SITE_RETURN",
	[KG_SITE_PARAVIRT] = "KSPLICE_SITE_PARAVIRT",
	[KG_SITE_PV_TABLE] = "KSPLICE_SITE_PV_TABLE",
	[KG_SITE_SMP_ALT] = "KSPLICE_SITE_SMP_ALT",
	[KG_SITE_BUG] = "KSPLICE_SITE_BUG",
	[KG_SITE_RUNTIME_CONST] = "KSPLICE_SITE_RUNTIME_CONST",
};

/* A C string literal (or NULL). */
static void cstr(FILE *f, const char *s)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void flags(FILE *f, unsigned int fl)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ KG_RELOC_LOCAL, "KSPLICE_RELOC_LOCAL" },
		{ KG_RELOC_SECTION, "KSPLICE_RELOC_SECTION" },
		{ KG_RELOC_RUNTIME_CONST, "KSPLICE_RELOC_RUNTIME_CONST" },
	};
	const char *sep = "";
	size_t i;

	if (!fl) {
		fputs("0", f);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(fl & names[i].bit))
			continue;
		fprintf(f, "%s%s", sep, names[i].name);
		sep = " | ";
	}
}

static void reloc(FILE *f, const struct kg_treloc *r, const char *data)
{
	fputs("\t{ .site = ", f);
	if (r->site_sym)
		fprintf(f, "%s + 0x%" PRIx64, r->site_sym,
			(uint64_t)r->site_off);
	else
		fprintf(f, "(void *)0x%" PRIx64, (uint64_t)r->site_off);
	fputs(", .name = ", f);
	cstr(f, r->name);
	fputs(", .objname = ", f);
	cstr(f, r->objname);
	fprintf(f, ",\n\t  .addend = %" PRId64 ", .type = %u", (int64_t)r->addend,
		r->type);
	if (r->type_name)
		fprintf(f, " /* %s */", r->type_name);
	fputs(", .flags = ", f);
	flags(f, r->flags);
	if (r->unit) {
		fputs(",\n\t  .unit = ", f);
		cstr(f, r->unit);
	}
	if (r->order)
		fprintf(f, ", .order = %u", r->order);
	if (data)
		fprintf(f, ",\n\t  .pre_data = %s, .pre_data_off = 0x%" PRIx64
			", .pre_data_len = sizeof(%s)", data,
			(uint64_t)r->data_off, data);
	fputs(" },\n", f);
}

static void bytes(FILE *f, const char *name, const unsigned char *p,
		  size_t len)
{
	size_t i;

	fprintf(f, "static const u8 %s[%zu] = {", name, len);
	for (i = 0; i < len; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", p[i]);
	fputs("\n};\n", f);
}

/* The replacement of an alternative site, and its relocations. */
static void alt_tables(FILE *f, const struct kg_tsite *st, size_t n,
		       size_t k)
{
	char name[96];
	size_t j;

	if (!(st->alt_flags & KG_ALT_REPL))
		return;
	if (st->repl_len) {
		snprintf(name, sizeof(name), "ksplice_alt_%zu_%zu", n, k);
		bytes(f, name, st->repl, st->repl_len);
	}
	for (j = 0; j < st->nr_repl_relocs; j++) {
		if (!st->repl_relocs[j].data_len)
			continue;
		snprintf(name, sizeof(name), "ksplice_alt_data_%zu_%zu_%zu",
			 n, k, j);
		bytes(f, name, st->repl_relocs[j].data,
		      st->repl_relocs[j].data_len);
	}
	if (!st->nr_repl_relocs)
		return;
	fprintf(f, "static const struct ksplice_reloc ksplice_alt_relocs_%zu_%zu[] = {\n",
		n, k);
	for (j = 0; j < st->nr_repl_relocs; j++) {
		snprintf(name, sizeof(name), "ksplice_alt_data_%zu_%zu_%zu",
			 n, k, j);
		reloc(f, &st->repl_relocs[j],
		      st->repl_relocs[j].data_len ? name : NULL);
	}
	fputs("};\n", f);
}

static bool alias_is_hook(const struct kg_tables *t, const char *alias)
{
	size_t i;

	for (i = 0; alias && i < t->nr_hooks; i++)
		if (!strcmp(t->hooks[i].alias, alias))
			return true;
	return false;
}

static void func_tables(FILE *f, const struct kg_tfunc *fn, size_t n)
{
	GElf_Addr i;
	size_t k;

	fprintf(f, "/* %s: %s%s%s */\n", fn->object, fn->name,
		fn->objname ? " in " : "", fn->objname ? fn->objname : "");
	fprintf(f, "static const u8 ksplice_pre_code_%zu[%" PRIu64 "] = {", n,
		(uint64_t)fn->pre_size);
	for (i = 0; i < fn->pre_size; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", fn->pre[i]);
	fputs("\n};\n", f);
	for (k = 0; k < fn->nr_relocs; k++) {
		const struct kg_treloc *r = &fn->relocs[k];

		if (!r->data_len)
			continue;
		fprintf(f, "static const u8 ksplice_pre_data_%zu_%zu[%zu] = {",
			n, k, r->data_len);
		for (i = 0; i < r->data_len; i++)
			fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t",
				r->data[i]);
		fputs("\n};\n", f);
	}
	if (fn->nr_relocs) {
		fprintf(f, "static const struct ksplice_reloc ksplice_pre_relocs_%zu[] = {\n",
			n);
		for (k = 0; k < fn->nr_relocs; k++) {
			char data[64];

			snprintf(data, sizeof(data), "ksplice_pre_data_%zu_%zu",
				 n, k);
			reloc(f, &fn->relocs[k],
			      fn->relocs[k].data_len ? data : NULL);
		}
		fputs("};\n", f);
	}
	for (k = 0; k < fn->nr_sites; k++)
		alt_tables(f, &fn->sites[k], n, k);
	if (fn->nr_sites) {
		fprintf(f, "static const struct ksplice_site ksplice_pre_sites_%zu[] = {\n",
			n);
		for (k = 0; k < fn->nr_sites; k++) {
			const struct kg_tsite *st = &fn->sites[k];

			fprintf(f, "\t{ .offset = 0x%" PRIx64 ", .len = %u, .kind = %s",
				(uint64_t)st->offset, st->len,
				site_names[st->kind]);
			if (st->alt_flags & KG_ALT_REPL) {
				fprintf(f, ",\n\t  .alt_flags = KSPLICE_ALT_REPL%s, .repl_len = %u",
					st->alt_flags & KG_ALT_DIRECT_CALL ?
					" | KSPLICE_ALT_DIRECT_CALL" : "",
					st->repl_len);
				if (st->repl_len)
					fprintf(f, ", .repl = ksplice_alt_%zu_%zu",
						n, k);
				if (st->nr_repl_relocs)
					fprintf(f, ",\n\t  .repl_relocs = ksplice_alt_relocs_%zu_%zu, .nr_repl_relocs = %zu",
						n, k, st->nr_repl_relocs);
			}
			fputs(" },\n", f);
		}
		fputs("};\n", f);
	}
	fputc('\n', f);
}

static int site_cmp(const void *a, const void *b)
{
	const struct kg_tsite *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/*
 * A local name means something only in its own object file, and the
 * core resolves it per object: when the tables mix objects, every
 * record of a local name must say which object it came from.
 */
static void check_units(const struct kg_tables *t)
{
	const char *first = NULL;
	bool mixed = false;
	size_t i, k;

#define KG_UNIT(u) do {							\
		if ((u) && !first)					\
			first = (u);					\
		else if ((u) && strcmp(first, (u)))			\
			mixed = true;					\
	} while (0)
	for (i = 0; i < t->nr_funcs; i++) {
		KG_UNIT(t->funcs[i].object);
		for (k = 0; k < t->funcs[i].nr_relocs; k++)
			KG_UNIT(t->funcs[i].relocs[k].unit);
	}
	for (i = 0; i < t->nr_relocs; i++)
		KG_UNIT(t->relocs[i].unit);
#undef KG_UNIT
	if (!mixed)
		return;
	for (i = 0; i < t->nr_funcs; i++) {
		const struct kg_tfunc *fn = &t->funcs[i];

		if (fn->local && !fn->object)
			kg_error("%s: static function without its object file in tables that mix objects",
				 fn->name);
		for (k = 0; k < fn->nr_relocs; k++)
			if ((fn->relocs[k].flags & KG_RELOC_LOCAL) &&
			    !fn->relocs[k].unit)
				kg_error("%s: relocation to local %s without its object file in tables that mix objects",
					 fn->name, fn->relocs[k].name);
	}
	for (i = 0; i < t->nr_relocs; i++)
		if ((t->relocs[i].flags & KG_RELOC_LOCAL) && !t->relocs[i].unit)
			kg_error("relocation to local %s without its object file in tables that mix objects",
				 t->relocs[i].name);
}

void kg_tables_write(const struct kg_tables *t, const char *path)
{
	size_t i, k, nr[KG_NR_HOOK_KINDS] = { 0 };
	FILE *f;

	check_units(t);
	f = fopen(path, "w");
	if (!f)
		kg_error("%s: %s", path, strerror(errno));

	fprintf(f, "// SPDX-License-Identifier: GPL-2.0\n"
		"/*\n"
		" * Tables of the ksplice update \"%s\", generated by\n"
		" * scripts/ksplice/ksplice-gen: do not edit.\n"
		" */\n"
		"#include <linux/ksplice.h>\n"
		"#include <linux/kernel.h>\n"
		"#include <linux/module.h>\n\n", t->name);

	for (i = 0; i < t->nr_namespaces; i++)
		fprintf(f, "MODULE_IMPORT_NS(%s);\n", t->namespaces[i]);
	if (t->nr_namespaces)
		fputc('\n', f);

	fputs("/* The new code, in the objects ksplice-gen wrote. */\n", f);
	for (i = 0; i < t->nr_aliases; i++) {
		if (alias_is_hook(t, t->aliases[i]))
			fprintf(f, "extern int %s(void);\n", t->aliases[i]);
		else
			fprintf(f, "extern char %s[];\n", t->aliases[i]);
	}
	fputc('\n', f);

	for (i = 0; i < t->nr_funcs; i++) {
		struct kg_tfunc *fn = &t->funcs[i];

		qsort(fn->sites, fn->nr_sites, sizeof(*fn->sites), site_cmp);
		func_tables(f, fn, i);
	}

	fputs("/* The functions the update replaces, and those it matches only. */\n"
	      "const struct ksplice_func ksplice_funcs[] = {\n", f);
	for (i = 0; i < t->nr_funcs; i++) {
		const struct kg_tfunc *fn = &t->funcs[i];

		fputs("\t{\n\t\t.name = ", f);
		cstr(f, fn->name);
		fputs(",\n\t\t.objname = ", f);
		cstr(f, fn->objname);
		fputs(",\n\t\t.unit = ", f);
		cstr(f, fn->object);
		if (fn->local || fn->match_only)
			fprintf(f, ",\n\t\t.flags = %s%s%s",
				fn->local ? "KSPLICE_FUNC_LOCAL" : "",
				fn->local && fn->match_only ? " | " : "",
				fn->match_only ? "KSPLICE_FUNC_MATCH_ONLY" : "");
		if (fn->order)
			fprintf(f, ",\n\t\t.order = %u", fn->order);
		fprintf(f, ",\n\t\t.new_func = %s%s,\n", alias_is_hook(t, fn->new_alias) ?
			"(void *)" : "", fn->new_alias ? fn->new_alias : "NULL");
		fprintf(f, "\t\t.pre_code = ksplice_pre_code_%zu,\n"
			"\t\t.pre_size = sizeof(ksplice_pre_code_%zu),\n", i, i);
		if (fn->nr_relocs)
			fprintf(f, "\t\t.pre_relocs = ksplice_pre_relocs_%zu,\n"
				"\t\t.nr_pre_relocs = ARRAY_SIZE(ksplice_pre_relocs_%zu),\n",
				i, i);
		if (fn->nr_sites)
			fprintf(f, "\t\t.pre_sites = ksplice_pre_sites_%zu,\n"
				"\t\t.nr_pre_sites = ARRAY_SIZE(ksplice_pre_sites_%zu),\n",
				i, i);
		fputs("\t},\n", f);
	}
	fprintf(f, "};\nconst unsigned int ksplice_nr_funcs = %zu;\n\n",
		t->nr_funcs);

	fputs("/* References of the new code to the running kernel. */\n"
	      "const struct ksplice_reloc ksplice_relocs[] = {\n", f);
	for (i = 0; i < t->nr_relocs; i++)
		reloc(f, &t->relocs[i], NULL);
	fprintf(f, "};\nconst unsigned int ksplice_nr_relocs = %zu;\n\n",
		t->nr_relocs);

	fputs("/*\n * Keys of the new code's static branches and static calls that the\n"
	      " * loader cannot resolve: the core writes them when the module comes\n"
	      " * in (it finds this table by name), before the loader reads them.\n"
	      " */\n"
	      "const struct ksplice_reloc ksplice_early_relocs[] = {\n", f);
	for (i = 0; i < t->nr_early; i++)
		reloc(f, &t->early[i], NULL);
	fprintf(f, "};\nconst unsigned int ksplice_nr_early_relocs = %zu;\n\n",
		t->nr_early);

	fputs("/* The patch's hooks. */\n", f);
	for (k = 0; k < KG_NR_HOOK_KINDS; k++) {
		for (i = 0; i < t->nr_hooks; i++)
			if (t->hooks[i].kind == (int)k)
				nr[k]++;
		if (!nr[k])
			continue;
		fprintf(f, "static const struct ksplice_hook ksplice_hooks_%s[] = {\n",
			kg_hook_kinds[k]);
		for (i = 0; i < t->nr_hooks; i++)
			if (t->hooks[i].kind == (int)k)
				fprintf(f, "\t{ .fn = %s },\t/* %s */\n",
					t->hooks[i].alias, t->hooks[i].func);
		fputs("};\n", f);
	}
	fputs("const struct ksplice_hook *const ksplice_hooks[KSPLICE_NR_HOOK_KINDS] = {\n",
	      f);
	for (k = 0; k < KG_NR_HOOK_KINDS; k++)
		if (nr[k])
			fprintf(f, "\t[%s] = ksplice_hooks_%s,\n", hook_enums[k],
				kg_hook_kinds[k]);
	fputs("};\nconst unsigned int ksplice_nr_hooks[KSPLICE_NR_HOOK_KINDS] = {\n",
	      f);
	for (k = 0; k < KG_NR_HOOK_KINDS; k++)
		if (nr[k])
			fprintf(f, "\t[%s] = %zu,\n", hook_enums[k], nr[k]);
	fputs("};\n", f);

	if (fflush(f) || ferror(f) || fclose(f))
		kg_error("%s: write error", path);
}
