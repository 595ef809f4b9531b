// SPDX-License-Identifier: GPL-2.0
/* Changed data with a hook that converts it. */
int limit = 6;
int check(int x);

int check(int x)
{
	return x <= limit;
}

static int raise_limit(void)
{
	limit = 6;
	return 0;
}

static int (*__ksplice_hook_apply_raise_limit)(void)
	__attribute__((used, section(".ksplice_hook_apply"))) = raise_limit;
static int (*__ksplice_hook_post_reverse_raise_limit)(void)
	__attribute__((used, section(".ksplice_hook_post_reverse"))) = raise_limit;
