// SPDX-License-Identifier: GPL-2.0
/*
 * gcc clones compute(): in pre IPA-SRA passes p->a instead of p
 * (compute.isra.0); in post a constant is also propagated into it
 * (compute.constprop.0.isra.0).  The code is the same: matched by
 * canonical name, nothing changed.
 */
struct pair {
	int a, b;
};

static __attribute__((noinline)) int compute(const struct pair *p, int k)
{
	return p->a * 3 + k;
}

int api(struct pair *p)
{
	return compute(p, 1) + compute(p + 1, 1);
}
