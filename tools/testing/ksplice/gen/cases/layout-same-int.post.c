// SPDX-License-Identifier: GPL-2.0
/*
 * A field's type spelled another way: unsigned long becomes a typedef
 * of unsigned long long, of the same size and sign on a 64-bit arch,
 * and a count's typedef becomes the type it names.  The bits an old
 * instance holds mean what they meant: no refusal.
 */
typedef unsigned long long u64;

struct memcg {
	u64 pressure;
	unsigned int users;
	int id;
};

unsigned long memcg_pressure(struct memcg *m);
unsigned long memcg_pressure(struct memcg *m)
{
	return m->pressure + m->users + 1;
}
