/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the ksplice core, shared between its files and
 * its KUnit tests.  Nothing here is for update modules: those use
 * <linux/ksplice.h>.
 */
#ifndef _KSPLICE_INTERNAL_H
#define _KSPLICE_INTERNAL_H

#include <linux/kobject.h>
#include <linux/ksplice.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/types.h>

/* /sys/kernel/ksplice/, parent of one directory per update. */
extern struct kobject *ksplice_root_kobj;

/* Serialises everything the core does; protects the update list. */
extern struct mutex ksplice_mutex;

/* Switch attempts before code_busy, and the first wait between them. */
extern unsigned int ksplice_max_tries;
extern unsigned int ksplice_retry_delay_ms;

enum ksplice_stage {
	KSPLICE_STAGE_NEW,		/* being registered, never applied */
	KSPLICE_STAGE_APPLIED,
	KSPLICE_STAGE_REVERSED,
};

/* Why an apply or a reverse failed: one word each (ksplice_cause_name). */
enum ksplice_cause {
	KSPLICE_CAUSE_NONE,
	KSPLICE_CAUSE_NO_MATCH,
	KSPLICE_CAUSE_CODE_BUSY,
	KSPLICE_CAUSE_TARGET_NOT_LOADED,
	KSPLICE_CAUSE_FAILED_TO_FIND,
	KSPLICE_CAUSE_OUT_OF_MEMORY,
	KSPLICE_CAUSE_CALL_FAILED,
	KSPLICE_CAUSE_MODULE_BUSY,
	KSPLICE_CAUSE_UNEXPECTED,
	KSPLICE_CAUSE_OUT_OF_ORDER,
	KSPLICE_NR_CAUSES
};

#define KSPLICE_MAX_CONFLICTS	16
#define KSPLICE_DETAIL_LEN	256

/* A task (or a kprobe, pid < 0) found inside the code being switched. */
struct ksplice_conflict {
	char comm[TASK_COMM_LEN];
	pid_t pid;
	const char *func;		/* the function it is inside */
	unsigned long addr;		/* the word or probe that hit */
};

/* An address range the switch must find no task in. */
struct ksplice_range {
	unsigned long start;
	unsigned long end;		/* exclusive */
	unsigned long max_end;		/* of this and the ranges sorted before */
	const char *name;		/* the replaced function it stands for */
};

/**
 * struct ksplice_patch - the core's record of one replaced function
 * @func:	the update's description of it
 * @addr:	the running function
 * @size:	its size (kallsyms)
 * @cold_addr:	its NAME.cold part, if the compiler split one off, or 0
 * @cold_size:	size of the cold part
 * @new_addr:	the new function
 * @new_size:	its size
 * @site:	where the jump goes (past endbr64 and the ftrace site on x86),
 *		or, with @redirect, the ftrace site
 * @len:	length of the jump; 0 with @redirect
 * @redirect:	the bytes a jump would take belong to other code patching
 *		(a static branch, a static call): the function is replaced
 *		through its ftrace site instead (redirect.c)
 * @jump:	the jump, encoded
 * @saved:	the bytes the jump replaced when it was written (the
 *		original code, or the jump of the update below)
 * @matched:	where run-pre matching found the code the update was made
 *		against: @addr, or the new code of the update that had
 *		replaced the function then; 0 if not matched (no pre code)
 * @copy_site:	when the update stacks on one that replaced the function
 *		too: where a second jump goes, in that update's new code,
 *		which that update's other functions call directly; else 0
 * @copy_len:	length of that jump
 * @copy_jump:	that jump, encoded
 * @copy_saved:	the bytes it replaced
 */
