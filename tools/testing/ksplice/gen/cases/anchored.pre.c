// SPDX-License-Identifier: GPL-2.0
/*
 * Static data of one file that 32-bit ARM reaches through a section
 * anchor when the file is compiled as the kernel is (no
 * -fdata-sections): the running code loads counts[] at an offset from
 * the anchor, the pre object's (-fdata-sections) from counts itself.
 * anchored-grow.post.c: the fix adds a static, compiled with anchors.
 */
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
	return counts[0] + counts[1] + counts[2] + first_seen;
}
