"""The guest's first stage: a small initramfs (newc cpio) holding a static
busybox, the modules needed to reach the host's files (virtio, 9p, overlay)
and guest_init.sh as /init, which mounts the host's `/` and switch_roots into it.
Built per run (about 0.1 s) from what is installed: no file of it is kept.
"""
import lzma
import os
import shutil
import stat
import struct
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# Loaded in this order, each after its dependencies (modprobe --show-depends): virtio,
# 9p over virtio for the host's files, overlay for a writable root, virtio-serial, an entropy source.
MODULES = ("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci",
           "9pnet", "9pnet_virtio", "netfs", "fscache", "9p", "overlay", "virtio_console", "virtio-rng")

# The busybox applets guest_init.sh calls.
APPLETS = ("sh", "mount", "umount", "mkdir", "insmod", "switch_root", "poweroff", "cat", "echo")

BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")


class InitramfsError(Exception):
    pass


def module_files(version, names=MODULES):
    """The .ko files to insmod, in order, each once (built-in modules need nothing)."""
    files = []
    for name in names:
        result = subprocess.run(["modprobe", "-S", version, "--show-depends", name], capture_output=True, text=True)
        if result.returncode != 0:
            raise InitramfsError(f"modprobe cannot resolve {name} for {version}: {result.stderr.strip()}")
        for line in result.stdout.splitlines():
            words = line.split()
            if words and words[0] == "insmod" and words[1] not in files:
                files.append(words[1])
    return files


def _module_bytes(path):
    """A module's ELF bytes (busybox insmod takes them uncompressed)."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xz"):
        return lzma.decompress(data)
    if path.endswith(".gz"):
        return zlib.decompress(data, 16 + zlib.MAX_WBITS)
    if path.endswith(".zst"):
        if not shutil.which("zstd"):
            raise InitramfsError(f"{path} is zstd-compressed and the zstd tool is not installed")
        return subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    return data


def _is_static_elf(data):
    """True for an ELF executable without a program interpreter (PT_INTERP)."""
    if data[:4] != b"\x7fELF" or data[4] != 2:  # ELFCLASS64
        return False
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    return all(struct.unpack_from("<I", data, phoff + i * phentsize)[0] != 3 for i in range(phnum))


def busybox():
    for path in BUSYBOX_CANDIDATES:
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            if not _is_static_elf(data):
                raise InitramfsError(f"{path} is not statically linked; install busybox-static (make deps)")
            return data
    raise InitramfsError("busybox not found; install busybox-static (make deps)")


class Cpio:
    """A newc ("070701") archive, as the kernel unpacks an initramfs."""

    def __init__(self):
        self.parts = []
        self.inode = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        fields = (self.inode, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0)
        self.inode += 1
        header = b"070701" + b"".join(b"%08x" % value for value in fields) + name.encode() + b"\0"
        self.parts += [header, b"\0" * (-len(header) % 4), data, b"\0" * (-len(data) % 4)]

    def directory(self, name):
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def char_device(self, name, major, minor):
        self._entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def bytes(self):
        self._entry("TRAILER!!!", 0)
        return b"".join(self.parts)


def build(version, path):
    """Writes the initramfs for kernel `version` to `path`."""
    archive = Cpio()
    for directory in ("bin", "dev", "proc", "modules", "lower", "rw", "newroot"):
        archive.directory(directory)
    # The kernel opens /dev/console for /init before anything is mounted.
    archive.char_device("dev/console", 5, 1)
    archive.file("bin/busybox", busybox(), 0o755)
    for applet in APPLETS:
        archive.symlink(f"bin/{applet}", "busybox")
    order = []
    for index, module in enumerate(module_files(version)):
        name = os.path.basename(module).split(".ko")[0]
        target = f"modules/{index:02d}-{name}.ko"
        archive.file(target, _module_bytes(module))
        order.append("/" + target)
    archive.file("modules/order", ("\n".join(order) + "\n").encode())
    with open(os.path.join(HERE, "guest_init.sh"), "rb") as f:
        archive.file("init", f.read(), 0o755)
    with open(path, "wb") as f:
        f.write(archive.bytes())
