// SPDX-License-Identifier: GPL-2.0
/*
 * __LINE__ passed to functions that take a line number, with no bug
 * table entry: might_sleep() and ARM's WARN() (warn_slowpath_fmt, whose
 * call is far from the line's load).  #line makes the lines 1551 and
 * 4770 in pre, 1552 and 4773 in post: on ARM, 1551 needs a movw while
 * 1552 fits a mov with a rotated immediate.  Both are lineno-only.  The
 * same 1551 -> 1552 change passed to an ordinary function is a change.
 */
extern void __might_sleep(const char *file, int line);
extern void warn_slowpath_fmt(const char *file, const int line,
			      unsigned int taint, const char *fmt, ...);
extern void set_limit(int limit);

int sleepy(int x)
{
#line 1551
	__might_sleep("sleepy.c", __LINE__);
	return x + 1;
}

int warned(int x, const char *a, const char *b)
{
	if (x > 3)
#line 4770
		warn_slowpath_fmt("warned.c", __LINE__, 9, "%s: %s %s %d\n",
				  __func__, a, b, x);
	return x;
}

void constant(void)
{
	set_limit(1551);
}
