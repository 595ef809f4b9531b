// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the names vmlinux defines, from the object tree's
 * System.map (--system-map).
 *
 * A reference of new vmlinux code to a name that is neither exported
 * nor defined by the update is resolved at insmod, through kallsyms.
 * A name vmlinux does not have at all (a function the release adds in
 * another file, whose change the patch leaves out) would abort every
 * insmod with failed_to_find: it is refused when the update is made.
 *
 * Format, one symbol a line: ADDRESS TYPE NAME.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../elf/util.h"

static char **names;
static size_t nr_names;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void kg_sysmap_load(const char *path)
{
	size_t cap = 0, len = 0;
	char *line = NULL, *name;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		kg_error("%s: %s", path, strerror(errno));
	while (getline(&line, &len, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		name = strrchr(line, ' ');
		if (!name || !name[1])
			continue;
		name = kd_strdup(name + 1);
		KD_PUSH(names, nr_names, cap, name);
	}
	free(line);
	fclose(f);
	if (!nr_names)
		kg_error("%s: no symbols", path);
	qsort(names, nr_names, sizeof(*names), name_cmp);
}

bool kg_sysmap_lacks(const char *name)
{
	if (!nr_names)
		return false;
	return !bsearch(&name, names, nr_names, sizeof(*names), name_cmp);
}
