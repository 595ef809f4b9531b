// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-diff: section-level differ for Ksplice-style kernel updates.
 *
 *   ksplice-diff [--json] [--all] PRE.o POST.o
 *
 * PRE.o and POST.o are the same object compiled from the unpatched and
 * the patched source with -ffunction-sections -fdata-sections.  Every
 * function and data item is classified (see classify.h) and reported
 * (see report.c for the format).  Exit status: 0 on success, 2 on bad
 * usage or input.
 */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "../elf/kelf.h"
#include "item.h"
#include "report.h"
#include "special.h"
#include "symbol.h"
#include "../elf/util.h"

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: " KD_PROG " [--json] [--all] PRE.o POST.o\n"
		"  Compare two builds of one object (compiled with\n"
		"  -ffunction-sections -fdata-sections) section by section.\n"
		"  --json  machine-readable output\n"
		"  --all   also list unchanged functions and data\n");
}

static void prepare(struct kd_elf *kelf)
{
	kd_symbols_prepare(kelf);
	kd_specials_mark(kelf);
	kd_items_build(kelf);
	kd_owners_compute(kelf);
}

int main(int argc, char **argv)
{
	struct kd_report_opts opts = { 0 };
	struct kd_result res = { 0 };
	const char *files[2];
	struct kd_elf *pre, *post;
	int i, nr_files = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			opts.json = true;
		} else if (!strcmp(argv[i], "--all")) {
			opts.all = true;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			print_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			for (i++; i < argc && nr_files < 3; i++)
				files[nr_files < 2 ? nr_files : 1] = argv[i],
				nr_files++;
			break;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			print_usage(stderr);
			kd_fatal("unknown option %s", argv[i]);
		} else {
			if (nr_files < 2)
				files[nr_files] = argv[i];
			nr_files++;
		}
	}
	if (nr_files != 2) {
		print_usage(stderr);
		kd_fatal("expected two object files (PRE.o POST.o)");
	}

	pre = kd_elf_open(files[0]);
	post = kd_elf_open(files[1]);
	if (pre->ehdr.e_machine != post->ehdr.e_machine ||
	    pre->ehdr.e_ident[EI_CLASS] != post->ehdr.e_ident[EI_CLASS] ||
	    pre->ehdr.e_ident[EI_DATA] != post->ehdr.e_ident[EI_DATA])
		kd_fatal("%s (%s) and %s (%s) are for different machines",
			 pre->path, kd_machine_name(pre->ehdr.e_machine),
			 post->path, kd_machine_name(post->ehdr.e_machine));

	prepare(pre);
	prepare(post);
	kd_symbols_match(pre, post);
	kd_items_twin(pre, post);
	kd_specials_attribute(pre);
	kd_specials_attribute(post);
	kd_classify(pre, post, &res);
	kd_report(stdout, pre, post, &res, &opts);

	kd_elf_close(pre);
	kd_elf_close(post);
	if (fflush(stdout) || ferror(stdout))
		kd_fatal("write error");
	return 0;
}
