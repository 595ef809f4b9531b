# SPDX-License-Identifier: GPL-2.0
#
# awk -f ksplice-patchfiles.awk PATCH
#
# Used by ksplice-build: the files a patch changes and how, read the way
# patch(1) reads a patch, so that no hunk line is taken for a file name
# and no file of the patch is missed.  Reads unified and context diffs
# and git's extended headers (new, deleted, renamed and copied files,
# modes, binary patches, C-quoted names); text around the diffs (mail
# headers, the commit message, a diffstat) is skipped as patch(1) skips
# it.  Trailing carriage returns are ignored, as patch(1) ignores them.
#
# Output, one record a line, fields separated by tabs:
#
#	file KIND OLD NEW LINE FLAGS
#		KIND is modify, create, delete, rename, copy, binary or
#		mode (a mode change alone); OLD and NEW are the names as
#		the patch gives them (leading directory not stripped,
#		/dev/null for none); LINE is where the file's diff starts;
#		FLAGS holds "oldempty" (the first hunk starts at -0,0, as
#		diff -N writes a new file), "newempty" (the last ends at
#		+0,0) and "mode" (a mode change with the content change)
#	crlf N		N lines ended in a carriage return
#	error LINE MSG	the patch cannot be read; MSG says why
#
# A file name with a tab, a newline or a space (outside C quotes) is an
# error: patch(1) could read such a name differently.

function err(msg) {
	printf "error\t%d\t%s\n", NR, msg
	nerr++
}

# unquote S: the C-quoted name at the start of S ("..."); the text after
# it is left in qrest.  Returns "" when the quotes do not close.
function unquote(s,   out, i, c, n, k, esc) {
	out = ""
	esc["n"] = "\n"; esc["t"] = "\t"; esc["\\"] = "\\"; esc["\""] = "\""
	esc["a"] = "\007"; esc["b"] = "\b"; esc["f"] = "\f"; esc["r"] = "\r"
	esc["v"] = "\v"
	for (i = 2; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\"") {
			qrest = substr(s, i + 1)
			return out
		}
		if (c == "\\") {
			c = substr(s, ++i, 1)
			if (c ~ /[0-7]/) {
				n = 0
				for (k = 0; k < 3 && substr(s, i, 1) ~ /[0-7]/; k++)
					n = n * 8 + substr(s, i++, 1)
				i--
				out = out sprintf("%c", n)
				continue
			}
			if (!(c in esc))
				return ""
			out = out esc[c]
			continue
		}
		out = out c
	}
	return ""
}

