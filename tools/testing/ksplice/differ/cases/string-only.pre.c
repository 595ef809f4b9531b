// SPDX-License-Identifier: GPL-2.0
/* Only a format string changes: .rodata.*.str1.1 content. */
extern int printf(const char *, ...);

void greet(int n)
{
	printf("hello %d\n", n);
}

void other(int n)
{
	printf("other %d\n", n);
}
