// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: the update generator of "make ksplice".
 *
 *   ksplice-gen --name NAME --tables OUT.c [--symvers Module.symvers]
 *		 [-v] [--label LABEL] --object OWNER PRE.o POST.o OUT.o ...
 *
 * With --sweep (the self-match sweep, tools/testing/ksplice/sweep),
 * OUT.c gets the pre code of every function of each PRE.o (POST.o may be
 * PRE.o), with no new code, and no OUT.o is written.
 *
 * For each --object (OWNER is "vmlinux" or the name of the module the
 * object belongs to), the differ classifies PRE.o against POST.o, and
 * OUT.o receives the new code and what it needs (select.c).  OUT.c gets
 * the tables of all objects (tables.c).  --label names the next object
 * in messages (default: POST.o).  --symvers lets exported symbols be
 * resolved by the module loader.
 *
 * Exit status: 0 on success; 1 when the update cannot be made (the
 * message says why: "ksplice-gen: error: ..."); 2 on unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "../diff/special.h"
#include "../diff/symbol.h"
#include "../elf/util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " KG_PROG " --name NAME --tables OUT.c [--symvers FILE]\n"
		"       [--system-map FILE] [-v]\n"
		"       [--sweep] [--headers-changed [--layout-refs LIST]]\n"
		"       [--layout-only]\n"
		"       [--label LABEL] [--running RUN.o] [--types TYPES.o]\n"
		"       --object OWNER PRE.o POST.o OUT.o ...\n"
		"  Write the new code of each object pair to OUT.o and the\n"
		"  update's tables to OUT.c.  OWNER is vmlinux or a module name.\n"
		"  RUN.o: the object as the running kernel compiled it, when\n"
		"  PRE.o's code differs from it; its code is the one matched.\n"
		"  --headers-changed: the patch changes a file other than a .c\n"
		"  file, so a type that PRE.o only declared or did not use may have\n"
		"  a new layout.  TYPES.o: PRE.o's source compiled with every type\n"
		"  it defines, used or not; LIST: a file of the other objects the\n"
		"  patch reaches, one a line.  Their types are the running layouts\n"
		"  such a type is checked with; one none of them has is new (with\n"
		"  no LIST: it cannot be checked, and is refused).\n"
		"  --layout-only: only refuse a changed layout that the objects'\n"
		"  new code uses, as the first check of a header fix (a type none\n"
		"  of them defines is left to the run with every object); OUT.c\n"
		"  and OUT.o are not written.\n");
}

static void prepare(struct kd_elf *kelf)
{
	kd_symbols_prepare(kelf);
	kd_specials_mark(kelf);
	kd_items_build(kelf);
	kd_owners_compute(kelf);
}

/* The differ's classification, as ksplice-diff does it. */
void kg_object_diff(struct kg_object *obj)
{
	obj->pre = kd_elf_open(obj->pre_path);
	obj->post = kd_elf_open(obj->post_path);
	if (obj->pre->ehdr.e_machine != obj->post->ehdr.e_machine ||
	    obj->pre->ehdr.e_ident[EI_CLASS] !=
	    obj->post->ehdr.e_ident[EI_CLASS])
		kg_error("%s and %s are for different machines",
			 obj->pre_path, obj->post_path);
	prepare(obj->pre);
	prepare(obj->post);
	if (obj->run_path) {
		obj->run = kd_elf_open(obj->run_path);
		if (obj->run->ehdr.e_machine != obj->pre->ehdr.e_machine)
			kg_error("%s and %s are for different machines",
				 obj->pre_path, obj->run_path);
		prepare(obj->run);
	}
	kd_symbols_match(obj->pre, obj->post);
	kd_items_twin(obj->pre, obj->post);
	kd_specials_attribute(obj->pre);
	kd_specials_attribute(obj->post);
	if (obj->run)
		kd_specials_attribute(obj->run);
	kd_classify(obj->pre, obj->post, &obj->res);
}

static const char **new_globals;
static size_t nr_new_globals, cap_new_globals;

void kg_update_globals_add(const struct kg_object *obj)
{
	size_t i;

	for (i = 0; i < obj->post->nr_items; i++) {
		const struct kd_item *item = obj->post->items[i];

		if ((item->cls == KD_NEW || item->cls == KD_NEW_DATA) &&
		    item->sym && item->sym->bind != STB_LOCAL && !item->init)
			KD_PUSH(new_globals, nr_new_globals, cap_new_globals,
				item->sym->name);
	}
}