struct ksplice_patch {
	const struct ksplice_func *func;
	unsigned long addr;
	unsigned long size;
	unsigned long cold_addr;
	unsigned long cold_size;
	unsigned long new_addr;
	unsigned long new_size;
	unsigned long site;
	unsigned int len;
	bool redirect;
	u8 jump[KSPLICE_MAX_JUMP];
	u8 saved[KSPLICE_MAX_JUMP];
	unsigned long matched;
	unsigned long copy_site;
	unsigned int copy_len;
	u8 copy_jump[KSPLICE_MAX_JUMP];
	u8 copy_saved[KSPLICE_MAX_JUMP];
};

/**
 * struct ksplice_symres - a symbol resolved by run-pre matching
 * @name:	the symbol (or, with @section, the pre object's section)
 * @objname:	NULL for vmlinux, else its module
 * @unit:	for @local: the update's object file the name belongs to
 * @addr:	its address, derived from the running code
 * @addend:	for @section only: the relocation's addend, part of the key
 * @piece:	for @section only: where the piece starts, part of the key
 * @local:	a static symbol or a section: its name means something in
 *		@unit only
 * @section:	a KSPLICE_RELOC_SECTION target (no symbol)
 */
struct ksplice_symres {
	const char *name;
	const char *objname;
	const char *unit;
	unsigned long addr;
	long addend;
	unsigned long piece;
	bool local;
	bool section;
};

/**
 * struct ksplice_symkey - what names a symbol for run-pre matching
 * @name:	the symbol, or the pre object's section
 * @objname:	NULL or "vmlinux" for vmlinux, else its module
 * @unit:	the update's object file the reference comes from, or NULL
 * @addend:	for sections: the relocation's addend
 * @piece:	for sections: where the piece the site points into starts
 *		(pre_data_off), as two pieces may be reached at one addend
 * @flags:	KSPLICE_RELOC_LOCAL, KSPLICE_RELOC_SECTION
 *
 * A global name is one symbol whatever object refers to it; a local one
 * (and an anonymous piece of a section) is one per object file.
 */
struct ksplice_symkey {
	const char *name;
	const char *objname;
	const char *unit;
	long addend;
	unsigned long piece;
	u32 flags;
};

static inline struct ksplice_symkey ksplice_key_of(const struct ksplice_reloc *r)
{
	return (struct ksplice_symkey) {
		.name = r->name, .objname = r->objname, .unit = r->unit,
		.addend = r->addend, .flags = r->flags,
		.piece = r->pre_data ? r->pre_data_off : 0,
	};
}

/**
 * struct ksplice_match - what run-pre matching has learnt about an update
 * @syms:	symbols resolved so far, all consistent with each other
 * @nr_syms:	number of @syms
 * @cap_syms:	room in @syms
 * @check_kallsyms: check that a text target has the name the relocation
 *		gives it, when kallsyms knows the name (off in KUnit)
 * @fail_off:	the first offset that differed, at the last mismatch
 * @why:	what differed there
 * @fail_sym:	the symbol involved, if any
 * @fail_cand:	ksplice_match_pick(): the candidate that went furthest
 * @matches:	ksplice_match_pick(): the candidates that matched (bits)
 * @verbose:	log a no_match's bytes at info level, not debug (sweep)
 * @dump:	log the bytes of the next mismatch at info level
 */
struct ksplice_match {
	struct ksplice_symres *syms;
	unsigned int nr_syms;
	unsigned int cap_syms;
	bool check_kallsyms;
	unsigned long fail_off;
	const char *why;
	const char *fail_sym;
	unsigned int fail_cand;
	u32 matches;
	bool verbose;
	bool dump;
};

/**
 * struct ksplice_cand - a running function a pre function may be
 * @addr:	the address of the code that runs for it (a copy of which
 *		is @code)
 * @code:	that code
 * @size:	its length
 * @func:	the function, when the code that runs for it is elsewhere
 *		(the new code of an applied update that replaced it), else 0
 * @owner:	that update
 */
struct ksplice_cand {
	unsigned long addr;
	const u8 *code;
	unsigned long size;
	unsigned long func;
	const struct ksplice_state *owner;
};

