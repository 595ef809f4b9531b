# SPDX-License-Identifier: GPL-2.0
#
# awk -v items=1 -f ksplice-unused-decls.awk FILE.t >FILE.items
# awk -f ksplice-unused-decls.awk DIFF POST.items
# awk -v header=1 -f ksplice-unused-decls.awk DIFF
# awk -v hits=LINES -f ksplice-unused-decls.awk PRE.i
#
# Used by ksplice-build for an object that reaches the patch only through
# headers, when its preprocessed source changes.  FILE.t is one side of
# it, without line markers and blank lines.  The first form prints its
# top-level declarations one per line; DIFF is "diff PRE.items
# POST.items".  The second form exits 0 when every declaration the patch
# removes or adds is one the object does not use, and 1 otherwise (the
# caller then compiles both sides).
#
# The third form reads the diff of a patched header's own declarations
# (its tokens, not preprocessed): it exits 0 when the patch only adds
# or removes declarations that qualify but for their use, which no
# single object decides, and prints "name NAME N" for each declared
# name, N the times the removed ones hold it, then "word WORD" for
# every other identifier they hold.  ksplice-build then settles each
# object that reads the header from one preprocessing: each NAME at
# most N times in its text (a removed declaration's own), and no WORD
# defined as a macro (the header's tokens are not expanded here).
#
# The fourth form reads an object's unpatched side as preprocessed
# (line markers and macro lines are skipped) and LINES, the numbers of
# its lines that hold a number a moved __LINE__ could have produced
# (ksplice-lineshift.awk -v list=1).  It exits 0 when every top-level
# declaration holding one of those lines is one that qualifies, its
# name nowhere in the other declarations: the patched side differs
# there only, by numbers in code that is never emitted (a WARN_ON() in
# a static inline the object does not call).
#
# A fix that adds a function often declares it in a header that a
# thousand objects include, or changes a static inline there that few
# of them call; each one's preprocessed source changes, yet only the
# users can compile differently: what the unit never names emits no code
# and changes none.  What counts as such a declaration is kept narrow,
# everything else is a change:
#
#   - a function prototype, "[extern|static] TYPE NAME(PARAMS) [ATTRS];",
#     or an extern variable, "extern TYPE NAME[...] [ATTRS];", with one
#     declarator;
#   - a static inline function, "static ... inline ... NAME(PARAMS)
#     [ATTRS] { BODY }": GCC emits no code for one nothing calls;
#
# whose NAME appears nowhere in the declarations both sides share (not
# even in a string), is not reserved (__x) and is not a function GCC may
# call on its own (memcpy, ...); holding no asm, pragma, static assert,
# and no attribute that emits or places a symbol (used, section,
# constructor, alias, ...).  Inside a static inline's body, asm, static
# assertions, typedefs, __auto_type and a section for a static local
# are allowed: nothing of a body is emitted when nothing calls the
# function (a WARN_ON()'s asm, whose __LINE__ moves with the lines
# above it, is the common case; a generic WARN_ON_ONCE() keeps its
# flag in .data.once).  A static local marked used is not.  The shared
# declarations are the same text in the same order on both sides (diff
# says so), so the unit's code comes from them alone.
#
# A top-level declaration ends with ";" outside any (), [] or {}, or
# with the "}" of a function body: a top-level "{" after ")" outside an
# initializer.  A line of its own starting with "#" (a pragma) is one.

# set_of LIST SET: each word of LIST a member of SET.
function set_of(list, set,   w, n, i) {
	n = split(list, w, " ")
	for (i = 1; i <= n; i++)
		set[w[i]] = 1
}

BEGIN {
	set_of("asm __asm __asm__ _Pragma _Static_assert static_assert " \
		  "used __used__ retain __retain__ section __section__ " \
		  "constructor __constructor__ destructor __destructor__ " \
		  "alias __alias__ weakref __weakref__ ifunc __ifunc__ " \
		  "symver __symver__ externally_visible __externally_visible__ " \
		  "no_reorder __no_reorder__ typedef __thread _Thread_local " \
		  "__auto_type", banned)
	set_of("asm __asm __asm__ _Static_assert static_assert typedef " \
		  "__auto_type section __section__", inbody)
	set_of("memcpy memmove memset memcmp bcmp bzero strlen strcpy " \
		  "strncpy strcat strncat strcmp strncmp strchr strrchr " \
		  "strstr stpcpy abort exit printf sprintf snprintf puts " \
		  "putchar fputs fwrite", libcall)
	set_of("auto break case char const continue default do double " \
		  "else enum extern float for goto if inline int long register " \
		  "restrict return short signed sizeof static struct switch " \
		  "typedef union unsigned void volatile while _Bool bool " \
		  "typeof __typeof__ __typeof typeof_unqual __inline __inline__ " \
		  "__const __const__ __volatile__ __restrict __restrict__ " \
		  "__signed__ __attribute__ __attribute __extension__ " \
		  "_Alignof __alignof__ _Generic __builtin_offsetof", keyword)
	file = 0
	bad = 0
	cur = ""
	if (hits != "") {
		while ((getline l < hits) > 0)
			hitline[l + 0] = 1
		close(hits)
		items = 1
	}
}

