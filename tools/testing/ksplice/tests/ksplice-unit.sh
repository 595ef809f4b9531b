#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksplice.service, as "make -C tools/ksplice install" installs it: it
# runs "ksplice-apply --boot" from where the tools were installed, and
# systemd-analyze verify finds nothing to say about it.  Prints TAP.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t_plan 4
cp -r "$KS_TOP/tools/ksplice" "$work/src"
make -s -C "$work/src" install DESTDIR="$work/root" prefix=/usr >"$work/install.log" 2>&1
t_ok "make -C tools/ksplice install puts the tools and the unit in place" $? "$work/install.log"
unit=$work/root/lib/systemd/system/ksplice.service
grep -qx 'ExecStart=/usr/sbin/ksplice-apply --boot' "$unit" 2>/dev/null &&
	[ -x "$work/root/usr/sbin/ksplice-apply" ]
t_ok "the unit runs the installed ksplice-apply --boot" $? "$unit"
SYSTEMD_LOG_COLOR=0 systemd-analyze verify --root="$work/root" "$unit" >"$work/verify" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$work/verify" ]
t_ok "systemd-analyze verify: clean" $? "$work/verify"
# The same check sees a mistake: it is not silent on everything.
sed 's/^Type=oneshot$/Type=oneshot\nExecStartPre=ksplice-relative/' "$unit" >"$work/bad.service"
mv "$work/bad.service" "$unit"
SYSTEMD_LOG_COLOR=0 systemd-analyze verify --root="$work/root" "$unit" >"$work/verify2" 2>&1
[ -s "$work/verify2" ]
t_ok "systemd-analyze verify speaks up about a broken copy of the unit" $? "$work/verify2"
t_done
