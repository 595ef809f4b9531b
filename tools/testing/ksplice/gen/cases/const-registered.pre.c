// SPDX-License-Identifier: GPL-2.0
/*
 * A constant table reached only through a structure the kernel keeps
 * a pointer to (registered at boot): changing the table changes nothing
 * the running kernel reads, so it is refused, naming the table.
 */
struct ops {
	const int *limits;
	int (*pick)(const struct ops *o, unsigned int i);
};

int register_ops(const struct ops *o);
int pick(const struct ops *o, unsigned int i);

static const int limits[4] = { 16, 32, 64, 128 };

int pick(const struct ops *o, unsigned int i)
{
	return o->limits[i & 3];
}

static const struct ops my_ops = {
	.limits = limits,
	.pick = pick,
};

int setup(void);
int setup(void)
{
	return register_ops(&my_ops);
}
