// SPDX-License-Identifier: GPL-2.0
/*
 * A pointer one byte past its string's end and beyond, as a loop's
 * bound: the assembler keeps it as the string's label plus an addend
 * (.Lks_flags+10), and the linker adds the addend to wherever it put
 * that string.  Run-pre matching must compare the label's string, not
 * the one that happens to follow it in this object.
 */
asm(".pushsection .rodata.str1.1,\"aMS\",@progbits,1\n"
    ".Lks_flags: .string \" flags \"\n"
    ".Lks_io: .string \"io \"\n"
    ".popsection\n");

unsigned long flags_end(void);

unsigned long flags_end(void)
{
	unsigned long p;

	asm("movq $.Lks_flags+10, %0" : "=r"(p));
	return p;
}
