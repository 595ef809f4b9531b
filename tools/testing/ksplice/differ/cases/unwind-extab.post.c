// SPDX-License-Identifier: GPL-2.0
/*
 * A changed function whose unwind information does not fit in its
 * .ARM.exidx entry (many saved registers, VFP registers, a big frame):
 * on ARM it also has an .ARM.extab section, which the entry refers to.
 */
extern void use(int *p, double d);
extern int ext(int v);

int unwound(int a, int b, int c, int d, double e)
{
	int buf[300];
	int x0 = ext(a), x1 = ext(b), x2 = ext(c), x3 = ext(d);
	int x4 = ext(a - b), x5 = ext(c + d), x6 = ext(a * d), x7 = ext(b * c);
	double f = e * 3.0, g = e + 1.5;

	use(buf, f);
	use(buf, g);
	return x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + buf[0] + (int)(f * g);
}

int other(int x)
{
	return x - 1;
}
