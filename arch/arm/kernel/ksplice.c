// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice jump code for 32-bit ARM (ARM mode): the architecture hooks the
 * ksplice core (kernel/livepatch_ksplice/) uses to redirect a function and
 * to write relocations into update modules.
 *
 * The jump goes at the function's entry: "b new" when the new code is
 * within the reach of a branch (+-32 MiB from the PC, which reads 8 bytes
 * ahead), else "ldr pc, [pc, #-4]" and the new code's address as a
 * literal word right after it.  Update modules normally sit in the 16 MiB
 * module area just below the kernel, so the branch is the usual case; the
 * 8-byte form is for modules that the loader had to put in the vmalloc
 * area (ARM_MODULE_PLTS) and for targets in far-away modules.
 *
 * Unlike x86's __fentry__, ARM's ftrace site is not at the entry: GCC
 * emits "push {lr}; bl __gnu_mcount_nc" after the function's prologue
 * (which pushes registers and sets up the frame), and dynamic ftrace
 * swaps the bl for "add sp, sp, #4" and back.  Jumping after the site,
 * as x86 does, would run the prologue twice, so the jump replaces the
 * first instruction(s), and the old function's ftrace site becomes dead
 * code: tracing by name still works, through the new function's own site
 * in the update module.  What must never happen is that the jump takes
 * bytes that ftrace (or a jump label) rewrites later: ftrace would find
 * unexpected bytes and disable itself, or write a call into the middle
 * of the jump.  The 4-byte branch cannot meet the ftrace site (at least
 * the push precedes it); the 8-byte form can, when the function has no
 * prologue and the site is its second word.  Then, and when a jump label
 * sits in the words the jump takes, the function is refused, with the
 * reason in the log.
 *
 * Both forms are whole, aligned words, written one word at a time with
 * the kernel's own patching helper (__patch_text_real(), which maps the
 * page writable at a fixmap alias and does the cache maintenance) while
 * the other CPUs wait in stop_machine(), interrupts off.  patch_text()
 * itself would call stop_machine() again, so the core's stop_machine
 * callback uses the non-stopping variant.  The core saves the words the
 * jump replaces, so undo is exact.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <kunit/visibility.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
#include <linux/ksplice.h>
#include <linux/memory.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <asm/barrier.h>
#include <asm/cacheflush.h>
#include <asm/ksplice.h>
#include <asm/module.h>
#include <asm/opcodes.h>
#include <asm/patch.h>
#include <asm/smp_plat.h>
#include <asm/thread_info.h>

/*
 * Can the @len bytes at @start take a jump?  Not if other runtime code
 * patching owns a word of them: an ftrace call site or a jump label.
 * kprobes are the core's business (it checks them with the machine
 * stopped).
 */
static int ksplice_arm_reserved(unsigned long start, unsigned int len,
				const char **why)
{
	void *s = (void *)start, *e = (void *)(start + len - 1);

	if (ftrace_text_reserved(s, e)) {
		*why = "an ftrace site is where the jump would go";
		return -EBUSY;
	}
	if (jump_label_text_reserved(s, e)) {
		*why = "a jump label is where the jump would go";
		return -EBUSY;
	}
	return 0;
}

/**
 * ksplice_arch_jump_site() - where the jump goes in a function
 * @entry: the function's address
 * @size: its size, as kallsyms gives it
 * @site: set to the address of the first byte the jump replaces (@entry)
 * @why: set to a short reason when the function cannot take a jump
 *
 * The first word must be free for the 4-byte branch; whether the second
 * is free too matters only for the 8-byte form, which
 * ksplice_arch_encode_jump() checks when it needs it.
 *
 * Context: may sleep.
 * Return: 0, -EINVAL if @entry is not ARM code, -ENOSPC if the function
 * is too short, -EBUSY if its first word belongs to other runtime code
 * patching, -EFAULT if it cannot be read.
 */
