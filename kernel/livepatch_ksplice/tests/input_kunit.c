// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what the ksplice core must not take on trust: the
 * update's tables (bounds, order), the running code it reads while
 * matching (never past its end), the targets that matching derives from
 * the running code (names per object file, data checked against
 * kallsyms, strings by content), and who may write "stage".
 *
 * The relocation sites here are absolute words (R_X86_64_64, R_ARM_ABS32),
 * so that the running "code" can point at real objects of this file.
 */

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/elf.h>
#include <linux/gfp.h>
#include <linux/ftrace.h>
#include <linux/ksplice.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

#include "../ksplice_internal.h"
#include "ksplice_kunit.h"

#ifdef CONFIG_X86_64
#define KI_ABS		R_X86_64_64
/* mov %edi,%eax; ret; int3 */
static const u8 ki_tail[] = { 0x89, 0xf8, 0xc3, 0xcc };
#else
#define KI_ABS		R_ARM_ABS32
/* bx lr */
static const u8 ki_tail[] = { 0x1e, 0xff, 0x2f, 0xe1 };
#endif
#define KI_FIELD	sizeof(unsigned long)
#define KI_ADDR		0xc0de0000UL

/* A global of this file, unique in vmlinux: kallsyms knows where it is. */
int ksplice_kunit_datum;
/* What the running code points at, and a copy as the pre object has it. */
static const char ki_str[] = "ksplice: a string of the running kernel";
static const char ki_str_pre[] = "ksplice: a string of the running kernel";

/* Pre code: the field, then ki_tail; running code: @val, then ki_tail. */
struct ki_code {
	u8 pre[KI_FIELD + sizeof(ki_tail)];
	u8 run[KI_FIELD + sizeof(ki_tail)];
};

static void ki_code_init(struct ki_code *k, unsigned long val)
{
	memset(k->pre, 0, KI_FIELD);
	memcpy(k->pre + KI_FIELD, ki_tail, sizeof(ki_tail));
	memcpy(k->run, &val, KI_FIELD);
	memcpy(k->run + KI_FIELD, ki_tail, sizeof(ki_tail));
}

static int ki_match(struct ksplice_match *m, struct ki_code *k,
		    const struct ksplice_reloc *r, unsigned int nr)
{
	struct ksplice_func f = {
		.name = "f", .pre_code = k->pre, .pre_size = sizeof(k->pre),
		.pre_relocs = r, .nr_pre_relocs = nr,
	};
	struct ksplice_cand c = { .addr = KI_ADDR, .code = k->run,
				  .size = sizeof(k->run) };

	return ksplice_match_code(m, &f, &c);
}

/*
 * A static name is one symbol per object file: two objects' "helper"
 * may be at two addresses; one object's may not.  A global name is one
 * symbol whatever object refers to it.
 */
static void ksplice_input_test_units(struct kunit *test)
{
	struct ksplice_match m = { };
	struct ksplice_symkey ka = KSPLICE_KEY("helper", NULL,
					       KSPLICE_RELOC_LOCAL);
	struct ksplice_symkey kb = ka;
	struct ksplice_symkey ga = KSPLICE_KEY("helper", NULL, 0);
	struct ksplice_symkey gb;
	unsigned long addr = 0;

	ka.unit = "a.o";
	kb.unit = "b.o";
	ga.unit = "a.o";
	gb = ga;
	gb.unit = "b.o";

	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &ka, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &kb, 0x2000), 0);
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &ka, 0x2000), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &kb, 0x1000), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(&m, &ka, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0x1000);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(&m, &kb, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0x2000);
	/* A global of the same name is another symbol. */
	KUNIT_EXPECT_FALSE(test, ksplice_match_sym(&m, &ga, &addr));
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &ga, 0x3000), 0);
	KUNIT_EXPECT_EQ(test, ksplice_match_add(&m, &gb, 0x4000), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, ksplice_match_sym(&m, &gb, &addr));
	KUNIT_EXPECT_EQ(test, addr, 0x3000);
	ksplice_match_free(&m);
}

