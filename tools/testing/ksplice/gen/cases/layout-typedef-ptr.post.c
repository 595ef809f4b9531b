// SPDX-License-Identifier: GPL-2.0
/*
 * A pointer field turned to another nameless structure of the same
 * size, told apart only by its typedef: the running kernel's instances
 * point to the old kind.  Refused.
 */
typedef struct {
	int a;
	long b;
} pair_t;

typedef struct {
	long c;
	int d;
} span_t;

struct holder {
	span_t *p;
};

long holder_get(struct holder *h);
long holder_get(struct holder *h)
{
	return h->p ? 2 : 0;
}
