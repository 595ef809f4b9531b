// SPDX-License-Identifier: GPL-2.0
/*
 * A weak reference to a function nothing may define: the code tests it
 * for NULL, and System.map need not have it.
 */
void lock_wait_begin(void);
void lock_wait_hook(void) __attribute__((weak));

int lock_wait(int *v);
int lock_wait(int *v)
{
	if (lock_wait_hook)
		lock_wait_hook();
	lock_wait_begin();
	return *v;
}