/* The same, through matching: each object's pre code gives its own. */
static void ksplice_input_test_units_match(struct kunit *test)
{
	struct ksplice_reloc r = {
		.site = (void *)0, .name = "helper", .type = KI_ABS,
		.flags = KSPLICE_RELOC_LOCAL, .unit = "a.o",
	};
	struct ksplice_match m = { };
	struct ki_code k;

	ki_code_init(&k, 0x1000);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	ki_code_init(&k, 0x2000);
	r.unit = "b.o";
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	/* b.o's helper again, elsewhere: a mismatch. */
	ki_code_init(&k, 0x1000);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, m.why, "sites naming one symbol disagree");
	/* Two string pieces at one addend of two objects likewise. */
	r = (struct ksplice_reloc) {
		.site = (void *)0, .name = ".rodata.str1.1", .type = KI_ABS,
		.flags = KSPLICE_RELOC_LOCAL | KSPLICE_RELOC_SECTION,
		.unit = "a.o",
	};
	ki_code_init(&k, 0x5000);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	r.unit = "b.o";
	ki_code_init(&k, 0x6000);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	ksplice_match_free(&m);
}

/* A data target must be where kallsyms has its name (a unique global). */
static void ksplice_input_test_data_kallsyms(struct kunit *test)
{
	static const struct ksplice_reloc r = {
		.site = (void *)0, .name = "ksplice_kunit_datum",
		.type = KI_ABS,
	};
	struct ksplice_match m = { .check_kallsyms = true };
	unsigned long datum = (unsigned long)&ksplice_kunit_datum;
	struct ki_code k;

	ki_code_init(&k, datum);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	ksplice_match_free(&m);
	/* One byte off: the running code refers to something else. */
	ki_code_init(&k, datum ^ 1);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, m.why,
			   "the running code refers to another symbol");
	ksplice_match_free(&m);
}

/* A string the pre code points at is compared by content. */
static void ksplice_input_test_pre_data(struct kunit *test)
{
	struct ksplice_reloc r = {
		.site = (void *)0, .name = ".rodata.str1.1", .type = KI_ABS,
		.flags = KSPLICE_RELOC_LOCAL | KSPLICE_RELOC_SECTION,
		.addend = 8, .pre_data = (const u8 *)ki_str_pre, .pre_data_off = 8,
		.pre_data_len = sizeof(ki_str_pre),
	};
	struct ksplice_match m = { };
	u8 *other = kunit_kmalloc(test, sizeof(ki_str_pre), GFP_KERNEL);
	struct ki_code k;

	KUNIT_ASSERT_NOT_NULL(test, other);
	/* The site holds S + A: the string at ki_str is at S + 8. */
	ki_code_init(&k, (unsigned long)ki_str);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	ksplice_match_free(&m);

	/* One byte of the pre object's string differs. */
	memcpy(other, ki_str_pre, sizeof(ki_str_pre));
	other[3] ^= 0x20;
	r.pre_data = other;
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, m.why,
			   "the running code points at other data than");
	KUNIT_EXPECT_EQ(test, m.fail_off, 0);
	ksplice_match_free(&m);

	/* Pointing one byte further: other bytes. */
	r.pre_data = (const u8 *)ki_str_pre;
	ki_code_init(&k, (unsigned long)ki_str + 1);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	ksplice_match_free(&m);
	/* Unreadable: a mismatch, not a fault. */
	ki_code_init(&k, 16);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	ksplice_match_free(&m);

	/*
	 * One addend, two pieces: a loop's bound 10 bytes into the string
	 * at 8 (its label plus 10), and the string the object has at 18.
	 * The linker moved them apart: each is checked by its own content,
	 * and they are not one target.
	 */
	r.addend = 18;
	ki_code_init(&k, (unsigned long)ki_str + 10);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	r.pre_data_off = 18;
	ki_code_init(&k, (unsigned long)ki_str);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), 0);
	/* The first piece again, at another copy of its bytes: refused. */
	r.pre_data_off = 8;
	ki_code_init(&k, (unsigned long)ki_str_pre + 10);
	KUNIT_EXPECT_EQ(test, ki_match(&m, &k, &r, 1), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, m.why, "sites naming one symbol disagree");
	ksplice_match_free(&m);
}

