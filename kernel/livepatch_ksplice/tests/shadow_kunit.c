// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ksplice shadow-data API.
 *
 * The objects are local variables of the tests: shadow data is keyed by
 * address only, so any pointer does.  Each test frees what it attached,
 * and uses ids no other user of the table has.
 */

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/ksplice.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#define ID_A	0x6b730001UL
#define ID_B	0x6b730002UL

struct shadow_test_ctor {
	int calls;
	int value;
	int ret;
};

static int shadow_test_ctor(void *obj, void *shadow_data, void *ctor_data)
{
	struct shadow_test_ctor *c = ctor_data;

	c->calls++;
	if (c->ret)
		return c->ret;
	*(int *)shadow_data = c->value;
	return 0;
}

struct shadow_test_dtor {
	int calls;
	void *last_obj;
	int sum;
};

static struct shadow_test_dtor shadow_test_dtor_seen;

static void shadow_test_dtor(void *obj, void *shadow_data)
{
	shadow_test_dtor_seen.calls++;
	shadow_test_dtor_seen.last_obj = obj;
	shadow_test_dtor_seen.sum += *(int *)shadow_data;
}

static void ksplice_test_shadow_absent(struct kunit *test)
{
	int obj;

	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj, ID_A));
	/* Freeing what is not there is allowed and does nothing. */
	ksplice_shadow_free(&obj, ID_A, NULL);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj, ID_A));
}

static void ksplice_test_shadow_alloc_get_free(struct kunit *test)
{
	int obj;
	u64 *p, *q;
	int i;

	p = ksplice_shadow_alloc(&obj, ID_A, 8 * sizeof(*p), GFP_KERNEL,
				 NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	/* Zeroed without a constructor, and aligned for any scalar. */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, p[i], 0ULL);
	KUNIT_EXPECT_EQ(test, (unsigned long)p % sizeof(u64), 0UL);
	p[7] = 0x1234;

	q = ksplice_shadow_get(&obj, ID_A);
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	KUNIT_EXPECT_EQ(test, q[7], 0x1234ULL);

	ksplice_shadow_free(&obj, ID_A, NULL);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj, ID_A));
}

static void ksplice_test_shadow_alloc_twice(struct kunit *test)
{
	int obj;
	int *p;

	p = ksplice_shadow_alloc(&obj, ID_A, sizeof(*p), GFP_KERNEL, NULL,
				 NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 7;
	/* A second alloc under the same id is refused, the first stays. */
	KUNIT_EXPECT_NULL(test, ksplice_shadow_alloc(&obj, ID_A, sizeof(*p),
						     GFP_KERNEL, NULL, NULL));
	KUNIT_EXPECT_PTR_EQ(test, ksplice_shadow_get(&obj, ID_A), (void *)p);
	KUNIT_EXPECT_EQ(test, *p, 7);
	ksplice_shadow_free(&obj, ID_A, NULL);
}

static void ksplice_test_shadow_ids_and_objects(struct kunit *test)
{
	int obj1, obj2;
	int *a1, *b1, *a2;

	a1 = ksplice_shadow_alloc(&obj1, ID_A, sizeof(int), GFP_KERNEL, NULL,
				  NULL);
	b1 = ksplice_shadow_alloc(&obj1, ID_B, sizeof(int), GFP_KERNEL, NULL,
				  NULL);
	a2 = ksplice_shadow_alloc(&obj2, ID_A, sizeof(int), GFP_KERNEL, NULL,
				  NULL);
	KUNIT_ASSERT_NOT_NULL(test, a1);
	KUNIT_ASSERT_NOT_NULL(test, b1);
	KUNIT_ASSERT_NOT_NULL(test, a2);
	KUNIT_EXPECT_PTR_NE(test, a1, b1);
	KUNIT_EXPECT_PTR_NE(test, a1, a2);

	/* Freeing one (object, id) leaves the others. */
	ksplice_shadow_free(&obj1, ID_A, NULL);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj1, ID_A));
	KUNIT_EXPECT_PTR_EQ(test, ksplice_shadow_get(&obj1, ID_B), (void *)b1);
	KUNIT_EXPECT_PTR_EQ(test, ksplice_shadow_get(&obj2, ID_A), (void *)a2);

	ksplice_shadow_free(&obj1, ID_B, NULL);
	ksplice_shadow_free(&obj2, ID_A, NULL);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj1, ID_B));
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj2, ID_A));
}

static void ksplice_test_shadow_ctor(struct kunit *test)
{
	struct shadow_test_ctor c = { .value = 42 };
	int obj;
	int *p;

	p = ksplice_shadow_alloc(&obj, ID_A, sizeof(*p), GFP_KERNEL,
				 shadow_test_ctor, &c);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, c.calls, 1);
	KUNIT_EXPECT_EQ(test, *p, 42);
	ksplice_shadow_free(&obj, ID_A, NULL);

	/* A constructor that fails: nothing is attached. */
	c.ret = -EINVAL;
	KUNIT_EXPECT_NULL(test, ksplice_shadow_alloc(&obj, ID_A, sizeof(*p),
						     GFP_KERNEL,
						     shadow_test_ctor, &c));
	KUNIT_EXPECT_EQ(test, c.calls, 2);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj, ID_A));
}

static void ksplice_test_shadow_get_or_alloc(struct kunit *test)
{
	struct shadow_test_ctor c = { .value = 5 };
	int obj;
	int *p, *q;

	p = ksplice_shadow_get_or_alloc(&obj, ID_A, sizeof(*p), GFP_KERNEL,
					shadow_test_ctor, &c);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, *p, 5);
	KUNIT_EXPECT_EQ(test, c.calls, 1);
	*p = 6;

	/* There already: the same data, and no second construction. */
	c.value = 99;
	q = ksplice_shadow_get_or_alloc(&obj, ID_A, sizeof(*q), GFP_KERNEL,
					shadow_test_ctor, &c);
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	KUNIT_EXPECT_EQ(test, *q, 6);
	KUNIT_EXPECT_EQ(test, c.calls, 1);
	ksplice_shadow_free(&obj, ID_A, NULL);
}

