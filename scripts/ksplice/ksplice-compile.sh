# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by scripts/ksplice/ksplice-build (and by the self-match sweep
# of tools/testing/ksplice): how "make ksplice" compiles an object of
# the kernel again, from the command kbuild recorded for it.
#
# Each object is compiled as "pre" (the unpatched source) and "post"
# (the patched one), with every function and data object in a section
# of its own, so that the two can be compared a function at a time.
# The code run-pre matching compares with the running kernel must be
# the running kernel's own, though, and with sections of their own the
# compiler emits other code:
#  - on 32-bit ARM, static data is reached through section anchors (one
#    address per section, each object at a fixed offset from it), and
#    the literal pools that ldrd reads are aligned from the start of
#    their section;
#  - on x86, a call or jump to a function of the same section needs no
#    relocation, and the assembler makes the short ones 2 bytes
#    (jmp rel8) where a jump to another section takes 5 and a
#    relocation.
# So each object is also compiled a third time, "run", exactly as the
# kernel was: the pre code of the update's tables comes from it.
# Architectures where the two compiles agree (none known) could leave
# ksplice_runobj empty to save the compile.

# SRCARCH is kbuild's; ksplice_runobj is 1 where a "run" compile is made.
case ${SRCARCH:-} in
arm | x86) ksplice_runobj=1 ;;
*) ksplice_runobj= ;;
esac
ksplice_secflags="-ffunction-sections -fdata-sections"

# mkcmds pre|post|run: for each "OBJ OUT" line read (OBJ relative to the
# object tree, the current directory), the command that compiles OBJ
# into OUT, a line each (an empty line where kbuild recorded none): the
# compile command kbuild recorded for OBJ, unescaped from make, with no
# dependency file and every function and data object in its own
# section (run: with none of that, as the kernel was).  One awk for
# every object: a header fix reaches hundreds.  Only the compiler's
# part of the command is kept: objtool runs on the update module when
# kbuild links it, and must not see the objects twice.
# For post, an absolute source tree path ($kb_srctree/) becomes the
# patched copy's ($post/), except where it leads into the object tree
# ($objsub/), when the caller sets them; so does a relative path that
# leads from the object tree into the source tree (a path, or an -I,
# -iquote, -isystem or -idirafter option's): kbuild writes none in this
# layout, but a compile read from the source tree would leave the
# patch out of the post object without a word.
mkcmds() {
	local from="" to=""
	if [ "$1" = post ]; then
		case ${kb_srctree:-} in /*) from=$kb_srctree/; to=${post:?}/ ;; esac
	fi
	awk -v from="$from" -v to="$to" \
		-v keep="${objsub:+$objsub/}" -v objdir="$(pwd -P)" -v phys="${srctree:+$srctree/}" \
		-v secflags="$([ "$1" = run ] || echo "$ksplice_secflags ")" '
	# inside P: P relative to the source tree ("from", or its physical
	# path "phys"), if the relative path P leads from the object tree
	# (objdir) there and not back into the object tree; else "".
	function inside(p,   n, i, k, part, q) {
		n = split(objdir "/" p, part, "/")
		k = 0
		for (i = 1; i <= n; i++) {
			if (part[i] == "." || part[i] == "")
				continue
			if (part[i] == "..") {
				if (k == 0)
					return ""
				k--
				continue
			}
			part[++k] = part[i]
		}
		q = ""
		for (i = 1; i <= k; i++)
			q = q "/" part[i]
		q = q "/"
		if (phys != "" && index(q, phys) == 1)
			q = substr(q, length(phys) + 1)
		else if (index(q, from) == 1)
			q = substr(q, length(from) + 1)
		else
			return ""
		if (keep != "" && index(q, keep) == 1)
			return ""
		return substr(q, 1, length(q) - 1)
	}
	# subst W: W with each "from" replaced by "to"
	function subst(w,   r, p, o, q) {
		if (from != "" && w !~ /^\// && (w !~ /^-/ || w ~ /^-(I|iquote|isystem|idirafter)[^\/]/)) {
			o = ""
			if (match(w, /^-(I|iquote|isystem|idirafter)/)) {
				o = substr(w, 1, RLENGTH)
				w = substr(w, RLENGTH + 1)
			}
			q = inside(w)
			if (q != "")
				return o to q
			w = o w
		}
		r = ""
		while (from != "" && (p = index(w, from)) > 0) {
			r = r substr(w, 1, p - 1)
			w = substr(w, p + length(from))
			if (keep != "" && index(w, keep) == 1)
				r = r from
			else
				r = r to
		}
		return r w
	}
	# savedcmd OBJ: the command kbuild recorded for OBJ, unescaped.
	function savedcmd(obj,   f, l, key, cmd) {
		f = obj
		sub(/[^\/]*$/, "", f)
		f = f "." substr(obj, length(f) + 1) ".cmd"
		key = "savedcmd_" obj " := "
		cmd = ""
		while ((getline l <f) > 0)
			if (index(l, key) == 1)
				cmd = substr(l, length(key) + 1)
		close(f)
		gsub(/\$\$/, "$", cmd)
		gsub(/\\#/, "#", cmd)
		return cmd
	}
	{
		obj = $1
		out = $2
		nseg = split(savedcmd(obj), seg, / ; /)
		n = split(seg[1], t, " ")
		line = ""
		added = 0
		for (i = 1; i <= n; i++) {
			w = t[i]
			if (w ~ /^-Wp,-MMD,/ || w ~ /^-Wp,-MD,/)
				continue
			if (w == obj)
				w = out
			w = subst(w)
			if (w == "-c" && !added) {
				w = secflags "-c"
				added = 1
			}
			line = line (line == "" ? "" : " ") w
		}
		print line
	}'
}

# mkcmd OBJ OUT pre|post|run: mkcmds for one object; fails where kbuild
# recorded no command.
mkcmd() {
	local cmd
	cmd=$(printf '%s %s\n' "$1" "$2" | mkcmds "$3")
	[ -n "$cmd" ] || return 1
	printf '%s\n' "$cmd"
}
