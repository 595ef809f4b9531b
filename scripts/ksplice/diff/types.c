// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: structure and union layouts from BTF.
 *
 * make ksplice compiles pre and post with -gbtf where the compiler has
 * it: a .BTF section (not loaded, no relocations) that describes every
 * type the object uses.  Its format is the kernel's own
 * (include/uapi/linux/btf.h): a header, the types in id order (from 1),
 * and a string table.
 *
 * Any structure or union whose layout the patch changes is a refusal.
 * Whether the running kernel holds instances of it cannot be told from
 * BTF: it records no local variable and no cast, so a type that code
 * reaches only through inet_sk(), container_of() or a local pointer to
 * kmalloc()ed memory shows no user at all.  The records that do show
 * one (a pointer, a variable, a prototype, an embedding type) only
 * name it in the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"
#include "../elf/util.h"

enum {
	BTF_INT = 1, BTF_PTR, BTF_ARRAY, BTF_STRUCT, BTF_UNION, BTF_ENUM,
	BTF_FWD, BTF_TYPEDEF, BTF_VOLATILE, BTF_CONST, BTF_RESTRICT,
	BTF_FUNC, BTF_FUNC_PROTO, BTF_VAR, BTF_DATASEC, BTF_FLOAT,
	BTF_DECL_TAG, BTF_TYPE_TAG, BTF_ENUM64,
};

#define BTF_MAGIC	0xeb9f
#define MAX_DEPTH	32

struct btf_rec {
	uint32_t name_off, info, size_type;
	const unsigned char *extra;
};

struct btf {
	const struct kd_elf *kelf;
	const char *strs;
	uint32_t str_len;
	struct btf_rec *t;	/* by id; t[0] is void */
	uint32_t nr;
};

static uint32_t rd32(const struct kd_elf *kelf, const unsigned char *p)
{
	return kd_read(kelf, p, 4);
}

static unsigned int kind_of(const struct btf_rec *r)
{
	return (r->info >> 24) & 0x1f;
}

static unsigned int vlen_of(const struct btf_rec *r)
{
	return r->info & 0xffff;
}

static const char *str_at(const struct btf *b, uint32_t off)
{
	return off < b->str_len ? b->strs + off : "";
}

static const struct kd_sec *btf_section(const struct kd_elf *kelf)
{
	size_t i;

	for (i = 0; i < kelf->nr_secs; i++)
		if (!strcmp(kelf->secs[i].name, ".BTF") && kelf->secs[i].data)
			return &kelf->secs[i];
	return NULL;
}

static size_t extra_len(const struct btf_rec *r)
{
	unsigned int v = vlen_of(r);

	switch (kind_of(r)) {
	case BTF_INT: case BTF_VAR: case BTF_DECL_TAG:
		return 4;
	case BTF_ARRAY:
		return 12;
	case BTF_STRUCT: case BTF_UNION: case BTF_DATASEC: case BTF_ENUM64:
		return 12 * (size_t)v;
	case BTF_ENUM: case BTF_FUNC_PROTO:
		return 8 * (size_t)v;
	}
	return 0;
}

static bool btf_load(const struct kd_elf *kelf, struct btf *b)
{
	const struct kd_sec *sec = btf_section(kelf);
	const unsigned char *d, *p, *end;
	uint32_t hdr_len, type_off, type_len, str_off;
	size_t cap = 0;

	memset(b, 0, sizeof(*b));
	b->kelf = kelf;
	if (!sec || sec->size < 24)
		return false;
	d = sec->data;
	if (kd_read(kelf, d, 2) != BTF_MAGIC)
		return false;
	hdr_len = rd32(kelf, d + 4);
	type_off = rd32(kelf, d + 8);
	type_len = rd32(kelf, d + 12);
	str_off = rd32(kelf, d + 16);
	b->str_len = rd32(kelf, d + 20);
	if ((uint64_t)hdr_len + type_off + type_len > sec->size ||
	    (uint64_t)hdr_len + str_off + b->str_len > sec->size)
		return false;
	b->strs = (const char *)d + hdr_len + str_off;
	p = d + hdr_len + type_off;
	end = p + type_len;
	KD_PUSH(b->t, b->nr, cap, ((struct btf_rec){ 0, 0, 0, NULL }));
	while (p + 12 <= end) {
		struct btf_rec r;

		r.name_off = rd32(kelf, p);
		r.info = rd32(kelf, p + 4);
		r.size_type = rd32(kelf, p + 8);
		r.extra = p + 12;
		p += 12 + extra_len(&r);
		if (p > end)
			break;
		KD_PUSH(b->t, b->nr, cap, r);
	}
	return b->nr > 1;
}

