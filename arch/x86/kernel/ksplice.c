// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice jump code for x86_64: the architecture hooks the ksplice core
 * (kernel/livepatch_ksplice/) uses to redirect a function and to write
 * relocations into update modules.
 *
 * A replaced function gets a 5-byte "jmp rel32" to its new version.  The
 * jump does not take the very first bytes of the function:
 *
 *  - With IBT the function starts with endbr64 (or with the 4-byte nop
 *    that replaces it when the boot code seals it).  Indirect calls land
 *    there and must find it, so it stays.
 *
 *  - With dynamic ftrace the next 5 bytes are the __fentry__ site, and
 *    they belong to ftrace: it rewrites them whenever tracing of the
 *    function, or a kprobe on its entry, is switched on or off, and it
 *    checks what is there before it does.  A jump written over the site
 *    would make ftrace refuse (and disable itself, with a warning) the
 *    first time anyone traces the old function, which any tracer doing
 *    it by name does, since the new function has the same name; or it
 *    would undo the update silently if ftrace did not check.  So the
 *    jump goes right after the site.  The site keeps working: tracing
 *    the old function shows the call and then the jump runs, kprobes on
 *    the old entry keep firing, and the new function in the update
 *    module has its own __fentry__ site for tracers.
 *
 * The five bytes after the fentry site must not be reserved by other
 * runtime code patching: jump labels and static calls (rewritten at any
 * time) and SMP alternatives.  Functions where they are get refused; in
 * the test kernel about 0.3% of the traceable functions have a jump label
 * or a static call there.  kprobes are the core's business (it checks
 * them under text_mutex, with the machine stopped).
 *
 * The jump is written with text_poke_copy_locked() while the other CPUs
 * wait in stop_machine(): the core takes text_mutex before stopping the
 * machine (as ftrace and livepatch do), so nobody else can be patching
 * text, and no CPU executes the bytes while they change (NMI handlers
 * aside: a function that runs in NMI context must not be replaced).
 * Each stopped CPU then serialises its instruction stream with
 * sync_core() before it goes back to work.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/ksplice.h>
#include <linux/memory.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include <asm/alternative.h>
#include <asm/ibt.h>
#include <asm/ksplice.h>
#include <asm/switch_to.h>
#include <asm/sync_core.h>
#include <asm/text-patching.h>

/* Length of the __fentry__ call (or the nop that replaces it). */
#define KSPLICE_X86_FENTRY_SIZE	5

/**
 * ksplice_x86_entry_skip() - bytes at a function's entry the jump leaves
 * @entry: the function's first bytes (at least 4 readable)
 * @fentry: whether an ftrace __fentry__ site follows the endbr64 (if any)
 *
 * Return: the length of the endbr64 (or sealed endbr) at @entry, if
 * there is one, plus that of the __fentry__ site if @fentry.
 */
unsigned int ksplice_x86_entry_skip(const void *entry, bool fentry)
{
	unsigned int skip = 0;

	if (is_endbr(get_unaligned((const u32 *)entry)))
		skip = ENDBR_INSN_SIZE;
	if (fentry)
		skip += KSPLICE_X86_FENTRY_SIZE;
	return skip;
}

/**
 * ksplice_arch_jump_site() - where the jump goes in a function
 * @entry: the function's address
 * @size: its size, as kallsyms gives it
 * @site: set to the address of the first byte the jump replaces
 * @why: set to a short reason when the function cannot take a jump
 *
 * Context: may sleep; called without text_mutex held.
 * Return: 0, -ENOSPC if the function is too short, -EBUSY if the bytes
 * belong to other runtime code patching, -EFAULT if unreadable.
 */
int ksplice_arch_jump_site(unsigned long entry, unsigned long size,
			   unsigned long *site, const char **why)
{
	unsigned long fentry, s;
	bool has_fentry = false;
	unsigned int skip;
	u32 first;
	int busy;

	if (copy_from_kernel_nofault(&first, (void *)entry, sizeof(first))) {
		*why = "its code cannot be read";
		return -EFAULT;
	}
	skip = ksplice_x86_entry_skip(&first, false);
	fentry = ftrace_location(entry);
	if (fentry) {
		if (fentry != entry + skip) {
			*why = "its __fentry__ site is not at its entry";
			return -EBUSY;
		}
		has_fentry = true;
	}
	s = entry + ksplice_x86_entry_skip(&first, has_fentry);
	if (s + KSPLICE_X86_JMP32_SIZE > entry + size) {
		*why = "it is too short for a jump";
		return -ENOSPC;
	}

	if (jump_label_text_reserved((void *)s,
				     (void *)(s + KSPLICE_X86_JMP32_SIZE - 1))) {
		*why = "a jump label is where the jump would go";
		return -EBUSY;
	}
	if (static_call_text_reserved((void *)s,
				      (void *)(s + KSPLICE_X86_JMP32_SIZE - 1))) {
		*why = "a static call is where the jump would go";
		return -EBUSY;
	}
	if (ftrace_text_reserved((void *)s,
				 (void *)(s + KSPLICE_X86_JMP32_SIZE - 1))) {
		*why = "an ftrace site is where the jump would go";
		return -EBUSY;
	}
	mutex_lock(&text_mutex);
	busy = alternatives_text_reserved((void *)s,
					  (void *)(s + KSPLICE_X86_JMP32_SIZE - 1));
	mutex_unlock(&text_mutex);
	if (busy) {
		*why = "an SMP alternative is where the jump would go";
		return -EBUSY;
	}

	*site = s;
	return 0;
}

