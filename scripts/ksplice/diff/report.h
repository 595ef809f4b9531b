/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksplice-diff: text and JSON reports.
 */
#ifndef KSPLICE_DIFF_REPORT_H
#define KSPLICE_DIFF_REPORT_H

#include <stdio.h>

#include "classify.h"

struct kd_report_opts {
	bool json;
	bool all;	/* also list unchanged items */
};

void kd_report(FILE *out, const struct kd_elf *pre, const struct kd_elf *post,
	       const struct kd_result *res, const struct kd_report_opts *opts);

#endif /* KSPLICE_DIFF_REPORT_H */
