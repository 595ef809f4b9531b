// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit test of a kernel without the ksplice core: it says why the
 * core is off and is skipped, so that a KUnit run of
 * kernel/livepatch_ksplice on such a kernel (UML, or any architecture
 * without HAVE_KSPLICE) reports ksplice unavailable rather than passing
 * or failing.
 */

#include <kunit/test.h>
#include <linux/kconfig.h>

static const char *ksplice_unavailable_why(void)
{
	if (!IS_ENABLED(CONFIG_HAVE_KSPLICE))
		return "no jump code for this architecture (no HAVE_KSPLICE)";
	if (!IS_ENABLED(CONFIG_MODULES) || !IS_ENABLED(CONFIG_KALLSYMS_ALL))
		return "KSPLICE needs MODULES and KALLSYMS_ALL";
	return "CONFIG_KSPLICE is off";
}

static void ksplice_test_available(struct kunit *test)
{
	kunit_skip(test, "ksplice unavailable: %s", ksplice_unavailable_why());
}

static struct kunit_case ksplice_unavailable_cases[] = {
	KUNIT_CASE(ksplice_test_available),
	{}
};

static struct kunit_suite ksplice_unavailable_suite = {
	.name = "ksplice_unavailable",
	.test_cases = ksplice_unavailable_cases,
};

kunit_test_suite(ksplice_unavailable_suite);
