// SPDX-License-Identifier: GPL-2.0
/*
 * Another object that uses conn_t, for layout-absent-typedef: the
 * running kernel's layout, without the field the fix adds.
 */
typedef struct {
	long id;
} conn_t;

long conn_t_get(conn_t *c);
long conn_t_get(conn_t *c)
{
	return c->id;
}
