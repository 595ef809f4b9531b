// SPDX-License-Identifier: GPL-2.0
/*
 * A field added to a structure that an operations table's function
 * pointer takes: refused, naming a function that uses the structure.
 * GCC 12 writes a BTF function record without a name for the function
 * pointer's prototype; the error must name a real function instead.
 */
struct conn {
	int state;
	long sent;
	long received;
};

struct conn_ops {
	int (*poll)(struct conn *c);
};

int conn_poll(struct conn *c);
int conn_poll(struct conn *c)
{
	return c->state + (int)c->received;
}

const struct conn_ops conn_ops = { .poll = conn_poll };
