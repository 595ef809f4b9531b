// SPDX-License-Identifier: GPL-2.0
/*
 * Structures whose layout the running kernel cannot hold: one is new,
 * one only had its trailing comment changed.  No refusal.
 */
struct stats {
	long hits;	/* counted */
};

long width(int a, int b, struct stats *st);
long width(int a, int b, struct stats *st)
{
	st->hits++;
	return (long)b - a;
}
