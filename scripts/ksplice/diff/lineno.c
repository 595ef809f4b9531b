// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: recognition of changes that only move __LINE__.
 */
#include <stdlib.h>
#include <string.h>

#include "item.h"
#include "lineno.h"
#include "../elf/util.h"

/*
 * Functions that take __LINE__ as their second argument in kernel
 * macros (file, line, ...).  __warn_printk takes none: its line is in
 * the bug table entry that follows.
 */
static const char *const line_funcs[] = {
	"__might_sleep", "___might_sleep", "__might_resched", "__might_fault",
	"__cant_sleep", "__cant_migrate", "warn_slowpath_fmt",
	"lockdep_rcu_suspicious",
};

#define KD_MAX_LINE 0x7ffff

void kd_lines_free(struct kd_lines *lines)
{
	free(lines->pairs);
	memset(lines, 0, sizeof(*lines));
}

static uint64_t read_at(const struct kd_elf *kelf, const struct kd_sec *sec,
			GElf_Addr off, unsigned int width)
{
	unsigned char buf[8] = { 0 };
	unsigned int i;

	for (i = 0; i < width && i < sizeof(buf); i++)
		buf[i] = kd_byte(sec, off + i);
	return kd_read(kelf, buf, width);
}

/*
 * struct bug_entry with CONFIG_DEBUG_BUGVERBOSE, on every arch we build
 * for: the site and the file (4 bytes each, relative or absolute), then
 * the line and the flags, 2 bytes each.  Without BUGVERBOSE (8 bytes)
 * there is no line.  Only the line field may differ: the flags say
 * whether a WARN is once-only, a BUG or a warning.
 */
#define KD_BUG_ENTRY_SIZE	12
#define KD_BUG_LINE_OFF		8
#define KD_BUG_LINE_LEN		2

bool kd_lines_from_entry(struct kd_cmp *c, const struct kd_entry *ea,
			 const struct kd_entry *eb, const struct kd_diff *d,
			 struct kd_lines *lines)
{
	struct kd_line_pair p;
	size_t i;

	if (d->size || d->relocs || !d->nr_runs ||
	    ea->size != KD_BUG_ENTRY_SIZE || eb->size != KD_BUG_ENTRY_SIZE)
		return false;
	for (i = 0; i < d->nr_runs; i++)
		if (d->runs[i].start < KD_BUG_LINE_OFF ||
		    d->runs[i].start + d->runs[i].len >
		    KD_BUG_LINE_OFF + KD_BUG_LINE_LEN)
			return false;
	p.pre = read_at(c->pre, ea->sec, ea->off + KD_BUG_LINE_OFF,
			KD_BUG_LINE_LEN);
	p.post = read_at(c->post, eb->sec, eb->off + KD_BUG_LINE_OFF,
			 KD_BUG_LINE_LEN);
	KD_PUSH(lines->pairs, lines->nr, lines->cap, p);
	return true;
}

static bool is_line_func(const struct kd_elf *kelf, const struct kd_sec *sec,
			 const struct kd_rela *rela)
{
	struct kd_target t;
	const char *name;
	size_t i;

	kd_resolve(kelf, sec, rela, &t);
	if (t.kind == KD_T_SYM)
		name = t.sym->canon;
	else if (t.kind == KD_T_ITEM)
		name = t.item->sym->canon;
	else
		return false;
	for (i = 0; i < ARRAY_SIZE(line_funcs); i++)
		if (!strcmp(name, line_funcs[i]))
			return true;
	return false;
}

/* A pair of lines some table entry of the function moved. */
static bool table_line(const struct kd_lines *lines, uint64_t vp, uint64_t vq)
{
	size_t i;

	for (i = 0; i < lines->nr; i++)
		if (lines->pairs[i].pre == vp && lines->pairs[i].post == vq)
			return true;
	return false;
}

