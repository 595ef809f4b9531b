// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ksplice core registry.
 */

#include <kunit/test.h>
#include <linux/ksplice.h>
#include <linux/kobject.h>
#include <linux/string.h>

#include "../ksplice_internal.h"

static void ksplice_test_root_kobj(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, ksplice_root_kobj);
	KUNIT_EXPECT_STREQ(test, kobject_name(ksplice_root_kobj), "ksplice");
	KUNIT_EXPECT_PTR_EQ(test, ksplice_root_kobj->parent, kernel_kobj);
}

static void ksplice_test_name_valid(struct kunit *test)
{
	char longest[KSPLICE_NAME_MAX + 2];

	KUNIT_EXPECT_TRUE(test, ksplice_name_valid("fix"));
	KUNIT_EXPECT_TRUE(test, ksplice_name_valid("meminfo_string_2"));
	KUNIT_EXPECT_FALSE(test, ksplice_name_valid(""));
	KUNIT_EXPECT_FALSE(test, ksplice_name_valid("fix-1"));
	KUNIT_EXPECT_FALSE(test, ksplice_name_valid("a/b"));
	KUNIT_EXPECT_FALSE(test, ksplice_name_valid("fix\n"));

	memset(longest, 'a', KSPLICE_NAME_MAX);
	longest[KSPLICE_NAME_MAX] = '\0';
	KUNIT_EXPECT_TRUE(test, ksplice_name_valid(longest));
	longest[KSPLICE_NAME_MAX] = 'a';
	longest[KSPLICE_NAME_MAX + 1] = '\0';
	KUNIT_EXPECT_FALSE(test, ksplice_name_valid(longest));
}

static struct kunit_case ksplice_core_cases[] = {
	KUNIT_CASE(ksplice_test_root_kobj),
	KUNIT_CASE(ksplice_test_name_valid),
	{}
};

static struct kunit_suite ksplice_core_suite = {
	.name = "ksplice_core",
	.test_cases = ksplice_core_cases,
};
kunit_test_suite(ksplice_core_suite);
