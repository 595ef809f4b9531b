// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: canonical symbol names and pre/post symbol matching.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "symbol.h"
#include "../elf/util.h"

/* Suffixes that gcc appends to clones of a function. */
static const char *const clone_suffixes[] = {
	"isra", "constprop", "lto_priv", "clone", "localalias", "specialized",
};

static bool all_digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_clone_suffix(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(clone_suffixes); i++)
		if (strlen(clone_suffixes[i]) == len &&
		    !strncmp(clone_suffixes[i], s, len))
			return true;
	return false;
}

/* Where the trailing digits of @name start (its end if none). */
static const char *counter_digits(const char *name)
{
	const char *p = name + strlen(name);

	while (p > name && isdigit((unsigned char)p[-1]))
		p--;
	return p;
}

/*
 * Names made with __COUNTER__ or __LINE__ by kernel macros:
 * __UNIQUE_ID_<name><counter> and
 * __initcall__kmod_<mod>__<counter>_<line>_<fn><level>.
 */
static char *canon_kernel_unique(const char *name)
{
	char *s, *p;

	if (kd_starts_with(name, "__UNIQUE_ID_")) {
		s = kd_strdup(name);
		s[counter_digits(name) - name] = '\0';
		return s;
	}
	p = strstr(name, "__initcall__kmod_");
	if (!p)
		p = strstr(name, "__exitcall__kmod_");
	if (p) {
		const char *q = strstr(p + strlen("__initcall__kmod_"), "__");

		while (q) {
			const char *r = q + 2;

			while (isdigit((unsigned char)*r))
				r++;
			if (r > q + 2 && *r == '_') {
				const char *t = r + 1;

				while (isdigit((unsigned char)*t))
					t++;
				if (t > r + 1 && *t == '_') {
					size_t head = q - name + 2;
					size_t tail = strlen(t + 1) + 1;

					s = kd_malloc(head + tail);
					memcpy(s, name, head);
					memcpy(s + head, t + 1, tail);
					return s;
				}
			}
			q = strstr(q + 1, "__");
		}
	}
	return NULL;
}

static char *strip_components(const char *name, bool clones)
{
	size_t len = strlen(name);
	char *out = kd_malloc(len + 1);
	const char *p, *dot;
	size_t olen;
	char *u;

	u = canon_kernel_unique(name);
	if (u) {
		free(out);
		return u;
	}

	/* The first component may itself start with dots. */
	p = name;
	while (*p == '.')
		p++;
	dot = strchr(p, '.');
	if (!dot)
		dot = name + len;
	olen = dot - name;
	memcpy(out, name, olen);

	while (*dot == '.') {
		const char *c = dot + 1;
		size_t clen;

		dot = strchr(c, '.');
		if (!dot)
			dot = name + len;
		clen = dot - c;
		if (all_digits(c, clen))
			continue;
		if (clones && is_clone_suffix(c, clen))
			continue;
		out[olen++] = '.';
		memcpy(out + olen, c, clen);
		olen += clen;
	}
	out[olen] = '\0';
	return out;
}

char *kd_canon_name(const char *name)
{
	return strip_components(name, true);
}

char *kd_clone_key(const char *name)
{
	return strip_components(name, false);
}

bool kd_sym_ignored(const struct kd_sym *sym)
{
	if (!sym->index || sym->type == STT_SECTION || sym->type == STT_FILE)
		return true;
	if (!*sym->name || sym->name[0] == '$')
		return true;
	/* Local labels (.LC0) are compared by what they point at. */
	if (sym->bind == STB_LOCAL && sym->type == STT_NOTYPE &&
	    kd_starts_with(sym->name, ".L"))
		return true;
	return false;
}

bool kd_sym_numbered(const struct kd_sym *sym)
{
	const char *dot = strrchr(sym->name, '.');

	if (sym->bind != STB_LOCAL || !dot || dot == sym->name)
		return false;
	if (sym->type != STT_OBJECT && sym->type != STT_TLS &&
	    sym->type != STT_NOTYPE)
		return false;
	return all_digits(dot + 1, strlen(dot + 1));
}

void kd_symbols_prepare(struct kd_elf *kelf)
{
	size_t i;

	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];

		sym->canon = kd_canon_name(sym->name);
		sym->key = kd_clone_key(sym->name);
	}
}

/* ---- matching ---- */

enum match_mode {
	MATCH_UNIQUE,		/* only when the key is unique on both sides */
	MATCH_EXACT_THEN_ORDER,	/* same name first, then in symbol order */
	MATCH_ORDER,		/* in symbol order */
	MATCH_COUNTER,		/* in the order of their __COUNTER__ numbers */
};

