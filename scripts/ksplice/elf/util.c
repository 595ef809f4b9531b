// SPDX-License-Identifier: GPL-2.0
/*
 * ksplice host tools: small helpers (allocation, fatal errors, strings,
 * sorting).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gelf.h>

#include "util.h"

void kd_fatal(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, KD_PROG ": error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(KD_EXIT_ERROR);
}

void *kd_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		kd_fatal("out of memory");
	return p;
}

void *kd_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		kd_fatal("out of memory");
	return p;
}

void *kd_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		kd_fatal("out of memory");
	return p;
}

char *kd_strdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		kd_fatal("out of memory");
	return p;
}

char *kd_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		kd_fatal("bad format");
	p = kd_malloc(len + 1);
	va_start(ap, fmt);
	vsnprintf(p, len + 1, fmt, ap);
	va_end(ap);
	return p;
}

bool kd_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int kd_addr_cmp(const void *a, const void *b)
{
	GElf_Addr x = *(const GElf_Addr *)a, y = *(const GElf_Addr *)b;

	return x < y ? -1 : x > y;
}

void kd_sort(void *base, size_t nmemb, size_t size,
	     int (*cmp)(const void *, const void *))
{
	if (nmemb > 1)
		qsort(base, nmemb, size, cmp);
}
