// SPDX-License-Identifier: GPL-2.0
/* Only __init code changed: refused. */
int setup(void);

__attribute__((section(".init.text"))) int setup(void)
{
	return 2;
}
