// SPDX-License-Identifier: GPL-2.0
/*
 * gcc clones compute(): in pre IPA-SRA passes p->a instead of p
 * (compute.isra.0); in post a constant is also propagated into it
 * (compute.constprop.0.isra.0), and its code changes: it must be
 * reported as one changed function, not as new + deleted.
 */
struct pair {
	int a, b;
};

static __attribute__((noinline)) int compute(const struct pair *p)
{
	return p->a * 3 + 1;
}

int api(struct pair *p)
{
	return compute(p) + compute(p + 1);
}
