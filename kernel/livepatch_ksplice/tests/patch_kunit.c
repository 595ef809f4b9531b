// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ksplice core on real kernel functions: updates
 * without a module (update->mod == NULL) that replace functions of this
 * file with others of this file.  They cover the registry's state
 * machine, undo restoring the bytes exactly, the stacking order rules,
 * the hooks, lookups that must fail, and the stack check on real tasks
 * (a thread blocked inside the code being switched).
 *
 * Pointers to the functions being replaced are kept out of the test's
 * own stack frames (the core checks the stack of the task asking for a
 * switch, above its own frames): calls and reads go through noinline
 * helpers that load the pointers from variables with READ_ONCE().
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kallsyms.h>
#include <linux/kthread.h>
#include <linux/ksplice.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "../ksplice_internal.h"
#include "ksplice_kunit.h"

#define KT_BYTES	64

static noinline __noipa int ksplice_kunit_target(int x)
{
	return x + 1;
}

static noinline __noipa int ksplice_kunit_new1(int x)
{
	return x + 100;
}

static noinline __noipa int ksplice_kunit_new2(int x)
{
	return x + 200;
}

static int (*kt_target)(int) = ksplice_kunit_target;
static int (*kt_new1)(int) = ksplice_kunit_new1;

static noinline int kt_call(int x)
{
	return READ_ONCE(kt_target)(x);
}

/* A direct call of update A's new code, as A's other functions make. */
static noinline int kt_call_new1(int x)
{
	return READ_ONCE(kt_new1)(x);
}

/* Copy the first bytes of the target (up to its size). */
static noinline unsigned long kt_snapshot(int (**fn)(int), u8 *buf)
{
	unsigned long addr = (unsigned long)READ_ONCE(*fn), size, off;

	if (!kallsyms_lookup_size_offset(addr, &size, &off))
		return 0;
	size = min_t(unsigned long, size, KT_BYTES);
	memset(buf, 0, KT_BYTES);
	memcpy(buf, (void *)addr, size);
	return size;
}

static const struct ksplice_func kt_func1 = {
	.name = "ksplice_kunit_target",
	.new_func = ksplice_kunit_new1,
};

static const struct ksplice_func kt_func2 = {
	.name = "ksplice_kunit_target",
	.new_func = ksplice_kunit_new2,
};

static const struct ksplice_update kt_a = {
	.name = "kunit_a",
	.funcs = &kt_func1,
	.nr_funcs = 1,
};

static const struct ksplice_update kt_b = {
	.name = "kunit_b",
	.funcs = &kt_func2,
	.nr_funcs = 1,
};

static void ksplice_test_state_machine(struct kunit *test)
{
	struct ksplice_state *s;

	KUNIT_ASSERT_EQ(test, kt_call(1), 2);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&kt_a));

	KUNIT_ASSERT_EQ(test, ksplice_register(&kt_a), 0);
	s = ksplice_state_of(&kt_a);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_APPLIED);
	KUNIT_EXPECT_EQ(test, s->cause, KSPLICE_CAUSE_NONE);
	KUNIT_EXPECT_TRUE(test, s->sysfs);
	KUNIT_EXPECT_STREQ(test, kobject_name(&s->kobj), "kunit_a");
	KUNIT_EXPECT_PTR_EQ(test, s->kobj.parent, ksplice_root_kobj);
	KUNIT_EXPECT_GT(test, s->pause_ns, 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);

	/* Applying an applied update, or reversing twice, changes nothing. */
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a, KSPLICE_STAGE_APPLIED),
			0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_REVERSED);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);

	/* Reversed updates can be applied again. */
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a, KSPLICE_STAGE_APPLIED),
			0);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_APPLIED);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);

	/* One name, one update. */
	KUNIT_EXPECT_EQ(test, ksplice_register(&kt_a), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_PTR_EQ(test, ksplice_state_of(&kt_a), s);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);

	/* Unregistering an applied update (no module) reverses it. */
	ksplice_unregister(&kt_a);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&kt_a));
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED),
			-ENOENT);
	/* And unregistering twice is harmless. */
	ksplice_unregister(&kt_a);
}

