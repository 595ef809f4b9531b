// SPDX-License-Identifier: GPL-2.0
/*
 * The fix calls a function another file of the same release adds: the
 * running kernel does not have it (System.map), nor does the update.
 */
void lock_wait_begin(void);

int lock_wait(int *v);
int lock_wait(int *v)
{
	lock_wait_begin();
	return *v;
}
