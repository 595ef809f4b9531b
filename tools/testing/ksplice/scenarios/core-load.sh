# SPDX-License-Identifier: GPL-2.0
# Load: 200 undo/apply cycles of an update while 4 processes read the
# file whose function it replaces.  No read fails or shows anything but
# the old or the new text, no switch fails; the pause of the machine is
# reported (median and p99 over the 400 switches).
# Needs /modules/ksplice_core_version.ko (tools/testing/ksplice/modules/core).
. /lib.sh

M=/modules
D=/sys/kernel/ksplice/core_version
N=200

need_modules ksplice_core_version

orig=$(cat /proc/version)
reader() {
	while [ ! -e /tmp/stop ]; do
		if ! IFS= read -r l </proc/version; then
			echo "read failed" >>/tmp/fail.$1
			continue
		fi
		case $l in
		"$orig") echo o >>/tmp/seen.$1 ;;
		"ksplice_core_version relocs=ok $orig") echo n >>/tmp/seen.$1 ;;
		*) echo "bad: $l" >>/tmp/fail.$1 ;;
		esac
	done
}

plan 7
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "insmod applies the update" insmod $M/ksplice_core_version.ko
rm -f /tmp/stop /tmp/fail.* /tmp/seen.* /tmp/pauses /tmp/loopfail
for i in 1 2 3 4; do
	reader $i &
done
i=0
while [ $i -lt $N ]; do
	echo reversed >$D/stage || echo "undo $i: $(cat $D/abort_cause)" >>/tmp/loopfail
	cat $D/pause_ns >>/tmp/pauses
	echo applied >$D/stage || echo "apply $i: $(cat $D/abort_cause)" >>/tmp/loopfail
	cat $D/pause_ns >>/tmp/pauses
	i=$((i + 1))
done
touch /tmp/stop
wait
ok "$N undo/apply cycles, none failed" sh -c '! test -s /tmp/loopfail'
test -s /tmp/loopfail && head -5 /tmp/loopfail | while IFS= read -r l; do diag "$l"; done
ok "the readers never failed" sh -c '! cat /tmp/fail.* 2>/dev/null | grep -q .'
cat /tmp/fail.* 2>/dev/null | head -5 | while IFS= read -r l; do diag "$l"; done
ok "the readers saw both versions" \
	sh -c 'cat /tmp/seen.* | grep -qx o && cat /tmp/seen.* | grep -qx n'
diag "reads: $(cat /tmp/seen.* | wc -l)"
sort -n /tmp/pauses >/tmp/pauses.sorted
n=$(wc -l </tmp/pauses.sorted)
med=$(sed -n "$(( (n + 1) / 2 ))p" /tmp/pauses.sorted)
p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" /tmp/pauses.sorted)
diag "pause_ns over $n switches: median $med, p99 $p99, max $(tail -1 /tmp/pauses.sorted)"
ok "pause_ns recorded for every switch" test "$n" -eq $((2 * N))
ok "undo and rmmod" sh -c "echo reversed >$D/stage && rmmod ksplice_core_version"