/*
 * A relocation site whose field runs past the end of the running
 * function: nothing is read there.  The running code ends a vmalloc'd
 * page, followed by its guard page: any read past it faults.
 */
static void ksplice_input_test_reloc_past_end(struct kunit *test)
{
	static const struct ksplice_reloc r = {
		.site = (void *)sizeof(ki_tail), .name = "g", .type = KI_ABS,
	};
	u8 pre[sizeof(ki_tail) + KI_FIELD] = { };
	struct ksplice_func f = {
		.name = "f", .pre_code = pre, .pre_size = sizeof(pre),
		.pre_relocs = &r, .nr_pre_relocs = 1,
	};
	struct ksplice_match m = { };
	struct ksplice_cand c;
	u8 *page = vmalloc(PAGE_SIZE);
	unsigned long size = sizeof(ki_tail) + 2;

	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(pre, ki_tail, sizeof(ki_tail));
	memcpy(page + PAGE_SIZE - size, ki_tail, sizeof(ki_tail));
	memset(page + PAGE_SIZE - 2, 0, 2);
	c = (struct ksplice_cand) { .addr = KI_ADDR,
				    .code = page + PAGE_SIZE - size,
				    .size = size };
	KUNIT_EXPECT_EQ(test, ksplice_match_code(&m, &f, &c), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, m.fail_off, sizeof(ki_tail));
	KUNIT_EXPECT_STREQ(test, m.why, "relocation past the end");
	KUNIT_EXPECT_EQ(test, ksplice_arch_reloc_target(KI_ABS, KI_ADDR,
							page + PAGE_SIZE - 2, 2,
							0, &c.addr),
			-ENOSPC);
	ksplice_match_free(&m);
	vfree(page);
}

static noinline __noipa int ki_victim(int x)
{
	return x + 7;
}

static noinline __noipa int ki_victim_new(int x)
{
	return x + 8;
}

/* Bad tables are refused before anything is looked up or read. */
static void ksplice_input_test_bad_tables(struct kunit *test)
{
	static const u8 pre[16];
	static const struct ksplice_site unsorted[] = {
		{ .offset = 8, .len = 4, .kind = KSPLICE_SITE_MCOUNT },
		{ .offset = 4, .len = 4, .kind = KSPLICE_SITE_MCOUNT },
	};
	static const struct ksplice_site too_long[] = {
		{ .offset = 8, .len = 12, .kind = KSPLICE_SITE_MCOUNT },
	};
	static const struct ksplice_reloc past[] = {
		{ .site = (void *)16, .name = "g", .type = KI_ABS },
	};
	static const u8 repl[3] = { 0x90, 0x90, 0x90 };
	static const struct ksplice_reloc repl_past[] = {
		{ .site = (void *)3, .name = "g", .type = KI_ABS },
	};
	/* A replacement longer than its site, or with a relocation past it. */
	static const struct ksplice_site long_repl[] = {
		{ .offset = 8, .len = 2, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL, .repl = repl, .repl_len = 3 },
	};
	static const struct ksplice_site repl_reloc[] = {
		{ .offset = 8, .len = 4, .kind = KSPLICE_SITE_ALTERNATIVE,
		  .alt_flags = KSPLICE_ALT_REPL, .repl = repl, .repl_len = 3,
		  .repl_relocs = repl_past, .nr_repl_relocs = 1 },
	};
	struct ksplice_func f = {
		.name = "ki_victim", .new_func = ki_victim_new,
		.pre_code = pre, .pre_size = sizeof(pre),
	};
	struct ksplice_update u = {
		.name = "kunit_bad", .funcs = &f, .nr_funcs = 1,
	};
	const struct {
		const char *what;
		const struct ksplice_site *sites;
		unsigned int nr_sites;
		const struct ksplice_reloc *relocs;
		unsigned int nr_relocs;
		unsigned long pre_size;
	} cases[] = {
		{ "unsorted sites", unsorted, 2, NULL, 0, sizeof(pre) },
		{ "a site past the end", too_long, 1, NULL, 0, sizeof(pre) },
		{ "a reloc past the end", NULL, 0, past, 1, sizeof(pre) },
		{ "sites without a table", NULL, 1, NULL, 0, sizeof(pre) },
		{ "no pre code", NULL, 0, NULL, 0, 0 },
		{ "a replacement longer than its site", long_repl, 1, NULL, 0,
		  sizeof(pre) },
		{ "a replacement's relocation past it", repl_reloc, 1, NULL, 0,
		  sizeof(pre) },
	};
	unsigned int i;

	KUNIT_ASSERT_EQ(test, ki_victim(1), 8);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f.pre_sites = cases[i].sites;
		f.nr_pre_sites = cases[i].nr_sites;
		f.pre_relocs = cases[i].relocs;
		f.nr_pre_relocs = cases[i].nr_relocs;
		f.pre_size = cases[i].pre_size;
		ksplice_last_cause = KSPLICE_CAUSE_NONE;
		KUNIT_EXPECT_EQ_MSG(test, ksplice_register(&u), -EINVAL, "%s",
				    cases[i].what);
		KUNIT_EXPECT_EQ_MSG(test, ksplice_last_cause,
				    KSPLICE_CAUSE_UNEXPECTED, "%s",
				    cases[i].what);
		KUNIT_EXPECT_NULL(test, ksplice_state_of(&u));
	}
	KUNIT_EXPECT_EQ(test, ki_victim(1), 8);
}

