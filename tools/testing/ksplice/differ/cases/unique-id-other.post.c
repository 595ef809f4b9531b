// SPDX-License-Identifier: GPL-2.0
/*
 * As unique-id-string, the counter shifted by ten in post, and the
 * array's text also changes where it is not a counter (128 becomes
 * 127): the array is changed data; the function's string is not.
 */
#if 1 /* SHIFT: a header uses the counter ten times more */
enum { h0 = __COUNTER__, h1 = __COUNTER__, h2 = __COUNTER__, h3 = __COUNTER__,
	h4 = __COUNTER__, h5 = __COUNTER__, h6 = __COUNTER__, h7 = __COUNTER__,
	h8 = __COUNTER__, h9 = __COUNTER__ };
#endif

#define PASTE_(a, b) a##b
#define PASTE(a, b) PASTE_(a, b)
#define UNIQUE_ID(p) PASTE(__UNIQUE_ID_, PASTE(p, __COUNTER__))
#define STR_(x) #x
#define STR(x) STR_(x)
#define MIN_(a, b, x, y) ({ int x = (a); int y = (b); x < y ? x : y; })
#define MIN(a, b) MIN_(a, b, UNIQUE_ID(x_), UNIQUE_ID(y_))

char print_fmt_demo[] = STR(MIN(REC->nents, 127));

const char *fmt_of(void)
{
	return STR(MIN(REC->ents, 64));
}