bool kg_update_defines(const char *name)
{
	size_t i;

	for (i = 0; i < nr_new_globals; i++)
		if (!strcmp(new_globals[i], name))
			return true;
	return false;
}

static bool valid_name(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return n && n <= 48;
}

int main(int argc, char **argv)
{
	struct kg_object *objs = NULL;
	struct kg_tables t;
	const char *tables = NULL, *label = NULL, *run = NULL, *types = NULL;
	size_t nr = 0, cap = 0, i, carried = 0, weak = 0;
	bool hooks = false, sweep = false;
	int a;

	memset(&t, 0, sizeof(t));
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(arg, "--name") && a + 1 < argc) {
			t.name = argv[++a];
		} else if (!strcmp(arg, "--tables") && a + 1 < argc) {
			tables = argv[++a];
		} else if (!strcmp(arg, "--symvers") && a + 1 < argc) {
			kg_symvers_load(argv[++a]);
		} else if (!strcmp(arg, "--system-map") && a + 1 < argc) {
			kg_sysmap_load(argv[++a]);
		} else if (!strcmp(arg, "--label") && a + 1 < argc) {
			label = argv[++a];
		} else if (!strcmp(arg, "--running") && a + 1 < argc) {
			run = argv[++a];
		} else if (!strcmp(arg, "--types") && a + 1 < argc) {
			types = argv[++a];
		} else if (!strcmp(arg, "--object") && a + 4 < argc) {
			struct kg_object o;

			memset(&o, 0, sizeof(o));
			o.index = nr + 1;
			o.owner = argv[a + 1];
			o.pre_path = argv[a + 2];
			o.post_path = argv[a + 3];
			o.out_path = argv[a + 4];
			o.run_path = run;
			o.types_path = types;
			o.label = label ? label : o.post_path;
			KD_PUSH(objs, nr, cap, o);
			label = NULL;
			run = NULL;
			types = NULL;
			a += 4;
		} else if (!strcmp(arg, "--headers-changed")) {
			kg_headers_changed = true;
		} else if (!strcmp(arg, "--layout-refs") && a + 1 < argc) {
			kg_layout_refs = argv[++a];
		} else if (!strcmp(arg, "--layout-only")) {
			kg_layout_only = true;
		} else if (!strcmp(arg, "--sweep")) {
			sweep = true;
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			kg_verbose = true;
		} else {
			usage(stderr);
			kg_error("bad argument %s", arg);
		}
	}
	if (!t.name || (!tables && !kg_layout_only) || !nr) {
		usage(stderr);
		kg_error("--name, --tables and at least one --object are needed");
	}
	if (!valid_name(t.name))
		kg_error("update name %s: use 1 to 48 letters, digits or underscores",
			 t.name);

	for (i = 0; i < nr; i++) {
		struct kg_object *o = &objs[i];

		kg_object_diff(o);
		kg_update_globals_add(o);
		hooks |= kg_object_has_hooks(o);
		if (!t.machine)
			t.machine = o->post->ehdr.e_machine;
		else if (t.machine != o->post->ehdr.e_machine)
			kg_error("%s: not for the same machine as the other objects",
				 o->label);
	}
	for (i = 0; i < nr; i++) {
		objs[i].hooks = hooks;
		objs[i].update = objs;
		objs[i].nr_update = nr;
	}
	/*
	 * Every object's layouts before any other check: the cause to name
	 * is the changed layout, and with --layout-only a refusal of
	 * another kind in one object (its __init code changed) must not
	 * hide the layout change another one shows.
	 */
	for (i = 0; i < nr && !sweep; i++)
		kg_object_check_layout(&objs[i]);
	if (kg_layout_only)
		return 0;
	for (i = 0; i < nr; i++) {
		carried += sweep ? kg_object_sweep(&objs[i], &t, &weak) :
			   kg_object_generate(&objs[i], &t);
	}
	if (sweep) {
		kg_tables_write(&t, tables);
		printf("sweep: %zu functions, %zu weak ones left out\n",
		       carried, weak);
		return 0;
	}
	if (!carried && !t.nr_hooks)
		kg_error("no functional change: nothing to carry in the update");
	kg_tables_write(&t, tables);
	for (i = 0; i < nr; i++) {
		kd_elf_close(objs[i].pre);
		kd_elf_close(objs[i].post);
		if (objs[i].run)
			kd_elf_close(objs[i].run);
	}
	return 0;
}
