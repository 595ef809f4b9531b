// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice core: shadow data.
 *
 * An update cannot change the layout of a structure the running kernel
 * already uses: every existing instance, and every piece of code that is
 * not replaced, has the old layout.  Shadow data adds a field without
 * touching the layout: a block of memory attached to an object (any
 * pointer) under an id chosen by the patch author, found again from the
 * same (object, id) pair.
 *
 * The blocks live in a hash table keyed by the object's address.  Lookup
 * is lockless (RCU); adding and removing take a spinlock, with interrupts
 * off, so all of it works from any context the caller's GFP flags allow.
 * Memory is allocated before the lock is taken, with the caller's flags.
 *
 * This code is built into the kernel, not into the update modules: data
 * attached by one update stays when that update is reversed and its
 * module unloaded, and a later update can find it by the same id.  Ids
 * are therefore a contract between updates; nothing here frees data on
 * behalf of an update that goes away.
 */

#define pr_fmt(fmt) "ksplice: " fmt

#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/ksplice.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/**
 * struct ksplice_shadow - one block of shadow data
 * @node:	entry in ksplice_shadow_hash
 * @rcu:	for freeing after lockless readers are done
 * @obj:	the object it is attached to
 * @id:	the patch author's id
 * @data:	what ksplice_shadow_get() returns
 */
struct ksplice_shadow {
	struct hlist_node node;
	struct rcu_head rcu;
	void *obj;
	unsigned long id;
	char data[] __aligned(sizeof(u64));
};

#define KSPLICE_SHADOW_HASH_BITS	12

static DEFINE_HASHTABLE(ksplice_shadow_hash, KSPLICE_SHADOW_HASH_BITS);

/* Serialises changes of ksplice_shadow_hash; lookups take only RCU. */
static DEFINE_SPINLOCK(ksplice_shadow_lock);

static unsigned long ksplice_shadow_key(const void *obj)
{
	return (unsigned long)obj;
}

/* Caller holds rcu_read_lock() or ksplice_shadow_lock. */
static struct ksplice_shadow *ksplice_shadow_find(const void *obj,
						  unsigned long id)
{
	struct ksplice_shadow *sh;

	hash_for_each_possible_rcu(ksplice_shadow_hash, sh, node,
				   ksplice_shadow_key(obj),
				   lockdep_is_held(&ksplice_shadow_lock)) {
		if (sh->obj == obj && sh->id == id)
			return sh;
	}
	return NULL;
}

/**
 * ksplice_shadow_get() - find the shadow data of an object
 * @obj: the object the data is attached to
 * @id: the id it was attached under
 *
 * The pointer stays valid until the data is freed (ksplice_shadow_free()
 * or ksplice_shadow_free_all()); making sure that does not happen while
 * it is in use is up to the patch, as for the object itself.
 *
 * Context: any context.
 * Return: the data, or NULL if @obj has none under @id.
 */
void *ksplice_shadow_get(void *obj, unsigned long id)
{
	struct ksplice_shadow *sh;
	void *data = NULL;

	rcu_read_lock();
	sh = ksplice_shadow_find(obj, id);
	if (sh)
		data = sh->data;
	rcu_read_unlock();
	return data;
}
EXPORT_SYMBOL_GPL(ksplice_shadow_get);

static void *ksplice_shadow_attach(void *obj, unsigned long id, size_t size,
				   gfp_t gfp_flags,
				   ksplice_shadow_ctor_t ctor, void *ctor_data,
				   bool reuse)
{
	struct ksplice_shadow *sh, *new;
	unsigned long flags;
	void *data;
	int ret;

	/* The common case of get_or_alloc: there already. */
	if (reuse) {
		data = ksplice_shadow_get(obj, id);
		if (data)
			return data;
	}

	/* Allocate outside the lock: the flags may allow sleeping. */
	new = kzalloc(struct_size(new, data, size), gfp_flags);
	if (!new)
		return NULL;
	new->obj = obj;
	new->id = id;

	spin_lock_irqsave(&ksplice_shadow_lock, flags);
	sh = ksplice_shadow_find(obj, id);
	if (sh) {
		/* Someone attached it meanwhile, or it was there already. */
		spin_unlock_irqrestore(&ksplice_shadow_lock, flags);
		kfree(new);
		if (reuse)
			return sh->data;
		pr_debug("shadow data %lu of %p exists already\n", id, obj);
		return NULL;
	}
	/*
	 * The constructor runs under the lock, before the data is visible:
	 * two callers racing for the same object and id run it once.
	 */
	if (ctor) {
		ret = ctor(obj, new->data, ctor_data);
		if (ret) {
			spin_unlock_irqrestore(&ksplice_shadow_lock, flags);
			pr_debug("shadow data %lu of %p: constructor %ps failed: %d\n",
				 id, obj, ctor, ret);
			kfree(new);
			return NULL;
		}
	}
	hash_add_rcu(ksplice_shadow_hash, &new->node, ksplice_shadow_key(obj));
	spin_unlock_irqrestore(&ksplice_shadow_lock, flags);
	return new->data;
}