#ifdef CONFIG_KPROBES
static struct mutex *ki_kprobe_mutex;
static bool ki_kprobes_held;

/* An apply/reverse hook: it runs with the machine stopped, mid-switch. */
static int ki_see_kprobes(void)
{
	ki_kprobes_held = mutex_is_locked(ki_kprobe_mutex);
	return 0;
}

/*
 * register_kprobe() copies the instruction it probes and publishes the
 * probe after releasing text_mutex: a jump written in between would be
 * covered by a probe that runs the copied original.  The core holds
 * kprobes off (kprobe_mutex) for the whole switch, apply and reverse.
 */
static void ksplice_input_test_kprobes_held(struct kunit *test)
{
	static const struct ksplice_hook see[] = { { .fn = ki_see_kprobes } };
	static const struct ksplice_func f = {
		.name = "ki_victim", .new_func = ki_victim_new,
	};
	static const struct ksplice_update u = {
		.name = "kunit_kprobes", .funcs = &f, .nr_funcs = 1,
		.hooks = { [KSPLICE_HOOK_APPLY] = see,
			   [KSPLICE_HOOK_REVERSE] = see },
		.nr_hooks = { [KSPLICE_HOOK_APPLY] = 1,
			      [KSPLICE_HOOK_REVERSE] = 1 },
	};
	unsigned long addr;
	unsigned int count;

	/* kprobes.c's own lock, found the way the core finds statics. */
	KUNIT_ASSERT_EQ(test, ksplice_lookup("kprobe_mutex", NULL, &addr,
					     &count), 0);
	ki_kprobe_mutex = (struct mutex *)addr;
	KUNIT_ASSERT_FALSE(test, mutex_is_locked(ki_kprobe_mutex));

	ki_kprobes_held = false;
	KUNIT_ASSERT_EQ(test, ksplice_register(&u), 0);
	KUNIT_EXPECT_TRUE_MSG(test, ki_kprobes_held,
			      "kprobes were not held off while applying");
	KUNIT_EXPECT_EQ(test, ki_victim(1), 9);
	ki_kprobes_held = false;
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&u, KSPLICE_STAGE_REVERSED),
			0);
	KUNIT_EXPECT_TRUE_MSG(test, ki_kprobes_held,
			      "kprobes were not held off while reversing");
	KUNIT_EXPECT_EQ(test, ki_victim(1), 8);
	ksplice_unregister(&u);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(ki_kprobe_mutex));
}
#endif