static void ksplice_test_shadow_dtor(struct kunit *test)
{
	int obj;
	int *p;

	memset(&shadow_test_dtor_seen, 0, sizeof(shadow_test_dtor_seen));
	p = ksplice_shadow_alloc(&obj, ID_A, sizeof(*p), GFP_KERNEL, NULL,
				 NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 11;
	ksplice_shadow_free(&obj, ID_A, shadow_test_dtor);
	KUNIT_EXPECT_EQ(test, shadow_test_dtor_seen.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, shadow_test_dtor_seen.last_obj, (void *)&obj);
	KUNIT_EXPECT_EQ(test, shadow_test_dtor_seen.sum, 11);

	/* Not there any more: the destructor is not called again. */
	ksplice_shadow_free(&obj, ID_A, shadow_test_dtor);
	KUNIT_EXPECT_EQ(test, shadow_test_dtor_seen.calls, 1);
}

static void ksplice_test_shadow_free_all(struct kunit *test)
{
	int objs[20];
	int *p;
	int i;

	memset(&shadow_test_dtor_seen, 0, sizeof(shadow_test_dtor_seen));
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		p = ksplice_shadow_alloc(&objs[i], ID_A, sizeof(*p),
					 GFP_KERNEL, NULL, NULL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		*p = i;
	}
	p = ksplice_shadow_alloc(&objs[0], ID_B, sizeof(*p), GFP_KERNEL,
				 NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 1000;

	ksplice_shadow_free_all(ID_A, shadow_test_dtor);
	/* Every object's ID_A data, each once; ID_B untouched. */
	KUNIT_EXPECT_EQ(test, shadow_test_dtor_seen.calls,
			(int)ARRAY_SIZE(objs));
	KUNIT_EXPECT_EQ(test, shadow_test_dtor_seen.sum, 19 * 20 / 2);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&objs[i], ID_A));
	KUNIT_EXPECT_PTR_EQ(test, ksplice_shadow_get(&objs[0], ID_B),
			    (void *)p);

	ksplice_shadow_free_all(ID_B, NULL);
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&objs[0], ID_B));
}

static DEFINE_SPINLOCK(shadow_test_lock);

/* GFP_ATOMIC is honoured: allocation and lookup with a spinlock held. */
static void ksplice_test_shadow_atomic(struct kunit *test)
{
	int obj;
	int *p, *q;

	spin_lock(&shadow_test_lock);
	p = ksplice_shadow_get_or_alloc(&obj, ID_A, sizeof(*p), GFP_ATOMIC,
					NULL, NULL);
	if (p)
		*p = 3;
	q = ksplice_shadow_get(&obj, ID_A);
	spin_unlock(&shadow_test_lock);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	KUNIT_EXPECT_EQ(test, *q, 3);

	rcu_read_lock();
	ksplice_shadow_free(&obj, ID_A, NULL);
	rcu_read_unlock();
	KUNIT_EXPECT_NULL(test, ksplice_shadow_get(&obj, ID_A));
}

/* Many objects in the table at once: every one finds its own data. */
static void ksplice_test_shadow_many(struct kunit *test)
{
	const int n = 5000;
	unsigned long *objs;
	unsigned long *p;
	int i, wrong = 0;

	objs = kunit_kcalloc(test, n, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < n; i++) {
		p = ksplice_shadow_alloc(&objs[i], ID_A, sizeof(*p),
					 GFP_KERNEL, NULL, NULL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		*p = i;
	}
	for (i = 0; i < n; i++) {
		p = ksplice_shadow_get(&objs[i], ID_A);
		if (!p || *p != i)
			wrong++;
	}
	KUNIT_EXPECT_EQ(test, wrong, 0);
	for (i = 0; i < n; i += 2)
		ksplice_shadow_free(&objs[i], ID_A, NULL);
	for (i = 0; i < n; i++) {
		p = ksplice_shadow_get(&objs[i], ID_A);
		if ((i % 2 == 0) != !p)
			wrong++;
	}
	KUNIT_EXPECT_EQ(test, wrong, 0);
	ksplice_shadow_free_all(ID_A, NULL);
	for (i = 0; i < n; i++)
		if (ksplice_shadow_get(&objs[i], ID_A))
			wrong++;
	KUNIT_EXPECT_EQ(test, wrong, 0);
}

static struct kunit_case ksplice_shadow_cases[] = {
	KUNIT_CASE(ksplice_test_shadow_absent),
	KUNIT_CASE(ksplice_test_shadow_alloc_get_free),
	KUNIT_CASE(ksplice_test_shadow_alloc_twice),
	KUNIT_CASE(ksplice_test_shadow_ids_and_objects),
	KUNIT_CASE(ksplice_test_shadow_ctor),
	KUNIT_CASE(ksplice_test_shadow_get_or_alloc),
	KUNIT_CASE(ksplice_test_shadow_dtor),
	KUNIT_CASE(ksplice_test_shadow_free_all),
	KUNIT_CASE(ksplice_test_shadow_atomic),
	KUNIT_CASE(ksplice_test_shadow_many),
	{}
};

static struct kunit_suite ksplice_shadow_suite = {
	.name = "ksplice_shadow",
	.test_cases = ksplice_shadow_cases,
};
kunit_test_suite(ksplice_shadow_suite);
