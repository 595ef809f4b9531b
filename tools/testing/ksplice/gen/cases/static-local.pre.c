// SPDX-License-Identifier: GPL-2.0
/* A changed function keeps using the running kernel's static local. */
int count(int step);

int count(int step)
{
	static int counter;

	counter += step;
	return counter;
}

int other_count(void);
int other_count(void)
{
	static int counter = 5;

	return counter++;
}
