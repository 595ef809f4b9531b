/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice host tools: small helpers (allocation, fatal errors, strings).
 */
#ifndef KSPLICE_ELF_UTIL_H
#define KSPLICE_ELF_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define KD_PROG "ksplice-diff"

/* The kernel's spelling of the attributes (host programs lack them). */
#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif

/* Exit status for bad input or usage. */
#define KD_EXIT_ERROR 2

void kd_fatal(const char *fmt, ...) __noreturn __printf(1, 2);
void *kd_malloc(size_t size);
void *kd_calloc(size_t nmemb, size_t size);
void *kd_realloc(void *ptr, size_t size);
char *kd_strdup(const char *s);
char *kd_asprintf(const char *fmt, ...) __printf(1, 2);
bool kd_starts_with(const char *s, const char *prefix);
/* kd_sort() comparison of two GElf_Addr. */
int kd_addr_cmp(const void *a, const void *b);
/* qsort(), but fine with a NULL array of fewer than two elements. */
void kd_sort(void *base, size_t nmemb, size_t size,
	     int (*cmp)(const void *, const void *));

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Append @val to a growable array (arr, nr, cap). */
#define KD_PUSH(arr, nr, cap, val)					\
	do {								\
		if ((nr) == (cap)) {					\
			(cap) = (cap) ? 2 * (cap) : 8;			\
			(arr) = kd_realloc((arr),			\
					   (cap) * sizeof(*(arr)));	\
		}							\
		(arr)[(nr)++] = (val);					\
	} while (0)

#endif /* KSPLICE_ELF_UTIL_H */
