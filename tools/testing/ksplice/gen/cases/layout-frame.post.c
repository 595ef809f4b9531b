// SPDX-License-Identifier: GPL-2.0
/*
 * A structure that lives only by value in a frame of the replaced code.
 * BTF cannot show that no pointer to it is ever formed (it records no
 * local and no cast), so its new layout is refused all the same.
 */
struct span {
	int lo;
	int mid;
	int hi;
};

long width(int a, int b);
long width(int a, int b)
{
	struct span s = { a, (a + b) / 2, b };

	return (long)s.hi - s.lo + s.mid;
}
