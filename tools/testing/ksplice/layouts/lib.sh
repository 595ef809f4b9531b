# SPDX-License-Identifier: GPL-2.0
# The build layouts kbuild supports, as the tests set them up (sourced
# after tools/testing/ksplice/lib.sh).
#
#   main     the test kernel: O= a directory outside the source tree
#            (kbuild records absolute source paths)
#   intree   make in the source tree (records are relative: fs/x.c)
#   parent   O= a directory directly inside the source tree (kbuild sets
#            srctree to "..": records read ../fs/x.c)
#   deeper   O= a directory two levels inside the source tree (srctree is
#            absolute again, and the object tree is inside it)
#
# Every layout but main builds a small kernel (tinyconfig, layout.config
# and the arch's fragment) in a hard-link copy of the harness's source tree
# under $KSPLICE_CACHE/layouts: intree-ARCH holds the in-tree build of
# ARCH, src the object trees of the other two for both arches
# (src/obj-ARCH, src/build/ARCH).

LAYOUTS=(intree parent deeper)
LAYOUTS_DIR=$KSPLICE_CACHE/layouts

# layout_vars ARCH LAYOUT: ks_arch_vars, and L_SRC (source tree), L_OBJ
# (object tree), L_START (where make starts) and L_O (the O= argument as
# a user would type it there; empty in-tree).
layout_vars() {
	ks_arch_vars "$1"
	case $2 in
	main)
		L_SRC=$KS_SRC; L_OBJ=$KS_BUILD; L_START=$KS_SRC; L_O=$KS_BUILD ;;
	intree)
		L_SRC=$LAYOUTS_DIR/intree-$1; L_OBJ=$L_SRC; L_START=$L_SRC; L_O= ;;
	parent | deeper)
		L_SRC=$LAYOUTS_DIR/src; L_START=$L_SRC
		L_O=$(ks_inner_objdir "$2" "$1"); L_OBJ=$L_SRC/$L_O ;;
	*)
		ks_die "unknown layout '$2' (main, intree, parent, deeper)" ;;
	esac
}

# layout_make ARGS...: make for the layout's arch, started in L_START
# with O= as typed there.
layout_make() {
	(cd "$L_START" && make ${L_O:+O="$L_O"} ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" "$@")
}

# layout_fragments ARCH: the config fragments of ARCH's layout kernels.
layout_fragments() {
	echo "$KS_DIR/configs/layout.config"
	case $1 in
	x86_64) echo "$KS_DIR/configs/layout-x86_64.config" ;;
	arm) echo "$KS_DIR/configs/arm.config" ;;
	esac
}

# layout_fingerprint: tree_fingerprint (tests/lib.sh) of the source tree
# without the object tree, and of the object tree without the modules
# make ksplice writes at its top.
layout_fingerprint() {
	local rel=${L_OBJ#"$L_SRC"/}
	if [ "$L_SRC" = "$L_OBJ" ]; then
		tree_fingerprint "$L_SRC" --no-modules
		return
	fi
	(cd "$L_SRC" && find . -path ./.git -prune -o -path "./$rel" -prune -o \
		-printf '%P %y %s %i %T@\n' | LC_ALL=C sort | md5sum | cut -c1-32)
	tree_fingerprint "$L_OBJ" --no-modules
}
