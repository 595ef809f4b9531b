# SPDX-License-Identifier: GPL-2.0
#
# awk -f ksplice-unused-decls.awk DIFF PRE.t POST.t
#
# Used by ksplice-build for an object that reaches the patch only through
# headers, when its preprocessed source changes.  PRE.t and POST.t are the
# object's two preprocessed sources without line markers and blank lines;
# DIFF is "diff PRE.t POST.t".  Exit 0 when POST.t is PRE.t with nothing
# but declarations the object does not use put in between its top-level
# declarations; exit 1 otherwise (the caller then compiles both sides).
#
# A fix that adds a function often declares it in a header that a
# thousand objects include; each of them preprocesses differently, yet
# none but the callers can compile differently: a name the translation
# unit never mentions emits no code and changes none.  What counts as
# such a declaration is kept narrow, everything else is "changed":
#
#   - a function prototype, "[extern|static] TYPE NAME(PARAMS) [ATTRS];",
#     or an extern variable, "extern TYPE NAME[...] [ATTRS];", with one
#     declarator;
#   - a static inline function, "static ... inline ... NAME(PARAMS)
#     [ATTRS] { BODY }": GCC emits no code for one nothing calls;
#
# whose NAME appears nowhere else in POST.t (not even in a string), is
# not reserved (__x) and is not a function GCC may call on its own
# (memcpy, ...); the inserted text holds no asm, pragma, static assert,
# and no attribute that emits or places a symbol (used, section,
# constructor, alias, ...).  Each insertion must sit between two
# top-level declarations of PRE.t: after a line that ends one with ";"
# or with a function body's "}".

# Words that disqualify the inserted text wherever they appear.
BEGIN {
	n = split("asm __asm __asm__ _Pragma _Static_assert static_assert " \
		  "used __used__ retain __retain__ section __section__ " \
		  "constructor __constructor__ destructor __destructor__ " \
		  "alias __alias__ weakref __weakref__ ifunc __ifunc__ " \
		  "symver __symver__ externally_visible __externally_visible__ " \
		  "no_reorder __no_reorder__ typedef __thread _Thread_local " \
		  "__auto_type", w, " ")
	for (i = 1; i <= n; i++)
		banned[w[i]] = 1
	n = split("memcpy memmove memset memcmp bcmp bzero strlen strcpy " \
		  "strncpy strcat strncat strcmp strncmp strchr strrchr " \
		  "strstr stpcpy abort exit printf sprintf snprintf puts " \
		  "putchar fputs fwrite", w, " ")
	for (i = 1; i <= n; i++)
		libcall[w[i]] = 1
	n = split("auto break case char const continue default do double " \
		  "else enum extern float for goto if inline int long register " \
		  "restrict return short signed sizeof static struct switch " \
		  "typedef union unsigned void volatile while _Bool bool " \
		  "typeof __typeof__ __typeof typeof_unqual __inline __inline__ " \
		  "__const __const__ __volatile__ __restrict __restrict__ " \
		  "__signed__ __attribute__ __attribute __extension__ " \
		  "_Alignof __alignof__ _Generic __builtin_offsetof", w, " ")
	for (i = 1; i <= n; i++)
		keyword[w[i]] = 1
	file = 0
	bad = 0
}

FNR == 1 { file++ }

# ---- DIFF: insertions only. ----
file == 1 {
	if ($0 ~ /^[0-9]+a[0-9]+(,[0-9]+)?$/) {
		split($0, p, /[a,]/)
		nh++
		at[nh] = p[1] + 0
		from[nh] = p[2] + 0
		to[nh] = (3 in p) ? p[3] + 0 : p[2] + 0
		want[at[nh]] = 1
		for (l = from[nh]; l <= to[nh]; l++)
			ins[l] = nh
		if (at[nh] > lastat)
			lastat = at[nh]
	} else if ($0 !~ /^> /) {
		bad = 1
	}
	next
}

