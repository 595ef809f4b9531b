/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixes written for kpatch's callback macros, built with "make ksplice":
 * each callback becomes the ksplice hook of the same moment
 * (include/linux/ksplice.h).  A pre-patch callback that fails makes the
 * update abort with call_failed, as it makes kpatch refuse the patch.
 * The callbacks get no object: a ksplice update is one unit.
 *
 * The source includes it as "kpatch-macros.h", which kbuild's include
 * path finds here.  What has no ksplice meaning fails the build.
 */
#ifndef _KPATCH_MACROS_H
#define _KPATCH_MACROS_H

#include <linux/build_bug.h>
#include <linux/ksplice.h>

#define patch_object struct ksplice_update

/*
 * The hook that stands for callback @fn: a pre-patch callback's result
 * is the hook's, the others cannot fail.
 */
#define __KPATCH_KSPLICE_HOOK(kind, fn, call)				\
	static int __kpatch_##kind##_##fn(void)				\
	{								\
		return call(fn);					\
	}								\
	ksplice_##kind(__kpatch_##kind##_##fn)

#define __kpatch_call_int(fn)	fn(NULL)
#define __kpatch_call_void(fn)	({ fn(NULL); 0; })

#define KPATCH_PRE_PATCH_CALLBACK(fn)					\
	__KPATCH_KSPLICE_HOOK(pre_apply, fn, __kpatch_call_int)
#define KPATCH_POST_PATCH_CALLBACK(fn)					\
	__KPATCH_KSPLICE_HOOK(post_apply, fn, __kpatch_call_void)
#define KPATCH_PRE_UNPATCH_CALLBACK(fn)					\
	__KPATCH_KSPLICE_HOOK(pre_reverse, fn, __kpatch_call_void)
#define KPATCH_POST_UNPATCH_CALLBACK(fn)				\
	__KPATCH_KSPLICE_HOOK(post_reverse, fn, __kpatch_call_void)

#define __KPATCH_UNSUPPORTED(what)					\
	static_assert(0, what ": not supported by make ksplice")

#define KPATCH_IGNORE_SECTION(name)					\
	__KPATCH_UNSUPPORTED("KPATCH_IGNORE_SECTION(" #name ")")
#define KPATCH_IGNORE_FUNCTION(fn)					\
	__KPATCH_UNSUPPORTED("KPATCH_IGNORE_FUNCTION(" #fn ")")
#define KPATCH_IGNORE_STATIC(name)					\
	__KPATCH_UNSUPPORTED("KPATCH_IGNORE_STATIC(" #name ")")
#define KPATCH_FORCE_UNSAFE(fn)						\
	__KPATCH_UNSUPPORTED("KPATCH_FORCE_UNSAFE(" #fn ")")

#endif /* _KPATCH_MACROS_H */