/*
 * Checks that involve addresses inside the functions being replaced are
 * made in helpers like this one: KUnit keeps the values it compares on
 * the stack, and a stale copy in the test's own frame would count as a
 * task inside the function at the next switch.
 */
static noinline void kt_check_jump(struct kunit *test, struct ksplice_state *s,
				   const u8 *before, unsigned long size)
{
	struct ksplice_patch *p = &s->patches[0];
	unsigned long off;
	u8 *now;

	now = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, now);
	KUNIT_ASSERT_EQ(test, s->nr_patches, 1);
	KUNIT_EXPECT_EQ(test, p->addr, (unsigned long)READ_ONCE(kt_target));
	KUNIT_EXPECT_EQ(test, p->new_addr, (unsigned long)ksplice_kunit_new1);
	KUNIT_ASSERT_GE(test, p->site, p->addr);
	KUNIT_ASSERT_LE(test, p->site + p->len, p->addr + size);
	off = p->site - p->addr;

	/* The jump is at the site, the rest is as it was. */
	kt_snapshot(&kt_target, now);
	KUNIT_EXPECT_MEMEQ(test, now + off, p->jump, p->len);
	KUNIT_EXPECT_MEMEQ(test, p->saved, before + off, p->len);
	KUNIT_EXPECT_MEMEQ(test, now, before, off);
	KUNIT_EXPECT_MEMEQ(test, now + off + p->len, before + off + p->len,
			   size - off - p->len);
}

static noinline void kt_check_stacked(struct kunit *test,
				      struct ksplice_state *a,
				      struct ksplice_state *b)
{
	/* B's jump is at the same site, and it saved A's. */
	KUNIT_EXPECT_EQ(test, a->patches[0].site, b->patches[0].site);
	KUNIT_EXPECT_MEMEQ(test, b->patches[0].saved, a->patches[0].jump,
			   a->patches[0].len);
	/* A second jump of B's sends calls of A's new code to B's. */
	KUNIT_EXPECT_GE(test, b->patches[0].copy_site,
			a->patches[0].new_addr);
	KUNIT_EXPECT_LT(test, b->patches[0].copy_site,
			a->patches[0].new_addr + a->patches[0].new_size);
	KUNIT_EXPECT_EQ(test, kt_call_new1(1), 201);
}

static void ksplice_test_undo_bytes(struct kunit *test)
{
	u8 *before, *after;
	struct ksplice_state *s;
	unsigned long size;

	before = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	after = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	size = kt_snapshot(&kt_target, before);
	KUNIT_ASSERT_GT(test, size, 0);

	KUNIT_ASSERT_EQ(test, ksplice_register(&kt_a), 0);
	s = ksplice_state_of(&kt_a);
	KUNIT_ASSERT_NOT_NULL(test, s);
	kt_check_jump(test, s, before, size);

	/* Undo puts back every byte. */
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED), 0);
	kt_snapshot(&kt_target, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);
	KUNIT_EXPECT_EQ(test, kt_call(5), 6);

	/* Again, after a second apply, through unregister. */
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_a, KSPLICE_STAGE_APPLIED),
			0);
	kt_check_jump(test, s, before, size);
	ksplice_unregister(&kt_a);
	kt_snapshot(&kt_target, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);
}

