/* SPDX-License-Identifier: GPL-2.0 */
/* Stub for compiling generated ksplice tables in user space. */
#ifndef _STUB_LINUX_TYPES_H
#define _STUB_LINUX_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef unsigned int gfp_t;
#endif
