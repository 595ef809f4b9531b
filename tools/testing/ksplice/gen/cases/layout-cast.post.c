// SPDX-License-Identifier: GPL-2.0
/*
 * A structure the code reaches only through a cast of another type's
 * pointer, as inet_sk() and container_of() do: no pointer to it, no
 * variable and no prototype names it in BTF.  Its instances are the
 * running kernel's all the same; a field added at its end is refused.
 */
struct base {
	long id;
};

struct outer {
	struct base b;
	long flags;
	long extra;
};

#define outer_of(p) ((struct outer *)(p))

long outer_flags(struct base *b);
long outer_flags(struct base *b)
{
	return outer_of(b)->flags | outer_of(b)->extra;
}
