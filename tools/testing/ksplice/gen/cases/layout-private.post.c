// SPDX-License-Identifier: GPL-2.0
/*
 * Structures whose layout the running kernel cannot hold: one is new,
 * one only had its trailing comment changed.  No refusal.
 */
struct stats {
	long hits;	/* counted, never reset */
};

struct extra {
	int scale;
};

long width(int a, int b, struct stats *st, struct extra *e);
long width(int a, int b, struct stats *st, struct extra *e)
{
	st->hits++;
	return ((long)b - a) * (e ? e->scale : 1);
}
