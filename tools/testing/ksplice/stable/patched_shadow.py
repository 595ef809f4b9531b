# SPDX-License-Identifier: GPL-2.0
#
# patched_shadow: compile an object of a built kernel tree as kbuild
# recorded it, from the source tree as it is ("pre") and from a shadow of
# it with a patch applied ("post").  Used by stable/nfc-check and
# stable/layout-probe, which look at the two objects in their own ways.
# Nothing is written to the source or object tree.

import os
import re
import shutil
import subprocess


class Failure(Exception):
    """A reason the objects could not be made, for the caller to print."""


def savedcmd(build, obj):
    """The command kbuild recorded for @obj (.OBJ.cmd), make's quoting undone."""
    cmdfile = os.path.join(build, os.path.dirname(obj),
                           "." + os.path.basename(obj) + ".cmd")
    try:
        with open(cmdfile) as f:
            for line in f:
                if line.startswith("savedcmd_"):
                    cmd = line.split(" := ", 1)[1].rstrip("\n")
                    return cmd.replace("$$", "$").replace("\\#", "#")
    except OSError as e:
        raise Failure("%s: %s" % (obj, e))
    raise Failure("%s: no savedcmd_ in %s" % (obj, cmdfile))


def compile_cmd(cmd, obj, out, src, to):
    """@cmd writing @out, reading from @to where it names @src."""
    # The compiler's part only: what kbuild runs after it (objtool,
    # recordmcount) rewrites both sides alike.
    cmd = cmd.split(" ; ")[0]
    words = []
    for w in cmd.split(" "):
        if w.startswith("-Wp,-MMD,") or w.startswith("-Wp,-MD,"):
            continue
        if w == obj:
            w = out
        if to is not None:
            # kbuild records the source tree as make found it, which
            # may be SRC through a symbolic link.
            for s in (src, os.path.realpath(src)):
                w = w.replace(s + "/", to + "/")
        words.append(w)
    return " ".join(words)


def patched_files(patch):
    """The files @patch names (-p1), /dev/null left out."""
    files = []
    with open(patch, errors="replace") as f:
        for ln in f:
            if ln.startswith("+++ ") or ln.startswith("--- "):
                p = ln[4:].split("\t")[0].strip()
                if p != "/dev/null":
                    files.append(p.split("/", 1)[1])
    return sorted(set(files))


class PatchedShadow:
    """@work/post-src: the directories on the way to a patched file are
    made, everything else in them is a symbolic link into @src, and the
    patched files are copies with @patch applied."""

    RELSRC = re.compile(r"(^|[ =])\.\./")

    def __init__(self, src, build, work, patch):
        self.src, self.build, self.work = src, build, work
        shutil.rmtree(work, ignore_errors=True)
        self.post = os.path.join(work, "post-src")
        os.makedirs(self.post)
        self.made = set()
        for p in patched_files(patch):
            self._dir(os.path.dirname(p))
            dst = os.path.join(self.post, p)
            if os.path.lexists(dst):
                os.unlink(dst)
            if os.path.exists(os.path.join(src, p)):
                shutil.copy2(os.path.join(src, p), dst)
        r = subprocess.run(["patch", "-d", self.post, "-p1", "-s", "-f",
                            "--no-backup-if-mismatch", "-r", "-", "-i", patch],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure("the patch does not apply: " +
                          (r.stdout + r.stderr).strip())
        # An object tree inside SRC (make O=obj there) may be recorded
        # with paths relative to it (kbuild's srctree ".."): the post
        # side then compiles in the shadow's directory of it, whose
        # entries are links to the object tree's, so that ".." leads to
        # the patched shadow and "./include/generated" to the real
        # object tree.
        self.postcwd = build
        inner = os.path.relpath(build, src)
        if inner != ".." and not inner.startswith("../"):
            self._dir(inner)
            self.postcwd = os.path.join(self.post, inner)

    def _dir(self, rel):
        if rel in self.made:
            return
        if rel:
            self._dir(os.path.dirname(rel))
            link = os.path.join(self.post, rel)
            if os.path.islink(link):
                os.unlink(link)
            os.makedirs(link, exist_ok=True)
        self.made.add(rel)
        sdir = os.path.join(self.src, rel)
        if not os.path.isdir(sdir):
            return
        for e in os.listdir(sdir):
            if not rel and e == ".git":
                continue
            dst = os.path.join(self.post, rel, e)
            if not os.path.lexists(dst):
                os.symlink(os.path.join(sdir, e), dst)

    def compile(self, obj, side, extra=""):
        """@obj compiled for @side ("pre" or "post") under @work/SIDE,
        @extra added to the recorded command; its path."""
        out = os.path.join(self.work, side, obj)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        to = self.post if side == "post" else None
        cmd = compile_cmd(savedcmd(self.build, obj), obj, out, self.src, to)
        # A post command that does not reach the patched shadow would
        # compile the old source and agree with anything.
        if to is not None and self.post not in cmd and not (
                self.postcwd != self.build and self.RELSRC.search(cmd)):
            raise Failure("%s: its recorded command does not name %s: cannot "
                          "compile the patched side" % (obj, self.src))
        c = subprocess.run(cmd + (" " + extra if extra else ""), shell=True,
                           cwd=self.build if to is None else self.postcwd,
                           capture_output=True, text=True)
        if c.returncode != 0 or not os.path.exists(out):
            errs = [ln for ln in c.stderr.split("\n") if "error" in ln]
            raise Failure("%s [%s]: the recorded command failed: %s" % (
                obj, side, (errs or c.stderr.strip().split("\n") or [""])[0]))
        return out