# ---- items=1: FILE.t, one top-level declaration a line. ----

# emit: the declaration gathered so far, on a line of its own; with
# hits, kept when it holds a hit line, else its words are shared.
function emit(   t, w, m, i) {
	t = cur
	gsub(/[ \t]+/, " ", t)
	sub(/^ /, "", t)
	sub(/ $/, "", t)
	if (t != "" && hits == "") {
		print t
	} else if (t != "" && curhit) {
		nhit++
		hitdecl[nhit] = t
	} else if (t != "") {
		m = split(t, w, /[^A-Za-z0-9_]+/)
		for (i = 1; i <= m; i++)
			if (w[i] != "")
				shared[w[i]] = 1
	}
	cur = ""
	# (A declaration that starts on a hit line holds it too.)
	curhit = linehit
}

# With hits, PRE.i as ksplice-build reduces it for a compare.
hits != "" && (/^# [0-9]/ || /^#(define|undef) / || /^[[:space:]]*$/) {
	next
}

hits != "" {
	linehit = (FNR in hitline)
	if (linehit)
		curhit = 1
}

items {
	if (depth == 0 && cur !~ /[^ \t]/ && $0 ~ /^[ \t]*#/) {
		cur = $0
		emit()
		next
	}
	s = $0
	while (s != "") {
		if (!match(s, /["'{}()\[\];=]/)) {
			cur = cur s
			break
		}
		c = substr(s, RSTART, 1)
		cur = cur substr(s, 1, RSTART)
		s = substr(s, RSTART + 1)
		if (c == "\"" || c == "'") {
			# (A regex literal in an expression would match $0.)
			if (c == "\"")
				found = match(s, /^([^"\\]|\\.)*"/)
			else
				found = match(s, /^([^'\\]|\\.)*'/)
			if (!found) {
				# Not C: one declaration to the end, which
				# matches nothing.
				cur = cur s
				break
			}
			cur = cur substr(s, 1, RLENGTH)
			s = substr(s, RLENGTH + 1)
			continue
		}
		if (c == "=") {
			t = substr(cur, 1, length(cur) - 1)
			if (depth == 0 && t !~ /[=!<>+*\/%&|^-]$/ && s !~ /^=/)
				initializer = 1
		} else if (c == ";") {
			if (depth == 0) {
				emit()
				initializer = 0
			}
		} else if (c == "{" || c == "(" || c == "[") {
			if (c == "{" && depth == 0) {
				t = substr(cur, 1, length(cur) - 1)
				sub(/[ \t]+$/, "", t)
				body = (t ~ /\)$/ && !initializer)
			}
			depth++
		} else {
			if (depth > 0)
				depth--
			if (c == "}" && depth == 0 && body) {
				emit()
				body = 0
				initializer = 0
			}
		}
	}
	cur = cur " "
	next
}

# ---- DIFF of the two sides' declarations. ----
FNR == 1 { file++ }

file == 1 {
	if ($0 ~ /^[0-9]+(,[0-9]+)?[acd][0-9]+(,[0-9]+)?$/) {
		# The lines it adds on the post side.
		if ($0 ~ /d/)
			next
		t = $0
		sub(/^.*[ac]/, "", t)
		split(t, p, ",")
		for (l = p[1] + 0; l <= ((2 in p) ? p[2] + 0 : p[1] + 0); l++)
			added[l] = 1
	} else if ($0 ~ /^[<>] /) {
		nd++
		decl[nd] = substr($0, 3)
		gone[nd] = ($0 ~ /^</)
	} else if ($0 != "---") {
		bad = 1
	}
	next
}

# ---- POST.items: every word of the declarations both sides share. ----
file == 2 {
	if (FNR in added)
		next
	m = split($0, w, /[^A-Za-z0-9_]+/)
	for (i = 1; i <= m; i++)
		if (w[i] != "")
			shared[w[i]] = 1
	next
}

# tokenize S: tok[1..ntok], kind[] "i" identifier, "s" literal, "p" other.
function tokenize(s,   t) {
	ntok = 0
	while (1) {
		sub(/^[ \t]+/, "", s)
		if (s == "")
			return 1
		if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/))
			t = "i"
		else if (match(s, /^"([^"\\]|\\.)*"/) || match(s, /^'([^'\\]|\\.)*'/) ||
			 match(s, /^\.?[0-9]([A-Za-z0-9_.]|[eEpP][-+])*/))
			t = "s"
		else if (match(s, /^(<<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*\/%&|^]=|##|#)/) ||
			 match(s, /^./))
			t = "p"
		ntok++
		tok[ntok] = substr(s, 1, RLENGTH)
		kind[ntok] = t
		s = substr(s, RLENGTH + 1)
		if (t == "p" && tok[ntok] ~ /^#/)
			return 0
	}
}

# skipgroup I: the index after the balanced group that opens at token I.
function skipgroup(i,   d) {
	d = 0
	for (; i <= ntok; i++) {
		if (tok[i] == "(" || tok[i] == "[" || tok[i] == "{")
			d++
		else if (tok[i] == ")" || tok[i] == "]" || tok[i] == "}")
			if (--d == 0)
				return i + 1
	}
	return 0
}

function isattr(i) {
	return kind[i] == "i" && (tok[i] == "__attribute__" || tok[i] == "__attribute") &&
	       tok[i + 1] == "("
}

# skipattrs I: the index after the attributes starting at token I.
function skipattrs(i) {
	while (i && i <= ntok && isattr(i))
		i = skipgroup(i + 1)
	return i
}

# item: is tok[1..ntok] one declaration we can prove unused?
function item(   i, name, isstatic, isinline, isextern, last, body) {
	for (i = 1; i <= ntok; i++) {
		if (kind[i] == "i" && (tok[i] in banned) && !(tok[i] in inbody))
			return 0
	}
	name = ""
	for (i = 1; i <= ntok; ) {
		if (isattr(i)) {
			i = skipgroup(i + 1)
			if (!i)
				return 0
			continue
		}
		if (kind[i] == "i") {
			if (tok[i] == "static")
				isstatic = 1
			else if (tok[i] == "extern")
				isextern = 1
			else if (tok[i] == "inline" || tok[i] == "__inline" || tok[i] == "__inline__")
				isinline = 1
			if (tok[i + 1] == "(") {
				if (tok[i] in keyword)
					return 0
				name = tok[i]
				break
			}
			last = tok[i]
			i++
			continue
		}
		if (tok[i] == "*") {
			i++
			continue
		}
		if (tok[i] == "[" || tok[i] == ";")
			break
		return 0
	}
	if (name != "") {
		# NAME(PARAMS) ATTRS, then ";" or a static inline's body.
		i = skipgroup(i + 1)
		if (!i)
			return 0
		i = skipattrs(i)
		if (!i)
			return 0
		if (i == ntok && tok[i] == ";")
			;
		else if (tok[i] == "{" && isstatic && isinline && skipgroup(i) == ntok + 1)
			body = i
		else
			return 0
	} else {
		# extern TYPE [*]... NAME [\[...\]] ATTRS ; the loop above
		# stopped at the "[" or ";" after NAME.
		if (!isextern || isstatic)
			return 0
		if (last == "" || (last in keyword))
			return 0
		while (i <= ntok && tok[i] == "[") {
			i = skipgroup(i)
			if (!i)
				return 0
		}
		i = skipattrs(i)
		if (!(i == ntok && tok[i] == ";"))
			return 0
		name = last
	}
	if (name ~ /^__/ || (name in libcall) || (name in shared))
		return 0
	# What only a body may hold, outside it.
	for (i = 1; i <= ntok && (!body || i < body); i++) {
		if (kind[i] == "i" && (tok[i] in inbody))
			return 0
	}
	declname = name
	return 1
}

END {
	if (hits != "") {
		emit()
		if (!nhit)
			exit 1
		for (k = 1; k <= nhit; k++) {
			if (!tokenize(hitdecl[k]) || ntok < 2 || !item())
				exit 1
		}
		exit 0
	}
	if (items) {
		emit()
		exit 0
	}
	if (header) {
		# Each name, with the times the removed declarations hold
		# it; every other word, once.
		if (bad || nd == 0)
			exit 1
		for (k = 1; k <= nd; k++) {
			if (!tokenize(decl[k]) || ntok < 2 || !item())
				exit 1
			names[declname] += 0
			for (i = 1; i <= ntok; i++) {
				if (gone[k] && tok[i] == declname)
					names[declname]++
				if (kind[i] == "i" && !(tok[i] in keyword))
					words[tok[i]] = 1
			}
		}
		for (nm in names)
			print "name", nm, names[nm]
		for (nm in words)
			if (!(nm in names))
				print "word", nm
		exit 0
	}
	if (bad || nd == 0 || file != 2)
		exit 1
	for (k = 1; k <= nd; k++) {
		if (!tokenize(decl[k]) || ntok < 2 || !item())
			exit 1
	}
	exit 0
}
