// SPDX-License-Identifier: GPL-2.0
/*
 * The running code of this object does not use struct conn at all; the
 * fix starts to (a header it now includes, a field the same patch adds
 * there) and reads it.  Its old layout is in no object of the update,
 * only in the objects the patch reaches (--layout-refs), if any.
 */
struct conn {
	long id;
	long retries;
};

long conn_id(void *c, long fallback);
long conn_id(void *c, long fallback)
{
	struct conn *cn = c;

	return cn ? cn->id + cn->retries : fallback;
}
