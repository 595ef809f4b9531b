// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: loading of relocatable ELF objects with libelf.
 *
 * Sections, symbols and relocations (SHT_RELA and SHT_REL) are read into
 * plain arrays.  For SHT_REL, the implicit addend is extracted from the
 * relocated field, and the field's bits are recorded so that byte
 * comparisons can ignore them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kelf.h"
#include "../arch/arch.h"
#include "util.h"

const char *kd_machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_X86_64:
		return "x86_64";
	case EM_386:
		return "i386";
	case EM_ARM:
		return "arm";
	default:
		return "unknown";
	}
}

uint64_t kd_read(const struct kd_elf *kelf, const unsigned char *p,
		 unsigned int width)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		unsigned int shift = kelf->big_endian ? 8 * (width - 1 - i)
						      : 8 * i;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

unsigned char kd_byte(const struct kd_sec *sec, GElf_Addr off)
{
	if (!sec->data || off >= sec->size)
		return 0;
	return sec->data[off];
}

bool kd_sec_exec(const struct kd_sec *sec)
{
	return sec->sh.sh_flags & SHF_EXECINSTR;
}

bool kd_sec_alloc(const struct kd_sec *sec)
{
	return sec->sh.sh_flags & SHF_ALLOC;
}

bool kd_sec_writable(const struct kd_sec *sec)
{
	/*
	 * .data.rel.ro is written only by the loader.  (.data..ro_after_init
	 * is state: it is written at boot, so it counts as writable.)
	 */
	if (kd_starts_with(sec->name, ".data.rel.ro"))
		return false;
	return sec->sh.sh_flags & SHF_WRITE;
}

static void set_mask_width(struct kd_rela *rela, unsigned int width)
{
	rela->mlen = width;
	memset(rela->mask, 0xff, width);
}

unsigned int kd_rela_width(const struct kd_elf *kelf, unsigned int type)
{
	return kelf->arch ? kelf->arch->reloc_width(type) : 0;
}

bool kd_rela_bias(const struct kd_elf *kelf, const struct kd_sec *from,
		  const struct kd_rela *rela, int alt, GElf_Sxword *bias)
{
	int64_t b = 0;
	bool more;

	*bias = 0;
	if (!kd_sec_exec(from) || !kelf->arch)
		return alt == 0;
	more = kelf->arch->reloc_bias(from->data, from->data ? from->size : 0,
				      rela->offset, rela->type, alt, &b);
	*bias = b;
	return more;
}

bool kd_rela_is_call(const struct kd_elf *kelf, const struct kd_rela *rela)
{
	return kelf->arch && kelf->arch->reloc_is_call(rela->type);
}

bool kd_rela_is_branch(const struct kd_elf *kelf, const struct kd_sec *sec,
		       const struct kd_rela *rela)
{
	return kd_sec_exec(sec) && kd_rela_is_call(kelf, rela) &&
	       kelf->arch->branch_site(sec->data, sec->data ? sec->size : 0,
				       rela->offset);
}

const char *kd_rela_type_name(const struct kd_elf *kelf, unsigned int type)
{
	return kelf->arch ? kelf->arch->reloc_name(type) : NULL;
}

bool kd_rel_set_addend(const struct kd_elf *kelf, unsigned char *p,
		       unsigned int type, GElf_Sxword addend)
{
	return kelf->arch && kelf->arch->rel_set_addend &&
	       kelf->arch->rel_set_addend(p, type, addend, kelf->big_endian);
}

static int rela_cmp(const void *a, const void *b)
{
	const struct kd_rela *ra = a, *rb = b;

	if (ra->offset != rb->offset)
		return ra->offset < rb->offset ? -1 : 1;
	/* Keep file order for relocations at the same offset. */
	return ra->seq < rb->seq ? -1 : ra->seq > rb->seq;
}

void kd_relas_sort(struct kd_sec *sec)
{
	kd_sort(sec->relas, sec->nr_relas, sizeof(*sec->relas), rela_cmp);
}