struct keyed {
	char *key;
	struct kd_sym *sym;
};

typedef bool (*eligible_fn)(const struct kd_sym *sym);
typedef char *(*key_fn)(const struct kd_sym *sym);

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *ka = a, *kb = b;
	int r = strcmp(ka->key, kb->key);

	if (r)
		return r;
	return ka->sym->index < kb->sym->index ? -1 :
	       ka->sym->index > kb->sym->index;
}

static struct keyed *collect(struct kd_elf *kelf, eligible_fn eligible,
			     key_fn key, size_t *nr)
{
	struct keyed *arr = NULL;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *sym = &kelf->syms[i];
		struct keyed k;

		if (sym->twin || kd_sym_ignored(sym) || !eligible(sym))
			continue;
		k.key = key(sym);
		k.sym = sym;
		KD_PUSH(arr, n, cap, k);
	}
	kd_sort(arr, n, sizeof(*arr), keyed_cmp);
	*nr = n;
	return arr;
}

/* The number __COUNTER__ gave a name: its trailing digits. */
static unsigned long long counter_of(const char *name)
{
	return strtoull(counter_digits(name), NULL, 10);
}

static int counter_cmp(const void *a, const void *b)
{
	unsigned long long x = counter_of(((const struct keyed *)a)->sym->name);
	unsigned long long y = counter_of(((const struct keyed *)b)->sym->name);

	return x < y ? -1 : x > y;
}

static void pair(struct kd_sym *a, struct kd_sym *b)
{
	a->twin = b;
	b->twin = a;
}

static void match_group(struct keyed *ga, size_t na, struct keyed *gb,
			size_t nb, enum match_mode mode)
{
	size_t i, j;

	switch (mode) {
	case MATCH_COUNTER:
		kd_sort(ga, na, sizeof(*ga), counter_cmp);
		kd_sort(gb, nb, sizeof(*gb), counter_cmp);
		for (i = 0; i < na && i < nb; i++)
			pair(ga[i].sym, gb[i].sym);
		return;
	case MATCH_UNIQUE:
		if (na == 1 && nb == 1)
			pair(ga[0].sym, gb[0].sym);
		return;
	case MATCH_EXACT_THEN_ORDER:
		for (i = 0; i < na; i++)
			for (j = 0; j < nb; j++)
				if (!gb[j].sym->twin &&
				    !strcmp(ga[i].sym->name, gb[j].sym->name)) {
					pair(ga[i].sym, gb[j].sym);
					break;
				}
		/* fall through */
	case MATCH_ORDER:
		for (i = 0, j = 0; i < na && j < nb;) {
			if (ga[i].sym->twin) {
				i++;
			} else if (gb[j].sym->twin) {
				j++;
			} else {
				pair(ga[i].sym, gb[j].sym);
				i++;
				j++;
			}
		}
		return;
	}
}

static void match_pass(struct kd_elf *pre, struct kd_elf *post,
		       eligible_fn eligible, key_fn key, enum match_mode mode)
{
	struct keyed *a, *b;
	size_t na, nb, i = 0, j = 0;

	a = collect(pre, eligible, key, &na);
	b = collect(post, eligible, key, &nb);

	while (i < na && j < nb) {
		int r = strcmp(a[i].key, b[j].key);
		size_t ei, ej;

		if (r < 0) {
			i++;
			continue;
		}
		if (r > 0) {
			j++;
			continue;
		}
		for (ei = i; ei < na && !strcmp(a[ei].key, a[i].key); ei++)
			;
		for (ej = j; ej < nb && !strcmp(b[ej].key, b[j].key); ej++)
			;
		match_group(a + i, ei - i, b + j, ej - j, mode);
		i = ei;
		j = ej;
	}
	for (i = 0; i < na; i++)
		free(a[i].key);
	for (j = 0; j < nb; j++)
		free(b[j].key);
	free(a);
	free(b);
}

static bool is_global(const struct kd_sym *sym)
{
	return sym->bind != STB_LOCAL || sym->shndx == SHN_UNDEF;
}

static bool is_plain_local(const struct kd_sym *sym)
{
	return sym->bind == STB_LOCAL && !strcmp(sym->name, sym->key) &&
	       !strcmp(sym->name, sym->canon);
}

/*
 * A function-scope static (__UNIQUE_ID_ddebug123.4, pr_debug()'s
 * descriptor) is numbered by gcc too: it is paired by the functions
 * that use it, as other statics are.
 */
