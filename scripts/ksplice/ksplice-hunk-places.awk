# SPDX-License-Identifier: GPL-2.0
#
# awk -v start=LINE -v hunk=N -f ksplice-hunk-places.awk PATCH FILE
#
# Used by ksplice-build when patch(1) applied a hunk at another line than
# the patch says (an offset, no fuzz): prints at how many places of FILE
# (the file as it is, before the patch) the hunk's old lines (context
# and removed lines, in order) are found.  One place means the hunk can
# only have gone there; more, or none, and where it went was patch(1)'s
# guess from the line numbers.  A hunk with no old lines (an addition
# without context) fits everywhere: it counts the file's lines plus one.
#
# The hunk is the N-th unified hunk ("@@ -a,b +c,d @@") of the file's
# diff, which starts at line LINE of PATCH (ksplice-patchfiles.awk's
# LINE).  Prints "unknown" when that diff is not unified (a context
# diff) or the hunk cannot be read: the caller then trusts no guess.
# A line's trailing carriage return is ignored on both sides, as
# patch(1) ignores a patch's.

function strip_cr(s) {
	sub(/\r$/, "", s)
	return s
}

BEGIN {
	n = 0		# hunks seen in the file's diff
	inhunk = 0
	done = 0
	bad = 0
	npre = 0
}

FNR == NR {
	if (FNR < start || done)
		next
	line = strip_cr($0)
	if (inhunk) {
		c = substr(line, 1, 1)
		if (c == "\\")
			next
		if (line == "" || c == " ") {
			pre[++npre] = substr(line, 2)
			oldleft--
			newleft--
		} else if (c == "-") {
			pre[++npre] = substr(line, 2)
			oldleft--
		} else if (c == "+") {
			newleft--
		} else {
			bad = 1
			done = 1
			next
		}
		if (oldleft <= 0 && newleft <= 0) {
			if (oldleft < 0 || newleft < 0)
				bad = 1
			done = 1
		}
		next
	}
	if (line ~ /^\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*/ && FNR > start) {
		# a context diff's hunk
		bad = 1
		done = 1
		next
	}
	if (line ~ /^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@/) {
		n++
		if (n < hunk)
			next
		h = line
		sub(/^@@ -/, "", h)
		split(h, part, " ")
		oldleft = split(part[1], o, ",") > 1 ? o[2] + 0 : 1
		sub(/^\+/, "", part[2])
		newleft = split(part[2], p, ",") > 1 ? p[2] + 0 : 1
		inhunk = 1
		if (oldleft == 0 && newleft == 0)
			done = 1
	}
	next
}

{
	text[++nlines] = strip_cr($0)
}

END {
	if (bad || !inhunk || !done) {
		print "unknown"
		exit 0
	}
	if (npre == 0) {
		print nlines + 1
		exit 0
	}
	places = 0
	for (i = 1; i + npre - 1 <= nlines; i++) {
		for (k = 1; k <= npre; k++)
			if (text[i + k - 1] != pre[k])
				break
		if (k > npre)
			places++
	}
	print places
}
