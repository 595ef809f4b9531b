// SPDX-License-Identifier: GPL-2.0
/*
 * Two fields swapped inside an anonymous struct: the container keeps
 * its size and its own fields, but the new code reads the running
 * kernel's instances at other offsets.  Refused, naming the field.
 */
struct pair {
	long total;
	struct {
		int hi;
		int lo;
	};
};

int pair_hi(struct pair *p);
int pair_hi(struct pair *p)
{
	return p->hi;
}
