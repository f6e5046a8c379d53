#!/usr/bin/env python3
"""Writes the seed corpus of the nl80211 fuzz target (Tests/Fuzz/corpus/nl80211):
whole netlink datagrams as the kernel sends them (a split wiphy dump part, a
station interface, a scan result with an RSN network) and the bare contents
of a BSS attribute.  Numbers are <linux/nl80211.h>'s."""
import os
import struct

CMD_NEW_WIPHY, CMD_NEW_INTERFACE, CMD_NEW_SCAN_RESULTS = 3, 7, 34
ATTR_WIPHY, ATTR_WIPHY_NAME, ATTR_IFINDEX, ATTR_IFNAME, ATTR_IFTYPE, ATTR_MAC = 1, 2, 3, 4, 5, 6
ATTR_WIPHY_BANDS, ATTR_BSS = 22, 47
BAND_ATTR_FREQS, FREQ_ATTR_FREQ = 1, 1
BSS_BSSID, BSS_FREQUENCY, BSS_CAPABILITY, BSS_IES, BSS_SIGNAL_MBM = 1, 2, 5, 6, 7


def attr(kind, payload):
    data = struct.pack("<HH", 4 + len(payload), kind) + payload
    return data + b"\0" * (-len(data) % 4)


def nested(kind, *children):
    return attr(kind | 0x8000, b"".join(children))


def message(command, *attributes, family=0x1C, seq=0):
    body = bytes([command, 1, 0, 0]) + b"".join(attributes)
    return struct.pack("<IHHII", 16 + len(body), family, 0, seq, 0) + body


def u32(value):
    return struct.pack("<I", value)


RSN = bytes([48, 20, 1, 0, 0, 0x0F, 0xAC, 4, 1, 0, 0, 0x0F, 0xAC, 4, 1, 0, 0, 0x0F, 0xAC, 2, 0, 0])
BSS = b"".join([attr(BSS_BSSID, bytes([2, 0, 0, 0, 1, 0])), attr(BSS_FREQUENCY, u32(2412)),
                attr(BSS_CAPABILITY, struct.pack("<H", 0x0411)), attr(BSS_SIGNAL_MBM, struct.pack("<i", -4500)),
                attr(BSS_IES, bytes([0, 7]) + b"sb-wpa2" + RSN)])

SEEDS = {
    "wiphy": message(CMD_NEW_WIPHY, attr(ATTR_WIPHY, u32(0)), attr(ATTR_WIPHY_NAME, b"phy0\0"),
                     nested(ATTR_WIPHY_BANDS, nested(0, nested(BAND_ATTR_FREQS,
                            nested(0, attr(FREQ_ATTR_FREQ, u32(2412))), nested(1, attr(FREQ_ATTR_FREQ, u32(2437))))))),
    "interface": message(CMD_NEW_INTERFACE, attr(ATTR_WIPHY, u32(0)), attr(ATTR_IFINDEX, u32(3)),
                         attr(ATTR_IFNAME, b"wlan0\0"), attr(ATTR_IFTYPE, u32(2)), attr(ATTR_MAC, bytes([2, 0, 0, 0, 0, 0]))),
    "scan-result": message(CMD_NEW_SCAN_RESULTS, attr(ATTR_IFINDEX, u32(3)), attr(ATTR_BSS, BSS), seq=9),
    "bss-contents": BSS,
}

if __name__ == "__main__":
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "nl80211")
    os.makedirs(folder, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    with open(os.path.join(folder, "two-messages"), "wb") as f:
        f.write(SEEDS["interface"] + SEEDS["scan-result"])