static const struct btf_rec *rec(const struct btf *b, uint32_t id)
{
	return id < b->nr ? &b->t[id] : &b->t[0];
}

/* Skip qualifiers and typedefs. */
static uint32_t strip(const struct btf *b, uint32_t id)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH && id && id < b->nr; depth++) {
		switch (kind_of(rec(b, id))) {
		case BTF_CONST: case BTF_VOLATILE: case BTF_RESTRICT:
		case BTF_TYPEDEF: case BTF_TYPE_TAG:
			id = rec(b, id)->size_type;
			continue;
		}
		break;
	}
	return id;
}

/*
 * A type as a string, for comparing members of two objects.  Typedefs
 * of integers and of named types are seen through, and an integer type
 * is its size, encoding and bits, not its name: a field turned from
 * unsigned long into u64 (unsigned long long) on a 64-bit arch holds
 * the same bits, meaning the same, in the running kernel's instances.
 * A change of sign is a change.
 */
static void type_str(const struct btf *b, uint32_t id, char *buf, size_t len,
		     int depth)
{
	const struct btf_rec *r = rec(b, id), *u;
	const char *name = str_at(b, r->name_off);
	char sub[192];	/* room left for " *" and "[n]" in 256 */
	uint32_t enc;
	unsigned int k;

	if (!id || depth > MAX_DEPTH) {
		snprintf(buf, len, "void");
		return;
	}
	switch (kind_of(r)) {
	case BTF_TYPEDEF:
		/*
		 * Seen through to an integer or a named type only: a
		 * typedef's name is all that tells two nameless structures
		 * of one size apart.
		 */
		u = rec(b, strip(b, r->size_type));
		k = kind_of(u);
		if (k == BTF_INT ||
		    ((k == BTF_STRUCT || k == BTF_UNION || k == BTF_ENUM ||
		      k == BTF_ENUM64 || k == BTF_FWD) &&
		     *str_at(b, u->name_off))) {
			type_str(b, r->size_type, buf, len, depth + 1);
			return;
		}
		break;
	case BTF_INT:
		/* size; encoding (signed, char, bool), offset and bits */
		enc = rd32(b->kelf, r->extra);
		snprintf(buf, len, "int %u:%u:%u:%u", r->size_type,
			 (enc >> 24) & 0xf, (enc >> 16) & 0xff, enc & 0xff);
		return;
	case BTF_PTR:
		type_str(b, r->size_type, sub, sizeof(sub), depth + 1);
		snprintf(buf, len, "%s *", sub);
		return;
	case BTF_CONST: case BTF_VOLATILE: case BTF_RESTRICT:
	case BTF_TYPE_TAG:
		type_str(b, r->size_type, buf, len, depth + 1);
		return;
	case BTF_ARRAY:
		type_str(b, rd32(b->kelf, r->extra), sub, sizeof(sub),
			 depth + 1);
		snprintf(buf, len, "%s[%u]", sub, rd32(b->kelf, r->extra + 8));
		return;
	case BTF_STRUCT: case BTF_UNION:
		if (*name)
			snprintf(buf, len, "%s %s",
				 kind_of(r) == BTF_STRUCT ? "struct" : "union",
				 name);
		else
			snprintf(buf, len, "%s {%u bytes}",
				 kind_of(r) == BTF_STRUCT ? "struct" : "union",
				 r->size_type);
		return;
	case BTF_FWD:
		snprintf(buf, len, "%s %s", r->info >> 31 ? "union" : "struct",
			 name);
		return;
	case BTF_ENUM: case BTF_ENUM64:
		snprintf(buf, len, "enum %s {%u bytes}", name, r->size_type);
		return;
	case BTF_FUNC_PROTO:
		snprintf(buf, len, "function");
		return;
	}
	snprintf(buf, len, "%s", name);
}

struct member {
	const char *name;
	uint32_t type;
	uint32_t bit_off, bit_size;
};

