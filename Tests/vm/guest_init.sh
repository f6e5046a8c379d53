#!/bin/sh
# Stage 1 of the guest, /init of the initramfs (busybox): loads the modules
# that reach the host's files, mounts the host's / read-only over 9p with a
# tmpfs overlay on top, mounts the kernel filesystems and the run's share
# inside it, and switch_roots into it to run guest_run.sh from the share.
# switch_root (not chroot) is what lets the kernel find /sbin/modprobe,
# /lib/firmware/regulatory.db and modules to autoload (ccm, ctr for WPA2).

fail() {
	echo "vm_run guest: $*" >&2
	poweroff -f
}

mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
while read -r module; do
	insmod "$module" || fail "insmod $module failed"
done < /modules/order

p9="trans=virtio,version=9p2000.L,msize=512000"
mount -t 9p -o "$p9,ro,cache=loose" hostroot /lower || fail "cannot mount the host's / (9p)"
mount -t tmpfs -o mode=0755 overlay-rw /rw || fail "cannot mount the overlay's tmpfs"
mkdir /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot \
	|| fail "cannot mount the overlay"

mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 shm /newroot/dev/shm
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
mount -t tmpfs -o mode=0755 run /newroot/run
mkdir /newroot/run/vm
mount -t 9p -o "$p9,cache=none" share /newroot/run/vm || fail "cannot mount the run's share (9p)"

umount /dev /proc
exec switch_root /newroot /bin/sh /run/vm/guest_run.sh
