// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: loading of relocatable ELF objects with libelf.
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

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (bits == 64) ? ~0ULL : (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static void set_mask32(struct kd_rela *rela, const struct kd_elf *kelf,
		       uint32_t bits)
{
	unsigned int i;

	rela->mlen = 4;
	for (i = 0; i < 4; i++) {
		unsigned int shift = kelf->big_endian ? 8 * (3 - i) : 8 * i;

		rela->mask[i] = (bits >> shift) & 0xff;
	}
}

static void set_mask_width(struct kd_rela *rela, unsigned int width)
{
	rela->mlen = width;
	memset(rela->mask, 0xff, width);
}

/* Field width of a relocation on x86 (both 32 and 64 bit). */
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

unsigned int kd_rela_width(const struct kd_elf *kelf, unsigned int type)
{
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
		return x86_64_width(type);
	case EM_386:
		return i386_width(type);
	case EM_ARM:
		return type == R_ARM_NONE || type == R_ARM_V4BX ? 0 : 4;
	}
	return 0;
}

/* Extract the implicit addend of an ARM REL relocation; set its mask. */
static void arm_rel(const struct kd_elf *kelf, const struct kd_sec *sec,
		    struct kd_rela *rela)
{
	uint32_t insn, hw1, hw2, s, j1, j2, i1, i2;
	uint64_t off;

	rela->addend = 0;
	if (rela->type == R_ARM_NONE || rela->type == R_ARM_V4BX) {
		rela->mlen = 0;
		return;
	}
	if (!sec->data || rela->offset + 4 > sec->size) {
		set_mask_width(rela, 0);
		return;
	}
	insn = kd_read(kelf, sec->data + rela->offset, 4);

	switch (rela->type) {
	case R_ARM_PREL31:
		rela->addend = sign_extend(insn, 31);
		set_mask32(rela, kelf, 0x7fffffff);
		break;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_PLT32:
		rela->addend = sign_extend((insn & 0x00ffffff) << 2, 26);
		set_mask32(rela, kelf, 0x00ffffff);
		break;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		rela->addend = sign_extend(((insn >> 4) & 0xf000) |
					   (insn & 0x0fff), 16);
		set_mask32(rela, kelf, 0x000f0fff);
		break;
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		/* Two halfwords, first one at the lower address. */
		hw1 = kd_read(kelf, sec->data + rela->offset, 2);
		hw2 = kd_read(kelf, sec->data + rela->offset + 2, 2);
		s = (hw1 >> 10) & 1;
		j1 = (hw2 >> 13) & 1;
		j2 = (hw2 >> 11) & 1;
		i1 = !(j1 ^ s);
		i2 = !(j2 ^ s);
		off = (s << 24) | (i1 << 23) | (i2 << 22) |
		      ((hw1 & 0x3ff) << 12) | ((hw2 & 0x7ff) << 1);
		rela->addend = sign_extend(off, 25);
		rela->mlen = 4;
		memset(rela->mask, 0xff, 4);
		break;
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
	case R_ARM_THM_MOVW_PREL_NC:
	case R_ARM_THM_MOVT_PREL:
		hw1 = kd_read(kelf, sec->data + rela->offset, 2);
		hw2 = kd_read(kelf, sec->data + rela->offset + 2, 2);
		rela->addend = sign_extend(((hw1 & 0xf) << 12) |
					   (((hw1 >> 10) & 1) << 11) |
					   (((hw2 >> 12) & 7) << 8) |
					   (hw2 & 0xff), 16);
		rela->mlen = 4;
		memset(rela->mask, 0xff, 4);
		break;
	default:
		/* ABS32, REL32, TARGET1/2, GOT and TLS words, ... */
		rela->addend = (int32_t)insn;
		set_mask_width(rela, 4);
		break;
	}
}

static void i386_rel(const struct kd_elf *kelf, const struct kd_sec *sec,
		     struct kd_rela *rela)
{
	unsigned int width = i386_width(rela->type);

	rela->addend = 0;
	set_mask_width(rela, width);
	if (!width || !sec->data || rela->offset + width > sec->size)
		return;
	rela->addend = sign_extend(kd_read(kelf, sec->data + rela->offset,
					   width), 8 * width);
}

/*
 * Bytes from an x86 rip-relative disp32 at @off to the end of its
 * instruction: 4, plus the size of an immediate operand that follows.
 * The ModRM byte before the displacement tells a memory operand; the
 * opcode before it tells whether an immediate follows.
 */
static int x86_disp_bias(const struct kd_elf *kelf, const struct kd_sec *sec,
			 GElf_Addr off)
{
	const unsigned char *d = sec->data;
	unsigned char modrm, op, reg;
	bool opsize16 = false;
	GElf_Addr q;
	int imm = 0;

	if (!d || off < 2 || off + 4 > sec->size)
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
	if (q && kelf->ehdr.e_machine == EM_X86_64 &&
	    (d[q - 1] & 0xf0) == 0x40)
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

bool kd_rela_bias(const struct kd_elf *kelf, const struct kd_sec *from,
		  const struct kd_rela *rela, int alt, GElf_Sxword *bias)
{
	/* Fallback guesses after an x86 rip-relative displacement. */
	static const int x86_biases[] = { 4, 5, 6, 8 };
	bool pcrel = false;

	*bias = 0;
	if (!kd_sec_exec(from))
		return alt == 0;

	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
		switch (rela->type) {
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
		case R_X86_64_GOTPCREL:
		case R_X86_64_GOTPCRELX:
		case R_X86_64_REX_GOTPCRELX:
		case R_X86_64_GOTPC32:
			pcrel = true;
			break;
		}
		break;
	case EM_386:
		pcrel = rela->type == R_386_PC32 || rela->type == R_386_PLT32;
		break;
	case EM_ARM:
		switch (rela->type) {
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
		}
		return alt == 0;
	}
	if (!pcrel)
		return alt == 0;
	if (alt == 0) {
		*bias = x86_disp_bias(kelf, from, rela->offset);
		return true;
	}
	if (alt < 0 || alt > (int)ARRAY_SIZE(x86_biases))
		return false;
	*bias = x86_biases[alt - 1];
	return true;
}

bool kd_rela_is_call(const struct kd_elf *kelf, const struct kd_rela *rela)
{
	switch (kelf->ehdr.e_machine) {
	case EM_X86_64:
		return rela->type == R_X86_64_PC32 ||
		       rela->type == R_X86_64_PLT32;
	case EM_386:
		return rela->type == R_386_PC32 || rela->type == R_386_PLT32;
	case EM_ARM:
		return rela->type == R_ARM_CALL ||
		       rela->type == R_ARM_JUMP24 ||
		       rela->type == R_ARM_PC24 ||
		       rela->type == R_ARM_THM_CALL ||
		       rela->type == R_ARM_THM_JUMP24;
	}
	return false;
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

		switch (kelf->ehdr.e_machine) {
		case EM_X86_64:
			set_mask_width(rela, x86_64_width(rela->type));
			break;
		case EM_386:
			if (sh->sh_type == SHT_REL)
				i386_rel(kelf, target, rela);
			else
				set_mask_width(rela, i386_width(rela->type));
			break;
		case EM_ARM:
			if (sh->sh_type == SHT_REL)
				arm_rel(kelf, target, rela);
			else
				set_mask_width(rela, 4);
			break;
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

struct kd_elf *kd_elf_open(const char *path)
{
	struct kd_elf *kelf = kd_calloc(1, sizeof(*kelf));
	size_t i;

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