static struct member member_at(const struct btf *b, const struct btf_rec *r,
			       unsigned int i)
{
	const unsigned char *m = r->extra + 12 * i;
	uint32_t off = rd32(b->kelf, m + 8);
	struct member mb;

	mb.name = str_at(b, rd32(b->kelf, m));
	mb.type = rd32(b->kelf, m + 4);
	if (r->info >> 31) {
		mb.bit_off = off & 0xffffff;
		mb.bit_size = off >> 24;
	} else {
		mb.bit_off = off;
		mb.bit_size = 0;
	}
	return mb;
}

static uint32_t find_type(const struct btf *b, unsigned int kind,
			  const char *name)
{
	uint32_t id;

	for (id = 1; id < b->nr; id++)
		if (kind_of(&b->t[id]) == kind &&
		    !strcmp(str_at(b, b->t[id].name_off), name))
			return id;
	return 0;
}

/*
 * A named field of a structure, however deep in anonymous structures
 * and unions: "a.b" for a field b of a member a of an anonymous type,
 * and its offset from the start of the outermost type.
 */
struct leaf {
	char *name;
	char type[256];
	uint32_t bit_off, bit_size;
};

struct leaves {
	struct leaf *l;
	size_t nr, cap;
};

/*
 * Whether @id, through qualifiers and typedefs, is a struct or union
 * without a name: its fields are reached as the container's.
 */
static bool anonymous(const struct btf *b, uint32_t id)
{
	const struct btf_rec *r = rec(b, strip(b, id));
	unsigned int kind = kind_of(r);

	return (kind == BTF_STRUCT || kind == BTF_UNION) &&
	       !*str_at(b, r->name_off);
}

static void flatten(const struct btf *b, uint32_t id, const char *prefix,
		    uint32_t base, struct leaves *out, int depth)
{
	const struct btf_rec *r = rec(b, strip(b, id));
	struct leaf lf;
	unsigned int i;

	for (i = 0; i < vlen_of(r); i++) {
		struct member m = member_at(b, r, i);
		char name[256];

		snprintf(name, sizeof(name), "%s%s%s", prefix,
			 *prefix && *m.name ? "." : "", m.name);
		if (anonymous(b, m.type) && depth < MAX_DEPTH) {
			flatten(b, m.type, name, base + m.bit_off, out,
				depth + 1);
			continue;
		}
		/*
		 * An unnamed bit-field holds nothing: the others' offsets
		 * show what it does to the layout.
		 */
		if (!*m.name)
			continue;
		lf.name = kd_strdup(name);
		type_str(b, m.type, lf.type, sizeof(lf.type), 0);
		lf.bit_off = base + m.bit_off;
		lf.bit_size = m.bit_size;
		KD_PUSH(out->l, out->nr, out->cap, lf);
	}
}

static void leaves_free(struct leaves *ls)
{
	size_t i;

	for (i = 0; i < ls->nr; i++)
		free(ls->l[i].name);
	free(ls->l);
}

static const struct leaf *leaf_named(const struct leaves *ls,
				     const char *name)
{
	size_t i;

	for (i = 0; i < ls->nr; i++)
		if (!strcmp(ls->l[i].name, name))
			return &ls->l[i];
	return NULL;
}

/*
 * Whether post's new field @n only names bytes a field of pre names, at
 * the same place and with the same type, and that field is still there
 * in post: a union made around a field to give it a second name
 * (union { struct task_struct *donor, *curr; }).  Old instances then
 * hold the new field's value already.
 */
static bool alias(const struct leaves *pre, const struct leaves *post,
		  const struct leaf *n)
{
	const struct leaf *o, *kept;
	size_t i;

	for (i = 0; i < pre->nr; i++) {
		o = &pre->l[i];
		if (o->bit_off != n->bit_off || o->bit_size != n->bit_size ||
		    strcmp(o->type, n->type))
			continue;
		kept = leaf_named(post, o->name);
		if (kept && kept->bit_off == o->bit_off &&
		    kept->bit_size == o->bit_size && !strcmp(kept->type, o->type))
			return true;
	}
	return false;
}

/*
 * How post's @bi differs from pre's @ai; false if not at all.  Fields
 * are compared by name, type and offset, those of anonymous structures
 * and unions as the container's: a field moved inside one is a move of
 * the container's layout, and wrapping a field into an anonymous union
 * is not.
 */
