// SPDX-License-Identifier: GPL-2.0
/* A changed noinstr function is refused by name. */
#define noinstr __attribute__((section(".noinstr.text"), noinline))

int ext(int x);
int enter_idle(int x);

noinstr int enter_idle(int x)
{
	return ext(x) + 2;
}
