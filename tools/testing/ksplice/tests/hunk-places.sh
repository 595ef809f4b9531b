#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/ksplice/ksplice-hunk-places.awk: at how many places of a file
# a hunk's old lines are found, which decides whether make ksplice takes
# a hunk that patch(1) applied at other lines than the patch says.  One
# place must be counted only where the hunk's old lines, read as
# patch(1) reads them, are at exactly one place; the N-th hunk must be
# the N-th of that file's diff.  Prints TAP.
. "$(dirname "$0")/lib.sh"

awkf=$KS_TOP/scripts/ksplice/ksplice-hunk-places.awk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The file the hunks are looked for in: lines 3-5 and 8-10 are the same.
printf '%s\n' 'int a;' 'int b;' '{' '	return 0;' '}' 'int c;' 'int d;' '{' \
	'	return 0;' '}' 'int e;' '' >"$work/file.c"

# case NAME WANT START HUNK [PATCH]: the patch is $work/PATCH.diff
# (NAME's by default, written by the caller); START is where the file's
# diff starts in it.
case_() {
	local got
	got=$(awk -v start="$3" -v hunk="$4" -f "$awkf" "$work/${5:-$1}.diff" "$work/file.c" 2>&1)
	[ "$got" = "$2" ]
	t_ok "$1: $2 (got: $got)" $?
}

t_plan 11

cat >"$work/unique.diff" <<'EOF'
--- a/file.c
+++ b/file.c
@@ -40,3 +40,3 @@
 int c;
-int d;
+long d;
 {
EOF
case_ unique 1 1 1

cat >"$work/twice.diff" <<'EOF'
--- a/file.c
+++ b/file.c
@@ -40,2 +40,3 @@
 	return 0;
+	/* end */
 }
EOF
case_ twice 2 1 1

cat >"$work/nowhere.diff" <<'EOF'
--- a/file.c
+++ b/file.c
@@ -4,2 +4,2 @@
-int f;
+int g;
 int e;
EOF
case_ nowhere 0 1 1

# An addition without context fits anywhere: the file's lines plus one.
cat >"$work/no-context.diff" <<'EOF'
--- a/file.c
+++ b/file.c
@@ -7,0 +8,1 @@
+int z;
EOF
case_ no-context 13 1 1

# The second hunk of the second file of a git diff; a mail around it.
cat >"$work/nth.diff" <<'EOF'
From: someone
Subject: [PATCH] two files

---
diff --git a/other.c b/other.c
--- a/other.c
+++ b/other.c
@@ -1 +1 @@
-int b;
+int x;
diff --git a/file.c b/file.c
index 1111111..2222222 100644
--- a/file.c
+++ b/file.c
@@ -1,2 +1,2 @@
-int a;
+long a;
 int b;
@@ -20 +20 @@
-	return 0;
+	return 1;
EOF
case_ nth-first 1 11 1 nth
case_ nth-second 2 11 2 nth

# A context line whose leading space a mailer stripped, a missing
# newline marker, carriage returns: read as patch(1) reads them.
printf '%s\n' '--- a/file.c' '+++ b/file.c' '@@ -30,2 +30,2 @@' '-int e;' \
	'+long e;' '' >"$work/blank.diff"
case_ blank 1 1 1
printf '%s\n' '--- a/file.c' '+++ b/file.c' '@@ -30,2 +30,2 @@' '-int d;' \
	'\ No newline at end of file' '+long d;' ' {' >"$work/marker.diff"
case_ marker 1 1 1
printf '%s\r\n' '--- a/file.c' '+++ b/file.c' '@@ -30,3 +30,3 @@' '-int a;' \
	'+int aa;' ' int b;' ' {' >"$work/crlf.diff"
case_ crlf 1 1 1
printf '%s\n' '--- a/file.c' '+++ b/file.c' '@@ -30,4 +30,4 @@' ' int e;' >"$work/short.diff"
case_ short unknown 1 1

cat >"$work/context.diff" <<'EOF'
*** a/file.c
--- b/file.c
***************
*** 40,42 ****
  int c;
! int d;
  {
--- 40,42 ----
  int c;
! long d;
  {
EOF
case_ context unknown 1 1

t_done