int ksplice_arch_jump_site(unsigned long entry, unsigned long size,
			   unsigned long *site, const char **why)
{
	u32 first;
	int ret;

	if (entry & 3) {
		*why = "its entry is not ARM code (Thumb, or misaligned)";
		return -EINVAL;
	}
	if (size < KSPLICE_ARM_NEAR_SIZE) {
		*why = "it is too short for a jump";
		return -ENOSPC;
	}
	if (copy_from_kernel_nofault(&first, (void *)entry, sizeof(first))) {
		*why = "its code cannot be read";
		return -EFAULT;
	}
	ret = ksplice_arm_reserved(entry, KSPLICE_ARM_NEAR_SIZE, why);
	if (ret)
		return ret;
	*site = entry;
	return 0;
}

/**
 * ksplice_arm_encode_far() - encode "ldr pc, [pc, #-4]; .word @target"
 * @site: address of the jump
 * @target: where it goes (ARM code: bit 0 clear)
 * @insn: buffer of at least KSPLICE_ARM_FAR_SIZE bytes, filled in memory
 *	  order (instructions as the CPU fetches them, the literal as data)
 *
 * Return: KSPLICE_ARM_FAR_SIZE, or -EINVAL if @target is not word-aligned.
 */
VISIBLE_IF_KUNIT int ksplice_arm_encode_far(unsigned long site,
					    unsigned long target, u8 *insn)
{
	u32 words[2];

	if ((site | target) & 3)
		return -EINVAL;
	words[0] = __opcode_to_mem_arm(KSPLICE_ARM_LDR_PC);
	words[1] = target;
	memcpy(insn, words, sizeof(words));
	return KSPLICE_ARM_FAR_SIZE;
}

/**
 * ksplice_arm_encode_jump() - encode the shortest jump from @site to @target
 * @site: address of the jump
 * @target: where it goes (ARM code)
 * @insn: buffer of at least KSPLICE_MAX_JUMP bytes, filled in memory order
 *
 * Only the encoding: whether the function has room for the 8-byte form
 * is ksplice_arch_encode_jump()'s business.
 *
 * Return: KSPLICE_ARM_NEAR_SIZE for a branch (@target within
 * [@site + 8 - 32 MiB, @site + 8 + 32 MiB - 4]), else
 * KSPLICE_ARM_FAR_SIZE; -EINVAL if @site or @target is not word-aligned.
 */
VISIBLE_IF_KUNIT int ksplice_arm_encode_jump(unsigned long site,
					     unsigned long target, u8 *insn)
{
	long disp = (long)(target - (site + KSPLICE_ARM_PC_BIAS));
	u32 word;

	if ((site | target) & 3)
		return -EINVAL;
	if (disp < KSPLICE_ARM_B_MIN || disp > KSPLICE_ARM_B_MAX)
		return ksplice_arm_encode_far(site, target, insn);
	word = KSPLICE_ARM_B | (((u32)disp >> 2) & KSPLICE_ARM_B_IMM_MASK);
	word = __opcode_to_mem_arm(word);
	memcpy(insn, &word, sizeof(word));
	return KSPLICE_ARM_NEAR_SIZE;
}

/*
 * Does the function at @site have room for the 8-byte form?  It must be
 * long enough, and its second word must not belong to ftrace or a jump
 * label either.
 */
static int ksplice_arm_far_room(unsigned long site, const char **why)
{
	unsigned long size, off;

	if (!kallsyms_lookup_size_offset(site, &size, &off) || off) {
		*why = "the jump site is not the start of a function";
		return -EINVAL;
	}
	if (size < KSPLICE_ARM_FAR_SIZE) {
		*why = "it is too short for the 8-byte jump that the distance needs";
		return -ENOSPC;
	}
	if (ksplice_arm_reserved(site + KSPLICE_ARM_NEAR_SIZE,
				 KSPLICE_ARM_FAR_SIZE - KSPLICE_ARM_NEAR_SIZE,
				 why)) {
		*why = "the 8-byte jump that the distance needs would take its ftrace or jump label site";
		return -EBUSY;
	}
	return 0;
}

/* Is there an 8-byte jump at @site already (of an update applied earlier)? */
static bool ksplice_arm_far_jump_at(unsigned long site)
{
	u32 word;

	if (copy_from_kernel_nofault(&word, (void *)site, sizeof(word)))
		return false;
	return __mem_to_opcode_arm(word) == KSPLICE_ARM_LDR_PC;
}

