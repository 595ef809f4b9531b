// SPDX-License-Identifier: GPL-2.0
/* A function split by gcc: foo.cold goes with foo. */
__attribute__((cold)) void report(int x);
extern int g;
int f(int x);
int f(int x)
{
	if (__builtin_expect(x == 42, 0)) {
		report(x);
		report(x + 1);
		g += x * 3;
		return -1;
	}
	return x * 2 + g;
}
