// SPDX-License-Identifier: GPL-2.0
/*
 * The fix inlines the static function: the new code reads both statics,
 * which the running code names only through the anchor.
 */
int once_hits;
int first(int v);

static inline __attribute__((always_inline)) void note_once(int v)
{
	static int calls;
	static int done;

	calls++;
	if (!done && v < 0) {
		done = 1;
		once_hits += calls;
	}
}

int first(int v)
{
	note_once(v);
	return v + 2;
}
