# SPDX-License-Identifier: GPL-2.0
#
# awk -v srctree=DIR [-v list=1] -f ksplice-lineshift.awk NEUTRAL PRE.i
#
# Used by ksplice-build for an object that reaches the patch only
# through files whose tokens the patch does not change (whitespace and
# comments only).  Such a change moves lines, so the object's code can
# differ only where __LINE__ expanded at or after a moved line.
# NEUTRAL lists those files, "path first-line-that-may-move lines" a
# line;
# PRE.i is the object preprocessed from the unpatched tree, with line
# markers.  Exit 0 when PRE.i shows no number that such a __LINE__ could
# have produced and at least one of the files was seen; exit 1 otherwise
# (the caller then compares both sides in full).  With -v list=1, the
# lines of PRE.i (their numbers in it) that hold such a number are
# printed instead, one a line, and only a __builtin_LINE or no file
# seen fails: ksplice-unused-decls.awk -v hits=FILE then says whether
# each of those lines lies in a declaration the object never uses.
#
# A macro invoked at line L may span lines up to just before the file's
# next known position E (the next line with tokens, or a line marker
# back into the file), and its __LINE__ lies in [L, E].  So a number n
# in the text at line L is suspect when n >= L, n <= E and n is at or
# after the first moved line.  Every run of digits counts, also inside
# identifiers and strings, since __LINE__ may be pasted or stringified.
# __builtin_LINE() is the compiler's, not the preprocessor's: it leaves
# no number in the text, so its presence anywhere is a hit.  A file
# counts as seen once a line marker enters it (a header of macros alone
# may leave no line of text).

function norm(p,   q) {
	if (srctree != "" && index(p, srctree "/") == 1)
		p = substr(p, length(srctree) + 2)
	while (sub(/^\.\//, "", p))
		;
	while (sub(/\/\.\//, "/", p))
		;
	while ((q = match(p, /[^\/]+\/\.\.\//)) > 0)
		p = substr(p, 1, q - 1) substr(p, q + RLENGTH)
	return p
}

# resolve F E: the pending numbers of file F, now that its invocation
# cannot have gone past line E.
function resolve(f, e,   k, m, nums, l, suspect) {
	if (!(f in pend))
		return
	m = split(pend[f], nums, " ")
	l = nums[1] + 0
	for (k = 2; k <= m; k++)
		if (nums[k] + 0 >= l && nums[k] + 0 <= e)
			suspect = 1
	if (suspect && list)
		print pnr[f]
	else if (suspect)
		hit = 1
	delete pend[f]
}

NR == FNR {
	first[$1] = $2 + 0
	nlines[$1] = $3 + 0
	next
}

# A line marker: '# N "file" flags'.  Flag 2 returns to an includer, so
# the file left has ended; a marker into the same file skips lines.
/^# [0-9]+ "/ {
	f = substr($0, index($0, "\"") + 1)
	flags = substr(f, index(f, "\"") + 1)
	sub(/".*/, "", f)
	f = norm(f)
	if (flags ~ /(^| )2( |$)/) {
		if (cur in first)
			resolve(cur, nlines[cur] ? nlines[cur] : 1e18)
		if (f in first)
			resolve(f, $2 - 1)
	} else if (f == cur && (f in first)) {
		resolve(f, $2 - 1)
	}
	if (f in first)
		seen = 1
	cur = f
	line = $2 + 0
	next
}

/__builtin_LINE/ {
	hit = 1
}

# A macro line of -dN or -dU ("#define NAME BODY" unexpanded, "#undef
# NAME") holds no expanded __LINE__, and -dU puts it where the macro is
# first used, not where it is defined: it is neither text nor a known
# position.
/^#(define|undef) / {
	line++
	next
}

{
	if (cur in first) {
		seen = 1
		if ($0 !~ /^[[:space:]]*$/) {
			resolve(cur, line - 1)
			t = $0
			gsub(/[^0-9]+/, " ", t)
			m = split(t, nums, " ")
			keep = ""
			for (k = 1; k <= m; k++)
				if (nums[k] + 0 >= first[cur] && nums[k] + 0 >= line)
					keep = keep " " nums[k]
			if (keep != "") {
				pend[cur] = line keep
				pnr[cur] = FNR
			}
		}
	}
	line++
}

END {
	for (f in pend)
		resolve(f, 1e18)
	exit (hit || !seen) ? 1 : 0
}
