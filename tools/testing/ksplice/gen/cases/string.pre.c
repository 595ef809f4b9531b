// SPDX-License-Identifier: GPL-2.0
/* A string change in a static function that calls an exported function. */
int seq_printf(void *m, const char *fmt, ...);
int other(void *m);

static int show(void *m)
{
	return seq_printf(m, "%d %d\n", 1, 2);
}

int other(void *m)
{
	return seq_printf(m, "other\n");
}

void *show_ptr = show;
