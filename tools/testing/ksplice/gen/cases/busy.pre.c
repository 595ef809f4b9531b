// SPDX-License-Identifier: GPL-2.0
/*
 * A change to the scheduler's switch, which every sleeping task is
 * inside, is refused in vmlinux's kernel/sched/core.o; a function of the
 * same name elsewhere is built.
 */
int ext(int x);
int __schedule(int x);

__attribute__((noinline)) int __schedule(int x)
{
	return ext(x) + 1;
}
