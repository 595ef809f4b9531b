// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled without -fdata-sections (anchor-layout.flags), as the kernel
 * is: 32-bit ARM reaches these statics through one section anchor.  The
 * fix adds a static before them, so every offset from the anchor moves:
 * the differ names the section whose layout anchored code depends on.
 */
static int reads;
static int first_seen;
static unsigned long counts[3];

void anchored_bump(unsigned long v)
{
	first_seen = 1;
	counts[0] += v;
	counts[2] += v;
}

unsigned long anchored_read(void)
{
	reads++;
	return counts[0] + counts[1] + counts[2] + first_seen;
}
