"""The guest kernel: the newest Debian kernel under /boot, booted uncompressed.

QEMU boots an uncompressed vmlinux (an ELF with a PVH entry note) in about
half the time of the bzImage, so the payload of /boot/vmlinuz-<version> is
decompressed once and cached under .build/vm/, keyed by the version and the
bzImage's size and modification time (a reinstalled kernel is re-extracted).
"""
import lzma
import os
import re
import shutil
import struct
import subprocess
import zlib

BOOT = "/boot"

# The bzImage payload's first bytes name its compression.
XZ_MAGIC = b"\xfd7zXZ\x00"
GZIP_MAGIC = b"\x1f\x8b\x08"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
ELF_MAGIC = b"\x7fELF"


class KernelError(Exception):
    pass


def _version_key(version):
    """Orders "6.1.0-9-amd64" before "6.1.0-10-amd64" (numbers compare as numbers)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", version)]


def newest_version(boot=BOOT):
    """The newest <version> with both /boot/vmlinuz-<version> and /lib/modules/<version>."""
    versions = [name[len("vmlinuz-"):] for name in os.listdir(boot) if name.startswith("vmlinuz-")]
    versions = [v for v in versions if os.path.isdir(f"/lib/modules/{v}")]
    if not versions:
        raise KernelError(f"no {boot}/vmlinuz-<version> with modules in /lib/modules; "
                          "install linux-image-amd64 (make deps)")
    return max(versions, key=_version_key)


def _payload(image):
    """The compressed kernel inside a bzImage, located through its setup header
    (boot protocol 2.08+: payload_offset, payload_length), else by the first magic found."""
    if image[0x202:0x206] == b"HdrS" and struct.unpack_from("<H", image, 0x206)[0] >= 0x208:
        setup_sectors = image[0x1F1] or 4
        offset, length = struct.unpack_from("<II", image, 0x248)
        start = (setup_sectors + 1) * 512 + offset
        return image[start:start + length]
    found = [(image.find(magic), magic) for magic in (XZ_MAGIC, ZSTD_MAGIC, GZIP_MAGIC)]
    found = [(at, magic) for at, magic in found if at >= 0]
    if not found:
        raise KernelError("no xz, zstd or gzip payload found in the kernel image")
    return image[min(found)[0]:]


def decompress_kernel(image):
    """vmlinux (ELF) from the bytes of a bzImage."""
    payload = _payload(image)
    if payload.startswith(XZ_MAGIC):
        # The stream is followed by the uncompressed size (le32): stop at the stream's end.
        vmlinux = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    elif payload.startswith(GZIP_MAGIC):
        # Likewise: one gzip member, then the size.
        vmlinux = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(payload)
    elif payload.startswith(ZSTD_MAGIC):
        # Python's standard library has no zstd (before 3.14): use the zstd tool if present.
        if not shutil.which("zstd"):
            raise KernelError("the kernel is zstd-compressed and the zstd tool is not installed")
        vmlinux = subprocess.run(["zstd", "-dc"], input=payload, capture_output=True).stdout
    else:
        raise KernelError(f"unknown kernel compression (payload starts {payload[:6].hex()})")
    if not vmlinux.startswith(ELF_MAGIC):
        raise KernelError("the decompressed kernel is not an ELF file")
    return vmlinux


def vmlinux(cache_dir, version):
    """The path of the cached vmlinux for `version`, extracting it when missing or stale."""
    source = f"{BOOT}/vmlinuz-{version}"
    stat = os.stat(source)
    target = os.path.join(cache_dir, f"vmlinux-{version}")
    stamp = f"{stat.st_size} {stat.st_mtime_ns}\n"
    stamp_path = target + ".source"
    try:
        with open(stamp_path) as f:
            if f.read() == stamp and os.path.exists(target):
                return target
    except FileNotFoundError:
        pass
    os.makedirs(cache_dir, exist_ok=True)
    with open(source, "rb") as f:
        data = decompress_kernel(f.read())
    # Another run may extract at the same time: each writes its own file and renames.
    for path, content in ((target, data), (stamp_path, stamp.encode())):
        partial = f"{path}.{os.getpid()}"
        with open(partial, "wb") as f:
            f.write(content)
        os.replace(partial, path)
    return target