static void ksplice_test_stacking(struct kunit *test)
{
	u8 *before, *after;
	struct ksplice_state *a, *b;
	unsigned long size;

	before = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	after = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	size = kt_snapshot(&kt_target, before);

	KUNIT_ASSERT_EQ(test, ksplice_register(&kt_a), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);
	KUNIT_ASSERT_EQ(test, ksplice_register(&kt_b), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 201);
	a = ksplice_state_of(&kt_a);
	b = ksplice_state_of(&kt_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kt_check_stacked(test, a, b);

	/* A first is out of order: refused, naming B. */
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, a->stage, KSPLICE_STAGE_APPLIED);
	KUNIT_EXPECT_EQ(test, a->cause, KSPLICE_CAUSE_OUT_OF_ORDER);
	KUNIT_EXPECT_NOT_NULL(test, strstr(a->detail, "undo kunit_b first"));
	KUNIT_EXPECT_EQ(test, kt_call(1), 201);

	/* B, then A. */
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_b,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);
	KUNIT_EXPECT_EQ(test, kt_call_new1(1), 101);
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_a,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	kt_snapshot(&kt_target, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);

	/* Applied again in the other order: now A is on top. */
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_b, KSPLICE_STAGE_APPLIED),
			0);
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_a, KSPLICE_STAGE_APPLIED),
			0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_b,
						   KSPLICE_STAGE_REVERSED),
			-EBUSY);
	KUNIT_EXPECT_NOT_NULL(test, strstr(b->detail, "undo kunit_a first"));
	ksplice_unregister(&kt_a);
	KUNIT_EXPECT_EQ(test, kt_call(1), 201);
	ksplice_unregister(&kt_b);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	kt_snapshot(&kt_target, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);
}

/*
 * Updates with pre code stack the way users stack fixes: B, made from a
 * tree with A's fix in it, has A's new code as its pre code, and that is
 * what it is matched with while A is applied.  One made from the tree
 * without A's fix would silently drop it: no_match, naming A.  And B,
 * made on A, cannot be applied again once A is reversed.
 */
static void ksplice_test_stack_on_fix(struct kunit *test)
{
	struct ksplice_func *fa, *fb, *fc;
	struct ksplice_update *ua, *ub, *uc;
	unsigned long size_orig, size_new1;
	u8 *orig, *new1;

	orig = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	new1 = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	fa = kunit_kzalloc(test, 3 * sizeof(*fa), GFP_KERNEL);
	ua = kunit_kzalloc(test, 3 * sizeof(*ua), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	KUNIT_ASSERT_NOT_NULL(test, new1);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, ua);
	fb = fa + 1;
	fc = fa + 2;
	ub = ua + 1;
	uc = ua + 2;
	/* The code as it runs: the pre code of each tree, with no sites. */
	size_orig = kt_snapshot(&kt_target, orig);
	size_new1 = kt_snapshot(&kt_new1, new1);
	KUNIT_ASSERT_GT(test, size_orig, 0);
	KUNIT_ASSERT_GT(test, size_new1, 0);

	*fa = (struct ksplice_func) {
		.name = "ksplice_kunit_target", .new_func = ksplice_kunit_new1,
		.pre_code = orig, .pre_size = size_orig,
	};
	*fb = (struct ksplice_func) {	/* made on A's tree */
		.name = "ksplice_kunit_target", .new_func = ksplice_kunit_new2,
		.pre_code = new1, .pre_size = size_new1,
	};
	*fc = (struct ksplice_func) {	/* made beside A */
		.name = "ksplice_kunit_target", .new_func = ksplice_kunit_new2,
		.pre_code = orig, .pre_size = size_orig,
	};
	*ua = (struct ksplice_update) { .name = "kunit_fix_a", .funcs = fa,
					.nr_funcs = 1 };
	*ub = (struct ksplice_update) { .name = "kunit_fix_b", .funcs = fb,
					.nr_funcs = 1 };
	*uc = (struct ksplice_update) { .name = "kunit_fix_c", .funcs = fc,
					.nr_funcs = 1 };

	/* B's pre code is A's fix: it does not match the kernel without A. */
	KUNIT_EXPECT_EQ(test, ksplice_register(ub), -ENOEXEC);
	KUNIT_ASSERT_EQ(test, ksplice_register(ua), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);

	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	KUNIT_EXPECT_EQ(test, ksplice_register(uc), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_NO_MATCH);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail,
					   "the running code is update kunit_fix_a's"));
	KUNIT_EXPECT_NULL(test, ksplice_state_of(uc));
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);

	KUNIT_ASSERT_EQ(test, ksplice_register(ub), 0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 201);
	KUNIT_EXPECT_EQ(test, kt_call_new1(1), 201);
	KUNIT_EXPECT_EQ(test, ksplice_state_of(ub)->patches[0].addr,
			(unsigned long)READ_ONCE(kt_target));

	/* B then A; B does not come back without A. */
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(ua, KSPLICE_STAGE_REVERSED),
			-EBUSY);
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(ub, KSPLICE_STAGE_REVERSED),
			0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 101);
	KUNIT_EXPECT_EQ(test, kt_call_new1(1), 101);
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(ua, KSPLICE_STAGE_REVERSED),
			0);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(ub, KSPLICE_STAGE_APPLIED),
			-ENOEXEC);
	KUNIT_EXPECT_EQ(test, ksplice_state_of(ub)->cause,
			KSPLICE_CAUSE_NO_MATCH);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	ksplice_unregister(ub);
	ksplice_unregister(ua);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
}

