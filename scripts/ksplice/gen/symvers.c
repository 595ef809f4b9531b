// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: exported symbols, from the object tree's Module.symvers.
 *
 * A reference from the new code to an exported symbol is left to the
 * module loader, like in any module: modpost checks it, the loader
 * resolves it before the update's init runs (which the special
 * sections need), and a dependency on the exporting module is recorded.
 *
 * Format, one symbol a line, tab-separated:
 *	CRC  NAME  MODULE  EXPORT_TYPE  [NAMESPACE]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../elf/util.h"

static struct kg_export *exports;
static size_t nr_exports;

static int export_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kg_export *)a)->name,
		      ((const struct kg_export *)b)->name);
}

void kg_symvers_load(const char *path)
{
	size_t cap = 0, len = 0;
	char *line = NULL;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		kg_error("%s: %s", path, strerror(errno));
	while (getline(&line, &len, f) > 0) {
		char *field[5] = { NULL };
		char *p = line, *tab;
		struct kg_export e;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		while (n < 5) {
			field[n++] = p;
			tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (n < 4 || !*field[1])
			continue;
		e.name = kd_strdup(field[1]);
		e.module = kd_strdup(field[2]);
		e.ns = n > 4 && *field[4] ? kd_strdup(field[4]) : NULL;
		KD_PUSH(exports, nr_exports, cap, e);
	}
	free(line);
	fclose(f);
	qsort(exports, nr_exports, sizeof(*exports), export_cmp);
}

const struct kg_export *kg_symvers_find(const char *name)
{
	struct kg_export key = { .name = name };

	if (!nr_exports)
		return NULL;
	return bsearch(&key, exports, nr_exports, sizeof(*exports),
		       export_cmp);
}

char *kg_export_objname(const struct kg_export *e)
{
	const char *base = strrchr(e->module, '/');
	char *name, *p;

	if (!strcmp(e->module, "vmlinux"))
		return NULL;
	name = kd_strdup(base ? base + 1 : e->module);
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}