/**
 * ksplice_arch_encode_jump() - encode the jump from @site to @target
 * @site: address of the jump (a function's entry)
 * @target: where it goes
 * @insn: buffer of at least KSPLICE_MAX_JUMP bytes
 *
 * A branch when @target is in reach, else the 8-byte form if the function
 * has room for it.  When an earlier update's 8-byte jump is at @site,
 * the 8-byte form is used whatever the distance, so that the stacked
 * jumps have the same length (the core requires it).  Refusals are
 * logged with their reason.
 *
 * Context: may sleep.
 * Return: the length of the jump (4 or 8); -EINVAL if an address is not
 * word-aligned (or @site is not a function's entry); -ENOSPC or -EBUSY
 * if the 8-byte form is needed and the function has no room for it.
 */
int ksplice_arch_encode_jump(unsigned long site, unsigned long target,
			     u8 *insn)
{
	const char *why = NULL;
	int len, ret;

	len = ksplice_arm_encode_jump(site, target, insn);
	if (len == KSPLICE_ARM_NEAR_SIZE && ksplice_arm_far_jump_at(site))
		len = ksplice_arm_encode_far(site, target, insn);
	if (len != KSPLICE_ARM_FAR_SIZE)
		return len;
	ret = ksplice_arm_far_room(site, &why);
	if (ret) {
		pr_warn("no jump from %ps to %ps: %s\n", (void *)site,
			(void *)target, why);
		return ret;
	}
	return len;
}

/**
 * ksplice_arch_write_jump() - write kernel text with the machine stopped
 * @site: where (word-aligned)
 * @insn: the bytes (a jump, or the bytes it replaced), in memory order
 * @len: how many (a multiple of 4)
 *
 * Each word goes through __patch_text_real(), which writes it through a
 * fixmap alias of the page (kernel text is read-only) and cleans and
 * invalidates the caches for it; the other CPUs then synchronise in
 * ksplice_arch_sync_cpu().
 *
 * Context: inside stop_machine(), every other CPU waiting, interrupts
 * off; the task that stopped the machine holds text_mutex.
 */
void ksplice_arch_write_jump(unsigned long site, const u8 *insn,
			     unsigned int len)
{
	unsigned int i;
	u32 word;

	if (WARN_ON_ONCE((site | len) & 3))
		return;
	for (i = 0; i < len; i += 4) {
		memcpy(&word, insn + i, sizeof(word));
		/* __patch_text_real() takes an opcode: undo its swab on BE8. */
		__patch_text_real((void *)(site + i), __mem_to_opcode_arm(word),
				  true);
	}
}

/**
 * ksplice_arch_sync_cpu() - make this CPU see text written by another
 *
 * The writer cleaned the data cache and invalidated the instruction
 * cache to the point of unification, which ARMv7 broadcasts in the inner
 * shareable domain; the ARMv6 SMP cores that do not broadcast invalidate
 * their own.  An isb then discards what this CPU had prefetched.
 *
 * Context: each stopped CPU, after the writes, before leaving
 * stop_machine().
 */
void ksplice_arch_sync_cpu(void)
{
	if (cache_ops_need_broadcast())
		__flush_icache_all();
	isb();
}

/**
 * ksplice_arm_reloc_field() - the new contents of one relocated word
 * @type: ELF relocation type (R_ARM_*)
 * @old: the word at the site now, as an opcode for instructions and as a
 *	 value for data words (the fields a relocation does not own are
 *	 kept: condition and opcode bits, the register, bit 31 of PREL31)
 * @site: address of the word (P)
 * @value: the symbol's address plus the addend (S + A); the generator
 *	   extracted the implicit addend of the REL relocation, so the
 *	   field is replaced, not added to
 * @new: the new word, in the same order as @old
 *
 * Return: 0; -ERANGE if the value does not fit the field (branches out
 * of +-32 MiB, PREL31 out of +-1 GiB); -EINVAL for a branch to an
 * address that is not word-aligned (Thumb code) or a blx; -ENOEXEC for a
 * type the core does not know.
 */
