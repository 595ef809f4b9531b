// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-made ksplice update: replaces version_proc_show(), the static
 * function behind /proc/version, with one that prefixes the banner with
 * the update's name and whether its relocations were right.
 *
 * The new code refers to linux_proc_banner, which is not exported: the
 * module loader cannot resolve it, so the update lists the references as
 * struct ksplice_reloc records for the core to write, one into the new
 * code (a rip-relative lea, R_X86_64_PC32, in read-only text) and one
 * into data (R_X86_64_64).
 */

#include <linux/elf.h>
#include <linux/init.h>
#include <linux/ksplice.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/utsname.h>

#ifndef CORE_VERSION_NAME
#define CORE_VERSION_NAME	"core_version"
#endif

#ifdef CONFIG_X86_64
/* Where the displacement of the lea below is (its first byte + 3). */
extern unsigned long core_version_banner_site;

/* linux_proc_banner, written by the core (R_X86_64_64). */
static const char *core_version_banner_ptr;

/* linux_proc_banner, through a lea the core relocates (R_X86_64_PC32). */
static noinline const char *core_version_banner(void)
{
	const char *p;

	asm volatile("1: leaq 0(%%rip), %0\n\t"
		     ".pushsection .data, \"aw\"\n\t"
		     ".balign 8\n\t"
		     "core_version_banner_site: .quad 1b + 3\n\t"
		     ".popsection"
		     : "=r" (p));
	return p;
}
#else /* CONFIG_ARM */
/* Where the movw and the movt below are. */
extern unsigned long core_version_banner_site[2];

/* linux_proc_banner, written by the core (R_ARM_ABS32). */
static const char *core_version_banner_ptr;

/* linux_proc_banner, through movw/movt the core relocates. */
static noinline const char *core_version_banner(void)
{
	const char *p;

	asm volatile("1: movw %0, #0\n\t"
		     "2: movt %0, #0\n\t"
		     ".pushsection .data, \"aw\"\n\t"
		     ".balign 4\n\t"
		     "core_version_banner_site: .long 1b, 2b\n\t"
		     ".popsection"
		     : "=r" (p));
	return p;
}
#endif

static int core_version_proc_show(struct seq_file *m, void *v)
{
	const char *banner = core_version_banner();

	seq_printf(m, "ksplice_%s relocs=%s ", CORE_VERSION_NAME,
		   banner == core_version_banner_ptr ? "ok" : "bad");
	seq_printf(m, banner, utsname()->sysname, utsname()->release,
		   utsname()->version);
	return 0;
}

static const struct ksplice_func core_version_funcs[] = {
	{ .name = "version_proc_show", .new_func = core_version_proc_show },
};

static struct ksplice_reloc core_version_relocs[] = {
#ifdef CONFIG_X86_64
	{ .name = "linux_proc_banner", .addend = -4, .type = R_X86_64_PC32 },
	{ .site = &core_version_banner_ptr, .name = "linux_proc_banner",
	  .type = R_X86_64_64 },
#else
	{ .name = "linux_proc_banner", .type = R_ARM_MOVW_ABS_NC },
	{ .name = "linux_proc_banner", .type = R_ARM_MOVT_ABS },
	{ .site = &core_version_banner_ptr, .name = "linux_proc_banner",
	  .type = R_ARM_ABS32 },
#endif
};

static struct ksplice_update core_version_update = {
	.name = CORE_VERSION_NAME,
	.mod = THIS_MODULE,
	.funcs = core_version_funcs,
	.nr_funcs = ARRAY_SIZE(core_version_funcs),
	.relocs = core_version_relocs,
	.nr_relocs = ARRAY_SIZE(core_version_relocs),
};

static int __init core_version_init(void)
{
#ifdef CONFIG_X86_64
	core_version_relocs[0].site = (void *)core_version_banner_site;
#else
	core_version_relocs[0].site = (void *)core_version_banner_site[0];
	core_version_relocs[1].site = (void *)core_version_banner_site[1];
#endif
	return ksplice_register(&core_version_update);
}

static void __exit core_version_exit(void)
{
	ksplice_unregister(&core_version_update);
}

module_init(core_version_init);
module_exit(core_version_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksplice test update: /proc/version");