/**
 * ksplice_arch_encode_jump() - encode the jump from @site to @target
 * @site: address of the jump
 * @target: where it goes
 * @insn: buffer of at least KSPLICE_MAX_JUMP bytes
 *
 * Return: the length of the jump (5), or -ERANGE if @target is more
 * than 2 GiB away.
 */
int ksplice_arch_encode_jump(unsigned long site, unsigned long target,
			     u8 *insn)
{
	long disp = (long)(target - (site + KSPLICE_X86_JMP32_SIZE));

	if (disp != (s32)disp)
		return -ERANGE;
	insn[0] = KSPLICE_X86_JMP32_OPCODE;
	put_unaligned_le32((u32)(s32)disp, insn + 1);
	return KSPLICE_X86_JMP32_SIZE;
}

/**
 * ksplice_arch_write_jump() - write kernel text with the machine stopped
 * @site: where
 * @insn: the bytes (a jump, or the bytes it replaced)
 * @len: how many
 *
 * Context: inside stop_machine(), every other CPU waiting; the task that
 * stopped the machine holds text_mutex, which is why the _locked
 * variant, which does not check that the current task holds it, is the
 * right one here.
 */
void ksplice_arch_write_jump(unsigned long site, const u8 *insn,
			     unsigned int len)
{
	text_poke_copy_locked((void *)site, insn, len, true);
}

/**
 * ksplice_arch_sync_cpu() - make this CPU see text written by another
 *
 * Context: each stopped CPU, after the writes, before leaving
 * stop_machine().
 */
void ksplice_arch_sync_cpu(void)
{
	sync_core();
}

/**
 * ksplice_arch_reloc() - compute the bytes of one relocation
 * @type: ELF relocation type (R_X86_64_*)
 * @site: address the bytes will be written to
 * @value: the symbol's address plus the addend (S + A)
 * @buf: the bytes to write (at least 8)
 *
 * Return: how many bytes to write, -ERANGE if the value does not fit
 * the field, -ENOEXEC for a type the core does not know.
 */
int ksplice_arch_reloc(u32 type, unsigned long site, unsigned long value,
		       u8 *buf)
{
	long pcrel = (long)(value - site);

	switch (type) {
	case R_X86_64_64:
		put_unaligned_le64(value, buf);
		return 8;
	case R_X86_64_PC64:
		put_unaligned_le64(pcrel, buf);
		return 8;
	case R_X86_64_32:
		if (value != (u32)value)
			return -ERANGE;
		put_unaligned_le32(value, buf);
		return 4;
	case R_X86_64_32S:
		if ((long)value != (s32)value)
			return -ERANGE;
		put_unaligned_le32(value, buf);
		return 4;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		if (pcrel != (s32)pcrel)
			return -ERANGE;
		put_unaligned_le32((u32)(s32)pcrel, buf);
		return 4;
	default:
		return -ENOEXEC;
	}
}

/**
 * ksplice_arch_write_ro() - write into read-only module memory
 * @dst: where, in a module's text or read-only data, not yet run
 * @src: the bytes
 * @len: how many
 *
 * Context: may sleep; takes text_mutex.
 * Return: 0 or -EFAULT.
 */
int ksplice_arch_write_ro(void *dst, const void *src, size_t len)
{
	return text_poke_copy(dst, src, len) ? 0 : -EFAULT;
}

/**
 * ksplice_arch_task_sp() - kernel stack pointer a task was switched out at
 * @t: a task that is not running
 *
 * Return: the saved stack pointer.
 */
unsigned long ksplice_arch_task_sp(struct task_struct *t)
{
	return READ_ONCE(t->thread.sp);
}

/**
 * ksplice_arch_task_ip() - where a task that is not running resumes
 * @t: a task that is not running, whose stack the caller holds
 *
 * Return: the return address of the task's switch frame, or 0 if its
 * saved stack pointer is not on its stack.
 */
unsigned long ksplice_arch_task_ip(struct task_struct *t)
{
	unsigned long sp = READ_ONCE(t->thread.sp);
	unsigned long base = (unsigned long)task_stack_page(t);
	struct inactive_task_frame *frame = (struct inactive_task_frame *)sp;

	if (!base || sp < base || sp + sizeof(*frame) > base + THREAD_SIZE)
		return 0;
	return READ_ONCE_NOCHECK(frame->ret_addr);
}
