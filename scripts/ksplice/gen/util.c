// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice-gen: messages.  Refusals and bad input are errors (exit 1,
 * "ksplice-gen: error: ..."), things the update does differently from
 * the source are warnings, and -v adds notes on every decision.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"

bool kg_verbose;
bool kg_headers_changed;
const char *kg_layout_refs;
bool kg_layout_only;

void kg_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, KG_PROG ": error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(KG_EXIT_ERROR);
}

void kg_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, KG_PROG ": warning: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kg_info(const char *fmt, ...)
{
	va_list ap;

	if (!kg_verbose)
		return;
	fprintf(stderr, KG_PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