/* Is the change vp -> vq at item offset @end - width a line number? */
static bool line_values(struct kd_cmp *c, const struct kd_item *b,
			const struct kd_lines *lines, uint64_t vp,
			uint64_t vq, GElf_Addr end)
{
	struct kd_rela *r;
	size_t i, n;

	if (vp == vq)
		return false;
	for (i = 0; i < lines->nr; i++)
		if (lines->pairs[i].pre == vp && lines->pairs[i].post == vq)
			return true;
	if (!vp || !vq || vp > KD_MAX_LINE || vq > KD_MAX_LINE)
		return false;
	/* An argument of a call to a function that takes a line number. */
	r = kd_relas_in(b->sec, b->start + end, b->start + end + 64, &n);
	for (i = 0; i < n; i++)
		if (kd_rela_is_branch(c->post, b->sec, &r[i]))
			return is_line_func(c->post, b->sec, &r[i]);
	return false;
}

/*
 * Little-endian immediates (x86): a window around the run.  A value
 * pair that a bug table entry of the function moved is a line in any
 * width; with no entry to confirm it, only the line argument of a call
 * to a line function: mov $imm32 into the second argument register
 * (%esi on x86_64, %edx on i386 with regparm).
 */
static bool explain_run_x86(struct kd_cmp *c, const struct kd_item *a,
			    const struct kd_item *b,
			    const struct kd_lines *lines,
			    const struct kd_run *run)
{
	static const unsigned int widths[] = { 4, 2, 1 };
	unsigned char arg_op = c->post->arch->line_arg_opcode;
	unsigned int w;

	for (w = 0; w < 3; w++) {
		GElf_Addr back;

		if (run->len > widths[w])
			continue;
		for (back = 0; back <= widths[w] - run->len; back++) {
			GElf_Addr ws = run->start - back;
			uint64_t vp, vq;

			if (back > run->start || ws + widths[w] > b->size)
				continue;
			vp = read_at(c->pre, a->sec, a->start + ws, widths[w]);
			vq = read_at(c->post, b->sec, b->start + ws, widths[w]);
			if (table_line(lines, vp, vq))
				return true;
			if (widths[w] != 4 || ws < 1 ||
			    kd_byte(a->sec, a->start + ws - 1) != arg_op ||
			    kd_byte(b->sec, b->start + ws - 1) != arg_op)
				continue;
			if (line_values(c, b, lines, vp, vq, ws + widths[w]))
				return true;
		}
	}
	return false;
}

/*
 * ARM: literal pool words, and movw or mov with an immediate (gcc picks
 * either, depending on whether the line fits a rotated 8-bit value).
 */
static bool explain_word_arm(struct kd_cmp *c, const struct kd_item *a,
			     const struct kd_item *b,
			     const struct kd_lines *lines, GElf_Addr ws)
{
	uint32_t p, q, vp, vq;

	if (ws + 4 > b->size)
		return false;
	p = read_at(c->pre, a->sec, a->start + ws, 4);
	q = read_at(c->post, b->sec, b->start + ws, 4);
	if (p == q)
		return true;
	/*
	 * Same condition and register, either encoding: a line a table
	 * entry moved, or, into r1, the second argument of a line
	 * function.  A literal pool word is a line only when a table
	 * entry says so.
	 */
	if (ks_arm_mov_imm(p, &vp) && ks_arm_mov_imm(q, &vq) &&
	    !((p ^ q) & 0xf000f000))
		return table_line(lines, vp, vq) ||
		       (((q >> 12) & 0xf) == 1 &&
			line_values(c, b, lines, vp, vq, ws + 4));
	return table_line(lines, p, q);
}

bool kd_lines_explain(struct kd_cmp *c, const struct kd_item *a,
		      const struct kd_item *b, const struct kd_diff *d,
		      const struct kd_lines *lines)
{
	size_t i;

	if (d->size || d->relocs || a->size != b->size)
		return false;
	for (i = 0; i < d->nr_runs; i++) {
		const struct kd_run *run = &d->runs[i];

		/* Fixed-width instructions (ARM): word by word. */
		if (c->post->arch->insn_align == 4) {
			GElf_Addr ws;

			for (ws = run->start & ~(GElf_Addr)3;
			     ws < run->start + run->len; ws += 4)
				if (!explain_word_arm(c, a, b, lines, ws))
					return false;
		} else if (!explain_run_x86(c, a, b, lines, run)) {
			return false;
		}
	}
	return true;
}
