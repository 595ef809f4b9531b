// SPDX-License-Identifier: GPL-2.0
/*
 * ARM: an out-of-line static function with two statics of one section,
 * which the code compiled as the running kernel was reaches through a
 * section anchor.
 */
int once_hits;
int first(int v);

static __attribute__((noinline)) void note_once(int v)
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
	return v + 1;
}