static bool is_counter_named(const struct kd_sym *sym)
{
	return sym->bind == STB_LOCAL && !kd_sym_numbered(sym) &&
	       kd_starts_with(sym->name, "__UNIQUE_ID_");
}

static bool is_renamed_func(const struct kd_sym *sym)
{
	return sym->bind == STB_LOCAL && !kd_sym_numbered(sym);
}

static bool is_numbered(const struct kd_sym *sym)
{
	return kd_sym_numbered(sym);
}

static bool is_local_func(const struct kd_sym *sym)
{
	return sym->bind == STB_LOCAL && sym->type == STT_FUNC;
}

static bool is_any(const struct kd_sym *sym)
{
	(void)sym;
	return true;
}

static char *key_name(const struct kd_sym *sym)
{
	return kd_strdup(sym->name);
}

static char *key_clone(const struct kd_sym *sym)
{
	return kd_strdup(sym->key);
}

static char *key_canon(const struct kd_sym *sym)
{
	return kd_strdup(sym->canon);
}

static char *key_canon_owners(const struct kd_sym *sym)
{
	return kd_asprintf("%s\001%s", sym->canon, sym->owner_key);
}

static bool owners_meet(const struct kd_sym *a, const struct kd_sym *b)
{
	size_t i, j;

	for (i = 0; i < a->nr_owners; i++)
		for (j = 0; j < b->nr_owners; j++)
			if (!strcmp(a->owners[i], b->owners[j]))
				return true;
	return false;
}

/* The one unmatched numbered static of @kelf of @a's name whose owners meet @a's. */
static struct kd_sym *sole_partner(struct kd_elf *kelf, struct kd_sym *a)
{
	struct kd_sym *found = NULL;
	size_t i;

	for (i = 0; i < kelf->nr_syms; i++) {
		struct kd_sym *b = &kelf->syms[i];

		if (b->twin || kd_sym_ignored(b) || !kd_sym_numbered(b) ||
		    strcmp(a->canon, b->canon) || !owners_meet(a, b))
			continue;
		if (found)
			return NULL;
		found = b;
	}
	return found;
}

/*
 * Static variables whose owners changed (a function now inlines the
 * helper that has it, or no longer does): paired when they still share
 * a function and no other candidate does on either side.
 */
static void match_shared_owners(struct kd_elf *pre, struct kd_elf *post)
{
	size_t i;

	for (i = 0; i < pre->nr_syms; i++) {
		struct kd_sym *a = &pre->syms[i], *b;

		if (a->twin || kd_sym_ignored(a) || !kd_sym_numbered(a) ||
		    !a->nr_owners)
			continue;
		b = sole_partner(post, a);
		if (b && sole_partner(pre, b) == a)
			pair(a, b);
	}
}

void kd_symbols_match(struct kd_elf *pre, struct kd_elf *post)
{
	/* Global, weak and undefined symbols: by name. */
	match_pass(pre, post, is_global, key_name, MATCH_UNIQUE);
	/* Static functions and variables that gcc did not rename. */
	match_pass(pre, post, is_plain_local, key_name, MATCH_UNIQUE);
	/*
	 * Names numbered by __COUNTER__ (__UNIQUE_ID_nop467): a header
	 * that uses the counter once more shifts every number after it,
	 * so that the same name on the other side is another symbol.
	 * The counter keeps their order: paired in it.
	 */
	match_pass(pre, post, is_counter_named, key_clone, MATCH_COUNTER);
	/* Clones and parts: foo.isra.0 <-> foo.isra.1. */
	match_pass(pre, post, is_renamed_func, key_clone,
		   MATCH_EXACT_THEN_ORDER);
	/*
	 * Static variables: by name and the functions that use them (an
	 * inlined helper's static has every caller as owner; several of
	 * one name in one function pair in order).  Then by a function
	 * they still share; then by name only when there is one of each.
	 * Pairing two variables by their numbers alone would give new
	 * code another function's variable.
	 */
	match_pass(pre, post, is_numbered, key_canon_owners, MATCH_ORDER);
	match_shared_owners(pre, post);
	match_pass(pre, post, is_numbered, key_canon, MATCH_UNIQUE);
	/* A clone of another kind: foo.isra.0 <-> foo.constprop.0. */
	match_pass(pre, post, is_local_func, key_canon, MATCH_UNIQUE);
	/* Whatever is left, e.g. a static function made global. */
	match_pass(pre, post, is_any, key_name, MATCH_UNIQUE);
}
