"""QEMU for the test VM: its command line, and starting and stopping it by PID.

TCG only (this machine's /dev/kvm cannot run Debian's kernel), one vCPU; the
kernel is booted uncompressed through PVH; the host's / is shared read-only
over 9p ("hostroot") and the run's directory writable ("share"); the serial
console and the command's stdout and stderr reach the runner over unix
sockets it listens on (QEMU connects to them at start).
"""
import ctypes
import signal
import subprocess

QEMU = "qemu-system-x86_64"
KERNEL_COMMAND_LINE = "console=ttyS0 panic=-1 rdinit=/init"
PR_SET_PDEATHSIG = 1


def command(vmlinux, initramfs, share, sockets, memory, boot_messages=False):
    """`sockets` maps "console", "stdout" and "stderr" to the paths the runner listens on;
    `boot_messages`: the kernel logs everything to the console, not only warnings."""
    def virtfs(path, tag, *extra):
        return ["-virtfs", ",".join([f"local,path={path},mount_tag={tag},security_model=none,multidevs=remap",
                                     *extra])]
    return [
        QEMU, "-accel", "tcg,thread=multi", "-cpu", "max", "-machine", "q35", "-smp", "1", "-m", str(memory),
        "-nodefaults", "-display", "none", "-no-reboot",
        "-kernel", vmlinux, "-initrd", initramfs,
        "-append", f"{KERNEL_COMMAND_LINE} loglevel={7 if boot_messages else 4}",
        "-chardev", f"socket,id=console,path={sockets['console']}", "-serial", "chardev:console",
        *virtfs("/", "hostroot", "readonly=on"),
        *virtfs(share, "share"),
        "-device", "virtio-serial-pci",
        "-chardev", f"socket,id=stdout,path={sockets['stdout']}",
        "-device", "virtserialport,chardev=stdout,name=stdout",
        "-chardev", f"socket,id=stderr,path={sockets['stderr']}",
        "-device", "virtserialport,chardev=stderr,name=stderr",
        "-device", "virtio-rng-pci",
    ]


def _die_with_parent():
    """In the child before exec: QEMU gets SIGKILL if the runner dies without cleaning up."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def start(arguments):
    return subprocess.Popen(arguments, stdin=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=_die_with_parent)


def stop(process):
    """Ends QEMU by its PID: SIGTERM, then SIGKILL if it lingers; reaps it."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
