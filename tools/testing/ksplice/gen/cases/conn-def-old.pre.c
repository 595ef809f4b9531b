// SPDX-License-Identifier: GPL-2.0
/*
 * Another object of the update that defines struct conn, for
 * layout-declared: its pre side holds the running kernel's layout
 * (the old one here, and its post side is left as it was).
 */
struct conn {
	long id;
};

long conn_get(struct conn *c);
long conn_get(struct conn *c)
{
	return c->id;
}
