// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: writing the output object with libelf.  This is the only
 * part of the generator that writes ELF.
 *
 * Layout: the output sections in the order select.c made them, an empty
 * .note.GNU-stack, one relocation section per section that has
 * relocations (SHT_RELA or SHT_REL, as the input), then .symtab,
 * .strtab and .shstrtab.  Local symbols come first, as ELF requires.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"
#include "../elf/util.h"

struct strtab {
	char *buf;
	size_t len, cap;
};

static size_t str_add(struct strtab *st, const char *s)
{
	size_t n = strlen(s) + 1, off;

	if (!*s && st->len)
		return 0;
	while (st->len + n > st->cap) {
		st->cap = st->cap ? 2 * st->cap : 256;
		st->buf = kd_realloc(st->buf, st->cap);
	}
	off = st->len;
	memcpy(st->buf + off, s, n);
	st->len += n;
	return off;
}

static Elf_Scn *new_scn(Elf *elf, const char *path)
{
	Elf_Scn *scn = elf_newscn(elf);

	if (!scn)
		kg_error("%s: %s", path, elf_errmsg(-1));
	return scn;
}

static void set_data(Elf_Scn *scn, void *buf, size_t size, Elf_Type type,
		     size_t align, const char *path)
{
	Elf_Data *d = elf_newdata(scn);

	if (!d)
		kg_error("%s: %s", path, elf_errmsg(-1));
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = align;
	d->d_version = EV_CURRENT;
}

static void set_shdr(Elf_Scn *scn, const GElf_Shdr *sh, const char *path)
{
	if (!gelf_update_shdr(scn, (GElf_Shdr *)sh))
		kg_error("%s: %s", path, elf_errmsg(-1));
}

