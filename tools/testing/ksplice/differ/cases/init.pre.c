// SPDX-License-Identifier: GPL-2.0
/* An __init function changes (kernel: section .init.text). */
#define __init __attribute__((section(".init.text"), noinline))

int setting;

static int __init parse_setting(int v)
{
	setting = v * 2;
	return 0;
}

int __init early_setup(int v)
{
	return parse_setting(v);
}

int api(void)
{
	return setting;
}
