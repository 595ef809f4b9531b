// SPDX-License-Identifier: GPL-2.0
/* Adds a global function that another object of the update calls. */
int other(int x);
int other(int x)
{
	return x + 2;
}
char *kp_string(void);
char *kp_string(void)
{
	return "kpatch";
}