/**
 * struct ksplice_state - the core's record of one registered update
 * @kobj:	/sys/kernel/ksplice/NAME
 * @list:	entry in the registry, in order of registration
 * @update:	what the update module handed over
 * @stage:	applied or reversed
 * @cause:	why the last apply or reverse failed, or none
 * @detail:	the details of @cause, as logged
 * @pause_ns:	how long the machine was stopped at the last switch
 * @seq:	when it was applied (a counter), for the order of undo
 * @patches:	one per replaced function, then one per function matched
 *		only (KSPLICE_FUNC_MATCH_ONLY)
 * @nr_patches:	number of replaced functions, the first of @patches
 * @nr_match_only: number of functions matched only, after them
 * @targets:	modules the update patches or refers to, referenced
 * @nr_targets:	number of @targets
 * @conflicts:	what the last switch found in the way
 * @nr_conflicts: number of @conflicts recorded
 * @nr_conflicts_seen: number found (may exceed KSPLICE_MAX_CONFLICTS)
 * @relocated:	the update's relocations have been written
 * @mod_ref:	the core holds a reference on the update module
 * @sysfs:	@kobj has been added to sysfs
 * @gone:	unregistered: no operation may start on it
 * @match:	symbols resolved by run-pre matching
 * @redirect:	while applied (or being applied), the ftrace_ops of the
 *		functions it replaces through their ftrace site (redirect.c)
 */
struct ksplice_state {
	struct kobject kobj;
	struct list_head list;
	const struct ksplice_update *update;
	enum ksplice_stage stage;
	enum ksplice_cause cause;
	char detail[KSPLICE_DETAIL_LEN];
	u64 pause_ns;
	u64 seq;
	struct ksplice_patch *patches;
	unsigned int nr_patches;
	unsigned int nr_match_only;
	struct module **targets;
	unsigned int nr_targets;
	struct ksplice_conflict conflicts[KSPLICE_MAX_CONFLICTS];
	unsigned int nr_conflicts;
	unsigned int nr_conflicts_seen;
	bool relocated;
	bool mod_ref;
	bool sysfs;
	bool gone;
	struct ksplice_match match;
	struct ksplice_redirect *redirect;
};

/* core.c */
int ksplice_check_update(const struct ksplice_update *u);
const char *ksplice_cause_name(enum ksplice_cause cause);
int ksplice_cause_errno(enum ksplice_cause cause);
__printf(3, 4)
void ksplice_fail(struct ksplice_state *s, enum ksplice_cause cause,
		  const char *fmt, ...);
struct ksplice_state *ksplice_state_of(const struct ksplice_update *update);
int ksplice_set_stage(struct ksplice_state *s, enum ksplice_stage want,
		      unsigned long stack_bound);
int ksplice_change_stage(const struct ksplice_update *update,
			 enum ksplice_stage want);
#if IS_ENABLED(CONFIG_KUNIT)
/* What the last failure recorded, for the KUnit tests (VISIBLE_IF_KUNIT). */
extern enum ksplice_cause ksplice_last_cause;
extern char ksplice_last_detail[KSPLICE_DETAIL_LEN];
#endif

/* lookup.c */
static inline bool ksplice_is_vmlinux(const char *objname)
{
	return !objname || !strcmp(objname, "vmlinux");
}

void ksplice_kallsyms_each(const char *name, const char *objname,
			   int (*fn)(void *data, unsigned long addr),
			   void *data);
int ksplice_lookup(const char *name, const char *objname,
		   unsigned long *addr, unsigned int *count);
int ksplice_get_target(struct ksplice_state *s, const char *objname);
void ksplice_put_targets(struct ksplice_state *s);
int ksplice_resolve(struct ksplice_state *s);

bool ksplice_text_ok(const char *objname, unsigned long addr);

/* match.c */
int ksplice_match_code(struct ksplice_match *m, const struct ksplice_func *f,
		       const struct ksplice_cand *c);
