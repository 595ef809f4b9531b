// SPDX-License-Identifier: GPL-2.0
/* In a module: references to its own symbols name the module. */
int exported(int x);
int in_other_file(int x);
static int state;
int f(int x);

int f(int x)
{
	state++;
	return exported(x) + in_other_file(x) + state;
}
