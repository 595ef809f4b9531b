// SPDX-License-Identifier: GPL-2.0
/*
 * A structure with no name of its own, named by a typedef (as atomic_t
 * is): its layout is checked under the typedef's name.
 */
typedef struct {
	int limit;
	int counter;
} count_t;

int count_read(count_t *c);
int count_read(count_t *c)
{
	return c->counter < c->limit ? c->counter : c->limit;
}