int ksplice_match_pick(struct ksplice_match *m, const struct ksplice_func *f,
		       const struct ksplice_cand *c, unsigned int nr,
		       unsigned int *which);
int ksplice_match_add(struct ksplice_match *m,
		      const struct ksplice_symkey *key, unsigned long addr);
bool ksplice_match_sym(const struct ksplice_match *m,
		       const struct ksplice_symkey *key, unsigned long *addr);
void ksplice_match_free(struct ksplice_match *m);
int ksplice_match_func(struct ksplice_state *s, struct ksplice_patch *p,
		       bool last);
int ksplice_match_neighbour(struct ksplice_state *s, const char *objname,
			    const char *unit, u32 order,
			    const unsigned long *cand, unsigned int nr);
int ksplice_match_sym_neighbour(struct ksplice_state *s,
				const struct ksplice_reloc *r,
				unsigned long *addr);

/* reloc.c */
int ksplice_relocate(struct ksplice_state *s);
int ksplice_reloc_write(struct module *mod, const struct ksplice_reloc *r,
			unsigned long addr);
int ksplice_runtime_const_bytes(u32 width, unsigned long var, u8 *buf);

/* early.c */
int ksplice_early_relocate(struct module *mod);
int ksplice_early_init(void);

/* stack.c */
int ksplice_range_find(const struct ksplice_range *r, unsigned int nr,
		       unsigned long val);
void ksplice_ranges_sort(struct ksplice_range *r, unsigned int nr);
long ksplice_scan_words(const unsigned long *lo, const unsigned long *hi,
			const struct ksplice_range *r, unsigned int nr,
			int *which);
unsigned int ksplice_check_tasks(struct ksplice_state *s,
				 const struct ksplice_range *r,
				 unsigned int nr,
				 struct task_struct *initiator,
				 unsigned long stack_bound);

/* redirect.c */
struct ksplice_redirect;
#ifdef CONFIG_KSPLICE_FTRACE_REDIRECT
bool ksplice_redirect_site(unsigned long addr, unsigned long *ip);
int ksplice_redirect_prepare(struct ksplice_state *s,
			     struct ksplice_patch **below);
void ksplice_redirect_arm(struct ksplice_state *s, bool on);
void ksplice_redirect_release(struct ksplice_state *s);
#else
static inline bool ksplice_redirect_site(unsigned long addr,
					 unsigned long *ip)
{
	return false;
}

static inline int ksplice_redirect_prepare(struct ksplice_state *s,
					   struct ksplice_patch **below)
{
	return 0;
}

static inline void ksplice_redirect_arm(struct ksplice_state *s, bool on)
{
}

static inline void ksplice_redirect_release(struct ksplice_state *s)
{
}
#endif

/* switch.c */
struct ksplice_patch *ksplice_top(struct ksplice_state *self,
				  unsigned long addr,
				  struct ksplice_state **owner);
int ksplice_state_apply(struct ksplice_state *s, unsigned long stack_bound);
int ksplice_state_reverse(struct ksplice_state *s, unsigned long stack_bound);
struct ksplice_state *ksplice_blocker(struct ksplice_state *s,
				      const char **func);

/* sweep.c (with the KUnit tests) */
int ksplice_sweep(const struct ksplice_update *u);

/* sysfs.c */
int ksplice_sysfs_init(void);
struct ksplice_state *ksplice_state_alloc(const struct ksplice_update *u);
int ksplice_sysfs_add(struct ksplice_state *s);
void ksplice_sysfs_del(struct ksplice_state *s);
void ksplice_state_put(struct ksplice_state *s);

/* The registry, in order of registration; under ksplice_mutex. */
extern struct list_head ksplice_updates;

/*
 * The stack bound of the task that asks for a switch: its stack below
 * this address holds only the core's own frames, which may hold the
 * very addresses being checked, so the check starts here for it.
 */
#define ksplice_stack_bound()	((unsigned long)__builtin_frame_address(0))

#endif /* _KSPLICE_INTERNAL_H */