/* Harmless stand-in for notify_die(), should the refusal fail. */
static noinline __noipa int ki_notify_die_new(int val, const char *str,
					      void *regs, long err, int trap,
					      int sig)
{
	return 0;	/* NOTIFY_DONE */
}

/* @u is refused before anything is written: unexpected, nothing kept. */
static void ki_expect_refused(struct kunit *test,
			      const struct ksplice_update *u)
{
	int ret;

	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	ret = ksplice_register(u);
	if (!ret)
		ksplice_unregister(u);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
}

/* Harmless stand-in for a function of the core's chain. */
static noinline __noipa int ki_own_chain_new(void)
{
	return 0;
}

/*
 * The core's own call chain is refused by name: the core's task check,
 * in every configuration, and stop_machine's multi_cpu_stop(), which
 * exists only on SMP kernels (kunit.py's default configs are not).
 */
static void ksplice_input_test_own_chain(struct kunit *test)
{
	static const struct ksplice_func core = {
		.name = "ksplice_check_tasks", .new_func = ki_own_chain_new,
	};
	static const struct ksplice_func stop = {
		.name = "multi_cpu_stop", .new_func = ki_own_chain_new,
	};
	static const struct ksplice_update u_core = {
		.name = "kunit_own_chain", .funcs = &core, .nr_funcs = 1,
	};
	static const struct ksplice_update u_stop = {
		.name = "kunit_own_chain_stop", .funcs = &stop, .nr_funcs = 1,
	};

	ki_expect_refused(test, &u_core);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail,
					   "the switch itself runs it"));
	if (!IS_ENABLED(CONFIG_SMP))
		return;
	ki_expect_refused(test, &u_stop);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail,
					   "the switch itself runs it"));
}

/*
 * notify_die() is NOKPROBE_SYMBOL: it runs on the exception and NMI
 * paths.  The update is refused by name, before anything is written.
 */
static void ksplice_input_test_refused(struct kunit *test)
{
	static const struct ksplice_func f = {
		.name = "notify_die", .new_func = ki_notify_die_new,
	};
	static const struct ksplice_update u = {
		.name = "kunit_nokprobe", .funcs = &f, .nr_funcs = 1,
	};

	if (!IS_ENABLED(CONFIG_KPROBES))
		kunit_skip(test, "no kprobes: no NOKPROBE_SYMBOL list");
	ki_expect_refused(test, &u);
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_REGS
static noinline __noipa int ki_owned(int x)
{
	return x + 7;
}

static noinline __noipa int ki_owned_other(int x)
{
	return x + 9;
}

static noinline __noipa int ki_owned_new(int x)
{
	return x + 8;
}

/*
 * What upstream livepatch does on x86: send the call to another
 * function.  (On ARM the ftrace site follows the prologue, where no
 * such user exists: there the handler owns the function and leaves it.)
 */
#define KI_OWNED(x)	(IS_ENABLED(CONFIG_X86) ? (x) + 9 : (x) + 7)
static void notrace ki_ipmodify(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op,
				struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);

	if (IS_ENABLED(CONFIG_X86) && regs)
		instruction_pointer_set(regs, (unsigned long)ki_owned_other);
}

static struct ftrace_ops ki_ipmodify_ops = {
	.func = ki_ipmodify,
	.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_IPMODIFY,
};

/*
 * A function an FTRACE_OPS_FL_IPMODIFY user redirects is refused
 * (unexpected), and nothing changes; once that user is gone, the same
 * update applies.
 */
