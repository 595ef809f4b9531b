# SPDX-License-Identifier: GPL-2.0
# The core is built in and registered: /sys/kernel/ksplice exists,
# CONFIG_KSPLICE=y, and the guest has the CPUs stop_machine needs.
. /lib.sh

plan 5
ok "guest sees at least two CPUs ($(cpus_online))" at_least_two_cpus
ok "the running kernel has CONFIG_KSPLICE=y" \
	sh -c 'zcat /proc/config.gz | grep -qx CONFIG_KSPLICE=y'
ok "/sys/kernel/ksplice is a directory" test -d /sys/kernel/ksplice
ok "/sys/kernel/ksplice lists no update at boot" \
	sh -c '[ -z "$(ls /sys/kernel/ksplice)" ]'
ok "the core said it is ready at boot" sh -c 'dmesg | grep -q "ksplice: ready"'
