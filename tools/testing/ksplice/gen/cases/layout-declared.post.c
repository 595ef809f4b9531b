// SPDX-License-Identifier: GPL-2.0
/*
 * A structure the running code of this object only declares; the fix
 * defines it here (a header it now includes, a field it adds) and reads
 * it.  Its old layout is in no object of the update: refused.
 */
struct conn {
	long id;
	long retries;
};

long conn_id(struct conn *c, long fallback);
long conn_id(struct conn *c, long fallback)
{
	return c ? c->id + c->retries : fallback;
}
