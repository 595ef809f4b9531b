// SPDX-License-Identifier: GPL-2.0
/*
 * Static locals with several owners: an inlined helper's "seen" belongs
 * to every caller.  post adds a second inlined helper with its own
 * "seen", called from record() and from a new function: untouched
 * functions (count, tally) stay unchanged, each keeps its own variable,
 * and only record(), which now calls both helpers, changes.
 */
extern void act(int v);

static inline __attribute__((always_inline)) void mark(int v)
{
	static int seen;

	seen -= v;
	act(seen);
}

void audit(int v)
{
	mark(v);
}

static inline __attribute__((always_inline)) void note(int v)
{
	static int seen;

	seen += v;
	act(seen);
}

void count(int v)
{
	note(v);
}

void record(int v)
{
	mark(v);
	note(v + 1);
}

void tally(void)
{
	static int seen;

	act(++seen);
}
