# SPDX-License-Identifier: GPL-2.0
#
# The project's driver.  Not part of the kernel overlay: these targets
# work on this checkout and on a kernel tree named with KSRC=.

SHELL := /bin/bash
HARNESS := tools/testing/ksplice/ksplice-harness

.PHONY: help demo check patch-kernel patchset

help:
	@echo 'ksplice: rebootless kernel updates as a kbuild plugin'
	@echo
	@echo '  make demo                 build the test kernel, turn a sample fix into an'
	@echo '                            update, and show it applied and undone in QEMU'
	@echo '  make check                run every test; ends with "N passed, N failed"'
	@echo '  make patch-kernel KSRC=DIR  apply the patch set to the kernel tree DIR'
	@echo '  make patchset [KSRC=DIR] [OUT=DIR]'
	@echo '                            write the set as a git format-patch series'
	@echo '                            (KSRC: pristine tree, default the harness cache)'
	@echo
	@echo 'Caches live in $$KSPLICE_CACHE (default ~/.cache/ksplice).'

demo:
	@tools/testing/ksplice/demo

check:
	@tools/testing/ksplice/run-tests

patch-kernel:
	@setup/patch-kernel "$(KSRC)"

patchset:
	@ksrc="$(KSRC)"; \
	if [ -z "$$ksrc" ]; then \
		$(HARNESS) deps && $(HARNESS) tree || exit 1; \
		ksrc=$$(mktemp -d); trap 'rm -rf "$$ksrc"' EXIT; \
		. tools/testing/ksplice/tests/lib.sh && mk_pristine "$$ksrc/linux" || exit 1; \
		ksrc=$$ksrc/linux; \
	fi; \
	setup/make-patchset "$$ksrc" "$(or $(OUT),patchset)"
