// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs interface of ksplice: /sys/kernel/ksplice/, one directory per
 * update.  The ABI is documented in
 * Documentation/ABI/testing/sysfs-kernel-ksplice.
 *
 * The directory's kobject also holds the core's record of the update
 * (struct ksplice_state), which lives until the last reference to the
 * kobject goes.  Readers take ksplice_mutex; the directory is removed
 * with the mutex released, so that removal can wait for a writer of
 * "stage" that waits for the mutex.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/capability.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/ksplice.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "ksplice_internal.h"

struct kobject *ksplice_root_kobj;

static struct ksplice_state *to_state(struct kobject *kobj)
{
	return container_of(kobj, struct ksplice_state, kobj);
}

static ssize_t stage_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct ksplice_state *s = to_state(kobj);
	bool applied;

	if (mutex_lock_interruptible(&ksplice_mutex))
		return -EINTR;
	applied = s->stage == KSPLICE_STAGE_APPLIED;
	mutex_unlock(&ksplice_mutex);
	return sysfs_emit(buf, "%s\n", applied ? "applied" : "reversed");
}

static ssize_t stage_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	struct ksplice_state *s = to_state(kobj);
	enum ksplice_stage want;
	int ret;

	/* Changing kernel code is what loading a module may do. */
	if (!capable(CAP_SYS_MODULE))
		return -EPERM;
	if (sysfs_streq(buf, "reversed"))
		want = KSPLICE_STAGE_REVERSED;
	else if (sysfs_streq(buf, "applied"))
		want = KSPLICE_STAGE_APPLIED;
	else
		return -EINVAL;
	ret = ksplice_set_stage(s, want, ksplice_stack_bound());
	return ret ? ret : count;
}

static ssize_t abort_cause_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	enum ksplice_cause cause;

	if (mutex_lock_interruptible(&ksplice_mutex))
		return -EINTR;
	cause = to_state(kobj)->cause;
	mutex_unlock(&ksplice_mutex);
	return sysfs_emit(buf, "%s\n", ksplice_cause_name(cause));
}

static ssize_t conflicts_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct ksplice_state *s = to_state(kobj);
	struct ksplice_conflict *c;
	unsigned int i;
	int len = 0;

	if (mutex_lock_interruptible(&ksplice_mutex))
		return -EINTR;
	for (i = 0; i < s->nr_conflicts; i++) {
		c = &s->conflicts[i];
		if (c->pid < 0)
			len += sysfs_emit_at(buf, len, "kprobe - %s\n", c->func);
		else
			len += sysfs_emit_at(buf, len, "%s %d %s\n", c->comm,
					     c->pid, c->func);
	}
	mutex_unlock(&ksplice_mutex);
	return len;
}

static ssize_t pause_ns_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	u64 pause_ns;

	if (mutex_lock_interruptible(&ksplice_mutex))
		return -EINTR;
	pause_ns = to_state(kobj)->pause_ns;
	mutex_unlock(&ksplice_mutex);
	return sysfs_emit(buf, "%llu\n", pause_ns);
}

static ssize_t functions_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct ksplice_state *s = to_state(kobj);
	const struct ksplice_func *f;
	unsigned int i;
	int len = 0;

	if (mutex_lock_interruptible(&ksplice_mutex))
		return -EINTR;
	for (i = 0; i < s->nr_patches; i++) {
		f = s->patches[i].func;
		len += sysfs_emit_at(buf, len, "%s %s 0x%lx\n", f->name,
				     f->objname ? f->objname : "vmlinux",
				     s->patches[i].addr);
	}
	mutex_unlock(&ksplice_mutex);
	return len;
}

static struct kobj_attribute stage_attr = __ATTR_RW(stage);
static struct kobj_attribute abort_cause_attr = __ATTR_RO(abort_cause);
static struct kobj_attribute conflicts_attr = __ATTR_RO(conflicts);
static struct kobj_attribute pause_ns_attr = __ATTR_RO(pause_ns);
static struct kobj_attribute functions_attr = __ATTR_RO_MODE(functions, 0400);

static struct attribute *ksplice_update_attrs[] = {
	&stage_attr.attr,
	&abort_cause_attr.attr,
	&conflicts_attr.attr,
	&pause_ns_attr.attr,
	&functions_attr.attr,
	NULL
};
ATTRIBUTE_GROUPS(ksplice_update);

static void ksplice_state_release(struct kobject *kobj)
{
	struct ksplice_state *s = to_state(kobj);

	kfree(s->patches);
	ksplice_match_free(&s->match);
	kfree(s);
}

static const struct kobj_type ksplice_update_ktype = {
	.release = ksplice_state_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = ksplice_update_groups,
};

/**
 * ksplice_state_alloc() - a new record for an update
 * @u: the update
 *
 * Return: the record, not yet in sysfs, or NULL.  Free it with
 * ksplice_state_put().
 */
struct ksplice_state *ksplice_state_alloc(const struct ksplice_update *u)
{
	struct ksplice_state *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	kobject_init(&s->kobj, &ksplice_update_ktype);
	INIT_LIST_HEAD(&s->list);
	s->update = u;
	s->stage = KSPLICE_STAGE_NEW;
	return s;
}

/**
 * ksplice_state_put() - drop a reference to an update's record
 * @s: the record
 */
void ksplice_state_put(struct ksplice_state *s)
{
	kobject_put(&s->kobj);
}

/**
 * ksplice_sysfs_add() - make /sys/kernel/ksplice/NAME
 * @s: the update
 *
 * Context: ksplice_mutex held.
 * Return: 0, or a negative errno with the cause recorded in @s.
 */
int ksplice_sysfs_add(struct ksplice_state *s)
{
	int ret;

	ret = kobject_add(&s->kobj, ksplice_root_kobj, "%s", s->update->name);
	if (ret) {
		ksplice_fail(s, ret == -ENOMEM ? KSPLICE_CAUSE_OUT_OF_MEMORY :
			     KSPLICE_CAUSE_UNEXPECTED,
			     "cannot create /sys/kernel/ksplice/%s: %d",
			     s->update->name, ret);
		return ret;
	}
	s->sysfs = true;
	return 0;
}

/**
 * ksplice_sysfs_del() - remove /sys/kernel/ksplice/NAME, if made
 * @s: the update
 *
 * Context: ksplice_mutex not held (removal waits for readers).
 */
void ksplice_sysfs_del(struct ksplice_state *s)
{
	if (!s->sysfs)
		return;
	kobject_del(&s->kobj);
	s->sysfs = false;
}

int __init ksplice_sysfs_init(void)
{
	ksplice_root_kobj = kobject_create_and_add("ksplice", kernel_kobj);
	if (!ksplice_root_kobj)
		return -ENOMEM;
	return 0;
}