static void ksplice_input_test_ipmodify(struct kunit *test)
{
	static const struct ksplice_func f = {
		.name = "ki_owned", .new_func = ki_owned_new,
	};
	static const struct ksplice_update u = {
		.name = "kunit_ipmodify", .funcs = &f, .nr_funcs = 1,
	};
	int ret;

	KUNIT_ASSERT_EQ(test, ki_owned(1), 8);
	KUNIT_ASSERT_EQ(test, ftrace_set_filter_ip(&ki_ipmodify_ops,
						   (unsigned long)ki_owned,
						   0, 0), 0);
	KUNIT_ASSERT_EQ(test, register_ftrace_function(&ki_ipmodify_ops), 0);
	KUNIT_EXPECT_EQ(test, ki_owned(1), KI_OWNED(1));

	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	ret = ksplice_register(&u);
	if (!ret)
		ksplice_unregister(&u);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&u));
	KUNIT_EXPECT_EQ(test, ki_owned(1), KI_OWNED(1));

	KUNIT_ASSERT_EQ(test, unregister_ftrace_function(&ki_ipmodify_ops), 0);
	ftrace_free_filter(&ki_ipmodify_ops);
	KUNIT_EXPECT_EQ(test, ki_owned(1), 8);
	KUNIT_ASSERT_EQ(test, ksplice_register(&u), 0);
	KUNIT_EXPECT_EQ(test, ki_owned(1), 9);
	ksplice_unregister(&u);
	KUNIT_EXPECT_EQ(test, ki_owned(1), 8);
}
#endif

static const struct ksplice_update ki_empty = { .name = "kunit_cap" };

static struct kobj_attribute *ki_attr(struct kobject *kobj, const char *name)
{
	struct attribute **a = kobj->ktype->default_groups[0]->attrs;

	for (; *a; a++) {
		if (!strcmp((*a)->name, name))
			return container_of(*a, struct kobj_attribute, attr);
	}
	return NULL;
}

/* Writing "stage" changes kernel code: it needs CAP_SYS_MODULE. */
static void ksplice_input_test_stage_cap(struct kunit *test)
{
	const struct cred *old;
	struct kobj_attribute *stage;
	struct ksplice_state *s;
	struct cred *new;
	char *buf;
	ssize_t ret;

	/* sysfs_emit() writes only to a page, as sysfs gives it. */
	buf = (char *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	KUNIT_ASSERT_EQ(test, ksplice_register(&ki_empty), 0);
	s = ksplice_state_of(&ki_empty);
	KUNIT_ASSERT_NOT_NULL(test, s);
	stage = ki_attr(&s->kobj, "stage");
	KUNIT_ASSERT_NOT_NULL(test, stage);

	new = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, new);
	cap_lower(new->cap_effective, CAP_SYS_MODULE);
	old = override_creds(new);
	ret = stage->store(&s->kobj, stage, "reversed", 8);
	revert_creds(old);
	put_cred(new);
	KUNIT_EXPECT_EQ(test, ret, -EPERM);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_APPLIED);
	stage->show(&s->kobj, stage, buf);
	KUNIT_EXPECT_STREQ(test, buf, "applied\n");

	KUNIT_EXPECT_EQ(test, stage->store(&s->kobj, stage, "reversed", 8), 8);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_REVERSED);
	ksplice_unregister(&ki_empty);
	free_page((unsigned long)buf);
}

static struct kunit_case ksplice_input_test_cases[] = {
	KUNIT_CASE(ksplice_input_test_units),
	KUNIT_CASE(ksplice_input_test_units_match),
	KUNIT_CASE(ksplice_input_test_data_kallsyms),
	KUNIT_CASE(ksplice_input_test_pre_data),
	KUNIT_CASE(ksplice_input_test_reloc_past_end),
	KUNIT_CASE(ksplice_input_test_bad_tables),
	KUNIT_CASE(ksplice_input_test_stage_cap),
	KUNIT_CASE(ksplice_input_test_refused),
	KUNIT_CASE(ksplice_input_test_own_chain),
#ifdef CONFIG_KPROBES
	KUNIT_CASE(ksplice_input_test_kprobes_held),
#endif
#ifdef CONFIG_DYNAMIC_FTRACE_WITH_REGS
	KUNIT_CASE(ksplice_input_test_ipmodify),
#endif
	{}
};

static struct kunit_suite ksplice_input_suite = {
	.name = "ksplice_input",
	.test_cases = ksplice_input_test_cases,
};

kunit_test_suite(ksplice_input_suite);
