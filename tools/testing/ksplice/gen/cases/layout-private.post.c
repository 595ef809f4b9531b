// SPDX-License-Identifier: GPL-2.0
/*
 * Structures whose layout changes with no instance the running kernel
 * could hold: one lives only by value in a frame of the replaced code,
 * one is new, one only had its trailing comment changed.  No refusal.
 */
struct span {
	int lo;
	int mid;
	int hi;
};

struct stats {
	long hits;	/* counted, never reset */
};

struct extra {
	int scale;
};

long width(int a, int b, struct stats *st, struct extra *e);
long width(int a, int b, struct stats *st, struct extra *e)
{
	struct span s = { a, (a + b) / 2, b };

	st->hits++;
	return ((long)s.hi - s.lo + s.mid) * (e ? e->scale : 1);
}
