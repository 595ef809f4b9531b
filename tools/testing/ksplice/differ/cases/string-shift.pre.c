// SPDX-License-Identifier: GPL-2.0
/*
 * gcc puts the literal of the inlined say() once, in f()'s string
 * section (.rodata.f.str1.1), and g() points into that section too.  A
 * string added in f() shifts that offset: g() must stay unchanged.
 */
extern int printf(const char *, ...);

static inline void say(int n)
{
	printf("shared %d\n", n);
}

void f(int n)
{
	printf("f says %d\n", n);
	say(n);
}

void g(int n)
{
	say(n);
	printf("g says %d\n", n);
}