struct kd_rela *kd_relas_in(const struct kd_sec *sec, GElf_Addr start,
			    GElf_Addr end, size_t *nr)
{
	size_t lo = 0, hi = sec->nr_relas, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sec->relas[mid].offset < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < sec->nr_relas && sec->relas[lo].offset < end)
		lo++;
	*nr = lo - first;
	return sec->relas + first;
}

static void load_relocs(struct kd_elf *kelf, Elf_Scn *scn,
			const GElf_Shdr *sh)
{
	struct kd_sec *target;
	Elf_Data *data;
	size_t i, n;

	if (sh->sh_info >= kelf->nr_secs || !sh->sh_entsize)
		kd_fatal("%s: bad relocation section", kelf->path);
	target = &kelf->secs[sh->sh_info];
	data = elf_getdata(scn, NULL);
	if (!data)
		kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
	n = sh->sh_size / sh->sh_entsize;
	target->relas = kd_realloc(target->relas, (target->nr_relas + n) *
						  sizeof(*target->relas));

	for (i = 0; i < n; i++) {
		struct kd_rela *rela = &target->relas[target->nr_relas++];
		GElf_Xword info;

		memset(rela, 0, sizeof(*rela));
		if (sh->sh_type == SHT_RELA) {
			GElf_Rela r;

			if (!gelf_getrela(data, i, &r))
				kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
			rela->offset = r.r_offset;
			rela->addend = r.r_addend;
			info = r.r_info;
		} else {
			GElf_Rel r;

			if (!gelf_getrel(data, i, &r))
				kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
			rela->offset = r.r_offset;
			info = r.r_info;
		}
		/* gelf gives r_info in the 64-bit layout for both classes. */
		rela->type = GELF_R_TYPE(info);
		rela->symidx = GELF_R_SYM(info);
		if (rela->symidx >= kelf->nr_syms)
			kd_fatal("%s: relocation with bad symbol", kelf->path);
		rela->sym = rela->symidx ? &kelf->syms[rela->symidx] : NULL;

		if (sh->sh_type == SHT_REL && kelf->arch->rel_addend) {
			bool in = target->data && rela->offset < target->size;

			kelf->arch->rel_addend(in ? target->data + rela->offset :
						    NULL,
					       in ? target->size - rela->offset : 0,
					       rela->type, kelf->big_endian,
					       &rela->addend, rela->mask,
					       &rela->mlen);
		} else {
			set_mask_width(rela, kd_rela_width(kelf, rela->type));
		}
		rela->seq = target->nr_relas;
	}
}

static void check_header(struct kd_elf *kelf)
{
	if (elf_kind(kelf->elf) != ELF_K_ELF)
		kd_fatal("%s: not an ELF file", kelf->path);
	if (!gelf_getehdr(kelf->elf, &kelf->ehdr))
		kd_fatal("%s: bad ELF header: %s", kelf->path, elf_errmsg(-1));
	if (kelf->ehdr.e_type != ET_REL)
		kd_fatal("%s: not a relocatable object (ET_REL)", kelf->path);
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
	case EM_386:
	case EM_ARM:
		break;
	default:
		kd_fatal("%s: unsupported machine %u", kelf->path,
			 kelf->ehdr.e_machine);
	}
	kelf->big_endian = kelf->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	kelf->arch = ks_arch_of(kelf->ehdr.e_machine);
}

static void load_sections(struct kd_elf *kelf)
{
	size_t shstrndx, i;
	Elf_Scn *scn;

	if (elf_getshdrnum(kelf->elf, &kelf->nr_secs) ||
	    elf_getshdrstrndx(kelf->elf, &shstrndx))
		kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
	kelf->secs = kd_calloc(kelf->nr_secs, sizeof(*kelf->secs));

	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];
		Elf_Data *data;
		const char *name;

		scn = elf_getscn(kelf->elf, i);
		if (!scn || !gelf_getshdr(scn, &sec->sh))
			kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
		sec->index = i;
		name = elf_strptr(kelf->elf, shstrndx, sec->sh.sh_name);
		sec->name = name ? name : "";
		sec->size = sec->sh.sh_size;
		if (sec->sh.sh_type == SHT_NOBITS || !sec->size ||
		    sec->sh.sh_type == SHT_NULL)
			continue;
		data = elf_rawdata(scn, NULL);
		if (!data)
			kd_fatal("%s: section %s: %s", kelf->path, sec->name,
				 elf_errmsg(-1));
		if (data->d_size < sec->size)
			sec->size = data->d_size;
		sec->data = data->d_buf;
	}
}

