# SPDX-License-Identifier: GPL-2.0
# TAP helpers for host-side tests (sourced).

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

T_N=0
T_FAILED=0

t_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

t_ok() {	# t_ok DESC STATUS [diagnostics file]
	T_N=$((T_N + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $T_N - $1"
	else
		echo "not ok $T_N - $1"
		T_FAILED=$((T_FAILED + 1))
		[ -n "${3:-}" ] && [ -f "$3" ] && head -30 "$3" | sed 's/^/#   /'
	fi
}

t_done() {
	[ "$T_FAILED" -eq 0 ]
}

# A fingerprint of every file in a tree: path, size, inode and mtime.
# Any write, replacement, creation or removal changes it.
# Files named ksplice-*.ko at the top (the outputs of make ksplice) are
# left out when a second argument says so.
tree_fingerprint() {
	(cd "$1" && find . -path ./.git -prune -o -printf '%P %y %s %i %T@\n' |
		if [ "${2:-}" = --no-modules ]; then
			# and the top directory itself, whose mtime adding
			# a module changes
			grep -v '^ksplice-[A-Za-z0-9_]*\.ko ' | grep -v '^ d '
		else
			cat
		fi | LC_ALL=C sort | md5sum | cut -c1-32)
}

# mk_pristine DIR: a pristine kernel tree at DIR, cheaply: hard links to
# the harness tree, with the files the patch set changes put back as the
# pristine commit has them (replaced, never written through the links).
mk_pristine() {
	local dir=$1 f
	[ -d "$KS_SRC/.git" ] || ks_die "no harness tree (ksplice-harness tree)"
	rm -rf "$dir"
	cp -al "$KS_SRC" "$dir" || return 1
	rm -rf "$dir/.git" "$dir/.ksplice-patchset"
	git -C "$KS_SRC" diff --name-only pristine HEAD | while read -r f; do
		rm -f "$dir/$f"
		if git -C "$KS_SRC" cat-file -e "pristine:$f" 2>/dev/null; then
			git -C "$KS_SRC" show "pristine:$f" >"$dir/$f"
		fi
	done
	find "$dir" -depth -type d -empty -delete
}