VISIBLE_IF_KUNIT int ksplice_arm_reloc_field(u32 type, u32 old,
					     unsigned long site,
					     unsigned long value, u32 *new)
{
	long pcrel = (long)(value - site);
	u32 v;

	switch (type) {
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
		*new = value;
		return 0;
	case R_ARM_REL32:
		*new = pcrel;
		return 0;
	case R_ARM_PREL31:
		if (pcrel < -0x40000000L || pcrel > 0x3fffffffL)
			return -ERANGE;
		*new = (old & 0x80000000) | ((u32)pcrel & 0x7fffffff);
		return 0;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_PLT32:
		/* blx <imm> (cond 0b1111) switches to Thumb: not ours. */
		if ((old & 0xfe000000) == 0xfa000000 || (pcrel & 3))
			return -EINVAL;
		if (pcrel < KSPLICE_ARM_B_MIN || pcrel > KSPLICE_ARM_B_MAX)
			return -ERANGE;
		*new = (old & ~KSPLICE_ARM_B_IMM_MASK) |
		       (((u32)pcrel >> 2) & KSPLICE_ARM_B_IMM_MASK);
		return 0;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		v = (type == R_ARM_MOVW_ABS_NC || type == R_ARM_MOVT_ABS) ?
			value : (u32)pcrel;
		if (type == R_ARM_MOVT_ABS || type == R_ARM_MOVT_PREL)
			v >>= 16;
		/* imm16 is split: imm4 in bits 19:16, imm12 in bits 11:0. */
		*new = (old & 0xfff0f000) | ((v & 0xf000) << 4) | (v & 0x0fff);
		return 0;
	default:
		return -ENOEXEC;
	}
}

static bool ksplice_arm_reloc_is_insn(u32 type)
{
	switch (type) {
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
	case R_ARM_REL32:
	case R_ARM_PREL31:
		return false;
	default:
		return true;
	}
}

/**
 * ksplice_arch_reloc() - compute the bytes of one relocation
 * @type: ELF relocation type (R_ARM_*)
 * @site: address the bytes will be written to; the word there is read
 *	  for the bits the relocation does not own
 * @value: the symbol's address plus the addend (S + A)
 * @buf: the bytes to write (at least 4), in memory order
 *
 * Return: 4, -ERANGE if the value does not fit the field, -EINVAL for an
 * unsupported form (Thumb target), -EFAULT if the site cannot be read,
 * -ENOEXEC for a type the core does not know.
 */
int ksplice_arch_reloc(u32 type, unsigned long site, unsigned long value,
		       u8 *buf)
{
	bool insn = ksplice_arm_reloc_is_insn(type);
	u32 old, new;
	int ret;

	if (copy_from_kernel_nofault(&old, (void *)site, sizeof(old)))
		return -EFAULT;
	if (insn)
		old = __mem_to_opcode_arm(old);
	ret = ksplice_arm_reloc_field(type, old, site, value, &new);
	if (ret)
		return ret;
	if (insn)
		new = __opcode_to_mem_arm(new);
	memcpy(buf, &new, sizeof(new));
	return sizeof(new);
}

/**
 * ksplice_arch_write_ro() - write into read-only module memory
 * @dst: where, in a module's text or read-only data, not yet run
 * @src: the bytes
 * @len: how many
 *
 * Word by word through __patch_text_real() (a fixmap alias, then cache
 * maintenance); a word that @dst covers only in part is read first and
 * merged.
 *
 * Context: may sleep; takes text_mutex.
 * Return: 0, or -EFAULT if @dst is not module or vmalloc memory or
 * cannot be read.
 */
int ksplice_arch_write_ro(void *dst, const void *src, size_t len)
{
	unsigned long a = (unsigned long)dst, end = a + len, w, lo, hi;
	int ret = 0;
	u32 word;

	if (!len)
		return 0;
	if (end < a || !is_vmalloc_or_module_addr(dst) ||
	    !is_vmalloc_or_module_addr((void *)(end - 1)))
		return -EFAULT;

	mutex_lock(&text_mutex);
	for (w = ALIGN_DOWN(a, 4); w < end; w += 4) {
		lo = max(w, a);
		hi = min(w + 4, end);
		if ((lo != w || hi != w + 4) &&
		    copy_from_kernel_nofault(&word, (void *)w, sizeof(word))) {
			ret = -EFAULT;
			break;
		}
		memcpy((u8 *)&word + (lo - w), (const u8 *)src + (lo - a),
		       hi - lo);
		__patch_text_real((void *)w, __mem_to_opcode_arm(word), true);
	}
	mutex_unlock(&text_mutex);
	return ret;
}

