# SPDX-License-Identifier: GPL-2.0
# TAP helpers for host-side tests (sourced).

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

T_N=0
T_FAILED=0

t_plan() {
	T_PLAN=$1
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
		[ -n "${3:-}" ] && [ -r "$3" ] && head -30 "$3" | sed 's/^/#   /'
	fi
}

# t_done: the status of the whole test: every point passed, and as many
# ran as t_plan said (a run of the script alone shows a wrong plan too,
# not only run-tests, which counts the points).
t_done() {
	if [ -n "${T_PLAN:-}" ] && [ "$T_N" -ne "$T_PLAN" ]; then
		echo "# planned $T_PLAN tests, ran $T_N"
		return 1
	fi
	[ "$T_FAILED" -eq 0 ]
}

# t_same_code DIR: DIR/pre/unit.c and DIR/post/unit.c compiled (gcc -O2)
# emit the same code (relocations by name), data and symbols: 0 when so,
# 1 when not, 2 when a side does not compile.  The differences, or the
# compiler's errors, are added to DIR/err.  For the shortcuts that leave
# an object uncompiled: their claim, checked on a small unit.
t_same_code() {
	local d=$1 s
	for s in pre post; do
		gcc -O2 -c "$d/$s/unit.c" -o "$d/$s.o" 2>>"$d/err" || return 2
		{ objdump -dr --no-show-raw-insn "$d/$s.o" | tail -n +4
		  objdump -s -j .data -j .rodata -j .rodata.str1.1 -j .bss "$d/$s.o" 2>/dev/null |
			tail -n +4
		  nm "$d/$s.o"; } >"$d/$s.dump"
	done
	diff "$d/pre.dump" "$d/post.dump" >>"$d/err" || return 1
}

# t_header_case DIR BASE SED: a case of a header fix for a unit, as
# declaring.sh and defining.sh make them: DIR/pre and DIR/post each hold
# BASE/unit.c and unit.h, BASE/base.h as it is (pre) or edited by SED
# (post); DIR/pre.tok and DIR/post.tok are unit.h's tokens, as
# ksplice-build reads a patched file's (comments and blank lines gone,
# pragmas as text).
t_header_case() {
	local d=$1 base=$2 s
	mkdir -p "$d/pre" "$d/post"
	cp "$base/base.h" "$d/pre/unit.h"
	sed "$3" "$base/base.h" >"$d/post/unit.h"
	for s in pre post; do
		cp "$base/unit.c" "$d/$s/"
		{ gcc -fpreprocessed -dD -E -P -x c "$d/$s/unit.h" 2>/dev/null |
			sed -e 's/^[[:space:]]*//; s/[[:space:]]*$//' -e '/^$/d'
		  grep -E 'pragma' "$d/$s/unit.h" | sed -e 's/^[[:space:]]*//; s/[[:space:]]*$//'
		} >"$d/$s.tok"
	done
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

# stale_cache DIR DIFF FILE: a cache directory of its own at DIR for a
# source tree that differs from the test kernel's: the tree linked but
# for FILE, which has DIFF applied and the original's time.  Made on the
# file system of the trees (hard links); the trees are never written.
stale_cache() {
	local e S=$1 t=$1/${KS_SRC##*/} f=$3

	mkdir -p "$t" "$S/tmp" "$S/${KS_BUILD##*/}" "$S/ccache" || return 1
	for e in "$KS_SRC"/* "$KS_SRC"/.[!.]*; do
		[ -e "$e" ] && [ "${e##*/}" != .git ] || continue
		cp -al "$e" "$t/" || return 1
	done
	cp "$KS_SRC/$f" "$S/stale.c" &&
		patch -s -f --no-backup-if-mismatch "$S/stale.c" "$2" &&
		! cmp -s "$KS_SRC/$f" "$S/stale.c" &&
		touch -r "$KS_SRC/$f" "$S/stale.c" &&
		rm -f "$t/$f" && mv "$S/stale.c" "$t/$f"
}
# in_stale DIR CMD...: run CMD with the cache directory DIR in place of
# the real one (the real build tree and ccache inside it).
in_stale() {
	unshare -m bash -c '
		S=$1 C=$2 B=$3
		shift 3
		mount --bind "$B" "$S/${B##*/}" || exit 1
		if [ "$CCACHE_DIR" = "$C/ccache" ]; then
			mount --bind "$CCACHE_DIR" "$S/ccache" || exit 1
		fi
		mount --rbind "$S" "$C" || exit 1
		TMPDIR=$C/tmp exec "$@"' - "$1" "$KSPLICE_CACHE" "$KS_BUILD" "${@:2}"
}
