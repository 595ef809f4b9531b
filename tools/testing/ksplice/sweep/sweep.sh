# SPDX-License-Identifier: GPL-2.0
# The self-match sweep, guest half (sweep/build makes the modules): each
# ksplice_sweep_DIR.ko has the running kernel run-pre match every
# function of DIR's objects, as make ksplice compiles them, and apply
# nothing.  On a kernel built from the same tree every function must
# match: a miss is a false no_match (or failed_to_find) of the matcher.
# Prints, per directory, the counts and each miss (its offset and bytes
# are in the kernel log, which the harness keeps).
. /lib.sh

mods=$(ls /modules/ksplice_sweep_*.ko 2>/dev/null)
plan $((1 + 2 * $(echo $mods | wc -w)))
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
for m in $mods; do
	n=${m##*/ksplice_}
	n=${n%.ko}
	dmesg -c >/dev/null
	t0=$(cut -d' ' -f1 /proc/uptime)
	ok "$n: insmod runs the sweep" insmod "$m"
	t1=$(cut -d' ' -f1 /proc/uptime)
	dmesg | grep "ksplice: sweep: " >/tmp/$n.log
	grep -v "ksplice: sweep: $n: " /tmp/$n.log | head -40 |
		while IFS= read -r l; do diag "$l"; done
	line=$(grep "ksplice: sweep: $n: " /tmp/$n.log)
	diag "$line (${t0}s to ${t1}s of uptime)"
	# "N functions: M matched, X no_match, Y failed_to_find, Z other"
	set -- $(echo "$line" | sed -n 's/.*: \([0-9]*\) functions: \([0-9]*\) matched, \([0-9]*\) no_match, \([0-9]*\) failed_to_find, \([0-9]*\) other$/\1 \2 \3 \4 \5/p')
	ok "$n: every function matches (${1:-?} functions: ${2:-?} matched, ${3:-?} no_match, ${4:-?} failed_to_find, ${5:-?} other)" \
		test -n "${1:-}" -a "${1:-0}" -gt 0 -a "${1:-0}" = "${2:-x}"
	rmmod "ksplice_$n" 2>/dev/null
done
