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

#include <kunit/visibility.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/ftrace.h>
#include <linux/jump_label.h>
#include <linux/kallsyms.h>
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
VISIBLE_IF_KUNIT unsigned int ksplice_x86_entry_skip(const void *entry,
						     bool fentry)
{
	unsigned int skip = 0;

	if (is_endbr(get_unaligned((const u32 *)entry)))
		skip = ENDBR_INSN_SIZE;
	if (fentry)
		skip += KSPLICE_X86_FENTRY_SIZE;
	return skip;
}

/*
 * The one rule for both callers below: an ftrace site at @ip is at the
 * entry of the function at @entry, whose first four bytes are @first,
 * when nothing but an endbr64 comes before it.
 */
static bool ksplice_x86_ftrace_leads(unsigned long entry, u32 first,
				     unsigned long ip)
{
	return ip == entry + ksplice_x86_entry_skip(&first, false);
}

/**
 * ksplice_arch_ftrace_at_entry() - is an ftrace site at a function's entry
 * @entry: the function's address
 * @ip: its ftrace site
 *
 * Return: true if nothing but an endbr64 comes before @ip, so that a
 * redirection from @ip replaces the whole function.
 */
bool ksplice_arch_ftrace_at_entry(unsigned long entry, unsigned long ip)
{
	u32 first;

	if (copy_from_kernel_nofault(&first, (void *)entry, sizeof(first)))
		return false;
	return ksplice_x86_ftrace_leads(entry, first, ip);
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
	u32 first;
	int busy;

	if (copy_from_kernel_nofault(&first, (void *)entry, sizeof(first))) {
		*why = "its code cannot be read";
		return -EFAULT;
	}
	fentry = ftrace_location(entry);
	if (fentry && !ksplice_x86_ftrace_leads(entry, first, fentry)) {
		*why = "its __fentry__ site is not at its entry";
		return -EBUSY;
	}
	s = entry + ksplice_x86_entry_skip(&first, fentry);
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

/*
 * Run-pre matching: the forms that the boot code, module loading, ftrace,
 * jump labels and static calls give to the code that the compiler (and
 * objtool) emitted.  The core compares the pre code of a function with
 * the running bytes and asks these hooks about the places where they may
 * legitimately differ; the pre object's own special sections say where
 * those places are (struct ksplice_site).
 */

#define KSPLICE_X86_INT3	0xcc
#define KSPLICE_X86_NOP		0x90
#define KSPLICE_X86_RET		0xc3
#define KSPLICE_X86_CALL32	0xe8
#define KSPLICE_X86_JMP8	0xeb
#define KSPLICE_X86_LOCK	0xf0
#define KSPLICE_X86_DS		0x3e

static const u8 ksplice_x86_endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
static const u8 ksplice_x86_endbr_sealed[] = { 0x66, 0x0f, 0x1f, 0x00 };
static const u8 ksplice_x86_lfence[] = { 0x0f, 0xae, 0xe8 };

/*
 * Length of the nop at @buf (0x90, "xchg %ax,%ax", or a "nopl/nopw"
 * 0f 1f /0 with any operand-size and segment prefixes), or 0.
 */
static unsigned int ksplice_x86_nop_len(const u8 *buf, unsigned long avail)
{
	unsigned int i = 0, modrm, len;

	while (i < avail && i < 14 && (buf[i] == 0x66 || buf[i] == 0x2e))
		i++;
	if (i < avail && buf[i] == KSPLICE_X86_NOP)
		return i + 1;
	if (i + 2 >= avail || buf[i] != 0x0f || buf[i + 1] != 0x1f)
		return 0;
	modrm = buf[i + 2];
	if (modrm & 0x38)		/* 0f 1f /0 only */
		return 0;
	len = i + 3;
	if ((modrm >> 6) != 3 && (modrm & 7) == 4) {	/* SIB */
		if (len >= avail)
			return 0;
		if ((modrm >> 6) == 0 && (buf[len] & 7) == 5)
			len += 4;
		len++;
	}
	switch (modrm >> 6) {
	case 0:
		if ((modrm & 7) == 5)
			len += 4;		/* disp32 */
		break;
	case 1:
		len += 1;
		break;
	case 2:
		len += 4;
		break;
	}
	return len <= avail ? len : 0;
}

/**
 * ksplice_arch_padding() - how much of a buffer is padding
 * @buf: code bytes
 * @len: how many
 *
 * Padding is what the assembler and linker put between and after
 * functions, and what the runtime patching leaves behind: nops of any
 * length and int3.
 *
 * Return: the length of the padding that @buf starts with.
 */
unsigned long ksplice_arch_padding(const u8 *buf, unsigned long len)
{
	unsigned long i = 0;
	unsigned int n;

	while (i < len) {
		if (buf[i] == KSPLICE_X86_INT3) {
			i++;
			continue;
		}
		n = ksplice_x86_nop_len(buf + i, len - i);
		if (!n)
			break;
		i += n;
	}
	return i;
}

/* Are @len bytes at @buf nothing but nops (int3 not allowed)? */
static bool ksplice_x86_all_nops(const u8 *buf, unsigned long len)
{
	unsigned long i = 0;
	unsigned int n;

	while (i < len) {
		n = ksplice_x86_nop_len(buf + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

/**
 * ksplice_arch_match_entry() - accept the runtime form of a function entry
 * @pre: the pre code's first bytes
 * @run: the running function's first bytes
 * @avail: bytes readable at both
 *
 * With IBT the boot code seals the endbr64 of functions that are never
 * called indirectly, turning it into a 4-byte nop.
 *
 * Return: the number of bytes accepted at the entry (4 for an endbr64
 * in the pre code and an endbr64 or a sealed one running), else 0.
 */
int ksplice_arch_match_entry(const u8 *pre, const u8 *run,
			     unsigned long avail)
{
	if (avail < sizeof(ksplice_x86_endbr64) ||
	    memcmp(pre, ksplice_x86_endbr64, sizeof(ksplice_x86_endbr64)))
		return 0;
	if (!memcmp(run, ksplice_x86_endbr64, sizeof(ksplice_x86_endbr64)) ||
	    !memcmp(run, ksplice_x86_endbr_sealed,
		    sizeof(ksplice_x86_endbr_sealed)))
		return sizeof(ksplice_x86_endbr64);
	return 0;
}

/* A call or jmp rel32 whose target the runtime chose: any displacement. */
static bool ksplice_x86_rel32(const u8 *run, u8 opcode, unsigned int len)
{
	return len >= 5 && run[0] == opcode &&
	       ksplice_arch_padding(run + 5, len - 5) == len - 5;
}

/* "ret" then padding (int3 against straight-line speculation). */
static bool ksplice_x86_ret(const u8 *run, unsigned int len)
{
	return len >= 1 && run[0] == KSPLICE_X86_RET &&
	       ksplice_arch_padding(run + 1, len - 1) == len - 1;
}

/*
 * A retpoline site as the boot code rewrites it (patch_retpoline()):
 * "[lfence;] call/jmp *%reg" padded to the site's length, or for a
 * conditional jump "jncc.d8 1f; jmp *%reg; 1:".  @modrm is 0xd0 for a
 * call, 0xe0 for a jmp.
 */
static bool ksplice_x86_indirect(const u8 *run, unsigned int len, u8 modrm)
{
	unsigned int i = 0;

	if (len >= sizeof(ksplice_x86_lfence) &&
	    !memcmp(run, ksplice_x86_lfence, sizeof(ksplice_x86_lfence)))
		i = sizeof(ksplice_x86_lfence);
	if (i < len && run[i] == 0x41)		/* REX.B: %r8 to %r15 */
		i++;
	if (i + 2 > len || run[i] != 0xff || (run[i + 1] & 0xf8) != modrm)
		return false;
	i += 2;
	return ksplice_arch_padding(run + i, len - i) == len - i;
}

static int ksplice_x86_retpoline(const u8 *pre, const u8 *run,
				 unsigned int len)
{
	u8 jncc;

	if (pre[0] == KSPLICE_X86_CALL32 || pre[0] == KSPLICE_X86_JMP32_OPCODE) {
		len = len ? len : 5;
		if (ksplice_x86_rel32(run, pre[0], len))
			return len;	/* a thunk, whichever the boot chose */
		return ksplice_x86_indirect(run, len,
					    pre[0] == KSPLICE_X86_CALL32 ?
					    0xd0 : 0xe0) ? len : 0;
	}
	if (pre[0] == 0x0f && (pre[1] & 0xf0) == 0x80) {	/* jcc rel32 */
		len = len ? len : 6;
		if (len < 6)
			return 0;
		if (run[0] == 0x0f && run[1] == pre[1])
			return ksplice_arch_padding(run + 6, len - 6) ==
			       len - 6 ? len : 0;
		jncc = 0x70 | ((pre[1] & 0x0f) ^ 1);
		if (run[0] != jncc || run[1] > len - 2)
			return 0;
		return ksplice_x86_indirect(run + 2, len - 2, 0xe0) ? len : 0;
	}
	return 0;
}

/* Three cs prefixes and xor %eax,%eax: __static_call_return0, inlined. */
static const u8 ksplice_x86_xor5rax[] = { 0x2e, 0x2e, 0x2e, 0x31, 0xc0 };

/*
 * A static call site as __static_call_transform() writes it.  A call
 * site (a call rel32 in the object) calls any target, is a 5-byte nop
 * (no function), or clears %eax (__static_call_return0: every
 * cond_resched() with PREEMPT_DYNAMIC and preempt=full, the perf_guest_*
 * calls before KVM loads).  A tail call site (jmp rel32) jumps to any
 * target or is "ret; int3" (no function).  A conditional tail call
 * (jcc rel32, 6 bytes) keeps its condition and goes anywhere.
 */
static int ksplice_x86_static_call(const u8 *pre, const u8 *run,
				   unsigned int len, unsigned long avail)
{
	if (avail >= 2 && pre[0] == 0x0f && (pre[1] & 0xf0) == 0x80) {
		if (avail < 6 || (len && len != 5 && len != 6))
			return 0;
		return run[0] == 0x0f && run[1] == pre[1] ? 6 : 0;
	}
	len = len ? len : 5;
	if (len != 5 || len > avail)
		return 0;
	switch (pre[0]) {
	case KSPLICE_X86_CALL32:
		if (run[0] == KSPLICE_X86_CALL32 ||
		    ksplice_x86_all_nops(run, len) ||
		    !memcmp(run, ksplice_x86_xor5rax, len))
			return len;
		return 0;
	case KSPLICE_X86_JMP32_OPCODE:
		if (run[0] == KSPLICE_X86_JMP32_OPCODE ||
		    ksplice_x86_ret(run, len))
			return len;
		return 0;
	default:
		return 0;
	}
}

/* Length of a jump label site from its pre bytes: jmp8, jmp32 or a nop. */
static unsigned int ksplice_x86_jump_label_len(const u8 *pre,
					       unsigned long avail)
{
	if (pre[0] == KSPLICE_X86_JMP8)
		return 2;
	if (pre[0] == KSPLICE_X86_JMP32_OPCODE)
		return 5;
	return ksplice_x86_nop_len(pre, avail);
}

/**
 * ksplice_arch_match_site() - accept a runtime form of a pre site
 * @site: the site: its kind and, if known, its length
 * @pre: the pre code at the site
 * @run: the running code at the site
 * @avail: bytes readable at both @pre and @run from there
 * @run_addr: the address of @run in the running kernel
 *
 * The forms accepted, by kind:
 *
 *  - alternatives (and paravirt calls, which are alternatives in 6.12)
 *    are not sites of this hook: ksplice_arch_match_alt() takes their
 *    replacements, and the core compares their original instructions.
 *  - ftrace: the __fentry__ call (to any target: ftrace's trampolines)
 *    or a 5-byte nop.
 *  - jump labels: a nop or a jmp of the site's length (2 or 5).
 *  - static calls: the pre instruction (call or jmp) to any target, a
 *    5-byte nop, or "ret" and padding for a tail call to nothing.
 *  - retpolines: the thunk call or jmp (any thunk), or the inline forms
 *    that patch_retpoline() writes.
 *  - return thunks: "jmp" to any thunk, or "ret" and padding.
 *  - SMP locks: the lock prefix or the ds prefix that replaces it on UP.
 *  - runtime constants: any bytes within the immediate (8 or 1 bytes),
 *    which the boot code filled in with a variable's value; the opcode
 *    around it is compared as code.
 *
 * Any other kind, or a form not listed, returns 0: the core then compares
 * the site's bytes and relocations like any other code.
 *
 * Return: the number of bytes of the site accepted (on both sides), or 0.
 */
int ksplice_arch_match_site(const struct ksplice_site *site, const u8 *pre,
			    const u8 *run, unsigned long avail,
			    unsigned long run_addr)
{
	unsigned int len = site->len;

	if (!avail || len > avail)
		return 0;
	switch (site->kind) {
	case KSPLICE_SITE_MCOUNT:
		len = len ? len : 5;
		if (len != 5 || avail < 5)
			return 0;
		if (run[0] == KSPLICE_X86_CALL32 || ksplice_x86_all_nops(run, 5))
			return 5;
		return 0;
	case KSPLICE_SITE_JUMP_LABEL:
		len = len ? len : ksplice_x86_jump_label_len(pre, avail);
		if ((len != 2 && len != 5) || len > avail)
			return 0;
		if (ksplice_x86_all_nops(run, len) ||
		    run[0] == (len == 2 ? KSPLICE_X86_JMP8 :
			       KSPLICE_X86_JMP32_OPCODE))
			return len;
		return 0;
	case KSPLICE_SITE_STATIC_CALL:
		return ksplice_x86_static_call(pre, run, len, avail);
	case KSPLICE_SITE_RETPOLINE:
		/* The longest form is a jcc rel32, 6 bytes. */
		if (len ? len < 5 : avail < (pre[0] == 0x0f ? 6 : 5))
			return 0;
		return ksplice_x86_retpoline(pre, run, len);
	case KSPLICE_SITE_RETURN:
		len = len ? len : 5;
		if (len > avail)
			return 0;
		if (ksplice_x86_rel32(run, KSPLICE_X86_JMP32_OPCODE, len) ||
		    ksplice_x86_ret(run, len))
			return len;
		return 0;
	case KSPLICE_SITE_RUNTIME_CONST:
		return len == 8 || len == 1 ? len : 0;
	case KSPLICE_SITE_SMP_LOCK:
		if (pre[0] == KSPLICE_X86_LOCK &&
		    (run[0] == KSPLICE_X86_LOCK || run[0] == KSPLICE_X86_DS))
			return 1;
		return 0;
	default:
		return 0;
	}
}

#ifdef CONFIG_CALL_THUNKS
/* The accounting thunk before callees (<asm/ksplice.h>). */
static unsigned int ksplice_x86_thunk_size(void)
{
	return skl_call_thunk_tail - skl_call_thunk_template;
}
#else
static unsigned int ksplice_x86_thunk_size(void)
{
	return 0;
}
#endif

/**
 * ksplice_x86_thunk_dest() - the function a call to its call thunk calls
 * @target: where a running call or jump goes
 * @tsize: the size of the call thunks (0: none)
 *
 * With call depth tracking (retbleed=stuff) the boot code writes an
 * accounting thunk of @tsize bytes into the padding right before each
 * callee and sends the direct calls there (callthunks.c).  A target that
 * is exactly that far before a function stands for the function.
 *
 * Return: that function, or @target.
 */
VISIBLE_IF_KUNIT unsigned long ksplice_x86_thunk_dest(unsigned long target,
						      unsigned int tsize)
{
	unsigned long size, off, next;

	if (!tsize || !kallsyms_lookup_size_offset(target, &size, &off) ||
	    !off)
		return target;
	next = target - off + size;
	if (next - target != tsize ||
	    !kallsyms_lookup_size_offset(next, &size, &off) || off)
		return target;
	return next;
}

/**
 * ksplice_arch_reloc_target() - the target a running relocation refers to
 * @type: ELF relocation type (R_X86_64_*)
 * @site: the address of the field in the running kernel
 * @run: the field's running bytes
 * @avail: how many bytes may be read at @run
 * @addend: the relocation's addend
 * @target: set to the symbol's address (S, from S + A [- P])
 *
 * Return: the length of the field; -ENOSPC if it is longer than @avail
 * (nothing is read then), -ENOEXEC for an unknown type.
 */
int ksplice_arch_reloc_target(u32 type, unsigned long site, const u8 *run,
			      unsigned long avail, long addend,
			      unsigned long *target)
{
	unsigned int len;

	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32S:
	case R_X86_64_32:
		len = 4;
		break;
	case R_X86_64_64:
	case R_X86_64_PC64:
		len = 8;
		break;
	default:
		return -ENOEXEC;
	}
	if (len > avail)
		return -ENOSPC;

	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*target = site + (long)(s32)get_unaligned_le32(run) - addend;
		if (IS_ENABLED(CONFIG_CALL_THUNKS) && addend == -4)
			*target = ksplice_x86_thunk_dest(*target,
							 ksplice_x86_thunk_size());
		break;
	case R_X86_64_32S:
		*target = (long)(s32)get_unaligned_le32(run) - addend;
		break;
	case R_X86_64_32:
		*target = (unsigned long)get_unaligned_le32(run) - addend;
		break;
	case R_X86_64_64:
		*target = get_unaligned_le64(run) - addend;
		break;
	case R_X86_64_PC64:
		*target = site + get_unaligned_le64(run) - addend;
		break;
	}
	return len;
}

/*
 * Is @run, @len bytes, what the boot code writes for nops of that length
 * (add_nop(), optimize_nops()): nops, or a jmp over int3 to the end,
 * in any sequence that ends exactly at @len?
 */
static bool ksplice_x86_fill(const u8 *run, unsigned long len)
{
	unsigned long i = 0, to;
	unsigned int n;

	while (i < len) {
		n = ksplice_x86_nop_len(run + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		if (run[i] == KSPLICE_X86_JMP8 && i + 2 <= len)
			to = i + 2 + (s8)run[i + 1];
		else if (run[i] == KSPLICE_X86_JMP32_OPCODE && i + 5 <= len)
			to = i + 5 + (s32)get_unaligned_le32(run + i + 1);
		else
			return false;
		if (to > len || to < i + (run[i] == KSPLICE_X86_JMP8 ? 2 : 5))
			return false;
		for (i += run[i] == KSPLICE_X86_JMP8 ? 2 : 5; i < to; i++) {
			if (run[i] != KSPLICE_X86_INT3)
				return false;
		}
	}
	return true;
}

/* Length of the nops (no int3) @buf starts with, at most @len. */
static unsigned long ksplice_x86_nops(const u8 *buf, unsigned long len)
{
	unsigned long i = 0;
	unsigned int n;

	while (i < len) {
		n = ksplice_x86_nop_len(buf + i, len - i);
		if (!n)
			break;
		i += n;
	}
	return i;
}

/**
 * ksplice_arch_branch_field() - where the displacement of a branch is
 * @pre: pre code, at the offset where a thunk's relocation may belong
 * @avail: bytes readable at @pre
 *
 * The core finds the branches to the thunks by their relocations, whose
 * field is one byte after the opcode of a call or jmp rel32, two after
 * that of a jcc rel32.  The matcher does not decode instructions, so
 * it asks at every offset before a field: the byte before a jmp can be
 * a short jump's displacement (75 e9 e9 ...), which must not be taken
 * for the opcode of a 2-byte branch.  Only a real opcode says.
 *
 * Return: 1 if @pre starts with a call or jmp rel32 (e8, e9), 2 if with
 * a jcc rel32 (0f 80 to 0f 8f), or 0.
 */
unsigned int ksplice_arch_branch_field(const u8 *pre, unsigned long avail)
{
	if (avail >= 5 && (pre[0] == KSPLICE_X86_CALL32 ||
			   pre[0] == KSPLICE_X86_JMP32_OPCODE))
		return 1;
	if (avail >= 6 && pre[0] == 0x0f && (pre[1] & 0xf0) == 0x80)
		return 2;
	return 0;
}

/**
 * ksplice_arch_match_fill() - accept nops that the boot code rewrote
 * @pre: the pre code, in the original instructions of an alternative
 * @run: the running code there
 * @avail: bytes readable at both, to the end of the alternative
 *
 * The boot code runs optimize_nops() over the original instructions of
 * an alternative it does not replace: the assembler's one-byte nops of
 * the padding become longer nops, or a jmp over int3.
 *
 * Return: the length of the nops @pre starts with, if @run has a fill of
 * exactly that length there, else 0.
 */
unsigned int ksplice_arch_match_fill(const u8 *pre, const u8 *run,
				     unsigned long avail)
{
	unsigned long n = ksplice_x86_nops(pre, avail);

	return n && ksplice_x86_fill(run, n) ? n : 0;
}

/* The relocation of @site's replacement whose field starts at @off. */
static const struct ksplice_reloc *
ksplice_x86_repl_reloc(const struct ksplice_site *site, unsigned int off)
{
	unsigned int i;

	for (i = 0; i < site->nr_repl_relocs; i++) {
		if ((unsigned long)site->repl_relocs[i].site == off)
			return &site->repl_relocs[i];
	}
	return NULL;
}

/*
 * ALT_FLAG_DIRECT_CALL (paravirt): the original is "call *slot(%rip)",
 * ff 15 and a PC32 field; the boot code turned it into a direct call to
 * what the slot holds (pv_ops), or into nops when that is nop_func.
 */
static int ksplice_x86_alt_call(struct ksplice_match *m,
				const struct ksplice_func *f,
				const struct ksplice_site *site,
				unsigned int len, const u8 *run,
				unsigned long run_addr)
{
	const unsigned int insn = 6, field = 2;
	unsigned long value, slot, target;
	void *fn;

	if (len < insn || site->offset + insn > f->pre_size ||
	    f->pre_code[site->offset] != 0xff ||
	    f->pre_code[site->offset + 1] != 0x15 ||
	    ksplice_match_pre_value(m, f, site->offset + field, &value))
		return 0;
	/* RIP-relative: the slot is at S + A - P + (the insn's end). */
	slot = value + (insn - field);
	if (copy_from_kernel_nofault(&fn, (void *)slot, sizeof(fn)))
		return 0;
	if (fn == (void *)nop_func)
		return ksplice_x86_fill(run, len) ? len : 0;
	if (!fn)
		fn = (void *)BUG_func;
	if (run[0] != KSPLICE_X86_CALL32)
		return 0;
	target = run_addr + 5 + (s32)get_unaligned_le32(run + 1);
	if (target != (unsigned long)fn || !ksplice_x86_fill(run + 5, len - 5))
		return 0;
	return len;
}

/**
 * ksplice_arch_match_alt() - accept an alternative's replacement
 * @m: the matching state (for the replacement's relocations)
 * @f: the pre function
 * @site: the alternative entry, with its replacement (KSPLICE_ALT_REPL)
 * @len: the length of the site (the longest entry at its offset)
 * @run: the running code there, @len bytes readable
 * @run_addr: its address
 *
 * What apply_alternatives() writes: the replacement's bytes, its calls,
 * jumps and RIP-relative operands moved to reach the same targets from
 * the site (the targets are checked like those of any relocation, through
 * ksplice_match_target()), a jmp rel32 that reaches shortened to a jmp8
 * and int3, and nops (or a jump over int3) to the site's length.
 *
 * Return: @len if the running code is that replacement, else 0 (or
 * -ENOMEM).
 */
int ksplice_arch_match_alt(struct ksplice_match *m,
			   const struct ksplice_func *f,
			   const struct ksplice_site *site, unsigned int len,
			   const u8 *run, unsigned long run_addr)
{
	const struct ksplice_reloc *r;
	unsigned int j = 0, n;
	unsigned long target;
	u8 form[64], field[4];
	int k, ret;

	if (!(site->alt_flags & KSPLICE_ALT_REPL) || site->repl_len > len ||
	    len > sizeof(form) || (site->repl_len && !site->repl) ||
	    (site->nr_repl_relocs && !site->repl_relocs))
		return 0;
	if (site->alt_flags & KSPLICE_ALT_DIRECT_CALL)
		return ksplice_x86_alt_call(m, f, site, len, run, run_addr);
	memcpy(form, site->repl, site->repl_len);
	memset(form + site->repl_len, KSPLICE_X86_NOP, len - site->repl_len);

	while (j < len) {
		r = ksplice_x86_repl_reloc(site, j);
		if (r) {
			k = ksplice_arch_reloc_target(r->type, run_addr + j,
						      run + j, len - j,
						      r->addend, &target);
			if (k <= 0)
				return 0;
			ret = ksplice_match_target(m, r, target);
			if (ret)
				return ret == -ENOMEM ? ret : 0;
			j += k;
			continue;
		}
		r = j + 5 <= len ? ksplice_x86_repl_reloc(site, j + 1) : NULL;
		if (r && form[j] == KSPLICE_X86_JMP32_OPCODE &&
		    run[j] == KSPLICE_X86_JMP8) {
			/* The jmp8 form of jmp rel32: the same destination. */
			target = run_addr + j + 2 + (s8)run[j + 1];
			if (memchr_inv(run + j + 2, KSPLICE_X86_INT3, 3))
				return 0;
			put_unaligned_le32((u32)(target - (run_addr + j + 5)),
					   field);
			if (ksplice_arch_reloc_target(r->type, run_addr + j + 1,
						      field, sizeof(field),
						      r->addend, &target) !=
			    sizeof(field))
				return 0;
			ret = ksplice_match_target(m, r, target);
			if (ret)
				return ret == -ENOMEM ? ret : 0;
			j += 5;
			continue;
		}
		n = ksplice_x86_nops(form + j, len - j);
		if (n) {
			if (!ksplice_x86_fill(run + j, n))
				return 0;
			j += n;
			continue;
		}
		if (form[j] != run[j])
			return 0;
		j++;
	}
	return len;
}
