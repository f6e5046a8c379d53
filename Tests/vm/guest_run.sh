#!/bin/sh
# Stage 2 of the guest: PID 1 after switch_root, on the host's files (the
# host's /bin/sh). Prepares the lab (lo, the simulated radios, the crypto
# WPA2/3 need), runs the command vm_run.py wrote to the share with its
# output on the "stdout" and "stderr" virtio-serial ports, writes its exit
# code to the share and powers the guest off.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
share=/run/vm
. "$share/params"

finish() {
	echo "$1" > "$share/exit-code.tmp" && mv "$share/exit-code.tmp" "$share/exit-code"
	sync
	/bin/busybox poweroff -f
	echo o > /proc/sysrq-trigger
}

fail() {
	echo "vm_run guest: $*" >&2
	/bin/busybox poweroff -f
	echo o > /proc/sysrq-trigger
}

# The device of the virtio-serial port named $1.
port() {
	for path in /sys/class/virtio-ports/*; do
		if [ "$(cat "$path/name")" = "$1" ]; then
			echo "/dev/${path##*/}"
			return
		fi
	done
	fail "no virtio-serial port named $1"
}

ip link set lo up || fail "cannot bring lo up"
if [ "$RADIOS" -gt 0 ]; then
	modprobe mac80211_hwsim radios="$RADIOS" || fail "modprobe mac80211_hwsim failed"
	waited=0
	while [ "$(ls -d /sys/class/net/wlan* 2>/dev/null | wc -l)" -lt "$RADIOS" ]; do
		[ "$waited" -lt 1000 ] || fail "the $RADIOS wlan interfaces did not appear"
		sleep 0.01
		waited=$((waited + 1))
	done
fi
# CCMP, GCMP and BIP (cmac) as mac80211 asks for them; loaded now so no test waits for autoload.
modprobe -a ccm ctr gcm cmac || fail "cannot load the crypto modules"

stdout=$(port stdout)
stderr=$(port stderr)
echo "vm_run guest: running the command"
sh "$share/command.sh" < /dev/null > "$stdout" 2> "$stderr"
finish $?
