// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: fallbacks for the architecture hooks declared in
 * <linux/ksplice.h>.  An architecture provides the real ones in
 * arch/<arch>/kernel/ksplice.c; until it does, these refuse every update
 * ("no jump code for this architecture") so that the kernel still builds.
 */

#include <linux/errno.h>
#include <linux/ksplice.h>
#include <linux/sched.h>

int __weak ksplice_arch_jump_site(unsigned long entry, unsigned long size,
				  unsigned long *site, const char **why)
{
	*why = "no jump code for this architecture";
	return -EOPNOTSUPP;
}

/* An ftrace site that the function's own code comes before is not. */
bool __weak ksplice_arch_ftrace_at_entry(unsigned long entry,
					 unsigned long ip)
{
	return ip == entry;
}

int __weak ksplice_arch_encode_jump(unsigned long site, unsigned long target,
				    u8 *insn)
{
	return -EOPNOTSUPP;
}

void __weak ksplice_arch_write_jump(unsigned long site, const u8 *insn,
				    unsigned int len)
{
}

void __weak ksplice_arch_sync_cpu(void)
{
}

int __weak ksplice_arch_reloc(u32 type, unsigned long site,
			      unsigned long value, u8 *buf)
{
	return -EOPNOTSUPP;
}

int __weak ksplice_arch_write_ro(void *dst, const void *src, size_t len)
{
	return -EOPNOTSUPP;
}

unsigned long __weak ksplice_arch_task_sp(struct task_struct *t)
{
	return 0;	/* the stack check then reads the whole stack */
}

unsigned long __weak ksplice_arch_task_ip(struct task_struct *t)
{
	return 0;
}

int __weak ksplice_arch_match_entry(const u8 *pre, const u8 *run,
				    unsigned long avail)
{
	return 0;
}

int __weak ksplice_arch_match_site(const struct ksplice_site *site,
				   const u8 *pre, const u8 *run,
				   unsigned long avail, unsigned long run_addr)
{
	return 0;	/* compare the site's bytes like any others */
}

unsigned long __weak ksplice_arch_padding(const u8 *buf, unsigned long len)
{
	return 0;
}

int __weak ksplice_arch_reloc_target(u32 type, unsigned long site,
				     const u8 *run, unsigned long avail,
				     long addend, unsigned long *target)
{
	return -EOPNOTSUPP;
}

int __weak ksplice_arch_match_alt(struct ksplice_match *m,
				  const struct ksplice_func *f,
				  const struct ksplice_site *site,
				  unsigned int len, const u8 *run,
				  unsigned long run_addr)
{
	return 0;	/* no replacement accepted: the original bytes only */
}

unsigned int __weak ksplice_arch_match_fill(const u8 *pre, const u8 *run,
					    unsigned long avail)
{
	return 0;
}

unsigned int __weak ksplice_arch_branch_field(const u8 *pre,
					      unsigned long avail)
{
	return 0;	/* no thunk sites */
}
