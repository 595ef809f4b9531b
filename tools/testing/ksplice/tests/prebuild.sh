#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The background prebuild of run-tests (tools/testing/ksplice/prebuild),
# with a stand-in build that records when it starts and ends: run-tests'
# own build of a step waits for the background's build of it, and a step
# run-tests has started is never built in the background.
. "$(dirname "$0")/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/ks-prebuild.XXXXXX")
trap 'rm -rf "$work"' EXIT
t_plan 5

cat >"$work/stub" <<'STUB'
#!/bin/bash
echo "start $1" >>"$STUB_LOG"
sleep 2
echo "end $1" >>"$STUB_LOG"
STUB
chmod +x "$work/stub"
export STUB_LOG=$work/events KSPLICE_PREBUILD_CMD=$work/stub
dir=$work/pb

# The background builds kernel:a, then kernel:b, then kunitpy:c.  While
# it builds kernel:a, the foreground starts kernel:a and kunitpy:c.
"$KS_DIR/prebuild" "$dir" kernel:a kernel:b kunitpy:c &
bg=$!
for _ in $(seq 50); do
	grep -q 'start kernel:a' "$work/events" 2>/dev/null && break
	sleep 0.1
done
grep -q 'start kernel:a' "$work/events"
t_ok "the background starts its first step" $? "$work/events"
"$KS_DIR/prebuild" "$dir" --run kunitpy:c sh -c 'echo "fg kunitpy:c" >>"$STUB_LOG"'
"$KS_DIR/prebuild" "$dir" --run kernel:a sh -c 'echo "fg kernel:a" >>"$STUB_LOG"'
wait "$bg"
t_ok "the background ends with status 0" $? "$dir/prebuild.log"

[ "$(grep -n 'end kernel:a\|fg kernel:a' "$work/events" | cut -d: -f2- | tr '\n' ,)" = \
  "end kernel:a,fg kernel:a," ]
t_ok "the foreground's kernel:a waits for the background's build of it" $? "$work/events"
grep -q 'start kernel:b' "$work/events"
t_ok "a step nobody started is built in the background" $? "$work/events"
! grep -q 'start kunitpy:c' "$work/events" && grep -q 'fg kunitpy:c' "$work/events"
t_ok "a step the foreground started is not built in the background" $? "$work/events"
t_done
