// SPDX-License-Identifier: GPL-2.0
/*
 * A static function with a once-flag, out of line: its callers call it,
 * and only its own code refers to the flag.
 */
int once_hits;
int first(int v);
int second(int v);

static __attribute__((noinline)) void note_once(int v)
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
	return v + 2;
}
