// SPDX-License-Identifier: GPL-2.0
/* A tracepoint whose key is not exported: disabled in the new code. */
#include "specials.h"

struct tracepoint {
	const char *name;
	struct static_key key;
};
extern struct tracepoint __tracepoint_demo;
void trace_it(int x);
int f(int x);

int f(int x)
{
	if (branch(&__tracepoint_demo.key))
		trace_it(x);
	return x + 2;
}
