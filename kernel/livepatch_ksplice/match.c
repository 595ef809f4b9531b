// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: run-pre matching.
 *
 * An update module carries, for every function it replaces, the code of
 * that function as compiled from the unpatched ("pre") source, with its
 * relocations and the places that the running kernel may have patched at
 * boot or load (from the pre object's special sections).  Before anything
 * is written, the core compares those bytes with the running kernel:
 *
 *  - equal bytes are required everywhere, except
 *  - at the function's entry, where the architecture may accept a runtime
 *    form (x86: endbr64 sealed into a nop);
 *  - at the pre sites, where the architecture accepts the runtime forms
 *    of each kind (ksplice_arch_match_site()); the relocations inside an
 *    accepted site are not used;
 *  - at an alternative, which holds either its original instructions
 *    (compared as code, but for the nops the boot code rewrites) or one
 *    of the replacements the pre object has for it, as the boot code
 *    writes them (ksplice_arch_match_alt(): their relocations are
 *    checked like the pre code's); nothing else;
 *  - at relocation sites, where the running value gives the address of
 *    the target, and every site naming one symbol must give the same
 *    address, across all the functions of the update.  Static names and
 *    section pieces are one symbol per object file of the update (the
 *    tables' unit).  A named target must be at an address kallsyms gives
 *    the name, where it knows it.  Targets without a symbol
 *    (KSPLICE_RELOC_SECTION: strings, constants) must agree between the
 *    sites with the same section, addend and piece (a string's label
 *    plus an addend that leaves it reaches the next string's offset),
 *    and hold the bytes the pre object has there (pre_data), when
 *    read-only;
 *  - padding (nops, int3) after the function's last instruction; what
 *    the running function has after the end of the pre code is not
 *    compared (kallsyms sizes are not exact).
 *
 * kallsyms gives the candidates, every address with the function's name:
 * the one whose code matches is the one replaced.  If none does the
 * update aborts with no_match, naming the function and the first offset
 * that differed (the expected and found bytes are logged at debug level);
 * if more than one does, with failed_to_find.  The symbols resolved on the
 * way are then used for the new code's references to the same names,
 * which is how static symbols that kallsyms cannot tell apart are found.
 *
 * A function that an applied update replaced is compared with that
 * update's new code, which is what runs for it: a later update is made
 * from a tree with the earlier fix in it, as users stack fixes.  One
 * made from the tree without it would silently drop the earlier fix:
 * it does not match, and the log names the update it would undo.
 *
 * The cost is linear in the size of the pre code times the number of
 * candidates, plus a lookup in the table of resolved symbols per
 * relocation (linear in the table; tables are small).
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ksplice_internal.h"

/* Most addresses a function's name may have before the core gives up. */
#define KSPLICE_MAX_CANDS	16

/* Bytes logged on either side of a mismatch. */
#define KSPLICE_DUMP_LEN	16

static bool ksplice_same_unit(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * Does the record @e stand for the symbol @key names?  A local name (and
 * a section piece) is one symbol per object file of the update; records
 * without an object file (hand-made tables) are keyed by name alone.
 */
static bool ksplice_key_is(const struct ksplice_symres *e,
			   const struct ksplice_symkey *key)
{
	bool section = key->flags & KSPLICE_RELOC_SECTION;
	bool local = key->flags & (KSPLICE_RELOC_LOCAL | KSPLICE_RELOC_SECTION);

	if (e->section != section ||
	    (section && (e->addend != key->addend || e->piece != key->piece)))
		return false;
	if (strcmp(e->name, key->name) ||
	    ksplice_is_vmlinux(e->objname) != ksplice_is_vmlinux(key->objname) ||
	    (!ksplice_is_vmlinux(key->objname) &&
	     strcmp(e->objname, key->objname)))
		return false;
	if (!e->unit && !key->unit)
		return true;
	if (e->local != local)
		return false;
	return !local || ksplice_same_unit(e->unit, key->unit);
}

static struct ksplice_symres *ksplice_match_find(const struct ksplice_match *m,
						 const struct ksplice_symkey *key)
{
	unsigned int i;

	for (i = 0; i < m->nr_syms; i++) {
		if (ksplice_key_is(&m->syms[i], key))
			return &m->syms[i];
	}
	return NULL;
}

static int ksplice_match_push(struct ksplice_match *m,
			      const struct ksplice_symkey *key,
			      unsigned long addr)
{
	struct ksplice_symres *v;

	if (m->nr_syms == m->cap_syms) {
		unsigned int cap = m->cap_syms ? 2 * m->cap_syms : 16;

		v = krealloc_array(m->syms, cap, sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
		m->syms = v;
		m->cap_syms = cap;
	}
	m->syms[m->nr_syms++] = (struct ksplice_symres) {
		.name = key->name, .objname = key->objname, .unit = key->unit,
		.addr = addr,
		.addend = key->flags & KSPLICE_RELOC_SECTION ? key->addend : 0,
		.piece = key->flags & KSPLICE_RELOC_SECTION ? key->piece : 0,
		.local = key->flags & (KSPLICE_RELOC_LOCAL |
				       KSPLICE_RELOC_SECTION),
		.section = key->flags & KSPLICE_RELOC_SECTION,
	};
	return 0;
}

/**
 * ksplice_match_add() - record a symbol's address, consistently
 * @m: the matching state
 * @key: the symbol (a section piece is never added this way)
 * @addr: its address
 *
 * Return: 0, -ENOEXEC if the symbol already has another address, -ENOMEM.
 */
int ksplice_match_add(struct ksplice_match *m,
		      const struct ksplice_symkey *key, unsigned long addr)
{
	struct ksplice_symres *e = ksplice_match_find(m, key);

	if (e)
		return e->addr == addr ? 0 : -ENOEXEC;
	return ksplice_match_push(m, key, addr);
}

/* A symbol recorded at @from stands at @to instead. */
static void ksplice_match_rename(struct ksplice_match *m,
				 const struct ksplice_symkey *key,
				 unsigned long from, unsigned long to)
{
	struct ksplice_symres *e = ksplice_match_find(m, key);

	if (e && e->addr == from)
		e->addr = to;
}

/**
 * ksplice_match_sym() - the address matching found for a symbol
 * @m: the matching state
 * @key: the symbol, as a relocation of the new code names it
 * @addr: set to the address, if there is one
 *
 * Return: whether run-pre matching resolved the symbol (never true for
 * a section piece: those are not symbols the new code may use).
 */
bool ksplice_match_sym(const struct ksplice_match *m,
		       const struct ksplice_symkey *key, unsigned long *addr)
{
	struct ksplice_symres *e;

	if (key->flags & KSPLICE_RELOC_SECTION)
		return false;
	e = ksplice_match_find(m, key);
	if (e)
		*addr = e->addr;
	return e;
}

/**
 * ksplice_match_free() - free what matching recorded
 * @m: the matching state
 */
void ksplice_match_free(struct ksplice_match *m)
{
	kfree(m->syms);
	m->syms = NULL;
	m->nr_syms = 0;
	m->cap_syms = 0;
}

struct ksplice_named {
	unsigned long addr;
	bool found;
	bool hit;
};

static int ksplice_named_at(void *data, unsigned long addr)
{
	struct ksplice_named *d = data;

	d->found = true;
	d->hit = addr == d->addr;
	return d->hit;
}

/*
 * Does kallsyms contradict @name being at @addr?  It does when it knows
 * the name in that object and none of its addresses is @addr: text or
 * data alike (per-CPU symbols are listed at their offsets, which is
 * what the code refers to as well).
 */
static bool ksplice_misnamed(const char *name, const char *objname,
			     unsigned long addr)
{
	struct ksplice_named d = { .addr = addr };

	ksplice_kallsyms_each(name, objname, ksplice_named_at, &d);
	return d.found && !d.hit;
}

static int ksplice_mismatch(struct ksplice_match *m, unsigned long off,
			    const char *why, const char *sym)
{
	m->fail_off = off;
	m->why = why;
	m->fail_sym = sym;
	return -ENOEXEC;
}

/*
 * A section piece (a string, a constant) the pre code points at: the
 * running code must point at the same bytes.  The linker merges and
 * moves such pieces, so only their content can tell.
 */
static bool ksplice_data_differs(const struct ksplice_reloc *r,
				 unsigned long target)
{
	u8 buf[64];
	unsigned long at = target + r->pre_data_off, done, n;

	for (done = 0; done < r->pre_data_len; done += n) {
		n = min_t(unsigned long, r->pre_data_len - done, sizeof(buf));
		if (copy_from_kernel_nofault(buf, (void *)(at + done), n) ||
		    memcmp(buf, r->pre_data + done, n))
			return true;
	}
	return false;
}

/**
 * ksplice_match_target() - check the target a running site gives a symbol
 * @m: the matching state; @target is recorded for @r's symbol if new
 * @r: the pre relocation of the site
 * @target: the address the running code gives its symbol
 *
 * Every site that names one symbol must give the same address; a name
 * that kallsyms knows must be at one of its addresses (when
 * @m->check_kallsyms); a piece of read-only data must hold the bytes the
 * pre object has there.
 *
 * Return: 0, -ENOEXEC on a mismatch (@m says why), -ENOMEM.
 */
int ksplice_match_target(struct ksplice_match *m,
			 const struct ksplice_reloc *r, unsigned long target)
{
	struct ksplice_symkey key = ksplice_key_of(r);
	bool section = r->flags & KSPLICE_RELOC_SECTION;
	struct ksplice_symres *e;

	if (!r->name)
		return ksplice_mismatch(m, m->fail_off,
					"a relocation without a name", NULL);
	e = ksplice_match_find(m, &key);
	if (e) {
		if (e->addr != target)
			return ksplice_mismatch(m, m->fail_off,
						"sites naming one symbol disagree",
						r->name);
		return 0;
	}
	if (section && r->pre_data && ksplice_data_differs(r, target))
		return ksplice_mismatch(m, m->fail_off,
					"the running code points at other data than",
					r->name);
	if (!section && m->check_kallsyms &&
	    ksplice_misnamed(r->name, r->objname, target))
		return ksplice_mismatch(m, m->fail_off,
					"the running code refers to another symbol",
					r->name);
	return ksplice_match_push(m, &key, target);
}

/**
 * ksplice_match_pre_value() - what a pre relocation resolves to
 * @m: the matching state
 * @f: the pre function
 * @pre_off: the offset of the relocation's field in @f's pre code
 * @value: set to the target's address plus the addend (S + A)
 *
 * The target is the one matching has found for the name, else the one
 * address kallsyms has for it.  Pieces of sections have no address of
 * their own.
 *
 * Return: 0, or -ENOENT if there is no relocation there or its target
 * has no one address.
 */
int ksplice_match_pre_value(struct ksplice_match *m,
			    const struct ksplice_func *f, unsigned long pre_off,
			    unsigned long *value)
{
	const struct ksplice_reloc *r = NULL;
	struct ksplice_symkey key;
	struct ksplice_symres *e;
	unsigned long addr;
	unsigned int i, count;

	for (i = 0; i < f->nr_pre_relocs && !r; i++) {
		if ((unsigned long)f->pre_relocs[i].site == pre_off)
			r = &f->pre_relocs[i];
	}
	if (!r || !r->name || (r->flags & KSPLICE_RELOC_SECTION))
		return -ENOENT;
	key = ksplice_key_of(r);
	e = ksplice_match_find(m, &key);
	if (e)
		addr = e->addr;
	else if (ksplice_lookup(r->name, r->objname, &addr, &count))
		return -ENOENT;
	*value = addr + r->addend;
	return 0;
}

/* One relocation site: derive its target and check it with the others. */
static int ksplice_match_reloc(struct ksplice_match *m,
			       const struct ksplice_reloc *r, unsigned long off,
			       const struct ksplice_cand *c, unsigned long avail)
{
	unsigned long target;
	int len, ret;

	if (!r->name)
		return ksplice_mismatch(m, off, "a relocation without a name",
					NULL);
	len = ksplice_arch_reloc_target(r->type, c->addr + off, c->code + off,
					avail, r->addend, &target);
	if (len == -ENOSPC)
		return ksplice_mismatch(m, off, "relocation past the end",
					r->name);
	if (len == -EINVAL)
		return ksplice_mismatch(m, off,
					"the running instruction is of another kind",
					r->name);
	if (len < 0)
		return ksplice_mismatch(m, off, "unknown relocation type",
					r->name);
	m->fail_off = off;
	ret = ksplice_match_target(m, r, target);
	return ret ? ret : len;
}

/*
 * The alternatives at @off (sites of kind KSPLICE_SITE_ALTERNATIVE or
 * KSPLICE_SITE_PARAVIRT, from @sites[@si] on): does the running code
 * hold one of their replacements, as the boot code or the module loader
 * writes it?  The length is the longest of the entries, as the boot
 * code makes it for nested alternatives.  A replacement that does not
 * match leaves nothing in @m.
 *
 * Return: the number of bytes accepted, or 0: the running code must then
 * hold the original instructions, compared like any other code.
 */
static int ksplice_match_alts(struct ksplice_match *m,
			      const struct ksplice_func *f, unsigned int si,
			      unsigned long off, const struct ksplice_cand *c,
			      unsigned long avail, unsigned long *alt_end)
{
	const struct ksplice_site *sites = f->pre_sites;
	unsigned int i, len = 0, nr0 = m->nr_syms;
	int k;

	for (i = si; i < f->nr_pre_sites && sites[i].offset == off; i++) {
		if (sites[i].kind == KSPLICE_SITE_ALTERNATIVE ||
		    sites[i].kind == KSPLICE_SITE_PARAVIRT)
			len = max_t(unsigned int, len, sites[i].len);
	}
	if (!len)
		return 0;
	*alt_end = max(*alt_end, off + len);
	if (len > avail)
		return 0;
	for (i = si; i < f->nr_pre_sites && sites[i].offset == off; i++) {
		if ((sites[i].kind != KSPLICE_SITE_ALTERNATIVE &&
		     sites[i].kind != KSPLICE_SITE_PARAVIRT) ||
		    !(sites[i].alt_flags & KSPLICE_ALT_REPL))
			continue;
		m->fail_off = off;
		k = ksplice_arch_match_alt(m, f, &sites[i], len, c->code + off,
					   c->addr + off);
		if (k > 0)
			return k;
		m->nr_syms = nr0;
		if (k == -ENOMEM)
			return k;
	}
	return 0;
}

/*
 * Branches to the x86 thunks and trampolines are runtime-patched sites
 * even when the pre object's special sections do not list them: the
 * relocation's name says what they are.  (No other architecture has
 * symbols of these names.)
 */
static const struct {
	const char *prefix;
	u16 kind;
} ksplice_thunks[] = {
	{ "__x86_return_thunk", KSPLICE_SITE_RETURN },
	{ "__x86_indirect_thunk_", KSPLICE_SITE_RETPOLINE },
	{ "__x86_indirect_jump_thunk_", KSPLICE_SITE_RETPOLINE },
	{ "__fentry__", KSPLICE_SITE_MCOUNT },
	{ "__SCT__", KSPLICE_SITE_STATIC_CALL },
};

/*
 * If the instruction at @off is a call or jump (1- or 2-byte opcode,
 * as the architecture decodes it) whose field @r names a thunk, try the
 * runtime forms of that kind.
 */
static int ksplice_thunk_site(const struct ksplice_func *f,
			      const struct ksplice_reloc *r, unsigned long off,
			      const struct ksplice_cand *c, unsigned long avail)
{
	struct ksplice_site site = { .offset = off };
	unsigned long field;
	unsigned int j;

	if (!r || !r->name || (r->flags & KSPLICE_RELOC_SECTION))
		return 0;
	field = (unsigned long)r->site;
	if (field <= off || off >= f->pre_size ||
	    field - off != ksplice_arch_branch_field(f->pre_code + off,
						     f->pre_size - off))
		return 0;
	for (j = 0; j < ARRAY_SIZE(ksplice_thunks); j++) {
		if (strstarts(r->name, ksplice_thunks[j].prefix)) {
			site.kind = ksplice_thunks[j].kind;
			return ksplice_arch_match_site(&site, f->pre_code + off,
						       c->code + off, avail - off,
						       c->addr + off);
		}
	}
	return 0;
}

static int ksplice_reloc_cmp(const void *a, const void *b, const void *priv)
{
	const struct ksplice_reloc *r = priv;
	unsigned long x = (unsigned long)r[*(const u32 *)a].site;
	unsigned long y = (unsigned long)r[*(const u32 *)b].site;

	return x < y ? -1 : x > y;
}

/* The pre relocations in order of offset: NULL if they are already. */
static u32 *ksplice_reloc_order(const struct ksplice_func *f, int *err)
{
	const struct ksplice_reloc *r = f->pre_relocs;
	unsigned int i, n = f->nr_pre_relocs;
	u32 *order;

	*err = 0;
	for (i = 1; i < n; i++) {
		if (r[i - 1].site > r[i].site)
			break;
	}
	if (i >= n)
		return NULL;
	order = kmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!order) {
		*err = -ENOMEM;
		return NULL;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	sort_r(order, n, sizeof(*order), ksplice_reloc_cmp, NULL, r);
	return order;
}

static void ksplice_match_dump(const struct ksplice_match *m,
			       const struct ksplice_func *f,
			       const struct ksplice_cand *c)
{
	unsigned long off = m->fail_off;
	int pre = off < f->pre_size ?
		  min_t(unsigned long, f->pre_size - off, KSPLICE_DUMP_LEN) : 0;
	int run = off < c->size ?
		  min_t(unsigned long, c->size - off, KSPLICE_DUMP_LEN) : 0;

	if (m->dump)
		pr_info("%s at %pS+0x%lx: %s%s%s: expected %*ph found %*ph\n",
			f->name, (void *)c->addr, off, m->why,
			m->fail_sym ? " " : "", m->fail_sym ? m->fail_sym : "",
			pre, f->pre_code + off, run, c->code + off);
	else
		pr_debug("%s at %pS+0x%lx: %s%s%s: expected %*ph found %*ph\n",
			 f->name, (void *)c->addr, off, m->why,
			 m->fail_sym ? " " : "", m->fail_sym ? m->fail_sym : "",
			 pre, f->pre_code + off, run, c->code + off);
}

/**
 * ksplice_match_code() - compare a pre function with one running candidate
 * @m: the matching state; symbols the candidate's relocation sites give
 *     are added to it if it matches, and checked against it
 * @f: the pre function (pre_code, pre_relocs, pre_sites)
 * @c: the candidate
 *
 * Return: 0 if @c matches, -ENOEXEC if not (@m says where and why, and
 * nothing is added to it), -EINVAL without pre code, -ENOMEM.
 */
int ksplice_match_code(struct ksplice_match *m, const struct ksplice_func *f,
		       const struct ksplice_cand *c)
{
	const struct ksplice_reloc *relocs = f->pre_relocs;
	const struct ksplice_site *sites = f->pre_sites;
	const u8 *pre = f->pre_code, *run = c->code;
	unsigned long n = f->pre_size, size = c->size;
	unsigned int nr0 = m->nr_syms, ri = 0, si = 0;
	unsigned long i, avail = min(n, size), alt_end = 0;
	u32 *order;
	int k, ret;

	m->why = NULL;
	m->fail_sym = NULL;
	m->fail_off = 0;
	if (!pre || !n || (f->nr_pre_relocs && !relocs) ||
	    (f->nr_pre_sites && !sites))
		return -EINVAL;
	order = ksplice_reloc_order(f, &ret);
	if (ret)
		return ret;

#define RELOC(j)	(&relocs[order ? order[j] : (j)])
#define ROFF(j)		((unsigned long)RELOC(j)->site)

	i = ksplice_arch_match_entry(pre, run, avail);
	while (i < n) {
		if (i >= size) {
			if (ksplice_arch_padding(pre + i, n - i) == n - i)
				goto matched;
			ret = ksplice_mismatch(m, i,
					       "the running function is shorter",
					       NULL);
			goto out;
		}
		while (si < f->nr_pre_sites && sites[si].offset < i)
			si++;
		k = ksplice_match_alts(m, f, si, i, c, avail - i, &alt_end);
		if (k < 0) {
			ret = k;
			goto out;
		}
		/* Sites may share an offset (a retpoline in an alternative). */
		for (; !k && si < f->nr_pre_sites && sites[si].offset == i;
		     si++) {
			if (sites[si].kind == KSPLICE_SITE_ALTERNATIVE ||
			    sites[si].kind == KSPLICE_SITE_PARAVIRT)
				continue;
			k = ksplice_arch_match_site(&sites[si], pre + i,
						    run + i, avail - i,
						    c->addr + i);
		}
		if (k > 0) {
			i += k;
			continue;
		}
		/*
		 * The original instructions of an alternative: the boot code
		 * rewrites their nops (the padding) into other nops, or a
		 * jump over int3.
		 */
		if (i < alt_end) {
			k = ksplice_arch_match_fill(pre + i, run + i,
						    min(avail, alt_end) - i);
			if (k > 0) {
				i += k;
				continue;
			}
		}
		while (ri < f->nr_pre_relocs && ROFF(ri) < i)
			ri++;	/* inside an accepted site */
		k = ksplice_thunk_site(f, ri < f->nr_pre_relocs ? RELOC(ri) : NULL,
				       i, c, avail);
		if (k > 0) {
			i += k;
			continue;
		}
		if (ri < f->nr_pre_relocs && ROFF(ri) == i) {
			ret = ksplice_match_reloc(m, RELOC(ri), i, c,
						  avail - i);
			if (ret < 0)
				goto out;
			i += ret;
			ri++;
			continue;
		}
		if (pre[i] != run[i]) {
			if (ksplice_arch_padding(pre + i, n - i) == n - i &&
			    ksplice_arch_padding(run + i, size - i) >= avail - i)
				goto matched;
			ret = ksplice_mismatch(m, i, "the code differs", NULL);
			goto out;
		}
		i++;
	}
	/*
	 * What follows the pre code in the running function is not checked:
	 * kallsyms sizes run to the next symbol, and in vmlinux some small
	 * functions have none (their padding and code then count as part
	 * of the function before them).
	 */
matched:
	ret = 0;
#undef RELOC
#undef ROFF
out:
	kfree(order);
	if (ret) {
		m->nr_syms = nr0;
		if (ret == -ENOEXEC)
			ksplice_match_dump(m, f, c);
	}
	return ret;
}

/**
 * ksplice_match_pick() - find the one candidate a pre function matches
 * @m: the matching state; the symbols of the match are added to it
 * @f: the pre function
 * @c: the candidates, every running function with @f's name
 * @nr: how many
 * @which: set to the index of the candidate that matches
 *
 * Return: 0 if exactly one candidate matches; -ENOEXEC if none does (@m
 * says where the candidate that went furthest differed); -E2BIG if more
 * than one does; -EINVAL, -ENOMEM.
 */
int ksplice_match_pick(struct ksplice_match *m, const struct ksplice_func *f,
		       const struct ksplice_cand *c, unsigned int nr,
		       unsigned int *which)
{
	unsigned int i, found = 0, nr0 = m->nr_syms;
	struct ksplice_match best = { .why = NULL };
	int ret;

	m->matches = 0;
	for (i = 0; i < nr; i++) {
		ret = ksplice_match_code(m, f, &c[i]);
		if (!ret) {
			if (!found++)
				*which = i;
			if (i < 32)
				m->matches |= BIT(i);
			m->nr_syms = nr0;
		} else if (ret != -ENOEXEC) {
			return ret;
		} else if (!best.why || m->fail_off > best.fail_off) {
			best = *m;
			best.fail_cand = i;
		}
	}
	if (!found) {
		m->fail_off = best.fail_off;
		m->why = best.why ? best.why : "no candidate";
		m->fail_sym = best.fail_sym;
		m->fail_cand = best.fail_cand;
		return -ENOEXEC;
	}
	if (found > 1) {
		m->fail_off = 0;
		m->why = "the code matches more than one candidate";
		m->fail_sym = NULL;
		return -E2BIG;
	}
	return ksplice_match_code(m, f, &c[*which]);
}

struct ksplice_cands {
	unsigned long addr[KSPLICE_MAX_CANDS];
	unsigned int nr;
	bool overflow;
};

/**
 * ksplice_match_neighbour() - tell apart copies of one unit's function
 * @s: the update; its resolved functions are the neighbours
 * @objname: where the copies are (NULL or "vmlinux", or a module)
 * @unit: the object file whose copy is wanted
 * @order: its place among that unit's .text functions (see struct
 *	   ksplice_func), not 0
 * @cand: the addresses of the copies
 * @nr: how many
 *
 * A unit's .text is one piece of the running kernel's, its functions in
 * the order the compiler emitted them; so is its .text.unlikely, apart
 * (KSPLICE_ORDER_TEXT() tells the two apart).  The update's functions of the
 * unit that come before the one wanted bound its copy from below, those
 * after it from above; no other object's code lies between them and the
 * copy.  So the copy is the nearest candidate above the highest lower
 * bound (or, with upper bounds only, below the lowest upper bound), and
 * it must lie between the bounds.  This is how the original Ksplice used
 * what it had resolved to choose between identical candidates.
 *
 * Return: the index in @cand of the copy, or -1 if the neighbours do not
 * tell.
 */
int ksplice_match_neighbour(struct ksplice_state *s, const char *objname,
			    const char *unit, u32 order,
			    const unsigned long *cand, unsigned int nr)
{
	unsigned long lo = 0, hi = ULONG_MAX;
	bool have_lo = false, have_hi = false;
	const struct ksplice_func *g;
	int i, best = -1;
	unsigned int k;

	if (!unit || !order)
		return -1;
	for (k = 0; k < s->nr_patches + s->nr_match_only; k++) {
		g = s->patches[k].func;
		if (!s->patches[k].addr || !g || !g->order ||
		    KSPLICE_ORDER_TEXT(g->order) != KSPLICE_ORDER_TEXT(order) ||
		    !ksplice_same_unit(g->unit, unit) ||
		    ksplice_is_vmlinux(g->objname) != ksplice_is_vmlinux(objname) ||
		    (!ksplice_is_vmlinux(objname) && strcmp(g->objname, objname)))
			continue;
		if (g->order < order) {
			have_lo = true;
			lo = max(lo, s->patches[k].addr);
		} else if (g->order > order) {
			have_hi = true;
			hi = min(hi, s->patches[k].addr);
		}
	}
	if ((!have_lo && !have_hi) || (have_lo && have_hi && lo >= hi))
		return -1;
	for (i = 0; i < nr; i++) {
		if ((have_lo && cand[i] <= lo) || (have_hi && cand[i] >= hi))
			continue;
		if (best < 0 || (have_lo ? cand[i] < cand[best] :
				 cand[i] > cand[best]))
			best = i;
	}
	return best;
}

static int ksplice_cands_add(struct ksplice_cands *cs, unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < cs->nr; i++) {
		if (cs->addr[i] == addr)
			return 0;
	}
	if (cs->nr == KSPLICE_MAX_CANDS) {
		cs->overflow = true;
		return 1;
	}
	cs->addr[cs->nr++] = addr;
	return 0;
}

static int ksplice_cands_found(void *data, unsigned long addr)
{
	return ksplice_cands_add(data, addr);
}

/**
 * ksplice_match_sym_neighbour() - resolve a local name kallsyms has twice
 * @s: the update
 * @r: a relocation of the new code to a local function of @r->unit that
 *     run-pre matching did not resolve, and that kallsyms has several
 *     addresses for
 * @addr: set to the address of @r->unit's copy
 *
 * See ksplice_match_neighbour().  The address found is recorded, so that
 * every relocation to the name agrees.
 *
 * Return: 0, -E2BIG if the neighbours do not tell, -ENOMEM.
 */
int ksplice_match_sym_neighbour(struct ksplice_state *s,
				const struct ksplice_reloc *r,
				unsigned long *addr)
{
	struct ksplice_symkey key = ksplice_key_of(r);
	struct ksplice_cands *cs;
	int k, ret;

	if (!(r->flags & KSPLICE_RELOC_LOCAL) ||
	    (r->flags & KSPLICE_RELOC_SECTION) || !r->order || !r->unit)
		return -E2BIG;
	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return -ENOMEM;
	ksplice_kallsyms_each(r->name, r->objname, ksplice_cands_found, cs);
	k = cs->overflow ? -1 :
	    ksplice_match_neighbour(s, r->objname, r->unit, r->order,
				    cs->addr, cs->nr);
	ret = k < 0 ? -E2BIG : ksplice_match_add(&s->match, &key, cs->addr[k]);
	if (!ret)
		*addr = cs->addr[k];
	kfree(cs);
	return ret == -ENOEXEC ? -E2BIG : ret;
}

/*
 * The code that runs for the function at @addr: its own, or the new code
 * of the newest applied update that replaced it (an update made on top
 * of that one's fix has that code as its pre code).
 */
static int ksplice_cand_read(struct ksplice_state *s, unsigned long addr,
			     unsigned long size, struct ksplice_cand *c)
{
	struct ksplice_state *owner = NULL;
	struct ksplice_patch *top;
	u8 *buf;

	*c = (struct ksplice_cand) { .addr = addr, .size = size };
	top = ksplice_top(s, addr, &owner);
	if (top) {
		c->addr = top->new_addr;
		c->size = top->new_size;
		c->func = addr;
		c->owner = owner;
	}
	buf = kvmalloc(c->size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_kernel_nofault(buf, (void *)c->addr, c->size)) {
		kvfree(buf);
		return -EFAULT;
	}
	c->code = buf;
	return 0;
}

/*
 * Several candidates match (identical out-of-line copies of one header
 * function in several objects): choose with what is resolved already.
 * A caller's relocation may have resolved the function of this unit;
 * else its neighbours in the unit's .text tell.
 */
static int ksplice_match_which(struct ksplice_state *s,
			       const struct ksplice_func *f,
			       const struct ksplice_cand *c, unsigned int nr,
			       unsigned int *which)
{
	unsigned long addr[KSPLICE_MAX_CANDS], seen;
	unsigned int i, idx[KSPLICE_MAX_CANDS], n = 0;
	struct ksplice_symkey key = {
		.name = f->name, .objname = f->objname, .unit = f->unit,
		.flags = f->flags & KSPLICE_FUNC_LOCAL ? KSPLICE_RELOC_LOCAL : 0,
	};
	int k;

	for (i = 0; i < nr && i < KSPLICE_MAX_CANDS; i++) {
		if (!(s->match.matches & BIT(i)))
			continue;
		idx[n] = i;
		addr[n++] = c[i].func ? c[i].func : c[i].addr;
	}
	if (ksplice_match_sym(&s->match, &key, &seen)) {
		for (i = 0; i < n; i++) {
			if (addr[i] == seen) {
				*which = idx[i];
				return 0;
			}
		}
		return -ENOENT;
	}
	if (!(f->flags & KSPLICE_FUNC_LOCAL))
		return -ENOENT;
	k = ksplice_match_neighbour(s, f->objname, f->unit, f->order, addr, n);
	if (k < 0)
		return -EAGAIN;
	*which = idx[k];
	return 0;
}

/**
 * ksplice_match_func() - find a replaced function by run-pre matching
 * @s: the update
 * @p: the patch, whose func has pre code; @p->addr is set
 * @last: when the code matches several candidates that what is resolved
 *	  so far cannot tell apart, fail (rather than return -EAGAIN, to
 *	  be asked again once the update's other functions are resolved)
 *
 * Context: ksplice_mutex held; may sleep.  Nothing is written.
 * Return: 0, or a negative errno with the cause recorded in @s: no_match
 * if no candidate matches, failed_to_find if there is none or more than
 * one matches; -EAGAIN (nothing recorded) as said for @last.
 */
int ksplice_match_func(struct ksplice_state *s, struct ksplice_patch *p,
		       bool last)
{
	const struct ksplice_func *f = p->func;
	const char *obj = f->objname ? f->objname : "vmlinux";
	const struct ksplice_state *owner;
	struct ksplice_cand *c = NULL;
	struct ksplice_symkey key;
	struct ksplice_cands *cs;
	unsigned int i, nr = 0, which = 0;
	unsigned long size, off, addr;
	int ret;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		goto nomem;
	ksplice_kallsyms_each(f->name, f->objname, ksplice_cands_found, cs);
	if (cs->overflow) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s has more than %d addresses in %s", f->name,
			     KSPLICE_MAX_CANDS, obj);
		ret = -E2BIG;
		goto out;
	}
	c = kcalloc(cs->nr, sizeof(*c), GFP_KERNEL);
	if (cs->nr && !c)
		goto nomem;
	for (i = 0; i < cs->nr; i++) {
		if (!kallsyms_lookup_size_offset(cs->addr[i], &size, &off) ||
		    off || !size || !ksplice_text_ok(f->objname, cs->addr[i]))
			continue;
		ret = ksplice_cand_read(s, cs->addr[i], size, &c[nr]);
		if (ret == -ENOMEM)
			goto nomem;
		if (!ret)
			nr++;
	}
	if (!nr) {
		ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
			     "%s not found in %s", f->name, obj);
		ret = -ENOENT;
		goto out;
	}

	s->match.check_kallsyms = true;
	ret = ksplice_match_pick(&s->match, f, c, nr, &which);
	if (ret == -ENOEXEC) {
		owner = s->match.fail_cand < nr ?
			c[s->match.fail_cand].owner : NULL;
		ksplice_fail(s, KSPLICE_CAUSE_NO_MATCH,
			     "%s in %s: %s%s%s at offset 0x%lx (%u candidate%s)%s%s%s",
			     f->name, obj, s->match.why,
			     s->match.fail_sym ? " " : "",
			     s->match.fail_sym ? s->match.fail_sym : "",
			     s->match.fail_off, nr, nr == 1 ? "" : "s",
			     owner ? "; the running code is update " : "",
			     owner ? owner->update->name : "",
			     owner ? "'s: make the update on top of its fix" :
			     "");
		if (s->match.verbose && s->match.fail_cand < nr) {
			/* Again, to log the bytes of the closest candidate. */
			s->match.dump = true;
			ksplice_match_code(&s->match, f, &c[s->match.fail_cand]);
			s->match.dump = false;
		}
		ret = -ENOEXEC;
		goto out;
	}
	if (ret == -E2BIG) {
		ret = ksplice_match_which(s, f, c, nr, &which);
		if (ret == -EAGAIN && !last)
			goto out;	/* again once the others are resolved */
		if (ret) {
			ksplice_fail(s, KSPLICE_CAUSE_FAILED_TO_FIND,
				     "%s in %s: the code matches more than one of %u addresses",
				     f->name, obj, nr);
			ret = -E2BIG;
			goto out;
		}
		ret = ksplice_match_code(&s->match, f, &c[which]);
	}
	if (ret == -ENOMEM)
		goto nomem;
	if (ret) {
		ksplice_fail(s, KSPLICE_CAUSE_UNEXPECTED,
			     "%s: malformed pre code (%d)", f->name, ret);
		goto out;
	}
	key = (struct ksplice_symkey) {
		.name = f->name, .objname = f->objname, .unit = f->unit,
		.flags = f->flags & KSPLICE_FUNC_LOCAL ? KSPLICE_RELOC_LOCAL : 0,
	};
	addr = c[which].func ? c[which].func : c[which].addr;
	/*
	 * In an earlier update's new code, a call of the function to
	 * itself may go to that new code: it stands for the function.
	 */
	if (c[which].func)
		ksplice_match_rename(&s->match, &key, c[which].addr, addr);
	ret = ksplice_match_add(&s->match, &key, addr);
	if (ret == -ENOEXEC) {
		ksplice_fail(s, KSPLICE_CAUSE_NO_MATCH,
			     "%s in %s matches at %pS, but a relocation site refers to another %s",
			     f->name, obj, (void *)addr, f->name);
		goto out;
	}
	if (ret)
		goto nomem;
	p->addr = addr;
	p->matched = c[which].addr;
	goto out;

nomem:
	ksplice_fail(s, KSPLICE_CAUSE_OUT_OF_MEMORY, "matching %s", f->name);
	ret = -ENOMEM;
out:
	for (i = 0; i < nr; i++)
		kvfree(c[i].code);
	kfree(c);
	kfree(cs);
	return ret;
}