/*
 * A function matched only (KSPLICE_FUNC_MATCH_ONLY), for the names its
 * code resolves: it must match as a replaced function must, and it keeps
 * running its own code.  It is not one of the update's functions: the
 * switch and sysfs take the replaced ones only.  (The table is static:
 * the address of the new code must not sit in the test's frames.)
 */
static struct ksplice_func kt_match_only_funcs[] = {
	{ .name = "ksplice_kunit_new1", .flags = KSPLICE_FUNC_MATCH_ONLY },
	{ .name = "ksplice_kunit_target", .new_func = ksplice_kunit_new2 },
};
static const struct ksplice_update kt_match_only = {
	.name = "kunit_match_only", .funcs = kt_match_only_funcs,
	.nr_funcs = ARRAY_SIZE(kt_match_only_funcs),
};

static void ksplice_test_match_only(struct kunit *test)
{
	const struct ksplice_update *u = &kt_match_only;
	struct ksplice_func *f = kt_match_only_funcs;
	struct ksplice_state *s;
	unsigned long size;
	u8 *pre;

	pre = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pre);
	size = kt_snapshot(&kt_new1, pre);
	KUNIT_ASSERT_GT(test, size, 0);
	/* Listed first: the core still switches the replaced one only. */
	f[0].pre_code = pre;
	f[0].pre_size = size;

	KUNIT_ASSERT_EQ(test, ksplice_register(u), 0);
	s = ksplice_state_of(u);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, s->nr_patches, 1);
	KUNIT_EXPECT_EQ(test, s->nr_match_only, 1);
	KUNIT_EXPECT_PTR_EQ(test, s->patches[0].func,
			    (const struct ksplice_func *)&f[1]);
	KUNIT_EXPECT_TRUE(test, s->patches[1].addr ==
			  (unsigned long)READ_ONCE(kt_new1));
	KUNIT_EXPECT_EQ(test, kt_call(1), 201);
	KUNIT_EXPECT_EQ(test, kt_call_new1(1), 101);
	ksplice_unregister(u);
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);

	/* Code that does not match: no_match, nothing written. */
	pre[0] ^= 0xff;
	ksplice_last_cause = KSPLICE_CAUSE_NONE;
	KUNIT_EXPECT_EQ(test, ksplice_register(u), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_NO_MATCH);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ksplice_last_detail,
					   "ksplice_kunit_new1"));
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	pre[0] ^= 0xff;

	/* Matched only, with new code or without pre code: bad tables. */
	f[0].new_func = f[1].new_func;
	KUNIT_EXPECT_EQ(test, ksplice_register(u), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	f[0].new_func = NULL;
	f[0].pre_code = NULL;
	KUNIT_EXPECT_EQ(test, ksplice_register(u), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(u));
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
	f[0].pre_size = 0;
}

/* Failures before anything is written. */
static const struct ksplice_func kt_missing_func = {
	.name = "ksplice_kunit_no_such_function",
	.new_func = ksplice_kunit_new1,
};

static const struct ksplice_func kt_dup_func = {
	.name = "ksplice_kunit_dup",
	.new_func = ksplice_kunit_new1,
};

