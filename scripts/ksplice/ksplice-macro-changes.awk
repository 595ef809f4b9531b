# SPDX-License-Identifier: GPL-2.0
#
# awk -v join=1 -f ksplice-macro-changes.awk TOKENS >JOINED
# awk -f ksplice-macro-changes.awk DIFF
#
# Used by ksplice-build for a patched header whose tokens change.  The
# first form joins a directive's continued lines ("\" at the end) into
# one, so that a macro's whole definition is one line.  The second form
# reads "diff PRE.joined POST.joined": it exits 0 when every line the
# patch adds or removes is a #define or #undef, and prints the name of
# each such macro once; otherwise it exits 1 (and its output means
# nothing).
#
# A fix often adds a flag, an ID or a size to a header that hundreds of
# objects read, and none of them but the fixed file uses it.  Such a
# header ("defining") changes a reader only where the reader expands,
# tests or names one of those macros: ksplice-build settles each reader
# that does none of these from its unpatched side alone, preprocessed
# with -dU (which prints each macro the unit expands or tests) and
# -Wundef (which names an undefined one that an #if evaluates).

join {
	while (/\\$/ && (getline more) > 0)
		$0 = substr($0, 1, length($0) - 1) " " more
	print
	next
}

# diff's own lines: "3a4", "5,6c5,7", "---".
/^[0-9]/ || /^---$/ {
	next
}

/^[<>] #[[:space:]]*(define|undef)[[:space:]]+[A-Za-z_][A-Za-z0-9_]*/ {
	name = $0
	sub(/^[<>] #[[:space:]]*(define|undef)[[:space:]]+/, "", name)
	match(name, /^[A-Za-z_][A-Za-z0-9_]*/)
	name = substr(name, 1, RLENGTH)
	if (!(name in seen)) {
		seen[name] = 1
		names++
		print name
	}
	next
}

{
	bad = 1
}

END {
	if (!join)
		exit (bad || !names) ? 1 : 0
}
