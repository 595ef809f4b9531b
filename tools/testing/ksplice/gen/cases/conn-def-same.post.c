// SPDX-License-Identifier: GPL-2.0
/*
 * Another object of the update that defines struct conn, for
 * layout-declared: its pre side holds the running kernel's layout.
 */
struct conn {
	long id;
	long retries;
};

long conn_get(struct conn *c);
long conn_get(struct conn *c)
{
	return c->id;
}
