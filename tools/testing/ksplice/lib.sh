# SPDX-License-Identifier: GPL-2.0
# Common settings and helpers of the ksplice test harness (sourced).

KS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KS_TOP=$(cd "$KS_DIR/../../.." && pwd)

# Everything built or downloaded lives outside the checkout.
KSPLICE_CACHE=${KSPLICE_CACHE:-$HOME/.cache/ksplice}
KSPLICE_KVER=${KSPLICE_KVER:-6.12}
KS_SRC=$KSPLICE_CACHE/linux-source-$KSPLICE_KVER
KS_TARBALL=/usr/src/linux-source-$KSPLICE_KVER.tar.xz
export CCACHE_DIR=${CCACHE_DIR:-$KSPLICE_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# ccache's depend mode: on a miss it takes the headers from the -MMD
# file kbuild has the compiler write, instead of running the preprocessor
# once more; a cold kernel build costs about a fifth less CPU.
# CCACHE_NODEPEND=1 turns it off.
[ -n "${CCACHE_NODEPEND:-}" ] || export CCACHE_DEPEND=1
JOBS=${JOBS:-$(nproc)}

ks_log() {
	echo "  $(printf '%-8s' "$1") ${*:2}" >&2
}

ks_die() {
	echo "ksplice-harness: error: $*" >&2
	exit 1
}

# The harness's test kernels ("arches"): x86_64, arm, and x86_64-distro,
# an x86_64 kernel configured like a distribution's (configs/
# x86_64-distro.config).
KS_ARCHES="x86_64 arm x86_64-distro"

# ks_arch_vars ARCH: set KARCH, CROSS, QEMU, IMAGE, KS_BUILD for a
# harness arch, KS_CONFIGS (its config fragments, in order), KS_BASEARCH
# (the architecture the scenarios know it as) and KS_BOOTARGS (what its
# kernel command line adds).  KS_BUILD is $KSPLICE_CACHE/build-ARCH,
# beside the source tree; KSPLICE_BUILD_LAYOUT (stable-pass --layout)
# puts it inside: "parent" is obj-ARCH (kbuild then records paths as
# ../fs/x.c), "deeper" is build/ARCH (absolute paths into a tree that
# holds the object tree).
ks_arch_vars() {
	KS_CONFIGS="common.config $1.config"
	KS_BASEARCH=$1
	KS_BOOTARGS=
	case $1 in
	x86_64)
		KARCH=x86; CROSS=; QEMU=qemu-system-x86_64
		IMAGE=arch/x86/boot/bzImage ;;
	arm)
		KARCH=arm; CROSS=arm-linux-gnueabihf-; QEMU=qemu-system-arm
		IMAGE=arch/arm/boot/zImage ;;
	x86_64-distro)
		KARCH=x86; CROSS=; QEMU=qemu-system-x86_64
		IMAGE=arch/x86/boot/bzImage
		KS_CONFIGS="common.config x86_64.config x86_64-distro.config"
		KS_BASEARCH=x86_64
		# cond_resched() as static calls to __static_call_return0;
		# call-depth tracking's thunks patched in at boot.
		KS_BOOTARGS="preempt=full retbleed=stuff" ;;
	*)
		ks_die "unknown arch '$1' ($KS_ARCHES)" ;;
	esac
	case ${KSPLICE_BUILD_LAYOUT:-main} in
	main) KS_BUILD=$KSPLICE_CACHE/build-$1 ;;
	parent | deeper)
		KS_BUILD=$KS_SRC/$(ks_inner_objdir "$KSPLICE_BUILD_LAYOUT" "$1") ;;
	*) ks_die "unknown KSPLICE_BUILD_LAYOUT '$KSPLICE_BUILD_LAYOUT' (main, parent, deeper)" ;;
	esac
}

# ks_inner_objdir LAYOUT ARCH: the O= argument, relative to the source
# tree, of ARCH's object tree in a layout that puts it inside the source
# tree: obj-ARCH (parent) or build/ARCH (deeper).  The stable pass and
# the layout tests both name their object trees so.
ks_inner_objdir() {
	case $1 in
	parent) echo "obj-$2" ;;
	deeper) echo "build/$2" ;;
	*) ks_die "layout '$1' has no object tree inside the source tree" ;;
	esac
}

# ks_is_arch WORD: is WORD one of the harness's arches?
ks_is_arch() {
	case " $KS_ARCHES " in *" $1 "*) return 0 ;; esac
	return 1
}

# Make in the test kernel's tree for ARCH (ks_arch_vars first).
ks_kmake() {
	make -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" \
		-j"$JOBS" "$@"
}

# ks_image_uncached OBJTREE MAKE...: make the boot image (IMAGE, from
# ks_arch_vars) again with MAKE, its compressed payload's wrapper
# assembled without ccache.  piggy.S takes the compressed kernel in with
# .incbin, which ccache does not hash: for the same configuration it
# hands back the piggy.o of an earlier kernel, and QEMU boots that one.
ks_image_uncached() {
	local obj=$1

	shift
	rm -f "$obj"/arch/*/boot/compressed/piggy.o
	CCACHE_DISABLE=1 "$@" "$(basename "$IMAGE")"
}

# ks_banner FILE: the first "Linux version ... #N ..." line in FILE (a
# vmlinux, or a console log).
ks_banner() {
	grep -a -m1 -o 'Linux version [^[:cntrl:]]* #[0-9][^[:cntrl:]]*' "$1" 2>/dev/null
}

# The QEMU CPU model of x86_64-distro: an Intel model that the kernel
# lists as needing retbleed mitigation, so that retbleed=stuff turns
# call-depth tracking on under TCG.
KS_DISTRO_CPU=${KS_DISTRO_CPU:-Skylake-Client-v1}
