// SPDX-License-Identifier: GPL-2.0
/* A new static function, called from a changed one. */
int api(int x, int y)
{
	return x + y;
}
