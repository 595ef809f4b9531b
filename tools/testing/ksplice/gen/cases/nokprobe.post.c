// SPDX-License-Identifier: GPL-2.0
/*
 * A changed function that kprobes may not probe (NOKPROBE_SYMBOL) is
 * refused by name; with -DOTHER only its neighbour changes, and the
 * update is built.
 */
#define NOKPROBE_SYMBOL(fname) \
	static unsigned long __attribute__((used, section("_kprobe_blacklist"))) \
	_kbl_addr_##fname = (unsigned long)fname

int ext(int x);
int fault_path(int x);
int other(int x);

__attribute__((noinline)) int fault_path(int x)
{
#ifdef OTHER
	return ext(x) + 1;
#else
	return ext(x) + 2;
#endif
}
NOKPROBE_SYMBOL(fault_path);

int other(int x)
{
#ifdef OTHER
	return ext(x) * 5;
#else
	return ext(x) * 3;
#endif
}