# ---- PRE.t: where a top-level declaration ends. ----
# depth counts (), [] and {}; top-level "{" after ")" outside an
# initializer opens a function body, whose "}" ends the declaration.
file == 2 {
	if (bad || FNR > lastat)
		next
	s = $0
	ended = 0
	while (s != "") {
		if (!match(s, /["'{}()\[\];=]/)) {
			if (s ~ /[^ \t]/)
				ended = 0
			prevtext = prevtext s
			break
		}
		c = substr(s, RSTART, 1)
		before = substr(s, 1, RSTART - 1)
		if (before ~ /[^ \t]/)
			ended = 0
		prevtext = prevtext before
		s = substr(s, RSTART + 1)
		if (c == "\"" || c == "'") {
			# (A regex literal in an expression would match $0.)
			if (c == "\"")
				found = match(s, /^([^"\\]|\\.)*"/)
			else
				found = match(s, /^([^'\\]|\\.)*'/)
			if (!found) {
				bad = 1
				break
			}
			s = substr(s, RLENGTH + 1)
			prevtext = prevtext "x"
			ended = 0
			continue
		}
		ended = 0
		if (c == "=") {
			if (depth == 0 && prevtext !~ /[=!<>+*\/%&|^-]$/ && s !~ /^=/)
				initializer = 1
		} else if (c == ";") {
			if (depth == 0)
				ended = 1
			if (depth == 0)
				initializer = 0
		} else if (c == "{" || c == "(" || c == "[") {
			if (c == "{" && depth == 0) {
				t = prevtext
				sub(/[ \t]+$/, "", t)
				body = (t ~ /\)$/ && !initializer)
			}
			depth++
		} else {
			depth--
			if (depth < 0) {
				bad = 1
				break
			}
			if (c == "}" && depth == 0 && body) {
				ended = 1
				body = 0
				initializer = 0
			}
		}
		prevtext = prevtext c
		if (length(prevtext) > 200)
			prevtext = substr(prevtext, length(prevtext) - 100)
	}
	if (FNR in want)
		okat[FNR] = (depth == 0 && ended)
	prevtext = prevtext " "
	next
}

# ---- POST.t: the inserted text, and every word outside it. ----
file == 3 {
	if (bad)
		next
	if (FNR in ins) {
		h = ins[FNR]
		chunk[h] = chunk[h] " " $0
		next
	}
	m = split($0, w, /[^A-Za-z0-9_]+/)
	for (i = 1; i <= m; i++)
		if (w[i] != "")
			outside[w[i]] = 1
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

# item A B: is tok[A..B] one declaration we can prove unused?  Records
# its name in names[].
function item(a, b,   i, name, isstatic, isinline, isextern, j, last) {
	for (i = a; i <= b; i++) {
		if (kind[i] == "i" && (tok[i] in banned))
			return 0
	}
	name = ""
	for (i = a; i <= b; ) {
		if (isattr(i)) {
			i = skipgroup(i + 1)
			if (!i || i > b + 1)
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
			if (tok[i + 1] == "(" && i + 1 <= b) {
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
		if (i == b && tok[i] == ";")
			;
		else if (tok[i] == "{" && isstatic && isinline && skipgroup(i) == b + 1)
			;
		else
			return 0
	} else {
		# extern TYPE [*]... NAME [\[...\]] ATTRS ;
		if (!isextern || isstatic)
			return 0
		for (; i <= b && tok[i] == "*"; i++)
			;
		if (kind[i] == "i" && !(tok[i] in keyword)) {
			last = tok[i]
			i++
		}
		if (last == "" || (last in keyword))
			return 0
		while (i <= b && tok[i] == "[") {
			i = skipgroup(i)
			if (!i)
				return 0
		}
		i = skipattrs(i)
		if (!(i == b && tok[i] == ";"))
			return 0
		name = last
	}
	if (name ~ /^__/ || (name in libcall) || (name in outside))
		return 0
	return 1
}

# chunk_ok S: is S a sequence of such declarations?
function chunk_ok(s,   i, a, d, body, initializer, t) {
	if (!tokenize(s))
		return 0
	a = 1
	d = 0
	body = 0
	initializer = 0
	for (i = 1; i <= ntok; i++) {
		t = tok[i]
		if (t == "(" || t == "[" || t == "{") {
			if (t == "{" && d == 0)
				body = (tok[i - 1] == ")" && !initializer)
			d++
		} else if (t == ")" || t == "]" || t == "}") {
			if (--d < 0)
				return 0
			if (t == "}" && d == 0) {
				if (!body)
					return 0
				if (!item(a, i))
					return 0
				a = i + 1
				initializer = 0
			}
		} else if (t == "=" && d == 0) {
			initializer = 1
		} else if (t == ";" && d == 0) {
			if (!item(a, i))
				return 0
			a = i + 1
			initializer = 0
		}
	}
	return d == 0 && a == ntok + 1 && ntok > 0
}

END {
	if (bad || nh == 0 || file != 3)
		exit 1
	for (h = 1; h <= nh; h++) {
		if (at[h] != 0 && !okat[at[h]])
			exit 1
		if (!chunk_ok(chunk[h]))
			exit 1
	}
	exit 0
}