static bool layout_differs(const struct btf *a, uint32_t ai,
			   const struct btf *b, uint32_t bi,
			   struct kd_layout_change *chg)
{
	struct leaves la = { 0 }, lb = { 0 };
	const struct leaf *o, *n;
	bool differs = true;
	size_t i;

	flatten(a, ai, "", 0, &la, 0);
	flatten(b, bi, "", 0, &lb, 0);
	/* A field removed or added (the cause), then one changed. */
	chg->field = NULL;
	for (i = 0; i < la.nr && !chg->field; i++) {
		if (leaf_named(&lb, la.l[i].name))
			continue;
		chg->what = "removed";
		chg->field = kd_strdup(la.l[i].name);
	}
	for (i = 0; i < lb.nr && !chg->field; i++) {
		n = &lb.l[i];
		if (leaf_named(&la, n->name) || alias(&la, &lb, n))
			continue;
		chg->what = "added";
		chg->field = kd_strdup(n->name);
	}
	for (i = 0; i < la.nr && !chg->field; i++) {
		o = &la.l[i];
		n = leaf_named(&lb, o->name);
		if (strcmp(o->type, n->type) || o->bit_size != n->bit_size)
			chg->what = "retyped";
		else if (o->bit_off != n->bit_off)
			chg->what = "moved";
		else
			continue;
		chg->field = kd_strdup(o->name);
	}
	if (!chg->field) {
		differs = rec(a, ai)->size_type != rec(b, bi)->size_type;
		chg->what = "resized";
	}
	leaves_free(&la);
	leaves_free(&lb);
	return differs;
}

/* Whether @id, through qualifiers, typedefs and arrays, is @t itself. */
static bool holds(const struct btf *b, uint32_t id, uint32_t t)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH; depth++) {
		id = strip(b, id);
		if (id == t)
			return true;
		if (!id || kind_of(rec(b, id)) != BTF_ARRAY)
			return false;
		id = rd32(b->kelf, rec(b, id)->extra);
	}
	return false;
}

/* ... or a pointer to it (pointers to pointers too). */
static bool reaches(const struct btf *b, uint32_t id, uint32_t t)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH; depth++) {
		if (holds(b, id, t))
			return true;
		id = strip(b, id);
		if (!id || kind_of(rec(b, id)) != BTF_PTR)
			return false;
		id = rec(b, id)->size_type;
	}
	return false;
}

/*
 * Who in this object is seen to use @t: a function whose prototype has
 * it, else a variable; nothing where only function bodies do.
 */
static void find_user(const struct btf *b, uint32_t t,
		      struct kd_layout_change *chg)
{
	uint32_t id, f;
	unsigned int i;

	for (id = 1; id < b->nr; id++) {
		const struct btf_rec *r = &b->t[id];

		switch (kind_of(r)) {
		case BTF_VAR:
			if (!reaches(b, r->size_type, t))
				break;
			if (!chg->user && *str_at(b, r->name_off)) {
				chg->user = kd_strdup(str_at(b, r->name_off));
				chg->user_is_var = true;
			}
			break;
		case BTF_FUNC_PROTO:
			for (i = 0; i <= vlen_of(r); i++) {
				uint32_t pt = i < vlen_of(r) ?
					      rd32(b->kelf, r->extra + 8 * i + 4) :
					      r->size_type;

				if (!reaches(b, pt, t))
					continue;
				/*
				 * The function with this prototype.  GCC 12
				 * writes a function record without a name for
				 * a function pointer's prototype: no user.
				 */
				for (f = 1; f < b->nr; f++) {
					if (kind_of(&b->t[f]) != BTF_FUNC ||
					    b->t[f].size_type != id ||
					    !*str_at(b, b->t[f].name_off))
						continue;
					if (chg->user_is_var || !chg->user) {
						free(chg->user);
						chg->user = kd_strdup(str_at(b,
							b->t[f].name_off));
						chg->user_is_var = false;
					}
					break;
				}
				break;
			}
			break;
		}
	}
}

static unsigned int kind_code(const char *kind)
{
	return !strcmp(kind, "union") ? BTF_UNION :
	       !strcmp(kind, "typedef") ? BTF_TYPEDEF : BTF_STRUCT;
}

static const char *kind_word(unsigned int kind)
{
	return kind == BTF_STRUCT ? "struct" :
	       kind == BTF_UNION ? "union" : "typedef";
}