# hdrname S: the file name of a ---, +++ or *** line (S is the text after
# the marker): up to a tab (diff's timestamp follows one), else without a
# trailing timestamp written with spaces.
function hdrname(s,   name, p) {
	if (substr(s, 1, 1) == "\"") {
		name = unquote(s)
		if (name == "")
			err("a quoted file name that does not close: " s)
		return name
	}
	if ((p = index(s, "\t")) > 0)
		return substr(s, 1, p - 1)
	sub(/ +[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?( [-+][0-9][0-9][0-9][0-9])?$/, "", s)
	sub(/ +\((revision [0-9]+|working copy)\)$/, "", s)
	sub(/ +$/, "", s)
	return s
}

# checkname NAME: refuse names patch(1) and this script could read apart.
function checkname(name) {
	if (name == "")
		err("a file header without a file name")
	else if (name ~ /[\t\n ]/)
		err("a file name with a space, tab or newline: \"" name "\"")
}

# gitnames S: the two names of a "diff --git" line, into gold and gnew.
function gitnames(s) {
	gold = gnew = ""
	if (substr(s, 1, 1) == "\"") {
		gold = unquote(s)
		s = qrest
		sub(/^ /, "", s)
	} else if (s ~ /^[^ ]+ /) {
		gold = s
		sub(/ .*/, "", gold)
		s = substr(s, length(gold) + 2)
	}
	if (substr(s, 1, 1) == "\"")
		gnew = unquote(s)
	else
		gnew = s
	if (gold == "" || gnew == "" || gnew ~ / /)
		err("cannot read the file names of: diff --git " s)
}

function begin_file(kind, line) {
	fkind = kind; fline = line; fold = fnew = ""; fflags = ""
	fhunks = 0; fgit = 0; fmode = 0
}

function emit() {
	if (fkind == "")
		return
	if (fmode && fkind == "modify" && fhunks == 0)
		fkind = "mode"
	else if (fmode)
		fflags = fflags " mode"
	if (fkind == "modify" && fhunks == 0 && !fgit)
		err("no hunk follows the file header of " fnew)
	checkname(fold)
	checkname(fnew)
	sub(/^ /, "", fflags)
	printf "file\t%s\t%s\t%s\t%d\t%s\n", fkind, fold, fnew, fline, fflags
	nfiles++
	fkind = ""
}

# A unified hunk header: sets the line counts still to come.
function uhunk(s,   a, r) {
	r = s
	sub(/^@@ -/, "", r)
	split(r, a, /[ ,+@]+/)
	if (s ~ /^@@ -[0-9]+,[0-9]+ /) {
		uold = a[2] + 0
		unew = (s ~ /^@@ -[0-9]+,[0-9]+ \+[0-9]+,[0-9]+ @@/) ? a[4] + 0 : 1
		if (fhunks == 0 && a[1] == 0 && uold == 0)
			fflags = fflags " oldempty"
	} else {
		uold = 1
		unew = (s ~ /^@@ -[0-9]+ \+[0-9]+,[0-9]+ @@/) ? a[3] + 0 : 1
	}
	newempty = (s ~ / \+0,0 @@/)
	fhunks++
	hunkline = NR
}

# out LINE: a line outside any file's diff.
function out(l,   name) {
	if (l ~ /^diff --git /) {
		emit()
		begin_file("modify", NR)
		fgit = 1
		gitnames(substr(l, 12))
		fold = gold; fnew = gnew
		state = "git"
		return
	}
	if (l ~ /^diff --(cc|combined) /) {
		err("a combined diff (of a merge): make the patch with git diff or git format-patch against one parent")
		state = "skip"
		return
	}
	if (l ~ /^--- /) {
		pend = l; pendline = NR; state = "uhdr"
		return
	}
	if (l ~ /^\*\*\* / && l !~ /^\*\*\*\*/) {
		pend = l; pendline = NR; state = "chdr"
		return
	}
	if (l ~ /^Binary files .* differ$/) {
		name = l
		sub(/^Binary files /, "", name)
		sub(/ and .*/, "", name)
		begin_file("binary", NR)
		fold = fnew = name
		emit()
		return
	}
	if (l ~ /^Only in /) {
		err("\"" l "\": a file on one side only, and its content is not in the patch (make the patch with diff -N)")
		return
	}
	if (l ~ /^@@ -[0-9]/) {
		err("a hunk with no file header before it")
		state = "skip"
		return
	}
	if (l ~ /^[0-9]+(,[0-9]+)?[acd][0-9]+(,[0-9]+)?$/)
		normal++
}

{
	if (sub(/\r$/, ""))
		ncr++
	l = $0
}

state == "skip" {
	if (l ~ /^diff --git /) {
		state = ""
		out(l)
	}
	next
}

# git's extended header lines, after "diff --git".
state == "git" {
	if (l ~ /^old mode /) { oldmode = substr(l, 10); next }
	if (l ~ /^new mode /) { fmode = (substr(l, 10) != oldmode); next }
	if (l ~ /^deleted file mode /) { fkind = "delete"; next }
	if (l ~ /^new file mode /) { fkind = "create"; next }
	if (l ~ /^(rename|copy) (from|to) /) {
		fkind = (l ~ /^rename/) ? "rename" : "copy"
		next
	}
	if (l ~ /^(similarity|dissimilarity) index / || l ~ /^index /)
		next
	if (l ~ /^GIT binary patch$/ || l ~ /^Binary files .* differ$/) {
		fkind = "binary"
		emit()
		state = "skip"
		next
	}
	if (l ~ /^--- /) {
		pend = l; pendline = NR; state = "uhdr"
		next
	}
	emit()
	state = ""
	out(l)
	next
}

# "--- OLD" seen: a unified diff's file header if "+++ NEW" follows.
state == "uhdr" {
	if (l ~ /^\+\+\+ /) {
		if (!fgit || fkind == "")
			begin_file("modify", pendline)
		fold = hdrname(substr(pend, 5))
		fnew = hdrname(substr(l, 5))
		if (fold == "/dev/null")
			fkind = "create"
		else if (fnew == "/dev/null")
			fkind = "delete"
		state = "uafter"
		next
	}
	if (fgit) {
		err("a \"---\" line not followed by \"+++\" in the diff of " fnew)
		state = "skip"
		next
	}
	state = ""
	out(l)
	next
}

# "*** OLD" seen: a context diff's file header if "--- NEW" follows.
state == "chdr" {
	if (l ~ /^--- /) {
		begin_file("modify", pendline)
		fold = hdrname(substr(pend, 5))
		fnew = hdrname(substr(l, 5))
		if (fold == "/dev/null")
			fkind = "create"
		else if (fnew == "/dev/null")
			fkind = "delete"
		state = "cafter"
		next
	}
	state = ""
	out(l)
	next
}

# Between unified hunks.
state == "uafter" {
	if (l ~ /^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@/) {
		uhunk(l)
		state = (uold > 0 || unew > 0) ? "uhunk" : "uafter"
		next
	}
	if (l ~ /^@@/) {
		err("a hunk header patch(1) cannot read: " l)
		state = "skip"
		next
	}
	if (newempty && fkind == "modify")
		fflags = fflags " newempty"
	emit()
	state = ""
	out(l)
	next
}

# Inside a unified hunk: the header's counts say where it ends.  An
# empty line is a context line whose space a mailer dropped, as for
# patch(1).
state == "uhunk" {
	c = substr(l, 1, 1)
	if (c == "\\")
		next
	if (c == " " || l == "") {
		uold--; unew--
	} else if (c == "-") {
		uold--
	} else if (c == "+") {
		unew--
	} else {
		err("the hunk at line " hunkline " of " fnew " ends early: the patch is truncated or mangled")
		state = "skip"
		next
	}
	if (uold < 0 || unew < 0) {
		err("the hunk at line " hunkline " of " fnew " has more lines than its header says")
		state = "skip"
		next
	}
	if (uold == 0 && unew == 0)
		state = "uafter"
	next
}

# Context diff: "***************", "*** FROM[,TO] ****" and its lines,
# "--- FROM[,TO] ----" and its lines.  Either side's lines may be left
# out; every line of a side starts with two characters ("  ", "- ",
# "+ ", "! ").
state == "cafter" {
	if (l ~ /^\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*$/) {
		state = "coldhdr"
		next
	}
	if (fhunks == 0) {
		err("no hunk follows the file header of " fnew)
		state = "skip"
		next
	}
	emit()
	state = ""
	out(l)
	next
}

state == "coldhdr" {
	if (l ~ /^\*\*\* [0-9]+(,[0-9]+)? \*\*\*\*$/) {
		if (fhunks == 0 && l ~ /^\*\*\* 0(,0)? /)
			fflags = fflags " oldempty"
		fhunks++
		hunkline = NR
		state = "cold"
		next
	}
	err("a context hunk without its \"*** FROM,TO ****\" line")
	state = "skip"
	next
}

state == "cold" || state == "cnew" {
	if (state == "cold" && l ~ /^--- [0-9]+(,[0-9]+)? ----$/) {
		state = "cnew"
		next
	}
	if (l ~ /^[-+! ] / || l ~ /^[-+! ]$/ || l ~ /^\\/)
		next
	if (state == "cold") {
		err("the context hunk at line " hunkline " of " fnew " has no \"--- FROM,TO ----\" part")
		state = "skip"
		next
	}
	state = "cafter"
	if (l ~ /^\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*$/) {
		state = "coldhdr"
		next
	}
	emit()
	state = ""
	out(l)
	next
}

{
	out(l)
}

END {
	if ((state == "uhdr" && fgit) || state == "coldhdr")
		err("the patch ends in the middle of the diff of " fnew)
	else if (state == "uhunk")
		err("the hunk at line " hunkline " of " fnew " ends early: the patch is truncated")
	else if (state == "cold")
		err("the context hunk at line " hunkline " of " fnew " has no \"--- FROM,TO ----\" part")
	else if (state == "git" || state == "uafter" || state == "cafter" ||
		 state == "cnew") {
		if (state == "uafter" && newempty && fkind == "modify")
			fflags = fflags " newempty"
		if (state == "cafter" && fhunks == 0)
			err("no hunk follows the file header of " fnew)
		else
			emit()
	}
	if (ncr)
		printf "crlf\t%d\n", ncr
	if (!nfiles && !nerr && normal)
		err("a normal diff, without file names: make the patch with diff -u, or git diff")
}