/**
 * ksplice_arch_task_sp() - kernel stack pointer a task was switched out at
 * @t: a task that is not running
 *
 * Return: the stack pointer __switch_to() saved in the task's
 * thread_info.
 */
unsigned long ksplice_arch_task_sp(struct task_struct *t)
{
	return READ_ONCE(task_thread_info(t)->cpu_context.sp);
}

/**
 * ksplice_arch_task_ip() - where a task that is not running resumes
 * @t: a task that is not running
 *
 * Return: the return address __switch_to() saved (the link register,
 * into __schedule() or ret_from_fork).
 */
unsigned long ksplice_arch_task_ip(struct task_struct *t)
{
	return READ_ONCE(task_thread_info(t)->cpu_context.pc);
}

/*
 * Run-pre matching: the forms that the boot code, module loading, ftrace
 * and jump labels give to the code that the compiler emitted, and how to
 * read a relocation's target back from the running code.  The core
 * compares the pre code of a function with the running bytes and asks
 * these hooks about the places where they may legitimately differ; the
 * pre object's own special sections say where those places are (struct
 * ksplice_site).
 *
 * Of ARM's own boot-time rewrites, ARM_PATCH_PHYS_VIRT changes code
 * everywhere (the immediates of the virt_to_phys()/phys_to_virt() stubs,
 * listed in .pv_table): see KSPLICE_SITE_PV_TABLE below.
 * ARM_PATCH_IDIV changes only the division helpers themselves
 * (__aeabi_uidiv and __aeabi_idiv become "udiv/sdiv; bx lr" on CPUs that
 * have the instructions); the calls to them stay as compiled, ordinary
 * R_ARM_CALL relocations, and need nothing here.
 */

/* How far from a movw (or movt) the other half of the pair is looked for. */
#define KSPLICE_ARM_PAIR_SCAN	32

static u32 ksplice_arm_op(const u8 *p)
{
	u32 w;

	memcpy(&w, p, sizeof(w));
	return __mem_to_opcode_arm(w);
}

static u32 ksplice_arm_data(const u8 *p)
{
	u32 w;

	memcpy(&w, p, sizeof(w));
	return w;
}

static bool ksplice_arm_is_nop(u32 op)
{
	return op == KSPLICE_ARM_NOP || op == KSPLICE_ARM_NOP_HINT;
}

/* b and bl with condition "always" (not blx, whose condition is 0b1111). */
static bool ksplice_arm_is_b(u32 op)
{
	return (op & 0xff000000) == 0xea000000;
}

static bool ksplice_arm_is_bl(u32 op)
{
	return (op & 0xff000000) == 0xeb000000;
}

/* b/bl with any condition but 0b1111 (blx <imm>). */
static bool ksplice_arm_is_branch(u32 op)
{
	return (op & 0x0e000000) == 0x0a000000 && (op >> 28) != 0xf;
}

static bool ksplice_arm_is_movw(u32 op)
{
	return (op & 0x0ff00000) == 0x03000000 && (op >> 28) != 0xf;
}

static bool ksplice_arm_is_movt(u32 op)
{
	return (op & 0x0ff00000) == 0x03400000 && (op >> 28) != 0xf;
}

static u32 ksplice_arm_imm16(u32 op)
{
	return ((op >> 4) & 0xf000) | (op & 0x0fff);
}

/**
 * ksplice_arch_padding() - how much of a buffer is padding
 * @buf: code bytes, from a word boundary
 * @len: how many
 *
 * Padding is what the assembler and linker put between functions (whole
 * words of zeroes or nops) and what jump labels leave behind (nops).
 *
 * Return: the length of the padding that @buf starts with, in whole words.
 */
unsigned long ksplice_arch_padding(const u8 *buf, unsigned long len)
{
	unsigned long i;
	u32 op;

	for (i = 0; i + 4 <= len; i += 4) {
		op = ksplice_arm_op(buf + i);
		if (op && !ksplice_arm_is_nop(op))
			break;
	}
	return i;
}

