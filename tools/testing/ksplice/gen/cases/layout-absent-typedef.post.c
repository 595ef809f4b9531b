// SPDX-License-Identifier: GPL-2.0
/*
 * As layout-absent, with a nameless structure a typedef names: the fix
 * starts to use conn_t, whose running layout another object has.
 */
typedef struct {
	long id;
	long retries;
} conn_t;

long conn_tid(void *c, long fallback);
long conn_tid(void *c, long fallback)
{
	conn_t *cn = c;

	return cn ? cn->id + cn->retries : fallback;
}
