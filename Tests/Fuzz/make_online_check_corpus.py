#!/usr/bin/env python3
"""Writes the seed corpora of the online check's fuzz targets
(Tests/Fuzz/corpus/dns-answer, http-head, http-url): DNS answers as name
servers send them (compressed names, a CNAME before the address, an error,
a cut message), HTTP response heads (the check's answer, a captive portal's
redirect, folded and padded values, bad status lines) and URLs."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def name(text):
    return b"".join(bytes([len(label)]) + label.encode() for label in text.split(".")) + b"\0"


def answer(query_id, qtype, records, rcode=0):
    """A response to `query_id` for online.switchboard.test: (type, data) records named by a pointer."""
    header = struct.pack("!HHHHHH", query_id, 0x8180 | rcode, 1, len(records), 0, 0)
    question = name("online.switchboard.test") + struct.pack("!HH", qtype, 1)
    body = b"".join(b"\xc0\x0c" + struct.pack("!HHIH", kind, 1, 60, len(data)) + data for kind, data in records)
    return header + question + body


DNS = {
    "a.bin": answer(0x1234, 1, [(1, bytes([10, 42, 0, 1]))]),
    "aaaa.bin": answer(0x4321, 28, [(28, bytes.fromhex("fd000000000000000000000000000001"))]),
    "cname-then-a.bin": answer(7, 1, [(5, name("check.lab.test")), (1, bytes([192, 0, 2, 7])), (1, bytes([192, 0, 2, 8]))]),
    "nxdomain.bin": answer(9, 1, [], rcode=3),
    "cut.bin": answer(11, 1, [(1, bytes([10, 0, 0, 1]))])[:-3],
    "pointer-loop.bin": struct.pack("!HHHHHH", 5, 0x8180, 1, 1, 0, 0) + b"\xc0\x0c" + struct.pack("!HH", 1, 1)
    + b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes([10, 0, 0, 2]),
    "query.bin": struct.pack("!HHHHHH", 3, 0x0100, 1, 0, 0, 0) + name("online.switchboard.test") + struct.pack("!HH", 1, 1),
}

HTTP = {
    "online.txt": b"HTTP/1.1 200 OK\r\nX-ConnMan-Status: online\r\nContent-Length: 0\r\n\r\n",
    "no-content.txt": b"HTTP/1.0 204\r\n\r\n",
    "portal.txt": b"HTTP/1.1 302 Found\r\nLocation: http://portal.lab.test/login?next=%2F\r\nCache-Control: no-cache\r\n\r\n",
    "padded.txt": b"HTTP/1.1 200 OK\r\nX-ConnMan-Status:\t online \t\r\nServer:  x\r\n\r\nbody",
    "incomplete.txt": b"HTTP/1.1 200 OK\r\nServer: x\r\n",
    "bad-status.txt": b"HTTP/1.1 20x OK\r\n\r\n",
    "bad-header.txt": b"HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n",
    "obsolete-fold.txt": b"HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n",
}

URLS = {
    "default.txt": b"http://ipv4.connman.net/online/status.html",
    "ipv4-port-query.txt": b"HTTP://10.0.0.1:8080?probe=1#x",
    "ipv6.txt": b"http://[fd00::1]:81/",
    "user-info.txt": b"http://user@host/",
    "bad-port.txt": b"http://host:65536/",
    "digits-name.txt": b"http://300.1.1.1/",
    "bare-host.txt": b"online.switchboard.test:80/x",
}

for folder, seeds in (("dns-answer", DNS), ("http-head", HTTP), ("http-url", URLS)):
    path = os.path.join(HERE, "corpus", folder)
    os.makedirs(path, exist_ok=True)
    for file, data in seeds.items():
        with open(os.path.join(path, file), "wb") as f:
            f.write(data)