bool kd_types_present(const struct kd_elf *pre, const struct kd_elf *post)
{
	return btf_section(pre) && btf_section(post);
}

bool kd_types_compare(const struct kd_elf *pre, const struct kd_elf *post,
		      struct kd_layout_change *chg)
{
	struct btf a, b;
	bool found = false;
	uint32_t id;

	memset(chg, 0, sizeof(*chg));
	memset(&b, 0, sizeof(b));
	if (!btf_load(pre, &a) || !btf_load(post, &b)) {
		free(a.t);
		free(b.t);
		return false;
	}
	for (id = 1; id < a.nr && !found; id++) {
		const struct btf_rec *r = &a.t[id];
		const char *name = str_at(&a, r->name_off);
		unsigned int kind = kind_of(r);
		uint32_t ai = id, bi;

		if (!*name)
			continue;
		/*
		 * typedef struct { ... } name_t: the structure has no name
		 * of its own, the typedef names it.
		 */
		if (kind == BTF_TYPEDEF) {
			if (!anonymous(&a, id))
				continue;
			ai = strip(&a, id);
		} else if (kind != BTF_STRUCT && kind != BTF_UNION) {
			continue;
		}
		/* The same type once only (objects may repeat it). */
		if (find_type(&a, kind, name) != id)
			continue;
		bi = find_type(&b, kind, name);
		if (bi && kind == BTF_TYPEDEF) {
			bi = strip(&b, bi);
			if (kind_of(rec(&b, bi)) != BTF_STRUCT &&
			    kind_of(rec(&b, bi)) != BTF_UNION)
				bi = 0;
		}
		if (!bi || !layout_differs(&a, ai, &b, bi, chg))
			continue;
		find_user(&a, ai, chg);
		chg->kind = kind_word(kind);
		chg->name = kd_strdup(name);
		found = true;
	}
	free(a.t);
	free(b.t);
	return found;
}

/*
 * The structure or union that @b defines as @kind @name (a typedef: the
 * nameless structure it names), or 0.
 */
static uint32_t layout_of(const struct btf *b, unsigned int kind,
			  const char *name)
{
	uint32_t id = find_type(b, kind, name);

	if (!id || kind != BTF_TYPEDEF)
		return id;
	if (!anonymous(b, id))
		return 0;
	return strip(b, id);
}

bool kd_types_unseen(const struct kd_elf *pre, const struct kd_elf *post,
		     uint32_t *from, const char **kind, char **name)
{
	struct btf a, b;
	bool found = false;
	uint32_t id;

	memset(&b, 0, sizeof(b));
	if (!btf_load(pre, &a) || !btf_load(post, &b)) {
		free(a.t);
		free(b.t);
		return false;
	}
	for (id = *from + 1; id < b.nr && !found; id++) {
		const struct btf_rec *r = &b.t[id];
		const char *n = str_at(&b, r->name_off);
		unsigned int k = kind_of(r);

		if (k != BTF_STRUCT && k != BTF_UNION && k != BTF_TYPEDEF)
			continue;
		if (!*n || find_type(&b, k, n) != id || !layout_of(&b, k, n) ||
		    layout_of(&a, k, n))
			continue;
		*from = id;
		*kind = kind_word(k);
		*name = kd_strdup(n);
		found = true;
	}
	free(a.t);
	free(b.t);
	return found;
}

int kd_types_compare_one(const struct kd_elf *other, const struct kd_elf *post,
			 const char *kind, const char *name,
			 struct kd_layout_change *chg)
{
	unsigned int k = kind_code(kind);
	struct btf a, b;
	uint32_t ai, bi;
	int ret = -1;

	memset(chg, 0, sizeof(*chg));
	memset(&b, 0, sizeof(b));
	if (!btf_load(other, &a) || !btf_load(post, &b)) {
		free(a.t);
		free(b.t);
		return -1;
	}
	ai = layout_of(&a, k, name);
	bi = layout_of(&b, k, name);
	if (ai && bi) {
		ret = layout_differs(&a, ai, &b, bi, chg) ? 1 : 0;
		if (ret) {
			chg->kind = kind;
			chg->name = kd_strdup(name);
		} else {
			free(chg->field);
			memset(chg, 0, sizeof(*chg));
		}
	}
	free(a.t);
	free(b.t);
	return ret;
}