void kg_write(const struct kg_out *out, const char *path)
{
	const struct kd_elf *post = out->post;
	int cls = post->ehdr.e_ident[EI_CLASS];
	bool rel = post->rel;
	size_t i, k, nsecs = out->nr_secs, nrel = 0, first_global;
	size_t symtab_idx, strtab_idx, shstrtab_idx;
	int pass;
	struct strtab shstr = { 0 }, str = { 0 };
	struct kg_osym **syms;
	GElf_Ehdr eh;
	GElf_Shdr sh;
	Elf_Scn *scn;
	Elf_Data *d;
	Elf *elf;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		kg_error("%s: %s", path, strerror(errno));
	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf || !gelf_newehdr(elf, cls))
		kg_error("%s: %s", path, elf_errmsg(-1));

	/* Section numbers. */
	for (i = 0; i < nsecs; i++)
		out->secs[i]->index = i + 1;
	for (i = 0; i < nsecs; i++)
		if (out->secs[i]->nr_relas)
			nrel++;
	/* After them: .note.GNU-stack, the relocations, .symtab. */
	symtab_idx = nsecs + 2 + nrel;
	strtab_idx = symtab_idx + 1;
	shstrtab_idx = strtab_idx + 1;

	/* Symbol numbers: null, locals, globals. */
	syms = kd_calloc(out->nr_syms + 1, sizeof(*syms));
	/* Section symbols, other locals, globals; each in creation order. */
	for (pass = 0, k = 0; pass < 3; pass++)
		for (i = 0; i < out->nr_syms; i++) {
			struct kg_osym *o = out->syms[i];
			int cl = o->bind != STB_LOCAL ? 2 : o->is_section ? 0 : 1;

			if (cl == pass)
				syms[k++] = o;
		}
	first_global = 1;
	for (i = 0; i < out->nr_syms; i++) {
		syms[i]->index = i + 1;
		if (syms[i]->bind == STB_LOCAL)
			first_global = i + 2;
	}

	str_add(&shstr, "");
	str_add(&str, "");

	/* The sections. */
	for (i = 0; i < nsecs; i++) {
		struct kg_osec *o = out->secs[i];

		scn = new_scn(elf, path);
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = str_add(&shstr, o->name);
		sh.sh_type = o->type;
		sh.sh_flags = o->flags;
		sh.sh_entsize = o->entsize;
		sh.sh_addralign = o->align;
		sh.sh_size = o->size;
		if (o->link)
			sh.sh_link = o->link->index;
		set_data(scn, o->type == SHT_NOBITS ? NULL : o->data, o->size,
			 ELF_T_BYTE, o->align, path);
		set_shdr(scn, &sh, path);
	}

	scn = new_scn(elf, path);
	memset(&sh, 0, sizeof(sh));
	sh.sh_name = str_add(&shstr, ".note.GNU-stack");
	sh.sh_type = SHT_PROGBITS;
	sh.sh_addralign = 1;
	set_shdr(scn, &sh, path);

	/* Relocations. */
	for (i = 0; i < nsecs; i++) {
		struct kg_osec *o = out->secs[i];
		size_t esz;
		char *name;
		void *buf;

		if (!o->nr_relas)
			continue;
		esz = gelf_fsize(elf, rel ? ELF_T_REL : ELF_T_RELA, 1,
				 EV_CURRENT);
		buf = kd_calloc(o->nr_relas, esz);
		scn = new_scn(elf, path);
		set_data(scn, buf, o->nr_relas * esz,
			 rel ? ELF_T_REL : ELF_T_RELA,
			 cls == ELFCLASS64 ? 8 : 4, path);
		d = elf_getdata(scn, NULL);
		for (k = 0; k < o->nr_relas; k++) {
			const struct kg_orela *r = &o->relas[k];
			GElf_Xword info = GELF_R_INFO(r->sym ? r->sym->index : 0,
						      r->type);

			if (rel) {
				GElf_Rel gr = { .r_offset = r->off,
						.r_info = info };

				if (!gelf_update_rel(d, k, &gr))
					kg_error("%s: %s", path, elf_errmsg(-1));
			} else {
				GElf_Rela gr = { .r_offset = r->off,
						 .r_info = info,
						 .r_addend = r->addend };

				if (!gelf_update_rela(d, k, &gr))
					kg_error("%s: %s", path, elf_errmsg(-1));
			}
		}
		name = kd_asprintf("%s%s", rel ? ".rel" : ".rela", o->name);
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = str_add(&shstr, name);
		free(name);
		sh.sh_type = rel ? SHT_REL : SHT_RELA;
		sh.sh_flags = SHF_INFO_LINK;
		sh.sh_entsize = esz;
		sh.sh_addralign = cls == ELFCLASS64 ? 8 : 4;
		sh.sh_link = symtab_idx;
		sh.sh_info = o->index;
		set_shdr(scn, &sh, path);
	}

	/* Symbols. */
	{
		size_t esz = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
		void *buf = kd_calloc(out->nr_syms + 1, esz);

		scn = new_scn(elf, path);
		set_data(scn, buf, (out->nr_syms + 1) * esz, ELF_T_SYM,
			 cls == ELFCLASS64 ? 8 : 4, path);
		d = elf_getdata(scn, NULL);
		for (i = 0; i < out->nr_syms; i++) {
			const struct kg_osym *o = syms[i];
			GElf_Sym gs;

			memset(&gs, 0, sizeof(gs));
			gs.st_name = o->is_section ? 0 : str_add(&str, o->name);
			gs.st_info = GELF_ST_INFO(o->bind, o->type);
			gs.st_value = o->value;
			gs.st_size = o->size;
			if (o->abs)
				gs.st_shndx = SHN_ABS;
			else if (o->osec)
				gs.st_shndx = o->osec->index;
			if (!gelf_update_sym(d, i + 1, &gs))
				kg_error("%s: %s", path, elf_errmsg(-1));
		}
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = str_add(&shstr, ".symtab");
		sh.sh_type = SHT_SYMTAB;
		sh.sh_entsize = esz;
		sh.sh_addralign = cls == ELFCLASS64 ? 8 : 4;
		sh.sh_link = strtab_idx;
		sh.sh_info = first_global;
		set_shdr(scn, &sh, path);
	}

	scn = new_scn(elf, path);
	set_data(scn, str.buf, str.len, ELF_T_BYTE, 1, path);
	memset(&sh, 0, sizeof(sh));
	sh.sh_name = str_add(&shstr, ".strtab");
	sh.sh_type = SHT_STRTAB;
	sh.sh_addralign = 1;
	set_shdr(scn, &sh, path);

	scn = new_scn(elf, path);
	memset(&sh, 0, sizeof(sh));
	sh.sh_name = str_add(&shstr, ".shstrtab");
	set_data(scn, shstr.buf, shstr.len, ELF_T_BYTE, 1, path);
	sh.sh_type = SHT_STRTAB;
	sh.sh_addralign = 1;
	set_shdr(scn, &sh, path);

	if (elf_ndxscn(scn) != shstrtab_idx)
		kg_error("%s: internal error: section numbering", path);

	if (!gelf_getehdr(elf, &eh))
		kg_error("%s: %s", path, elf_errmsg(-1));
	eh.e_ident[EI_DATA] = post->ehdr.e_ident[EI_DATA];
	eh.e_ident[EI_OSABI] = post->ehdr.e_ident[EI_OSABI];
	eh.e_ident[EI_ABIVERSION] = post->ehdr.e_ident[EI_ABIVERSION];
	eh.e_type = ET_REL;
	eh.e_machine = post->ehdr.e_machine;
	eh.e_version = EV_CURRENT;
	eh.e_flags = post->ehdr.e_flags;
	eh.e_shstrndx = shstrtab_idx;
	if (!gelf_update_ehdr(elf, &eh))
		kg_error("%s: %s", path, elf_errmsg(-1));

	if (elf_update(elf, ELF_C_WRITE) < 0)
		kg_error("%s: %s", path, elf_errmsg(-1));
	elf_end(elf);
	if (close(fd))
		kg_error("%s: %s", path, strerror(errno));
	free(syms);
}