static void load_symbols(struct kd_elf *kelf)
{
	Elf_Data *data = NULL, *xdata = NULL;
	size_t i, strndx = 0;

	for (i = 0; i < kelf->nr_secs; i++) {
		Elf_Scn *scn = elf_getscn(kelf->elf, i);

		if (kelf->secs[i].sh.sh_type == SHT_SYMTAB) {
			data = elf_getdata(scn, NULL);
			strndx = kelf->secs[i].sh.sh_link;
			if (!data || !kelf->secs[i].sh.sh_entsize)
				kd_fatal("%s: bad symbol table", kelf->path);
			kelf->nr_syms = kelf->secs[i].sh.sh_size /
					kelf->secs[i].sh.sh_entsize;
		} else if (kelf->secs[i].sh.sh_type == SHT_SYMTAB_SHNDX) {
			xdata = elf_getdata(scn, NULL);
		}
	}
	if (!data)
		kd_fatal("%s: no symbol table", kelf->path);
	kelf->syms = kd_calloc(kelf->nr_syms, sizeof(*kelf->syms));

	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];
		const char *name;
		Elf32_Word xndx = 0;
		GElf_Sym s;

		if (!gelf_getsymshndx(data, xdata, i, &s, &xndx))
			kd_fatal("%s: %s", kelf->path, elf_errmsg(-1));
		sym->index = i;
		name = elf_strptr(kelf->elf, strndx, s.st_name);
		sym->name = name ? name : "";
		sym->type = GELF_ST_TYPE(s.st_info);
		sym->bind = GELF_ST_BIND(s.st_info);
		sym->shndx = s.st_shndx == SHN_XINDEX ? xndx : s.st_shndx;
		sym->value = s.st_value;
		sym->size = s.st_size;
		if (sym->shndx != SHN_UNDEF &&
		    (s.st_shndx < SHN_LORESERVE || s.st_shndx == SHN_XINDEX) &&
		    sym->shndx < kelf->nr_secs)
			sym->sec = &kelf->secs[sym->shndx];
		/* Section symbols are best named after their section. */
		if (sym->type == STT_SECTION && sym->sec && !*sym->name)
			sym->name = sym->sec->name;
	}
}

struct kd_elf *kd_elf_open_sections(const char *path)
{
	struct kd_elf *kelf = kd_calloc(1, sizeof(*kelf));

	kelf->path = path;
	kelf->fd = open(path, O_RDONLY);
	if (kelf->fd < 0)
		kd_fatal("%s: %s", path, strerror(errno));
	if (elf_version(EV_CURRENT) == EV_NONE)
		kd_fatal("libelf is out of date");
	kelf->elf = elf_begin(kelf->fd, ELF_C_READ, NULL);
	if (!kelf->elf)
		kd_fatal("%s: not an ELF file", path);
	check_header(kelf);
	load_sections(kelf);
	return kelf;
}

struct kd_elf *kd_elf_open(const char *path)
{
	struct kd_elf *kelf = kd_elf_open_sections(path);
	size_t i;

	load_symbols(kelf);

	for (i = 0; i < kelf->nr_secs; i++) {
		const GElf_Shdr *sh = &kelf->secs[i].sh;

		if (sh->sh_type != SHT_RELA && sh->sh_type != SHT_REL)
			continue;
		if (sh->sh_type == SHT_REL)
			kelf->rel = true;
		load_relocs(kelf, elf_getscn(kelf->elf, i), sh);
	}
	for (i = 0; i < kelf->nr_secs; i++) {
		struct kd_sec *sec = &kelf->secs[i];

		kd_relas_sort(sec);
	}
	kd_branches_add(kelf);
	return kelf;
}

void kd_elf_close(struct kd_elf *kelf)
{
	elf_end(kelf->elf);
	close(kelf->fd);
}

void kd_elf_close_sections(struct kd_elf *kelf)
{
	kd_elf_close(kelf);
	free(kelf->secs);
	free(kelf);
}
