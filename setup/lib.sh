# SPDX-License-Identifier: GPL-2.0
# Shared by setup/patch-kernel and setup/make-patchset: what the patch set
# is made of.  The repository is an overlay of a kernel tree: new files sit
# at their kernel paths under OVERLAY_DIRS; changes to files the kernel
# already has are unified diffs under setup/patches/, one per file, at the
# file's path plus ".patch".

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PATCHES_DIR=$TOP/setup/patches
OVERLAY_DIRS="arch Documentation include kernel scripts tools"

die() {
	echo "$PROG: error: $*" >&2
	exit 1
}

# Overlay files, relative to $TOP, one a line, sorted.
overlay_files() {
	(
		cd "$TOP" || exit 1
		if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
			# shellcheck disable=SC2086
			git ls-files --cached --others --exclude-standard -- \
				$OVERLAY_DIRS | while read -r f; do
				[ -f "$f" ] && echo "$f"
			done
		else
			# shellcheck disable=SC2086
			find $OVERLAY_DIRS -type f 2>/dev/null
		fi
	) | LC_ALL=C sort -u
}

# Hunk patches, relative to $PATCHES_DIR, one a line, sorted.
hunk_patches() {
	(cd "$PATCHES_DIR" && find . -type f -name '*.patch' | sed 's|^\./||') |
		LC_ALL=C sort
}

# is_kernel_tree DIR: the top of a Linux source tree?
is_kernel_tree() {
	[ -f "$1/Makefile" ] && [ -f "$1/Kconfig" ] && [ -d "$1/kernel" ] &&
		[ -d "$1/arch" ] && grep -q '^VERSION = ' "$1/Makefile" &&
		grep -q '^PATCHLEVEL = ' "$1/Makefile"
}