static const struct ksplice_func kt_nomod_func = {
	.name = "ksplice_kunit_target",
	.objname = "ksplice_no_such_module",
	.new_func = ksplice_kunit_new1,
};

static const struct ksplice_func kt_two_funcs[] = {
	{ .name = "ksplice_kunit_target", .new_func = ksplice_kunit_new1 },
	{ .name = "ksplice_kunit_target", .new_func = ksplice_kunit_new2 },
};

static void ksplice_test_lookup_failures(struct kunit *test)
{
	struct ksplice_update u = { .name = "kunit_fail", .nr_funcs = 1 };

	KUNIT_ASSERT_PTR_NE(test, (void *)ksplice_kunit_dup_a,
			    (void *)ksplice_kunit_dup_b);

	u.funcs = &kt_missing_func;
	KUNIT_EXPECT_EQ(test, ksplice_register(&u), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_FAILED_TO_FIND);

	/* Two static functions of that name: no guessing. */
	u.funcs = &kt_dup_func;
	KUNIT_EXPECT_EQ(test, ksplice_register(&u), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_FAILED_TO_FIND);

	u.funcs = &kt_nomod_func;
	KUNIT_EXPECT_EQ(test, ksplice_register(&u), -ENODEV);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause,
			KSPLICE_CAUSE_TARGET_NOT_LOADED);

	u.funcs = kt_two_funcs;
	u.nr_funcs = 2;
	KUNIT_EXPECT_EQ(test, ksplice_register(&u), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_UNEXPECTED);

	u.funcs = &kt_func1;
	u.nr_funcs = 1;
	u.name = "bad-name";
	KUNIT_EXPECT_EQ(test, ksplice_register(&u), -EINVAL);

	KUNIT_EXPECT_NULL(test, ksplice_state_of(&u));
	KUNIT_EXPECT_EQ(test, kt_call(1), 2);
}

/* Hooks: the order they run in, and refusals. */
static noinline __noipa int ksplice_kunit_hooked(int x)
{
	return x * 2;
}

static noinline __noipa int ksplice_kunit_hooked_new(int x)
{
	return x * 2 + 1;
}

static int (*kt_hooked)(int) = ksplice_kunit_hooked;

static noinline int kt_call_hooked(int x)
{
	return READ_ONCE(kt_hooked)(x);
}

static char kt_log[160];
static int kt_refuse = -1;

