# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by stable-pass and stable/new-declarers: the identifiers of a
# diff's added lines.

# C's keywords and the preprocessor's words: never an identifier to
# look for in a header's change.
c_words='auto|break|case|char|const|continue|default|do|double|else|enum|extern|float|for|goto|if|inline|int|long|register|restrict|return|short|signed|sizeof|static|struct|switch|typedef|union|unsigned|void|volatile|while|bool|true|false|NULL|typeof|define|ifdef|ifndef|endif|include|undef|elif|defined'

# added_ids < DIFF: the identifiers of the diff's added lines, but C's
# keywords and the words of comments: a header must not be taken for
# sharing "struct" or "return" with the fix, or a word of prose.  Every
# header a fix takes costs a compile of each object that reads it.
added_ids() {
	grep '^+[^+]' | cut -c2- |
		sed -E 's|/\*.*\*/||g; s|//.*||; /^[[:space:]]*(\*|\/\*)/d; s|/\*.*||' |
		grep -oE '[A-Za-z_][A-Za-z0-9_]{3,}' |
		grep -vxE "$c_words" |
		sort -u
}
