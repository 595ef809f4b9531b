// SPDX-License-Identifier: GPL-2.0
/*
 * Structures whose layout changes with no instance the running kernel
 * could hold: one lives only by value in a frame of the replaced code,
 * one is new, one only had its trailing comment changed.  No refusal.
 */
struct span {
	int lo;
	int hi;
};

struct stats {
	long hits;	/* counted */
};

long width(int a, int b, struct stats *st);
long width(int a, int b, struct stats *st)
{
	struct span s = { a, b };

	st->hits++;
	return (long)s.hi - s.lo;
}
