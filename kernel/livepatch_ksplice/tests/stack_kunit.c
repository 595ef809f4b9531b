// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ksplice stack checker on synthetic stacks: which
 * words count as inside a range being replaced.  (The checker on real
 * task stacks is tested by the busy cases of patch_kunit.c.)
 */

#include <kunit/test.h>
#include <linux/kernel.h>

#include "../ksplice_internal.h"

static void ksplice_test_range_bounds(struct kunit *test)
{
	struct ksplice_range r[] = {
		{ .start = 0x3000, .end = 0x3010, .name = "c" },
		{ .start = 0x1000, .end = 0x1100, .name = "a" },
		{ .start = 0x2000, .end = 0x2001, .name = "b" },
	};
	int i;

	ksplice_ranges_sort(r, ARRAY_SIZE(r));
	KUNIT_EXPECT_STREQ(test, r[0].name, "a");
	KUNIT_EXPECT_STREQ(test, r[2].name, "c");

	/* The first byte is inside, the end is not. */
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x1000);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "a");
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x10ff);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "a");
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x1100), -1);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0xfff), -1);

	/* A one-byte range. */
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x2000);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "b");
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x1fff), -1);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x2001), -1);

	/* The last range, and beyond everything. */
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x300f);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "c");
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x3010), -1);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), ~0UL), -1);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0), -1);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, 0, 0x1000), -1);
}

static void ksplice_test_range_overlap(struct kunit *test)
{
	/* A long range and a short one starting inside it. */
	struct ksplice_range r[] = {
		{ .start = 0x1100, .end = 0x1200, .name = "short" },
		{ .start = 0x1000, .end = 0x3000, .name = "long" },
		{ .start = 0x2800, .end = 0x2810, .name = "late" },
	};
	int i;

	ksplice_ranges_sort(r, ARRAY_SIZE(r));
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x2000);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "long");
	i = ksplice_range_find(r, ARRAY_SIZE(r), 0x2900);
	KUNIT_ASSERT_GE(test, i, 0);
	KUNIT_EXPECT_STREQ(test, r[i].name, "long");
	KUNIT_EXPECT_GE(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x1150), 0);
	KUNIT_EXPECT_EQ(test, ksplice_range_find(r, ARRAY_SIZE(r), 0x3000), -1);
}

static void ksplice_test_scan_stack(struct kunit *test)
{
	struct ksplice_range r[] = {
		{ .start = 0x1000, .end = 0x1100, .name = "old" },
		{ .start = 0x5000, .end = 0x5040, .name = "other" },
	};
	unsigned long stack[8] = {
		0xfff,		/* just below */
		0x1100,		/* just past the end */
		0x4fff,
		0x5040,
		0,
		~0UL,
		0x10ff,		/* the last byte: inside */
		0x1000,		/* the first byte: inside */
	};
	int which = -1;

	ksplice_ranges_sort(r, ARRAY_SIZE(r));

	/* Nothing inside in the first six words. */
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack, stack + 6, r,
						 ARRAY_SIZE(r), &which), -1);
	/* The whole stack: the first hit is word 6. */
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack, stack + 8, r,
						 ARRAY_SIZE(r), &which), 6);
	KUNIT_EXPECT_STREQ(test, r[which].name, "old");
	/* Bounds: the word at @lo counts, the one at @hi does not. */
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack + 7, stack + 8, r,
						 ARRAY_SIZE(r), &which), 0);
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack + 5, stack + 6, r,
						 ARRAY_SIZE(r), &which), -1);
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack, stack, r,
						 ARRAY_SIZE(r), &which), -1);

	/* A word in the second range. */
	stack[2] = 0x503f;
	which = -1;
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack, stack + 8, r,
						 ARRAY_SIZE(r), &which), 2);
	KUNIT_EXPECT_STREQ(test, r[which].name, "other");

	/* No ranges: nothing is ever inside. */
	KUNIT_EXPECT_EQ(test, ksplice_scan_words(stack, stack + 8, r, 0,
						 &which), -1);
}

static struct kunit_case ksplice_stack_cases[] = {
	KUNIT_CASE(ksplice_test_range_bounds),
	KUNIT_CASE(ksplice_test_range_overlap),
	KUNIT_CASE(ksplice_test_scan_stack),
	{}
};

static struct kunit_suite ksplice_stack_suite = {
	.name = "ksplice_stack",
	.test_cases = ksplice_stack_cases,
};
kunit_test_suite(ksplice_stack_suite);