/* The bits of a phys/virt stub that the boot code rewrites (phys2virt.S). */
#ifdef CONFIG_ARM_LPAE
#define KSPLICE_ARM_PV_MASK	0x00400fff	/* imm12, and mov <-> mvn */
#else
#define KSPLICE_ARM_PV_MASK	0x000000ff	/* imm8 */
#endif

/**
 * ksplice_arch_match_site() - accept a runtime form of a pre site
 * @site: the site: its kind and, if known, its length
 * @pre: the pre code at the site
 * @run: the running code at the site
 * @avail: bytes readable at both @pre and @run from there
 * @run_addr: the address of @run in the running kernel
 *
 * The forms accepted, by kind, one word each:
 *
 *  - ftrace (__mcount_loc): the object's "bl __gnu_mcount_nc" runs as
 *    ftrace's nop "add sp, sp, #4", or as a bl to any target (ftrace's
 *    callers, a module PLT, or __gnu_mcount_nc before ftrace starts).
 *  - jump labels: a nop ("mov r0, r0" as the kernel writes it, or the
 *    assembler's "nop") or a b, whatever the object has of these.
 *  - phys/virt stubs (.pv_table, ARM_PATCH_PHYS_VIRT): the same
 *    instruction with the immediate that the boot code (or the module
 *    loader) patched in, and with LPAE mov turned into mvn.
 *  - SMP alternatives (.alt.smp.init): the object's (SMP) instruction,
 *    or on a uniprocessor, whatever the boot code put there instead.
 *
 * Any other kind, or a form not listed, returns 0: the core then compares
 * the site's bytes and relocations like any other code.
 *
 * Return: the number of bytes of the site accepted (4), or 0.
 */
int ksplice_arch_match_site(const struct ksplice_site *site, const u8 *pre,
			    const u8 *run, unsigned long avail,
			    unsigned long run_addr)
{
	u32 p, r;

	if (avail < 4 || (site->len && site->len != 4))
		return 0;
	p = ksplice_arm_op(pre);
	r = ksplice_arm_op(run);
	switch (site->kind) {
	case KSPLICE_SITE_MCOUNT:
		if (!ksplice_arm_is_bl(p))
			return 0;
		return r == KSPLICE_ARM_MCOUNT_NOP || ksplice_arm_is_bl(r) ?
		       4 : 0;
	case KSPLICE_SITE_JUMP_LABEL:
		if (!ksplice_arm_is_nop(p) && !ksplice_arm_is_b(p))
			return 0;
		return ksplice_arm_is_nop(r) || ksplice_arm_is_b(r) ? 4 : 0;
	case KSPLICE_SITE_PV_TABLE:
		return (p ^ r) & ~KSPLICE_ARM_PV_MASK ? 0 : 4;
	case KSPLICE_SITE_SMP_ALT:
		return p == r || !is_smp() ? 4 : 0;
	default:
		return 0;
	}
}

/*
 * The other half of a movw/movt pair: the movt that follows a movw into
 * the same register with the same condition, or the movw that precedes
 * a movt, within KSPLICE_ARM_PAIR_SCAN instructions of the running code.
 * A second load of the same half into that register first ends the
 * search.  Reading the running kernel is safe (the addresses are those
 * of a kernel or module function and its neighbours, and faults are
 * caught); a wrong pairing gives a wrong address, which the core finds
 * disagreeing with the other sites of the symbol.
 */
static int ksplice_arm_pair(unsigned long site, u32 op, unsigned long *osite,
			    u32 *oop)
{
	bool movw = ksplice_arm_is_movw(op);
	u32 key = op & 0xf000f000;	/* condition and Rd */
	unsigned long a = site;
	unsigned int i;
	u32 w;

	for (i = 0; i < KSPLICE_ARM_PAIR_SCAN; i++) {
		a = movw ? a + 4 : a - 4;
		if (copy_from_kernel_nofault(&w, (void *)a, sizeof(w)))
			return -EFAULT;
		w = __mem_to_opcode_arm(w);
		if ((w & 0xf000f000) != key)
			continue;
		if (movw ? ksplice_arm_is_movt(w) : ksplice_arm_is_movw(w)) {
			*osite = a;
			*oop = w;
			return 0;
		}
		if (movw ? ksplice_arm_is_movw(w) : ksplice_arm_is_movt(w))
			break;
	}
	return -ENOENT;
}

