// SPDX-License-Identifier: GPL-2.0
/*
 * One-byte static flags packed in one section, like the kernel's
 * __already_done flags in .data..once.  On x86 "cmpb $0, done(%rip)"
 * and "movb $1, done(%rip)" have an immediate after the displacement,
 * so the relocation's addend is done - 5, not done - 4: the differ must
 * still name second()'s flag, not its neighbour.
 */
#define __once __attribute__((section(".data..once")))

extern void act(int what);

void first(void)
{
	static _Bool __once done;

	if (!done) {
		done = 1;
		act(1);
	}
}

void second(void)
{
	static _Bool __once done;

	if (!done) {
		done = 1;
		act(22);
	}
}

void third(void)
{
	static _Bool __once done;

	if (!done) {
		done = 1;
		act(3);
	}
}
