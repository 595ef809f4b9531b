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
JOBS=${JOBS:-$(nproc)}

ks_log() {
	echo "  $(printf '%-8s' "$1") ${*:2}" >&2
}

ks_die() {
	echo "ksplice-harness: error: $*" >&2
	exit 1
}

# ks_arch_vars ARCH: set KARCH, CROSS, QEMU, IMAGE for a harness arch.
ks_arch_vars() {
	case $1 in
	x86_64)
		KARCH=x86; CROSS=; QEMU=qemu-system-x86_64
		IMAGE=arch/x86/boot/bzImage ;;
	arm)
		KARCH=arm; CROSS=arm-linux-gnueabihf-; QEMU=qemu-system-arm
		IMAGE=arch/arm/boot/zImage ;;
	*)
		ks_die "unknown arch '$1' (x86_64 or arm)" ;;
	esac
	KS_BUILD=$KSPLICE_CACHE/build-$1
}

# Make in the test kernel's tree for ARCH (ks_arch_vars first).
ks_kmake() {
	make -C "$KS_SRC" O="$KS_BUILD" ARCH="$KARCH" \
		${CROSS:+CROSS_COMPILE="$CROSS"} CC="ccache ${CROSS}gcc" \
		-j"$JOBS" "$@"
}
