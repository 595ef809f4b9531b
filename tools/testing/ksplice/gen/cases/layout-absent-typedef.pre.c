// SPDX-License-Identifier: GPL-2.0
/*
 * As layout-absent, with a nameless structure a typedef names: the fix
 * starts to use conn_t, whose running layout another object has.
 */
long conn_tid(void *c, long fallback);
long conn_tid(void *c, long fallback)
{
	return c ? fallback + 1 : fallback;
}