/**
 * ksplice_shadow_alloc() - attach new shadow data to an object
 * @obj: the object
 * @id: the id to attach it under
 * @size: size of the data
 * @gfp_flags: how to allocate it (GFP_KERNEL, GFP_ATOMIC, ...)
 * @ctor: called to initialise the data before anyone can see it, or
 *	  NULL to leave it zeroed; it runs under a spinlock, interrupts
 *	  off, and must not sleep; non-zero aborts the attach
 * @ctor_data: passed to @ctor
 *
 * Context: any context that @gfp_flags allow.
 * Return: the new data, zeroed unless @ctor set it; NULL if @obj already
 * has data under @id, if memory ran out or if @ctor failed.
 */
void *ksplice_shadow_alloc(void *obj, unsigned long id, size_t size,
			   gfp_t gfp_flags, ksplice_shadow_ctor_t ctor,
			   void *ctor_data)
{
	return ksplice_shadow_attach(obj, id, size, gfp_flags, ctor,
				     ctor_data, false);
}
EXPORT_SYMBOL_GPL(ksplice_shadow_alloc);

/**
 * ksplice_shadow_get_or_alloc() - the shadow data of an object, attached
 * if it has none yet
 * @obj: the object
 * @id: the id
 * @size: size of the data, if it is allocated
 * @gfp_flags: how to allocate it
 * @ctor: as for ksplice_shadow_alloc(); not called if the data exists
 * @ctor_data: passed to @ctor
 *
 * Context: any context that @gfp_flags allow.
 * Return: the existing data, or the new one; NULL if memory ran out or
 * @ctor failed.
 */
void *ksplice_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				  gfp_t gfp_flags, ksplice_shadow_ctor_t ctor,
				  void *ctor_data)
{
	return ksplice_shadow_attach(obj, id, size, gfp_flags, ctor,
				     ctor_data, true);
}
EXPORT_SYMBOL_GPL(ksplice_shadow_get_or_alloc);

/* Unhash and free one block; ksplice_shadow_lock held. */
static void ksplice_shadow_drop(struct ksplice_shadow *sh,
				ksplice_shadow_dtor_t dtor)
{
	hash_del_rcu(&sh->node);
	if (dtor)
		dtor(sh->obj, sh->data);
	kfree_rcu(sh, rcu);
}

/**
 * ksplice_shadow_free() - detach and free the shadow data of an object
 * @obj: the object
 * @id: the id the data is attached under
 * @dtor: called with the data before it is freed, or NULL; it runs under
 *	  a spinlock, interrupts off, and must not sleep
 *
 * Nothing happens if @obj has no data under @id.  Lockless readers that
 * found the data before may use it until their RCU read side ends.
 *
 * Context: any context.
 */
void ksplice_shadow_free(void *obj, unsigned long id,
			 ksplice_shadow_dtor_t dtor)
{
	struct ksplice_shadow *sh;
	unsigned long flags;

	spin_lock_irqsave(&ksplice_shadow_lock, flags);
	sh = ksplice_shadow_find(obj, id);
	if (sh)
		ksplice_shadow_drop(sh, dtor);
	spin_unlock_irqrestore(&ksplice_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(ksplice_shadow_free);

/**
 * ksplice_shadow_free_all() - free the shadow data of every object under
 * one id
 * @id: the id
 * @dtor: called with each object and its data before the data is freed,
 *	  or NULL; it runs under a spinlock, interrupts off
 *
 * For an update whose reverse hook must drop what it attached, since
 * shadow data outlives the update module.
 *
 * Context: any context; the whole table is walked with interrupts off.
 */
void ksplice_shadow_free_all(unsigned long id, ksplice_shadow_dtor_t dtor)
{
	struct ksplice_shadow *sh;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&ksplice_shadow_lock, flags);
	hash_for_each_safe(ksplice_shadow_hash, bkt, tmp, sh, node) {
		if (sh->id == id)
			ksplice_shadow_drop(sh, dtor);
	}
	spin_unlock_irqrestore(&ksplice_shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(ksplice_shadow_free_all);