#define KT_HOOK(kind, KIND)						\
static int kt_hook_##kind(void)						\
{									\
	strlcat(kt_log, #kind " ", sizeof(kt_log));			\
	return kt_refuse == KSPLICE_HOOK_##KIND ? -EPERM : 0;		\
}									\
static const struct ksplice_hook kt_hooks_##kind[] = { { kt_hook_##kind } }

KT_HOOK(pre_apply, PRE_APPLY);
KT_HOOK(check_apply, CHECK_APPLY);
KT_HOOK(apply, APPLY);
KT_HOOK(post_apply, POST_APPLY);
KT_HOOK(fail_apply, FAIL_APPLY);
KT_HOOK(pre_reverse, PRE_REVERSE);
KT_HOOK(check_reverse, CHECK_REVERSE);
KT_HOOK(reverse, REVERSE);
KT_HOOK(post_reverse, POST_REVERSE);
KT_HOOK(fail_reverse, FAIL_REVERSE);

static const struct ksplice_func kt_hooked_func = {
	.name = "ksplice_kunit_hooked",
	.new_func = ksplice_kunit_hooked_new,
};

#define KT_KIND(KIND, kind) \
	.hooks[KSPLICE_HOOK_##KIND] = kt_hooks_##kind, \
	.nr_hooks[KSPLICE_HOOK_##KIND] = 1

static const struct ksplice_update kt_hooked_update = {
	.name = "kunit_hooks",
	.funcs = &kt_hooked_func,
	.nr_funcs = 1,
	KT_KIND(PRE_APPLY, pre_apply),
	KT_KIND(CHECK_APPLY, check_apply),
	KT_KIND(APPLY, apply),
	KT_KIND(POST_APPLY, post_apply),
	KT_KIND(FAIL_APPLY, fail_apply),
	KT_KIND(PRE_REVERSE, pre_reverse),
	KT_KIND(CHECK_REVERSE, check_reverse),
	KT_KIND(REVERSE, reverse),
	KT_KIND(POST_REVERSE, post_reverse),
	KT_KIND(FAIL_REVERSE, fail_reverse),
};

static void ksplice_test_hooks(struct kunit *test)
{
	struct ksplice_state *s;

	kt_refuse = -1;
	kt_log[0] = '\0';
	KUNIT_ASSERT_EQ(test, ksplice_register(&kt_hooked_update), 0);
	KUNIT_EXPECT_STREQ(test, kt_log,
			   "pre_apply check_apply apply post_apply ");
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 7);
	s = ksplice_state_of(&kt_hooked_update);
	KUNIT_ASSERT_NOT_NULL(test, s);

	kt_log[0] = '\0';
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_hooked_update,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_STREQ(test, kt_log,
			   "pre_reverse check_reverse reverse post_reverse ");
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 6);

	/* A refusal before the switch: nothing changes. */
	kt_refuse = KSPLICE_HOOK_CHECK_APPLY;
	kt_log[0] = '\0';
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_hooked_update,
						   KSPLICE_STAGE_APPLIED),
			-ECANCELED);
	KUNIT_EXPECT_STREQ(test, kt_log, "pre_apply check_apply fail_apply ");
	KUNIT_EXPECT_EQ(test, s->cause, KSPLICE_CAUSE_CALL_FAILED);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_REVERSED);
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 6);

	/* A refusal inside stop_machine: the jump is taken back. */
	kt_refuse = KSPLICE_HOOK_APPLY;
	kt_log[0] = '\0';
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_hooked_update,
						   KSPLICE_STAGE_APPLIED),
			-ECANCELED);
	KUNIT_EXPECT_STREQ(test, kt_log,
			   "pre_apply check_apply apply fail_apply ");
	KUNIT_EXPECT_EQ(test, s->cause, KSPLICE_CAUSE_CALL_FAILED);
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 6);

	/* And on the way back. */
	kt_refuse = -1;
	KUNIT_ASSERT_EQ(test, ksplice_change_stage(&kt_hooked_update,
						   KSPLICE_STAGE_APPLIED), 0);
	KUNIT_EXPECT_EQ(test, s->cause, KSPLICE_CAUSE_NONE);
	kt_refuse = KSPLICE_HOOK_REVERSE;
	kt_log[0] = '\0';
	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_hooked_update,
						   KSPLICE_STAGE_REVERSED),
			-ECANCELED);
	KUNIT_EXPECT_STREQ(test, kt_log,
			   "pre_reverse check_reverse reverse fail_reverse ");
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_APPLIED);
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 7);

	kt_refuse = -1;
	ksplice_unregister(&kt_hooked_update);
	KUNIT_EXPECT_EQ(test, kt_call_hooked(3), 6);
}

/* A thread blocked inside the code being switched. */
static DECLARE_COMPLETION(kt_entered);
static DECLARE_COMPLETION(kt_release);
static DECLARE_COMPLETION(kt_exited);

static noinline __noipa int ksplice_kunit_busy(int x)
{
	if (x) {
		complete(&kt_entered);
		wait_for_completion(&kt_release);
	}
	return x + 1;
}

static noinline __noipa int ksplice_kunit_busy_new(int x)
{
	if (x) {
		complete(&kt_entered);
		wait_for_completion(&kt_release);
	}
	return x + 2;
}

static int (*kt_busy)(int) = ksplice_kunit_busy;

static noinline int kt_call_busy(int x)
{
	return READ_ONCE(kt_busy)(x);
}

static int kt_busy_thread(void *unused)
{
	kt_call_busy(1);
	complete(&kt_exited);
	return 0;
}

