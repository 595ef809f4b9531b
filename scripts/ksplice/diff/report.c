// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: text and JSON reports.
 *
 * Text, one line per interesting item, then uses-static lines, then an
 * optional "no functional change" line and the summary:
 *
 *   <class> <section> <symbol> [sym=S] [pre=SEC] [pre-sym=S]
 *           [access=ro|rw] [specials=A,B]
 *   uses-static <function> <variable-as-named-in-pre>
 *   anchor-layout <section> <function> <how the layout changes>
 *   no functional change
 *   summary: changed=N new=N new-data=N changed-data=N init=N
 *            lineno-only=N deleted=N
 */
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "report.h"
#include "special.h"
#include "../elf/util.h"

/* Classes in the order of the summary line. */
static const int summary_order[] = {
	KD_CHANGED, KD_NEW, KD_NEW_DATA, KD_CHANGED_DATA, KD_INIT,
	KD_LINENO_ONLY, KD_DELETED,
};

#define NR_SUMMARY ARRAY_SIZE(summary_order)

struct names {
	const char **v;
	size_t nr, cap;
};

static void names_add(struct names *n, const char *name)
{
	size_t i;

	for (i = 0; i < n->nr; i++)
		if (!strcmp(n->v[i], name))
			return;
	KD_PUSH(n->v, n->nr, n->cap, name);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Tables with entries for @item, and sections those entries point into. */
static void item_specials(const struct kd_item *item, struct names *n)
{
	size_t i, j, nr;

	for (i = 0; i < item->nr_entries; i++) {
		const struct kd_entry *e = item->entries[i];
		struct kd_rela *r;

		names_add(n, e->name);
		r = kd_relas_in(e->sec, e->off, e->off + e->size, &nr);
		for (j = 0; j < nr; j++) {
			struct kd_target t;
			const struct kd_sec *ts;

			kd_resolve(item->kelf, e->sec, &r[j], &t);
			ts = t.sec ? t.sec : t.sym ? t.sym->sec : NULL;
			if (ts && ts->special == KD_SPECIAL_REF)
				names_add(n, ts->special_name);
		}
	}
	kd_sort(n->v, n->nr, sizeof(*n->v), str_cmp);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static bool item_listed(const struct kd_item *item,
			const struct kd_report_opts *opts)
{
	return opts->all || item->cls != KD_UNCHANGED;
}

static void text_item(FILE *out, const struct kd_item *item)
{
	const struct kd_item *pre = item->cls == KD_DELETED ? NULL : item->twin;
	struct names n = { 0 };
	size_t i;

	fprintf(out, "%s %s %s", kd_class_name(item->cls), item->sec->name,
		item->sym->canon);
	if (strcmp(item->sym->name, item->sym->canon))
		fprintf(out, " sym=%s", item->sym->name);
	if (pre && strcmp(pre->sec->name, item->sec->name))
		fprintf(out, " pre=%s", pre->sec->name);
	if (pre && strcmp(pre->sym->name, item->sym->name))
		fprintf(out, " pre-sym=%s", pre->sym->name);
	if (!item->func && item->cls != KD_DELETED)
		fprintf(out, " access=%s", item->writable ? "rw" : "ro");
	if (item->cls != KD_DELETED)
		item_specials(item, &n);
	for (i = 0; i < n.nr; i++)
		fprintf(out, "%s%s", i ? "," : " specials=", n.v[i]);
	free(n.v);
	fputc('\n', out);
}

static void json_item(FILE *out, const struct kd_item *item, bool first)
{
	const struct kd_item *pre = item->cls == KD_DELETED ? NULL : item->twin;
	struct names n = { 0 };
	size_t i;

	fprintf(out, "%s\n    {\"class\": ", first ? "" : ",");
	json_str(out, kd_class_name(item->cls));
	fprintf(out, ", \"section\": ");
	json_str(out, item->sec->name);
	fprintf(out, ", \"symbol\": ");
	json_str(out, item->sym->canon);
	fprintf(out, ", \"%s\": ", item->cls == KD_DELETED ? "pre_symbol" :
					"post_symbol");
	json_str(out, item->sym->name);
	if (pre) {
		fprintf(out, ", \"pre_section\": ");
		json_str(out, pre->sec->name);
		fprintf(out, ", \"pre_symbol\": ");
		json_str(out, pre->sym->name);
	}
	fprintf(out, ", \"kind\": \"%s\"", item->func ? "function" : "data");
	if (!item->func)
		fprintf(out, ", \"access\": \"%s\"",
			item->writable ? "rw" : "ro");
	if (item->cls != KD_DELETED)
		item_specials(item, &n);
	fprintf(out, ", \"specials\": [");
	for (i = 0; i < n.nr; i++) {
		if (i)
			fprintf(out, ", ");
		json_str(out, n.v[i]);
	}
	fprintf(out, "]}");
	free(n.v);
}

static int use_cmp(const void *a, const void *b)
{
	const struct kd_use *ua = a, *ub = b;
	int r = strcmp(ua->func->sym->canon, ub->func->sym->canon);

	return r ? r : strcmp(ua->var->name, ub->var->name);
}

void kd_report(FILE *out, const struct kd_elf *pre, const struct kd_elf *post,
	       const struct kd_result *res, const struct kd_report_opts *opts)
{
	struct kd_anchor_change *anchors;
	struct kd_use *uses;
	bool functional = false, first = true;
	size_t i, nr_anchors;

	for (i = 0; i < KD_NR_CLASSES; i++)
		if (kd_class_functional(i) && res->count[i])
			functional = true;
	uses = kd_calloc(res->nr_uses, sizeof(*uses));
	if (res->nr_uses)
		memcpy(uses, res->uses, res->nr_uses * sizeof(*uses));
	kd_sort(uses, res->nr_uses, sizeof(*uses), use_cmp);
	anchors = kd_anchor_changes(pre, post, &nr_anchors);

	if (opts->json) {
		fprintf(out, "{\n  \"pre\": ");
		json_str(out, pre->path);
		fprintf(out, ",\n  \"post\": ");
		json_str(out, post->path);
		fprintf(out, ",\n  \"machine\": \"%s\",\n  \"sections\": [",
			kd_machine_name(post->ehdr.e_machine));
		for (i = 0; i < post->nr_items; i++)
			if (item_listed(post->items[i], opts)) {
				json_item(out, post->items[i], first);
				first = false;
			}
		for (i = 0; i < pre->nr_items; i++)
			if (pre->items[i]->cls == KD_DELETED) {
				json_item(out, pre->items[i], first);
				first = false;
			}
		fprintf(out, "\n  ],\n  \"uses_static\": [");
		for (i = 0; i < res->nr_uses; i++) {
			fprintf(out, "%s\n    {\"function\": ", i ? "," : "");
			json_str(out, uses[i].func->sym->canon);
			fprintf(out, ", \"symbol\": ");
			json_str(out, uses[i].var->name);
			fprintf(out, "}");
		}
		fprintf(out, "\n  ],\n  \"anchor_layout\": [");
		for (i = 0; i < nr_anchors; i++) {
			fprintf(out, "%s\n    {\"section\": ", i ? "," : "");
			json_str(out, anchors[i].sec->name);
			fprintf(out, ", \"function\": ");
			json_str(out, anchors[i].func);
			fprintf(out, ", \"change\": ");
			json_str(out, anchors[i].why);
			fprintf(out, "}");
		}
		fprintf(out, "\n  ],\n  \"functional_change\": %s,\n",
			functional ? "true" : "false");
		fprintf(out, "  \"summary\": {");
		for (i = 0; i < NR_SUMMARY; i++)
			fprintf(out, "%s\"%s\": %zu", i ? ", " : "",
				kd_class_name(summary_order[i]),
				res->count[summary_order[i]]);
		fprintf(out, "}\n}\n");
		kd_anchor_free(anchors, nr_anchors);
		free(uses);
		return;
	}

	for (i = 0; i < post->nr_items; i++)
		if (item_listed(post->items[i], opts))
			text_item(out, post->items[i]);
	for (i = 0; i < pre->nr_items; i++)
		if (pre->items[i]->cls == KD_DELETED)
			text_item(out, pre->items[i]);
	for (i = 0; i < res->nr_uses; i++)
		fprintf(out, "uses-static %s %s\n", uses[i].func->sym->canon,
			uses[i].var->name);
	for (i = 0; i < nr_anchors; i++)
		fprintf(out, "anchor-layout %s %s %s\n", anchors[i].sec->name,
			anchors[i].func, anchors[i].why);
	if (!functional)
		fprintf(out, "no functional change\n");
	fprintf(out, "summary:");
	for (i = 0; i < NR_SUMMARY; i++)
		fprintf(out, " %s=%zu", kd_class_name(summary_order[i]),
			res->count[summary_order[i]]);
	fputc('\n', out);
	kd_anchor_free(anchors, nr_anchors);
	free(uses);
}
