// SPDX-License-Identifier: GPL-2.0
/*
 * A field added in the middle of a structure that the running kernel
 * has instances of (other code holds pointers to them): refused, naming
 * the structure, the field and a function that uses it.  The new type
 * next to it, and the private one that only lives in one function's
 * frame, are no reason to refuse.
 */
struct conn {
	int state;
	long sent;
	long received;
};

int conn_poll(struct conn *c);
int conn_poll(struct conn *c)
{
	return c->state + (int)c->received;
}