/* S + A from a movw/movt pair (P-relative for the _PREL types). */
static int ksplice_arm_movw_movt_value(u32 type, unsigned long site, u32 op,
				       unsigned long *value)
{
	bool prel = type == R_ARM_MOVW_PREL_NC || type == R_ARM_MOVT_PREL;
	bool movt = type == R_ARM_MOVT_ABS || type == R_ARM_MOVT_PREL;
	unsigned long wsite, tsite, osite;
	u32 lo, hi, oop;
	int ret;

	if (movt ? !ksplice_arm_is_movt(op) : !ksplice_arm_is_movw(op))
		return -EINVAL;
	ret = ksplice_arm_pair(site, op, &osite, &oop);
	if (ret)
		return ret;
	wsite = movt ? osite : site;
	tsite = movt ? site : osite;
	lo = ksplice_arm_imm16(movt ? oop : op);
	hi = ksplice_arm_imm16(movt ? op : oop);
	if (!prel) {
		*value = (hi << 16) | lo;
		return 0;
	}
	/* lo = (V - Pw) mod 2^16, hi = (V - Pt) >> 16: V - Pt in full. */
	*value = tsite + ((hi << 16) | ((lo + wsite - tsite) & 0xffff));
	return 0;
}

/*
 * Where a branch to @dest really goes: through a module's PLT entry
 * ("ldr pc, [pc, #imm]" and a literal, ARM_MODULE_PLTS) the loader put
 * the callee's address in the literal.
 */
static unsigned long ksplice_arm_follow_plt(unsigned long dest)
{
	unsigned long lit;
	u32 op, val;

	if (!in_module_plt(dest) ||
	    copy_from_kernel_nofault(&op, (void *)dest, sizeof(op)))
		return dest;
	op = __mem_to_opcode_arm(op);
	if ((op & 0xff7ff000) != 0xe51ff000)	/* ldr pc, [pc, #+-imm12] */
		return dest;
	lit = dest + KSPLICE_ARM_PC_BIAS;
	lit = op & BIT(23) ? lit + (op & 0xfff) : lit - (op & 0xfff);
	if (copy_from_kernel_nofault(&val, (void *)lit, sizeof(val)))
		return dest;
	return val;
}

/**
 * ksplice_arch_reloc_target() - the target a running relocation refers to
 * @type: ELF relocation type (R_ARM_*)
 * @site: the address of the field in the running kernel
 * @run: the field's running bytes (the whole word)
 * @avail: how many bytes may be read at @run
 * @addend: the relocation's addend (extracted from the pre instruction)
 * @target: set to the symbol's address (S, from S + A [- P])
 *
 * A movw or movt holds half of the address: the other half comes from
 * the instruction of the pair, found in the running code near @site.  A
 * branch that the module loader sent through a PLT entry is followed to
 * the callee.
 *
 * Return: the length of the field (4); -ENOSPC if @avail is less (nothing
 * is read then); -EINVAL if the running
 * instruction is not of the relocation's kind; -ENOENT if the other half
 * of a movw/movt pair is not found; -ENOEXEC for an unknown type.
 */
int ksplice_arch_reloc_target(u32 type, unsigned long site, const u8 *run,
			      unsigned long avail, long addend,
			      unsigned long *target)
{
	unsigned long value;
	u32 op, w;
	int ret;

	if (avail < 4)
		return -ENOSPC;
	op = ksplice_arm_op(run);
	w = ksplice_arm_data(run);
	switch (type) {
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
		value = w;
		break;
	case R_ARM_REL32:
		value = site + w;
		break;
	case R_ARM_PREL31:
		value = site + ((s32)(w << 1) >> 1);
		break;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
	case R_ARM_PLT32:
		if (!ksplice_arm_is_branch(op))
			return -EINVAL;
		value = site + ((s32)(op << 8) >> 6);
		value = ksplice_arm_follow_plt(value + KSPLICE_ARM_PC_BIAS) -
			KSPLICE_ARM_PC_BIAS;
		break;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		ret = ksplice_arm_movw_movt_value(type, site, op, &value);
		if (ret)
			return ret;
		break;
	default:
		return -ENOEXEC;
	}
	*target = value - addend;
	return 4;
}
