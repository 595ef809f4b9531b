// SPDX-License-Identifier: GPL-2.0
/* A static function disappears; its caller changes. */
int api(int x)
{
	return x * 12 + 1;
}