static const struct ksplice_func kt_busy_func = {
	.name = "ksplice_kunit_busy",
	.new_func = ksplice_kunit_busy_new,
};

static const struct ksplice_update kt_busy_update = {
	.name = "kunit_busy",
	.funcs = &kt_busy_func,
	.nr_funcs = 1,
};

static pid_t kt_start_busy(struct kunit *test)
{
	struct task_struct *t;

	reinit_completion(&kt_entered);
	reinit_completion(&kt_release);
	reinit_completion(&kt_exited);
	t = kthread_run(kt_busy_thread, NULL, "ksplice_busy");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&kt_entered);
	return task_pid_nr(t);
}

static void kt_stop_busy(void)
{
	complete(&kt_release);
	wait_for_completion(&kt_exited);
}

static void ksplice_test_busy(struct kunit *test)
{
	unsigned int tries = ksplice_max_tries, delay = ksplice_retry_delay_ms;
	u8 *before, *after;
	struct ksplice_state *s;
	unsigned long size;
	pid_t pid;
	int ret;

	before = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	after = kunit_kzalloc(test, KT_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	size = kt_snapshot(&kt_busy, before);
	ksplice_max_tries = 3;
	ksplice_retry_delay_ms = 1;

	/* Apply while a thread sleeps in the old code: code_busy. */
	kt_start_busy(test);
	ret = ksplice_register(&kt_busy_update);
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, ksplice_last_cause, KSPLICE_CAUSE_CODE_BUSY);
	KUNIT_EXPECT_NULL(test, ksplice_state_of(&kt_busy_update));
	kt_snapshot(&kt_busy, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);
	kt_stop_busy();

	/* Once it has left, the update goes in. */
	ret = ksplice_register(&kt_busy_update);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, kt_call_busy(0), 2);
	s = ksplice_state_of(&kt_busy_update);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, s->nr_conflicts, 0);

	/* Undo while a thread sleeps in the new code: code_busy, named. */
	pid = kt_start_busy(test);
	ret = ksplice_change_stage(&kt_busy_update, KSPLICE_STAGE_REVERSED);
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, s->cause, KSPLICE_CAUSE_CODE_BUSY);
	KUNIT_EXPECT_EQ(test, s->stage, KSPLICE_STAGE_APPLIED);
	KUNIT_EXPECT_EQ(test, s->nr_conflicts, 1);
	KUNIT_EXPECT_STREQ(test, s->conflicts[0].comm, "ksplice_busy");
	KUNIT_EXPECT_EQ(test, s->conflicts[0].pid, pid);
	KUNIT_EXPECT_STREQ(test, s->conflicts[0].func, "ksplice_kunit_busy");
	KUNIT_EXPECT_NOT_NULL(test, strstr(s->detail, "ksplice_busy (pid"));
	kt_stop_busy();

	KUNIT_EXPECT_EQ(test, ksplice_change_stage(&kt_busy_update,
						   KSPLICE_STAGE_REVERSED), 0);
	KUNIT_EXPECT_EQ(test, kt_call_busy(0), 1);
	ksplice_unregister(&kt_busy_update);
	kt_snapshot(&kt_busy, after);
	KUNIT_EXPECT_MEMEQ(test, after, before, size);

	ksplice_max_tries = tries;
	ksplice_retry_delay_ms = delay;
}

static struct kunit_case ksplice_patch_cases[] = {
	KUNIT_CASE(ksplice_test_state_machine),
	KUNIT_CASE(ksplice_test_undo_bytes),
	KUNIT_CASE(ksplice_test_stacking),
	KUNIT_CASE(ksplice_test_stack_on_fix),
	KUNIT_CASE(ksplice_test_match_only),
	KUNIT_CASE(ksplice_test_lookup_failures),
	KUNIT_CASE(ksplice_test_hooks),
	KUNIT_CASE(ksplice_test_busy),
	{}
};

static struct kunit_suite ksplice_patch_suite = {
	.name = "ksplice_patch",
	.test_cases = ksplice_patch_cases,
};
kunit_test_suite(ksplice_patch_suite);
