// SPDX-License-Identifier: GPL-2.0
/*
 * The fix makes the compiler inline the static function into both
 * callers: their new code refers to its once-flag, which in the running
 * kernel only the old out-of-line copy refers to.
 */
int once_hits;
int first(int v);
int second(int v);

static inline __attribute__((always_inline)) void note_once(int v)
{
	static int done;

	if (!done && v < 0) {
		done = 1;
		once_hits++;
	}
}

int first(int v)
{
	note_once(v);
	return v + 1;
}

int second(int v)
{
	note_once(v);
	return v + 3;
}
