/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 64 KiB of text that never runs, for the updates of core-far-arm.sh.
 * Once the kst_fill modules (tools/testing/ksplice/modules/fill) have
 * filled the module area to within a few pages, the update's text does
 * not fit in what is left (nor in the holes that freed init sections
 * leave): the loader puts it in the vmalloc area, out of a branch's
 * reach of the kernel, and the core needs the 8-byte jump.
 */
asm(".pushsection .text\n\t"
	".space 65536\n\t"
	".popsection");
