#!/usr/bin/env python3
"""Writes the DHCP fuzz seed corpus (Tests/Fuzz/corpus/dhcp/): a few valid
and invalid DHCP payloads and IPv4/UDP frames, laid out by hand from
RFC 2131/2132 and RFC 791/768, and an ARP reply (RFC 826).  Rerun after changing it; commit the output."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "dhcp")
MAC = bytes.fromhex("020000000001")
XID = 0x12345678


def ip(text):
    return bytes(int(part) for part in text.split("."))


def opt(code, data):
    return bytes([code, len(data)]) + data


def bootp(op, msg_type, options=b"", yiaddr="0.0.0.0", sname=b"", file=b"", ciaddr="0.0.0.0"):
    header = struct.pack("!BBBBIHH", op, 1, 6, 0, XID, 0, 0)
    header += ip(ciaddr) + ip(yiaddr) + ip("0.0.0.0") + ip("0.0.0.0")
    header += MAC.ljust(16, b"\0") + sname.ljust(64, b"\0") + file.ljust(128, b"\0")
    body = header + bytes([99, 130, 83, 99])
    if msg_type is not None:
        body += opt(53, bytes([msg_type]))
    return (body + options + b"\xff").ljust(300, b"\0")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def frame(payload, src="192.0.2.1", dst="255.255.255.255", partial=False):
    udp_len = 8 + len(payload)
    pseudo = ip(src) + ip(dst) + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", 67, 68, udp_len, 0) + payload
    if partial:  # what a veth peer with checksum offload leaves: the pseudo-header sum only
        udp_sum = ~checksum(pseudo) & 0xFFFF
    else:
        udp_sum = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", udp_sum) + udp[8:]
    header = struct.pack("!BBHHHBBH", 0x45, 0, 20 + udp_len, 0, 0, 64, 17, 0) + ip(src) + ip(dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + udp


SERVER = opt(54, ip("192.0.2.1"))
LEASE = opt(51, struct.pack("!I", 600)) + opt(1, ip("255.255.255.0")) + opt(3, ip("192.0.2.1"))
PARAMS = opt(6, ip("192.0.2.53")) + opt(15, b"example.test") + opt(121, bytes([24, 198, 51, 100]) + ip("192.0.2.1"))

seeds = {
    "discover.bin": bootp(1, 1, opt(61, b"\x01" + MAC) + opt(55, bytes([1, 3, 6, 15])) + opt(57, b"\x05\xdc")),
    "offer.bin": bootp(2, 2, SERVER + LEASE, yiaddr="192.0.2.100"),
    "offer-frame.bin": frame(bootp(2, 2, SERVER + LEASE, yiaddr="192.0.2.100")),
    "ack-frame-veth-partial-checksum.bin": frame(bootp(2, 5, SERVER + LEASE + PARAMS, yiaddr="192.0.2.100"),
                                                 partial=True),
    "ack-t1-t2.bin": bootp(2, 5, SERVER + LEASE + opt(58, struct.pack("!I", 100)) + opt(59, struct.pack("!I", 200)),
                           yiaddr="192.0.2.100"),
    "ack-overload.bin": bootp(2, 5, opt(52, b"\x03") + LEASE, yiaddr="192.0.2.100",
                              file=SERVER + b"\xff", sname=opt(6, ip("192.0.2.53"))),
    "ack-split-dns.bin": bootp(2, 5, SERVER + LEASE + opt(6, ip("10.0.0.1")[:2]) + opt(6, ip("10.0.0.1")[2:]),
                               yiaddr="192.0.2.100"),
    "nak.bin": bootp(2, 6, SERVER + opt(56, b"wrong network")),
    "truncated.bin": bootp(2, 2, SERVER + LEASE)[:200],
    "bad-cookie.bin": bootp(2, 2, SERVER)[:236] + b"\x63\x82\x53\x64\x35\x01\x02\xff",
    "no-message-type.bin": bootp(2, None, SERVER),
    "option-past-end.bin": bootp(2, 2)[:243] + b"\x06\xff\x01",
    "frame-bad-header-checksum.bin": b"\x45\x00\x00\x1c\x00\x00\x00\x00\x40\x11\x00\x00" + b"\0" * 16,
    # The conflict probe's input: an ARP reply (RFC 826) from another host claiming the leased address.
    "arp-reply.bin": bytes([0, 1, 8, 0, 6, 4, 0, 2]) + bytes.fromhex("020000000009") + ip("192.0.2.100")
    + MAC + ip("192.0.2.1"),
}

os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print("wrote %d seeds to %s" % (len(seeds), OUT))
